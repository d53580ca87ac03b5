//! A poll's kept value: [`Latest`] holds the last good value and the last error (the rule is
//! [`LatestValue`]'s: an error never erases the last good value); a poll made by
//! [`Poll::fetching`](super::Poll::fetching) fills one from its replies (`fetching.rs`). Views
//! show it through [`Latest::loadable`] (e.g. with `components::loaded::Loaded`).
use leptos::prelude::*;

use crate::api::ApiError;
use crate::domain::latest::{LatestValue, Loadable};
use crate::state::Slot;

/// `Copy`, reactive holder of the last good value of a fetch and of its last error. Every
/// write is a `try_` call: a late reply after its owner is gone changes nothing.
pub struct Latest<T: Send + Sync + 'static> {
    inner: Slot<LatestValue<T, ApiError>>,
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
            inner: Slot::new(LatestValue::new()),
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
        Signal::derive(self.loadable_fn())
    }

    /// The same as a closure (tracked when called), for [`Loaded`](crate::components::loaded::Loaded),
    /// which memoizes what it reads: no signal of its own per value type.
    pub fn loadable_fn(self) -> impl Fn() -> Loadable<T, ApiError> + Copy + Send + Sync + 'static {
        move || {
            self.with(LatestValue::loadable)
                .unwrap_or(Loadable::Loading)
        }
    }
}
