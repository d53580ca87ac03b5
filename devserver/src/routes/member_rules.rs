//! What the member routes share (a workspace's members in `members`, a session's in `sharing`,
//! the member list in `users`): who a `GET /users` lists ([`scope`]), the role body, the
//! grant check, a path id.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::{ApiError, ApiResult};
use crate::extract::{BodySpec, Context, Id, OptId, Params};
use crate::perms::Target;
use crate::state::Shared;
use crate::store::model::User;
use crate::store::Store;

/// Which users a `GET /users` lists: the members of a workspace, the people a session is shared
/// with (a role whose context names it).
pub(crate) struct Scope {
    workspaces: Vec<u64>,
    workbenches: Vec<u64>,
}

impl Scope {
    pub(crate) fn holds(&self, u: &User) -> bool {
        let names = |dim: &str, ids: &[u64]| {
            u.roles.iter().any(|a| {
                a.context
                    .get(dim)
                    .and_then(|v| v.parse::<u64>().ok())
                    .is_some_and(|v| ids.contains(&v))
            })
        };
        (self.workspaces.is_empty() || names("workspace", &self.workspaces))
            && (self.workbenches.is_empty() || names("workbench", &self.workbenches))
    }
}

/// `filter.workspaceIDs` / `filter.workbenchIDs` (CHORUS's spelling: it ignores another):
/// `getWorkspace` / `getWorkbench` there (every member may see the others); `None` without them.
pub(crate) fn scope(st: &Store, uid: u64, params: &Params) -> ApiResult<Option<Scope>> {
    let workspaces = params.ids("filter.workspaceIDs")?;
    let workbenches = params.ids("filter.workbenchIDs")?;
    for ws in &workspaces {
        st.require(uid, "getWorkspace", &Target::workspace(*ws))?;
    }
    for wb in &workbenches {
        let ws = st.workbenches.get(wb).map(|w| w.workspace_id);
        let t = match (st.flavor, ws) {
            (crate::config::Flavor::Default, Some(ws)) => Target::workbench(ws, *wb),
            _ => Target {
                workbench: Some(*wb),
                ..Target::none()
            },
        };
        st.require(uid, "getWorkbench", &t)?;
    }
    Ok(
        (!workspaces.is_empty() || !workbenches.is_empty()).then_some(Scope {
            workspaces,
            workbenches,
        }),
    )
}

/// `{"role":{"name"}}` of the workspace and session routes (CHORUS sets the context itself).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoleIn {
    name: Option<String>,
    #[serde(default, rename = "context")]
    _context: Context,
    #[serde(default, rename = "id")]
    _id: OptId,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct MemberRoleIn {
    role: Option<RoleIn>,
    #[serde(default, rename = "workspaceId")]
    _workspace_id: OptId,
    #[serde(default, rename = "workbenchId")]
    _workbench_id: OptId,
    #[serde(default, rename = "userId")]
    _user_id: OptId,
}

impl BodySpec for MemberRoleIn {}

impl MemberRoleIn {
    pub(crate) fn name(self) -> String {
        self.role.and_then(|r| r.name).unwrap_or_default()
    }
}

/// `An unexpected error occurred.`: what CHORUS answers a role of another scope.
pub(crate) fn unexpected() -> ApiError {
    ApiError::internal("An unexpected error occurred.")
}

/// The grant check of the workspace and session routes. CHORUS (`CanAssignRole`): the caller
/// holds `manageUserRoles`, or every permission the role grants in `ctx` (the assignment's
/// context plus the new holder as `user`). Ours skips what the role cannot carry in that
/// context (api.md's extension) and checks the rest on the caller's live roles.
pub(crate) fn can_assign(
    st: &Store,
    uid: u64,
    role: &str,
    ctx: &BTreeMap<String, String>,
    target: &Target,
) -> ApiResult<()> {
    let Some(r) = st.role(role) else {
        return Err(unexpected());
    };
    if st.flavor == crate::config::Flavor::Chorus {
        let caller = crate::policy::token_roles()
            .or_else(|| st.users.get(&uid).map(|u| u.roles.clone()))
            .unwrap_or_default();
        let manager =
            crate::policy::allowed(&st.roles, &caller, "manageUserRoles", &BTreeMap::new());
        if manager || crate::policy::cannot_grant(&st.roles, &caller, &r.permissions, ctx).is_none()
        {
            return Ok(());
        }
        return Err(ApiError::forbidden("role assignment authorization error"));
    }
    if st.allowed(uid, "manageUserRoles", &Target::none()) {
        return Ok(());
    }
    let missing = r.permissions.iter().find(|p| {
        let fits = crate::perms::PERMISSIONS
            .iter()
            .find(|(n, _, _)| n == p)
            .is_some_and(|(_, _, dims)| dims.iter().all(|d| r.context.iter().any(|c| c == d)));
        fits && !st.allowed(uid, p, target)
    });
    match missing {
        Some(p) => Err(ApiError::forbidden(format!(
            "you may not give role {role}: it grants {p}, which you do not hold there"
        ))),
        None => Ok(()),
    }
}

/// A path id of the member routes, as [`Id::num`] reads it in this flavor.
pub(crate) fn num(app: &Shared, raw: &str, kind: &str) -> ApiResult<u64> {
    Id::new(raw.to_string(), app.chorus()).num(kind)
}
