//! A new dynamic role checked before it is sent: CHORUS answers each broken rule with a bare 500
//! (`CreateDynamicRole`, `ensurePermissionsFitScope`, `ensureUserCanGrantPermissions` in
//! `pkg/authorization/service/authorization.go`), so the console says which rule in words.
//!
//! Whether the caller holds a permission in the role's workspace is CHORUS's matching rule,
//! [`super::holds_permission`] (`checks.rs`).

use super::model::{Permission, Role, RoleScope};
use crate::domain::user::RoleAssignment;

/// The permission CHORUS asks of whoever creates a workspace role, in that workspace
/// (`internal/api/v1/middleware/authorization-authorization.go`).
pub(crate) const MANAGE_USERS_IN_WORKSPACE: &str = "manageUsersInWorkspace";

pub(crate) use super::checks::{holds_permission, Context};

/// The dimensions a dynamic role of `scope` binds (`requiredContextForScope`): a workspace role
/// `workspace`, a platform role none. Other scopes (built-in roles only) use the role's own
/// context.
pub(crate) fn role_dimensions(role: &Role) -> Vec<String> {
    match role.scope {
        RoleScope::Platform => Vec::new(),
        RoleScope::Workspace => vec!["workspace".to_string()],
        _ => role.context.clone(),
    }
}

fn dimension_words(dims: &[String]) -> String {
    let words: Vec<&str> = dims
        .iter()
        .map(|d| match d.as_str() {
            "workbench" => "session",
            other => other,
        })
        .collect();
    words.join(" and ")
}

/// Whether `permission` fits `role` (`ensurePermissionsFitScope`): every dimension the
/// permission requires is one the role binds. `Err` says why not, in words.
pub(crate) fn permission_fits(role: &Role, permission: &Permission) -> Result<(), String> {
    let dims = role_dimensions(role);
    let missing: Vec<String> = permission
        .context
        .iter()
        .filter(|d| !dims.contains(d))
        .cloned()
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let has = if dims.is_empty() {
        "has no workspace or session".to_string()
    } else {
        format!("has only a {}", dimension_words(&dims))
    };
    Err(format!(
        "Does not fit a {} role: {} is checked per {}, and a {} role {has}",
        role.scope.label().to_lowercase(),
        permission.name,
        dimension_words(&missing),
        role.scope.label().to_lowercase(),
    ))
}

/// A role name is PascalCase: an ASCII capital letter, then ASCII letters or digits, 3–64
/// characters. Returns the problem in words.
pub(crate) fn validate_role_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("Enter a role name".to_string());
    }
    let len = name.chars().count();
    if !(3..=64).contains(&len) {
        return Err("A role name has 3 to 64 characters".to_string());
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(
            "A role name has only letters and digits, like DataSteward (no spaces)".to_string(),
        );
    }
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return Err("A role name starts with a capital letter, like DataSteward".to_string());
    }
    Ok(())
}

/// [`validate_role_name`], and no role has the name: a built-in one (`IsSystemRole`) or an
/// existing one (ignoring case, so that two roles never differ only by case).
pub(crate) fn validate_new_role_name(name: &str, existing: &[Role]) -> Result<(), String> {
    validate_role_name(name)?;
    match existing.iter().find(|r| r.name.eq_ignore_ascii_case(name)) {
        Some(r) if r.is_built_in() => Err(format!(
            "{} is the name of a built-in role: choose another name",
            r.name
        )),
        Some(r) => Err(format!("A role named {} already exists", r.name)),
        None => Ok(()),
    }
}

/// The permissions a new role of `scope` copies from `source`: those that fit the scope (in
/// `all`'s order for a role granting `"*"`), and those left out because they do not.
pub(crate) fn copy_for_scope(
    source: &Role,
    scope: RoleScope,
    all: &[Permission],
) -> (Vec<String>, Vec<String>) {
    let target = Role {
        scope,
        ..Role::default()
    };
    let (mut kept, mut left) = (Vec::new(), Vec::new());
    for p in all.iter().filter(|p| source.grants(&p.name)) {
        if permission_fits(&target, p).is_ok() {
            kept.push(p.name.clone());
        } else {
            left.push(p.name.clone());
        }
    }
    (kept, left)
}

