use leptos::prelude::*;

use crate::api::ApiError;
use crate::domain::text::shown_string;

/// An error in words (`role="alert"`), where the data would have been, with an optional `Retry`.
/// Its title and message often name a file or a path: bidirectional controls are shown as
/// markers (`domain::text::shown`).
#[component]
pub fn ErrorAlert(
    /// What was being done, e.g. "Could not load your workspaces".
    #[prop(into)]
    title: String,
    error: ApiError,
    /// Shows a `Retry` button that calls this.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        <div class="alert alert-error" role="alert">
            <p class="alert-title">{shown_string(&title)}</p>
            <p class="alert-message">{shown_string(&error.message())}</p>
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
