//! Everything behind the sign-in is lazy (issues 20 and 30): the first load is the shell, routing,
//! the sign-in state and the login page; each split point below is a chunk of the wasm that the
//! build cuts out (`wasm-split-cli`, in Trunk's post-build hook) and the browser fetches when
//! needed.
//!
//! - `app`, the signed-in console ([`SignedIn`]): the header, the desktop layer, the activity and
//!   notification feeds, the workspaces and workspace pages. Every page behind the login waits
//!   for it. It is fetched at once when this browser was signed in before (a hint in
//!   `localStorage`, [`SIGNED_IN_HINT`]: the login cookie itself is `HttpOnly`, out of the app's
//!   sight; the start-up script even preloads its files, scripts/finish-dist.cjs), while the
//!   browser is idle on the login page, and at the latest on sign-in.
//! - `session`: the session page (fetched while the browser is idle on a workspace page).
//! - `more`: the signed-in pages opened less often, the administration (roles, users), a
//!   workspace's members and the activity page. They were in `app` (members and activity) and a
//!   chunk `admin`: out of `app`, a returning user's workspace page fetches 46 KB (brotli) less,
//!   for 4 KB more gzip in all; a split point of their own each would have cost more (each one
//!   multiplies the shared chunks `wasm-split-cli` writes; docs/measurements.md). It is fetched
//!   when the pointer or the focus reaches a link to one of them ([`prefetch_more_on_intent`]),
//!   most often before the click.
//! - `app` also holds the return from an identity provider (`/oauthredirect`), which is no part of
//!   the login page: the signed-in console needs `app` right after it anyway, and a split point
//!   of its own cost 1.9 KB more gzip in all (four more files, docs/measurements.md).
//!
//! Only the split functions below may name what they load: a page named from anywhere else in
//! the first load would be pulled back into it. A chunk's stylesheets come with it: the build
//! turns their `<link data-chunk>` tags into `<meta name="console-chunk-css">` entries that
//! [`chunk_styles`] adds to the page before the chunk's view shows (debug builds keep the links).
//!
//! A chunk may fail to arrive (offline, a 404 after a deploy, an aborted fetch). The split points
//! are `fallible` (`wasm_split_macros`): the failure comes back as `Err`, never as a panic (a
//! panic aborts the whole wasm), and the route shows [`ChunkError`] with a Reload button. A failed
//! load is not remembered: the next visit tries again.
//!
//! Only the release wasm is split (`cfg(console_split)`, set by build.rs): elsewhere (native tests,
//! the browser tests, `trunk serve`) the same functions run directly, in the one module.
use leptos::prelude::*;
#[cfg(console_split)]
use leptos::wasm_split::wasm_split;
use leptos::wasm_split::SplitLoaderError;

use crate::api::ApiClient;
use crate::components::loading::Loading;
use crate::state::auth::Auth;

/// A page's view, built inside its chunk (a plain function pointer: it crosses the split point).
pub type PageView = fn() -> AnyView;

/// What the `app` chunk brings: plain function pointers, built inside the chunk.
#[derive(Clone, Copy)]
pub struct SignedIn {
    /// Provides the signed-in feeds (activity, notifications) in the shell's owner, and the
    /// role and permission catalogues' code to the sign-in state.
    provide: fn(ApiClient, Auth),
    header: PageView,
    desktops: PageView,
    workspaces: PageView,
    workspace: PageView,
    /// What a signed-in route shows while the terms of use wait for acceptance (`None`: the
    /// route's own page).
    gate: fn() -> Option<AnyView>,
    terms: PageView,
}

