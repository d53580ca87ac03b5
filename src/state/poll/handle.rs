//! [`Poll`], the handle the rest of the console holds: the engine ([`Core`], generic in the
//! status only) and the value it keeps ([`Latest`]). Keeping the two apart matters for the
//! bundle: a poll's code is compiled once per status type, not once per kept value.
use std::future::Future;

use leptos::prelude::*;
use web_sys::AbortSignal;

use super::engine::Core;
use super::latest::Latest;
use crate::domain::poll::{ConnectionTrouble, Decision, Outcome, PollPolicy, PollStatus};

/// `Copy` handle on one poll engine; `T` is the value it keeps ([`Poll::fetching`]), `()` for
/// a poll that keeps nothing itself ([`Poll::new`]).
pub(crate) struct Poll<S: Send + Sync + 'static, T: Send + Sync + 'static = ()> {
    core: Core<S>,
    /// The last good value and error of the replies (empty for [`Poll::new`]).
    latest: Latest<T>,
}

impl<S: Send + Sync + 'static, T: Send + Sync + 'static> Clone for Poll<S, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S: Send + Sync + 'static, T: Send + Sync + 'static> Copy for Poll<S, T> {}

impl<S: PollStatus + Send + Sync + 'static> Poll<S> {
    /// A poll engine owned by the current reactive owner, idle until [`Poll::start`]. The
    /// fetch function stores what it wants itself (see [`Poll::fetching`] for a poll that
    /// keeps its replies).
    pub(crate) fn new<F, Fut>(policy: PollPolicy, fetch: F) -> Self
    where
        F: Fn(Option<AbortSignal>) -> Fut + 'static,
        Fut: Future<Output = Outcome<S>> + 'static,
    {
        Self::with_core(Core::build(policy, fetch), Latest::new())
    }
}

/// What the engine does, passed on to [`Core`] (see there).
impl<S: PollStatus + Send + Sync + 'static, T: Send + Sync + 'static> Poll<S, T> {
    pub(super) fn with_core(core: Core<S>, latest: Latest<T>) -> Self {
        Self { core, latest }
    }

    /// The last good value and the last error of the replies.
    pub(crate) fn latest(self) -> Latest<T> {
        self.latest
    }

    /// Reacts to every decision (after the engine has acted on it).
    pub(crate) fn on_decision(self, f: impl Fn(&Decision<S>) + 'static) -> Self {
        self.core.on_decision(f);
        self
    }

    /// Starts (or starts over) with a fresh deadline: polls at once.
    pub(crate) fn start(self) {
        self.core.start();
    }

    /// Starts now, and once more past CHORUS's one-second caches (its list of sessions keeps
    /// the same request's page a second, a delete since or not): a read right after a change
    /// can be the one from before it, and a poll whose rows are all settled does not read again
    /// by itself. The twin of `Resource::refetch_past_user_cache`; nothing once the poll is gone.
    pub(crate) fn start_past_chorus_cache(self) {
        self.start();
        leptos::task::spawn_local(async move {
            crate::state::timer::sleep(crate::state::resource::PAST_CHORUS_CACHE).await;
            self.start();
        });
    }

    /// Starts (or starts over) with a fresh deadline, polling first after `ms`.
    pub(crate) fn start_after(self, ms: u64) {
        self.core.start_after(ms);
    }

    /// Counts the current wait from `started_at_ms` (earlier only).
    pub(crate) fn count_from(self, started_at_ms: i64) {
        self.core.count_from(started_at_ms);
    }

    /// Polls now, keeping the deadline.
    pub(crate) fn poll_now(self) {
        self.core.poll_now();
    }

    /// Stops: no timer, the request in flight aborted.
    pub(crate) fn stop(self) {
        self.core.stop();
    }

    /// Whether the engine polls (or waits to), untracked.
    pub(crate) fn is_active_untracked(self) -> bool {
        self.core.is_active_untracked()
    }

    /// The latest decision.
    pub(crate) fn decision(self) -> Signal<Option<Decision<S>>> {
        self.core.decision()
    }

    /// Trouble reaching the backend, while there is some.
    pub(crate) fn trouble(self) -> Signal<Option<ConnectionTrouble>> {
        self.core.trouble()
    }

    /// When the current run started (epoch ms).
    pub(crate) fn started_at(self) -> Signal<i64> {
        self.core.started_at()
    }

    /// When the current run ended (epoch ms), `None` while it goes on.
    pub(crate) fn ended_at(self) -> Signal<Option<i64>> {
        self.core.ended_at()
    }

    /// When the next poll is scheduled (epoch ms), `None` when none is.
    pub(crate) fn next_at(self) -> Signal<Option<i64>> {
        self.core.next_at()
    }

    /// Starts held: values come through [`Poll::push`].
    pub(crate) fn start_held(self) {
        self.core.start_held();
    }

    /// Holds a running poll; it polls again after `grace_ms` without a pushed value.
    pub(crate) fn hold(self, grace_ms: u64) {
        self.core.hold(grace_ms);
    }

    /// A value from the push stream; whether the poll goes on.
    pub(crate) fn push(self, outcome: Outcome<S>) -> bool {
        self.core.push(outcome)
    }

    /// The push stream is gone: the poll takes over at once.
    pub(crate) fn release(self) {
        self.core.release();
    }
}
