//! A push stream carrying a poll: while held, no request is made and the stream's values go
//! to the same poller (same deadline, same decisions); when the stream drops, the poll takes
//! over at once. (`state/workbench_watch.rs` is the one user.)
use std::time::Duration;

use leptos::prelude::*;

use super::Core;
use crate::domain::poll::{Decision, Outcome, PollStatus, Poller};
use crate::state::clock;
use crate::state::{now_ms_i64, random};

impl<S: PollStatus + Send + Sync + 'static> Core<S> {
    /// Starts (or starts over) with a fresh deadline, held: values come through
    /// [`Poll::push`]; no request until [`Poll::release`] (or the grace of [`Poll::hold`]).
    pub(crate) fn start_held(self) {
        let t = now_ms_i64();
        self.engine.try_update_value(|e| {
            e.cancel();
            e.held = true;
            e.poller = Some(Poller::new(e.policy, t));
        });
        self.started_at.try_set(t);
        self.ended_at.try_set(None);
        self.trouble.try_set(None);
        self.apply(Decision::PollAfter(0));
    }

    /// A push stream (re)opens: no more requests while it carries the values. If its first
    /// value has not come after `grace_ms`, the poll takes over.
    pub(crate) fn hold(self, grace_ms: u64) {
        let engine = self;
        let grace = clock::set_timeout(
            move || {
                let waiting = engine
                    .engine
                    .try_update_value(|e| e.grace.take().is_some() && e.held)
                    .unwrap_or(false);
                if waiting {
                    engine.release();
                }
            },
            Duration::from_millis(grace_ms),
        );
        let was_held = self
            .engine
            .try_update_value(|e| {
                if let Some(g) = std::mem::replace(&mut e.grace, grace) {
                    g.clear();
                }
                std::mem::replace(&mut e.held, true)
            })
            .unwrap_or(true);
        if !was_held {
            // The next poll is not due any more: re-act on the last decision without fetching.
            let t = now_ms_i64();
            let remaining = self
                .engine
                .try_update_value(|e| {
                    if let Some(timer) = e.timer.take() {
                        timer.clear();
                    }
                    e.paused = false;
                    e.poller
                        .as_ref()
                        .filter(|p| !p.is_stopped())
                        .map(|p| p.deadline_ms().saturating_sub(t))
                })
                .flatten();
            if let Some(ms) = remaining {
                self.arm_deadline(ms);
            }
        }
    }

    /// A value from the push stream, for the poller. Returns `false` when the poll is idle or
    /// has stopped (the caller may start it again).
    pub(crate) fn push(self, outcome: Outcome<S>) -> bool {
        let t = now_ms_i64();
        let decision = self
            .engine
            .try_update_value(|e| {
                if let Some(g) = e.grace.take() {
                    g.clear();
                }
                let poller = e.poller.as_mut().filter(|p| !p.is_stopped())?;
                // A request in flight would only repeat (or contradict) what was pushed.
                if let Some(c) = e.abort.take() {
                    c.abort();
                    e.in_flight = false;
                    e.again = false;
                    e.epoch = e.epoch.wrapping_add(1);
                }
                Some(poller.on_outcome(outcome, t, random()))
            })
            .flatten();
        match decision {
            Some(d) => {
                self.apply(d);
                true
            }
            None => false,
        }
    }

    /// The push stream dropped: polling takes over at once (keeping the deadline).
    pub(crate) fn release(self) {
        let was_held = self
            .engine
            .try_update_value(|e| {
                if let Some(g) = e.grace.take() {
                    g.clear();
                }
                std::mem::replace(&mut e.held, false)
            })
            .unwrap_or(false);
        if was_held && self.is_active_untracked() {
            self.poll_now();
        }
    }

    /// Held: a timer at the deadline only, which stops the poller as timed out.
    pub(super) fn arm_deadline(self, ms: i64) {
        let engine = self;
        let timer = clock::set_timeout(
            move || {
                let t = now_ms_i64();
                let stop = engine
                    .engine
                    .try_update_value(|e| {
                        e.timer = None;
                        e.poller.as_mut().and_then(|p| p.check_deadline(t))
                    })
                    .flatten();
                match stop {
                    Some(d) => engine.apply(d),
                    // Woken early (timer clamping): wait for the rest.
                    None => engine.apply(Decision::PollAfter(0)),
                }
            },
            Duration::from_millis(u64::try_from(ms.max(0)).unwrap_or(0)),
        );
        self.engine.try_update_value(|e| {
            if let Some(old) = std::mem::replace(&mut e.timer, timer) {
                old.clear();
            }
        });
    }
}
