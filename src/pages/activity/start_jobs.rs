//! "Start a build or a run": a row per workspace (its name the row header) with `Start build`
//! and `Start run`, each an [`Action`] of its own (disabled while its request runs).
use crate::components::live::live;
use leptos::prelude::*;

use super::cells::Failure;
use super::cells::{dispatch_once, id_token, job_action};
use crate::api::{jobs, ApiClient};
use crate::components::data_table::{Column, DataTable};
use crate::components::error_alert::ErrorAlert;
use crate::components::loading::Loading;
use crate::components::on::OnAttribute;
use crate::domain::workspace::Workspace;
use crate::state::activity::Activity;

const JOB_COLUMNS: &[Column] = &[Column::shown("Workspace"), Column::shown("Actions")];

/// The section's content: loading, an error with Retry, a sentence, or the table.
pub(super) fn start_jobs(failure: Failure) -> impl IntoView {
    let activity = Activity::use_activity();
    live(move || match activity.workspaces.get() {
        None => view! { <Loading label="Loading workspaces…"/> }.into_any(),
        Some(Err(e)) => view! {
            <ErrorAlert
                title="Could not load your workspaces"
                error=e
                on_retry=Callback::new(move |_| activity.reload_workspaces())
            />
        }
        .into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="empty">"You are not a member of any workspace yet."</p> }.into_any()
        }
        Some(Ok(list)) => view! {
            <DataTable
                testid="workspace-jobs-table"
                caption="Start a build or a run in a workspace"
                columns=JOB_COLUMNS
                class="workspace-jobs"
                wrap_class="workspace-jobs-wrap"
            >
                {list.into_iter().map(|w| workspace_row(w, failure)).collect_view()}
            </DataTable>
        }
        .into_any(),
    })
}

fn workspace_row(w: Workspace, failure: Failure) -> impl IntoView {
    let api = ApiClient::use_client();
    let head_id = format!("ws-jobs-{}", id_token(&w.id));
    let name = w.display_name();
    let activity = Activity::use_activity();
    let id = w.id.clone();
    let build = job_action(
        failure,
        "Queueing build…",
        format!("Could not start a build of {name}"),
        Box::new(move || {
            let id = id.clone();
            Box::pin(async move {
                match jobs::start_build(api, &id).await? {
                    Some(build) => activity.apply_build_reply(build),
                    // Accepted without naming the build: the next poll shows it.
                    None => activity.refresh_builds(),
                }
                Ok(())
            })
        }),
    );
    let id = w.id.clone();
    let run = job_action(
        failure,
        "Starting run…",
        format!("Could not start a run of {name}"),
        Box::new(move || {
            let id = id.clone();
            Box::pin(async move {
                // Accepted without naming the run: the run stream brings it.
                if let Some(run) = jobs::start_run(api, &id).await? {
                    activity.apply_run(run, false);
                }
                Ok(())
            })
        }),
    );
    let (building, starting) = (build.pending(), run.pending());
    view! {
        <tr data-workspace-id=w.id>
            <th scope="row" id=head_id.clone()>{name}</th>
            <td class="actions">
                <button
                    type="button"
                    class="btn btn-small"
                    aria-describedby=head_id.clone()
                    disabled=building
                    on:click=move |_| dispatch_once(build, building)
                >
                    "Start build"
                </button>
                <button
                    type="button"
                    class="btn btn-small"
                    aria-describedby=head_id
                    disabled=starting
                    on:click=move |_| dispatch_once(run, starting)
                >
                    "Start run"
                </button>
            </td>
        </tr>
    }
}
