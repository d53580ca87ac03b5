//! The HTTP client. One place builds URLs from `apiBaseUrl`, sends credentials, decodes the
//! `{"result": …}` envelope and turns every failure into an [`ApiError`]. Every 401 bumps
//! [`ApiClient::unauthorized`], which the app shell turns into a return to the login page.
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use web_sys::{AbortSignal, RequestCredentials};

use super::error::{decode, http_error, ApiError};
use super::wire::common::Envelope;

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
    unauthorized: RwSignal<u32>,
}

impl ApiClient {
    pub fn new(api_base_url: &str) -> Self {
        Self {
            base: StoredValue::new(api_base_url.trim_end_matches('/').to_string()),
            unauthorized: RwSignal::new(0),
        }
    }

    /// The client provided by the app shell.
    pub fn use_client() -> Self {
        expect_context::<ApiClient>()
    }

    /// `apiBaseUrl` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base.try_get_value().unwrap_or_default(), path)
    }

    /// Counts the 401 replies seen: the app returns to the login page when it changes.
    pub fn unauthorized(&self) -> ReadSignal<u32> {
        self.unauthorized.read_only()
    }

    /// GET `path`, decoding `T` from the whole body (for replies without an envelope).
    pub async fn get_raw<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let text = self.send(Method::GET, path, None, &[], None).await?.1;
        decode(&text)
    }

    /// GET `path`, decoding the `{"result": T}` envelope.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<Envelope<T>, ApiError> {
        self.get_raw(path).await
    }

    /// GET with `If-None-Match`; a 304 gives [`Conditional::NotModified`]. The request is
    /// aborted when `signal` fires.
    pub async fn get_conditional<T: DeserializeOwned>(
        &self,
        path: &str,
        etag: Option<&str>,
        signal: Option<&AbortSignal>,
    ) -> Result<Conditional<Envelope<T>>, ApiError> {
        let headers: Vec<(&str, &str)> = etag.map(|e| ("If-None-Match", e)).into_iter().collect();
        let (status, text, etag) = self.send(Method::GET, path, None, &headers, signal).await?;
        if status == 304 {
            return Ok(Conditional::NotModified);
        }
        Ok(Conditional::Fresh {
            value: decode(&text)?,
            etag,
        })
    }

    /// POST a JSON body, decoding the reply as `T` (pass `serde_json::Value` to ignore it).
    pub async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.with_body(Method::POST, path, body).await
    }

    pub async fn put<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.with_body(Method::PUT, path, body).await
    }

    pub async fn delete<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let text = self.send(Method::DELETE, path, None, &[], None).await?.1;
        if text.trim().is_empty() {
            // Some backends answer DELETE with an empty body.
            return decode("null");
        }
        decode(&text)
    }

    async fn with_body<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        let body = serde_json::to_string(body)
            .map_err(|e| ApiError::Decode(format!("could not encode the request: {e}")))?;
        let text = self.send(method, path, Some(body), &[], None).await?.1;
        decode(&text)
    }

    /// Sends one request. Returns the status (2xx or 304), the body text and the ETag.
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        headers: &[(&str, &str)],
        signal: Option<&AbortSignal>,
    ) -> Result<(u16, String, Option<String>), ApiError> {
        let mut req = RequestBuilder::new(&self.url(path))
            .method(method)
            .credentials(RequestCredentials::Include)
            .header("Accept", "application/json")
            .abort_signal(signal);
        for (k, v) in headers {
            req = req.header(k, v);
        }
        let req = match body {
            Some(b) => req.header("Content-Type", "application/json").body(b),
            None => req.build(),
        }
        .map_err(|e| ApiError::Network(e.to_string()))?;
        let resp = req
            .send()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))?;
        let status = resp.status();
        let etag = resp.headers().get("ETag");
        let text = resp
            .text()
            .await
            .map_err(|e| ApiError::Network(format!("the reply was cut off: {e}")))?;
        if status == 304 || (200..300).contains(&status) {
            return Ok((status, text, etag));
        }
        if status == 401 {
            self.unauthorized.try_update(|n| *n = n.wrapping_add(1));
        }
        Err(http_error(status, &resp.status_text(), &text))
    }
}

/// Percent-encodes one query component (RFC 3986 unreserved characters stay as they are).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `path?k=v&k2=v2`, encoding every key and value; repeated keys are fine.
pub fn with_query(path: &str, params: &[(&str, &str)]) -> String {
    if params.is_empty() {
        return path.to_string();
    }
    let q: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect();
    format!("{path}?{}", q.join("&"))
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
            ),
            "/api/rest/v1/workbenches?filter.workspaceIdsIn=1&filter.workspaceIdsIn=2"
        );
        assert_eq!(with_query("/x", &[]), "/x");
    }
}
