//! The admin pages' own navigation (ui.md, "admin navigation"): links `Users` and `Roles`, each
//! only for who may see that page, `aria-current="page"` on the one shown.
use leptos::prelude::*;

use crate::components::when::When;
use crate::domain::permissions::{may_manage_roles, may_manage_users};
use crate::state::auth::Auth;

/// Which admin page is shown.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum AdminPage {
    Users,
    Roles,
}

#[component]
pub(crate) fn AdminNav(current: AdminPage) -> impl IntoView {
    let auth = Auth::use_auth();
    let users = move || auth.grants().is_some_and(|g| may_manage_users(&g));
    let roles = move || auth.grants().is_some_and(|g| may_manage_roles(&g));
    let mark = move |p: AdminPage| (p == current).then_some("page");
    view! {
        <nav class="admin-nav" aria-label="Administration">
            <When when=users>
                <a href="/admin/users" aria-current=mark(AdminPage::Users)>"Users"</a>
            </When>
            <When when=roles>
                <a href="/admin/roles" aria-current=mark(AdminPage::Roles)>"Roles"</a>
            </When>
        </nav>
    }
}
