//! A long table drawn in part (issue 50): [`VirtualTable`] draws the rows in view and a margin
//! (every row of a short list), with spaces of the right height for the others, in a container
//! that scrolls under a sticky heading. It follows the scroll once per animation frame. Screen
//! readers are told how many rows there are (`aria-rowcount`) and where each drawn one is
//! (`aria-rowindex`); the arrow keys, Home, End, Page Up and Page Down move the focus from row
//! to row and bring the row they reach into view and into the drawn window. The arithmetic is
//! `domain::virtual_rows`; the data page's folder table uses it, and any list that can grow
//! past a few hundred rows (members, a request's files, sessions) can.
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::keyed::Keyed;
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::virtual_rows::{
    after_move, scroll_to_show, window, Geometry, Move, Window, DRAW_ALL_UP_TO, MARGIN,
};
use crate::state::{Derived, Kept, Slot};

/// One long list's state: how many rows it has, where it is scrolled, which row takes the Tab
/// key. Made by the list's owner (which may send it back to the top or focus a row) and given
/// to [`VirtualTable`].
#[derive(Clone, Copy)]
pub struct VirtualRows {
    count: Signal<usize>,
    scroller: NodeRef<leptos::html::Div>,
    geometry: Slot<Geometry>,
    window: Derived<Window>,
    /// The row the focus is in or was last in, by position: the one reached by Tab.
    active: Slot<usize>,
    /// A measure is asked for the next animation frame.
    asked: Kept<bool>,
    /// A row is to get the focus at the next frame: a key pressed before then goes on from it
    /// (keys come faster than frames), not from the row that still has the focus.
    moving: Kept<bool>,
}

/// What a row is given: its position in the list and what to write on its `<tr>`.
#[derive(Clone, Copy)]
pub struct RowAt {
    pub position: usize,
    rows: VirtualRows,
}

impl RowAt {
    /// `aria-rowindex`: its place among all rows, the heading row being 1.
    pub fn aria_rowindex(self) -> String {
        (self.position + 2).to_string()
    }

    /// `tabindex`: 0 for the active row, -1 for the others (one Tab stop for the whole list).
    pub fn tabindex(self) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || {
            if self.rows.active.get() == self.position {
                "0"
            } else {
                "-1"
            }
        }
    }
}

impl VirtualRows {
    /// The state of a list of `count` rows.
    pub fn new(count: Signal<usize>) -> Self {
        let geometry = Slot::new(Geometry::default());
        let window = crate::state::memo(move |_| window(count.get(), geometry.get(), MARGIN));
        Self {
            count,
            scroller: NodeRef::new(),
            geometry,
            window,
            active: Slot::new(0),
            asked: Kept::new(false),
            moving: Kept::new(false),
        }
    }

    /// Whether the list is long enough to be drawn in part (and to scroll in its container).
    pub fn is_long(self) -> bool {
        self.count.get() > DRAW_ALL_UP_TO
    }

    /// Back to the first row (another folder, another filter).
    pub fn to_top(self) {
        if let Some(el) = self.scroller.get_untracked() {
            el.set_scroll_top(0 as _);
        }
        self.geometry.update(|g| g.scroll_top = 0.0);
        self.active.set(0);
    }

    /// Scrolls row `position` into view (and into the drawn window), makes it the active row
    /// and gives it the focus once it is drawn.
    pub fn focus(self, position: usize) {
        let Some(el) = self.scroller.get_untracked() else {
            return;
        };
        let g = self.geometry.get_untracked();
        let top = scroll_to_show(position, g);
        if (top - g.scroll_top).abs() >= 0.5 {
            el.set_scroll_top(top as _);
            // What the container could take (a short list does not scroll).
            let now = f64::from(el.scroll_top());
            self.geometry.update(|g| g.scroll_top = now);
        }
        self.active.set(position);
        self.moving.set_value(true);
        // The rows are drawn by the time the next frame comes.
        request_animation_frame(move || {
            if self.moving.try_set_value(false).is_some() {
                return;
            }
            let Some(el) = self.scroller.get_untracked() else {
                return;
            };
            let selector = format!("tbody tr[aria-rowindex=\"{}\"]", position + 2);
            if let Some(row) = el
                .query_selector(&selector)
                .ok()
                .flatten()
                .and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = row.focus();
            }
        });
    }

    /// Measures the container at the next animation frame (once, however many scroll events
    /// come before it).
    fn ask_measure(self) {
        if self.asked.try_get_value().unwrap_or(true) {
            return;
        }
        self.asked.set_value(true);
        request_animation_frame(move || {
            if self.asked.try_set_value(false).is_none() {
                self.measure();
            }
        });
    }

    /// Reads where the container is scrolled, how tall it is, where its rows start and how tall
    /// a row is (the median of those drawn: a row with a form open is taller than the others).
    fn measure(self) {
        let Some(el) = self.scroller.get_untracked() else {
            return;
        };
        let el: &web_sys::Element = &el;
        let scroll_top = f64::from(el.scroll_top());
        let mut g = self.geometry.get_untracked();
        g.scroll_top = scroll_top;
        g.viewport = f64::from(el.client_height());
        if let Some(body) = el.query_selector("tbody").ok().flatten() {
            let top = body.get_bounding_client_rect().top() - el.get_bounding_client_rect().top();
            g.rows_top = top - f64::from(el.client_top()) + scroll_top;
        }
        if let Ok(rows) = el.query_selector_all("tbody tr[aria-rowindex]") {
            let mut heights: Vec<f64> = (0..rows.length())
                .filter_map(|i| rows.item(i))
                .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
                .map(|r| r.get_bounding_client_rect().height())
                .filter(|h| *h >= 1.0)
                .collect();
            if !heights.is_empty() {
                crate::domain::sort_small(&mut heights, |a, b| a.total_cmp(b));
                let median = heights[heights.len() / 2];
                if (median - g.row_height).abs() >= 0.01 {
                    g.row_height = median;
                }
            }
        }
        if g != self.geometry.get_untracked() {
            self.geometry.set(g);
        }
    }

    /// A key pressed in the table: an arrow, Home, End, Page Up or Page Down in a row (not in a
    /// field of it) moves the focus to the row it leads to.
    fn on_key(self, e: web_sys::KeyboardEvent) {
        if e.ctrl_key() || e.alt_key() || e.meta_key() || e.shift_key() {
            return;
        }
        let Some(m) = Move::from_key(&e.key()) else {
            return;
        };
        let Some(target) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        if takes_keys(&target) {
            return;
        }
        let Some(from) = row_of(&target) else {
            return;
        };
        let from = if self.moving.get_value() {
            self.active.get_untracked()
        } else {
            from
        };
        let page = self.geometry.get_untracked().page_rows();
        if let Some(to) = after_move(from, m, self.count.get_untracked(), page) {
            e.prevent_default();
            self.focus(to);
        }
    }

    /// The focus came into a row (a click, Tab): that row is the active one.
    fn on_focus(self, e: web_sys::FocusEvent) {
        let target = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        if let Some(p) = target.as_ref().and_then(row_of) {
            if self.active.get_untracked() != p {
                self.active.set(p);
            }
        }
    }
}

