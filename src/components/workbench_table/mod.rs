//! The workbench table of a workspace page (ui.md, "workbench table"): the table here, one row
//! per session in [`row`], a row's actions with the inline delete confirmation in
//! [`row_actions`], what every row shares with the table in [`context`].
mod context;
mod row;
mod row_actions;

use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{ApiClient, ApiError, Extension};
use crate::components::data_table::{Column, DataTable};
use crate::components::error_alert::ErrorAlert;
use crate::components::keyed::Keyed;
use crate::domain::keyed::KeyIndex;
use crate::domain::permissions::{Perm, Target};
use crate::domain::workbench::Workbench;
use crate::state::auth::Auth;
use crate::state::timer;
use crate::state::Slot;

use context::TableContext;
use row::workbench_row;

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
        confirming: Slot::new(None),
        failure: Slot::new(None),
        on_changed,
        deleted: Slot::new(Vec::new()),
    };

    let ids = move || {
        ctx.deleted.with(|gone| {
            workbenches.with(|l| {
                l.iter()
                    .filter(|w| !gone.contains(&w.id))
                    .map(|w| w.id.clone())
                    .collect::<Vec<_>>()
            })
        })
    };
    // Built once per list (per poll reply): each row finds its session in O(1), not by a
    // search of the whole list (n rows × n sessions on every poll).
    let index = crate::state::memo(move |_| {
        workbenches.with(|l| KeyIndex::of(l.iter().map(|w| w.id.as_str())))
    });

    view! {
        {live(move || {
            ctx.failure
                .get()
                .map(|(title, error)| {
                    view! { <ErrorAlert title=title error=error/> }
                })
        })}
        <DataTable
            testid="workbench-table"
            caption="Sessions of this workspace"
            columns=SESSION_COLUMNS
            class="workbench-table"
        >
            <Keyed each=ids key=|id| id.clone() let:id>
                {
                    let row_id = id.clone();
                    let wb = crate::state::memo(move |_| {
                        index.with(|ix| {
                            workbenches.with(|l| ix.find(l, &row_id, |w| &w.id).cloned())
                        })
                    });
                    workbench_row(id, wb, ctx)
                }
            </Keyed>
        </DataTable>
        {live(move || {
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
        })}
    }
}