#[cfg_attr(console_split, wasm_split(app, fallible, wasm_split_path = ::leptos::wasm_split))]
fn signed_in_parts() -> Result<SignedIn, SplitLoaderError> {
    Ok(SignedIn {
        provide: |api, auth| {
            auth.install_catalogues();
            auth.install_renewal();
            // What this page load asked first, kept for its next load (state/start_gets.rs).
            crate::state::start_gets::keep(auth);
            // The feeds start once the terms of use are accepted: nothing else is fetched
            // before (state/terms_gate.rs).
            crate::state::terms_gate::provide_terms_gate(api, auth, |api, auth| {
                crate::state::activity::provide_activity(api, auth);
                crate::state::notifications::provide_notifications(api, auth);
                crate::state::transfers::provide_transfers();
                crate::state::requests::provide_waiting(api, auth);
            });
            prefetch_more_on_intent();
        },
        header: || {
            let open = crate::state::memo(|_| {
                crate::state::terms_gate::TermsGate::use_gate().is_none_or(|g| g.is_open())
            });
            (move || {
                if open.get() {
                    view! { <crate::components::header::Header/> }.into_any()
                } else {
                    view! { <super::terms::GatedHeader/> }.into_any()
                }
            })
            .into_any()
        },
        gate: super::terms::gated_view,
        terms: || view! { <super::terms::TermsPage/> }.into_any(),
        desktops: || view! { <crate::components::desktop_layer::DesktopLayer/> }.into_any(),
        workspaces: || view! { <super::workspaces::WorkspacesPage/> }.into_any(),
        workspace: || view! { <super::workspace::WorkspacePage/> }.into_any(),
    })
}

#[cfg_attr(console_split, wasm_split(more, fallible, wasm_split_path = ::leptos::wasm_split))]
fn admin_roles_page() -> Result<PageView, SplitLoaderError> {
    Ok(|| view! { <super::admin_roles::AdminRolesPage/> }.into_any())
}

#[cfg_attr(
    console_split,
    wasm_split(
        more,
        fallible,
        wasm_split_path = ::leptos::wasm_split,
        preload(preload_more_chunk)
    )
)]
fn members_page() -> Result<PageView, SplitLoaderError> {
    Ok(|| view! { <super::members::MembersPage/> }.into_any())
}

#[cfg_attr(console_split, wasm_split(more, fallible, wasm_split_path = ::leptos::wasm_split))]
fn data_page() -> Result<PageView, SplitLoaderError> {
    Ok(|| view! { <super::data::DataPage/> }.into_any())
}

#[cfg_attr(console_split, wasm_split(more, fallible, wasm_split_path = ::leptos::wasm_split))]
fn requests_page() -> Result<PageView, SplitLoaderError> {
    Ok(|| view! { <super::requests::RequestsPage/> }.into_any())
}

#[cfg_attr(console_split, wasm_split(more, fallible, wasm_split_path = ::leptos::wasm_split))]
fn request_page() -> Result<PageView, SplitLoaderError> {
    Ok(|| view! { <super::requests::RequestPage/> }.into_any())
}

#[cfg_attr(console_split, wasm_split(more, fallible, wasm_split_path = ::leptos::wasm_split))]
fn activity_page() -> Result<PageView, SplitLoaderError> {
    Ok(|| view! { <super::activity::ActivityPage/> }.into_any())
}

#[cfg_attr(console_split, wasm_split(more, fallible, wasm_split_path = ::leptos::wasm_split))]
fn admin_users_page() -> Result<PageView, SplitLoaderError> {
    Ok(|| view! { <super::admin_users::AdminUsersPage/> }.into_any())
}

#[cfg_attr(console_split, wasm_split(more, fallible, wasm_split_path = ::leptos::wasm_split))]
fn profile_page() -> Result<PageView, SplitLoaderError> {
    Ok(|| view! { <super::profile::ProfilePage/> }.into_any())
}

#[cfg_attr(console_split, wasm_split(more, fallible, wasm_split_path = ::leptos::wasm_split))]
fn audit_page() -> Result<PageView, SplitLoaderError> {
    Ok(|| view! { <super::audit::AuditPage/> }.into_any())
}

#[cfg_attr(console_split, wasm_split(more, fallible, wasm_split_path = ::leptos::wasm_split))]
fn admin_terms_page() -> Result<PageView, SplitLoaderError> {
    Ok(|| view! { <super::admin_terms::AdminTermsPage/> }.into_any())
}

#[cfg_attr(
    console_split,
    wasm_split(
        session,
        fallible,
        wasm_split_path = ::leptos::wasm_split,
        preload(preload_session_chunk)
    )
)]
fn session_page() -> Result<PageView, SplitLoaderError> {
    Ok(|| view! { <super::session::SessionPage/> }.into_any())
}

