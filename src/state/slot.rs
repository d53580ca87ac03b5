//! [`Slot`]: a read-write signal whose machinery is compiled once for every value type (issue 58).
//!
//! Leptos's `RwSignal<T>` compiles its reads, writes, subscriber bookkeeping and drop once per
//! value type `T`; the console kept signals of about a hundred types. A `Slot<T>` is one
//! `RwSignal` of a boxed value of any type, typed again where it is read or written: the same
//! behaviour (every write tells the readers; a read tracks), one copy of the machinery. Made with
//! [`Slot::new`]; read and written with Leptos's traits (`get`, `set`, `update`, `with`,
//! their untracked and `try_` forms).
use std::any::Any;
use std::marker::PhantomData;
use std::ops::DerefMut;
use std::panic::Location;

use leptos::prelude::*;
use leptos::reactive::signal::guards::{Mapped, MappedMut};
use leptos::reactive::traits::UntrackableGuard;

/// What the one `RwSignal` type holds.
pub struct Boxed(Box<dyn Any + Send + Sync>);

/// The value a [`Slot<T>`] holds. Only [`Slot::new`] puts one in, and only `T`s are written
/// through its typed guards: it holds a `T`, always.
fn typed<T: 'static>(value: &Boxed) -> &T {
    value
        .0
        .downcast_ref::<T>()
        .expect("a Slot<T> holds a T (only Slot::new and its typed writes put one in)")
}

fn typed_mut<T: 'static>(value: &mut Boxed) -> &mut T {
    value
        .0
        .downcast_mut::<T>()
        .expect("a Slot<T> holds a T (only Slot::new and its typed writes put one in)")
}

/// A read-write signal of a `T` (see the module).
pub struct Slot<T> {
    inner: RwSignal<Boxed>,
    ty: PhantomData<fn() -> T>,
}

impl<T> Clone for Slot<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Slot<T> {}

impl<T> std::fmt::Debug for Slot<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Slot").field(&self.inner).finish()
    }
}

impl<T> PartialEq for Slot<T> {
    fn eq(&self, other: &Self) -> bool {
        self.inner == other.inner
    }
}

impl<T> Eq for Slot<T> {}

impl<T: Send + Sync + 'static> Slot<T> {
    pub fn new(value: T) -> Self {
        Self {
            inner: RwSignal::new(Boxed(Box::new(value))),
            ty: PhantomData,
        }
    }
}

impl<T> DefinedAt for Slot<T> {
    fn defined_at(&self) -> Option<&'static Location<'static>> {
        self.inner.defined_at()
    }
}

impl<T> Track for Slot<T> {
    fn track(&self) {
        self.inner.track();
    }
}

impl<T> Notify for Slot<T> {
    fn notify(&self) {
        self.inner.notify();
    }
}

impl<T> IsDisposed for Slot<T> {
    fn is_disposed(&self) -> bool {
        self.inner.is_disposed()
    }
}

impl<T: 'static> ReadUntracked for Slot<T> {
    type Value = Mapped<<RwSignal<Boxed> as ReadUntracked>::Value, T>;

    fn try_read_untracked(&self) -> Option<Self::Value> {
        self.inner
            .try_read_untracked()
            .map(|guard| Mapped::new_with_guard(guard, typed::<T>))
    }
}

impl<T: 'static> Write for Slot<T> {
    type Value = T;

    fn try_write(&self) -> Option<impl UntrackableGuard<Target = T>> {
        self.inner
            .try_write()
            .map(|guard| MappedMut::new(guard, typed::<T>, typed_mut::<T>))
    }

    fn try_write_untracked(&self) -> Option<impl DerefMut<Target = T>> {
        self.inner
            .try_write_untracked()
            .map(|guard| MappedMut::new(guard, typed::<T>, typed_mut::<T>))
    }
}

impl<T: Clone + Send + Sync + 'static> From<Slot<T>> for Signal<T> {
    fn from(value: Slot<T>) -> Self {
        Signal::derive(move || value.get())
    }
}
