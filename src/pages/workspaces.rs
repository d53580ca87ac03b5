use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{workspaces as workspaces_api, ApiClient};
use crate::components::loaded::{from_resource, Loaded};
use crate::domain::workspace::Workspace;

/// `/workspaces`: the user's workspaces, each a link named by its name.
#[component]
pub(crate) fn WorkspacesPage() -> impl IntoView {
    let api = ApiClient::use_client();
    let notes = crate::state::notifications::Notifications::use_notifications();
    // Listed again when the user's roles change (a workspace joined or left).
    let workspaces = crate::state::resource(move || {
        notes.roles_changed();
        workspaces_api::list(api)
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
                {live(move || workspace_list(list.get(), may_create()))}
            </Loaded>
        </main>
    }
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
                    let href = crate::routes::workspace_href(&w.id);
                    let desc = w.description.clone();
                    view! {
                        <li class="card workspace-card">
                            <a class="card-link" href=href>{crate::domain::text::shown_string(&w.display_name())}</a>
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
