use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::api::ApiClient;
use crate::components::connection_banner::ConnectionBanner;
use crate::components::desktop_layer::DesktopLayer;
use crate::components::header::Header;
use crate::components::loading::Loading;
use crate::components::require_auth::RequireAuth;
use crate::config::RuntimeConfig;
use crate::pages::{
    lazy,
    login::{LoginPage, OAuthRedirectPage},
    not_found::NotFound,
    workspace::WorkspacePage,
    workspaces::WorkspacesPage,
};
use crate::state::auth::Auth;
use crate::state::desktops::Desktops;

/// The whole console: loads `/config.json` once, then renders the shell.
#[component]
pub fn App() -> impl IntoView {
    let config = LocalResource::new(load_config);
    move || match config.get() {
        None => view! { <Loading label="Starting the console…"/> }.into_any(),
        Some(cfg) => view! { <Shell config=cfg/> }.into_any(),
    }
}

#[cfg(target_arch = "wasm32")]
async fn load_config() -> RuntimeConfig {
    crate::config::load().await
}

#[cfg(not(target_arch = "wasm32"))]
async fn load_config() -> RuntimeConfig {
    RuntimeConfig::default()
}

/// The shell with a known config: contexts, the header and the routes. Tests mount it directly.
#[component]
pub fn Shell(config: RuntimeConfig) -> impl IntoView {
    let api = ApiClient::new(&config.api_base_url).with_stream_base(&config.stream_base_url);
    let pool_size = usize::from(config.desktop_pool_size);
    provide_context(config);
    provide_context(api);
    crate::state::visibility::provide_document_visible();
    crate::state::visibility::provide_online();
    let auth = Auth::new(api);
    provide_context(auth);
    auth.check();
    crate::state::activity::provide_activity(api, auth);
    crate::state::notifications::provide_notifications(api, auth);
    let desktops = Desktops::provide(pool_size);
    // Signed out: every desktop goes with the login.
    Effect::new(move |_| {
        if !auth.is_signed_in() {
            desktops.clear();
        }
    });

    // Any 401 while signed in means the login is gone: forget the user; the route guard then
    // sends them to the login page with `next` set to where they were.
    let unauthorized = api.unauthorized();
    Effect::new(move |prev: Option<u32>| {
        let n = unauthorized.get();
        if prev.is_some_and(|p| p != n) && auth.is_signed_in() {
            auth.clear();
        }
        n
    });

    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <Show when=move || auth.is_signed_in()>
                <Header/>
            </Show>
            <ConnectionBanner/>
            <Show when=move || auth.is_signed_in()>
                <DesktopLayer/>
            </Show>
            // Admin, activity and the session page are chunks of their own (pages/lazy.rs).
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/") view=|| view! { <Redirect path="/workspaces"/> }/>
                <Route path=path!("/login") view=LoginPage/>
                <Route path=path!("/oauthredirect") view=OAuthRedirectPage/>
                <Route path=path!("/workspaces") view=|| guarded(WorkspacesPage)/>
                <Route path=path!("/workspaces/:workspaceId") view=|| guarded(WorkspacePage)/>
                <Route
                    path=path!("/workspaces/:workspaceId/members")
                    view=|| guarded(lazy::members)
                />
                <Route
                    path=path!("/workspaces/:workspaceId/sessions/:sessionId")
                    view=|| guarded(lazy::session)
                />
                <Route path=path!("/activity") view=|| guarded(lazy::activity)/>
                <Route path=path!("/admin/roles") view=|| guarded(lazy::admin_roles)/>
                <Route path=path!("/admin/users") view=|| guarded(lazy::admin_users)/>
            </Routes>
        </Router>
    }
}

fn guarded<V: IntoView + 'static>(page: fn() -> V) -> impl IntoView {
    view! { <RequireAuth>{move || page()}</RequireAuth> }
}
