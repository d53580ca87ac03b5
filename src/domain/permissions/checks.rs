//! "May this user do X here?": a typed permission ([`Perm`]) checked in its context ([`Target`])
//! against the user's role assignments, by CHORUS's own rule. **A new check of a page or a
//! button goes here** (next to [`may_manage_users`]).
//!
//! The rule is CHORUS's (`pkg/authorization/service/policy.go`, `expandUserPermissions` and
//! `isPermissionIdentical`): a role assignment (a role and its context, `workspace` → `"1"`)
//! grants a permission the role lists **only when the assignment binds every dimension the
//! permission requires** (the permission's `context` in `GET /authorization/permissions`); the
//! permission is then held in those bound values, and a check in a target passes when each
//! bound value is `"*"` or equals the target's value. So `WorkspaceMember` in workspace 1 grants
//! `createWorkbench` (dimension `workspace`) in workspace 1 only, and no `listWorkbenches`
//! (dimension `workbench`) at all.
//!
//! The backend enforces every permission; these checks only decide what the console offers
//! (navigation, buttons, the `No access` page). They fail closed: until the user, the roles and
//! the permissions are loaded, and for a permission the catalogue does not list, the answer is
//! `false`.

use std::collections::BTreeMap;

use super::model::{names, Permission, Role, ANY_ID};
use crate::domain::user::User;

/// The permissions the console checks. Their names are CHORUS's (`chorus-catalogue.json`); the
/// dimensions they need come from the backend's catalogue, never from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Perm {
    /// Start a session in a workspace (`workspace`).
    CreateWorkbench,
    /// Stop or restart a session (`workbench`).
    UpdateWorkbench,
    /// Delete a session (`workbench`).
    DeleteWorkbench,
    /// Open an app in a session (`workbench`).
    CreateAppInstance,
    /// Close an app of a session (`workbench`).
    DeleteAppInstance,
    /// List every user (no dimension).
    ListUsers,
    /// Search users (`filter.search`; no dimension).
    SearchUsers,
    /// Create users (no dimension).
    CreateUser,
    /// Change a user (`user`).
    UpdateUser,
    /// Give and take a user's roles (`user`).
    ManageUserRoles,
    /// Create platform roles (no dimension).
    ManageDynamicRoles,
    /// Manage the members of a workspace; also what a workspace role is created under
    /// (`workspace`).
    ManageUsersInWorkspace,
}

impl Perm {
    /// The wire name (camelCase).
    pub fn name(self) -> &'static str {
        match self {
            Self::CreateWorkbench => "createWorkbench",
            Self::UpdateWorkbench => "updateWorkbench",
            Self::DeleteWorkbench => "deleteWorkbench",
            Self::CreateAppInstance => "createAppInstance",
            Self::DeleteAppInstance => "deleteAppInstance",
            Self::ListUsers => names::LIST_USERS,
            Self::SearchUsers => "searchUsers",
            Self::CreateUser => "createUser",
            Self::UpdateUser => "updateUser",
            Self::ManageUserRoles => names::MANAGE_USER_ROLES,
            Self::ManageDynamicRoles => names::MANAGE_DYNAMIC_ROLES,
            Self::ManageUsersInWorkspace => "manageUsersInWorkspace",
        }
    }
}

/// Where an action takes place: dimension → id (`workspace` → `"42"`). A dimension the target
/// does not name matches only a `"*"` binding.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Target {
    dims: BTreeMap<String, String>,
}

impl Target {
    /// A platform-wide action (no dimension).
    pub fn global() -> Self {
        Self::default()
    }

    /// An action in workspace `id`.
    pub fn workspace(id: &str) -> Self {
        Self::global().with("workspace", id)
    }

    /// An action on session `workbench_id` of workspace `workspace_id`.
    pub fn workbench(workspace_id: &str, workbench_id: &str) -> Self {
        Self::workspace(workspace_id).with("workbench", workbench_id)
    }

    /// An action on user `id`.
    pub fn user(id: &str) -> Self {
        Self::global().with("user", id)
    }

    /// Adds (or replaces) a dimension.
    pub fn with(mut self, dimension: &str, id: &str) -> Self {
        self.dims.insert(dimension.to_string(), id.to_string());
        self
    }
}

