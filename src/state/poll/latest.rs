//! A poll that keeps what it fetches: [`Latest`] holds the last good value and the last error
//! (the rule is [`LatestValue`]'s: an error never erases the last good value), and
//! [`Poll::fetching`] makes a poll that fills one from its replies and derives the poller's
//! [`Outcome`] itself. Views show it through [`Latest::loadable`] (e.g. with
//! `components::loaded::Loaded`).
use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;
use web_sys::AbortSignal;

use super::{outcome_of_error, Core, Poll};
use crate::api::ApiError;
use crate::domain::latest::{LatestValue, Loadable};
use crate::domain::poll::{Outcome, PollPolicy, PollStatus};

/// `Copy`, reactive holder of the last good value of a fetch and of its last error. Every
/// write is a `try_` call: a late reply after its owner is gone changes nothing.
pub struct Latest<T: Send + Sync + 'static> {
    inner: RwSignal<LatestValue<T, ApiError>>,
}

impl<T: Send + Sync + 'static> Clone for Latest<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Latest<T> {}

impl<T: Send + Sync + 'static> Default for Latest<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Send + Sync + 'static> Latest<T> {
    /// Nothing yet (owned by the current reactive owner).
    pub fn new() -> Self {
        Self {
            inner: RwSignal::new(LatestValue::new()),
        }
    }

    /// A reply: a value replaces the last one and clears the error; an error is kept beside
    /// the last good value.
    pub fn record(self, reply: Result<T, ApiError>) {
        self.inner.try_update(|l| l.record(reply));
    }

    /// A value, as if a request had brought it.
    pub fn set_value(self, value: T) {
        self.record(Ok(value));
    }

    /// Forgets the value and the error (loading again).
    pub fn clear(self) {
        self.inner.try_update(LatestValue::clear);
    }

    /// Changes the value in place (starting from `init()` when there is none yet); `f` says
    /// whether it changed anything (readers are told only then). Returns what `f` said.
    pub fn update_value(self, init: impl FnOnce() -> T, f: impl FnOnce(&mut T) -> bool) -> bool {
        self.inner
            .try_maybe_update(|l| {
                let changed = f(l.value_or_insert_with(init));
                (changed, changed)
            })
            .unwrap_or(false)
    }

    /// Reads the value and the error (tracked).
    pub fn with<R>(self, f: impl FnOnce(&LatestValue<T, ApiError>) -> R) -> Option<R> {
        self.inner.try_with(f)
    }

    /// Reads the value and the error (untracked).
    pub fn with_untracked<R>(self, f: impl FnOnce(&LatestValue<T, ApiError>) -> R) -> Option<R> {
        self.inner.try_with_untracked(f)
    }
}

impl<T: Clone + Send + Sync + 'static> Latest<T> {
    /// What a view shows: loading, the error alone, or the value (with the error beside it).
    pub fn loadable(self) -> Signal<Loadable<T, ApiError>> {
        Signal::derive(move || {
            self.with(LatestValue::loadable)
                .unwrap_or(Loadable::Loading)
        })
    }
}

/// What one request of a [`Poll::fetching`] brought.
pub(crate) enum Reply<T, S> {
    /// A reply to keep in the poll's [`Latest`]: a value (its status from `status_of`) or an
    /// error (kept beside the last good value; its outcome from [`outcome_of_error`]).
    Kept(Result<T, ApiError>),
    /// A reply not to keep (stale, or an error the views do not show): only this outcome goes
    /// to the poller.
    Dropped(Outcome<S>),
}

impl<T, S> From<Result<T, ApiError>> for Reply<T, S> {
    fn from(r: Result<T, ApiError>) -> Self {
        Self::Kept(r)
    }
}

impl<S: PollStatus + Send + Sync + 'static, T: Send + Sync + 'static> Poll<S, T> {
    /// A poll that keeps what it fetches in its own [`Latest`] (see [`Poll::latest`]), idle
    /// until [`Poll::start`]. `fetch` makes one request and returns the reply (a
    /// `Result<T, ApiError>` or a [`Reply`]); `status_of` says what a value means for the
    /// poller (e.g. whether rows are still moving).
    pub(crate) fn fetching<F, Fut, R>(
        policy: PollPolicy,
        fetch: F,
        status_of: impl Fn(&T) -> S + 'static,
    ) -> Self
    where
        F: Fn(Option<AbortSignal>) -> Fut + 'static,
        Fut: Future<Output = R> + 'static,
        R: Into<Reply<T, S>>,
    {
        Self::fetching_into(Latest::new(), policy, fetch, status_of)
    }

    /// [`Poll::fetching`] into a given holder (one that outlives the poll's starts and stops,
    /// or exists without it, e.g. a store's list).
    pub(crate) fn fetching_into<F, Fut, R>(
        latest: Latest<T>,
        policy: PollPolicy,
        fetch: F,
        status_of: impl Fn(&T) -> S + 'static,
    ) -> Self
    where
        F: Fn(Option<AbortSignal>) -> Fut + 'static,
        Fut: Future<Output = R> + 'static,
        R: Into<Reply<T, S>>,
    {
        let status_of = Rc::new(status_of);
        let core = Core::build(policy, move |signal| {
            let reply = fetch(signal);
            let status_of = status_of.clone();
            async move {
                match reply.await.into() {
                    Reply::Kept(Ok(value)) => {
                        let status = status_of(&value);
                        latest.record(Ok(value));
                        Outcome::Status(status)
                    }
                    Reply::Kept(Err(e)) => {
                        let outcome = outcome_of_error(&e);
                        latest.record(Err(e));
                        outcome
                    }
                    Reply::Dropped(outcome) => outcome,
                }
            }
        });
        Self::with_core(core, latest)
    }
}
