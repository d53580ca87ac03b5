//! A workspace as a team runs it (api.md, "Workspaces", the workbench sharing routes): creating,
//! editing and deleting a workspace, its members and their roles, sharing a session.
//!
//! **Never** `DELETE /workspaces/{id}/user/{userId}`, and never [`remove_workspace_role`] for
//! what CHORUS's user cache holds as the member's last role: CHORUS (0978bc77) crashes on both
//! (the whole process exits). Which route takes a role is `domain/members.rs`'s rule: the user
//! route (`api::users::remove_role`) whenever the caller may.
use std::sync::atomic::{AtomicU32, Ordering};

use serde::Serialize;

use super::client::{page_params, rest, with_query, ApiClient, MAX_PAGE};
use super::wire::common::Envelope;
use super::wire::user::UsersResult;
use super::wire::workspace::{CreateWorkspace, UpdateWorkspace, WorkspaceResult};
use super::ApiError;
use crate::domain::members::{sort_members, unshare_calls};
use crate::domain::order::Order;
use crate::domain::paging::{fresh_page_size, Listed, PageWalk};
use crate::domain::user::User;
use crate::domain::workspace::Workspace;

/// `POST /workspaces`: the Workspace itself. CHORUS makes the creator its admin (and renews
/// the cookie): refresh the login before opening it.
pub(crate) async fn create_workspace(
    api: ApiClient,
    name: &str,
    short_name: &str,
    description: &str,
) -> Result<Workspace, ApiError> {
    let body = CreateWorkspace {
        name: name.to_owned(),
        short_name: short_name.to_owned(),
        description: description.to_owned(),
    };
    api.post::<_, Envelope<WorkspaceResult>>(&rest(&["workspaces"]), &body)
        .await
        .map(|env| Workspace::from(env.result.workspace))
}

/// `PUT /workspaces`: `w` whole, every setting as it was read (CHORUS resets one left out).
pub(crate) async fn update_workspace(api: ApiClient, w: &Workspace) -> Result<Workspace, ApiError> {
    api.put::<_, Envelope<WorkspaceResult>>(&rest(&["workspaces"]), &UpdateWorkspace::of(w))
        .await
        .map(|env| Workspace::from(env.result.workspace))
}

/// `DELETE /workspaces/{id}` (its sessions go with it).
pub(crate) async fn delete_workspace(api: ApiClient, id: &str) -> Result<(), ApiError> {
    api.delete::<serde_json::Value>(&rest(&["workspaces", id]))
        .await
        .map(drop)
}

/// The reads past CHORUS's one-second list cache so far ([`fresh_page_size`]).
static FRESH_READS: AtomicU32 = AtomicU32::new(0);

/// The page size of the next read past CHORUS's list cache.
fn fresh_size() -> u32 {
    fresh_page_size(FRESH_READS.fetch_add(1, Ordering::Relaxed))
}

/// Every user a `filter.<key>=<id>` names (all pages of `size`, to the safety stop it says), by
/// username.
async fn users_with(
    api: ApiClient,
    key: &str,
    id: &str,
    size: u32,
) -> Result<Listed<User>, ApiError> {
    let mut all: Vec<User> = Vec::new();
    let mut walk = PageWalk::new();
    loop {
        let [o, l, t, d] = page_params(walk.offset(), size, Order::USERS);
        let params = [
            (key, id),
            (o.0, o.1.as_str()),
            (l.0, l.1.as_str()),
            (t.0, t.1.as_str()),
            (d.0, d.1.as_str()),
        ];
        let env = api
            .get::<Envelope<UsersResult>>(&with_query(&rest(&["users"]), &params))
            .await?;
        let total = env.pagination.map(|p| p.total);
        let page = env.result.users;
        if !walk.take(&mut all, page, |u| u.id.clone(), User::from, total) {
            break;
        }
    }
    sort_members(&mut all);
    Ok(Listed {
        rows: all,
        cut: walk.cut(),
    })
}

/// The members of a workspace (`filter.workspaceIDs`: CHORUS's exact spelling).
pub(crate) async fn members(api: ApiClient, workspace: &str) -> Result<Vec<User>, ApiError> {
    members_listed(api, workspace).await.map(|l| l.rows)
}

/// [`members`], and whether the safety stop cut the list (the members page says so).
pub(crate) async fn members_listed(
    api: ApiClient,
    workspace: &str,
) -> Result<Listed<User>, ApiError> {
    users_with(api, "filter.workspaceIDs", workspace, MAX_PAGE).await
}

/// [`members_listed`] past CHORUS's one-second list cache ([`fresh_page_size`]): what it holds
/// now, for the read before a change and the read back after it.
pub(crate) async fn members_listed_fresh(
    api: ApiClient,
    workspace: &str,
) -> Result<Listed<User>, ApiError> {
    users_with(api, "filter.workspaceIDs", workspace, fresh_size()).await
}

