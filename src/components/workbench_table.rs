//! The workbench table of a workspace page (ui.md, "workbench table").
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{workbenches, ApiClient, ApiError, Extension};
use crate::components::error_alert::ErrorAlert;
use crate::domain::time::{format_utc, relative_time};
use crate::domain::workbench::{K8sWorkbenchStatus, Workbench};
use crate::state::activity::Activity;
use crate::state::auth::Auth;
use crate::state::now_ms;

/// The badge class and the CSS icon token of a `k8sStatus` (colour is never the only cue: the
/// words are the cell's text and an icon comes with them).
pub fn status_badge(status: K8sWorkbenchStatus) -> (&'static str, &'static str) {
    match status {
        K8sWorkbenchStatus::Running => ("badge badge-ok", "running"),
        K8sWorkbenchStatus::Progressing => ("badge badge-info", "starting"),
        K8sWorkbenchStatus::Failed => ("badge badge-danger", "failed"),
        K8sWorkbenchStatus::Unknown => ("badge badge-neutral", "unknown"),
    }
}

/// A session that will not change by itself: ready, failed, stopped or completed.
pub fn is_settled(wb: &Workbench) -> bool {
    wb.is_ready() || (wb.is_terminal() && !wb.is_object_stale())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RowAction {
    Stop,
    Start,
    Delete,
}

impl RowAction {
    fn label(self) -> &'static str {
        match self {
            Self::Stop => "Stopping session…",
            Self::Start => "Starting session…",
            Self::Delete => "Deleting session…",
        }
    }

    fn failure(self, name: &str) -> String {
        match self {
            Self::Stop => format!("Could not stop {name}"),
            Self::Start => format!("Could not start {name}"),
            Self::Delete => format!("Could not delete {name}"),
        }
    }
}