/// One role assignment as the checks need it: what the role lists and the context it was given in.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Held {
    permissions: Vec<String>,
    context: BTreeMap<String, String>,
}

impl Held {
    fn lists(&self, permission: &str) -> bool {
        self.permissions
            .iter()
            .any(|p| p == permission || p == ANY_ID)
    }

    /// The values this assignment binds for `required`, or `None` when it lacks one (CHORUS
    /// then drops the permission).
    fn bind<'a>(&'a self, required: &'a [String]) -> Option<Vec<(&'a str, &'a str)>> {
        required
            .iter()
            .map(|d| self.context.get(d).map(|v| (d.as_str(), v.as_str())))
            .collect()
    }
}

/// What the signed-in user may do: its role assignments with the catalogue's dimensions. Made
/// from the user, the roles and the permissions with [`Grants::new`]; checks with
/// [`Grants::can_in`] and [`Grants::can_anywhere`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grants {
    held: Vec<Held>,
    /// Permission name → the dimensions it requires.
    dims: BTreeMap<String, Vec<String>>,
}

impl Grants {
    /// The user's assignments: `rolesWithContext`, plus the bare `roles` names without an
    /// assignment (a backend without `rolesWithContext`), which bind no dimension. Unknown
    /// roles grant nothing.
    pub fn new(user: &User, roles: &[Role], permissions: &[Permission]) -> Self {
        let role = |name: &str| roles.iter().find(|r| r.name == name);
        let mut held = Vec::new();
        for a in &user.roles_with_context {
            if let Some(r) = role(&a.name) {
                held.push(Held {
                    permissions: r.permissions.clone(),
                    context: a.context.clone(),
                });
            }
        }
        for name in &user.roles {
            if user.roles_with_context.iter().any(|a| &a.name == name) {
                continue;
            }
            if let Some(r) = role(name) {
                held.push(Held {
                    permissions: r.permissions.clone(),
                    context: BTreeMap::new(),
                });
            }
        }
        let dims = permissions
            .iter()
            .map(|p| (p.name.clone(), p.context.clone()))
            .collect();
        Self { held, dims }
    }

    /// May the user do `perm` at `target`? One assignment must list it and bind every
    /// dimension it requires, each to `"*"` or to the target's value.
    pub fn can_in(&self, perm: Perm, target: &Target) -> bool {
        self.granted(perm.name(), |bound| {
            bound
                .iter()
                .all(|(d, v)| *v == ANY_ID || target.dims.get(*d).map(String::as_str) == Some(*v))
        })
    }

    /// May the user do `perm` somewhere (in at least one context)? For navigation and page
    /// gates; a button acting on one thing asks [`Grants::can_in`].
    pub fn can_anywhere(&self, perm: Perm) -> bool {
        self.granted(perm.name(), |_| true)
    }

    fn granted(&self, name: &str, matches: impl Fn(&[(&str, &str)]) -> bool) -> bool {
        let Some(required) = self.dims.get(name) else {
            return false;
        };
        self.held.iter().any(|h| {
            h.lists(name)
                && h.bind(required)
                    .is_some_and(|bound| matches(bound.as_slice()))
        })
    }
}

/// The header's `Admin` link: one of the admin pages is open to the user.
pub(crate) fn may_see_admin(g: &Grants) -> bool {
    may_manage_users(g) || may_manage_roles(g)
}

/// The users page (`/admin/users`): `listUsers`, and `manageUserRoles` for some user.
pub(crate) fn may_manage_users(g: &Grants) -> bool {
    g.can_in(Perm::ListUsers, &Target::global()) && g.can_anywhere(Perm::ManageUserRoles)
}

/// The roles page (`/admin/roles`): `manageDynamicRoles` (platform roles) or
/// `manageUsersInWorkspace` somewhere (workspace roles, created in that workspace's name:
/// CHORUS's `internal/api/v1/middleware/authorization-authorization.go`).
pub(crate) fn may_manage_roles(g: &Grants) -> bool {
    g.can_in(Perm::ManageDynamicRoles, &Target::global())
        || g.can_anywhere(Perm::ManageUsersInWorkspace)
}

#[cfg(test)]
#[path = "checks_tests.rs"]
mod tests;