/// The members of a workspace read from the whole user list (`listUsers`): for a platform
/// user manager, whom CHORUS lets give workspace roles but not read the workspace
/// (`getWorkspace`, which `filter.workspaceIDs` needs).
pub(crate) async fn members_from_all_users(
    api: ApiClient,
    workspace: &str,
) -> Result<Listed<User>, ApiError> {
    from_all_users(api, workspace, MAX_PAGE).await
}

/// [`members_from_all_users`] past CHORUS's one-second list cache ([`fresh_page_size`]).
pub(crate) async fn members_from_all_users_fresh(
    api: ApiClient,
    workspace: &str,
) -> Result<Listed<User>, ApiError> {
    from_all_users(api, workspace, fresh_size()).await
}

async fn from_all_users(
    api: ApiClient,
    workspace: &str,
    size: u32,
) -> Result<Listed<User>, ApiError> {
    let mut all: Vec<User> = Vec::new();
    let mut walk = PageWalk::new();
    loop {
        let page = super::users::list(api, "", walk.offset(), size).await?;
        let got = page.users.len() as u64;
        let mut new = 0u64;
        for u in page.users {
            if !walk.is_new(u.id.clone()) {
                continue;
            }
            new += 1;
            if u.roles_with_context
                .iter()
                .any(|a| a.context.get("workspace").map(String::as_str) == Some(workspace))
            {
                all.push(u);
            }
        }
        if !walk.more(got, new, Some(page.total)) {
            break;
        }
    }
    sort_members(&mut all);
    Ok(Listed {
        rows: all,
        cut: walk.cut(),
    })
}

/// The people a session is shared with (`filter.workbenchIDs`), its creator included.
pub(crate) async fn shared_with(api: ApiClient, workbench: &str) -> Result<Vec<User>, ApiError> {
    users_with(api, "filter.workbenchIDs", workbench, MAX_PAGE)
        .await
        .map(|l| l.rows)
}

/// [`shared_with`] past CHORUS's one-second list cache ([`fresh_page_size`]).
pub(crate) async fn shared_with_fresh(
    api: ApiClient,
    workbench: &str,
) -> Result<Vec<User>, ApiError> {
    users_with(api, "filter.workbenchIDs", workbench, fresh_size())
        .await
        .map(|l| l.rows)
}

#[derive(Serialize)]
struct NamedRole<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct RoleBody<'a> {
    role: NamedRole<'a>,
}

/// `POST /{resource}/{id}/user/{userId}/role {"role":{"name"}}`: a role in that workspace or
/// session (CHORUS sets the context to it itself).
async fn give_role_in(
    api: ApiClient,
    resource: &str,
    id: &str,
    user: &str,
    role: &str,
) -> Result<(), ApiError> {
    let body = RoleBody {
        role: NamedRole { name: role },
    };
    api.post::<_, serde_json::Value>(&rest(&[resource, id, "user", user, "role"]), &body)
        .await
        .map(drop)
}

/// `POST /workspaces/{id}/user/{userId}/role {"role":{"name"}}`.
pub(crate) async fn add_workspace_role(
    api: ApiClient,
    workspace: &str,
    user: &str,
    role: &str,
) -> Result<(), ApiError> {
    give_role_in(api, "workspaces", workspace, user, role).await
}

/// `DELETE /workspaces/{id}/user/{userId}/role/{roleName}`: one assignment of that role. Only
/// while the member keeps another role here as CHORUS's user cache sees them
/// (`domain::members::workspace_takes_are_safe`): the last one stops CHORUS.
pub(crate) async fn remove_workspace_role(
    api: ApiClient,
    workspace: &str,
    user: &str,
    role: &str,
) -> Result<(), ApiError> {
    api.delete::<serde_json::Value>(&rest(&[
        "workspaces",
        workspace,
        "user",
        user,
        "role",
        role,
    ]))
    .await
    .map(drop)
}

/// `POST /workbenches/{id}/user/{userId}/role {"role":{"name"}}`: shares the session.
pub(crate) async fn share(
    api: ApiClient,
    workbench: &str,
    user: &str,
    role: &str,
) -> Result<(), ApiError> {
    give_role_in(api, "workbenches", workbench, user, role).await
}

/// `DELETE /workbenches/{id}/user/{userId}`: stops sharing the session with that user, once per
/// assignment they hold on it ([`crate::domain::members::unshare_calls`]: CHORUS removes one per
/// call).
pub(crate) async fn unshare(api: ApiClient, workbench: &str, user: &User) -> Result<(), ApiError> {
    for _ in 0..unshare_calls(user, workbench) {
        api.delete::<serde_json::Value>(&rest(&["workbenches", workbench, "user", &user.id]))
            .await?;
    }
    Ok(())
}
