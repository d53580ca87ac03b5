//! `/admin/workspaces`, `/admin/sessions`, `/admin/app-instances`: everything running on one
//! screen (ui.md, "admin lists"; issue 49). What the caller's roles reach — every row of the
//! platform for a platform role (CHORUS widens its ordinary lists by a `"*"` context; api.md
//! "CHORUS catalogue…" §5) — in one table ([`table::AdminTable`]): search, sortable headings,
//! owners by name, statuses in words, a count, `Needs attention`, and `Delete <name>` with a
//! confirmation for who may delete that item. Read on the one poll engine every 30 s
//! ([`load`]); the rows ([`items`]) are drawn in part when there are thousands.
mod items;
mod load;
mod table;

use leptos::prelude::*;

use crate::api::{apps, teams, workbenches, ApiClient, ApiError};
use crate::components::admin_gate::AdminGate;
use crate::components::admin_nav::{AdminNav, AdminPage};
use crate::components::loaded::Loaded;
use crate::domain::admin_lists::{Column, Direction, Sort};
use crate::domain::permissions::{
    may_list_all_app_instances, may_list_all_workspaces, Grants, Perm,
};
use crate::state::auth::Auth;

/// Which list a page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Workspaces,
    Sessions,
    AppInstances,
}

impl Kind {
    /// The plural noun (`340 sessions`).
    fn noun(self) -> &'static str {
        match self {
            Self::Workspaces => "workspaces",
            Self::Sessions => "sessions",
            Self::AppInstances => "app instances",
        }
    }

    fn columns(self) -> &'static [Column] {
        match self {
            Self::Workspaces => &[Column::Name, Column::Owner, Column::Status, Column::Created],
            Self::Sessions => &[
                Column::Name,
                Column::Workspace,
                Column::Owner,
                Column::Status,
                Column::Created,
            ],
            Self::AppInstances => &[
                Column::Name,
                Column::Session,
                Column::Workspace,
                Column::Owner,
                Column::Status,
                Column::Created,
            ],
        }
    }

    /// chorus-web-ui's orders: workspaces and app instances newest first, sessions by name.
    fn first_sort(self) -> Sort {
        match self {
            Self::Sessions => Sort::new(Column::Name, Direction::Ascending),
            _ => Sort::new(Column::Created, Direction::Descending),
        }
    }

    /// The permission that deletes an item (asked in the item's own context).
    fn delete_perm(self) -> Perm {
        match self {
            Self::Workspaces => Perm::DeleteWorkspace,
            Self::Sessions => Perm::DeleteWorkbench,
            Self::AppInstances => Perm::DeleteAppInstance,
        }
    }

    async fn delete(self, api: ApiClient, id: &str) -> Result<(), ApiError> {
        match self {
            Self::Workspaces => teams::delete_workspace(api, id).await,
            Self::Sessions => workbenches::delete(api, id).await,
            Self::AppInstances => apps::delete_instance(api, id).await,
        }
    }
}

/// The frame of one admin list: the navigation, the gate, the heading, the lists read.
#[component]
fn AdminList(
    kind: Kind,
    page: AdminPage,
    title: &'static str,
    allowed: fn(&Grants) -> bool,
    needs: &'static str,
    intro: &'static str,
) -> impl IntoView {
    view! {
        <main class="page page-wide admin-page admin-list" id="main">
            <AdminNav current=page/>
            <AdminGate allowed=allowed needs=needs>
                <h1>{title}</h1>
                <p class="muted">{intro}</p>
                <Listing kind=kind/>
            </AdminGate>
        </main>
    }
}

#[component]
fn Listing(kind: Kind) -> impl IntoView {
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let poll = load::live_lists(api, kind);
    // The owners' names, for who may list users (read again should the roles change).
    let names = crate::state::resource(move || {
        let may = auth.can_in(
            Perm::ListUsers,
            &crate::domain::permissions::Target::global(),
        );
        load::user_names(api, may)
    });
    let names = crate::state::memo(move |_| names.get().unwrap_or_default());
    let noun = kind.noun();
    view! {
        <Loaded
            state=poll.latest().loadable_fn()
            loading=format!("Loading all {noun}…")
            error_title=format!("Could not load the {noun}")
            on_retry=Callback::new(move |_| poll.start())
            stale_notice="The list may be out of date: reading it again failed."
            let:lists
        >
            {
                let clock = crate::state::timer::ticking_now(std::time::Duration::from_secs(30));
                let timeout = crate::components::session_status::start_timeout_ms();
                let rows = crate::state::memo(move |_| {
                    names.with(|n| lists.with(|l| items::items(kind, l, n, clock.get(), timeout)))
                });
                view! { <table::AdminTable kind=kind items=rows clock=clock/> }
            }
        </Loaded>
    }
}

/// `/admin/workspaces`: every workspace the caller may get (all of them for a platform role).
#[component]
pub(crate) fn AdminWorkspacesPage() -> impl IntoView {
    view! {
        <AdminList kind=Kind::Workspaces page=AdminPage::Workspaces title="All workspaces"
            allowed=may_list_all_workspaces
            needs="the permission getWorkspace in every workspace (a platform role)"
            intro="Every workspace of the platform, with its owner and status. Deleting one deletes its sessions too."/>
    }
}

/// `/admin/sessions`: every session of the workspaces the caller may get.
#[component]
pub(crate) fn AdminSessionsPage() -> impl IntoView {
    view! {
        <AdminList kind=Kind::Sessions page=AdminPage::Sessions title="All sessions"
            allowed=may_list_all_workspaces
            needs="the permission getWorkspace in every workspace (a platform role)"
            intro="Every session of the platform. Needs attention keeps those that failed, never started or report an unknown status."/>
    }
}

/// `/admin/app-instances`: every app instance of the sessions the caller may get.
#[component]
pub(crate) fn AdminAppInstancesPage() -> impl IntoView {
    view! {
        <AdminList kind=Kind::AppInstances page=AdminPage::AppInstances title="All app instances"
            allowed=may_list_all_app_instances
            needs="the permission getWorkbench in every session (a platform role)"
            intro="Every app open in a session of the platform."/>
    }
}
