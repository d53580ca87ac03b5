//! A workspace as a team runs it (issue 29): `DELETE /workspaces/{id}` (its `PUT` is in
//! `workspace_update.rs`), its members (`GET /users?filter.workspaceIDs=`, served by
//! `users::list` through `member_rules::scope`) and their roles through the workspace routes (api.md,
//! "Workspaces").
//!
//! What CHORUS (chorus-backend @0978bc77) answered, and the chorus flavor therefore answers
//! (`devserver/tests/fixtures/chorus-ws29.json`):
//! - the workspace route's grant check (`authorization.go` `CanAssignRole`) refuses a workspace
//!   admin without a platform role for every built-in workspace role: the roles inherit
//!   `Authenticated`'s user-bound permissions, which the admin holds only for itself
//!   (403 `role assignment authorization error`); a `SuperAdmin` passes (`manageUserRoles`);
//! - a role the member already has is given again: 200 and a second assignment (no 409);
//! - `DELETE /workspaces/{id}/user/{userId}/role/{name}` takes ONE assignment away, unless it is
//!   the member's last workspace role as CHORUS's one-second user cache has the member: then
//!   CHORUS calls `RemoveUserFromWorkspace`, which panics, and the whole process exits;
//! - `DELETE /workspaces/{id}/user/{userId}` is `RemoveUserFromWorkspace` too: it stops CHORUS.
//!   The console never sends either; this flavor answers them as a browser then sees a gone
//!   backend through a proxy: `502`, changes nothing, and answers every later call so too until
//!   `POST /api/dev/reset` (`GET /api/dev/stats` names the call in `stopped`);
//! - `PUT /workspaces` replaces the fields whole, settings included (`workspace_update.rs`).
//!
//! Our flavor's one difference (api.md's extension): its grant check skips the permissions a role
//! cannot carry in a workspace's context, so a workspace admin can add members; a role the
//! member already has is a 409 `ALREADY_EXISTS`; removing a member works.

use std::time::SystemTime;

use axum::extract::{Path, State};
use axum::response::Response;

use crate::error::{ApiError, ApiResult};
use crate::extract::{Caller, Id, JsonBody};
use crate::perms::Target;
use crate::reply;
use crate::state::Shared;
use crate::store::chorus::context;
use crate::store::Store;

use super::member_rules::{can_assign, num, unexpected, MemberRoleIn};

// ----- the workspace itself -----------------------------------------------------------------

/// `DELETE /workspaces/{id}`: the workspace, its sessions, and every role naming it (whose
/// holders are asked to refresh their login).
pub(crate) async fn delete(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    let wid = id.num("workspace")?;
    let mut st = app.store();
    if app.chorus() {
        st.require(uid, "deleteWorkspace", &Target::workspace(wid))?;
    }
    if !st.workspaces.contains_key(&wid) {
        return Err(ApiError::not_found("workspace", &id.raw));
    }
    st.require(uid, "deleteWorkspace", &Target::workspace(wid))?;
    st.workspaces.remove(&wid);
    let sessions: Vec<u64> = st
        .workbenches
        .values()
        .filter(|w| w.workspace_id == wid)
        .map(|w| w.id)
        .collect();
    for wb in sessions {
        st.remove_workbench(wb);
    }
    let ws = wid.to_string();
    let mut touched = Vec::new();
    for u in st.users.values_mut() {
        let before = u.roles.len();
        u.roles
            .retain(|a| a.context.get("workspace").is_none_or(|v| *v != ws));
        if u.roles.len() != before {
            touched.push(u.id);
        }
    }
    for u in touched {
        st.roles_changed(u);
    }
    Ok(reply::empty_result())
}

// ----- members --------------------------------------------------------------------------------

fn user_exists(st: &Store, user: u64) -> ApiResult<()> {
    if st.users.contains_key(&user) {
        Ok(())
    } else {
        Err(ApiError::not_found("user", &user.to_string()))
    }
}

/// `POST /workspaces/{id}/user/{userId}/role {"role":{"name"}}`.
pub(crate) async fn add_role(
    State(app): State<Shared>,
    Caller(uid): Caller,
    Path((ws, user)): Path<(String, String)>,
    JsonBody(body): JsonBody<MemberRoleIn>,
) -> ApiResult<Response> {
    let wid = num(&app, &ws, "workspace")?;
    let target = num(&app, &user, "user")?;
    let name = body.name();
    let mut st = app.store();
    // Before anything is looked up.
    st.require(uid, member_role_permission(&name), &Target::workspace(wid))?;
    if st.role(&name).is_none_or(|r| r.scope != "workspace") {
        return Err(unexpected());
    }
    let ws_s = wid.to_string();
    let t = target.to_string();
    can_assign(
        &st,
        uid,
        &name,
        &context(&[("workspace", &ws_s), ("user", &t)]),
        &Target::workspace(wid),
    )?;
    user_exists(&st, target)?;
    if !st.workspaces.contains_key(&wid) {
        return Err(ApiError::not_found("workspace", &ws_s));
    }
    let ctx = context(&[("workspace", &ws_s)]);
    if app.chorus() {
        // `AddUserRoleInWorkspace` reads the user through the cache first (it keeps the user
        // without the new role for a second).
        let _ = super::user_cache::cached_user(&app, &st, target);
        // No de-duplication: the same role twice is two assignments.
        st.grant(target, &name, ctx);
    } else {
        st.add_assignment(target, name.clone(), ctx)?;
    }
    st.roles_changed(target);
    st.notify_refresh(
        target,
        &format!("You have been assigned the role {name}@workspace={wid} in workspace {wid}"),
    );
    workspace_reply(&app, &st, wid)
}

