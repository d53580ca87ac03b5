//! The pages the first load does without (issue 20): each is a split point of the wasm, a chunk
//! that `scripts/build.sh` cuts out (`wasm-split-cli`) and the browser fetches on the first visit.
//! Admin (roles and users, one chunk), activity, a workspace's members and the session page (its
//! timeline, start log and details with it). Only the split functions below may name these pages: a page named from
//! anywhere else in the first load would be pulled back into it.
//!
//! A chunk may fail to arrive (offline, a 404 after a deploy, an aborted fetch). The split points
//! are `fallible` (`wasm_split_macros`): the failure comes back as `Err`, never as a panic (a
//! panic aborts the whole wasm), and the route shows [`ChunkError`] with a Reload button while
//! the other pages keep working. A failed load is not remembered: the next visit tries again.
//!
//! Only the release wasm is split (`cfg(console_split)`, set by build.rs): elsewhere (native tests,
//! the browser tests, `trunk serve`) the same functions run directly, in the one module.
use leptos::prelude::*;
#[cfg(console_split)]
use leptos::wasm_split::wasm_split;
use leptos::wasm_split::SplitLoaderError;

use crate::components::loading::Loading;

/// A page's view, built inside its chunk (a plain function pointer: it crosses the split point).
pub type PageView = fn() -> AnyView;

#[cfg_attr(console_split, wasm_split(admin, fallible, wasm_split_path = ::leptos::wasm_split))]
fn admin_roles_page() -> Result<PageView, SplitLoaderError> {
    Ok(|| view! { <super::admin_roles::AdminRolesPage/> }.into_any())
}

#[cfg_attr(console_split, wasm_split(admin, fallible, wasm_split_path = ::leptos::wasm_split))]
fn admin_users_page() -> Result<PageView, SplitLoaderError> {
    Ok(|| view! { <super::admin_users::AdminUsersPage/> }.into_any())
}

#[cfg_attr(console_split, wasm_split(activity, fallible, wasm_split_path = ::leptos::wasm_split))]
fn activity_page() -> Result<PageView, SplitLoaderError> {
    Ok(|| view! { <super::activity::ActivityPage/> }.into_any())
}

#[cfg_attr(console_split, wasm_split(members, fallible, wasm_split_path = ::leptos::wasm_split))]
fn members_page() -> Result<PageView, SplitLoaderError> {
    Ok(|| view! { <super::members::MembersPage/> }.into_any())
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

/// `/admin/roles`, loaded on demand.
pub fn admin_roles() -> impl IntoView {
    lazy_page(|| load!(admin_roles_page))
}

/// `/admin/users`, loaded on demand (same chunk as the roles).
pub fn admin_users() -> impl IntoView {
    lazy_page(|| load!(admin_users_page))
}

/// `/activity`, loaded on demand.
pub fn activity() -> impl IntoView {
    lazy_page(|| load!(activity_page))
}

/// `/workspaces/:workspaceId/members`, loaded on demand.
pub fn members() -> impl IntoView {
    lazy_page(|| load!(members_page))
}

/// `/workspaces/:workspaceId/sessions/:sessionId`, loaded on demand.
pub fn session() -> impl IntoView {
    lazy_page(|| load!(session_page))
}

/// Fetches the session page's chunk when the browser is idle (the likely next page from a
/// workspace). A failure is ignored here: the page itself tries again and says so.
pub fn prefetch_session_page() {
    #[cfg(console_split)]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let fetch = Closure::once_into_js(|| {
            leptos::task::spawn_local(async {
                let _ = preload_session_chunk().await;
            });
        });
        if let Some(window) = web_sys::window() {
            let _ = window.request_idle_callback(fetch.unchecked_ref());
        }
    }
}

type Loader = fn() -> std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<PageView, SplitLoaderError>>>,
>;

/// A route's view that loads its chunk first: a loading line, then the page, or [`ChunkError`].
fn lazy_page(load: Loader) -> impl IntoView {
    let page = LocalResource::new(load);
    move || match page.get() {
        None => view! { <Loading label="Loading…"/> }.into_any(),
        Some(Ok(view)) => view(),
        Some(Err(_)) => view! { <ChunkError/> }.into_any(),
    }
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
