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
use crate::domain::user::{RoleAssignment, User};

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
    /// Give the data manager role of a workspace (`workspace`).
    ManageUsersDataRoleInWorkspace,
    /// Create workspaces (no dimension).
    CreateWorkspace,
    /// Change a workspace (`workspace`).
    UpdateWorkspace,
    /// Delete a workspace (`workspace`).
    DeleteWorkspace,
    /// Share a session (`workbench`).
    ManageUsersInWorkbench,
    /// See a workspace's files (`workspace`).
    ListFilesInWorkspace,
    /// Upload files to a workspace, and make folders there (`workspace`).
    UploadFilesToWorkspace,
    /// Download a workspace's files (`workspace`).
    DownloadFilesFromWorkspace,
    /// Rename, move and delete a workspace's files (`workspace`).
    ModifyFilesInWorkspace,
    /// Ask for a data request out of a workspace (`workspace`).
    CreateRequest,
    /// Decide data requests (`workspace`; CHORUS's workspace admins hold it, while the step's
    /// own permission decides who approves: `downloadFilesFromWorkspace` for `download`).
    ApproveRequest,
    /// Cancel a data request (`request`).
    DeleteRequest,
    /// Read the platform's audit log (no dimension).
    AuditPlatform,
    /// Read a workspace's audit log (`workspace`).
    AuditWorkspace,
    /// Read a session's audit log (`workbench`).
    AuditWorkbench,
    /// List the versions of the terms of use (no dimension).
    ListTermsOfUseVersions,
    /// Write a new draft of the terms of use (no dimension).
    CreateTermsOfUseVersion,
    /// Publish a version of the terms of use (no dimension).
    PublishTermsOfUseVersion,
    /// Add a service (a Helm chart) to a workspace (`workspace`).
    CreateWorkspaceServiceInstance,
    /// Stop, start or change a workspace's service (`workspace`).
    UpdateWorkspaceServiceInstance,
    /// Delete a workspace's service (`workspace`).
    DeleteWorkspaceServiceInstance,
    /// Read a workspace service's secret (`workspace`).
    GetWorkspaceServiceInstanceSecret,
    /// Read a workspace (`workspace`): what the lists of workspaces and sessions are read by.
    GetWorkspace,
    /// Read a session (`workbench`): what the list of app instances is read by.
    GetWorkbench,
    /// Add an app to the catalogue (no dimension).
    CreateApp,
    /// Change an app of the catalogue (no dimension).
    UpdateApp,
    /// Delete an app of the catalogue (no dimension).
    DeleteApp,
    /// Set the platform's settings and its global dev-store keys (no dimension).
    SetPlatformSettings,
    /// Add a participating organization (no dimension).
    CreateOrganization,
    /// Change an organization (no dimension).
    UpdateOrganization,
    /// Delete an organization (no dimension).
    DeleteOrganization,
    /// Delete a user (`user`).
    DeleteUser,
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
            Self::ManageUsersDataRoleInWorkspace => "manageUsersDataRoleInWorkspace",
            Self::CreateWorkspace => "createWorkspace",
            Self::UpdateWorkspace => "updateWorkspace",
            Self::DeleteWorkspace => "deleteWorkspace",
            Self::ManageUsersInWorkbench => "manageUsersInWorkbench",
            Self::ListFilesInWorkspace => "listFilesInWorkspace",
            Self::UploadFilesToWorkspace => "uploadFilesToWorkspace",
            Self::DownloadFilesFromWorkspace => "downloadFilesFromWorkspace",
            Self::ModifyFilesInWorkspace => "modifyFilesInWorkspace",
            Self::CreateRequest => "createRequest",
            Self::ApproveRequest => "approveRequest",
            Self::DeleteRequest => "deleteRequest",
            Self::AuditPlatform => "auditPlatform",
            Self::AuditWorkspace => "auditWorkspace",
            Self::AuditWorkbench => "auditWorkbench",
            Self::ListTermsOfUseVersions => "listTermsOfUseVersions",
            Self::CreateTermsOfUseVersion => "createTermsOfUseVersion",
            Self::PublishTermsOfUseVersion => "publishTermsOfUseVersion",
            Self::CreateWorkspaceServiceInstance => "createWorkspaceServiceInstance",
            Self::UpdateWorkspaceServiceInstance => "updateWorkspaceServiceInstance",
            Self::DeleteWorkspaceServiceInstance => "deleteWorkspaceServiceInstance",
            Self::GetWorkspaceServiceInstanceSecret => "getWorkspaceServiceInstanceSecret",
            Self::GetWorkspace => "getWorkspace",
            Self::GetWorkbench => "getWorkbench",
            Self::CreateApp => "createApp",
            Self::UpdateApp => "updateApp",
            Self::DeleteApp => "deleteApp",
            Self::SetPlatformSettings => "setPlatformSettings",
            Self::CreateOrganization => "createOrganization",
            Self::UpdateOrganization => "updateOrganization",
            Self::DeleteOrganization => "deleteOrganization",
            Self::DeleteUser => "deleteUser",
        }
    }
}

