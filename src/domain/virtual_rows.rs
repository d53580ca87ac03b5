//! Long lists drawn in part (issue 50): which rows of a list are drawn for a scroll position
//! (those in view plus a margin, every row of a short list), how tall the space standing in for
//! the others is, where a key moves the focus (arrows, Home, End, Page Up/Down) and how far to
//! scroll so that a row is seen whole. The view is `components::virtual_rows`; every length is in
//! CSS pixels and every row is `row_height` tall.

/// A list this long or shorter is drawn whole: it costs little, and it looks and reads exactly
/// as a plain table does.
pub(crate) const DRAW_ALL_UP_TO: usize = 200;

/// Rows drawn above and below those in view, so that a quick scroll finds them drawn.
pub(crate) const MARGIN: usize = 12;

/// The row height assumed until one is measured.
const FALLBACK_ROW_HEIGHT: f64 = 40.0;

/// The viewport assumed until one is measured (enough for a tall screen's first rows).
const FALLBACK_VIEWPORT: f64 = 1_000.0;

/// Where the list is scrolled to, in the scrolling container.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Geometry {
    /// How far the container is scrolled (`scrollTop`).
    pub scroll_top: f64,
    /// The container's visible height (`clientHeight`).
    pub viewport: f64,
    /// Where the first row starts in the scrolled content: the heading row's height. The heading
    /// stays at the top of the viewport (sticky), so it also hides that much of the rows.
    pub rows_top: f64,
    /// Every row's height.
    pub row_height: f64,
}

impl Default for Geometry {
    fn default() -> Self {
        Self {
            scroll_top: 0.0,
            viewport: FALLBACK_VIEWPORT,
            rows_top: 0.0,
            row_height: FALLBACK_ROW_HEIGHT,
        }
    }
}

impl Geometry {
    /// The row height, or the fallback when none usable was measured.
    fn row(self) -> f64 {
        if self.row_height.is_finite() && self.row_height >= 1.0 {
            self.row_height
        } else {
            FALLBACK_ROW_HEIGHT
        }
    }

    fn viewport(self) -> f64 {
        if self.viewport.is_finite() && self.viewport > 0.0 {
            self.viewport
        } else {
            FALLBACK_VIEWPORT
        }
    }

    fn scroll(self) -> f64 {
        if self.scroll_top.is_finite() {
            self.scroll_top.max(0.0)
        } else {
            0.0
        }
    }

    fn rows_top(self) -> f64 {
        if self.rows_top.is_finite() {
            self.rows_top.max(0.0)
        } else {
            0.0
        }
    }

    /// How many whole rows one viewport shows below the heading (at least one): a page for
    /// Page Up and Page Down.
    pub(crate) fn page_rows(self) -> usize {
        let room = (self.viewport() - self.rows_top()).max(self.row());
        ((room / self.row()).floor() as usize).max(1)
    }
}

/// The rows drawn: positions `start..end` of the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Window {
    pub start: usize,
    pub end: usize,
}

impl Window {
    /// Every row of a list of `total`.
    pub(crate) fn all(total: usize) -> Self {
        Self {
            start: 0,
            end: total,
        }
    }

    /// The height standing in for the rows above the window.
    pub(crate) fn space_before(self, g: Geometry) -> f64 {
        self.start as f64 * g.row()
    }

    /// The height standing in for the rows below the window, in a list of `total`.
    pub(crate) fn space_after(self, total: usize, g: Geometry) -> f64 {
        total.saturating_sub(self.end) as f64 * g.row()
    }
}

/// A height as a CSS length (`1234.5px`, to the hundredth), in whole numbers: with `f64`
/// formatting, every page with a long list waited for core's float printing (about 10 KB gzip of
/// chunks, issue 58). Below zero or not finite: `0px`.
pub(crate) fn css_px(height: f64) -> String {
    let hundredths = if height.is_finite() && height > 0.0 {
        (height * 100.0).round().min(u64::MAX as f64) as u64
    } else {
        0
    };
    match hundredths % 100 {
        0 => format!("{}px", hundredths / 100),
        h if h % 10 == 0 => format!("{}.{}px", hundredths / 100, h / 10),
        h => format!("{}.{h:02}px", hundredths / 100),
    }
}

