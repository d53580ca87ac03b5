//! [`Resource`]: a one-shot async value (a page's workspace, a list of roles) as Leptos's
//! [`LocalResource`] gives it, with its value type erased. A `LocalResource<T>` compiles the
//! whole async machinery under it (its derived signal, its future's scope, its reads) once per
//! `T`; every [`Resource`] shares one `LocalResource` of an `Rc<dyn Any>`, and only the typed
//! reads below are compiled per `T` (the same behaviour in a smaller bundle: issue 30).
use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;

/// The value as the shared resource holds it.
type Erased = Rc<dyn Any>;
type Fetch = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Erased>>>>;

/// An async value of type `T`: `None` while the first fetch runs, then the last result (a
/// refetch keeps the last result until the new one comes). Reading it tracks it.
pub struct Resource<T> {
    inner: LocalResource<Erased>,
    ty: PhantomData<fn() -> T>,
}

impl<T> Clone for Resource<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Resource<T> {}

/// How long to wait for what CHORUS keeps in its one-second caches (a user, a workspace) to be
/// read afresh.
pub const PAST_CHORUS_CACHE: std::time::Duration = std::time::Duration::from_millis(1_100);

/// A [`Resource`] fetched by `fetch`, now and again whenever a signal `fetch` read changes or
/// [`Resource::refetch`] is called (as [`LocalResource::new`]).
pub fn resource<T, Fu>(fetch: impl Fn() -> Fu + 'static) -> Resource<T>
where
    T: 'static,
    Fu: Future<Output = T> + 'static,
{
    let fetch: Fetch = Box::new(move || {
        let value = fetch();
        Box::pin(async move { Rc::new(value.await) as Erased })
    });
    Resource {
        inner: erased(fetch),
        ty: PhantomData,
    }
}

/// The one `LocalResource` every [`Resource`] is.
fn erased(fetch: Fetch) -> LocalResource<Erased> {
    LocalResource::new(fetch)
}

impl<T: 'static> Resource<T> {
    /// Reads the value (`None` while loading), tracked.
    pub fn with<U>(&self, f: impl FnOnce(&Option<&T>) -> U) -> U {
        self.inner.with(|v| f(&typed(v)))
    }

    /// Whether the first fetch is still running, tracked.
    pub fn loading(&self) -> bool {
        self.inner.with(Option::is_none)
    }

    /// The value (`None` while loading), tracked.
    pub fn get(&self) -> Option<T>
    where
        T: Clone,
    {
        self.inner.with(|v| typed(v).cloned())
    }

    /// The value (`None` while loading), untracked.
    pub fn get_untracked(&self) -> Option<T>
    where
        T: Clone,
    {
        self.inner.with_untracked(|v| typed(v).cloned())
    }

    /// Reads the value (`None` while loading), untracked.
    pub fn with_untracked<U>(&self, f: impl FnOnce(&Option<&T>) -> U) -> U {
        self.inner.with_untracked(|v| f(&typed(v)))
    }

    /// Fetches again (nothing once the resource is disposed: an action that ends after its
    /// page is gone may still ask).
    pub fn refetch(&self) {
        if self.inner.try_with_untracked(|_| ()).is_some() {
            self.inner.refetch();
        }
    }

    /// Fetches again now, and once more after CHORUS's one-second user cache
    /// (`pkg/user/service/middleware/caching.go`): a list of users asked right after a change
    /// of roles (a member added, a session shared) can be the one from before it (seen on a
    /// running CHORUS). Runs on its own; nothing once the resource is disposed.
    pub fn refetch_past_user_cache(&self) {
        self.refetch();
        let this = *self;
        leptos::task::spawn_local(async move {
            crate::state::timer::sleep(PAST_CHORUS_CACHE).await;
            this.refetch();
        });
    }

    /// Replaces the value, as a fetch would (nothing once the resource is disposed).
    pub fn try_set(&self, value: Option<T>) {
        self.inner.try_set(value.map(|v| Rc::new(v) as Erased));
    }

    /// Changes the value: a copy, changed by `f` and put back (nothing once the resource is
    /// disposed).
    pub fn try_update(&self, f: impl FnOnce(&mut Option<T>))
    where
        T: Clone,
    {
        if let Some(mut value) = self.inner.try_with_untracked(|v| typed::<T>(v).cloned()) {
            f(&mut value);
            self.try_set(value);
        }
    }
}

/// The shared resource's value as a `T` (the resource only ever holds what its own fetch made).
fn typed<T: 'static>(v: &Option<Erased>) -> Option<&T> {
    v.as_ref().and_then(|v| v.downcast_ref::<T>())
}
