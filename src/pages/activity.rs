use leptos::prelude::*;

#[component]
pub fn ActivityPage() -> impl IntoView {
    view! {
        <main class="page" id="main">
            <h1>"Activity"</h1>
        </main>
    }
}
