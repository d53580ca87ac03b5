//! The size a new session's desktop starts at (`initialResolutionWidth`/`Height` of
//! `POST /workbenches`, api.md; ui.md "Behaviour"): the area the desktop will fill on the session
//! page, in CSS pixels. Without it CHORUS stores 0 × 0 and the desktop starts at the cluster's
//! default size, scaled or cut in the frame.

/// The header's height when it cannot be measured (`--header-h`).
const HEADER_PX: f64 = 56.0;

/// The session bar's height, for a window `width` CSS pixels wide: its row of buttons and the app
/// tabs' row (at 720 px and below its row wraps), and the quick switch's row when the page will
/// offer one (`switch_row`: another session is ready). Measured in headless Chromium: 76 px at
/// 1280 × 800, 102 px at 375 × 700 with a short session name, 32 px more with the switch.
pub(crate) fn session_bar_px(width: f64, switch_row: bool) -> f64 {
    let bar = if width <= 720.0 { 102.0 } else { 76.0 };
    if switch_row {
        bar + 32.0
    } else {
        bar
    }
}

/// The smallest and largest desktop a backend is asked for (our dev server's bounds; a real
/// desktop server is unusable below them).
const MIN: (u32, u32) = (320, 200);
const MAX: (u32, u32) = (7680, 4320);

/// The desktop size for a work area of `width` × `height` CSS pixels: whole pixels (rounded
/// down: a desktop larger than its frame would be cut), within [`MIN`]–[`MAX`]; `None` when the
/// sizes are not numbers.
pub(crate) fn desktop_size(width: f64, height: f64) -> Option<(u32, u32)> {
    if !(width.is_finite() && height.is_finite()) {
        return None;
    }
    let clamp = |v: f64, lo: u32, hi: u32| -> u32 {
        // `as` saturates: negative values become 0, then the clamp lifts them.
        (v.floor().max(0.0) as u32).clamp(lo, hi)
    };
    Some((clamp(width, MIN.0, MAX.0), clamp(height, MIN.1, MAX.1)))
}

/// The desktop size from the window's inner size when the session page is not shown yet: the
/// full width, the height below the header (`header_px`, as measured on the page shown now;
/// else its usual height) and the session bar (with the quick switch's row: `switch_row`).
pub(crate) fn from_window(
    inner_width: f64,
    inner_height: f64,
    header_px: Option<f64>,
    switch_row: bool,
) -> Option<(u32, u32)> {
    let header = header_px
        .filter(|h| h.is_finite() && *h >= 0.0)
        .unwrap_or(HEADER_PX);
    desktop_size(
        inner_width,
        inner_height - header - session_bar_px(inner_width, switch_row),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_work_area_in_whole_css_pixels() {
        assert_eq!(desktop_size(1280.0, 662.4), Some((1280, 662)));
        assert_eq!(desktop_size(375.9, 540.0), Some((375, 540)));
    }

    #[test]
    fn from_the_window_below_the_header_and_the_session_bar() {
        // What the frame measured once the session was ready (tests/e2e/sessions.spec.ts).
        assert_eq!(
            from_window(1280.0, 800.0, Some(56.0), false),
            Some((1280, 668))
        );
        assert_eq!(
            from_window(375.0, 700.0, Some(85.78125), false),
            Some((375, 512))
        );
        assert_eq!(from_window(1280.0, 800.0, None, false), Some((1280, 668)));
        assert_eq!(
            from_window(1280.0, 800.0, Some(f64::NAN), false),
            Some((1280, 668))
        );
        // Another session ready: the quick switch's row too.
        assert_eq!(
            from_window(1280.0, 800.0, Some(56.0), true),
            Some((1280, 636))
        );
    }

    #[test]
    fn never_zero_never_huge_never_nonsense() {
        assert_eq!(desktop_size(0.0, 0.0), Some((320, 200)));
        assert_eq!(desktop_size(-5.0, 50.0), Some((320, 200)));
        assert_eq!(from_window(200.0, 100.0, None, false), Some((320, 200)));
        assert_eq!(desktop_size(1.0e9, 1.0e9), Some((7680, 4320)));
        assert_eq!(desktop_size(f64::NAN, 600.0), None);
        assert_eq!(desktop_size(800.0, f64::INFINITY), None);
    }
}
