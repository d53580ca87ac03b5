use leptos::prelude::*;

#[component]
pub fn SessionPage() -> impl IntoView {
    view! {
        <main class="page" id="main">
            <h1>"Session"</h1>
        </main>
    }
}
