//! The platform's per-user limits in the create forms (ui.md, "platform settings"; api.md §4b
//! "Where limits are enforced"): `New workspace` and the new-session forms count the user's own
//! workspaces or sessions that are not deleted and, at the limit, say `You have 2 of 2 sessions:
//! the platform's limit` and disable their create button, as chorus-web-ui does. CHORUS enforces
//! none of them: a direct API call, or a second tab, still creates past the limit. Nothing is
//! counted where the platform sets no limit of that kind.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{workbenches, ApiClient};
use crate::components::my_workspaces::use_my_workspaces;
use crate::domain::limits::{blocked, own_count, Kind};
use crate::domain::workbench::Workbench;
use crate::domain::workspace::WorkspaceStatus;
use crate::state::auth::Auth;
use crate::state::limits::use_limits;

/// The signed-in user's id (`""` until known).
fn my_id() -> Signal<String> {
    let auth = Auth::use_auth();
    Signal::derive(move || {
        auth.user
            .with(|u| u.as_ref().map(|u| u.id.clone()))
            .unwrap_or_default()
    })
}

/// The session limit reached, in words; `None` while under it, without a limit, or not counted
/// yet. The user's sessions are read (every workspace's) only where a limit is set.
pub(crate) fn use_session_limit() -> Signal<Option<String>> {
    let api = ApiClient::use_client();
    let limits = use_limits();
    let me = my_id();
    let count = crate::state::resource(move || {
        let wanted = limits.get().sessions.is_some();
        let me = me.get();
        async move {
            if !wanted || me.is_empty() {
                return Ok(None);
            }
            let all = workbenches::list_all(api, None).await?;
            Ok::<_, crate::api::ApiError>(Some(own_count(
                &all,
                &me,
                |w| w.user_id.as_str(),
                Workbench::is_deleted,
            )))
        }
    });
    Signal::derive(move || {
        blocked(
            limits.get(),
            Kind::Sessions,
            count.get().and_then(Result::ok).flatten(),
        )
    })
}

/// The workspace limit reached, in words (the user's workspaces as the activity store holds
/// them).
pub(crate) fn use_workspace_limit() -> Signal<Option<String>> {
    let limits = use_limits();
    let me = my_id();
    let workspaces = use_my_workspaces();
    Signal::derive(move || {
        let limits = limits.get();
        limits.workspaces?;
        let me = me.get();
        let used = workspaces.with(|w| {
            w.value().map(|l| {
                own_count(
                    l,
                    &me,
                    |w| w.user_id.as_str(),
                    |w| w.status == WorkspaceStatus::Deleted,
                )
            })
        });
        blocked(limits, Kind::Workspaces, used)
    })
}

/// The words of a limit reached, over the create button.
#[component]
pub(crate) fn LimitNote(words: Signal<Option<String>>) -> impl IntoView {
    live(move || {
        words.get().map(|w| {
            view! { <p class="alert alert-warn limit-reached" role="status" data-testid="limit-reached">{w}</p> }
        })
    })
}
