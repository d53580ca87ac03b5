//! [`Kept`]: a value kept for the life of its owner, not reactive, whose machinery is compiled
//! once for every value type (issue 58).
//!
//! Leptos's `StoredValue<T>` compiles its arena slot, its lock, its guards and its drop once per
//! value type `T`, and the console kept values of about a hundred types (its
//! `StoredValue<T, LocalStorage>` once more for each). A `Kept<T>` is one `StoredValue` of a boxed
//! value of any type, typed again where it is read or written: the same behaviour (reads and
//! writes track nothing and tell nobody; the value goes with its owner), one copy of the machinery.
//!
//! Its methods are Leptos's names (`get_value`, `with_value`, `update_value`, `set_value` and
//! their `try_` forms: `None` once the owner is gone), inherent, so no trait is needed to call
//! them. The value lives in the thread's own arena, as `StoredValue::new_local` keeps it: the
//! console runs on one thread, and a value need not be `Send` to be kept.
use std::any::Any;
use std::marker::PhantomData;

use leptos::prelude::*;

/// What the one `StoredValue` type holds.
type Boxed = Box<dyn Any>;

/// The value a [`Kept<T>`] holds. Only [`Kept::new`] puts one in, and only `T`s are written
/// through [`Kept::try_update_value`]: it holds a `T`, always.
fn typed<T: 'static>(value: &Boxed) -> &T {
    value
        .downcast_ref::<T>()
        .expect("a Kept<T> holds a T (only Kept::new and its typed writes put one in)")
}

fn typed_mut<T: 'static>(value: &mut Boxed) -> &mut T {
    value
        .downcast_mut::<T>()
        .expect("a Kept<T> holds a T (only Kept::new and its typed writes put one in)")
}

/// A value of a `T` kept while its owner lives (see the module).
pub struct Kept<T> {
    inner: StoredValue<Boxed, LocalStorage>,
    ty: PhantomData<fn() -> T>,
}

impl<T> Clone for Kept<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Kept<T> {}

impl<T> std::fmt::Debug for Kept<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Kept").field(&self.inner).finish()
    }
}

impl<T> PartialEq for Kept<T> {
    fn eq(&self, other: &Self) -> bool {
        self.inner == other.inner
    }
}

impl<T> Eq for Kept<T> {}

impl<T: 'static> Kept<T> {
    /// Keeps `value` under the current owner.
    #[track_caller]
    pub fn new(value: T) -> Self {
        Self {
            inner: StoredValue::new_local(Box::new(value) as Boxed),
            ty: PhantomData,
        }
    }

    /// `f` of the value, or `None` once its owner is gone.
    pub fn try_with_value<U>(&self, f: impl FnOnce(&T) -> U) -> Option<U> {
        let guard = self.inner.try_read_value()?;
        Some(f(typed::<T>(&guard)))
    }

    /// `f` of the value.
    ///
    /// # Panics
    /// Once its owner is gone, as Leptos's `with_value`.
    #[track_caller]
    pub fn with_value<U>(&self, f: impl FnOnce(&T) -> U) -> U {
        match self.try_with_value(f) {
            Some(u) => u,
            None => gone(),
        }
    }

    /// `f` on the value, or `None` once its owner is gone.
    pub fn try_update_value<U>(&self, f: impl FnOnce(&mut T) -> U) -> Option<U> {
        let mut guard = self.inner.try_write_value()?;
        Some(f(typed_mut::<T>(&mut guard)))
    }

    /// `f` on the value; nothing once its owner is gone (as Leptos's `update_value`).
    pub fn update_value(&self, f: impl FnOnce(&mut T)) {
        self.try_update_value(f);
    }

    /// The value replaced; `Some(value)` back when its owner is gone (as Leptos's).
    pub fn try_set_value(&self, value: T) -> Option<T> {
        match self.inner.try_write_value() {
            Some(mut guard) => {
                *typed_mut::<T>(&mut guard) = value;
                None
            }
            None => Some(value),
        }
    }

    /// The value replaced; nothing once its owner is gone (as Leptos's `set_value`).
    pub fn set_value(&self, value: T) {
        self.try_set_value(value);
    }

    /// Whether its owner is gone.
    pub fn is_disposed(&self) -> bool {
        self.inner.is_disposed()
    }
}

impl<T: Clone + 'static> Kept<T> {
    /// A copy of the value, or `None` once its owner is gone.
    pub fn try_get_value(&self) -> Option<T> {
        self.try_with_value(T::clone)
    }

    /// A copy of the value.
    ///
    /// # Panics
    /// Once its owner is gone, as Leptos's `get_value`.
    #[track_caller]
    pub fn get_value(&self) -> T {
        self.with_value(T::clone)
    }
}

/// A read of a value whose owner is gone: a bug, as Leptos says of its own.
#[cold]
#[track_caller]
fn gone() -> ! {
    panic!("a Kept value was read after its owner was disposed")
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use leptos::prelude::*;

    use super::Kept;

    #[test]
    fn a_kept_value_is_read_and_written_as_its_type_and_goes_with_its_owner() {
        let owner = Owner::new();
        let (list, text) = owner.with(|| (Kept::new(vec![1, 2]), Kept::new(String::from("a"))));
        assert_eq!(list.get_value(), vec![1, 2]);
        list.update_value(|v| v.push(3));
        assert_eq!(list.with_value(Vec::len), 3);
        assert_eq!(list.try_update_value(|v| v.pop()), Some(Some(3)));
        assert_eq!(list.try_set_value(vec![7]), None);
        assert_eq!(list.try_with_value(|v| v[0]), Some(7));
        text.set_value("b".into());
        assert_eq!(text.try_get_value().as_deref(), Some("b"));
        // A value that is not `Send`, as `StoredValue::new_local` kept it.
        let local = owner.with(|| Kept::new(Rc::new(5)));
        assert_eq!(*local.get_value(), 5);
        // Two values are two handles, equal only to their copies.
        let other = owner.with(|| Kept::new(vec![7]));
        assert_ne!(list, other);
        assert_eq!(list, { list });

        owner.cleanup();
        assert!(list.is_disposed());
        assert_eq!(list.try_get_value(), None);
        assert_eq!(list.try_update_value(|v| v.len()), None);
        assert_eq!(text.try_set_value("c".into()), Some("c".to_string()));
        // Nothing, as Leptos's: no panic once the owner is gone.
        list.update_value(|v| v.push(4));
        text.set_value("d".into());
    }
}
