//! Focus that never falls on `<body>` between navigations, and never hides under the sticky
//! header (ui.md, "Everyone: accessibility the tests check"; issue 57): when the focused element
//! goes (a row removed), is disabled (a button while its action runs) or is drawn again, focus
//! goes back to it or to what is left nearest to it. It comes with the header in the `chrome`
//! chunk (issue 58: not in the first load); the login page moves focus itself.
use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

use super::page_change::document;

use crate::state::Kept;

/// Watches focus on every page behind the login; renders nothing. One, with the header: it goes
/// with it at a sign-out, so its listeners and its timer touch its values only while they are
/// there (`try_`: a sign-out in another tab unmounts it between two events).
#[component]
pub fn FocusKeeper() -> impl IntoView {
    let path = use_location().pathname;
    // The last element focused, its ancestors (nearest first) and the path then: when it goes
    // (a row removed) or is disabled (a button while its action runs) and focus fell on <body>,
    // focus goes to what is left nearest to it.
    let last = Kept::new(None::<(web_sys::Element, Vec<web_sys::Element>, String)>);
    let uncover = window_event_listener(leptos::ev::focusin, move |ev| {
        if let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            keep_clear_of_header(&el);
            let mut chain = Vec::new();
            let mut up = el.parent_element();
            while let Some(p) = up {
                if p.tag_name().eq_ignore_ascii_case("body") {
                    break;
                }
                up = p.parent_element();
                chain.push(p);
            }
            last.try_set_value(Some((
                el,
                chain,
                path.try_get_untracked().unwrap_or_default(),
            )));
        }
    });
    // A press of the pointer is the user moving focus themselves (a click on plain text leaves
    // it on <body> on purpose): what was focused before is not put back.
    let pressed = window_event_listener(leptos::ev::pointerdown, move |_| {
        last.try_set_value(None);
    });
    on_cleanup(move || {
        uncover.remove();
        pressed.remove();
    });
    // Lost for two looks in a row: what put it elsewhere on purpose (a form giving focus back
    // to its opener, a new page's heading) has had its turn.
    let seen_lost = Kept::new(false);
    crate::state::timer::every(RESCUE_EVERY, move || {
        // Read out first: focusing calls the focusin listener above, which writes `last`.
        let Some(Some((el, chain, at))) = last.try_get_value() else {
            return;
        };
        // A panel that went gives focus back itself, after the page has drawn its opener.
        let lost = focus_lost() && !super::focus_return::giving_back();
        let was = seen_lost.try_get_value().unwrap_or(false);
        seen_lost.try_set_value(lost);
        // A virtual table (`aria-rowcount`) keeps its own focus as it draws rows anew: putting
        // focus back in it would move its window, which draws the rows anew again.
        let virtual_rows = chain.iter().any(|a| a.has_attribute("aria-rowcount"));
        if lost && was {
            last.try_set_value(None);
            seen_lost.try_set_value(false);
            if virtual_rows {
                return;
            }
            let here = web_sys::window().and_then(|w| w.location().pathname().ok());
            match can_refocus(&el) {
                Some(el) if here.as_deref() == Some(at.as_str()) => focus_in_place(&el),
                _ => rescue_focus(&el, &chain, &at),
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
    super::focus_on_body()
}

/// `el` can take focus back itself: still on the page, shown, enabled.
fn can_refocus(el: &web_sys::Element) -> Option<web_sys::HtmlElement> {
    let el = el.dyn_ref::<web_sys::HtmlElement>()?;
    let rect = el.get_bounding_client_rect();
    let shown = rect.width() > 0.0 || rect.height() > 0.0;
    (el.is_connected() && shown && !el.has_attribute("disabled")).then(|| el.clone())
}

/// After focus was lost on page `at` ([`focus_lost`]) by `el`: in the nearest ancestor
/// (`chain`) still shown, focuses `el` drawn anew (taken out and put back by its view),
/// else the first control left (the row after a removed one, the form of a disabled button);
/// else the page's heading. On another page its heading takes focus (focus_heading).
fn rescue_focus(el: &web_sys::Element, chain: &[web_sys::Element], at: &str) {
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
    let like = el
        .dyn_ref::<web_sys::HtmlElement>()
        .filter(|_| !el.is_connected())
        .map(super::focus_return::Likeness::of);
    for ancestor in chain.iter().filter(|a| a.is_connected()) {
        if let Some(again) = like.as_ref().and_then(|l| l.find_in(ancestor)) {
            focus_in_place(&again);
            return;
        }
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
