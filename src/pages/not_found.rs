use leptos::prelude::*;

use crate::state::auth::{Auth, AuthStatus};

/// Any path the app does not have: said in words, with a way on. Open to everyone; but a sign-in
/// that ends while it shows (`Sign out` here or in another tab, a lost login) leads to the login
/// page as it does everywhere else (ui.md: "every tab of the app goes to the login page").
#[component]
pub fn NotFound() -> impl IntoView {
    if let Some(auth) = use_context::<Auth>() {
        let navigate = leptos_router::hooks::use_navigate();
        crate::state::effect(move |prev: Option<AuthStatus>| {
            let now = auth.status.get();
            if prev == Some(AuthStatus::SignedIn) && now == AuthStatus::SignedOut {
                navigate("/login", Default::default());
            }
            now
        });
    }
    // A signed-in user gets the header here as on any page: it comes once a page has shown
    // (pages/lazy.rs, `chrome`), and this page is no chunk's.
    if let Some(app) = super::lazy::AppChunk::use_chunk() {
        app.page_shown();
    }
    view! {
        <main class="page page-narrow" id="main">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. It may have moved, or the link may be mistyped."</p>
            <p><a class="btn" href="/workspaces">"Go to your workspaces"</a></p>
        </main>
    }
}
