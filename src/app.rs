use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::api::ApiClient;
use crate::components::connection_banner::ConnectionBanner;
use crate::components::loading::Loading;
use crate::components::require_auth::RequireAuth;
use crate::components::when::When;
use crate::config::RuntimeConfig;
use crate::pages::{
    lazy::{self, AppChunk, SIGNED_IN_HINT},
    not_found::NotFound,
};
use crate::state::auth::{Auth, AuthStatus};
use crate::state::desktops::Desktops;
use crate::state::storage::{self, Store};

/// The whole console: loads `/config.json` once, then renders the shell.
#[component]
pub fn App() -> impl IntoView {
    crate::api::early::begin();
    lazy::start_app_chunk_early();
    let config = crate::state::resource(load_config);
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
    // Everything behind the login is the `app` chunk (pages/lazy.rs), whose feeds (activity,
    // notifications) join this owner once it is in. A browser signed in before fetches it at
    // once, beside the check of who is signed in.
    let app = AppChunk::provide(api, auth);
    if storage::get(Store::Local, SIGNED_IN_HINT).is_some() {
        app.load();
    }
    let desktops = Desktops::provide(pool_size);
    // Signed out: every desktop goes with the login.
    crate::state::effect(move |_| match auth.status.get() {
        AuthStatus::SignedIn => {
            storage::set(Store::Local, SIGNED_IN_HINT, "1");
            app.load();
        }
        AuthStatus::SignedOut => {
            storage::take(Store::Local, SIGNED_IN_HINT);
            // And what the page loads asked first (state/start_gets.rs).
            crate::state::start_gets::forget();
            desktops.clear();
        }
        AuthStatus::Checking | AuthStatus::Failed(_) => desktops.clear(),
    });

    // Any 401 while signed in means the login is gone: forget the user; the route guard then
    // sends them to the login page with `next` set to where they were.
    let unauthorized = api.unauthorized();
    crate::state::effect(move |prev: Option<u32>| {
        let n = unauthorized.get();
        if prev.is_some_and(|p| p != n) && auth.is_signed_in() {
            auth.clear();
        }
        n
    });

    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <When when=move || auth.is_signed_in()>
                {lazy::header()}
            </When>
            <ConnectionBanner/>
            <When when=move || auth.is_signed_in()>
                {lazy::desktops()}
            </When>
            // Every page behind the login is lazy (pages/lazy.rs).
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/") view=|| guarded(lazy::home)/>
                <Route path=path!("/sessions") view=|| guarded(lazy::sessions)/>
                <Route path=path!("/public-workspaces") view=|| guarded(lazy::public_workspaces)/>
                <Route
                    path=path!("/workspaces/:workspaceId/settings")
                    view=|| guarded(lazy::workspace_settings)
                />
                <Route
                    path=path!("/workspaces/:workspaceId/services")
                    view=|| guarded(lazy::services)
                />
                <Route path=path!("/login") view=lazy::login/>
                <Route path=path!("/oauthredirect") view=lazy::oauth_redirect/>
                <Route path=path!("/workspaces") view=|| guarded(lazy::workspaces)/>
                <Route path=path!("/workspaces/:workspaceId") view=|| guarded(lazy::workspace)/>
                <Route
                    path=path!("/workspaces/:workspaceId/members")
                    view=|| guarded(lazy::members)
                />
                <Route
                    path=path!("/workspaces/:workspaceId/data")
                    view=|| guarded(lazy::data)
                />
                <Route
                    path=path!("/workspaces/:workspaceId/audit")
                    view=|| guarded(lazy::audit)
                />
                <Route
                    path=path!("/workspaces/:workspaceId/sessions/:sessionId")
                    view=|| guarded(lazy::session)
                />
                <Route
                    path=path!("/workspaces/:workspaceId/sessions/:sessionId/audit")
                    view=|| guarded(lazy::audit)
                />
                <Route path=path!("/requests") view=|| guarded(lazy::requests)/>
                <Route path=path!("/requests/:requestId") view=|| guarded(lazy::request)/>
                <Route path=path!("/terms") view=|| guarded(lazy::terms)/>
                <Route path=path!("/profile") view=|| guarded(lazy::profile)/>
                <Route path=path!("/activity") view=|| guarded(lazy::activity)/>
                <Route path=path!("/admin/roles") view=|| guarded(lazy::admin_roles)/>
                <Route path=path!("/admin/users") view=|| guarded(lazy::admin_users)/>
                <Route path=path!("/admin/terms") view=|| guarded(lazy::admin_terms)/>
                <Route path=path!("/admin/audit") view=|| guarded(lazy::audit)/>
            </Routes>
        </Router>
    }
}

fn guarded<V: IntoView + 'static>(page: fn() -> V) -> impl IntoView {
    view! { <RequireAuth>{move || page()}</RequireAuth> }
}