#[cfg_attr(console_split, wasm_split(app, fallible, wasm_split_path = ::leptos::wasm_split))]
fn oauth_redirect_page() -> Result<PageView, SplitLoaderError> {
    Ok(|| view! { <super::login::OAuthRedirectPage/> }.into_any())
}

/// The future of a split point's result: the split function itself is `async` (it loads the
/// chunk first); without splitting it is a plain function.
#[cfg(console_split)]
macro_rules! load {
    ($f:ident) => {
        Box::pin($f())
    };
}
#[cfg(not(console_split))]
macro_rules! load {
    ($f:ident) => {
        Box::pin(async { $f() })
    };
}

/// `/workspaces`, in the `app` chunk.
pub fn workspaces() -> impl IntoView {
    signed_in_view(|p| (p.workspaces)())
}

/// `/workspaces/:workspaceId`, in the `app` chunk.
pub fn workspace() -> impl IntoView {
    signed_in_view(|p| (p.workspace)())
}

/// The header of a signed-in user (nothing until the `app` chunk is in).
pub fn header() -> impl IntoView {
    signed_in_part(|p| (p.header)())
}

/// The desktop layer (nothing until the `app` chunk is in).
pub fn desktops() -> impl IntoView {
    signed_in_part(|p| (p.desktops)())
}

/// `/terms`, in the `app` chunk (while the terms wait for acceptance every route shows them).
pub fn terms() -> impl IntoView {
    signed_in_view(|p| (p.terms)())
}

/// `/oauthredirect`, the return from an identity provider: in the `app` chunk, loaded on demand
/// (it is not behind the login: it does not wait for the signed-in parts).
pub fn oauth_redirect() -> impl IntoView {
    let page = crate::state::resource(|| load!(oauth_redirect_page));
    move || match page.get() {
        None => view! {
            <main class="page login-page" id="main">
                <div class="card login-card">
                    <Loading label="Finishing your sign-in…"/>
                </div>
            </main>
        }
        .into_any(),
        Some(Ok(view)) => view(),
        Some(Err(_)) => view! { <ChunkError/> }.into_any(),
    }
}

/// `/admin/roles`, loaded on demand (the `more` chunk).
pub fn admin_roles() -> impl IntoView {
    lazy_page(|| load!(admin_roles_page), "more")
}

/// `/admin/users`, loaded on demand (the `more` chunk).
pub fn admin_users() -> impl IntoView {
    lazy_page(|| load!(admin_users_page), "more")
}

/// `/activity`, loaded on demand (the `more` chunk).
pub fn activity() -> impl IntoView {
    lazy_page(|| load!(activity_page), "more")
}

/// `/workspaces/:workspaceId/members`, loaded on demand (the `more` chunk).
pub fn members() -> impl IntoView {
    lazy_page(|| load!(members_page), "more")
}

/// `/workspaces/:workspaceId/data`, loaded on demand.
pub fn data() -> impl IntoView {
    lazy_page(|| load!(data_page), "more")
}

/// `/requests`, loaded on demand (the `more` chunk).
pub fn requests() -> impl IntoView {
    lazy_page(|| load!(requests_page), "more")
}

/// `/requests/:requestId`, loaded on demand (the `more` chunk).
pub fn request() -> impl IntoView {
    lazy_page(|| load!(request_page), "more")
}

/// `/profile`, loaded on demand (the `more` chunk).
pub fn profile() -> impl IntoView {
    lazy_page(|| load!(profile_page), "more")
}

/// `/admin/audit`, `/workspaces/:workspaceId/audit` and a session's audit log, loaded on demand
/// (the `more` chunk).
pub fn audit() -> impl IntoView {
    lazy_page(|| load!(audit_page), "more")
}

/// `/admin/terms`, loaded on demand (the `more` chunk).
pub fn admin_terms() -> impl IntoView {
    lazy_page(|| load!(admin_terms_page), "more")
}

/// `/workspaces/:workspaceId/sessions/:sessionId`, loaded on demand.
pub fn session() -> impl IntoView {
    lazy_page(|| load!(session_page), "session")
}

/// Fetches the session page's chunk and its stylesheets when the browser is idle (the likely
/// next page from a workspace). A failure is ignored here: the page itself tries again and says so.
pub fn prefetch_session_page() {
    when_idle(|| {
        leptos::task::spawn_local(async {
            let styles = chunk_styles("session");
            #[cfg(console_split)]
            let _ = preload_session_chunk().await;
            styles.await;
        });
    });
}