/// Where an action takes place: dimension → id (`workspace` → `"42"`). A dimension the target
/// does not name matches only a `"*"` binding.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Target {
    dims: Context,
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

    /// An action on data request `id`.
    pub fn request(id: &str) -> Self {
        Self::global().with("request", id)
    }

    /// Adds (or replaces) a dimension.
    pub fn with(mut self, dimension: &str, id: &str) -> Self {
        self.dims.insert(dimension.to_string(), id.to_string());
        self
    }
}

/// A context: dimension (`workspace`, `workbench`, `user`) → id or `"*"`.
pub(crate) type Context = BTreeMap<String, String>;

/// Does a user whose role assignments are `assignments` hold `permission` in `context`?
/// CHORUS's rule (`policy.go`): the permission's required dimensions come from `permissions`
/// (an unknown permission is held nowhere); a role assignment grants it when its role lists it
/// and the assignment binds every dimension the permission requires, each bound value being
/// `"*"` or the checked context's value for that dimension. The checked context keeps only the
/// dimensions the permission requires, with non-empty values (`permissionForContext`). An
/// assignment naming a role the catalogue lacks makes CHORUS fail the whole check: `false`.
pub(crate) fn holds_permission(
    assignments: &[RoleAssignment],
    roles: &[Role],
    permissions: &[Permission],
    permission: &str,
    context: &Context,
) -> bool {
    let Some(def) = permissions.iter().find(|p| p.name == permission) else {
        return false;
    };
    let checked = |dim: &str| {
        context
            .get(dim)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
            .unwrap_or("")
    };
    let mut held = false;
    for a in assignments {
        let Some(role) = roles.iter().find(|r| r.name == a.name) else {
            return false;
        };
        if held || !role.grants(permission) {
            continue;
        }
        held = def.context.iter().all(|dim| match a.context.get(dim) {
            Some(v) => v == ANY_ID || v == checked(dim),
            None => false,
        });
    }
    held
}

/// What the signed-in user may do: its role assignments and the catalogues, checked with
/// [`holds_permission`] ([`Grants::can_in`]) or for "somewhere" ([`Grants::can_anywhere`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grants {
    assignments: Vec<RoleAssignment>,
    roles: Vec<Role>,
    permissions: Vec<Permission>,
}

impl Grants {
    /// The user's assignments: `rolesWithContext`, plus the bare `roles` names without an
    /// assignment (a backend without `rolesWithContext`), which bind no dimension. Unknown
    /// roles grant nothing.
    pub fn new(user: &User, roles: &[Role], permissions: &[Permission]) -> Self {
        let mut assignments = user.roles_with_context.clone();
        for name in &user.roles {
            if !assignments.iter().any(|a| &a.name == name) {
                assignments.push(RoleAssignment {
                    name: name.clone(),
                    ..Default::default()
                });
            }
        }
        Self {
            assignments,
            roles: roles.to_vec(),
            permissions: permissions.to_vec(),
        }
    }

    /// May the user do `perm` at `target`? One assignment must list it and bind every
    /// dimension it requires, each to `"*"` or to the target's value ([`holds_permission`]).
    pub fn can_in(&self, perm: Perm, target: &Target) -> bool {
        holds_permission(
            &self.assignments,
            &self.roles,
            &self.permissions,
            perm.name(),
            &target.dims,
        )
    }

