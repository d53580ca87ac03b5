//! Timers that belong to the reactive owner that makes them (a component, a page): cleared when
//! it is cleaned up, so that no callback runs after its view is gone. For clocks that keep
//! relative times current and for one-shot delays (a fade, a debounce). Fetching on a schedule is
//! the poll engine's ([`super::poll`]), never these.
use std::time::Duration;

use leptos::prelude::*;

use super::clock::{self, TimerHandle};

use crate::state::{Kept, Slot};

/// Calls `tick` every `period` until the calling owner is cleaned up.
pub(crate) fn every(period: Duration, tick: impl Fn() + 'static) {
    if let Some(handle) = clock::set_interval(tick, period) {
        on_cleanup(move || handle.clear());
    }
}

/// "Now" (epoch ms), kept current every `period` until the calling owner is cleaned up: the
/// one way a view keeps its relative times and countdowns moving.
pub(crate) fn ticking_now(period: Duration) -> Slot<i64> {
    ticking_now_while(period, || true)
}

/// [`ticking_now`] that moves only while `active()` holds (a countdown with nothing to count
/// stays still, and its view is not redrawn).
pub(crate) fn ticking_now_while(
    period: Duration,
    active: impl Fn() -> bool + 'static,
) -> Slot<i64> {
    let now = Slot::new(clock::now_ms() as i64);
    every(period, move || {
        if active() {
            now.try_set(clock::now_ms() as i64);
        }
    });
    now
}

/// One pending delayed call at a time: [`Delay::start`] replaces the pending one, and the calling
/// owner's cleanup cancels it.
#[derive(Clone, Copy)]
pub(crate) struct Delay(Kept<Option<TimerHandle>>);

impl Delay {
    pub(crate) fn new() -> Self {
        let delay = Self(Kept::new(None));
        on_cleanup(move || delay.cancel());
        delay
    }

    /// Calls `f` after `after`, instead of the call pending (if any).
    pub(crate) fn start(self, after: Duration, f: impl FnOnce() + 'static) {
        self.cancel();
        let slot = self.0;
        let handle = clock::set_timeout(
            move || {
                slot.try_set_value(None);
                f();
            },
            after,
        );
        self.0.try_set_value(handle);
    }

    /// Whether a call is pending.
    pub(crate) fn is_pending(self) -> bool {
        self.0.try_with_value(Option::is_some).unwrap_or(false)
    }

    /// Drops the pending call, if any.
    pub(crate) fn cancel(self) {
        if let Some(t) = self.0.try_update_value(Option::take).flatten() {
            t.clear();
        }
    }
}

/// Waits `after` on the one clock (a browser test's `ManualClock` moves it instead of waiting):
/// the app's few waits inside an action (CHORUS's one-second user cache) go through here, never
/// through a timer of their own.
pub(crate) async fn sleep(after: Duration) {
    let _ = wasm_bindgen_futures::JsFuture::from(sleep_promise(after)).await;
}

/// [`sleep`] as a promise (the transport's pause while offline awaits it: the `api` layer has
/// no clock of its own).
pub(crate) fn sleep_promise(after: Duration) -> js_sys::Promise {
    js_sys::Promise::new(&mut |resolve, _reject| {
        let resolve_now = resolve.clone();
        let set = clock::set_timeout(
            move || {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            },
            after,
        );
        if set.is_none() {
            // No timer to be had (no window): do not hang the action.
            let _ = resolve_now.call0(&wasm_bindgen::JsValue::NULL);
        }
    })
}
