use leptos::prelude::*;

#[component]
pub fn WorkspacePage() -> impl IntoView {
    view! {
        <main class="page" id="main">
            <h1>"Workspace"</h1>
        </main>
    }
}
