//! Helpers shared by the browser tests: mount a view into a fresh container, query it, wait.
#![allow(dead_code)]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// A fresh `<div>` in the body, removed by the returned guard's owner when dropped.
pub struct Mounted {
    pub root: HtmlElement,
    _handle: Box<dyn std::any::Any>,
}

/// Mounts `f` into a new container and returns it; the view lives as long as the result.
pub fn mount<F, V>(f: F) -> Mounted
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
    let document = document();
    let root: HtmlElement = document
        .create_element("div")
        .expect("create div")
        .unchecked_into();
    document
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    let handle = leptos::mount::mount_to(root.clone(), f);
    Mounted {
        root,
        _handle: Box::new(handle),
    }
}

impl Mounted {
    pub fn query(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).ok().flatten()
    }

    pub fn query_all(&self, selector: &str) -> Vec<Element> {
        let list = match self.root.query_selector_all(selector) {
            Ok(l) => l,
            Err(_) => return Vec::new(),
        };
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .collect()
    }

    pub fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    pub fn html(&self) -> String {
        self.root.inner_html()
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

/// Lets the reactive system and the browser run pending work.
pub async fn tick(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// Waits (up to `ms`) until `selector` matches in `m`; the element, or `None` when it never
/// did. For views that render after a request (the login page asks for the login modes).
pub async fn wait_for(m: &Mounted, selector: &str, ms: u32) -> Option<Element> {
    let mut waited = 0;
    loop {
        if let Some(e) = m.query(selector) {
            return Some(e);
        }
        if waited >= ms {
            return None;
        }
        tick(20).await;
        waited += 20;
    }
}

/// Whether `el` holds the SVG icon `name` (`<svg class="icon" data-icon=name>`): icons are
/// SVG, never characters (ui.md).
pub fn has_icon(el: &Element, name: &str) -> bool {
    el.query_selector(&format!("svg.icon[data-icon='{name}']"))
        .ok()
        .flatten()
        .is_some()
}
