//! A chunk's stylesheets (pages/lazy.rs): the build turns their `<link data-chunk>` tags into
//! `<meta name="console-chunk-css">` entries (scripts/finish-dist.cjs), added to the page here
//! before the chunk's view shows. Debug builds keep the links.

/// Adds the stylesheets of `chunk` to the page (once per chunk) and resolves when they are in,
/// or failed: a missing stylesheet never keeps a page from showing. The build lists them as
/// `<meta name="console-chunk-css" data-chunk=… content=href data-integrity=… data-order=…>`;
/// each becomes a `<link rel="stylesheet">` placed in index.html's order among the others.
#[cfg(target_arch = "wasm32")]
pub(super) fn chunk_styles(chunk: &'static str) -> impl std::future::Future<Output = ()> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static STARTED: RefCell<HashMap<&'static str, js_sys::Promise>> = RefCell::default();
    }
    let promise = STARTED.with(|started| {
        if let Some(p) = started.borrow().get(chunk) {
            return Some(p.clone());
        }
        let p = add_chunk_styles(chunk)?;
        started.borrow_mut().insert(chunk, p.clone());
        Some(p)
    });
    async move {
        if let Some(p) = promise {
            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
            apply_low_sheets();
        }
    }
}

/// The stylesheets fetched at low priority (the login page's prefetch) apply to the screen.
#[cfg(target_arch = "wasm32")]
fn apply_low_sheets() {
    use wasm_bindgen::JsCast;
    let Some(links) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all("link[data-low]").ok())
    else {
        return;
    };
    for i in 0..links.length() {
        if let Some(link) = links
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            let _ = link.remove_attribute("media");
            let _ = link.remove_attribute("data-low");
        }
    }
}

thread_local! {
    /// Whether a chunk's stylesheets go at low priority (the login page's prefetch,
    /// `next_page::set_chunk_priority`): fetched for print, then applied.
    static LOW_PRIORITY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Sets whether the stylesheets of chunks added from now on go at low priority.
pub(super) fn set_low_priority(low: bool) {
    LOW_PRIORITY.set(low);
}

#[cfg(not(target_arch = "wasm32"))]
pub(super) fn chunk_styles(_chunk: &'static str) -> impl std::future::Future<Output = ()> {
    std::future::ready(())
}

#[cfg(target_arch = "wasm32")]
fn add_chunk_styles(chunk: &str) -> Option<js_sys::Promise> {
    use wasm_bindgen::JsCast;
    let doc = web_sys::window()?.document()?;
    let head = doc.head()?;
    let metas = doc
        .query_selector_all(&format!(
            "meta[name=\"console-chunk-css\"][data-chunk=\"{chunk}\"]"
        ))
        .ok()?;
    let order_of = |el: &web_sys::Element| -> u32 {
        el.get_attribute("data-order")
            .and_then(|o| o.parse().ok())
            .unwrap_or(u32::MAX)
    };
    let all = js_sys::Array::new();
    for i in 0..metas.length() {
        let Some(meta) = metas
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let Some(href) = meta.get_attribute("content") else {
            continue;
        };
        let Ok(link) = doc.create_element("link") else {
            continue;
        };
        let _ = link.set_attribute("rel", "stylesheet");
        if LOW_PRIORITY.get() {
            // A stylesheet for another medium is fetched at the lowest priority (`fetchpriority`
            // lowers a stylesheet only to High); it applies once in ([`apply_low_sheets`]).
            let _ = link.set_attribute("media", "print");
            let _ = link.set_attribute("data-low", "");
        }
        let _ = link.set_attribute("href", &href);
        if let Some(integrity) = meta.get_attribute("data-integrity") {
            let _ = link.set_attribute("integrity", &integrity);
            let _ = link.set_attribute("crossorigin", "anonymous");
        }
        let order = order_of(&meta);
        let _ = link.set_attribute("data-order", &order.to_string());
        let loaded = js_sys::Promise::new(&mut |resolve, _reject| {
            if let Some(el) = link.dyn_ref::<web_sys::HtmlElement>() {
                el.set_onload(Some(&resolve));
                el.set_onerror(Some(&resolve));
            }
        });
        // Before the first stylesheet that comes later in index.html's order (the cascade as
        // with every link in the page), else last.
        let next = head
            .query_selector_all("link[rel=\"stylesheet\"][data-order]")
            .ok()
            .and_then(|links| {
                (0..links.length())
                    .filter_map(|j| links.item(j)?.dyn_into::<web_sys::Element>().ok())
                    .find(|l| order_of(l) > order)
            });
        let _ = head.insert_before(&link, next.as_ref().map(|n| n.as_ref()));
        all.push(&loaded);
    }
    Some(js_sys::Promise::all(&all))
}
