use leptos::prelude::*;

use crate::components::icon::{Icon, IconName};
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::components::activity_indicator::ActivityIndicator;
use crate::state::auth::Auth;

/// The app header: navigation, the activity indicator, the user and `Sign out`.
#[component]
pub fn Header() -> impl IntoView {
    let auth = Auth::use_auth();
    let navigate = use_navigate();
    let signing_out = RwSignal::new(false);
    let sign_out = move |_| {
        let navigate = navigate.clone();
        signing_out.set(true);
        spawn_local(async move {
            let end_session = auth.logout().await;
            signing_out.try_set(false);
            // The identity provider's end-session page when the backend names one.
            let gone = end_session.is_some_and(|url| {
                web_sys::window().is_some_and(|w| w.location().assign(&url).is_ok())
            });
            if !gone {
                navigate("/login", Default::default());
            }
        });
    };
    let user_name = move || {
        auth.user
            .with(|u| u.as_ref().map(|u| u.display_name()).unwrap_or_default())
    };
    view! {
        <header class="app-header">
            <a class="brand" href="/workspaces">
                <span class="brand-mark"><Icon name=IconName::Diamond/></span>
                " Research Console"
            </a>
            <nav class="main-nav" aria-label="Main">
                <A href="/workspaces">"Workspaces"</A>
                <A href="/activity">"Activity"</A>
                <Show when=move || auth.may_see_admin()>
                    <A href=move || {
                        if auth.can(crate::domain::permissions::names::LIST_USERS)
                            && auth.can(crate::domain::permissions::names::MANAGE_USER_ROLES)
                        {
                            "/admin/users".to_string()
                        } else {
                            "/admin/roles".to_string()
                        }
                    }>"Admin"</A>
                </Show>
            </nav>
            <ActivityIndicator/>
            <div class="user-menu">
                <span class="user-name" title="Signed in">{user_name}</span>
                <button type="button" class="btn btn-quiet" on:click=sign_out
                    disabled=move || signing_out.get()>
                    "Sign out"
                </button>
            </div>
        </header>
    }
}
