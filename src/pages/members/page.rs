//! The members page itself: the workspace's members, a page at a time, with the parts a manager
//! sees (`Add member`, each row's role select and `Remove`).
use crate::components::live::live;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{teams, workspaces, ApiClient};
use crate::components::data_table::{Column, DataTable};
use crate::components::error_alert::ErrorAlert;
use crate::components::loaded::{from_resource, Loaded};
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::members::{role_names_in, WHO_CAN_REMOVE};
use crate::domain::permissions::{Perm, Target};
use crate::domain::user::User;
use crate::state::auth::Auth;
use crate::state::{Kept, Slot};

use super::actions::MemberActions;
use super::add::AddMember;
use super::ctx::Ctx;

/// Members per page.
const PAGE: usize = 20;

#[component]
pub(crate) fn MembersPage() -> impl IntoView {
    let params = use_params_map();
    let workspace_id =
        crate::state::memo(move |_| params.with(|p| p.get("workspaceId").unwrap_or_default()));
    view! {
        <main class="page members-page" id="main">
            {live(move || view! { <MembersView workspace_id=workspace_id.get()/> })}
        </main>
    }
}

#[component]
fn MembersView(workspace_id: String) -> impl IntoView {
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let ws = Kept::new(workspace_id);
    // The id is read when the fetch starts, never inside the future: a fetch the sign-out
    // starts (it changes what `auth` says) may first run after the page is gone.
    let workspace = crate::state::resource(move || {
        let ws = ws.try_get_value().unwrap_or_default();
        async move { workspaces::get(api, &ws).await }
    });
    crate::state::page_title::name_workspace(move || {
        workspace
            .get()
            .and_then(Result::ok)
            .map(|w| (w.id.clone(), w.display_name()))
    });
    // Who may not read the workspace but may list users (a platform user manager on CHORUS)
    // reads the members from the user list.
    let members = crate::state::resource(move || {
        let may_list = auth.can_in(Perm::ListUsers, &Target::global());
        let ws = ws.try_get_value().unwrap_or_default();
        async move {
            match teams::members_listed(api, &ws).await {
                Err(e) if e.status() == Some(403) && may_list => {
                    teams::members_from_all_users(api, &ws).await
                }
                other => other,
            }
        }
    });
    let ctx = Ctx {
        api,
        auth,
        ws,
        members,
        said: Slot::new(None),
        failed: Slot::new(None),
    };
    let name = move || match workspace.get() {
        Some(Ok(w)) => w.display_name(),
        _ => "this workspace".to_owned(),
    };
    let may_manage = crate::state::memo(move |_| ctx.route().is_some());
    let page = Slot::new(0usize);
    view! {
        <p class="breadcrumb">
            <a href=move || crate::routes::workspace_href(&ws.try_get_value().unwrap_or_default())>{name}</a>
        </p>
        <h1>"Members"</h1>
        <p class="muted">{live(move || format!("Who works in {} and with which roles.", name()))}</p>
        {live(move || ctx.said.get().map(|s| view! { <p class="alert alert-ok" role="status">{s}</p> }))}
        {live(move || ctx.failed.get().map(|(words, e)| view! {
            <ErrorAlert title=words error=e/>
        }))}
        <When when=move || may_manage.get()>
            <AddMember ctx=ctx/>
        </When>
        <When when=move || may_manage.get() && !ctx.may_remove()>
            <p class="muted" data-testid="who-can-remove">{WHO_CAN_REMOVE}</p>
        </When>
        <Loaded
            state=from_resource(members)
            loading="Loading the members…"
            error_title="Could not load the members"
            on_retry=Callback::new(move |_| members.refetch())
            let:list
        >
            {live(move || {
                let list = list.get();
                view! {
                    {list.cut.map(|c| view! {
                        <p class="alert alert-info" role="status" data-testid="list-cut">
                            {c.words("members")}
                        </p>
                    })}
                    {members_table(ctx, list.rows, page, may_manage.get())}
                }
            })}
        </Loaded>
    }
}

const COLUMNS: &[Column] = &[
    Column::shown("Name"),
    Column::shown("Username"),
    Column::shown("Roles in this workspace"),
];
const COLUMNS_MANAGE: &[Column] = &[
    Column::shown("Name"),
    Column::shown("Username"),
    Column::shown("Roles in this workspace"),
    Column::hidden("Change"),
];

fn members_table(ctx: Ctx, list: Vec<User>, page: Slot<usize>, manage: bool) -> AnyView {
    if list.is_empty() {
        return view! { <p class="empty">"Nobody is a member of this workspace yet."</p> }
            .into_any();
    }
    let total = list.len();
    let pages = total.div_ceil(PAGE);
    let current = page.get().min(pages.saturating_sub(1));
    let ws = ctx.ws();
    let rows = list
        .into_iter()
        .skip(current * PAGE)
        .take(PAGE)
        .map(|u| member_row(ctx, u, &ws, manage))
        .collect_view();
    let first = current * PAGE + 1;
    let last = (first + PAGE - 1).min(total);
    view! {
        <DataTable testid="members-table" caption="Members of this workspace"
            columns=if manage { COLUMNS_MANAGE } else { COLUMNS } class="members-table">
            {rows}
        </DataTable>
        <div class="pager">
            <span class="muted">{format!("Showing {first}–{last} of {total}")}</span>
            {(pages > 1).then(|| view! {
                <button type="button" class="btn btn-small" disabled=current == 0
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>"Previous"</button>
                <button type="button" class="btn btn-small" disabled=current + 1 >= pages
                    on:click=move |_| page.update(|p| *p += 1)>"Next"</button>
            })}
        </div>
    }
    .into_any()
}

fn member_row(ctx: Ctx, u: User, ws: &str, manage: bool) -> impl IntoView {
    let names = role_names_in(&u, ws);
    let shown = if names.is_empty() {
        "(a session of it only)".to_owned()
    } else {
        names.join(", ")
    };
    let id = u.id.clone();
    view! {
        <tr data-user-id=id>
            <td>{u.display_name()}</td>
            <td>{u.username.clone()}</td>
            <td>{shown}</td>
            {manage.then(|| view! { <td class="actions"><MemberActions ctx=ctx member=u.clone()/></td> })}
        </tr>
    }
}
