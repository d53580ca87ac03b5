//! The file a person chose in an `<input type="file">` and its bytes: what the image fields
//! (a workspace's cover, the platform's and an organization's logo, an app's icon) share before
//! each checks type and size in its own words and makes its data URI.
use wasm_bindgen::JsCast;

/// The input a `change` event came from and the first file chosen in it (`None` when the choice
/// was cancelled). The input is given back so the caller can clear it (`set_value("")`): the same
/// file chosen again then fires `change` again.
pub(crate) fn chosen_file(
    ev: &leptos::ev::Event,
) -> Option<(web_sys::HtmlInputElement, web_sys::File)> {
    let input = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())?;
    let file = input.files().and_then(|f| f.get(0))?;
    Some((input, file))
}

/// Every byte of `file`, or the words to show when the browser could not read it (a file moved
/// or deleted since it was chosen).
pub(crate) async fn file_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
        Ok(buf) => Ok(js_sys::Uint8Array::new(&buf).to_vec()),
        Err(_) => Err("The file could not be read.".to_owned()),
    }
}
