//! `/workspaces/:workspaceId/sessions/:sessionId`: one session. A slim session bar (name, phase,
//! Stop/Start, a link back), the remote desktop filling the work area with the loading overlay
//! over it while it starts, a place for app tabs, and a collapsible details region.
//!
//! The page provides the session's status ([`provide_workbench_status`]); the bar and the stage
//! each ask `use_workbench_status` for it: two views, one poll.
use leptos::prelude::*;

use crate::components::icon::{Icon, IconName};
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::{workbenches, ApiClient, ApiError, Extension};
use crate::components::app_tabs::AppTabs;
use crate::components::error_alert::ErrorAlert;
use crate::components::session_details::{SessionDetails, SessionPhase};
use crate::components::session_overlay::SessionStage;
use crate::domain::workbench::Workbench;
use crate::state::activity::Activity;
use crate::state::auth::Auth;
use crate::state::workbench_status::{provide_workbench_status, use_workbench_status};

#[component]
pub fn SessionPage() -> impl IntoView {
    let params = use_params_map();
    let ids = Memo::new(move |_| {
        params.with(|p| {
            (
                p.get("workspaceId").unwrap_or_default(),
                p.get("sessionId").unwrap_or_default(),
            )
        })
    });
    view! {
        <main class="page page-full session-page" id="main">
            {move || {
                let (workspace_id, session_id) = ids.get();
                view! { <SessionView workspace_id=workspace_id session_id=session_id/> }
            }}
        </main>
    }
}

/// One session (re-created when the route's ids change).
#[component]
fn SessionView(workspace_id: String, session_id: String) -> impl IntoView {
    let back_href = crate::pages::workspace_href(&workspace_id);
    let status = provide_workbench_status(session_id.clone());
    view! {
        <div class="session-layout">
            <SessionBar session_id=session_id.clone() back_href=back_href.clone()/>
            <AppTabs workspace_id=workspace_id workbench_id=session_id workbench=status.workbench>
                <SessionStage status=status back_href=back_href.clone()/>
            </AppTabs>
            <details class="session-details-region" open>
                <summary>"Session details"</summary>
                <SessionDetails workbench=status.workbench/>
            </details>
        </div>
    }
}

/// The slim bar over the work area: back link, name, phase, Stop/Start.
#[component]
fn SessionBar(session_id: String, back_href: String) -> impl IntoView {
    let status = use_workbench_status(session_id.clone());
    let api = ApiClient::use_client();
    let activity = Activity::use_activity();
    let auth = Auth::use_auth();
    let may_update = Memo::new(move |_| {
        auth.can("updateWorkbench") && api.supports(Extension::SessionStopStart)
    });
    let failure = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let id = StoredValue::new(session_id);

    let name = move || {
        status.workbench.with(|w| match w {
            Some(w) => w.display_name(),
            None => format!("Session {}", id.get_value()),
        })
    };
    let can_stop = move || {
        may_update.get()
            && status
                .workbench
                .with(|w| w.as_ref().is_some_and(Workbench::can_stop))
    };
    let can_start = move || {
        may_update.get()
            && status
                .workbench
                .with(|w| w.as_ref().is_some_and(Workbench::can_restart))
    };
    let stop = move |_| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        failure.set(None);
        spawn_local(async move {
            let reply = activity
                .track("Stopping session…", workbenches::stop(api, &id.get_value()))
                .await;
            pending.try_set(false);
            match reply {
                Ok(_) => status.refresh(),
                // The button goes; the note in the bar says why.
                Err(ApiError::Unsupported(_)) => {}
                Err(e) => {
                    failure.try_set(Some(e));
                }
            }
        });
    };
    let start = move |_| {
        failure.set(None);
        status.retry();
    };

    view! {
        <section class="session-bar" aria-label="Session">
            <a class="session-back" href=back_href>
                <Icon name=IconName::ArrowLeft/>
                " Back to the workspace"
            </a>
            <h1 class="session-name">{name}</h1>
            <SessionPhase workbench=status.workbench/>
            <div class="session-actions">
                <Show when=can_stop>
                    <button type="button" class="btn btn-small" disabled=move || pending.get() on:click=stop>
                        "Stop"
                    </button>
                </Show>
                <Show when=can_start>
                    <button type="button" class="btn btn-small btn-primary" on:click=start>
                        "Start"
                    </button>
                </Show>
            </div>
            {move || {
                failure
                    .get()
                    .map(|e| view! { <ErrorAlert title="Could not stop the session" error=e/> })
            }}
        </section>
    }
}
