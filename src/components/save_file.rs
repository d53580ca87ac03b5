//! Hands a file the console made or fetched to the browser as a download (the audit log's CSV,
//! an approved request's file): an object URL of the `Blob`, a click on a hidden
//! `<a download>`, the URL freed a minute later (the browser has taken the file by then).
use crate::api::ApiError;

/// Saves `blob` as `name`.
#[cfg(target_arch = "wasm32")]
pub(crate) fn save_blob(blob: &web_sys::Blob, name: &str) -> Result<(), ApiError> {
    use wasm_bindgen::JsCast;
    let url = web_sys::Url::create_object_url_with_blob(blob)
        .map_err(|_| ApiError::Decode("the browser could not keep the file".into()))?;
    if let Some(a) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
    {
        let _ = a.set_attribute("href", &url);
        let _ = a.set_attribute("download", name);
        if let Some(a) = a.dyn_ref::<web_sys::HtmlElement>() {
            a.click();
        }
    }
    leptos::task::spawn_local(async move {
        crate::state::timer::sleep(std::time::Duration::from_secs(60)).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    Ok(())
}

/// Saves the text of `parts`, in order, as `name`.
#[cfg(target_arch = "wasm32")]
pub(crate) fn save_text(parts: &[String], name: &str) -> Result<(), ApiError> {
    let seq = js_sys::Array::new();
    for p in parts {
        seq.push(&wasm_bindgen::JsValue::from_str(p));
    }
    let blob = web_sys::Blob::new_with_str_sequence(&seq)
        .map_err(|_| ApiError::Decode("the browser could not make the file".into()))?;
    save_blob(&blob, name)
}

#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn save_text(_: &[String], _: &str) -> Result<(), ApiError> {
    Err(ApiError::Decode("downloads need a browser".into()))
}
