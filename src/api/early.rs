//! Replies asked for before the app started (issue 30): the start-up script of the release
//! build (scripts/finish-dist.cjs) sends, for a browser signed in before, the GETs that the last
//! load of the same page sent first ([`crate::domain::start_gets`]), and leaves their pending
//! replies in `window.__consoleEarly` (URL → `Promise<Response>`, dropped after 15 s). The
//! client's GET takes a reply from there, once, instead of sending the request again.
//!
//! The client also notes the GETs it sends while this page load's list is being made
//! ([`record`]), and [`begin`] the path the load started at; `state::start_gets` ends that with
//! [`stop_recording`] and keeps the list under that path.
use std::cell::RefCell;

thread_local! {
    /// The GET URLs sent so far in this page load, in order; `None` once the list is made.
    static SENT: RefCell<Option<Vec<String>>> = const { RefCell::new(Some(Vec::new())) };
    /// The path this page load started at ([`begin`]).
    static START_PATH: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Notes the path this page load started at: what the start-up script looks its list up by.
/// Called by `App` first, before the router can redirect (`/` goes to `/workspaces`).
pub(crate) fn begin() {
    #[cfg(target_arch = "wasm32")]
    if let Some(path) = web_sys::window().and_then(|w| w.location().pathname().ok()) {
        START_PATH.with(|p| *p.borrow_mut() = path);
    }
}

/// The path noted by [`begin`] (`""` before it, and off the browser).
pub(crate) fn start_path() -> String {
    START_PATH.with(|p| p.borrow().clone())
}

/// Notes a GET sent (repeats and URLs beyond the list's length are not kept).
pub(crate) fn record(url: &str) {
    SENT.with(|s| {
        if let Some(list) = s.borrow_mut().as_mut() {
            if list.len() < crate::domain::start_gets::MAX_URLS && !list.iter().any(|u| u == url) {
                list.push(url.to_string());
            }
        }
    });
}

/// Ends the noting; what was sent until now.
pub(crate) fn stop_recording() -> Vec<String> {
    SENT.with(|s| s.borrow_mut().take()).unwrap_or_default()
}

/// A pending reply of the start-up script: a `Promise<Response>` (none off the browser).
#[cfg(target_arch = "wasm32")]
pub(crate) type Reply = js_sys::Promise;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) enum Reply {}

/// The reply the start-up script asked for `url`, taken (nobody else gets it).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn take(_url: &str) -> Option<Reply> {
    None
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    /// Replies taken in the last [`SHARED_MS`], by URL: another asker of the same URL meanwhile
    /// (the workspace list, asked by the activity store and the page at once) shares the reply
    /// instead of asking the network again; a later one (a poll's next look) asks anew.
    static TAKEN: RefCell<Vec<(String, Reply, f64)>> = const { RefCell::new(Vec::new()) };
}

/// How long a taken reply is shared with other askers of its URL (ms).
#[cfg(target_arch = "wasm32")]
const SHARED_MS: f64 = 1_000.0;

/// The reply the start-up script asked for `url`, taken: shared with whoever asks for the same
/// URL in the next second ([`response`] gives each a copy), then gone.
#[cfg(target_arch = "wasm32")]
pub(crate) fn take(url: &str) -> Option<Reply> {
    use wasm_bindgen::{JsCast, JsValue};
    let now = js_sys::Date::now();
    let shared = TAKEN.with(|t| {
        let mut t = t.borrow_mut();
        t.retain(|(_, _, at)| now - at < SHARED_MS);
        t.iter()
            .find(|(u, _, _)| u == url)
            .map(|(_, p, _)| p.clone())
    });
    if shared.is_some() {
        return shared;
    }
    let window = web_sys::window()?;
    let early = js_sys::Reflect::get(&window, &JsValue::from_str("__consoleEarly")).ok()?;
    if !early.is_object() {
        return None;
    }
    let key = JsValue::from_str(url);
    let reply = js_sys::Reflect::get(&early, &key).ok()?;
    let promise = reply.dyn_into::<js_sys::Promise>().ok()?;
    let _ = js_sys::Reflect::delete_property(early.unchecked_ref::<js_sys::Object>(), &key);
    TAKEN.with(|t| t.borrow_mut().push((url.to_owned(), promise.clone(), now)));
    Some(promise)
}

/// Shares the reply (`promise`, a copy of a 2xx response: [`read_through`]) of a plain GET of
/// `url` that came while this page load's first GETs are noted ([`record`]) with whoever asks
/// for the same URL in the next [`SHARED_MS`], as a taken early reply is: the views of a page
/// that ask for one list a moment apart (the `app` chunk's feed, then the page once its own chunk
/// is in) send one request. Until the user's first action ([`drop_all`]).
/// Only the workspace list (`GET /workspaces`, whatever its query) is shared so: what a page
/// reads again before it writes (a workspace, a setting, a dev-store key) must never be an
/// earlier reply (the full run found a bookmark and a platform setting written over a change
/// made meanwhile when every reply was shared).
#[cfg(target_arch = "wasm32")]
pub(crate) fn share_recent(url: &str, promise: &js_sys::Promise) {
    if SENT.with(|s| s.borrow().is_none()) || !is_workspace_list(url) {
        return;
    }
    let now = js_sys::Date::now();
    TAKEN.with(|t| {
        let mut t = t.borrow_mut();
        t.retain(|(u, _, at)| u != url && now - at < SHARED_MS);
        t.push((url.to_owned(), promise.clone(), now));
    });
}

