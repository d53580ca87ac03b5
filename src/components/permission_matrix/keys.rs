//! Keyboard use of the grid: one tab stop (roving `tabindex`), the arrow keys move between the
//! enabled checkboxes, skipping disabled ones. Handlers of the table's delegated listeners.
use wasm_bindgen::JsCast;
use web_sys::{Element, FocusEvent, HtmlInputElement, KeyboardEvent};

use super::rows::cell_of;

/// `keydown` on the table: an arrow key moves the focus to the next enabled checkbox that way.
/// `size` gives the drawn (rows, columns).
pub(super) fn on_arrow_key(ev: &KeyboardEvent, size: impl Fn() -> (usize, usize)) {
    let (dr, dc): (i64, i64) = match ev.key().as_str() {
        "ArrowUp" => (-1, 0),
        "ArrowDown" => (1, 0),
        "ArrowLeft" => (0, -1),
        "ArrowRight" => (0, 1),
        _ => return,
    };
    let Some(target) = ev
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
    else {
        return;
    };
    let Some(table) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<Element>().ok())
    else {
        return;
    };
    let Some((_, _, mut r, mut c)) = cell_of(&target) else {
        return;
    };
    ev.prevent_default();
    let (nrows, ncols) = size();
    let (nrows, ncols) = (nrows as i64, ncols as i64);
    loop {
        r += dr;
        c += dc;
        if r < 0 || c < 0 || r >= nrows || c >= ncols {
            return;
        }
        // Column c is the (c + 2)-th child: the row header comes first.
        let sel = format!("tr[data-r=\"{r}\"] > td:nth-child({}) > input", c + 2);
        let Some(next) = table
            .query_selector(&sel)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        if !next.disabled() {
            move_roving(&table, &next);
            let _ = next.focus();
            return;
        }
    }
}

/// `focusin` on the table: the focused checkbox becomes the tab stop.
pub(super) fn on_focus_in(ev: &FocusEvent) {
    let Some(target) = ev
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
    else {
        return;
    };
    if target.type_() == "checkbox" {
        if let Some(table) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<Element>().ok())
        {
            move_roving(&table, &target);
        }
    }
}

fn move_roving(table: &Element, to: &HtmlInputElement) {
    if let Ok(Some(prev)) = table.query_selector("td.cell > input[tabindex=\"0\"]") {
        let _ = prev.set_attribute("tabindex", "-1");
    }
    let _ = to.set_attribute("tabindex", "0");
}