/// What a new role is checked against.
pub(crate) struct NewRoleContext<'a> {
    /// Every role (names taken, built-in or not).
    pub existing: &'a [Role],
    /// Every permission (their dimensions).
    pub permissions: &'a [Permission],
    /// The signed-in admin's role assignments.
    pub admin: &'a [RoleAssignment],
    /// The workspace a workspace role is created in: `(id, name)`.
    pub workspace: Option<(&'a str, &'a str)>,
}

fn list_words(names: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut s = names
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        s.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    s
}

/// Checks a new dynamic role before it is sent. Returns `(field, message)` pairs — `name`,
/// `scope`, `workspace`, `permissions` — in that order; empty when CHORUS would accept it.
pub(crate) fn validate_new_role(role: &Role, cx: &NewRoleContext) -> Vec<(&'static str, String)> {
    let mut errors = Vec::new();
    if let Err(m) = validate_new_role_name(&role.name, cx.existing) {
        errors.push(("name", m));
    }
    let mut context = Context::new();
    match role.scope {
        RoleScope::Platform => {}
        RoleScope::Workspace => match cx.workspace.filter(|(id, _)| !id.trim().is_empty()) {
            Some((id, name)) => {
                context.insert("workspace".into(), id.to_string());
                // A backend whose catalogue lacks the permission does not ask for it.
                let asked = cx
                    .permissions
                    .iter()
                    .any(|p| p.name == MANAGE_USERS_IN_WORKSPACE);
                if asked
                    && !holds_permission(
                        cx.admin,
                        cx.existing,
                        cx.permissions,
                        MANAGE_USERS_IN_WORKSPACE,
                        &context,
                    )
                {
                    errors.push((
                        "workspace",
                        format!(
                            "You may create roles only in a workspace where you may manage its users ({MANAGE_USERS_IN_WORKSPACE}), and not in {name}"
                        ),
                    ));
                }
            }
            None => errors.push((
                "workspace",
                "Choose the workspace the role is created in".to_string(),
            )),
        },
        _ => errors.push((
            "scope",
            "A new role applies to the whole platform or to a workspace".to_string(),
        )),
    }
    let perms: Vec<&String> = role.permissions.iter().filter(|p| !p.is_empty()).collect();
    if perms.is_empty() {
        errors.push((
            "permissions",
            "A role needs at least one permission: copy them from an existing role".to_string(),
        ));
        return errors;
    }
    if !matches!(role.scope, RoleScope::Platform | RoleScope::Workspace) {
        return errors;
    }
    let mut unknown = Vec::new();
    let mut unfit = Vec::new();
    let mut not_held = Vec::new();
    for name in perms {
        let Some(p) = cx.permissions.iter().find(|p| &p.name == name) else {
            unknown.push(name.clone());
            continue;
        };
        if let Err(m) = permission_fits(role, p) {
            unfit.push(m);
        } else if !holds_permission(cx.admin, cx.existing, cx.permissions, name, &context) {
            not_held.push(name.clone());
        }
    }
    if !unknown.is_empty() {
        errors.push((
            "permissions",
            format!("Unknown permissions: {}", list_words(&unknown)),
        ));
    } else if let Some(first) = unfit.first() {
        let more = match unfit.len() {
            1 => String::new(),
            n => format!(" ({n} permissions do not fit)"),
        };
        errors.push(("permissions", format!("{first}{more}")));
    } else if !not_held.is_empty() {
        let place = match (role.scope, cx.workspace) {
            (RoleScope::Workspace, Some((_, name))) => format!("in {name}"),
            _ => "on the platform".to_string(),
        };
        errors.push((
            "permissions",
            format!(
                "You can grant only permissions you hold yourself {place}, and you do not hold {}",
                list_words(&not_held)
            ),
        ));
    }
    errors
}

#[cfg(test)]
#[path = "new_role_tests.rs"]
mod tests;