/// Whether a link to `href` opens a page of the `more` chunk: `/activity`, `/admin/…`, or a
/// workspace's `/members` (the paths of app.rs's routes).
#[cfg(any(target_arch = "wasm32", test))]
fn opens_more_page(href: &str) -> bool {
    let path = href.split(['?', '#']).next().unwrap_or_default();
    path == "/activity"
        || path == "/requests"
        || path == "/profile"
        || path.starts_with("/requests/")
        || path.starts_with("/admin/")
        || path
            .strip_prefix("/workspaces/")
            .and_then(|rest| {
                rest.strip_suffix("/members")
                    .or_else(|| rest.strip_suffix("/data"))
                    .or_else(|| rest.strip_suffix("/audit"))
            })
            .is_some_and(|id| {
                // A workspace's page, or a session's audit log.
                let mut parts = id.split('/');
                match (parts.next(), parts.next(), parts.next(), parts.next()) {
                    (Some(ws), None, _, _) => !ws.is_empty(),
                    (Some(ws), Some("sessions"), Some(s), None) => {
                        !ws.is_empty() && !s.is_empty() && href.contains("/audit")
                    }
                    _ => false,
                }
            })
}

/// Fetches the `more` chunk and its stylesheets, once, when the pointer goes over a link to one
/// of its pages or the focus lands on one ([`opens_more_page`]): the click usually follows some
/// 100 ms later, so the page most often opens without a wait, and a visit that never goes there
/// costs nothing. One listener of each on the document (the links come and go with the pages),
/// installed once however often the `app` chunk's parts are provided.
fn prefetch_more_on_intent() {
    #[cfg(target_arch = "wasm32")]
    {
        use std::cell::Cell;
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        thread_local! {
            static INSTALLED: Cell<bool> = const { Cell::new(false) };
            static STARTED: Cell<bool> = const { Cell::new(false) };
        }
        if INSTALLED.replace(true) {
            return;
        }
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let on_intent = Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| {
            if STARTED.get() {
                return;
            }
            let href = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a[href]").ok().flatten())
                .and_then(|a| a.get_attribute("href"));
            if !href.is_some_and(|h| opens_more_page(&h)) {
                return;
            }
            STARTED.set(true);
            leptos::task::spawn_local(async {
                let styles = chunk_styles("more");
                #[cfg(console_split)]
                if preload_more_chunk().await.is_err() {
                    // The page itself tries again, and says so if it fails.
                    STARTED.set(false);
                }
                styles.await;
            });
        });
        for kind in ["pointerover", "focusin"] {
            let _ = doc.add_event_listener_with_callback(kind, on_intent.as_ref().unchecked_ref());
        }
        on_intent.forget();
    }
}

/// `localStorage` key set while this browser has a signed-in user: at start-up it means "fetch
/// the `app` chunk now", beside the check of who is signed in. Not a secret, not a login: only
/// a guess that saves a returning user the wait; the sign-in check still decides.
pub const SIGNED_IN_HINT: &str = "console.signedIn";

/// Where the `app` chunk stands.
#[derive(Clone, Copy)]
enum AppState {
    Waiting,
    Ready(SignedIn),
    Failed,
}

/// The `app` chunk, shared by the shell and every page behind the login (a `Copy` context).
#[derive(Clone, Copy)]
pub struct AppChunk {
    state: RwSignal<AppState>,
    loading: StoredValue<bool>,
    owner: StoredValue<Option<Owner>>,
    api: ApiClient,
    auth: Auth,
}

/// At start-up, before the runtime config and the shell: a browser signed in before starts
/// instantiating the `app` chunk now (its files are on their way since the start-up script), so
/// that it is ready when the sign-in check answers. The shell's [`AppChunk::load`] then finds it
/// loaded (the chunk loader keeps one load per chunk); a failure here is left to that load.
pub fn start_app_chunk_early() {
    #[cfg(console_split)]
    if crate::state::storage::get(crate::state::storage::Store::Local, SIGNED_IN_HINT).is_some() {
        leptos::task::spawn_local(async {
            let _ = signed_in_parts().await;
        });
    }
}

