use leptos::prelude::*;

/// The header activity indicator (ui.md): `Idle` or the latest job's label.
#[component]
pub fn ActivityIndicator() -> impl IntoView {
    view! {
        <div class="activity-indicator" data-testid="activity-indicator" role="status"
            aria-live="polite" aria-label="Idle">
            <span class="activity-label">"Idle"</span>
        </div>
    }
}
