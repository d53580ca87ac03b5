//! The engine under every [`Poll`](super::Poll) ([`Core`], generic in the status only): one
//! timer and at most one request in flight, paused while the document is hidden or the browser
//! offline, cleaned up with its owner; a push stream can hold it (`held.rs`).
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::{AbortController, AbortSignal};

use crate::api::ApiError;
use crate::domain::poll::{ConnectionTrouble, Decision, Outcome, PollPolicy, PollStatus, Poller};
use crate::state::clock::{self, TimerHandle};
use crate::state::visibility::{
    is_document_hidden, is_offline_now, use_document_visible, use_online,
};
use crate::state::{now_ms_i64, random};
use crate::state::{Kept, Slot};

mod held;

type FetchFuture<S> = Pin<Box<dyn Future<Output = Outcome<S>>>>;
type FetchFn<S> = Rc<dyn Fn(Option<AbortSignal>) -> FetchFuture<S>>;
type DecisionFn<S> = Rc<dyn Fn(&Decision<S>)>;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
}

/// How many poll engines exist now (for tests and diagnostics: views of one session share one).
pub fn live_polls() -> usize {
    LIVE.with(Cell::get)
}

/// The outcome of a failed request, for the domain poller.
pub(crate) fn outcome_of_error<S>(e: &ApiError) -> Outcome<S> {
    match e {
        ApiError::Http { status, .. } => Outcome::HttpError(*status),
        ApiError::Network(_) => Outcome::NetworkError,
        ApiError::Decode(_) => Outcome::Malformed,
        // A route the backend lacks: like a 404, it stops.
        ApiError::Unsupported(_) => Outcome::HttpError(404),
        // An id the console refused to put into a path: never asked, never better.
        ApiError::NotAPathSegment(_) => Outcome::HttpError(400),
        // The sign-in ended: as a 401.
        ApiError::SignedOut => Outcome::HttpError(401),
    }
}

/// Whether polls wait now: the document is hidden or the browser offline.
fn paused_now() -> bool {
    is_document_hidden() || is_offline_now()
}

/// Whether hiding the document (or going offline) pauses a poll: one with a poll scheduled,
/// and one with a request in flight, whose reply may land only after the document is visible
/// again. (Issue 45: a poll in flight when the tab was hidden was not paused, so showing it
/// again asked nothing until the next interval; a lost login was seen only 30 s later, and the
/// sign-out sweep's "losing the cookie" test failed under load.)
fn paused_by_hiding(timer_pending: bool, in_flight: bool) -> bool {
    timer_pending || in_flight
}

/// What showing the document again does to a poll.
#[derive(Debug, PartialEq, Eq)]
enum OnShow {
    /// Not paused, or a push stream carries it.
    Nothing,
    /// Polls at once.
    PollNow,
    /// The request of before the pause is still out: one more at once after its reply (a reply
    /// asked before the pause may tell of a world that has changed since).
    AfterInFlight,
}

fn on_showing(paused: bool, held: bool, in_flight: bool) -> OnShow {
    match (paused && !held, in_flight) {
        (false, _) => OnShow::Nothing,
        (true, true) => OnShow::AfterInFlight,
        (true, false) => OnShow::PollNow,
    }
}

/// The engine's `Copy` handle, generic in the status only: the code of the engine exists once
/// per status type, whatever value a [`Poll`] keeps beside it.
pub(crate) struct Core<S: Send + Sync + 'static> {
    decision: Slot<Option<Decision<S>>>,
    trouble: Slot<Option<ConnectionTrouble>>,
    started_at: Slot<i64>,
    ended_at: Slot<Option<i64>>,
    /// When the next poll is scheduled (epoch ms), `None` when none is.
    next_at: Slot<Option<i64>>,
    engine: Kept<Engine<S>>,
}

impl<S: Send + Sync + 'static> Clone for Core<S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S: Send + Sync + 'static> Copy for Core<S> {}

