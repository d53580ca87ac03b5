use leptos::prelude::*;

use crate::api::ApiError;

/// An error in words (`role="alert"`), where the data would have been, with an optional `Retry`.
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
            <p class="alert-title">{title}</p>
            <p class="alert-message">{error.message()}</p>
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
