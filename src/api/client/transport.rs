//! Sending one request: credentials, the start-up script's early replies, one shared GET per
//! URL in flight, the count of requests that reached no server, the backend's clock from each
//! reply's `Date`, and every failure as an [`ApiError`].
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::*;
use web_sys::{AbortSignal, RequestCredentials};

use super::super::error::{http_error, ApiError};
use super::handle::ApiClient;
use super::server_clock::server_date_seen;

impl ApiClient {
    /// GET of a frame's page at `url` (on the stream origin): `Ok` on 2xx, the error
    /// otherwise. Not counted among the requests that reached no server: another origin's
    /// page may not let the console read it (CORS), which is no sign of being offline.
    pub(crate) async fn probe(&self, url: &str) -> Result<(), ApiError> {
        super::before_sending().await;
        let req = RequestBuilder::new(url)
            .method(Method::GET)
            .credentials(RequestCredentials::Include)
            .header("Accept", "application/json")
            .build()
            .map_err(|e| ApiError::Network(e.to_string()))?;
        let resp = req
            .send()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))?;
        let status = resp.status();
        if (200..300).contains(&status) {
            return Ok(());
        }
        let text = resp.text().await.unwrap_or_default();
        Err(http_error(status, &resp.status_text(), &text))
    }

    /// Whether a stream at `url` (an `EventSource` URL) would open: `Ok` on 2xx (the body is not
    /// read: the request is aborted once the headers came), else the error reply, read whole.
    /// An `EventSource` cannot tell a missing route from a failure; this can.
    pub(crate) async fn check_stream(&self, url: &str) -> Result<(), ApiError> {
        super::before_sending().await;
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.as_ref().map(web_sys::AbortController::signal);
        let req = RequestBuilder::new(url)
            .method(Method::GET)
            .credentials(RequestCredentials::Include)
            .header("Accept", "text/event-stream")
            .abort_signal(signal.as_ref())
            .build()
            .map_err(|e| ApiError::Network(e.to_string()))?;
        let resp = req
            .send()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))?;
        let status = resp.status();
        if (200..300).contains(&status) {
            if let Some(c) = controller {
                c.abort();
            }
            return Ok(());
        }
        let text = resp.text().await.unwrap_or_default();
        Err(http_error(status, &resp.status_text(), &text))
    }

    /// Sends one request. Returns the status (2xx or 304), the body text and the ETag. Only
    /// `Accept`, `Content-Type` (with a body) and `If-None-Match` (with an ETag) are sent: a
    /// CHORUS backend's CORS allows no other header.
    pub(super) async fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<wasm_bindgen::JsValue>,
        if_none_match: Option<&str>,
        signal: Option<&AbortSignal>,
    ) -> Result<(u16, String, Option<String>), ApiError> {
        let plain_get = method == Method::GET && if_none_match.is_none();
        if plain_get {
            super::super::early::record(url);
        }
        // A reply the start-up script already asked for (api/early.rs) is taken instead.
        let early = if plain_get && !signal.is_some_and(AbortSignal::aborted) {
            super::super::early::take(url)
        } else {
            None
        };
        // An early reply that refuses (401/403) was asked with the cookie of before this page's
        // renewal (CHORUS renews it with the roles given since, a new session's among them):
        // it is asked again with the current one rather than believed.
        let early = match early {
            Some(reply) => match super::super::early::response(reply).await {
                Ok(resp) if matches!(resp.status(), 401 | 403) => None,
                other => Some(other),
            },
            None => None,
        };
        let sent = match early {
            Some(sent) => sent,
            None => {
                // Nothing is tried while the browser says it is offline (ui.md, "Offline").
                super::before_sending().await;
                let mut req = RequestBuilder::new(url)
                    .method(method)
                    .credentials(RequestCredentials::Include)
                    .header("Accept", "application/json")
                    .abort_signal(signal);
                if let Some(etag) = if_none_match {
                    req = req.header("If-None-Match", etag);
                }
                let req = match body {
                    Some(b) => req.header("Content-Type", "application/json").body(b),
                    None => req.build(),
                }
                .map_err(|e| ApiError::Network(e.to_string()))?;
                if plain_get && signal.is_none() {
                    shared_get(url, req).await
                } else {
                    req.send().await.map_err(|e| e.to_string())
                }
            }
        };
        let resp = match sent {
            Ok(resp) => resp,
            Err(e) => {
                if !signal.is_some_and(AbortSignal::aborted) {
                    self.network_failures
                        .try_update(|n| *n = n.saturating_add(1));
                }
                return Err(ApiError::Network(e));
            }
        };
        if self
            .network_failures
            .try_with_untracked(|n| *n != 0)
            .unwrap_or(false)
        {
            self.network_failures.try_set(0);
        }
        let status = resp.status();
        if let Some(date) = resp.headers().get("Date") {
            server_date_seen(&date);
        }
        let etag = resp.headers().get("ETag").filter(|e| !e.trim().is_empty());
        let text = resp
            .text()
            .await
            .map_err(|e| ApiError::Network(format!("the reply was cut off: {e}")))?;
        if status == 304 || (200..300).contains(&status) {
            return Ok((status, text, etag));
        }
        let err = http_error(status, &resp.status_text(), &text);
        self.note_refusal(&err);
        Err(err)
    }
}

thread_local! {
    /// Plain GETs in flight, by URL: a second asker of the same URL meanwhile (the workspace
    /// list, asked by the activity store and the page at once) waits for the same reply.
    static IN_FLIGHT: std::cell::RefCell<Vec<(String, js_sys::Promise)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Forgets the GETs in flight (a sign-out): a later asker of the same URL, maybe another
/// user, sends its own request instead of sharing a reply asked with the previous login.
pub(crate) fn forget_shared_gets() {
    IN_FLIGHT.with(|f| f.borrow_mut().clear());
}

/// Sends plain GET `req` of `url`, or joins the same GET in flight: each asker reads a copy of
/// the one response (a copy of it itself, [`read_through`](super::super::early::read_through):
/// never read, so every copy can be).
async fn shared_get(
    url: &str,
    req: gloo_net::http::Request,
) -> Result<gloo_net::http::Response, String> {
    use wasm_bindgen::JsCast;
    let joined = IN_FLIGHT.with(|f| {
        f.borrow()
            .iter()
            .find(|(u, _)| u == url)
            .map(|(_, p)| p.clone())
    });
    let promise = match joined {
        Some(p) => p,
        None => {
            let Some(window) = web_sys::window() else {
                return req.send().await.map_err(|e| e.to_string());
            };
            let raw: web_sys::Request = req.into();
            // Read to its end whether or not an asker is still there when it comes.
            let p = super::super::early::read_through(&window.fetch_with_request(&raw));
            IN_FLIGHT.with(|f| f.borrow_mut().push((url.to_owned(), p.clone())));
            p
        }
    };
    let settled = wasm_bindgen_futures::JsFuture::from(promise.clone()).await;
    IN_FLIGHT.with(|f| {
        f.borrow_mut()
            .retain(|(_, p)| !js_sys::Object::is(p.as_ref(), promise.as_ref()));
    });
    let value = settled.map_err(|e| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "the request failed".to_owned())
    })?;
    let response: web_sys::Response = value
        .dyn_into()
        .map_err(|_| "the request gave no response".to_owned())?;
    if response.ok() {
        // An asker of the same URL a moment later, while the page load's first GETs go out.
        super::super::early::share_recent(url, &promise);
    }
    response
        .clone()
        .map(gloo_net::http::Response::from)
        .map_err(|_| "the reply could not be read twice".to_owned())
}
