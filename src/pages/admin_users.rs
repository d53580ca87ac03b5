use leptos::prelude::*;

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    view! {
        <main class="page" id="main">
            <h1>"Users"</h1>
        </main>
    }
}
