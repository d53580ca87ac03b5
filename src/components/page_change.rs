//! What every page shares for keyboard and screen-reader users (ui.md, "Everyone: accessibility
//! the tests check"): the skip link, the page's title, focus on the new page's heading after a
//! navigation inside the app, and the sticky header that never covers the focused element.
use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

use crate::state::timer::Delay;

/// How often, and how many times, a navigation looks for the new page's `<h1>` (a lazy page
/// comes in when its chunk has arrived).
const LOOK_EVERY: Duration = Duration::from_millis(50);
const LOOKS: u32 = 200;

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Focuses `el` for a script (not in the Tab order: `tabindex=-1`), without scrolling past the
/// header.
fn focus_programmatically(el: &web_sys::HtmlElement) {
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

/// Keeps `document.title` to the page shown (state/page_title.rs), moves focus to the new page's
/// `<h1>` after a navigation inside the app (never leaving it on `<body>`), and keeps the focused
/// element out from under the sticky header. Renders nothing; one inside the router.
#[component]
pub fn PageChange() -> impl IntoView {
    let location = use_location();
    let path = location.pathname;
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
    // The last element focused, its ancestors (nearest first) and the path then: when it goes
    // (a row removed) or is disabled (a button while its action runs) and focus fell on <body>,
    // focus goes to what is left nearest to it.
    let last = StoredValue::new_local(None::<(web_sys::Element, Vec<web_sys::Element>, String)>);
    let uncover = window_event_listener(leptos::ev::focusin, move |ev| {
        if let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            keep_clear_of_header(&el);
            crate::components::focus_return::remember_focus(&el);
            let mut chain = Vec::new();
            let mut up = el.parent_element();
            while let Some(p) = up {
                if p.tag_name().eq_ignore_ascii_case("body") {
                    break;
                }
                up = p.parent_element();
                chain.push(p);
            }
            last.set_value(Some((el, chain, path.get_untracked())));
        }
    });
    // A press of the pointer is the user moving focus themselves (a click on plain text leaves
    // it on <body> on purpose): what was focused before is not put back.
    let pressed = window_event_listener(leptos::ev::pointerdown, move |_| last.set_value(None));
    on_cleanup(move || {
        uncover.remove();
        pressed.remove();
    });
    // Lost for two looks in a row: what put it elsewhere on purpose (a form giving focus back
    // to its opener, a new page's heading) has had its turn.
    let seen_lost = StoredValue::new(false);
    crate::state::timer::every(RESCUE_EVERY, move || {
        // Read out first: focusing calls the focusin listener above, which writes `last`.
        let Some(Some((el, chain, at))) = last.try_get_value() else {
            return;
        };
        let lost = focus_lost();
        let was = seen_lost.get_value();
        seen_lost.set_value(lost);
        // A virtual table (`aria-rowcount`) keeps its own focus as it draws rows anew: putting
        // focus back in it would move its window, which draws the rows anew again.
        let virtual_rows = chain.iter().any(|a| a.has_attribute("aria-rowcount"));
        if lost && was {
            last.set_value(None);
            seen_lost.set_value(false);
            if virtual_rows {
                return;
            }
            let here = web_sys::window().and_then(|w| w.location().pathname().ok());
            match can_refocus(&el) {
                Some(el) if here.as_deref() == Some(at.as_str()) => focus_in_place(&el),
                _ => rescue_focus(&chain, &at),
            }
        }
    });
}

/// How often lost focus is looked for.
const RESCUE_EVERY: Duration = Duration::from_millis(250);

/// Focus is on `<body>` though `el` had it last and the user did not click elsewhere: `el` went,
/// was disabled, or was drawn again (a view redrawn in place takes its attributes off and puts
/// them back, and a focused element that stops being focusable for a moment loses focus).
fn focus_lost() -> bool {
    let Some(doc) = document() else { return false };
    doc.active_element()
        .is_none_or(|a| Some(&a) == doc.body().map(web_sys::Element::from).as_ref())
}

/// `el` can take focus back itself: still on the page, shown, enabled.
fn can_refocus(el: &web_sys::Element) -> Option<web_sys::HtmlElement> {
    let el = el.dyn_ref::<web_sys::HtmlElement>()?;
    let rect = el.get_bounding_client_rect();
    let shown = rect.width() > 0.0 || rect.height() > 0.0;
    (el.is_connected() && shown && !el.has_attribute("disabled")).then(|| el.clone())
}

/// After focus was lost on page `at` ([`focus_lost`]): focuses the first control left in the
/// nearest ancestor (`chain`) still shown (the row after a removed one, the form of a disabled
/// button), else the page's heading. On another page its heading takes focus (focus_heading).
fn rescue_focus(chain: &[web_sys::Element], at: &str) {
    let Some(doc) = document() else { return };
    let here = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    if here != at {
        return;
    }
    let view_height = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(f64::MAX);
    const CONTROLS: &str =
        "a[href], button:not([disabled]), input:not([disabled]):not([type=\"hidden\"]), \
         select:not([disabled]), textarea:not([disabled]), [tabindex=\"0\"]";
    for ancestor in chain.iter().filter(|a| a.is_connected()) {
        let Ok(nodes) = ancestor.query_selector_all(CONTROLS) else {
            continue;
        };
        // Only a control in view: the page must not jump (a virtual table would draw other
        // rows, and the one the user was at would be gone from under them).
        let first = (0..nodes.length())
            .filter_map(|i| nodes.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            .find(|c| {
                let r = c.get_bounding_client_rect();
                (r.width() > 0.0 || r.height() > 0.0) && r.bottom() > 0.0 && r.top() < view_height
            });
        if let Some(c) = first {
            focus_in_place(&c);
            return;
        }
    }
    if let Some(main) = doc
        .query_selector("main h1")
        .ok()
        .flatten()
        .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())
    {
        if !main.has_attribute("tabindex") {
            let _ = main.set_attribute("tabindex", "-1");
        }
        focus_in_place(&main);
    }
}

/// Focuses `el` where it is, without scrolling (a focus put back for the user, not a move).
fn focus_in_place(el: &web_sys::HtmlElement) {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = el.focus_with_options(&options);
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
        Some(h) => {
            let _ = h.set_attribute("tabindex", "-1");
            let _ = h.focus();
        }
        None if tries > 0 => {
            look.start(LOOK_EVERY, move || focus_heading(look, before, tries - 1));
        }
        None => {}
    }
}

/// Scrolls the window so that `el` is not under the sticky header (WCAG 2.4.11): the browser
/// scrolls a focused element into view, but not out from under a sticky bar.
fn keep_clear_of_header(el: &web_sys::Element) {
    let Some(doc) = document() else { return };
    let Some(header) = doc.query_selector(".app-header").ok().flatten() else {
        return;
    };
    let node: &web_sys::Node = el;
    if header.contains(Some(node))
        || el
            .closest(".app-header, .skip-link, [aria-modal]")
            .ok()
            .flatten()
            .is_some()
    {
        return;
    }
    let bottom = header.get_bounding_client_rect().bottom();
    let rect = el.get_bounding_client_rect();
    if rect.height() > 0.0 && rect.top() < bottom && rect.bottom() > 0.0 {
        if let Some(w) = web_sys::window() {
            w.scroll_by_with_x_and_y(0.0, rect.top() - bottom - 8.0);
        }
    }
}
