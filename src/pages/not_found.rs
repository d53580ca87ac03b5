use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="page page-narrow" id="main">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. It may have moved, or the link may be mistyped."</p>
            <p><a class="btn" href="/workspaces">"Go to your workspaces"</a></p>
        </main>
    }
}
