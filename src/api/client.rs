//! The HTTP transport under every endpoint module. One place builds URLs from `apiBaseUrl`
//! (percent-encoding every path segment), sends credentials, decodes the reply and turns every
//! failure into an [`ApiError`]. Every 401 bumps [`ApiClient::unauthorized`], which the app
//! shell turns into a return to the login page; every extension route the backend lacks is
//! remembered ([`ApiClient::supports`]) so that it is never asked again in this page's life.
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use web_sys::{AbortSignal, RequestCredentials};

use super::error::{decode, http_error, ApiError};
pub use super::extension::Extension;
use crate::domain::origin::{frame_url, FrameRefusal};

/// A path built by [`rest`] or [`jobs`]: an error when an id would not stay one path segment.
pub(crate) type Path = Result<String, ApiError>;

/// What the client's calls take as their path: a built [`Path`] (its error is the call's, and
/// nothing is sent) or a plain one.
pub(crate) trait AsPath {
    fn as_path(&self) -> Result<&str, ApiError>;
}

impl AsPath for str {
    fn as_path(&self) -> Result<&str, ApiError> {
        Ok(self)
    }
}

impl AsPath for String {
    fn as_path(&self) -> Result<&str, ApiError> {
        Ok(self)
    }
}

impl AsPath for Path {
    fn as_path(&self) -> Result<&str, ApiError> {
        self.as_deref().map_err(Clone::clone)
    }
}

/// The reply to a conditional GET.
#[derive(Clone, Debug, PartialEq)]
pub enum Conditional<T> {
    /// 304: what we have is still current.
    NotModified,
    Fresh {
        value: T,
        etag: Option<String>,
    },
}

/// A small `Copy` handle on the client, provided through context by the app shell.
#[derive(Clone, Copy)]
pub struct ApiClient {
    base: StoredValue<String>,
    /// Prefix of the iframe pages (`…/stream/`): `streamBaseUrl`, else `apiBaseUrl`. It may
    /// name the session in its host (`{session}`: [`crate::domain::origin::frame_url`]).
    stream_base: StoredValue<String>,
    unauthorized: RwSignal<u32>,
    /// Requests in a row that got no reply at all (network errors; aborted ones not counted):
    /// 0 again on the next reply of any status.
    network_failures: RwSignal<u32>,
    /// Bits of the [`Extension`]s found missing.
    missing: RwSignal<u8>,
}

impl ApiClient {
    pub fn new(api_base_url: &str) -> Self {
        let base = api_base_url.trim_end_matches('/').to_string();
        let missing = super::extension::recall(&base);
        Self {
            stream_base: StoredValue::new(base.clone()),
            base: StoredValue::new(base),
            unauthorized: RwSignal::new(0),
            network_failures: RwSignal::new(0),
            missing: RwSignal::new(missing),
        }
    }

    /// The same client with the iframe pages under `stream_base_url` (a separate origin keeps
    /// a session's desktop from scripting the console, one per session — `{session}` in the
    /// host — keeps the desktops apart); `""` keeps `apiBaseUrl`.
    pub fn with_stream_base(self, stream_base_url: &str) -> Self {
        let s = stream_base_url.trim().trim_end_matches('/');
        if !s.is_empty() {
            self.stream_base.set_value(s.to_string());
        }
        self
    }

    /// The client provided by the app shell.
    pub fn use_client() -> Self {
        expect_context::<ApiClient>()
    }