/// The permission that giving or taking a workspace role needs (workspace-authorization.go):
/// `manageUsersDataRoleInWorkspace` for the data manager role, else `manageUsersInWorkspace`.
fn member_role_permission(role: &str) -> &'static str {
    if role == "WorkspaceDataManager" {
        "manageUsersDataRoleInWorkspace"
    } else {
        "manageUsersInWorkspace"
    }
}

/// `DELETE /workspaces/{id}/user/{userId}/role/{roleName}`: one assignment of that role in
/// this workspace. On CHORUS (`RemoveUserRoleInWorkspace`, 0978bc77) a member's LAST workspace
/// role, as its user cache has the member, goes to `RemoveUserFromWorkspace`, which panics: the
/// chorus flavor stops (every call a proxy's `502` until the next reset) and changes nothing.
pub(crate) async fn remove_role(
    State(app): State<Shared>,
    Caller(uid): Caller,
    Path((ws, user, name)): Path<(String, String, String)>,
) -> ApiResult<Response> {
    let wid = num(&app, &ws, "workspace")?;
    let target = num(&app, &user, "user")?;
    let mut st = app.store();
    st.require(uid, member_role_permission(&name), &Target::workspace(wid))?;
    user_exists(&st, target)?;
    let ws_s = wid.to_string();
    let in_workspace = |a: &crate::store::model::Assignment| {
        a.context.get("workspace") == Some(&ws_s) && !a.context.contains_key("workbench")
    };
    if app.chorus() {
        // The member as CHORUS's user cache has them (`GetUser`).
        let _ = super::user_cache::cached_user(&app, &st, target);
        let cached = crate::state::lock(&app.role_cache)
            .get(&target)
            .map(|(_, roles)| roles.clone())
            .unwrap_or_default();
        let here: Vec<_> = cached.iter().filter(|a| in_workspace(a)).collect();
        if here.iter().any(|a| a.name == name) && here.len() == 1 {
            return Ok(stop(
                &app,
                format!("DELETE /workspaces/{wid}/user/{target}/role/{name} (the member's last role there)"),
            ));
        }
    }
    let u = st
        .users
        .get_mut(&target)
        .ok_or_else(|| ApiError::not_found("user", &user))?;
    let Some(pos) = u
        .roles
        .iter()
        .position(|a| a.name == name && in_workspace(a))
    else {
        return Err(ApiError::not_found(
            "role assignment",
            &format!("{name} of user {target} in workspace {wid}"),
        ));
    };
    u.roles.remove(pos);
    u.updated_at = SystemTime::now();
    st.notify_refresh(
        target,
        &format!("You have been removed the role {name} in workspace {wid}"),
    );
    st.roles_changed(target);
    workspace_reply(&app, &st, wid)
}

/// CHORUS exits on `call`: the dev server stops answering (chorus flavor) and the browser gets
/// what a proxy in front of the gone backend sends, for this call and every later one.
fn stop(app: &Shared, call: String) -> Response {
    app.stop_backend(format!(
        "{call}: CHORUS 0978bc77 exits (RemoveUserFromWorkspace panics)"
    ));
    crate::mw::proxy_502()
}

/// `DELETE /workspaces/{id}/user/{userId}`: ours removes every role of the member naming this
/// workspace. CHORUS crashes on it (module docs): the chorus flavor stops, as CHORUS does, and
/// changes nothing.
pub(crate) async fn remove_member(
    State(app): State<Shared>,
    Caller(uid): Caller,
    Path((ws, user)): Path<(String, String)>,
) -> ApiResult<Response> {
    let wid = num(&app, &ws, "workspace")?;
    let target = num(&app, &user, "user")?;
    let mut st = app.store();
    st.require(uid, "manageUsersInWorkspace", &Target::workspace(wid))?;
    if app.chorus() {
        return Ok(stop(
            &app,
            format!("DELETE /workspaces/{wid}/user/{target}"),
        ));
    }
    user_exists(&st, target)?;
    let ws_s = wid.to_string();
    if let Some(u) = st.users.get_mut(&target) {
        u.roles
            .retain(|a| a.context.get("workspace") != Some(&ws_s));
        u.updated_at = SystemTime::now();
    }
    st.roles_changed(target);
    workspace_reply(&app, &st, wid)
}

fn workspace_reply(app: &Shared, st: &Store, wid: u64) -> ApiResult<Response> {
    let w = st
        .workspaces
        .get(&wid)
        .ok_or_else(|| ApiError::not_found("workspace", &wid.to_string()))?;
    Ok(reply::result("workspace", app.view().workspace(w)))
}
