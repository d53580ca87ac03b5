//! The runs table (`data-testid="runs-table"`), newest first, live from the run stream. Each
//! row stays mounted while its run changes (keyed by id) and owns its `Stop` request, an
//! [`Action`] whose `pending` disables the button.
use crate::components::live::live;
use leptos::prelude::*;

use super::cells::Failure;
use super::cells::{
    badge, dispatch_once, empty_row, error_cell, id_token, job_action, run_badge,
    sort_newest_first, time_cell,
};
use crate::api::{jobs, ApiClient};
use crate::components::data_table::{Column, DataTable};
use crate::components::keyed::Keyed;
use crate::components::loading::Loading;
use crate::components::on::OnAttribute;
use crate::domain::jobs::{workspace_display, RunJob};
use crate::state::activity::Activity;
use crate::state::{Derived, Slot};

/// The runs, newest first, each with its workspace's name (`None` before the stream's `init`).
type Rows = Derived<Option<Vec<(RunJob, String)>>>;

const RUN_COLUMNS: &[Column] = &[
    Column::shown("Run"),
    Column::shown("Workspace"),
    Column::shown("Build"),
    Column::shown("Status"),
    Column::shown("Created"),
    Column::shown("Started"),
    Column::shown("Finished"),
    Column::shown("Error"),
    Column::shown("Actions"),
];

/// The section's content: loading (or why the stream is down), or the table.
pub(super) fn runs_table(clock: Slot<i64>, failure: Failure) -> impl IntoView {
    let activity = Activity::use_activity();
    let rows: Rows = crate::state::memo(move |_| {
        activity.names.with(|names| {
            activity
                .runs
                .with(|l| {
                    let mut v: Vec<(RunJob, String)> = l
                        .value()?
                        .iter()
                        .map(|r| (r.clone(), workspace_display(&r.project_id, names)))
                        .collect();
                    sort_newest_first(&mut v, |(r, _)| (r.created_at.as_deref(), r.id.as_str()));
                    Some(v)
                })
                .flatten()
        })
    });
    let problem = crate::state::memo(move |_| {
        let now = activity.clock.get();
        activity.stream.with(|s| s.problem(now))
    });
    let problem_view = move || {
        problem
            .get()
            .map(|p| view! { <p class="alert alert-warn">{p}</p> })
    };

    live(move || {
        if rows.with(Option::is_none) {
            return match problem.get() {
                Some(p) => view! { <p class="alert alert-warn">{p}</p> }.into_any(),
                None => view! { <Loading label="Loading runs…"/> }.into_any(),
            };
        }
        view! {
            {problem_view}
            <DataTable testid="runs-table" caption="Runs, newest first" columns=RUN_COLUMNS>
                        {empty_row(9, "No runs yet. Start one above.", move || {
                            rows.with(|r| r.as_ref().is_some_and(Vec::is_empty))
                        })}
                        <Keyed
                            each=move || {
                                rows.with(|r| {
                                    r.iter().flatten().map(|(r, _)| r.id.clone()).collect::<Vec<_>>()
                                })
                            }
                            key=|id| id.clone()
                            children=move |id| run_row(id, rows, clock, failure)
                        />
            </DataTable>
        }
        .into_any()
    })
}

fn run_row(id: String, rows: Rows, clock: Slot<i64>, failure: Failure) -> impl IntoView {
    let api = ApiClient::use_client();
    let activity = Activity::use_activity();
    let key = id.clone();
    let run = crate::state::memo(move |_| {
        rows.with(|r| r.iter().flatten().find(|(r, _)| r.id == key).cloned())
    });
    let run_id = id.clone();
    let stop = job_action(
        failure,
        "Stopping run…",
        format!("Could not stop run {id}"),
        Box::new(move || {
            let id = run_id.clone();
            Box::pin(async move {
                if let Some(run) = jobs::stop_run(api, &id).await? {
                    activity.apply_run(run, false);
                }
                Ok(())
            })
        }),
    );
    let stopping = stop.pending();
    let head_id = format!("run-row-{}", id_token(&id));
    let status = move || run.with(|r| r.as_ref().map_or("", |(r, _)| r.status.as_str()));
    let cells = live(move || {
        run.get().map(|(r, name)| {
            let stop_button = r.status.is_stoppable().then(|| {
                view! {
                    <button
                        type="button"
                        class="btn btn-small btn-danger"
                        aria-describedby=head_id.clone()
                        disabled=stopping
                        on:click=move |_| dispatch_once(stop, stopping)
                    >
                        "Stop"
                    </button>
                }
            });
            view! {
                <th scope="row" id=head_id.clone()>{format!("Run {}", r.id)}</th>
                <td>{name}</td>
                <td class="nowrap">
                    {r.build_id.map(|b| format!("Build {b}")).unwrap_or_else(|| "—".into())}
                </td>
                <td>{badge(run_badge(r.status), r.status.label())}</td>
                <td>{time_cell(r.created_at, clock)}</td>
                <td>{time_cell(r.started_at, clock)}</td>
                <td>{time_cell(r.finished_at, clock)}</td>
                <td>{error_cell(r.error)}</td>
                <td class="actions">{stop_button}</td>
            }
        })
    });
    view! {
        <tr data-run-id=id data-status=status>
            {cells}
        </tr>
    }
}
