//! The last good value of something fetched again and again (a poll's list, a page's data),
//! with the last error beside it, and what a view shows of the two.
//!
//! The one rule: a success replaces the value and clears the error; an error is kept beside the
//! last good value and never erases it. A view then shows "loading" while nothing has come,
//! the error alone while there is no value, and the value otherwise (with the error beside it
//! as a notice where the page has one).
//!
//! Generic over the error type so that it stays plain data (the browser side keeps an
//! `ApiError` here: `crate::state::poll::Latest`).

/// The last good value and the last error. `Default`: nothing has come yet.
#[derive(Debug, Clone, PartialEq)]
pub struct LatestValue<T, E> {
    value: Option<T>,
    error: Option<E>,
}

impl<T, E> Default for LatestValue<T, E> {
    fn default() -> Self {
        Self {
            value: None,
            error: None,
        }
    }
}

/// What a view shows of a [`LatestValue`] (or of any load: a one-shot request is the same
/// thing without a second reply).
#[derive(Debug, Clone, PartialEq)]
pub enum Loadable<T, E> {
    /// Nothing has come yet.
    Loading,
    /// An error, and no value to show.
    Failed(E),
    /// A value; `stale` is the error of a later request that failed (the value is the last
    /// good one).
    Ready {
        /// The last good value.
        value: T,
        /// The error since, if the last request failed.
        stale: Option<E>,
    },
}

impl<T, E> Loadable<T, E> {
    /// A one-shot load: `None` while it runs, then its result.
    pub fn from_result(r: Option<Result<T, E>>) -> Self {
        match r {
            None => Self::Loading,
            Some(Ok(value)) => Self::Ready { value, stale: None },
            Some(Err(e)) => Self::Failed(e),
        }
    }

    /// The value, if there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Ready { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Two loads shown as one: loading while either is; then the first one's error, then the
    /// second one's; both values when both have come. A stale error of either stays beside.
    pub fn zip<U>(self, other: Loadable<U, E>) -> Loadable<(T, U), E> {
        match (self, other) {
            (Self::Loading, _) | (_, Loadable::Loading) => Loadable::Loading,
            (Self::Failed(e), _) | (_, Loadable::Failed(e)) => Loadable::Failed(e),
            (
                Self::Ready {
                    value: a,
                    stale: sa,
                },
                Loadable::Ready {
                    value: b,
                    stale: sb,
                },
            ) => Loadable::Ready {
                value: (a, b),
                stale: sa.or(sb),
            },
        }
    }
}

impl<T, E> LatestValue<T, E> {
    /// Nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A successful reply: it replaces the value and clears the error.
    pub fn succeed(&mut self, value: T) {
        self.value = Some(value);
        self.error = None;
    }

    /// A failed reply: kept beside the last good value, which stays.
    pub fn fail(&mut self, error: E) {
        self.error = Some(error);
    }

    /// A reply, either way (see [`Self::succeed`] and [`Self::fail`]).
    pub fn record(&mut self, reply: Result<T, E>) {
        match reply {
            Ok(v) => self.succeed(v),
            Err(e) => self.fail(e),
        }
    }

    /// Forgets everything (a sign-out): loading again.
    pub fn clear(&mut self) {
        self.value = None;
        self.error = None;
    }

