//! The one way a view shows something loaded: [`Loaded`] draws the loading line while nothing
//! has come, the error box (with `Retry`) while there is an error and no value, and its
//! children with the value otherwise (with an optional notice when a later request failed).
//!
//! Its input is a [`Loadable`] signal: from a poll's value ([`crate::state::poll::Latest::loadable`])
//! or from a one-shot [`Resource`](crate::state::Resource) ([`from_resource`]).
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::error_alert::{ErrorAlert, ErrorDetail};
use crate::components::loading::Loading;
use crate::domain::latest::Loadable;
use crate::state::Derived;

/// What a view shows of a load (loading, the error alone, or the value).
pub type Load<T> = Loadable<T, ApiError>;

/// A one-shot [`Resource`](crate::state::Resource) as a [`Loadable`]: loading while it runs,
/// then its result (a refetch keeps showing the last result until the new one comes, as the
/// resource does). A closure, not a `Signal`: [`Loaded`] memoizes what it reads, and a signal
/// of each value type would compile its own reads.
pub fn from_resource<T>(
    resource: crate::state::Resource<Result<T, ApiError>>,
) -> impl Fn() -> Load<T> + Copy + Send + Sync + 'static
where
    T: Clone + 'static,
{
    move || Loadable::from_result(resource.get())
}

/// Which part is shown; the children are drawn again only when this changes.
#[derive(Clone, PartialEq)]
enum Phase {
    Loading,
    Failed(ApiError),
    Ready,
}

/// Shows `state`: [`Loading`] with `loading` while nothing has come (nothing without a label),
/// [`ErrorAlert`] titled `error_title` (with `Retry` calling `on_retry`) while there is an
/// error and no value, and `children` with the value otherwise. The children are drawn once
/// when the value comes and get it as a memo that follows later values (a table stays
/// mounted while its rows update). When a later request fails, the value stays, and
/// `stale_notice` (if given) is shown above it as a warning, followed by the error's words.
///
/// ```text
/// <Loaded state=from_resource(list) loading="Loading…" error_title="Could not load" let:items>
///     {live(move || items.get().len())}
/// </Loaded>
/// ```
#[component]
pub fn Loaded<T, S, F, V>(
    /// What is loaded, read in a reactive scope (a closure: `from_resource(…)`,
    /// `latest.loadable_fn()`, `move || signal.get()`).
    state: S,
    /// The loading line, e.g. "Loading your workspaces…" (nothing is shown while loading
    /// without one).
    #[prop(optional, into)]
    loading: Option<String>,
    /// The error box's title, e.g. "Could not load your workspaces".
    #[prop(into)]
    error_title: Signal<String>,
    /// Shows a `Retry` button in the error box that calls this.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
    /// A sentence shown (as a warning, before the error's words) above the value when a later
    /// request failed; without one nothing is said.
    #[prop(optional, into)]
    stale_notice: Option<String>,
    /// The view of the value, given as a memo (equal values do not redraw).
    children: F,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
    S: Fn() -> Load<T> + Send + Sync + 'static,
    F: Fn(Derived<T>) -> V + Send + 'static,
    V: IntoView + 'static,
{
    let state = crate::state::memo(move |_| state());
    let phase: Box<dyn Fn() -> Phase + Send + Sync> = Box::new(move || {
        state.with(|s| match s {
            Loadable::Loading => Phase::Loading,
            Loadable::Failed(e) => Phase::Failed(e.clone()),
            Loadable::Ready { .. } => Phase::Ready,
        })
    });
    let stale: Box<dyn Fn() -> Option<ApiError> + Send + Sync> = Box::new(move || {
        state.with(|s| match s {
            Loadable::Ready { stale, .. } => stale.clone(),
            _ => None,
        })
    });
    // The value's view, made when the value comes (`Phase::Ready`).
    let ready: Box<dyn Fn() -> AnyView + Send> = Box::new(move || {
        let Some(first) = state.with_untracked(|s| s.value().cloned()) else {
            return ().into_any();
        };
        // The value while there is one; the last one while the view goes.
        let value = crate::state::memo(move |prev: Option<&T>| {
            state
                .with(|s| s.value().cloned())
                .or_else(|| prev.cloned())
                .unwrap_or_else(|| first.clone())
        });
        children(value).into_any()
    });
    shown(
        phase,
        stale,
        Parts {
            loading,
            error_title,
            on_retry,
            stale_notice,
        },
        ready,
    )
}

/// What [`Loaded`] shows around the value.
struct Parts {
    loading: Option<String>,
    error_title: Signal<String>,
    on_retry: Option<Callback<()>>,
    stale_notice: Option<String>,
}

/// The one view every [`Loaded`] is, whatever its value's type: only the value's own memo and
/// view (`ready`) are compiled per use.
fn shown(
    phase: Box<dyn Fn() -> Phase + Send + Sync>,
    stale: Box<dyn Fn() -> Option<ApiError> + Send + Sync>,
    parts: Parts,
    ready: Box<dyn Fn() -> AnyView + Send>,
) -> AnyView {
    let Parts {
        loading,
        error_title,
        on_retry,
        stale_notice,
    } = parts;
    let phase = crate::state::memo(move |_| phase());
    let stale = crate::state::memo(move |_| stale());
    live(move || match phase.get() {
        Phase::Loading => loading
            .clone()
            .map(|label| view! { <Loading label=label/> })
            .into_any(),
        Phase::Failed(e) => {
            let title = error_title.get();
            match on_retry {
                Some(cb) => view! { <ErrorAlert title=title error=e on_retry=cb/> }.into_any(),
                None => view! { <ErrorAlert title=title error=e/> }.into_any(),
            }
        }
        Phase::Ready => {
            let notice = stale_notice.clone().map(|sentence| {
                live(move || {
                    stale.get().map(|e| {
                        view! {
                            <div class="alert alert-warn">
                                <p>{sentence.clone()} " " {e.words()}</p>
                                {e.detail().map(|d| view! { <ErrorDetail detail=d/> })}
                            </div>
                        }
                    })
                })
            });
            view! {
                {notice}
                {ready()}
            }
            .into_any()
        }
    })
    .into_any()
}