    /// Does the backend's catalogue know permission `perm` (ours lacks the request ones)?
    pub fn knows(&self, perm: Perm) -> bool {
        self.permissions.iter().any(|p| p.name == perm.name())
    }

    /// May the user do the permission named `permission` at `target` (a name from the
    /// backend's catalogue, e.g. one a role grants)?
    pub fn holds(&self, permission: &str, target: &Target) -> bool {
        holds_permission(
            &self.assignments,
            &self.roles,
            &self.permissions,
            permission,
            &target.dims,
        )
    }

    /// The dimensions the catalogue says `permission` is checked in (`None`: unknown).
    pub fn dimensions_of(&self, permission: &str) -> Option<&[String]> {
        self.permissions
            .iter()
            .find(|p| p.name == permission)
            .map(|p| p.context.as_slice())
    }

    /// May the user do `perm` somewhere (in at least one context)? For navigation and page
    /// gates; a button acting on one thing asks [`Grants::can_in`]. The same rule with each
    /// assignment's own values as the target.
    pub fn can_anywhere(&self, perm: Perm) -> bool {
        self.assignments.iter().any(|a| {
            holds_permission(
                &self.assignments,
                &self.roles,
                &self.permissions,
                perm.name(),
                &a.context,
            )
        })
    }
}

/// The header's `Admin` link: one of the admin pages is open to the user.
pub(crate) fn may_see_admin(g: &Grants) -> bool {
    may_manage_users(g)
        || may_manage_roles(g)
        || may_manage_terms(g)
        || may_audit_platform(g)
        || may_manage_apps(g)
        || may_list_all_workspaces(g)
        || may_list_all_app_instances(g)
        || may_set_platform_settings(g)
        || may_manage_organizations(g)
}

/// The catalogue's administration (`/admin/apps`): `createApp` or `updateApp`.
pub(crate) fn may_manage_apps(g: &Grants) -> bool {
    g.can_in(Perm::CreateApp, &Target::global()) || g.can_in(Perm::UpdateApp, &Target::global())
}

/// `/admin/apps`: the catalogue's administration, or its `Web links` tab (`setPlatformSettings`).
pub(crate) fn may_open_apps_admin(g: &Grants) -> bool {
    may_manage_apps(g) || may_set_platform_settings(g)
}

/// Every workspace of the platform, and every session (`/admin/workspaces`, `/admin/sessions`):
/// `getWorkspace` in every workspace (a `"*"` binding), which is what widens CHORUS's lists of
/// workspaces and sessions to the whole platform (api.md §5).
pub(crate) fn may_list_all_workspaces(g: &Grants) -> bool {
    g.can_in(Perm::GetWorkspace, &Target::workspace(ANY_ID))
}

/// Every app instance of the platform (`/admin/app-instances`): `getWorkbench` in every session
/// (a `"*"` binding: CHORUS's list of app instances is then the whole platform's).
pub(crate) fn may_list_all_app_instances(g: &Grants) -> bool {
    g.can_in(Perm::GetWorkbench, &Target::workbench(ANY_ID, ANY_ID))
}

/// The platform's settings (`/admin/settings`): `setPlatformSettings`.
pub(crate) fn may_set_platform_settings(g: &Grants) -> bool {
    g.can_in(Perm::SetPlatformSettings, &Target::global())
}

/// The organizations' administration (`/admin/organizations`): `createOrganization` or
/// `updateOrganization`.
pub(crate) fn may_manage_organizations(g: &Grants) -> bool {
    g.can_in(Perm::CreateOrganization, &Target::global())
        || g.can_in(Perm::UpdateOrganization, &Target::global())
}

/// The terms-of-use versions page (`/admin/terms`): `listTermsOfUseVersions` or
/// `createTermsOfUseVersion`.
pub(crate) fn may_manage_terms(g: &Grants) -> bool {
    g.can_in(Perm::ListTermsOfUseVersions, &Target::global())
        || g.can_in(Perm::CreateTermsOfUseVersion, &Target::global())
}

/// The platform's audit log (`/admin/audit`): `auditPlatform`.
pub(crate) fn may_audit_platform(g: &Grants) -> bool {
    g.can_in(Perm::AuditPlatform, &Target::global())
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
