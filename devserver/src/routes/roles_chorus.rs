//! `POST /authorization/roles` in the `chorus` flavor, in CHORUS's order:
//! `internal/api/v1/middleware/authorization-authorization.go` CreateDynamicRole (the scope, the
//! workspace of `validationContext` and `manageUsersInWorkspace` there, or `manageDynamicRoles`),
//! `internal/api/v1/authorization-controller.go` (400 `Invalid dynamic role` for an empty name
//! or an unknown permission), then `pkg/authorization/service/authorization.go`
//! CreateDynamicRole (not a built-in name, new, scope `platform`/`workspace`, ≥ 1 permission,
//! `ensurePermissionsFitScope`, `ensureUserCanGrantPermissions`), whose errors are a bare 500.

use std::collections::BTreeMap;

use crate::error::{ApiError, ApiResult};
use crate::perms::{Role, Target};
use crate::policy;
use crate::store::Store;

/// The fields of the request.
pub(crate) struct DynamicRole<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub scope: &'a str,
    pub permissions: &'a [String],
    pub validation_context: &'a BTreeMap<String, String>,
}

/// A service error: CHORUS answers it with a 500 and a message that says nothing.
fn bare_500() -> ApiError {
    ApiError::internal("unable to create role")
}

/// The new role, or what CHORUS answers.
pub(crate) fn create(st: &Store, uid: u64, r: &DynamicRole) -> ApiResult<Role> {
    // The middleware: the scope, then the permission to create a role of it.
    match r.scope {
        "workspace" => {
            let ws = r
                .validation_context
                .get("workspace")
                .filter(|v| !v.is_empty())
                .ok_or_else(bare_500)?
                .parse::<u64>()
                .map_err(|_| bare_500())?;
            st.require(uid, "manageUsersInWorkspace", &Target::workspace(ws))?;
        }
        "platform" => st.require(uid, "manageDynamicRoles", &Target::none())?,
        _ => return Err(bare_500()),
    }
    // The controller's conversion.
    if r.name.trim().is_empty() || r.permissions.iter().any(|p| policy::required(p).is_none()) {
        return Err(ApiError::invalid("Invalid dynamic role"));
    }
    if r.validation_context
        .keys()
        .any(|d| !["user", "workspace", "workbench", "request"].contains(&d.as_str()))
    {
        return Err(ApiError::invalid("Invalid validation context"));
    }
    // The service.
    if policy::is_builtin(r.name) || st.role(r.name).is_some() || r.permissions.is_empty() {
        return Err(bare_500());
    }
    if policy::misfit(r.scope, r.permissions).is_some() {
        return Err(bare_500());
    }
    let caller = policy::token_roles()
        .or_else(|| st.users.get(&uid).map(|u| u.roles.clone()))
        .unwrap_or_default();
    if policy::cannot_grant(&st.roles, &caller, r.permissions, r.validation_context).is_some() {
        return Err(bare_500());
    }
    Ok(Role {
        name: r.name.to_string(),
        description: r.description.to_string(),
        scope: r.scope.to_string(),
        context: if r.scope == "workspace" {
            vec!["workspace".into()]
        } else {
            Vec::new()
        },
        permissions: r.permissions.to_vec(),
        dynamic: true,
    })
}
