//! The admin pages' own navigation (ui.md, "admin navigation"): links `Users`, `Roles`, `Terms of
//! use`, `Audit log`, `App catalogue`, `All workspaces`, `All sessions`, `All app instances`,
//! `Platform settings` and `Organizations`, each only for who may see that page,
//! `aria-current="page"` on the one shown.
use leptos::prelude::*;

use crate::components::when::When;
use crate::domain::permissions::{
    may_audit_platform, may_list_all_app_instances, may_list_all_workspaces,
    may_manage_organizations, may_manage_roles, may_manage_terms, may_manage_users,
    may_open_apps_admin, may_set_platform_settings, Grants,
};
use crate::state::auth::Auth;

/// Which admin page is shown.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum AdminPage {
    Users,
    Roles,
    Terms,
    Audit,
    Apps,
    Workspaces,
    Sessions,
    AppInstances,
    Settings,
    Organizations,
}

/// An admin page: which, its address, its link's name, who may see it.
type Link = (AdminPage, &'static str, &'static str, fn(&Grants) -> bool);

/// Each admin page.
const PAGES: [Link; 10] = [
    (AdminPage::Users, "/admin/users", "Users", may_manage_users),
    (AdminPage::Roles, "/admin/roles", "Roles", may_manage_roles),
    (
        AdminPage::Terms,
        "/admin/terms",
        "Terms of use",
        may_manage_terms,
    ),
    (
        AdminPage::Audit,
        "/admin/audit",
        "Audit log",
        may_audit_platform,
    ),
    (
        AdminPage::Apps,
        "/admin/apps",
        "App catalogue",
        may_open_apps_admin,
    ),
    (
        AdminPage::Workspaces,
        "/admin/workspaces",
        "All workspaces",
        may_list_all_workspaces,
    ),
    (
        AdminPage::Sessions,
        "/admin/sessions",
        "All sessions",
        may_list_all_workspaces,
    ),
    (
        AdminPage::AppInstances,
        "/admin/app-instances",
        "All app instances",
        may_list_all_app_instances,
    ),
    (
        AdminPage::Settings,
        "/admin/settings",
        "Platform settings",
        may_set_platform_settings,
    ),
    (
        AdminPage::Organizations,
        "/admin/organizations",
        "Organizations",
        may_manage_organizations,
    ),
];

#[component]
pub(crate) fn AdminNav(current: AdminPage) -> impl IntoView {
    let auth = Auth::use_auth();
    let links = PAGES
        .into_iter()
        .map(|(page, href, name, may)| {
            let shown = move || auth.grants().is_some_and(|g| may(&g));
            let mark = (page == current).then_some("page");
            view! {
                <When when=shown>
                    <a href=href aria-current=mark>{name}</a>
                </When>
            }
        })
        .collect_view();
    view! { <nav class="admin-nav" aria-label="Administration">{links}</nav> }
}
