//! A value that changes at most once per interval (the header indicator's announcements, ui.md
//! "Everyone"): a change within the interval after the last one waits for its end, and then the
//! latest value shows (nothing is lost, only bunched up).
use crate::state::{Derived, Kept, Slot};
use std::time::Duration;

use leptos::prelude::*;

use super::timer::Delay;

/// `source`, changing at most once every `gap` (the first value at once); to be read only.
pub(crate) fn at_most_every<T>(source: Derived<T>, gap: Duration) -> Slot<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let shown = Slot::new(source.get_untracked());
    let last = Kept::new(f64::NEG_INFINITY);
    let delay = Delay::new();
    let gap_ms = gap.as_secs_f64() * 1000.0;
    let apply = move || {
        let now = source.get_untracked();
        if shown.with_untracked(|s| *s != now) {
            last.set_value(super::clock::now_ms());
            shown.set(now);
        }
    };
    crate::state::effect(move |_| {
        source.track();
        let now = super::clock::now_ms();
        if may_show(last.get_value(), now, gap_ms) {
            apply();
        } else {
            let rest = (gap_ms - (now - last.get_value())).max(0.0);
            delay.start(Duration::from_millis(rest as u64 + 1), apply);
        }
    });
    shown
}

/// Whether a change at `now` may show at once after one shown at `last` (ms).
fn may_show(last: f64, now: f64, gap_ms: f64) -> bool {
    now - last >= gap_ms
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_change_a_second() {
        assert!(super::may_show(f64::NEG_INFINITY, 0.0, 1000.0));
        assert!(!super::may_show(0.0, 999.0, 1000.0));
        assert!(super::may_show(0.0, 1000.0, 1000.0));
    }
}