/// Whether `url` asks for the workspace list (`…/api/rest/v1/workspaces`, any query).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn is_workspace_list(url: &str) -> bool {
    url.split(['?', '#'])
        .next()
        .is_some_and(|path| path.ends_with("/api/rest/v1/workspaces"))
}

/// Shares a reply with later askers (none off the browser).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn share_recent(_url: &str, _promise: &js_sys::Promise) {}

/// Drops the replies not taken yet: called when a user starts an action
/// (`components::local_action`), after which a reply asked for before it could be out of date,
/// when the login is renewed for new roles (`Auth::refresh`: a reply asked with the token before
/// lacks what they grant), and when the login is lost. (Not on every POST: the start-up's token
/// renewal changes no data and must not waste them.) Their bodies are read already (the start-up
/// script reads each response to its end as it comes and leaves a copy here, [`read_through`]'s
/// way).
#[cfg(target_arch = "wasm32")]
pub(crate) fn drop_all() {
    TAKEN.with(|t| t.borrow_mut().clear());
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(
            &window,
            &wasm_bindgen::JsValue::from_str("__consoleEarly"),
            &wasm_bindgen::JsValue::UNDEFINED,
        );
    }
}

/// A promise of a copy of the response `fetch` (a `Promise<Response>`) gives, the response
/// itself read to its end and thrown away as soon as it comes: the request ends in the browser
/// whether or not anybody reads the copy (whoever awaited it may be gone: a page left, a sign-out),
/// never left open until the response is collected. A failed fetch fails the promise returned.
pub(crate) fn read_through(fetch: &js_sys::Promise) -> js_sys::Promise {
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    let copy = Closure::once_into_js(|reply: JsValue| -> JsValue {
        let Some(response) = reply.dyn_ref::<web_sys::Response>() else {
            return reply;
        };
        let copy = response
            .clone()
            .map(JsValue::from)
            .unwrap_or(JsValue::UNDEFINED);
        if let Ok(read) = response.array_buffer() {
            IGNORE.with(|ignore| {
                let _ = read.catch(ignore);
            });
        }
        copy
    });
    let then = js_sys::Reflect::get(fetch, &JsValue::from_str("then"))
        .ok()
        .and_then(|t| t.dyn_into::<js_sys::Function>().ok());
    let copied = then
        .and_then(|then| then.call1(fetch, &copy).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    match copied {
        Some(copied) => {
            // Nobody may be waiting for it: its failure is not an unhandled rejection.
            IGNORE.with(|ignore| {
                let _ = copied.catch(ignore);
            });
            copied
        }
        None => fetch.clone(),
    }
}

thread_local! {
    /// A failure nobody needs to hear of.
    static IGNORE: wasm_bindgen::closure::Closure<dyn FnMut(wasm_bindgen::JsValue)> =
        wasm_bindgen::closure::Closure::new(|_| {});
}

/// Drops the replies not taken yet (none off the browser).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn drop_all() {}

/// The response of a reply taken with [`take`].
#[cfg(not(target_arch = "wasm32"))]
pub(crate) async fn response(reply: Reply) -> Result<gloo_net::http::Response, String> {
    match reply {}
}

/// The response of a reply taken with [`take`]; a failed fetch's error in words.
#[cfg(target_arch = "wasm32")]
pub(crate) async fn response(reply: Reply) -> Result<gloo_net::http::Response, String> {
    use wasm_bindgen::JsCast;
    let value = wasm_bindgen_futures::JsFuture::from(reply)
        .await
        .map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))?;
    // A copy: the reply may be shared ([`take`]); its own body is never read.
    value
        .dyn_into::<web_sys::Response>()
        .map_err(|_| "the early request gave no response".to_string())?
        .clone()
        .map(gloo_net::http::Response::from)
        .map_err(|_| "the early reply could not be read twice".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_workspace_list_is_shared_after_its_reply() {
        assert!(is_workspace_list(
            "/api/rest/v1/workspaces?pagination.limit=100"
        ));
        assert!(is_workspace_list(
            "https://b.example/api/rest/v1/workspaces"
        ));
        assert!(!is_workspace_list("/api/rest/v1/workspaces/1"));
        assert!(!is_workspace_list("/api/rest/v1/devstore/user"));
        assert!(!is_workspace_list("/api/rest/v1/platform-settings"));
    }

    #[test]
    fn the_list_keeps_each_url_once_until_stopped() {
        record("/api/a");
        record("/api/b");
        record("/api/a");
        assert_eq!(
            stop_recording(),
            vec!["/api/a".to_string(), "/api/b".to_string()]
        );
        record("/api/c");
        assert!(stop_recording().is_empty());
    }
}
