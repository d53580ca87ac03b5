use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::on::OnAttribute;
use crate::domain::text::shown_string;

/// An error in words (`role="alert"`), where the data would have been: what was being done, what
/// happened and what to do ([`ApiError::words`]), the technical detail (status, code, the
/// backend's message) behind a disclosure, and `Retry` where a retry can help (no reply, a
/// 5xx, a 429: [`ApiError::retry_may_help`]; a refusal or a missing thing stays so).
/// Its title and words often name a file or a path: bidirectional controls are shown as
/// markers (`domain::text::shown`).
#[component]
pub fn ErrorAlert(
    /// What was being done, e.g. "Could not load your workspaces".
    #[prop(into)]
    title: String,
    error: ApiError,
    /// Shows a `Retry` button that calls this (when a retry can help).
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let on_retry = on_retry.filter(|_| error.retry_may_help());
    view! {
        <div class="alert alert-error" role="alert">
            <p class="alert-title">{shown_string(&title)}</p>
            <p class="alert-message">{shown_string(&error.words())}</p>
            {error.detail().map(|d| view! { <ErrorDetail detail=d/> })}
            {on_retry
                .map(|cb| {
                    view! {
                        <button type="button" class="btn" on:click=move |_| cb.run(())>
                            "Retry"
                        </button>
                    }
                })}
        </div>
    }
}

/// The technical detail of an error, closed until asked for.
#[component]
pub fn ErrorDetail(#[prop(into)] detail: String) -> impl IntoView {
    view! {
        <details class="error-detail">
            <summary>"Technical details"</summary>
            <p class="muted">{shown_string(&detail)}</p>
        </details>
    }
}
