//! The `app` chunk's handle and the views that wait for chunks (pages/lazy.rs): a loading line,
//! then the page, or [`ChunkError`]. Nothing here names a page: the split points do.
use crate::components::live::live;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use super::styles::chunk_styles;
use crate::api::ApiClient;
use crate::components::loading::Loading;
use crate::components::on::OnAttribute;
use crate::state::auth::Auth;
use crate::state::{Kept, Slot};

/// A page's view, built inside its chunk (a plain function pointer: it crosses the split point).
pub type PageView = fn() -> AnyView;

/// What a page group's chunk brings: its pages' views by number, built inside the chunk (one
/// split function per chunk: each costs the first load its own loading code).
pub type Pages = fn(usize) -> AnyView;

/// What the `app` chunk brings: plain function pointers, built inside the chunk. Only what every
/// page behind the login needs before it shows: the pages, the header, the desktop layer and the
/// feeds are chunks of their own (pages/lazy.rs).
#[derive(Clone, Copy)]
pub struct SignedIn {
    /// Provides the signed-in stores (activity, notifications, transfers, requests waiting) in
    /// the shell's owner, and the role and permission catalogues' code to the sign-in state.
    pub(super) provide: fn(ApiClient, Auth),
    /// What a signed-in route shows while the terms of use wait for acceptance (`None`: the
    /// route's own page).
    pub(super) gate: fn() -> Option<AnyView>,
}

/// What the `chrome` chunk brings (plain function pointers, built inside the chunk): the
/// header, the desktop layer and the connection banner by number, and the signed-in feeds
/// (the activity's run stream and builds poll, the notifications' and the waiting requests'
/// polls), whose stores the `app` chunk provides: no page waits for the feeds' code (issue
/// 58: with it the `app` chunk was 55 KB gzip more).
#[derive(Clone, Copy)]
pub struct Chrome {
    pub(super) parts: Pages,
    /// Starts the feeds (in the shell's owner, once the terms gate is open: [`AppChunk::start_feeds`]).
    pub(super) feeds: fn(ApiClient, Auth),
}

/// A split point's result on its way (the split function loads its chunk first).
pub(super) type Loader<T> =
    fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, SplitLoaderError>>>>;

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
    state: Slot<AppState>,
    /// A page behind the login has shown: what no page waits for may come now.
    shown: Slot<bool>,
    /// [`AppChunk::page_shown`] waits for the page's heading.
    noted: Kept<bool>,
    /// The header and the desktop layer, once their chunk is in.
    chrome: Slot<Option<Pages>>,
    loading: Kept<bool>,
    owner: Kept<Option<Owner>>,
    api: ApiClient,
    auth: Auth,
    load: Loader<SignedIn>,
}

impl AppChunk {
    /// Provides the handle; called once by the shell, whose owner the chunk's feeds join.
    pub fn provide(api: ApiClient, auth: Auth) -> Self {
        let this = Self {
            state: Slot::new(AppState::Waiting),
            shown: Slot::new(false),
            noted: Kept::new(false),
            chrome: Slot::new(None),
            loading: Kept::new(false),
            owner: Kept::new(Owner::current()),
            api,
            auth,
            load: super::load_signed_in,
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
            let parts = (self.load)().await;
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
}

impl AppChunk {
    /// Loads the chunk when the browser is idle (the login page: the next page needs it).
    pub fn prefetch(self) {
        when_idle(move || self.load());
    }

    /// Runs `f` once a page behind the login has shown (at once if one has).
    pub(super) fn after_page(self, f: impl FnOnce() + 'static) {
        let mut f = Some(f);
        crate::state::effect(move |_| {
            if self.shown.get() {
                if let Some(f) = f.take() {
                    f();
                }
            }
        });
    }

    /// The `chrome` chunk is in: the header and the desktop layer show.
    pub(super) fn set_chrome(self, parts: Pages) {
        self.chrome.set(Some(parts));
    }

    /// Starts the signed-in feeds once (the `chrome` chunk brings them), in the shell's owner,
    /// where their stores are ([`SignedIn::provide`]), once the terms of use are accepted
    /// (at once when they are): nothing is fetched before (state/terms_gate.rs).
    pub(super) fn start_feeds(self, feeds: fn(ApiClient, Auth)) {
        let (api, auth) = (self.api, self.auth);
        let run = move || {
            let Some(gate) = crate::state::terms_gate::TermsGate::use_gate() else {
                return feeds(api, auth);
            };
            // The effect's own owner would drop the feeds at its next run: the shell's keeps them.
            let owner = Owner::current();
            let mut feeds = Some(feeds);
            crate::state::effect(move |_| {
                if gate.is_open() {
                    if let Some(feeds) = feeds.take() {
                        match &owner {
                            Some(o) => o.with(|| feeds(api, auth)),
                            None => feeds(api, auth),
                        }
                    }
                }
            });
        };
        match self.owner.get_value() {
            Some(owner) => owner.with(run),
            None => run(),
        }
    }

    /// Notes that a page's view is built (a page of the first load calls it too: the
    /// not-found page). What no page waits for (the header, the next page's chunks) comes once
    /// its heading is in the document (issue 58: a page's `<h1>` often waits for its data, and
    /// what is fetched before it delays it), at the latest [`HEADING_WAIT_MS`] after the view was
    /// built (a page that failed may have none).
    pub fn page_shown(self) {
        if self.shown.get_untracked() || self.noted.get_value() {
            return;
        }
        self.noted.set_value(true);
        leptos::task::spawn_local(async move {
            let mut waited = 0;
            while waited < HEADING_WAIT_MS && !heading_in_document() {
                crate::state::timer::sleep(std::time::Duration::from_millis(HEADING_CHECK_MS))
                    .await;
                waited += HEADING_CHECK_MS;
            }
            self.shown.set(true);
        });
    }
}

/// How often [`AppChunk::page_shown`] looks for the page's heading, and for how long at most.
const HEADING_CHECK_MS: u64 = 100;
const HEADING_WAIT_MS: u64 = 3_000;

/// Whether the page's `<h1>` is in the document.
fn heading_in_document() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("h1").ok().flatten())
            .is_some()
    }
    #[cfg(not(target_arch = "wasm32"))]
    true
}

