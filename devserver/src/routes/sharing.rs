//! Sharing a session (api.md, "Workbenches": `POST /workbenches/{id}/user/{userId}/role`,
//! `DELETE /workbenches/{id}/user/{userId}`; who has access: `GET /users?filter.workbenchIDs=`,
//! in `member_rules::scope`).
//!
//! What CHORUS (chorus-backend @0978bc77) answered (`devserver/tests/fixtures/chorus-ws29.json`):
//! the assignment's context names the session AND its workspace
//! (`{"workbench":"2","workspace":"1"}`); the same role twice is two assignments; a user outside
//! the workspace may be given one; a role that is no session role is a 500; the route's grant
//! check is `CanAssignRole`, so a session's own `WorkbenchAdmin` without a platform role is
//! refused (403 `role assignment authorization error`: the session roles inherit
//! `Authenticated`'s user-bound permissions) while a `SuperAdmin` passes. Our flavor skips what a
//! role cannot carry there (as for workspace roles) and answers a duplicate with 409.

use axum::extract::{Path, State};
use axum::response::Response;

use crate::error::{ApiError, ApiResult};
use crate::extract::{Caller, JsonBody};
use crate::perms::Target;
use crate::reply;
use crate::state::Shared;
use crate::store::chorus::context;
use crate::store::Store;

use super::member_rules::{can_assign, num, unexpected, MemberRoleIn};

/// What `manageUsersInWorkbench` is checked on: CHORUS names the session only; ours its
/// workspace too.
fn on(st: &Store, chorus: bool, wb: u64) -> Target {
    match st.workbenches.get(&wb) {
        Some(w) if !chorus => Target::workbench(w.workspace_id, wb),
        _ => Target {
            workbench: Some(wb),
            ..Target::none()
        },
    }
}

fn workbench_reply(app: &Shared, st: &Store, wb: u64) -> ApiResult<Response> {
    let w = st
        .workbenches
        .get(&wb)
        .ok_or_else(|| ApiError::not_found("workbench", &wb.to_string()))?;
    Ok(reply::result("workbench", app.view().workbench(w)))
}

/// `POST /workbenches/{id}/user/{userId}/role {"role":{"name":"WorkbenchViewer"}}`.
pub(crate) async fn share(
    State(app): State<Shared>,
    Caller(uid): Caller,
    Path((wb, user)): Path<(String, String)>,
    JsonBody(body): JsonBody<MemberRoleIn>,
) -> ApiResult<Response> {
    let chorus = app.chorus();
    let wbid = num(&app, &wb, "workbench")?;
    let target = num(&app, &user, "user")?;
    let name = body.name();
    let mut st = app.store();
    let t = on(&st, chorus, wbid);
    st.require(uid, "manageUsersInWorkbench", &t)?;
    if st.role(&name).is_none_or(|r| r.scope != "workbench") {
        return Err(unexpected());
    }
    let ws = st
        .workbenches
        .get(&wbid)
        .map(|w| w.workspace_id.to_string())
        .ok_or_else(|| ApiError::not_found("workbench", &wb))?;
    let wb_s = wbid.to_string();
    let user_s = target.to_string();
    can_assign(
        &st,
        uid,
        &name,
        &context(&[("workbench", &wb_s), ("workspace", &ws), ("user", &user_s)]),
        &t,
    )?;
    if !st.users.contains_key(&target) {
        return Err(ApiError::not_found("user", &user));
    }
    let ctx = context(&[("workbench", &wb_s), ("workspace", &ws)]);
    // pkg/workbench/service/workbench-service.go: after the role, a system notification that
    // names it and the session (`%v` of the role: `<name>@workbench=N&workspace=M`).
    let said = format!(
        "You have been assigned the role {name}@workbench={wb_s}&workspace={ws} in workbench {}",
        st.workbenches
            .get(&wbid)
            .map(|w| w.name.clone())
            .unwrap_or_default()
    );
    if chorus {
        st.grant(target, &name, ctx);
    } else {
        st.add_assignment(target, name, ctx)?;
    }
    st.roles_changed(target);
    st.notify_refresh(target, &said);
    workbench_reply(&app, &st, wbid)
}

/// `DELETE /workbenches/{id}/user/{userId}`: every role of that user naming the session.
pub(crate) async fn unshare(
    State(app): State<Shared>,
    Caller(uid): Caller,
    Path((wb, user)): Path<(String, String)>,
) -> ApiResult<Response> {
    let chorus = app.chorus();
    let wbid = num(&app, &wb, "workbench")?;
    let target = num(&app, &user, "user")?;
    let mut st = app.store();
    let t = on(&st, chorus, wbid);
    st.require(uid, "manageUsersInWorkbench", &t)?;
    if !st.workbenches.contains_key(&wbid) {
        return Err(ApiError::not_found("workbench", &wb));
    }
    let wb_s = wbid.to_string();
    let u = st
        .users
        .get_mut(&target)
        .ok_or_else(|| ApiError::not_found("user", &user))?;
    if chorus {
        // workbench-service.go RemoveUserFromWorkbench takes the first of the user's roles on the
        // session, one per call (seen on a running CHORUS 0978bc77, 2026-11-23: shared twice,
        // one DELETE left the other assignment; fixtures/chorus/unshare_one_per_call.json).
        if let Some(i) = u
            .roles
            .iter()
            .position(|a| a.context.get("workbench") == Some(&wb_s))
        {
            u.roles.remove(i);
        }
    } else {
        u.roles
            .retain(|a| a.context.get("workbench") != Some(&wb_s));
    }
    st.roles_changed(target);
    workbench_reply(&app, &st, wbid)
}
