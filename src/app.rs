use std::sync::Arc;

use crate::components::live::live;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, PossibleRouteMatch};

use crate::api::ApiClient;
use crate::components::loading::Loading;
use crate::components::page_change::{PageChange, SkipLink};
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
    live(move || match config.get() {
        None => view! { <Loading label="Starting the console…"/> }.into_any(),
        Some(cfg) => view! { <Shell config=cfg/> }.into_any(),
    })
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
    // The desktops' settings are the user's: a sign-out forgets them, whether or not a session
    // page was opened in this page load.
    crate::state::session_scope::on_forget(
        "desktop-settings",
        crate::state::desktop_tuning::forget_all,
    );
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

    // Any 401 while signed in means the login is gone: forget the user (and tell the other
    // tabs, which share the cookie); the route guard then sends them to the login page with
    // `next` set to where they were.
    let unauthorized = api.unauthorized();
    crate::state::effect(move |prev: Option<u32>| {
        let n = unauthorized.get();
        if prev.is_some_and(|p| p != n) && auth.is_signed_in() {
            auth.lose_login();
        }
        n
    });

    view! {
        <Router>
            <SkipLink/>
            <PageChange/>
            <When when=move || auth.is_signed_in()>
                {lazy::header()}
                // With the header (the `chrome` chunk, issue 58): the login page says an
                // unreachable server in its own words.
                {lazy::connection_banner()}
            </When>
            <When when=move || auth.is_signed_in()>
                {lazy::desktops()}
            </When>
            // Every page behind the login is lazy (pages/lazy.rs). Few routes, each of its
            // pages picked by a segment (`lazy::top_page`, `admin_page`, `workspace_section`),
            // all of one type (`at`, `Page`): the router's code is compiled once, not per route.
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=at(path!("/")) view={(|| guarded(lazy::home)) as Page}/>
                <Route path=at(path!("/login")) view={(|| lazy::login().into_any()) as Page}/>
                <Route
                    path=at(path!("/oauthredirect"))
                    view={(|| lazy::oauth_redirect().into_any()) as Page}
                />
                <Route path=at(path!("/register")) view={(|| lazy::register().into_any()) as Page}/>
                <Route path=at(path!("/:page")) view={(|| lazy::top_page().into_any()) as Page}/>
                <Route
                    path=at(path!("/requests/:requestId"))
                    view={(|| guarded(lazy::request)) as Page}
                />
                <Route
                    path=at(path!("/admin/:section"))
                    view={(|| lazy::admin_page().into_any()) as Page}
                />
                <Route
                    path=at(path!("/workspaces/:workspaceId"))
                    view={(|| guarded(lazy::workspace)) as Page}
                />
                <Route
                    path=at(path!("/workspaces/:workspaceId/:section"))
                    view={(|| lazy::workspace_section().into_any()) as Page}
                />
                <Route
                    path=at(path!("/workspaces/:workspaceId/sessions/:sessionId"))
                    view={(|| guarded(lazy::session)) as Page}
                />
                <Route
                    path=at(path!("/workspaces/:workspaceId/sessions/:sessionId/audit"))
                    view={(|| guarded(lazy::audit)) as Page}
                />
            </Routes>
        </Router>
    }
}

fn guarded<V: IntoView + 'static>(page: fn() -> V) -> AnyView {
    view! { <RequireAuth>{live(page)}</RequireAuth> }.into_any()
}

/// A route's view: a plain `fn`, the same type for every route.
type Page = fn() -> AnyView;

/// A route's path, type-erased. With `erase_components` the router keeps each route as an
/// `AnyNestedRoute` holding matching and route-list functions compiled for the route's type (its
/// segments and its view): one type for all, `at` and [`Page`], is one copy of that code in the
/// first load instead of one per route.
fn at(
    path: impl PossibleRouteMatch + Send + Sync + 'static,
) -> Arc<dyn PossibleRouteMatch + Send + Sync> {
    Arc::new(path)
}
