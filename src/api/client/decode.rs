//! The JSON calls: a body encoded, a reply decoded as the caller's type (`GET`, conditional
//! `GET`, `POST`, `PUT`, `DELETE`, and a part's `PUT` whose body is already a JavaScript string).
use gloo_net::http::Method;
use serde::{de::DeserializeOwned, Serialize};
use web_sys::AbortSignal;

use super::super::error::{decode, ApiError};
use super::handle::ApiClient;
use super::paths::AsPath;

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

impl ApiClient {
    /// GET `path`, decoding the whole body as `T`.
    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        path: &(impl AsPath + ?Sized),
    ) -> Result<T, ApiError> {
        let url = self.url(path.as_path()?);
        let text = self.send(Method::GET, &url, None, None, None).await?.1;
        decode(&text)
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

    /// [`ApiClient::get_conditional`] that also leaves undecoded a reply whose body is the one
    /// of digest `same_as` (a backend without ETags sends the whole record at every poll: one
    /// of 1 MB took a second to decode and show each time, issue 56):
    /// [`Conditional::NotModified`] then. Returns the digest of the body last read.
    pub(crate) async fn get_unless_same<T: DeserializeOwned>(
        &self,
        path: &(impl AsPath + ?Sized),
        etag: Option<&str>,
        same_as: Option<u64>,
        signal: Option<&AbortSignal>,
    ) -> Result<(Conditional<T>, Option<u64>), ApiError> {
        let url = self.url(path.as_path()?);
        let (status, text, etag) = self.send(Method::GET, &url, None, etag, signal).await?;
        if status == 304 {
            return Ok((Conditional::NotModified, same_as));
        }
        let digest = crate::domain::text::digest(&text);
        if same_as == Some(digest) {
            return Ok((Conditional::NotModified, same_as));
        }
        let value = decode(&text)?;
        Ok((Conditional::Fresh { value, etag }, Some(digest)))
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
}

/// A request's JSON body, as the string `fetch` sends.
fn encode<B: Serialize + ?Sized>(body: &B) -> Result<wasm_bindgen::JsValue, ApiError> {
    serde_json::to_string(body)
        .map(Into::into)
        .map_err(|e| ApiError::Decode(format!("could not encode the request: {e}")))
}

/// The body `{}` of calls that take none (a derived type, so that no JSON value — and none of
/// its float formatting — is serialized).
#[derive(Serialize)]
pub(crate) struct EmptyBody {}