impl AppChunk {
    /// Provides the handle; called once by the shell, whose owner the chunk's feeds join.
    pub fn provide(api: ApiClient, auth: Auth) -> Self {
        let this = Self {
            state: RwSignal::new(AppState::Waiting),
            loading: StoredValue::new(false),
            owner: StoredValue::new(Owner::current()),
            api,
            auth,
        };
        provide_context(this);
        this
    }

    /// The handle, when the shell provides one (component tests may mount pages without it).
    pub fn use_chunk() -> Option<Self> {
        use_context::<Self>()
    }

    /// Fetches the chunk and its stylesheets unless it is in or on its way; once in, the feeds
    /// start (in the shell's owner) and the signed-in views show.
    pub fn load(self) {
        if self.loading.get_value() || matches!(self.state.get_untracked(), AppState::Ready(_)) {
            return;
        }
        self.loading.set_value(true);
        self.state.set(AppState::Waiting);
        leptos::task::spawn_local(async move {
            let styles = chunk_styles("app");
            let parts = load!(signed_in_parts).await;
            styles.await;
            self.loading.set_value(false);
            match parts {
                Ok(parts) => {
                    let provide = || (parts.provide)(self.api, self.auth);
                    match self.owner.get_value() {
                        Some(owner) => owner.with(provide),
                        None => provide(),
                    }
                    self.state.set(AppState::Ready(parts));
                }
                Err(_) => self.state.set(AppState::Failed),
            }
        });
    }

    /// Loads the chunk when the browser is idle (the login page: the next page needs it).
    pub fn prefetch(self) {
        when_idle(move || self.load());
    }
}

