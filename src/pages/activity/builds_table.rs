//! The builds table (`data-testid="builds-table"`), newest first. Rows are keyed by what they
//! show, so a row is drawn again only when its build changes.
use leptos::prelude::*;

use super::cells::{badge, build_badge, empty_row, error_cell, sort_newest_first, time_cell};
use crate::components::data_table::{Column, DataTable};
use crate::components::keyed::Keyed;
use crate::components::loaded::Loaded;
use crate::domain::jobs::{workspace_display, BuildJob};
use crate::state::activity::Activity;
use crate::state::{Derived, Slot};

/// What changes a row: rows are re-rendered only when it does. (Plain joins, no `{:?}`: no
/// Debug formatting in the bundle.)
fn build_signature(b: &BuildJob, name: &str) -> String {
    let opt = |v: &Option<String>| v.as_deref().unwrap_or("-").to_string();
    [
        b.id.clone(),
        b.status.as_str().to_string(),
        name.to_string(),
        opt(&b.created_at),
        opt(&b.started_at),
        opt(&b.finished_at),
        opt(&b.error),
    ]
    .join("|")
}

const BUILD_COLUMNS: &[Column] = &[
    Column::shown("Build"),
    Column::shown("Workspace"),
    Column::shown("Status"),
    Column::shown("Created"),
    Column::shown("Started"),
    Column::shown("Finished"),
    Column::shown("Error"),
];

/// The section's content: loading, an error with Retry, or the table (with a warning when a
/// refresh failed and the last known list is shown).
pub(super) fn builds_table(clock: Slot<i64>) -> impl IntoView {
    let activity = Activity::use_activity();
    view! {
        <Loaded
            state=activity.builds.loadable_fn()
            loading="Loading builds…"
            error_title="Could not load the builds"
            on_retry=Callback::new(move |_| activity.refresh_builds())
            stale_notice="Could not refresh the builds; showing the last known list."
            let:builds
        >
            {table(builds, clock)}
        </Loaded>
    }
}

/// The table of the builds, newest first.
fn table(builds: Derived<Vec<BuildJob>>, clock: Slot<i64>) -> impl IntoView {
    let activity = Activity::use_activity();
    let rows = crate::state::memo(move |_| {
        activity.names.with(|names| {
            builds.with(|l| {
                let mut v: Vec<(String, BuildJob, String)> = l
                    .iter()
                    .map(|b| {
                        let name = workspace_display(&b.project_id, names);
                        (build_signature(b, &name), b.clone(), name)
                    })
                    .collect();
                sort_newest_first(&mut v, |r| (r.1.created_at.as_deref(), r.1.id.as_str()));
                v
            })
        })
    });
    view! {
        <DataTable testid="builds-table" caption="Builds, newest first" columns=BUILD_COLUMNS>
            {empty_row(7, "No builds yet. Start one above.", move || rows.with(Vec::is_empty))}
            <Keyed
                each=move || rows.get()
                key=|row| row.0.clone()
                children=move |(_, b, name)| build_row(b, name, clock)
            />
        </DataTable>
    }
}

fn build_row(b: BuildJob, name: String, clock: Slot<i64>) -> impl IntoView {
    view! {
        <tr data-build-id=b.id.clone() data-status=b.status.as_str()>
            <th scope="row">{format!("Build {}", b.id)}</th>
            <td>{name}</td>
            <td>{badge(build_badge(b.status), b.status.label())}</td>
            <td>{time_cell(b.created_at, clock)}</td>
            <td>{time_cell(b.started_at, clock)}</td>
            <td>{time_cell(b.finished_at, clock)}</td>
            <td>{error_cell(b.error)}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::jobs::BuildStatus;

    #[test]
    fn signatures_change_with_what_a_row_shows() {
        let mut b = BuildJob {
            id: "1".into(),
            status: BuildStatus::Pending,
            ..Default::default()
        };
        let s1 = build_signature(&b, "Demo");
        b.status = BuildStatus::Running;
        assert_ne!(s1, build_signature(&b, "Demo"));
        assert_ne!(build_signature(&b, "Demo"), build_signature(&b, "1"));
    }
}
