//! [`Poll::fetching`]: a poll that fills its [`Latest`] from its replies and derives the
//! poller's [`Outcome`] itself ([`Reply`]: what one request brought).
use std::future::Future;
use std::rc::Rc;

use web_sys::AbortSignal;

use super::engine::{outcome_of_error, Core};
use super::handle::Poll;
use super::latest::Latest;
use crate::api::ApiError;
use crate::domain::poll::{Outcome, PollPolicy, PollStatus};

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