/// Runs `f` when the browser is idle (at once where there is no browser).
fn when_idle(f: impl FnOnce() + 'static) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let f = Closure::once_into_js(f);
        if let Some(window) = web_sys::window() {
            let _ = window.request_idle_callback(f.unchecked_ref());
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    f();
}

/// A view of the `app` chunk for a route: a loading line, then the view, or [`ChunkError`].
fn signed_in_view(view: fn(&SignedIn) -> AnyView) -> impl IntoView {
    let app = AppChunk::use_chunk();
    if let Some(app) = app {
        app.load();
    }
    move || match app.map(|a| a.state.get()) {
        Some(AppState::Ready(parts)) => (parts.gate)().unwrap_or_else(|| view(&parts)),
        Some(AppState::Failed) | None => view! { <ChunkError/> }.into_any(),
        Some(AppState::Waiting) => view! { <Loading label="Loading…"/> }.into_any(),
    }
}

/// A part of the shell from the `app` chunk: nothing until it is in (the route says the rest).
fn signed_in_part(view: fn(&SignedIn) -> AnyView) -> impl IntoView {
    let app = AppChunk::use_chunk();
    move || match app.map(|a| a.state.get()) {
        Some(AppState::Ready(parts)) => view(&parts),
        _ => ().into_any(),
    }
}

type Loader = fn() -> std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<PageView, SplitLoaderError>>>,
>;

/// A route's view that loads its chunk (and its stylesheets) beside the `app` chunk, which every
/// page behind the login needs: a loading line, then the page, or [`ChunkError`].
fn lazy_page(load: Loader, chunk: &'static str) -> impl IntoView {
    let app = AppChunk::use_chunk();
    if let Some(app) = app {
        app.load();
    }
    let page = crate::state::resource(move || {
        let styles = chunk_styles(chunk);
        let page = load();
        async move {
            let page = page.await;
            styles.await;
            page
        }
    });
    move || match (app.map(|a| a.state.get()), page.get()) {
        (Some(AppState::Failed) | None, _) | (_, Some(Err(_))) => {
            view! { <ChunkError/> }.into_any()
        }
        (Some(AppState::Ready(parts)), page) => match ((parts.gate)(), page) {
            (Some(gated), _) => gated,
            (None, Some(Ok(view))) => view(),
            _ => view! { <Loading label="Loading…"/> }.into_any(),
        },
        _ => view! { <Loading label="Loading…"/> }.into_any(),
    }
}

/// Adds the stylesheets of `chunk` to the page (once per chunk) and resolves when they are in,
/// or failed: a missing stylesheet never keeps a page from showing. The build lists them as
/// `<meta name="console-chunk-css" data-chunk=… content=href data-integrity=… data-order=…>`;
/// each becomes a `<link rel="stylesheet">` placed in index.html's order among the others.
#[cfg(target_arch = "wasm32")]
fn chunk_styles(chunk: &'static str) -> impl std::future::Future<Output = ()> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static STARTED: RefCell<HashMap<&'static str, js_sys::Promise>> = RefCell::default();
    }
    let promise = STARTED.with(|started| {
        if let Some(p) = started.borrow().get(chunk) {
            return Some(p.clone());
        }
        let p = add_chunk_styles(chunk)?;
        started.borrow_mut().insert(chunk, p.clone());
        Some(p)
    });
    async move {
        if let Some(p) = promise {
            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn chunk_styles(_chunk: &'static str) -> impl std::future::Future<Output = ()> {
    std::future::ready(())
}

#[cfg(target_arch = "wasm32")]
fn add_chunk_styles(chunk: &str) -> Option<js_sys::Promise> {
    use wasm_bindgen::JsCast;
    let doc = web_sys::window()?.document()?;
    let head = doc.head()?;
    let metas = doc
        .query_selector_all(&format!(
            "meta[name=\"console-chunk-css\"][data-chunk=\"{chunk}\"]"
        ))
        .ok()?;
    let order_of = |el: &web_sys::Element| -> u32 {
        el.get_attribute("data-order")
            .and_then(|o| o.parse().ok())
            .unwrap_or(u32::MAX)
    };
    let all = js_sys::Array::new();
    for i in 0..metas.length() {
        let Some(meta) = metas
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let Some(href) = meta.get_attribute("content") else {
            continue;
        };
        let Ok(link) = doc.create_element("link") else {
            continue;
        };
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", &href);
        if let Some(integrity) = meta.get_attribute("data-integrity") {
            let _ = link.set_attribute("integrity", &integrity);
            let _ = link.set_attribute("crossorigin", "anonymous");
        }
        let order = order_of(&meta);
        let _ = link.set_attribute("data-order", &order.to_string());
        let loaded = js_sys::Promise::new(&mut |resolve, _reject| {
            if let Some(el) = link.dyn_ref::<web_sys::HtmlElement>() {
                el.set_onload(Some(&resolve));
                el.set_onerror(Some(&resolve));
            }
        });
        // Before the first stylesheet that comes later in index.html's order (the cascade as
        // with every link in the page), else last.
        let next = head
            .query_selector_all("link[rel=\"stylesheet\"][data-order]")
            .ok()
            .and_then(|links| {
                (0..links.length())
                    .filter_map(|j| links.item(j)?.dyn_into::<web_sys::Element>().ok())
                    .find(|l| order_of(l) > order)
            });
        let _ = head.insert_before(&link, next.as_ref().map(|n| n.as_ref()));
        all.push(&loaded);
    }
    Some(js_sys::Promise::all(&all))
}

/// What a route shows when its code could not be loaded (ui.md: never a blank or dead app).
#[component]
pub fn ChunkError() -> impl IntoView {
    let reload = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    view! {
        <main class="page page-narrow" id="main">
            <div class="alert alert-error" role="alert" data-testid="chunk-error">
                <p class="alert-title">"This part of the console could not be loaded."</p>
                <p>"Check your connection, then reload the page. The other pages still work."</p>
                <button type="button" class="btn" on:click=reload>"Reload"</button>
            </div>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::opens_more_page;

    #[test]
    fn links_to_the_pages_of_the_more_chunk() {
        for href in [
            "/activity",
            "/activity?tab=runs",
            "/admin/users",
            "/admin/roles#new",
            "/workspaces/1/members",
            "/workspaces/a%2Fb/members",
        ] {
            assert!(opens_more_page(href), "{href}");
        }
        for href in [
            "/",
            "/workspaces",
            "/workspaces/1",
            "/workspaces//members",
            "/workspaces/1/sessions/2",
            "/workspaces/1/sessions/2/members",
            "/activityx",
            "/admin",
            "https://elsewhere.example/activity",
            "#main",
            "",
        ] {
            assert!(!opens_more_page(href), "{href}");
        }
    }
}
