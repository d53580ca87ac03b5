//! The one way a view shows something loaded: [`Loaded`] draws the loading line while nothing
//! has come, the error box (with `Retry`) while there is an error and no value, and its
//! children with the value otherwise (with an optional notice when a later request failed).
//!
//! Its input is a [`Loadable`] signal: from a poll's value ([`crate::state::poll::Latest::loadable`])
//! or from a one-shot [`Resource`](crate::state::Resource) ([`from_resource`]).
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::error_alert::{ErrorAlert, ErrorDetail};
use crate::components::loading::Loading;
use crate::domain::latest::Loadable;

/// What a view shows of a load (loading, the error alone, or the value).
pub type Load<T> = Loadable<T, ApiError>;

/// A one-shot [`Resource`](crate::state::Resource) as a [`Loadable`]: loading while it runs,
/// then its result (a refetch keeps showing the last result until the new one comes, as the
/// resource does).
pub fn from_resource<T>(resource: crate::state::Resource<Result<T, ApiError>>) -> Signal<Load<T>>
where
    T: Clone + Send + Sync + 'static,
{
    Signal::derive(move || Loadable::from_result(resource.get()))
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
/// when the value comes and get it as a signal that follows later values (a table stays
/// mounted while its rows update). When a later request fails, the value stays, and
/// `stale_notice` (if given) is shown above it as a warning, followed by the error's words.
///
/// ```text
/// <Loaded state=from_resource(list) loading="Loading…" error_title="Could not load" let:items>
///     {move || items.get().len()}
/// </Loaded>
/// ```
#[component]
pub fn Loaded<T, F, V>(
    /// What is loaded.
    #[prop(into)]
    state: Signal<Load<T>>,
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
    /// The view of the value, given as a signal.
    children: F,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
    F: Fn(Signal<T>) -> V + Send + 'static,
    V: IntoView + 'static,
{
    let state = crate::state::memo(move |_| state.get());
    let phase = crate::state::memo(move |_| {
        state.with(|s| match s {
            Loadable::Loading => Phase::Loading,
            Loadable::Failed(e) => Phase::Failed(e.clone()),
            Loadable::Ready { .. } => Phase::Ready,
        })
    });
    let stale = crate::state::memo(move |_| {
        state.with(|s| match s {
            Loadable::Ready { stale, .. } => stale.clone(),
            _ => None,
        })
    });

    move || match phase.get() {
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
            let notice = stale_notice.clone().map(|sentence| {
                move || {
                    stale.get().map(|e| {
                        view! {
                            <div class="alert alert-warn">
                                <p>{sentence.clone()} " " {e.words()}</p>
                                {e.detail().map(|d| view! { <ErrorDetail detail=d/> })}
                            </div>
                        }
                    })
                }
            });
            view! {
                {notice}
                {children(value.into())}
            }
            .into_any()
        }
    }
}
