//! What every page shares for keyboard and screen-reader users (ui.md, "Everyone: accessibility
//! the tests check"): the skip link, the page's title and focus on the new page's heading after
//! a navigation inside the app (in the first load; the rest of focus is `focus_keeper.rs`).
use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

use crate::components::on::OnAttribute;
use crate::state::timer::Delay;

/// How often, and how many times, a navigation looks for the new page's `<h1>` (a lazy page
/// comes in when its chunk has arrived).
const LOOK_EVERY: Duration = Duration::from_millis(50);
const LOOKS: u32 = 200;

/// The page's document (none outside a browser).
pub(crate) fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Focuses `el` for a script (not in the Tab order: `tabindex=-1`), without scrolling past the
/// header.
pub(crate) fn focus_programmatically(el: &web_sys::HtmlElement) {
    if !el.has_attribute("tabindex") {
        let _ = el.set_attribute("tabindex", "-1");
    }
    let _ = el.focus();
}

/// `Skip to content`: the first Tab stop of every page; Enter puts focus on `<main>` itself, so
/// that the next Tab is main's first control (a bare `#main` link only scrolls).
#[component]
pub fn SkipLink() -> impl IntoView {
    let skip = move |ev: web_sys::MouseEvent| {
        let Some(doc) = document() else { return };
        let main = doc
            .get_element_by_id("main")
            .or_else(|| doc.query_selector("main").ok().flatten())
            .and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(main) = main {
            ev.prevent_default();
            focus_programmatically(&main);
            main.scroll_into_view();
        }
    };
    view! { <a class="skip-link" href="#main" on:click=skip>"Skip to content"</a> }
}

/// Keeps `document.title` to the page shown (state/page_title.rs) and moves focus to the new
/// page's `<h1>` after a navigation inside the app (never leaving it on `<body>`). Renders
/// nothing; one inside the router. Focus kept on the page between navigations, and out from
/// under the header, is [`super::focus_keeper::FocusKeeper`]'s (with the header, issue 58).
#[component]
pub fn PageChange() -> impl IntoView {
    let location = use_location();
    let path = location.pathname;
    // The element focused last, for the inline form or dialog it opens to give focus back to
    // (focus_return.rs): from the first load on, since a keyboard user can open one before the
    // header's `chrome` chunk is in (CI found Escape leaving focus nowhere so).
    let remember = window_event_listener(leptos::ev::focusin, |ev| {
        if let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            crate::components::focus_return::remember_focus(&el);
        }
    });
    on_cleanup(move || remember.remove());
    // The name this browser kept, until the header reads it again (state/branding.rs).
    crate::state::page_title::set_platform(crate::state::branding::cached().name.as_deref());
    crate::state::effect(move |_| {
        let title = crate::state::page_title::title_for(&path.get());
        if let Some(doc) = document() {
            if doc.title() != title {
                doc.set_title(&title);
            }
        }
    });
    let look = Delay::new();
    crate::state::effect(move |prev: Option<String>| {
        let now = path.get();
        if prev.is_some_and(|p| p != now) {
            let before = document().and_then(|d| d.active_element());
            // After the new page's first render: the old page's heading is gone by then.
            look.start(Duration::ZERO, move || focus_heading(look, before, LOOKS));
        }
        now
    });
}

/// Focuses `main h1` once the new page shows it, unless focus went somewhere on its own (the
/// user, or the page putting it in a field): only a focus still on `<body>` or on what had it
/// at the navigation (`before`) moves.
fn focus_heading(look: Delay, before: Option<web_sys::Element>, tries: u32) {
    let Some(doc) = document() else { return };
    let active = doc.active_element();
    let body = doc.body().map(web_sys::Element::from);
    let untouched = match &active {
        None => true,
        Some(a) => {
            Some(a) == body.as_ref()
                || Some(a) == doc.document_element().as_ref()
                || Some(a) == before.as_ref()
        }
    };
    if !untouched {
        return;
    }
    let heading = doc
        .query_selector("main h1")
        .ok()
        .flatten()
        .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok());
    match heading {
        Some(h) => focus_programmatically(&h),
        None if tries > 0 => {
            look.start(LOOK_EVERY, move || focus_heading(look, before, tries - 1));
        }
        None => {}
    }
}
