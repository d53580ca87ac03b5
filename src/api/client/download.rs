//! A file that comes whole in one JSON reply, as base64 (an approved request's file, api.md):
//! decoded a slice at a time into a `Blob`, so the wasm memory never holds the whole file.
use gloo_net::http::{Method, RequestBuilder};
use web_sys::RequestCredentials;

use super::super::error::{http_error, ApiError};
use super::handle::ApiClient;
use super::paths::AsPath;

/// How many base64 characters of a file are decoded at once (a multiple of 4: 3 MiB of
/// bytes).
const B64_SLICE: u32 = 4 * 1024 * 1024;

impl ApiClient {
    /// GET `path` whose JSON reply carries a file's bytes as base64 at `field` (an approved
    /// request's file, api.md): the reply is parsed by the browser and the text decoded a slice
    /// at a time ([`B64_SLICE`] characters) into the parts of a `Blob`, so the wasm memory holds
    /// one slice, never the whole file.
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
}
