//! The keyboard of an ARIA tablist (ui.md, "Everyone"): put [`on_tablist_keydown`] on the
//! `role="tablist"` element whose tabs (`role="tab"`, one with `tabindex="0"`, the others `-1`)
//! select their panel on click. Left/Right (and Up/Down) move to the previous/next tab, Home and
//! End to the first and last, wrapping around; the tab reached gets focus and is selected (a
//! click: buttons and links alike).
use wasm_bindgen::JsCast;

/// Where a key moves from tab `at` of `n` (`None`: not a tablist key).
pub(crate) fn next_tab(key: &str, at: usize, n: usize) -> Option<usize> {
    if n == 0 {
        return None;
    }
    match key {
        "ArrowRight" | "ArrowDown" => Some((at + 1) % n),
        "ArrowLeft" | "ArrowUp" => Some((at + n - 1) % n),
        "Home" => Some(0),
        "End" => Some(n - 1),
        _ => None,
    }
}

/// The tablist's keydown handler (on the `role="tablist"` element).
pub fn on_tablist_keydown(ev: web_sys::KeyboardEvent) {
    if ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
        return;
    }
    let Some(list) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Ok(nodes) = list.query_selector_all("[role=\"tab\"]:not([disabled])") else {
        return;
    };
    let tabs: Vec<web_sys::HtmlElement> = (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    let focused = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|t| t.closest("[role=\"tab\"]").ok().flatten());
    let at = tabs
        .iter()
        .position(|t| Some(t.unchecked_ref::<web_sys::Element>()) == focused.as_ref())
        .or_else(|| {
            tabs.iter()
                .position(|t| t.get_attribute("aria-selected").as_deref() == Some("true"))
        })
        .unwrap_or(0);
    let Some(to) = next_tab(&ev.key(), at, tabs.len()) else {
        return;
    };
    ev.prevent_default();
    let tab = &tabs[to];
    let _ = tab.focus();
    if tab.get_attribute("aria-selected").as_deref() != Some("true") {
        tab.click();
    }
}

#[cfg(test)]
mod tests {
    use super::next_tab;

    #[test]
    fn arrows_wrap_home_and_end_jump() {
        assert_eq!(next_tab("ArrowRight", 1, 2), Some(0));
        assert_eq!(next_tab("ArrowLeft", 0, 3), Some(2));
        assert_eq!(next_tab("ArrowDown", 0, 3), Some(1));
        assert_eq!(next_tab("Home", 2, 3), Some(0));
        assert_eq!(next_tab("End", 0, 3), Some(2));
        assert_eq!(next_tab("Enter", 0, 3), None);
        assert_eq!(next_tab("End", 0, 0), None);
    }
}
