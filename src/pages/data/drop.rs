//! Folders dropped on the table (ui.md, "folder upload"): the drop's entries
//! (`DataTransferItem.webkitGetAsEntry`, taken while the drop event lasts), then each folder read
//! down (`createReader().readEntries`, a page of entries at a time, until an empty one), every
//! file with its path from the dropped folder (`tree/a/b.txt`), an empty folder as `tree/e/`.
//! Called through `Reflect`: the browser's `FileSystemEntry` API, nothing to compile in.
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The drop's entries (to be taken before the drop event returns: the list empties after).
pub(super) fn entries(dt: &web_sys::DataTransfer) -> Vec<JsValue> {
    let Ok(items) = Reflect::get(dt, &"items".into()) else {
        return Vec::new();
    };
    let n = Reflect::get(&items, &"length".into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0) as u32;
    (0..n)
        .filter_map(|i| {
            let item = Reflect::get(&items, &i.into()).ok()?;
            let entry = call0(&item, "webkitGetAsEntry").ok()?;
            (!entry.is_null() && !entry.is_undefined()).then_some(entry)
        })
        .collect()
}

/// Whether an entry is a folder.
pub(super) fn is_folder(entry: &JsValue) -> bool {
    Reflect::get(entry, &"isDirectory".into())
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

fn call0(target: &JsValue, method: &str) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(target, &method.into())?.dyn_into()?;
    f.call0(target)
}

/// A callback-style method (`method(success, error)`) as a promise.
async fn promised(target: &JsValue, method: &str) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(target, &method.into())?.dyn_into()?;
    let target = target.clone();
    let promise = Promise::new(&mut |resolve, reject| {
        if let Err(e) = f.call2(&target, &resolve, &reject) {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    });
    JsFuture::from(promise).await
}

fn name_of(entry: &JsValue) -> String {
    Reflect::get(entry, &"name".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Every file under `roots` with its path from the dropped folder (a loose file: its name); an
/// empty folder as its path with `/`. What cannot be read is left out.
pub(super) async fn walk(roots: Vec<JsValue>) -> Vec<(String, Option<web_sys::File>)> {
    let mut out = Vec::new();
    let mut stack: Vec<(String, JsValue)> =
        roots.into_iter().map(|e| (name_of(&e), e)).rev().collect();
    while let Some((path, entry)) = stack.pop() {
        if is_folder(&entry) {
            let Ok(reader) = call0(&entry, "createReader") else {
                continue;
            };
            let mut children = Vec::new();
            while let Ok(page) = promised(&reader, "readEntries").await {
                let page: Array = page.unchecked_into();
                if page.length() == 0 {
                    break;
                }
                children.extend(page.iter());
            }
            if children.is_empty() {
                out.push((format!("{path}/"), None));
            }
            for child in children.into_iter().rev() {
                let p = format!("{path}/{}", name_of(&child));
                stack.push((p, child));
            }
        } else if let Ok(file) = promised(&entry, "file").await {
            if let Ok(file) = file.dyn_into::<web_sys::File>() {
                out.push((path, Some(file)));
            }
        }
    }
    out
}