/// `<table data-testid="workbench-table">`: one row per session (`data-workbench-id`), with its
/// name (a link to the session page), `k8sStatus` in words with a badge (`data-testid=
/// "k8s-status"`), pod message, creation time, and the actions Open, Stop/Start and Delete (with
/// a confirmation step). Stop/Start and Delete show only to users who may (the server decides).
#[component]
pub fn WorkbenchTable(
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
    let may_update = Memo::new(move |_| {
        auth.can("updateWorkbench") && api.supports(Extension::SessionStopStart)
    });
    let may_delete = Memo::new(move |_| auth.can("deleteWorkbench"));
    let busy = RwSignal::new(Vec::<String>::new());
    let confirming = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<(String, ApiError)>);
    let activity = Activity::use_activity();
    // Relative times stay current.
    let clock = RwSignal::new(now_ms() as i64);
    if let Ok(handle) = set_interval_with_handle(
        move || {
            clock.try_set(now_ms() as i64);
        },
        std::time::Duration::from_secs(30),
    ) {
        on_cleanup(move || handle.clear());
    }

    let run = move |action: RowAction, id: String, name: String| {
        busy.update(|b| b.push(id.clone()));
        failure.set(None);
        spawn_local(async move {
            let reply: Result<(), ApiError> = activity
                .track(action.label(), async {
                    match action {
                        RowAction::Stop => workbenches::stop(api, &id).await.map(drop),
                        RowAction::Start => workbenches::start(api, &id).await.map(drop),
                        RowAction::Delete => workbenches::delete(api, &id).await,
                    }
                })
                .await;
            busy.try_update(|b| b.retain(|x| *x != id));
            match reply {
                Ok(()) => {
                    if let Some(cb) = on_changed {
                        cb.try_run(());
                    }
                }
                // The buttons go (the backend lacks the calls); the note below says why.
                Err(ApiError::Unsupported(_)) => {}
                Err(e) => {
                    failure.try_set(Some((action.failure(&name), e)));
                }
            }
        });
    };

    let ids = move || workbenches.with(|l| l.iter().map(|w| w.id.clone()).collect::<Vec<_>>());

    view! {
        {move || {
            failure
                .get()
                .map(|(title, error)| {
                    view! { <ErrorAlert title=title error=error/> }
                })
        }}
        <div class="table-wrap">
            <table data-testid="workbench-table" class="workbench-table">
                <caption class="visually-hidden">"Sessions of this workspace"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Pod message"</th>
                        <th scope="col">"Created"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=ids key=|id| id.clone() let:id>
                        {
                            let row_id = id.clone();
                            let wb = Memo::new(move |_| {
                                workbenches.with(|l| l.iter().find(|w| w.id == row_id).cloned())
                            });
                            let id = StoredValue::new(id);
                            let name = move || {
                                wb.with(|w| w.as_ref().map(Workbench::display_name).unwrap_or_default())
                            };
                            let is_busy = move || busy.with(|b| b.contains(&id.get_value()));
                            let is_confirming = Memo::new(move |_| {
                                confirming.with(|c| c.as_deref() == Some(id.get_value().as_str()))
                            });
                            // Focus follows the confirmation step: to Confirm, and back to Delete.
                            let confirm_ref = NodeRef::<leptos::html::Button>::new();
                            let delete_ref = NodeRef::<leptos::html::Button>::new();
                            let refocus_delete = StoredValue::new(false);
                            Effect::new(move |_| {
                                if let Some(b) = confirm_ref.get() {
                                    let _ = b.focus();
                                }
                            });
                            Effect::new(move |_| {
                                if let Some(b) = delete_ref.get() {
                                    if refocus_delete.get_value() {
                                        refocus_delete.set_value(false);
                                        let _ = b.focus();
                                    }
                                }
                            });
                            let href = move || {
                                crate::pages::session_href(&workspace_id.get(), &id.get_value())
                            };
                            let status = move || {
                                wb.with(|w| w.as_ref().map(|w| w.k8s_status).unwrap_or_default())
                            };
                            let can_stop = move || {
                                wb.with(|w| w.as_ref().is_some_and(Workbench::can_stop))
                            };
                            let can_start = move || {
                                wb.with(|w| w.as_ref().is_some_and(Workbench::can_restart))
                            };
                            let created = move || {
                                wb.with(|w| {
                                    w.as_ref().and_then(|w| {
                                        let ms = w.created_at_ms()?;
                                        Some((
                                            w.created_at.clone().unwrap_or_default(),
                                            format_utc(ms),
                                            relative_time(ms, clock.get()),
                                        ))
                                    })
                                })
                            };
                            view! {
                                <tr data-workbench-id=id.get_value()>
                                    <td class="name">
                                        <a href=href>{name}</a>
                                    </td>
                                    <td data-testid="k8s-status">
                                        <span
                                            class=move || status_badge(status()).0
                                            data-status=move || status_badge(status()).1
                                        >
                                            {move || status().label()}
                                        </span>
                                    </td>
                                    <td class="pod-message">
                                        {move || {
                                            wb.with(|w| {
                                                w.as_ref()
                                                    .and_then(|w| w.server_pod_message.clone())
                                                    .unwrap_or_default()
                                            })
                                        }}
                                    </td>
                                    <td class="created">
                                        {move || {
                                            match created() {
                                                Some((raw, exact, rel)) => {
                                                    view! {
                                                        <time datetime=raw title=exact>
                                                            {rel}
                                                        </time>
                                                    }
                                                        .into_any()
                                                }
                                                None => view! { <span class="muted">"—"</span> }.into_any(),
                                            }
                                        }}
                                    </td>
                                    <td class="actions">
                                        {move || {
                                            if is_confirming.get() {
                                                view! {
                                                    <span class="confirm-delete" role="group" aria-label="Confirm delete">
                                                        <span class="confirm-text">
                                                            {format!("Delete {}?", name())}
                                                        </span>
                                                        <button
                                                            type="button"
                                                            class="btn btn-small btn-danger"
                                                            disabled=is_busy
                                                            node_ref=confirm_ref
                                                            on:click=move |_| {
                                                                confirming.set(None);
                                                                run(RowAction::Delete, id.get_value(), name());
                                                            }
                                                        >
                                                            "Confirm"
                                                        </button>
                                                        <button
                                                            type="button"
                                                            class="btn btn-small"
                                                            on:click=move |_| {
                                                                refocus_delete.set_value(true);
                                                                confirming.set(None);
                                                            }
                                                        >
                                                            "Cancel"
                                                        </button>
                                                    </span>
                                                }
                                                    .into_any()
                                            } else {
                                                view! {
                                                    <a class="btn btn-small" href=href>"Open"</a>
                                                    <Show when=move || may_update.get() && can_stop()>
                                                        <button
                                                            type="button"
                                                            class="btn btn-small"
                                                            disabled=is_busy
                                                            on:click=move |_| run(RowAction::Stop, id.get_value(), name())
                                                        >
                                                            "Stop"
                                                        </button>
                                                    </Show>
                                                    <Show when=move || may_update.get() && can_start()>
                                                        <button
                                                            type="button"
                                                            class="btn btn-small"
                                                            disabled=is_busy
                                                            on:click=move |_| run(RowAction::Start, id.get_value(), name())
                                                        >
                                                            "Start"
                                                        </button>
                                                    </Show>
                                                    <Show when=move || may_delete.get()>
                                                        <button
                                                            type="button"
                                                            class="btn btn-small btn-danger"
                                                            disabled=is_busy
                                                            node_ref=delete_ref
                                                            on:click=move |_| confirming.set(Some(id.get_value()))
                                                        >
                                                            "Delete"
                                                        </button>
                                                    </Show>
                                                }
                                                    .into_any()
                                            }
                                        }}
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </div>
        <Show when=move || !api.supports(Extension::SessionStopStart) && auth.can("updateWorkbench")>
            <p class="note" data-testid="not-supported">
                {ApiError::Unsupported(Extension::SessionStopStart).message()}
                " Delete a session and start a new one instead."
            </p>
        </Show>
    }
}