    /// The last good value.
    pub fn value(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// The value to change in place (a local change that needs no reply, e.g. a started job
    /// added to the list); `None` before the first value.
    pub fn value_mut(&mut self) -> Option<&mut T> {
        self.value.as_mut()
    }

    /// The value to change in place, starting from `init()` when there is none yet.
    pub fn value_or_insert_with(&mut self, init: impl FnOnce() -> T) -> &mut T {
        self.value.get_or_insert_with(init)
    }

    /// The error of the last request, if it failed.
    pub fn error(&self) -> Option<&E> {
        self.error.as_ref()
    }

    /// Whether a reply (good or bad) has come, or a value was set.
    pub fn has_answered(&self) -> bool {
        self.value.is_some() || self.error.is_some()
    }

    /// What a view shows: loading, the error alone, or the value (with the error beside it).
    pub fn loadable(&self) -> Loadable<T, E>
    where
        T: Clone,
        E: Clone,
    {
        match (&self.value, &self.error) {
            (None, None) => Loadable::Loading,
            (None, Some(e)) => Loadable::Failed(e.clone()),
            (Some(v), e) => Loadable::Ready {
                value: v.clone(),
                stale: e.clone(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type L = LatestValue<Vec<u32>, &'static str>;

    #[test]
    fn nothing_yet_is_loading() {
        let l = L::new();
        assert!(!l.has_answered());
        assert_eq!(l.loadable(), Loadable::Loading);
        assert_eq!(l.value(), None);
        assert_eq!(l.error(), None);
    }

    #[test]
    fn an_error_before_any_value_is_shown_alone() {
        let mut l = L::new();
        l.record(Err("down"));
        assert!(l.has_answered());
        assert_eq!(l.loadable(), Loadable::Failed("down"));
    }

    #[test]
    fn an_error_never_erases_the_last_good_value() {
        let mut l = L::new();
        l.record(Ok(vec![1, 2]));
        l.record(Err("down"));
        l.record(Err("still down"));
        assert_eq!(l.value(), Some(&vec![1, 2]));
        assert_eq!(
            l.loadable(),
            Loadable::Ready {
                value: vec![1, 2],
                stale: Some("still down")
            }
        );
    }

    #[test]
    fn a_success_replaces_the_value_and_clears_the_error() {
        let mut l = L::new();
        l.record(Err("down"));
        l.record(Ok(vec![3]));
        assert_eq!(l.error(), None);
        assert_eq!(
            l.loadable(),
            Loadable::Ready {
                value: vec![3],
                stale: None
            }
        );
        l.record(Ok(vec![]));
        assert_eq!(l.value(), Some(&vec![]));
    }

    #[test]
    fn local_changes_and_clear() {
        let mut l = L::new();
        assert!(l.value_mut().is_none());
        l.value_or_insert_with(Vec::new).push(7);
        assert_eq!(l.value(), Some(&vec![7]));
        if let Some(v) = l.value_mut() {
            v.push(8);
        }
        l.fail("down");
        assert_eq!(l.value(), Some(&vec![7, 8]));
        l.clear();
        assert_eq!(l, L::new());
    }

    #[test]
    fn one_shot_results() {
        assert_eq!(Loadable::<u8, &str>::from_result(None), Loadable::Loading);
        assert_eq!(
            Loadable::<u8, &str>::from_result(Some(Err("no"))),
            Loadable::Failed("no")
        );
        let ready = Loadable::<u8, &str>::from_result(Some(Ok(1)));
        assert_eq!(ready.value(), Some(&1));
    }

    #[test]
    fn zipped_loads_wait_for_both_and_fail_first_by_the_first() {
        let ok = |v: u8| Loadable::<u8, &str>::Ready {
            value: v,
            stale: None,
        };
        assert_eq!(ok(1).zip(Loadable::<u8, _>::Loading), Loadable::Loading);
        assert_eq!(
            Loadable::<u8, _>::Failed("a").zip(Loadable::<u8, _>::Loading),
            Loadable::Loading
        );
        assert_eq!(
            Loadable::<u8, _>::Failed("a").zip(Loadable::<u8, _>::Failed("b")),
            Loadable::Failed("a")
        );
        assert_eq!(
            ok(1).zip(Loadable::<u8, _>::Failed("b")),
            Loadable::Failed("b")
        );
        assert_eq!(
            ok(1).zip(Loadable::Ready {
                value: 2u8,
                stale: Some("late")
            }),
            Loadable::Ready {
                value: (1, 2),
                stale: Some("late")
            }
        );
    }
}