struct Engine<S> {
    policy: PollPolicy,
    fetch: FetchFn<S>,
    on_decision: Option<DecisionFn<S>>,
    /// `None` while idle (not started, or stopped by [`Poll::stop`]).
    poller: Option<Poller<S>>,
    timer: Option<TimerHandle>,
    abort: Option<AbortController>,
    in_flight: bool,
    /// Poll once more as soon as the request in flight settles.
    again: bool,
    /// A poll is due but the document is hidden.
    paused: bool,
    /// A push stream carries the values: no request is made (the timer only watches the
    /// deadline).
    held: bool,
    /// Held, waiting for the stream's first value: polls when it does not come in time.
    grace: Option<TimerHandle>,
    /// Bumped by every restart and stop: replies of an older epoch are dropped.
    epoch: u64,
}

impl<S> Engine<S> {
    fn cancel(&mut self) {
        if let Some(t) = self.timer.take() {
            t.clear();
        }
        if let Some(c) = self.abort.take() {
            c.abort();
        }
        self.in_flight = false;
        self.again = false;
        self.paused = false;
        self.epoch = self.epoch.wrapping_add(1);
    }
}

impl<S: PollStatus + Send + Sync + 'static> Core<S> {
    /// The engine, owned by the current reactive owner, idle until [`Poll::start`].
    pub(super) fn build<F, Fut>(policy: PollPolicy, fetch: F) -> Self
    where
        F: Fn(Option<AbortSignal>) -> Fut + 'static,
        Fut: Future<Output = Outcome<S>> + 'static,
    {
        let fetch: FetchFn<S> = Rc::new(move |signal| Box::pin(fetch(signal)));
        let this = Self {
            decision: Slot::new(None),
            trouble: Slot::new(None),
            started_at: Slot::new(now_ms_i64()),
            ended_at: Slot::new(None),
            next_at: Slot::new(None),
            engine: Kept::new(Engine {
                policy,
                fetch,
                on_decision: None,
                poller: None,
                timer: None,
                abort: None,
                in_flight: false,
                again: false,
                paused: false,
                held: false,
                grace: None,
                epoch: 0,
            }),
        };
        LIVE.with(|n| n.set(n.get() + 1));

        // Pause while hidden or offline; poll at once when visible and online again.
        let visible = use_document_visible();
        let online = use_online();
        crate::state::effect(move |prev: Option<bool>| {
            let v = visible.get() && online.get();
            if prev.is_some_and(|p| p != v) {
                if v {
                    this.resume();
                } else {
                    this.pause();
                }
            }
            v
        });

        let engine = this.engine;
        on_cleanup(move || {
            LIVE.with(|n| n.set(n.get().saturating_sub(1)));
            engine.try_update_value(|e| {
                e.cancel();
                if let Some(g) = e.grace.take() {
                    g.clear();
                }
            });
        });
        this
    }

    /// Reacts to every decision (after the engine has acted on it).
    pub(crate) fn on_decision(self, f: impl Fn(&Decision<S>) + 'static) -> Self {
        self.engine
            .try_update_value(|e| e.on_decision = Some(Rc::new(f)));
        self
    }

    /// Starts (or starts over) with a fresh deadline: polls at once.
    pub(crate) fn start(self) {
        let t = now_ms_i64();
        let decision = self.engine.try_update_value(|e| {
            e.cancel();
            let mut poller = Poller::new(e.policy, t);
            let d = poller.poll_now(t);
            e.poller = Some(poller);
            d
        });
        self.started_at.try_set(t);
        self.ended_at.try_set(None);
        self.trouble.try_set(None);
        if let Some(d) = decision {
            self.apply(d);
        }
        // Held, the first look is not left to the stream (which sends only changes).
        if self.is_held() {
            self.fetch(true);
        }
    }

    /// Counts the current wait from `started_at_ms` (earlier only: [`Poller::count_from`]); the
    /// next outcome judges by it. A held poll's deadline timer moves with it.
    pub(crate) fn count_from(self, started_at_ms: i64) {
        let t = now_ms_i64();
        let moved = self.engine.try_update_value(|e| {
            let p = e.poller.as_mut()?;
            p.count_from(started_at_ms, t);
            Some((
                p.started_at_ms(),
                e.held && !p.is_stopped(),
                p.deadline_ms(),
            ))
        });
        if let Some(Some((start, held, deadline))) = moved {
            if self.started_at.try_get_untracked() != Some(start) {
                self.started_at.try_set(start);
            }
            if held {
                self.arm_deadline(deadline.saturating_sub(t));
            }
        }
    }

    /// Starts (or starts over) with a fresh deadline, the first poll after `ms`.
    pub(crate) fn start_after(self, ms: u64) {
        let t = now_ms_i64();
        self.engine.try_update_value(|e| {
            e.cancel();
            e.poller = Some(Poller::new(e.policy, t));
        });
        self.started_at.try_set(t);
        self.ended_at.try_set(None);
        self.trouble.try_set(None);
        self.apply(Decision::PollAfter(ms));
    }

    /// Polls now, keeping the deadline (even while the document is hidden: someone asked); a
    /// request in flight is followed by one more. Starts afresh when idle or stopped.
    pub(crate) fn poll_now(self) {
        // Held: one look now (someone asked), and the stream goes on carrying the poll.
        if self.is_held() {
            if !self.is_active_untracked() {
                self.start_held();
            }
            self.fetch(true);
            return;
        }
        let state = self.engine.try_update_value(|e| match e.poller.as_ref() {
            None => Some(true),
            Some(p) if p.is_stopped() => Some(true),
            Some(_) if e.in_flight => {
                e.again = true;
                None
            }
            Some(_) => Some(false),
        });
        match state.flatten() {
            Some(true) => self.start(),
            Some(false) => {
                let t = now_ms_i64();
                if let Some(d) = self
                    .engine
                    .try_update_value(|e| e.poller.as_mut().map(|p| p.poll_now(t)))
                    .flatten()
                {
                    self.apply_forced(d);
                }
            }
            None => {}
        }
    }

    /// Whether a push stream carries the values ([`Poll::hold`]).
    fn is_held(self) -> bool {
        self.engine.try_with_value(|e| e.held).unwrap_or(false)
    }

    /// Stops: no timer, no request in flight; idle until started again.
    pub(crate) fn stop(self) {
        self.engine.try_update_value(|e| {
            e.cancel();
            e.poller = None;
        });
        self.trouble.try_set(None);
    }

    /// Whether it is polling (started and not stopped).
    pub(crate) fn is_active_untracked(self) -> bool {
        self.engine
            .try_with_value(|e| e.poller.as_ref().is_some_and(|p| !p.is_stopped()))
            .unwrap_or(false)
    }

    /// The last decision (`None` before the first reply of a start).
    pub(crate) fn decision(self) -> Signal<Option<Decision<S>>> {
        self.decision.into()
    }

    /// Two or more failures in a row, with when the next attempt is due.
    pub(crate) fn trouble(self) -> Signal<Option<ConnectionTrouble>> {
        self.trouble.into()
    }

    /// When the current wait started (epoch ms).
    pub(crate) fn started_at(self) -> Signal<i64> {
        self.started_at.into()
    }

    /// When polling stopped on its own (ready, failed, timed out, fatal), epoch ms.
    pub(crate) fn ended_at(self) -> Signal<Option<i64>> {
        self.ended_at.into()
    }

    /// When the next poll is scheduled (epoch ms); `None` while a request is in flight, paused,
    /// or stopped.
    pub(crate) fn next_at(self) -> Signal<Option<i64>> {
        self.next_at.into()
    }

    fn pause(self) {
        self.engine.try_update_value(|e| {
            let timer = e.timer.take();
            if paused_by_hiding(timer.is_some(), e.in_flight) {
                e.paused = true;
            }
            if let Some(t) = timer {
                t.clear();
            }
        });
    }

    fn resume(self) {
        let t = now_ms_i64();
        let decision = self
            .engine
            .try_update_value(|e| {
                match on_showing(std::mem::take(&mut e.paused), e.held, e.in_flight) {
                    OnShow::Nothing => None,
                    OnShow::AfterInFlight => {
                        e.again = true;
                        None
                    }
                    OnShow::PollNow => e.poller.as_mut().map(|p| p.poll_now(t)),
                }
            })
            .flatten();
        if let Some(d) = decision {
            self.apply(d);
        }
    }

    fn apply(self, decision: Decision<S>) {
        self.act(decision, false);
    }

    fn apply_forced(self, decision: Decision<S>) {
        self.act(decision, true);
    }

    /// Acts on a decision: schedules the next poll (or pauses while hidden), or records why
    /// it stopped; then tells the signals and the `on_decision` callback.
    fn act(self, decision: Decision<S>, forced: bool) {
        let mut at_once = false;
        let mut next_at = None;
        let mut held_deadline = None;
        let Some((trouble, callback)) = self.engine.try_update_value(|e| {
            if let Some(t) = e.timer.take() {
                t.clear();
            }
            if let Decision::PollAfter(ms) = decision {
                if e.held {
                    // The stream brings the values; only the deadline is watched.
                    held_deadline = e
                        .poller
                        .as_ref()
                        .filter(|p| !p.is_stopped())
                        .map(|p| p.deadline_ms().saturating_sub(now_ms_i64()));
                } else if paused_now() && !forced {
                    e.paused = true;
                } else if ms == 0 {
                    at_once = true;
                } else {
                    next_at = Some(now_ms_i64().saturating_add(i64::try_from(ms).unwrap_or(0)));
                    let engine = self;
                    e.timer = clock::set_timeout(
                        move || {
                            engine.engine.try_update_value(|e| e.timer = None);
                            engine.fetch(false);
                        },
                        Duration::from_millis(ms),
                    );
                }
            }
            let trouble = e.poller.as_ref().and_then(Poller::connection_trouble);
            (trouble, e.on_decision.clone())
        }) else {
            return;
        };
        if decision.is_stop() {
            self.ended_at.try_set(Some(now_ms_i64()));
        }
        self.next_at.try_set(next_at);
        self.trouble.try_set(trouble);
        if let Some(cb) = callback {
            cb(&decision);
        }
        self.decision.try_set(Some(decision));
        if let Some(ms) = held_deadline {
            self.arm_deadline(ms);
        }
        if at_once {
            self.fetch(forced);
        }
    }

    /// One request; its outcome goes to the poller.
    fn fetch(self, forced: bool) {
        let ticket = self
            .engine
            .try_update_value(|e| {
                if e.in_flight
                    || (e.held && !forced)
                    || e.poller.as_ref().is_none_or(Poller::is_stopped)
                {
                    return None;
                }
                if paused_now() && !forced {
                    e.paused = true;
                    return None;
                }
                let controller = AbortController::new().ok();
                e.abort = controller.clone();
                e.in_flight = true;
                Some((e.fetch.clone(), controller, e.epoch))
            })
            .flatten();
        let Some((fetch, controller, epoch)) = ticket else {
            return;
        };
        spawn_local(async move {
            let signal = controller.as_ref().map(AbortController::signal);
            let outcome = fetch(signal).await;
            let t = now_ms_i64();
            let decision = self
                .engine
                .try_update_value(|e| {
                    if e.epoch != epoch {
                        return None;
                    }
                    e.in_flight = false;
                    e.abort = None;
                    let again = std::mem::take(&mut e.again);
                    let poller = e.poller.as_mut()?;
                    let d = poller.on_outcome(outcome, t, random());
                    Some(if again && !d.is_stop() {
                        poller.poll_now(t)
                    } else {
                        d
                    })
                })
                .flatten();
            if let Some(d) = decision {
                self.apply(d);
            }
        });
    }
}

#[cfg(test)]
mod visibility_tests {
    use super::*;

    #[test]
    fn hiding_pauses_a_poll_scheduled_or_in_flight() {
        assert!(paused_by_hiding(true, false));
        assert!(
            paused_by_hiding(false, true),
            "a request in flight pauses too"
        );
        assert!(
            !paused_by_hiding(false, false),
            "an idle poll has nothing to pause"
        );
    }

    #[test]
    fn showing_polls_at_once_or_right_after_the_request_in_flight() {
        assert_eq!(on_showing(true, false, false), OnShow::PollNow);
        assert_eq!(on_showing(true, false, true), OnShow::AfterInFlight);
        assert_eq!(on_showing(false, false, true), OnShow::Nothing);
        assert_eq!(
            on_showing(true, true, false),
            OnShow::Nothing,
            "held by a stream"
        );
    }
}
