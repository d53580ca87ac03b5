//! The access gate of the admin pages: their content only for users who pass the check, else
//! `No access` (ui.md, "no access"). The check reads the signed-in user from the app-level
//! [`Auth`] (fail closed: no `Auth` in context is a bug, not an open door).
use crate::components::live::live;
use leptos::prelude::*;

use crate::components::error_alert::ErrorDetail;
use crate::components::loading::Loading;
use crate::components::when::Draw;
use crate::domain::permissions::Grants;
use crate::state::auth::Auth;

/// Renders `children` only when the signed-in user passes `allowed`; otherwise [`NoAccess`].
/// Nothing inside is created (so nothing is fetched) before the answer is known.
#[component]
pub(crate) fn AdminGate(
    /// The check, e.g. [`crate::domain::permissions::may_manage_roles`].
    allowed: fn(&Grants) -> bool,
    /// The permissions the page needs, in words (for the `No access` sentence).
    needs: &'static str,
    children: Draw,
) -> impl IntoView {
    let auth = Auth::use_auth();
    // None until the user and the role and permission catalogues are known.
    let decision = crate::state::memo(move |_| auth.grants().map(|g| allowed(&g)));
    live(move || match decision.get() {
        None => view! { <Loading label="Checking your permissions…"/> }.into_any(),
        Some(false) => view! { <NoAccess needs=needs/> }.into_any(),
        Some(true) => children.run(),
    })
}

/// The page a user may not see: a heading `No access`, a sentence in words (the permission's id
/// behind a disclosure), a way back.
#[component]
fn NoAccess(needs: &'static str) -> impl IntoView {
    view! {
        <section class="no-access" aria-labelledby="no-access-title">
            <h1 id="no-access-title">"No access"</h1>
            <p>"You may not see this page: your roles do not allow it. If you need it, ask an administrator of the platform."</p>
            <ErrorDetail detail=format!("It needs {needs}.")/>
            <p>
                <a href="/workspaces">"Back to your workspaces"</a>
            </p>
        </section>
    }
}