/// The rows to draw of a list of `total` scrolled as `g`: those in view and `margin` more on
/// each side; all of them when the list has at most [`DRAW_ALL_UP_TO`]. Scrolled past the end
/// (the list just got shorter), the last rows that fill a viewport.
pub(crate) fn window(total: usize, g: Geometry, margin: usize) -> Window {
    if total <= DRAW_ALL_UP_TO {
        return Window::all(total);
    }
    let row = g.row();
    // The rows under the (sticky) heading are out of view: the first seen is the one at
    // `scroll_top` below the heading's top edge.
    let in_view = (g.viewport() / row).ceil() as usize + 1;
    let first = (g.scroll() / row).floor() as usize;
    let first = first.min(total.saturating_sub(in_view));
    let last = first.saturating_add(in_view).min(total);
    Window {
        start: first.saturating_sub(margin),
        end: last.saturating_add(margin).min(total),
    }
}

/// A key that moves the focus from row to row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Move {
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
}

impl Move {
    /// The move of a `KeyboardEvent.key` (`None`: not one of ours).
    pub(crate) fn from_key(key: &str) -> Option<Self> {
        Some(match key {
            "ArrowUp" | "Up" => Self::Up,
            "ArrowDown" | "Down" => Self::Down,
            "PageUp" => Self::PageUp,
            "PageDown" => Self::PageDown,
            "Home" => Self::Home,
            "End" => Self::End,
            _ => return None,
        })
    }
}

/// The row the focus goes to from row `from` of a list of `total` (`None` for an empty list),
/// a page being `page` rows. It stops at the ends, never wraps.
pub(crate) fn after_move(from: usize, m: Move, total: usize, page: usize) -> Option<usize> {
    let last = total.checked_sub(1)?;
    let from = from.min(last);
    let page = page.max(1);
    Some(match m {
        Move::Up => from.saturating_sub(1),
        Move::Down => (from + 1).min(last),
        Move::PageUp => from.saturating_sub(page),
        Move::PageDown => from.saturating_add(page).min(last),
        Move::Home => 0,
        Move::End => last,
    })
}

