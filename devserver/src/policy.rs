//! CHORUS's permission kernel (`pkg/authorization/service/policy.go`): a role assignment
//! grants a permission its role lists only when the assignment's context binds every dimension
//! the permission requires (`expandUserPermissions`); the check then passes when each bound
//! value is `"*"` or equals the checked context's value (`isPermissionIdentical`). Used by the
//! `chorus` flavor, with the roles the caller's token was issued with.

use std::collections::BTreeMap;

use crate::catalogue;
use crate::perms::{Role, Target};
use crate::store::model::Assignment;

pub(crate) type Context = BTreeMap<String, String>;

/// The dimensions a permission of CHORUS's catalogue requires (`None`: unknown permission).
pub(crate) fn required(permission: &str) -> Option<&'static [&'static str]> {
    catalogue::PERMISSIONS
        .iter()
        .find(|(n, _)| *n == permission)
        .map(|(_, d)| *d)
}

/// What a route checks, as CHORUS's `Perm….For(…)` builds it.
pub(crate) fn context_of(target: &Target) -> Context {
    let mut c = Context::new();
    if let Some(ws) = target.workspace {
        c.insert("workspace".into(), ws.to_string());
    }
    if let Some(wb) = target.workbench {
        c.insert("workbench".into(), wb.to_string());
    }
    if let Some(u) = target.user {
        c.insert("user".into(), u.to_string());
    }
    c
}

/// `expandUserPermissions`: every (permission, context) the assignments grant.
pub(crate) fn expand(roles: &[Role], assignments: &[Assignment]) -> Vec<(String, Context)> {
    let mut out = Vec::new();
    for a in assignments {
        let Some(role) = roles.iter().find(|r| r.name == a.name) else {
            continue;
        };
        for p in &role.permissions {
            let Some(dims) = required(p) else { continue };
            let bound: Context = dims
                .iter()
                .filter_map(|d| a.context.get(*d).map(|v| (d.to_string(), v.clone())))
                .collect();
            if bound.len() == dims.len() {
                out.push((p.clone(), bound));
            }
        }
    }
    out
}

/// `isPermissionIdentical`.
pub(crate) fn identical(granted: &(String, Context), name: &str, checked: &Context) -> bool {
    granted.0 == name
        && granted
            .1
            .iter()
            .all(|(d, v)| v == "*" || checked.get(d).is_some_and(|c| c == v))
}

/// `isUserAllowed`.
pub(crate) fn allowed(
    roles: &[Role],
    assignments: &[Assignment],
    name: &str,
    checked: &Context,
) -> bool {
    required(name).is_some()
        && expand(roles, assignments)
            .iter()
            .any(|g| identical(g, name, checked))
}

/// `GetContextListForPermission`: the distinct contexts in which the assignments grant `name`.
pub(crate) fn contexts(roles: &[Role], assignments: &[Assignment], name: &str) -> Vec<Context> {
    let mut out: Vec<Context> = Vec::new();
    for (p, c) in expand(roles, assignments) {
        if p == name && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// `ensurePermissionsFitScope`: the first permission that needs a dimension the scope lacks.
pub(crate) fn misfit(scope: &str, permissions: &[String]) -> Option<String> {
    let dims: &[&str] = if scope == "workspace" {
        &["workspace"]
    } else {
        &[]
    };
    permissions.iter().find_map(|p| match required(p) {
        None => Some(format!("unknown permission: {p}")),
        Some(req) => req
            .iter()
            .find(|d| !dims.contains(d))
            .map(|d| format!("permission {p} requires context \"{d}\" outside {scope} role scope")),
    })
}

/// `permissionForContext` + `ensureUserCanGrantPermissions`: the first permission the caller
/// cannot grant in `context`.
pub(crate) fn cannot_grant(
    roles: &[Role],
    assignments: &[Assignment],
    permissions: &[String],
    context: &Context,
) -> Option<String> {
    permissions.iter().find_map(|p| {
        let dims = required(p)?;
        let checked: Context = dims
            .iter()
            .filter_map(|d| {
                context
                    .get(*d)
                    .filter(|v| !v.is_empty())
                    .map(|v| (d.to_string(), v.clone()))
            })
            .collect();
        (!allowed(roles, assignments, p, &checked))
            .then(|| format!("caller cannot grant permission {p}"))
    })
}

/// The built-in roles of CHORUS's catalogue (`dynamic: false`).
pub(crate) fn builtin_roles() -> Vec<Role> {
    catalogue::ROLES
        .iter()
        .map(|(name, scope, context, permissions)| Role {
            name: name.to_string(),
            description: format!("CHORUS built-in role {name} ({scope} scope)"),
            scope: scope.to_string(),
            context: context.iter().map(|s| s.to_string()).collect(),
            permissions: permissions.iter().map(|s| s.to_string()).collect(),
            dynamic: false,
        })
        .collect()
}

/// The roles of the chorus flavor's store: the built-in ones, and one dynamic role of the demo
/// (`DataSteward`, as an admin could have created it: workspace scope, permissions that fit it).
pub(crate) fn seed_roles() -> Vec<Role> {
    let mut roles = builtin_roles();
    roles.push(Role {
        name: "DataSteward".into(),
        description: "Looks after a workspace's files".into(),
        scope: "workspace".into(),
        context: vec!["workspace".into()],
        permissions: [
            "listWorkspaces",
            "getWorkspace",
            "listFilesInWorkspace",
            "downloadFilesFromWorkspace",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        dynamic: true,
    });
    roles
}

/// `IsSystemRole`: a built-in role's name.
pub(crate) fn is_builtin(name: &str) -> bool {
    catalogue::ROLES.iter().any(|r| r.0 == name)
}

tokio::task_local! {
    /// The roles of the token the current request came with (`chorus` flavor): set around
    /// every request by `mw::outer`.
    pub(crate) static TOKEN_ROLES: Vec<Assignment>;
}

/// The roles of the current request's token, if it came with one.
pub(crate) fn token_roles() -> Option<Vec<Assignment>> {
    TOKEN_ROLES.try_with(|r| r.clone()).ok()
}
