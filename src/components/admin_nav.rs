//! The admin pages' own navigation (ui.md, "admin navigation"): links `Users`, `Roles`, `Terms of
//! use` and `Audit log`, each
//! only for who may see that page, `aria-current="page"` on the one shown.
use leptos::prelude::*;

use crate::components::when::When;
use crate::domain::permissions::{
    may_audit_platform, may_manage_roles, may_manage_terms, may_manage_users,
};
use crate::state::auth::Auth;

/// Which admin page is shown.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum AdminPage {
    Users,
    Roles,
    Terms,
    Audit,
}

#[component]
pub(crate) fn AdminNav(current: AdminPage) -> impl IntoView {
    let auth = Auth::use_auth();
    let users = move || auth.grants().is_some_and(|g| may_manage_users(&g));
    let roles = move || auth.grants().is_some_and(|g| may_manage_roles(&g));
    let terms = move || auth.grants().is_some_and(|g| may_manage_terms(&g));
    let audit = move || auth.grants().is_some_and(|g| may_audit_platform(&g));
    let mark = move |p: AdminPage| (p == current).then_some("page");
    view! {
        <nav class="admin-nav" aria-label="Administration">
            <When when=users>
                <a href="/admin/users" aria-current=mark(AdminPage::Users)>"Users"</a>
            </When>
            <When when=roles>
                <a href="/admin/roles" aria-current=mark(AdminPage::Roles)>"Roles"</a>
            </When>
            <When when=terms>
                <a href="/admin/terms" aria-current=mark(AdminPage::Terms)>"Terms of use"</a>
            </When>
            <When when=audit>
                <a href="/admin/audit" aria-current=mark(AdminPage::Audit)>"Audit log"</a>
            </When>
        </nav>
    }
}