/// The `scrollTop` that shows row `i` whole below the heading: unchanged when it is seen whole
/// already, else the least scroll that brings it in (up to the heading's edge, or down to the
/// viewport's bottom).
pub(crate) fn scroll_to_show(i: usize, g: Geometry) -> f64 {
    let row = g.row();
    let (scroll, head) = (g.scroll(), g.rows_top());
    let top = head + i as f64 * row;
    let bottom = top + row;
    if top - head < scroll {
        top - head
    } else if bottom > scroll + g.viewport() {
        (bottom - g.viewport()).max(0.0)
    } else {
        scroll
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heights_as_css_lengths() {
        assert_eq!(css_px(0.0), "0px");
        assert_eq!(css_px(4000.0), "4000px");
        assert_eq!(css_px(40.5 * 3.0), "121.5px");
        assert_eq!(css_px(12.345_6), "12.35px");
        assert_eq!(css_px(0.05), "0.05px");
        assert_eq!(css_px(-3.0), "0px");
        assert_eq!(css_px(f64::NAN), "0px");
        assert_eq!(css_px(f64::INFINITY), "0px");
    }

    fn at(scroll_top: f64) -> Geometry {
        Geometry {
            scroll_top,
            viewport: 400.0,
            rows_top: 40.0,
            row_height: 40.0,
        }
    }

    #[test]
    fn a_short_list_is_drawn_whole_wherever_it_is_scrolled() {
        for total in [0, 1, 4, DRAW_ALL_UP_TO] {
            assert_eq!(window(total, at(0.0), MARGIN), Window::all(total));
            assert_eq!(window(total, at(1e6), MARGIN), Window::all(total));
        }
        let w = Window::all(7);
        assert_eq!(w.space_before(at(0.0)), 0.0);
        assert_eq!(w.space_after(7, at(0.0)), 0.0);
    }

    #[test]
    fn a_long_list_draws_the_rows_in_view_and_a_margin() {
        let total = 10_000;
        // At the top: 400 px show 10 rows and a part of an eleventh (the heading covers one).
        assert_eq!(window(total, at(0.0), 5), Window { start: 0, end: 16 });
        // Scrolled to row 100 (its top at 40 + 4000 px, under the heading at scroll 4000).
        let w = window(total, at(4_000.0), 5);
        assert_eq!(
            w,
            Window {
                start: 95,
                end: 116
            }
        );
        assert_eq!(w.space_before(at(4_000.0)), 95.0 * 40.0);
        assert_eq!(w.space_after(total, at(4_000.0)), (10_000.0 - 116.0) * 40.0);
        // The drawn rows and the spaces add up to the whole list's height, wherever it is.
        for scroll in [0.0, 123.4, 39_999.0, 200_000.0, 399_640.0, 400_040.0] {
            let w = window(total, at(scroll), MARGIN);
            let drawn = (w.end - w.start) as f64 * 40.0;
            assert_eq!(
                w.space_before(at(scroll)) + drawn + w.space_after(total, at(scroll)),
                400_000.0
            );
            assert!(w.end - w.start <= 12 + 2 * MARGIN, "{w:?} at {scroll}");
        }
    }

    #[test]
    fn at_the_bottom_the_last_row_is_drawn() {
        // 10,000 rows of 40 px under a 40 px heading: 400,040 px; the most a 400 px viewport
        // scrolls is 399,640.
        let w = window(10_000, at(399_640.0), MARGIN);
        assert_eq!(w.end, 10_000);
        assert!(w.start <= 10_000 - 9, "{w:?}");
        // Scrolled past the end (the list just got shorter): the last rows, not nothing.
        let w = window(300, at(399_640.0), 0);
        assert_eq!(
            w,
            Window {
                start: 289,
                end: 300
            }
        );
    }

    #[test]
    fn a_hundred_thousand_rows_stay_a_few_dozen_drawn() {
        let total = 100_000;
        let g = Geometry {
            scroll_top: 2_345_678.0,
            viewport: 900.0,
            rows_top: 44.0,
            row_height: 41.0,
        };
        let w = window(total, g, MARGIN);
        let first_seen = ((2_345_678.0 - 44.0) / 41.0) as usize;
        assert!(w.start <= first_seen && first_seen < w.end, "{w:?}");
        assert!(w.end - w.start < 60, "{w:?}");
    }

    #[test]
    fn an_unmeasured_geometry_still_draws_a_first_screen() {
        let g = Geometry {
            scroll_top: f64::NAN,
            viewport: 0.0,
            rows_top: -3.0,
            row_height: 0.0,
        };
        let w = window(5_000, g, MARGIN);
        assert_eq!(w.start, 0);
        assert!(w.end >= 25 && w.end < 60, "{w:?}");
        assert_eq!(window(5_000, Geometry::default(), 0).start, 0);
    }

    #[test]
    fn keys_move_the_focus_and_stop_at_the_ends() {
        assert_eq!(Move::from_key("ArrowDown"), Some(Move::Down));
        assert_eq!(Move::from_key("End"), Some(Move::End));
        assert_eq!(Move::from_key("Enter"), None);
        assert_eq!(after_move(0, Move::Down, 3, 10), Some(1));
        assert_eq!(after_move(2, Move::Down, 3, 10), Some(2));
        assert_eq!(after_move(0, Move::Up, 3, 10), Some(0));
        assert_eq!(after_move(5, Move::Home, 10_000, 10), Some(0));
        assert_eq!(after_move(5, Move::End, 10_000, 10), Some(9_999));
        assert_eq!(after_move(5, Move::PageDown, 10_000, 10), Some(15));
        assert_eq!(after_move(9_995, Move::PageDown, 10_000, 10), Some(9_999));
        assert_eq!(after_move(5, Move::PageUp, 10_000, 10), Some(0));
        assert_eq!(after_move(50, Move::PageUp, 10_000, 0), Some(49));
        // From a row the list no longer has (it got shorter): from its last.
        assert_eq!(after_move(40, Move::Up, 10, 5), Some(8));
        assert_eq!(after_move(0, Move::End, 0, 5), None);
    }

    #[test]
    fn a_page_is_the_rows_a_viewport_shows_below_the_heading() {
        assert_eq!(at(0.0).page_rows(), 9);
        let tiny = Geometry {
            viewport: 10.0,
            ..at(0.0)
        };
        assert_eq!(tiny.page_rows(), 1);
    }

    #[test]
    fn scrolling_to_a_row_moves_as_little_as_needed() {
        // Seen whole: no scroll.
        assert_eq!(scroll_to_show(3, at(0.0)), 0.0);
        // Below the viewport: its bottom at the viewport's bottom (row 20: 40 + 800 .. 880).
        assert_eq!(scroll_to_show(20, at(0.0)), 880.0 - 400.0);
        // Above (or under the heading): its top just below the heading.
        assert_eq!(scroll_to_show(5, at(1_000.0)), 200.0);
        // The last of 10,000 from the top, then the first from there.
        let end = scroll_to_show(9_999, at(0.0));
        assert_eq!(end, 400_040.0 - 400.0);
        assert_eq!(scroll_to_show(0, at(end)), 0.0);
        // And it is drawn there.
        assert_eq!(window(10_000, at(end), 0).end, 10_000);
    }
}
