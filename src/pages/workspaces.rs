use leptos::prelude::*;

use crate::api::{workspaces as workspaces_api, ApiClient};
use crate::components::loaded::{from_resource, Loaded};
use crate::domain::workspace::Workspace;

/// `/workspaces`: the user's workspaces, each a link named by its name.
#[component]
pub(crate) fn WorkspacesPage() -> impl IntoView {
    let api = ApiClient::use_client();
    let notes = crate::state::notifications::Notifications::use_notifications();
    // The first look takes the list the activity store loaded at sign-in, when it has one: since
    // the signed-in feeds wait for the terms of use, it is often in before this page asks, and
    // the page would ask again (daily.spec.ts: one list per page load). Listed again when the
    // user's roles change (a workspace joined or left), and on Retry.
    // Only the first view of this page load, in its first seconds: the store's list is not
    // reloaded when a workspace is made or deleted later.
    let activity = use_context::<crate::state::activity::Activity>();
    let first = StoredValue::new(just_loaded());
    let workspaces = crate::state::resource(move || {
        notes.roles_changed();
        let fresh = first.try_get_value().unwrap_or(false);
        first.try_set_value(false);
        let known = if fresh {
            activity
                .and_then(|a| a.workspaces.try_get_untracked().flatten())
                .and_then(Result::ok)
        } else {
            None
        };
        async move {
            match known {
                Some(list) => Ok(list),
                None => workspaces_api::list(api).await,
            }
        }
    });
    let retry = Callback::new(move |_| workspaces.refetch());
    let auth = crate::state::auth::Auth::use_auth();
    let may_create = move || {
        auth.can_in(
            crate::domain::permissions::Perm::CreateWorkspace,
            &crate::domain::permissions::Target::global(),
        )
    };

    view! {
        <main class="page" id="main">
            <div class="page-head">
                <h1>"Workspaces"</h1>
                <crate::components::workspace_forms::NewWorkspace/>
            </div>
            <Loaded
                state=from_resource(workspaces)
                loading="Loading your workspaces…"
                error_title="Could not load your workspaces"
                on_retry=retry
                let:list
            >
                {move || workspace_list(list.get(), may_create())}
            </Loaded>
        </main>
    }
}

thread_local! {
    static SHOWN_BEFORE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Is this the first workspace list shown since the page loaded, less than 10 s ago?
fn just_loaded() -> bool {
    if SHOWN_BEFORE.with(|s| s.replace(true)) {
        return false;
    }
    web_sys::window()
        .and_then(|w| w.performance())
        .is_some_and(|p| p.now() < 10_000.0)
}

/// The workspaces as cards, or a line saying there are none.
fn workspace_list(list: Vec<Workspace>, may_create: bool) -> AnyView {
    if list.is_empty() {
        return if may_create {
            view! {
                <p class="empty">"There is no workspace yet. Create the first one with New workspace."</p>
            }
            .into_any()
        } else {
            view! {
                <p class="empty">"You are not a member of any workspace yet. Ask an administrator to add you to one."</p>
            }
            .into_any()
        };
    }
    view! {
        <ul class="card-list" aria-label="Your workspaces">
            {list
                .into_iter()
                .map(|w| {
                    let href = crate::pages::workspace_href(&w.id);
                    let desc = w.description.clone();
                    view! {
                        <li class="card workspace-card">
                            <a class="card-link" href=href>{w.display_name()}</a>
                            <span class="muted short-name">{w.short_name.clone()}</span>
                            {(!desc.is_empty()).then(|| view! { <p class="muted">{desc}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
