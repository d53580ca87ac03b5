use leptos::prelude::*;

#[component]
pub fn AdminRolesPage() -> impl IntoView {
    view! {
        <main class="page" id="main">
            <h1>"Roles and permissions"</h1>
        </main>
    }
}
