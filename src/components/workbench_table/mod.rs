//! The workbench table of a workspace page (ui.md, "workbench table"): the table here, one row
//! per session in [`row`], a row's actions with the inline delete confirmation in
//! [`row_actions`].
mod row;
mod row_actions;

use leptos::prelude::*;

use crate::api::{ApiClient, ApiError, Extension};
use crate::components::data_table::{Column, DataTable};
use crate::components::error_alert::ErrorAlert;
use crate::domain::permissions::{Perm, Target};
use crate::domain::workbench::{K8sWorkbenchStatus, Workbench};
use crate::state::auth::Auth;
use crate::state::timer;

use row::workbench_row;

/// The badge class and the CSS icon token of a `k8sStatus` (colour is never the only cue: the
/// words are the cell's text and an icon comes with them).
fn status_badge(status: K8sWorkbenchStatus) -> (&'static str, &'static str) {
    match status {
        K8sWorkbenchStatus::Running => ("badge badge-ok", "running"),
        K8sWorkbenchStatus::Progressing => ("badge badge-info", "starting"),
        K8sWorkbenchStatus::Failed => ("badge badge-danger", "failed"),
        K8sWorkbenchStatus::Unknown => ("badge badge-neutral", "unknown"),
    }
}

const SESSION_COLUMNS: &[Column] = &[
    Column::shown("Name"),
    Column::shown("Status"),
    Column::shown("Pod message"),
    Column::shown("Created"),
    Column::shown("Actions"),
];

/// A session that will not change by itself: ready, failed, stopped or completed.
pub(crate) fn is_settled(wb: &Workbench) -> bool {
    wb.is_ready() || (wb.is_terminal() && !wb.is_object_stale())
}

/// What every row shares with the table.
#[derive(Clone, Copy)]
struct TableContext {
    /// The workspace, for the session links.
    workspace_id: Signal<String>,
    /// Now, for relative times (ticks every 30 s).
    clock: RwSignal<i64>,
    /// The user may stop and start sessions, and the backend can.
    /// The signed-in user's permissions (checked per row: on CHORUS they are per session).
    auth: Auth,
    /// Whether the backend has Stop and Start at all.
    stop_start: Memo<bool>,
    /// The row whose delete is being confirmed (one at a time).
    confirming: RwSignal<Option<String>>,
    /// The last failed action, shown above the table.
    failure: RwSignal<Option<(String, ApiError)>>,
    /// After a stop, start or delete succeeded.
    on_changed: Option<Callback<()>>,
}

/// `<table data-testid="workbench-table">`: one row per session (`data-workbench-id`), with its
/// name (a link to the session page), `k8sStatus` in words with a badge (`data-testid=
/// "k8s-status"`), pod message, creation time, and the actions Open, Stop/Start and Delete (with
/// a confirmation step). Stop/Start and Delete show only to users who may (the server decides).
#[component]
pub(crate) fn WorkbenchTable(
    /// The sessions, in order.
    #[prop(into)]
    workbenches: Signal<Vec<Workbench>>,
    /// The workspace, for the session links.
    #[prop(into)]
    workspace_id: Signal<String>,
    /// Called after a stop, start or delete succeeded (the page re-fetches the list).
    #[prop(optional, into)]
    on_changed: Option<Callback<()>>,
) -> impl IntoView {
    let auth = Auth::use_auth();
    let api = ApiClient::use_client();
    // Relative times stay current.
    let clock = timer::ticking_now(std::time::Duration::from_secs(30));
    let ctx = TableContext {
        workspace_id,
        clock,
        auth,
        stop_start: crate::state::memo(move |_| api.supports(Extension::SessionStopStart)),
        confirming: RwSignal::new(None),
        failure: RwSignal::new(None),
        on_changed,
    };

    let ids = move || workbenches.with(|l| l.iter().map(|w| w.id.clone()).collect::<Vec<_>>());

    view! {
        {move || {
            ctx.failure
                .get()
                .map(|(title, error)| {
                    view! { <ErrorAlert title=title error=error/> }
                })
        }}
        <DataTable
            testid="workbench-table"
            caption="Sessions of this workspace"
            columns=SESSION_COLUMNS
            class="workbench-table"
        >
            <For each=ids key=|id| id.clone() let:id>
                {
                    let row_id = id.clone();
                    let wb = crate::state::memo(move |_| {
                        workbenches.with(|l| l.iter().find(|w| w.id == row_id).cloned())
                    });
                    workbench_row(id, wb, ctx)
                }
            </For>
        </DataTable>
        {move || {
            (!api.supports(Extension::SessionStopStart)
                && workbenches.with(|l| {
                    l.iter().any(|w| {
                        auth.can_in(
                            Perm::UpdateWorkbench,
                            &Target::workbench(&w.workspace_id, &w.id),
                        )
                    })
                }))
                .then(|| {
                    view! {
                        <p class="note" data-testid="not-supported">
                            {ApiError::Unsupported(Extension::SessionStopStart).message()}
                            " Delete a session and start a new one instead."
                        </p>
                    }
                })
        }}
    }
}
