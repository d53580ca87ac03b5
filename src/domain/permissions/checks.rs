//! "May this user do X here?": a user's role assignments against a [`Target`]. **A new check of
//! a page or a button goes here** (next to [`may_manage_users`]).
//!
//! The backend enforces every permission; these checks only decide what the console shows
//! (navigation, buttons, the `No access` page). Until the roles are loaded every check answers
//! `false`.

use std::collections::BTreeMap;

use super::model::{names, Role, ANY_ID};
use crate::domain::user::{RoleAssignment, User};

/// Where an action would take place: dimension → id (`workspace` → `"42"`), or anywhere.
/// The console asks only "anywhere" today ([`can_anywhere`]); the scoped targets, for a
/// check in one workspace or session, are built only by the tests that pin [`can`]'s context
/// matching.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Target {
    any: bool,
    dims: BTreeMap<String, String>,
}

impl Target {
    /// "Anywhere": matches every context (used to decide whether to show navigation).
    pub(crate) fn any() -> Self {
        Self {
            any: true,
            dims: BTreeMap::new(),
        }
    }

    /// A platform-wide action (no dimension): only assignments that name no dimension, or
    /// `"*"` for the dimensions they name, match.
    #[cfg(test)]
    pub(crate) fn global() -> Self {
        Self::default()
    }

    /// An action in workspace `id`.
    #[cfg(test)]
    pub(crate) fn workspace(id: &str) -> Self {
        Self::global().with("workspace", id)
    }

    /// An action on session `workbench_id` of workspace `workspace_id`.
    #[cfg(test)]
    pub(crate) fn workbench(workspace_id: &str, workbench_id: &str) -> Self {
        Self::workspace(workspace_id).with("workbench", workbench_id)
    }

    /// Adds (or replaces) a dimension.
    #[cfg(test)]
    pub(crate) fn with(mut self, dimension: &str, id: &str) -> Self {
        self.dims.insert(dimension.to_string(), id.to_string());
        self
    }

    /// Whether an assignment context matches: every dimension it names is `"*"` or equals this
    /// target's id for that dimension. [`Target::any`] matches everything.
    pub(crate) fn matches(&self, context: &BTreeMap<String, String>) -> bool {
        self.any
            || context
                .iter()
                .all(|(dim, id)| id == ANY_ID || self.dims.get(dim) == Some(id))
    }
}

/// The user's role assignments: `roles_with_context`, plus the bare `roles` names of roles
/// that take no dimension (e.g. `Authenticated`) and have no contextual assignment. Bare names
/// of roles that take dimensions are ignored: without a context they cannot be placed.
fn assignments<'a>(
    user: &'a User,
    roles: &'a [Role],
) -> Vec<(&'a Role, Option<&'a RoleAssignment>)> {
    let mut out = Vec::new();
    for a in &user.roles_with_context {
        if let Some(role) = roles.iter().find(|r| r.name == a.name) {
            out.push((role, Some(a)));
        }
    }
    for name in &user.roles {
        if user.roles_with_context.iter().any(|a| &a.name == name) {
            continue;
        }
        if let Some(role) = roles.iter().find(|r| &r.name == name) {
            if role.context.is_empty() {
                out.push((role, None));
            }
        }
    }
    out
}

/// May `user` do `permission` at `target`? True when one of its role assignments grants the
/// permission (per `roles`) and the assignment's context matches the target
/// ([`Target::matches`]). Unknown roles grant nothing.
pub(crate) fn can(user: &User, roles: &[Role], permission: &str, target: &Target) -> bool {
    if permission.is_empty() {
        return false;
    }
    assignments(user, roles).into_iter().any(|(role, a)| {
        role.grants(permission)
            && match a {
                Some(a) => target.matches(&a.context),
                None => true,
            }
    })
}

/// May `user` do `permission` somewhere ([`Target::any`])?
pub(crate) fn can_anywhere(user: &User, roles: &[Role], permission: &str) -> bool {
    can(user, roles, permission, &Target::any())
}

/// The header's `Admin` link: `listUsers` or `manageDynamicRoles` anywhere.
pub(crate) fn may_see_admin(user: &User, roles: &[Role]) -> bool {
    can_anywhere(user, roles, names::LIST_USERS)
        || can_anywhere(user, roles, names::MANAGE_DYNAMIC_ROLES)
}

/// The users page (`/admin/users`): `listUsers` and `manageUserRoles`.
pub(crate) fn may_manage_users(user: &User, roles: &[Role]) -> bool {
    can_anywhere(user, roles, names::LIST_USERS)
        && can_anywhere(user, roles, names::MANAGE_USER_ROLES)
}

/// The roles page (`/admin/roles`): `manageDynamicRoles`.
pub(crate) fn may_manage_roles(user: &User, roles: &[Role]) -> bool {
    can_anywhere(user, roles, names::MANAGE_DYNAMIC_ROLES)
}