/// Runs `f` when the browser is idle (at once where there is no browser).
pub(super) fn when_idle(f: impl FnOnce() + 'static) {
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

/// A part of the shell from the `chrome` chunk, which no page waits for (the header, the desktop
/// layer): nothing until it is in.
pub(super) fn chrome_part(part: usize) -> impl IntoView {
    let app = AppChunk::use_chunk();
    live(move || app.and_then(|a| a.chrome.get()).map(|p| p(part)))
}

/// A chunk's pages and its stylesheets (`styles`: the group of `<link data-chunk>` tags in
/// index.html, `None` for none), fetched once per view.
fn page_resource(
    load: Loader<Pages>,
    styles: Option<&'static str>,
) -> crate::state::Resource<Result<Pages, SplitLoaderError>> {
    crate::state::resource(move || {
        let styles = styles.map(chunk_styles);
        let page = load();
        async move {
            let page = page.await;
            if let Some(styles) = styles {
                styles.await;
            }
            page
        }
    })
}

/// A route's view that loads its chunk (and its stylesheets) beside the `app` chunk, which every
/// page behind the login needs: a loading line, then its page number `page`, or [`ChunkError`].
pub(super) fn lazy_page(
    load: Loader<Pages>,
    page: usize,
    styles: Option<&'static str>,
) -> impl IntoView {
    let app = AppChunk::use_chunk();
    if let Some(app) = app {
        app.load();
    }
    let pages = page_resource(load, styles);
    live(move || match (app.map(|a| a.state.get()), pages.get()) {
        (Some(AppState::Failed) | None, _) | (_, Some(Err(_))) => {
            view! { <ChunkError/> }.into_any()
        }
        (Some(AppState::Ready(parts)), pages) => match ((parts.gate)(), pages) {
            (Some(gated), _) => {
                app.inspect(|a| a.page_shown());
                gated
            }
            (None, Some(Ok(view))) => {
                app.inspect(|a| a.page_shown());
                view(page)
            }
            _ => view! { <Loading label="Loading…"/> }.into_any(),
        },
        _ => view! { <Loading label="Loading…"/> }.into_any(),
    })
}

/// A chunk's view that does not wait for the `app` chunk (it is in, or not needed): `waiting`
/// while the chunk comes, then its page number `page`, or [`ChunkError`].
pub(super) fn chunk_view(
    load: Loader<Pages>,
    page: usize,
    styles: Option<&'static str>,
    waiting: fn() -> AnyView,
) -> impl IntoView {
    let pages = page_resource(load, styles);
    live(move || match pages.get() {
        None => waiting(),
        Some(Ok(view)) => view(page),
        Some(Err(_)) => view! { <ChunkError/> }.into_any(),
    })
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
