use leptos::prelude::*;

/// A polite loading line (`role="status"`) with a spinner that respects reduced motion.
#[component]
pub fn Loading(#[prop(into)] label: String) -> impl IntoView {
    view! {
        <p class="loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            {label}
        </p>
    }
}