/// A field that uses these keys itself (text, a select, a text area, an editable element).
fn takes_keys(el: &web_sys::Element) -> bool {
    match el.tag_name().to_ascii_lowercase().as_str() {
        "select" | "textarea" => true,
        "input" => !matches!(
            el.get_attribute("type").unwrap_or_default().as_str(),
            "checkbox" | "radio" | "button" | "submit"
        ),
        _ => el.get_attribute("contenteditable").is_some(),
    }
}

/// The position of the row `el` is in (`None` in the heading or outside the rows).
fn row_of(el: &web_sys::Element) -> Option<usize> {
    let row = el.closest("tbody tr[aria-rowindex]").ok().flatten()?;
    let index: usize = row.get_attribute("aria-rowindex")?.parse().ok()?;
    index.checked_sub(2)
}

/// A table of `rows`: its heading cells are the children; `row` draws the `<tr>` of one
/// position (with [`RowAt::aria_rowindex`] and [`RowAt::tabindex`] on it), and `key` names the
/// item at a position (a row is drawn again when its key changes).
#[component]
pub fn VirtualTable(
    rows: VirtualRows,
    /// The table's `data-testid` (ui.md, "Stable hooks").
    testid: &'static str,
    /// What the table lists, for screen readers (`<caption>`).
    caption: &'static str,
    /// How many columns (the spaces standing in for the rows not drawn span them).
    columns: usize,
    key: Callback<usize, u64>,
    row: Callback<RowAt, AnyView>,
    /// The heading row's cells.
    children: Children,
) -> impl IntoView {
    let g = rows.geometry;
    let before = move || rows.window.get().space_before(g.get());
    let after = move || rows.window.get().space_after(rows.count.get(), g.get());
    let has_before = move || before() > 0.0;
    let has_after = move || after() > 0.0;
    let spacer = move |height: Signal<f64>| {
        view! {
            <tr class="virtual-space" aria-hidden="true">
                <td colspan=columns.to_string() style:height=move || crate::domain::virtual_rows::css_px(height.get())></td>
            </tr>
        }
    };
    // Measured again when the list changes (another folder, a filter) and on resizing.
    crate::state::effect(move |_| {
        rows.count.track();
        rows.ask_measure();
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| rows.ask_measure());
    on_cleanup(move || resize.remove());
    view! {
        <div class=move || if rows.is_long() { "table-wrap virtual-wrap is-long" } else { "table-wrap virtual-wrap" }
            node_ref=rows.scroller
            role="region" aria-label=caption tabindex="0"
            on:scroll=move |_| rows.ask_measure()
            on:keydown=move |e| rows.on_key(e)
            on:focusin=move |e| rows.on_focus(e)>
            <table data-testid=testid aria-rowcount=move || (rows.count.get() + 1).to_string()>
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr aria-rowindex="1">{children()}</tr>
                </thead>
                <tbody>
                    <When when=has_before>{spacer(Signal::derive(before))}</When>
                    <Keyed
                        each=move || {
                            let w = rows.window.get();
                            (w.start..w.end).map(|p| (p, key.run(p))).collect::<Vec<_>>()
                        }
                        key=|item| *item
                        children=move |(position, _)| row.run(RowAt { position, rows })
                    />
                    <When when=has_after>{spacer(Signal::derive(after))}</When>
                </tbody>
            </table>
        </div>
    }
}