    /// `apiBaseUrl` + `path`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}", self.base.try_get_value().unwrap_or_default(), path)
    }

    /// The URL of a frame's page `path` of session `session`: the stream prefix with the
    /// session's id in place of `{session}`; refused for an id that is not a host-name label
    /// there (it never goes into a host name).
    pub(crate) fn stream_url(
        &self,
        session: Option<&str>,
        path: &str,
    ) -> Result<String, FrameRefusal> {
        frame_url(&self.stream_template(), session, path)
    }

    /// The prefix of the frame pages as configured (`{session}` not replaced).
    pub(crate) fn stream_template(&self) -> String {
        self.stream_base.try_get_value().unwrap_or_default()
    }

    /// `apiBaseUrl`.
    pub(crate) fn api_base(&self) -> String {
        self.base.try_get_value().unwrap_or_default()
    }

    /// Counts a 401 that means the login is gone. A 401 `INVALID_CREDENTIALS` is not one: it
    /// answers a password or a one-time code the user typed (a change of password, two-factor
    /// set-up, api.md "User self-service"), and the login still holds.
    fn note_refusal(&self, err: &ApiError) {
        if err.status() == Some(401) && err.chorus_code() != Some("INVALID_CREDENTIALS") {
            self.unauthorized.try_update(|n| *n = n.wrapping_add(1));
        }
    }

    /// Counts the 401 replies seen: the app returns to the login page when it changes.
    pub fn unauthorized(&self) -> ReadSignal<u32> {
        self.unauthorized.read_only()
    }

    /// Requests in a row that reached no server (tracks): the offline banner shows from a few.
    pub fn network_failures(&self) -> ReadSignal<u32> {
        self.network_failures.read_only()
    }

    /// Whether the backend has `ext`, as far as this page has seen (tracks).
    pub fn supports(&self, ext: Extension) -> bool {
        self.missing.with(|m| m & ext.bit() == 0)
    }

    fn supports_untracked(&self, ext: Extension) -> bool {
        self.missing
            .try_with_untracked(|m| m & ext.bit() == 0)
            .unwrap_or(true)
    }

    /// Remembers that the backend lacks `ext`: for the rest of the page's life, and for later
    /// visits from this browser (per API origin, until the app's version changes).
    pub fn mark_missing(&self, ext: Extension) {
        if self.supports_untracked(ext) {
            self.missing.try_update(|m| *m |= ext.bit());
            let bits = self.missing.try_get_untracked().unwrap_or(0);
            super::extension::remember(&self.api_base(), bits);
        }
    }

    /// Notes what a session's record says of the backend: one whose records carry none of
    /// this API's extension fields (CHORUS) has no `Stop`/`Start` either, so they are not
    /// offered there (for this page's life only: it is read again from every record).
    pub(crate) fn note_record_shape(&self, reports_extensions: bool) {
        if !reports_extensions && self.supports_untracked(Extension::SessionStopStart) {
            self.missing
                .try_update(|m| *m |= Extension::SessionStopStart.bit());
        }
    }

    /// Runs a call of extension `ext`: refused at once when the backend is known to lack it;
    /// a reply saying "no such route" marks it missing. Both give [`ApiError::Unsupported`].
    pub(crate) async fn extension<T>(
        &self,
        ext: Extension,
        call: impl std::future::Future<Output = Result<T, ApiError>>,
    ) -> Result<T, ApiError> {
        if !self.supports_untracked(ext) {
            return Err(ApiError::Unsupported(ext));
        }
        match call.await {
            Err(e) if e.means_missing_route() => {
                self.mark_missing(ext);
                Err(ApiError::Unsupported(ext))
            }
            other => other,
        }
    }

    /// GET `path`, decoding the whole body as `T`.
    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        path: &(impl AsPath + ?Sized),
    ) -> Result<T, ApiError> {
        let url = self.url(path.as_path()?);
        let text = self.send(Method::GET, &url, None, None, None).await?.1;
        decode(&text)
    }

    /// GET of a frame's page at `url` (on the stream origin): `Ok` on 2xx, the error
    /// otherwise. Not counted among the requests that reached no server: another origin's
    /// page may not let the console read it (CORS), which is no sign of being offline.
    pub(crate) async fn probe(&self, url: &str) -> Result<(), ApiError> {
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

    /// GET with `If-None-Match` (only with an ETag this backend sent); a 304 gives
    /// [`Conditional::NotModified`]. The request is aborted when `signal` fires.
    pub(crate) async fn get_conditional<T: DeserializeOwned>(
        &self,
        path: &(impl AsPath + ?Sized),
        etag: Option<&str>,
        signal: Option<&AbortSignal>,
    ) -> Result<Conditional<T>, ApiError> {
        let url = self.url(path.as_path()?);
        let (status, text, etag) = self.send(Method::GET, &url, None, etag, signal).await?;
        if status == 304 {
            return Ok(Conditional::NotModified);
        }
        Ok(Conditional::Fresh {
            value: decode(&text)?,
            etag,
        })
    }

    /// POST a JSON body, decoding the reply as `T` (`serde_json::Value` to ignore it).
    pub(crate) async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &(impl AsPath + ?Sized),
        body: &B,
    ) -> Result<T, ApiError> {
        self.with_body(Method::POST, path.as_path()?, body, None)
            .await
    }

    /// [`ApiClient::post`], aborted when `signal` fires (a sign-out stops the calls that could
    /// set the login cookie: an aborted reply sets none).
    pub(crate) async fn post_abortable<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &(impl AsPath + ?Sized),
        body: &B,
        signal: Option<&AbortSignal>,
    ) -> Result<T, ApiError> {
        self.with_body(Method::POST, path.as_path()?, body, signal)
            .await
    }

    /// [`ApiClient::get`], aborted when `signal` fires.
    pub(crate) async fn get_abortable<T: DeserializeOwned>(
        &self,
        path: &(impl AsPath + ?Sized),
        signal: Option<&AbortSignal>,
    ) -> Result<T, ApiError> {
        let text = self
            .send(Method::GET, &self.url(path.as_path()?), None, None, signal)
            .await?
            .1;
        decode(&text)
    }

    pub(crate) async fn put<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &(impl AsPath + ?Sized),
        body: &B,
    ) -> Result<T, ApiError> {
        self.with_body(Method::PUT, path.as_path()?, body, None)
            .await
    }

    /// DELETE; an empty reply body decodes as `null`.
    pub(crate) async fn delete<T: DeserializeOwned>(
        &self,
        path: &(impl AsPath + ?Sized),
    ) -> Result<T, ApiError> {
        self.send_abortable(Method::DELETE, path, None::<&()>, None)
            .await
    }

    async fn with_body<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &B,
        signal: Option<&AbortSignal>,
    ) -> Result<T, ApiError> {
        let body = encode(body)?;
        let text = self
            .send(method, &self.url(path), Some(body), None, signal)
            .await?
            .1;
        decode(&text)
    }

    /// PUT of a JSON body that is already a JavaScript string (an upload's part: its bytes,
    /// base64, never copied into the wasm memory), aborted when `signal` fires.
    pub(crate) async fn put_js<T: DeserializeOwned>(
        &self,
        path: &(impl AsPath + ?Sized),
        body: wasm_bindgen::JsValue,
        signal: Option<&AbortSignal>,
    ) -> Result<T, ApiError> {
        let url = self.url(path.as_path()?);
        let text = self
            .send(Method::PUT, &url, Some(body), None, signal)
            .await?
            .1;
        decode(&text)
    }

    /// GET `path` whose JSON reply carries a file's bytes as base64 at `field` (an approved
    /// request's file, api.md): the reply is parsed by the browser and the text decoded a slice
    /// at a time ([`B64_SLICE`] characters) into the parts of a `Blob`, so the wasm memory holds
    /// one slice, never the whole file.
    #[cfg(target_arch = "wasm32")]
    pub(crate) async fn get_base64_blob(
        &self,
        path: &(impl AsPath + ?Sized),
        field: &[&str],
    ) -> Result<web_sys::Blob, ApiError> {
        use wasm_bindgen::{JsCast, JsValue};
        use wasm_bindgen_futures::JsFuture;
        let url = self.url(path.as_path()?);
        let req = RequestBuilder::new(&url)
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
        if !(200..300).contains(&status) {
            let text = resp.text().await.unwrap_or_default();
            let err = http_error(status, &resp.status_text(), &text);
            self.note_refusal(&err);
            return Err(err);
        }
        let bad = |what: &str| ApiError::Decode(what.to_owned());
        let raw: web_sys::Response = resp.into();
        let parsed = raw.json().map_err(|_| bad("the reply could not be read"))?;
        let mut v = JsFuture::from(parsed)
            .await
            .map_err(|_| bad("the reply is not JSON"))?;
        for k in field {
            v = js_sys::Reflect::get(&v, &JsValue::from_str(k))
                .map_err(|_| bad("the reply has no file content"))?;
        }
        let b64: js_sys::JsString = v
            .dyn_into()
            .map_err(|_| bad("the reply has no file content"))?;
        let parts = js_sys::Array::new();
        let len = b64.length();
        let mut at = 0u32;
        while at < len {
            let end = len.min(at + B64_SLICE);
            let slice = String::from(b64.slice(at, end));
            let bytes = crate::domain::token::base64url_decode(&slice)
                .ok_or_else(|| bad("the file's content is not base64"))?;
            parts.push(&js_sys::Uint8Array::from(bytes.as_slice()));
            at = end;
        }
        web_sys::Blob::new_with_u8_array_sequence(&parts)
            .map_err(|_| bad("the file could not be put together"))
    }

    /// `method` with an optional JSON body, aborted when `signal` fires; an empty reply body
    /// decodes as `null` (what [`ApiClient::delete`] is made of).
    pub(crate) async fn send_abortable<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &(impl AsPath + ?Sized),
        body: Option<&B>,
        signal: Option<&AbortSignal>,
    ) -> Result<T, ApiError> {
        let body = body.map(encode).transpose()?;
        let url = self.url(path.as_path()?);
        let text = self.send(method, &url, body, None, signal).await?.1;
        decode(if text.trim().is_empty() {
            "null"
        } else {
            &text
        })
    }

    /// Sends one request. Returns the status (2xx or 304), the body text and the ETag. Only
    /// `Accept`, `Content-Type` (with a body) and `If-None-Match` (with an ETag) are sent: a
    /// CHORUS backend's CORS allows no other header.
    async fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<wasm_bindgen::JsValue>,
        if_none_match: Option<&str>,
        signal: Option<&AbortSignal>,
    ) -> Result<(u16, String, Option<String>), ApiError> {
        let plain_get = method == Method::GET && if_none_match.is_none();
        if plain_get {
            super::early::record(url);
        }
        // A reply the start-up script already asked for (api/early.rs) is taken instead.
        let early = if plain_get && !signal.is_some_and(AbortSignal::aborted) {
            super::early::take(url)
        } else {
            None
        };
        // An early reply that refuses (401/403) was asked with the cookie of before this page's
        // renewal (CHORUS renews it with the roles given since, a new session's among them):
        // it is asked again with the current one rather than believed.
        let early = match early {
            Some(reply) => match super::early::response(reply).await {
                Ok(resp) if matches!(resp.status(), 401 | 403) => None,
                other => Some(other),
            },
            None => None,
        };
        let sent = match early {
            Some(sent) => sent,
            None => {
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

/// A request's JSON body, as the string `fetch` sends.
fn encode<B: Serialize + ?Sized>(body: &B) -> Result<wasm_bindgen::JsValue, ApiError> {
    serde_json::to_string(body)
        .map(Into::into)
        .map_err(|e| ApiError::Decode(format!("could not encode the request: {e}")))
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
/// the one response (its body is never read itself, so every copy can be).
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
            let p = window.fetch_with_request(&raw);
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
    response
        .clone()
        .map(gloo_net::http::Response::from)
        .map_err(|_| "the reply could not be read twice".to_owned())
}

thread_local! {
    /// How far the backend's clock is ahead of this one (ms), from the last `Date` header.
    static SERVER_OFFSET: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

/// Notes a reply's `Date` header: the backend's clock against this one
/// (`domain::server_clock`; a header that does not parse changes nothing). A cross-origin
/// backend that does not expose `Date` leaves the offset at 0.
fn server_date_seen(date: &str) {
    #[cfg(target_arch = "wasm32")]
    let now = js_sys::Date::now() as i64;
    #[cfg(not(target_arch = "wasm32"))]
    let now = 0;
    if let Some(offset) = crate::domain::server_clock::offset_from_date(date, now) {
        SERVER_OFFSET.with(|o| o.set(offset));
    }
}

/// A time the backend wrote (a session's `createdAt`, epoch ms on its clock) on this
/// browser's clock.
pub fn server_to_local_ms(server_ms: i64) -> i64 {
    crate::domain::server_clock::to_local_ms(server_ms, SERVER_OFFSET.with(std::cell::Cell::get))
}

/// Percent-encodes one path segment or query component (RFC 3986 unreserved characters stay).
pub(crate) fn encode_component(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
    out
}

/// A path under `root` (`/api/rest/v1` or `/api`) from its segments, each percent-encoded: the
/// one place where ids enter a URL. A trailing `""` segment gives a trailing slash.
///
/// A segment `.` or `..` is refused, in any spelling: the browser resolves `%2E%2E` as `..`
/// too (WHATWG URL), so no encoding keeps it one segment, and `/workbenches/..` would reach
/// another route than the one meant. So is an empty segment anywhere but last (`//` would
/// reach another route where slashes are merged).
pub(crate) fn path(root: &str, segments: &[&str]) -> Path {
    let mut out = String::from(root);
    for (i, s) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if matches!(*s, "." | "..") || (s.is_empty() && !last) {
            return Err(ApiError::NotAPathSegment((*s).to_string()));
        }
        out.push('/');
        out.push_str(&encode_component(s));
    }
    Ok(out)
}

/// `/api/rest/v1/…` (the CHORUS API).
pub(crate) fn rest(segments: &[&str]) -> Path {
    path("/api/rest/v1", segments)
}

/// `/api/…` (the job service).
pub(crate) fn jobs(segments: &[&str]) -> Path {
    path("/api", segments)
}

/// `path?k=v&k2=v2`, encoding every key and value; repeated keys are fine.
pub(crate) fn with_query(path: &(impl AsPath + ?Sized), params: &[(&str, &str)]) -> Path {
    let mut out = String::from(path.as_path()?);
    for (i, (k, v)) in params.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(&encode_component(k));
        out.push('=');
        out.push_str(&encode_component(v));
    }
    Ok(out)
}

/// The body `{}` of calls that take none (a derived type, so that no JSON value — and none of
/// its float formatting — is serialized).
#[derive(Serialize)]
pub(crate) struct EmptyBody {}

/// How many base64 characters of a file are decoded at once (a multiple of 4: 3 MiB of
/// bytes).
#[cfg(target_arch = "wasm32")]
const B64_SLICE: u32 = 4 * 1024 * 1024;

/// The largest page a list call asks for (CHORUS turns a larger limit into 20).
pub(crate) const MAX_PAGE: u32 = 100;

/// `pagination.offset`, `pagination.limit` (at most [`MAX_PAGE`]) and the order
/// (`pagination.sort.type`, `pagination.sort.order`: CHORUS adds no `ORDER BY` unless asked),
/// which every paged list call sends (api.md, "Order").
pub(crate) fn page_params(
    offset: u64,
    limit: u32,
    order: crate::domain::order::Order,
) -> [(&'static str, String); 4] {
    [
        ("pagination.offset", offset.to_string()),
        ("pagination.limit", limit.clamp(1, MAX_PAGE).to_string()),
        ("pagination.sort.type", order.column.to_string()),
        ("pagination.sort.order", order.direction().to_string()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_query_components() {
        assert_eq!(encode_component("a b&c/é"), "a%20b%26c%2F%C3%A9");
        assert_eq!(
            with_query(
                "/api/rest/v1/workbenches",
                &[
                    ("filter.workspaceIdsIn", "1"),
                    ("filter.workspaceIdsIn", "2")
                ]
            )
            .as_deref(),
            Ok("/api/rest/v1/workbenches?filter.workspaceIdsIn=1&filter.workspaceIdsIn=2")
        );
        assert_eq!(with_query("/x", &[]).as_deref(), Ok("/x"));
        assert_eq!(
            with_query(&rest(&["users", ".."]), &[("a", "b")]),
            Err(ApiError::NotAPathSegment("..".into()))
        );
    }

    #[test]
    fn paths_encode_every_segment() {
        let ok = |p: Path| p.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            ok(rest(&["workbenches", "5"])),
            "/api/rest/v1/workbenches/5"
        );
        assert_eq!(
            ok(rest(&["app-instances", "a/b", "stream", ""])),
            "/api/rest/v1/app-instances/a%2Fb/stream/"
        );
        assert_eq!(
            ok(rest(&["workbenches", "../x"])),
            "/api/rest/v1/workbenches/..%2Fx"
        );
        assert_eq!(
            ok(rest(&["workbenches", "%2E%2E"])),
            "/api/rest/v1/workbenches/%252E%252E"
        );
        assert_eq!(
            ok(rest(&["workbenches", "..."])),
            "/api/rest/v1/workbenches/..."
        );
        assert_eq!(
            ok(rest(&["app-instances", "7"])),
            "/api/rest/v1/app-instances/7"
        );
        assert_eq!(
            ok(with_query(
                &rest(&["app-instances"]),
                &[("filter.workbenchIdsIn", "5")]
            )),
            "/api/rest/v1/app-instances?filter.workbenchIdsIn=5"
        );
        assert_eq!(ok(jobs(&["runs", "stream"])), "/api/runs/stream");
    }

    /// The browser resolves `.` and `..` in every spelling (`%2E%2E` included: WHATWG URL), so
    /// such an id is refused, never sent as a step up the path.
    #[test]
    fn dot_segments_are_refused() {
        for id in [".", ".."] {
            let refused = Err(ApiError::NotAPathSegment(id.into()));
            assert_eq!(rest(&["workbenches", id]), refused);
            assert_eq!(rest(&["workbenches", id, "stream", ""]), refused);
            assert_eq!(jobs(&["runs", id, "stop"]), refused);
        }
        assert_eq!(
            rest(&["users", "", "role"]),
            Err(ApiError::NotAPathSegment(String::new()))
        );
        let e = rest(&["workbenches", ".."]).unwrap_err();
        assert_eq!(e.kind(), super::super::error::ErrorKind::Invalid);
        assert!(!e.is_transient());
        assert!(
            e.message().contains("\u{201c}..\u{201d}"),
            "{}",
            e.message()
        );
    }

    #[test]
    fn pages_are_at_most_a_hundred_and_ask_for_an_order() {
        use crate::domain::order::Order;
        let [o, l, t, d] = page_params(40, 500, Order::SESSIONS);
        assert_eq!(o, ("pagination.offset", "40".to_string()));
        assert_eq!(l, ("pagination.limit", "100".to_string()));
        assert_eq!(t, ("pagination.sort.type", "createdat".to_string()));
        assert_eq!(d, ("pagination.sort.order", "desc".to_string()));
        assert_eq!(page_params(0, 0, Order::USERS)[1].1, "1");
        assert_eq!(page_params(0, 1, Order::USERS)[3].1, "asc");
    }
}
