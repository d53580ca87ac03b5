//! [`Derived`]: a memo whose machinery is compiled once for every value type (issue 58).
//!
//! Leptos's `Memo<T>` compiles its recomputation, its reads, its subscriber bookkeeping and its
//! drop once per value type `T`; the console memoized values of about 130 types, each paying
//! for its own copy. A `Derived<T>` is one `Memo` of a type-erased value (an `Arc` of the value
//! behind a trait that compares two of them), typed again only where it is read: the same
//! behaviour (recomputed when what it read changes, its readers told only when the value is no
//! longer equal), one copy of the machinery.
use std::any::Any;
use std::marker::PhantomData;
use std::panic::Location;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::reactive::signal::guards::Mapped;

/// A value of some type that can tell whether another one is equal to it.
trait Value: Any + Send + Sync {
    fn same(&self, other: &dyn Value) -> bool;
    fn as_any(&self) -> &dyn Any;
}

impl<T: PartialEq + Send + Sync + 'static> Value for T {
    fn same(&self, other: &dyn Value) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// What the one `Memo` type holds: equal when of the same type and equal.
#[derive(Clone)]
pub struct Erased(Arc<dyn Value>);

impl PartialEq for Erased {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0.same(&*other.0)
    }
}

/// The value a [`Derived<T>`] holds. Only [`crate::state::memo`] makes one, from a function
/// that returns a `T`: it holds a `T`, always.
fn typed<T: 'static>(value: &Erased) -> &T {
    value
        .0
        .as_any()
        .downcast_ref::<T>()
        .expect("a Derived<T> holds a T (only state::memo makes one)")
}

/// A memoized value of type `T` ([`crate::state::memo`]); read it as a `Memo<T>` (`get`, `with`,
/// `read` and their untracked forms).
pub struct Derived<T> {
    inner: Memo<Erased>,
    ty: PhantomData<fn() -> T>,
}

impl<T> Clone for Derived<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Derived<T> {}

impl<T> std::fmt::Debug for Derived<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Derived").field(&self.inner).finish()
    }
}

impl<T> PartialEq for Derived<T> {
    fn eq(&self, other: &Self) -> bool {
        self.inner == other.inner
    }
}

impl<T> Eq for Derived<T> {}

impl<T: PartialEq + Send + Sync + 'static> Derived<T> {
    pub(super) fn new(f: impl Fn(Option<&T>) -> T + Send + Sync + 'static) -> Self {
        type BoxedFn = Box<dyn Fn(Option<&Erased>) -> Erased + Send + Sync>;
        let f: BoxedFn = Box::new(move |before| Erased(Arc::new(f(before.map(typed::<T>)))));
        Self {
            inner: Memo::new(f),
            ty: PhantomData,
        }
    }
}

impl<T> DefinedAt for Derived<T> {
    fn defined_at(&self) -> Option<&'static Location<'static>> {
        self.inner.defined_at()
    }
}

impl<T> Track for Derived<T> {
    fn track(&self) {
        self.inner.track();
    }
}

impl<T: 'static> ReadUntracked for Derived<T> {
    type Value = Mapped<<Memo<Erased> as ReadUntracked>::Value, T>;

    fn try_read_untracked(&self) -> Option<Self::Value> {
        self.inner
            .try_read_untracked()
            .map(|guard| Mapped::new_with_guard(guard, typed::<T>))
    }
}

impl<T: Clone + Send + Sync + 'static> From<Derived<T>> for Signal<T> {
    fn from(value: Derived<T>) -> Self {
        Signal::derive(move || value.get())
    }
}
