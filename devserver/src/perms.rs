//! Permissions, built-in roles, and the check "may user U do X on target T".

use std::collections::BTreeMap;

/// Every permission: name, description, the context dimensions it is checked against. In our
/// dialect sessions are governed by workspace roles and users by platform roles, so a session's
/// permissions need the `workspace` dimension only and a user's none: the console's check
/// (CHORUS's rule: a role grants a permission only where its assignment binds every dimension
/// the permission needs) then answers as this server does.
pub const PERMISSIONS: &[(&str, &str, &[&str])] = &[
    ("listWorkspaces", "List the workspaces you belong to", &[]),
    ("getWorkspace", "See a workspace", &["workspace"]),
    ("createWorkspace", "Create workspaces", &[]),
    ("updateWorkspace", "Change a workspace", &["workspace"]),
    ("deleteWorkspace", "Delete a workspace", &["workspace"]),
    (
        "listWorkbenches",
        "List the sessions of a workspace",
        &["workspace"],
    ),
    ("getWorkbench", "See a session", &["workspace"]),
    (
        "createWorkbench",
        "Start new sessions in a workspace",
        &["workspace"],
    ),
    (
        "updateWorkbench",
        "Stop and restart a session",
        &["workspace"],
    ),
    ("deleteWorkbench", "Delete a session", &["workspace"]),
    (
        "streamWorkbench",
        "Use a session's remote desktop and apps",
        &["workspace"],
    ),
    ("listApps", "List the apps", &[]),
    (
        "listAppInstances",
        "List the apps open in a session",
        &["workspace"],
    ),
    (
        "getAppInstance",
        "See an app open in a session",
        &["workspace"],
    ),
    (
        "createAppInstance",
        "Open apps in a session",
        &["workspace"],
    ),
    (
        "deleteAppInstance",
        "Close apps in a session",
        &["workspace"],
    ),
    ("listUsers", "List the users", &[]),
    (
        "searchUsers",
        "Find users by name (to add them to a workspace)",
        &[],
    ),
    (
        "manageUsersInWorkspace",
        "Add members to a workspace, change their roles, remove them",
        &["workspace"],
    ),
    (
        "manageUsersInWorkbench",
        "Share a session with members of its workspace",
        &["workspace"],
    ),
    ("getUser", "See a user", &[]),
    ("createUser", "Create users", &[]),
    ("updateUser", "Change a user's profile and status", &[]),
    ("deleteUser", "Delete users", &[]),
    (
        "manageUserRoles",
        "Give roles to users and take them away",
        &[],
    ),
    (
        "manageDynamicRoles",
        "Create, change and delete dynamic roles",
        &[],
    ),
    ("listRoles", "List the roles", &[]),
    ("listPermissions", "List the permissions", &[]),
    (
        "listBuilds",
        "See the builds of a workspace",
        &["workspace"],
    ),
    ("createBuild", "Start builds in a workspace", &["workspace"]),
    ("listRuns", "See the runs of a workspace", &["workspace"]),
    ("createRun", "Start runs in a workspace", &["workspace"]),
    ("stopRun", "Stop runs in a workspace", &["workspace"]),
    (
        "listFilesInWorkspace",
        "See a workspace's file stores and folders",
        &["workspace"],
    ),
    (
        "downloadFilesFromWorkspace",
        "Read and download a workspace's files",
        &["workspace"],
    ),
    (
        "uploadFilesToWorkspace",
        "Add files and folders to a workspace",
        &["workspace"],
    ),
    (
        "modifyFilesInWorkspace",
        "Rename, copy and delete a workspace's files",
        &["workspace"],
    ),
    ("createTermsOfUseVersion", "Write new terms of use", &[]),
    ("updateTermsOfUseVersion", "Change draft terms of use", &[]),
    ("publishTermsOfUseVersion", "Publish terms of use", &[]),
    (
        "getTermsOfUseVersion",
        "Read any version of the terms of use",
        &[],
    ),
    (
        "listTermsOfUseVersions",
        "List the versions of the terms of use",
        &[],
    ),
    (
        "getCurrentTermsOfUseVersion",
        "Read the current terms of use",
        &[],
    ),
    (
        "listTermsOfUseAcceptances",
        "See acceptances of the terms of use",
        &[],
    ),
    (
        "getMyTermsOfUseStatus",
        "See whether one accepted the terms of use",
        &[],
    ),
    ("acceptTermsOfUse", "Accept the terms of use", &[]),
    ("auditPlatform", "Read the platform's audit log", &[]),
    (
        "auditWorkspace",
        "Read a workspace's audit log",
        &["workspace"],
    ),
    (
        "auditWorkbench",
        "Read a session's audit log",
        &["workspace"],
    ),
    ("auditUser", "Read what one did (the audit log)", &[]),
    ("updatePassword", "Change one's own password", &[]),
    ("enableTotp", "Turn on one's two-factor sign-in", &[]),
    (
        "resetTotp",
        "Set up or turn off one's two-factor sign-in",
        &[],
    ),
];

pub const DIMENSIONS: &[&str] = &["workspace", "workbench", "user"];

pub fn permission_exists(name: &str) -> bool {
    PERMISSIONS.iter().any(|(n, _, _)| *n == name)
}

#[derive(Clone, Debug, PartialEq)]
pub struct Role {
    pub name: String,
    pub description: String,
    pub scope: String,
    pub context: Vec<String>,
    pub permissions: Vec<String>,
    pub dynamic: bool,
}

const VIEWER: &[&str] = &[
    "listWorkspaces",
    "getWorkspace",
    "listWorkbenches",
    "getWorkbench",
    "listApps",
    "listAppInstances",
    "getAppInstance",
    "listBuilds",
    "listRuns",
    "listRoles",
    "listPermissions",
    "listFilesInWorkspace",
    "downloadFilesFromWorkspace",
];

const MEMBER_EXTRA: &[&str] = &[
    "createWorkbench",
    "updateWorkbench",
    "deleteWorkbench",
    "streamWorkbench",
    "createAppInstance",
    "deleteAppInstance",
    "createBuild",
    "createRun",
    "stopRun",
    "uploadFilesToWorkspace",
    "modifyFilesInWorkspace",
];

/// What a session shared for viewing grants (`WorkbenchViewer`).
const WORKBENCH_VIEWER: &[&str] = &["getWorkbench", "listAppInstances", "getAppInstance"];

/// What using a shared session adds (`WorkbenchMember`).
const WORKBENCH_USER: &[&str] = &["streamWorkbench", "createAppInstance", "deleteAppInstance"];

fn owned(list: &[&[&str]]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in list {
        for p in *part {
            if !out.iter().any(|o| o == p) {
                out.push((*p).to_string());
            }
        }
    }
    out
}

fn role(name: &str, description: &str, scope: &str, context: &[&str], perms: Vec<String>) -> Role {
    Role {
        name: name.to_string(),
        description: description.to_string(),
        scope: scope.to_string(),
        context: context.iter().map(|s| s.to_string()).collect(),
        permissions: perms,
        dynamic: false,
    }
}

/// The seeded roles: the built-in ones and the dynamic `DataSteward`.
pub fn seed_roles() -> Vec<Role> {
    let all: Vec<String> = PERMISSIONS.iter().map(|(n, _, _)| n.to_string()).collect();
    let mut steward = role(
        "DataSteward",
        "Looks after a workspace's data: sees its sessions and jobs",
        "workspace",
        &["workspace"],
        owned(&[&[
            "listWorkspaces",
            "getWorkspace",
            "listWorkbenches",
            "getWorkbench",
            "listBuilds",
            "listRuns",
            "listFilesInWorkspace",
            "downloadFilesFromWorkspace",
        ]]),
    );
    steward.dynamic = true;
    vec![
        role(
            "PlatformAdmin",
            "Administers the whole platform: every permission",
            "platform",
            &[],
            all,
        ),
        role(
            "WorkspaceAdmin",
            "Administers a workspace",
            "workspace",
            &["workspace"],
            owned(&[
                VIEWER,
                MEMBER_EXTRA,
                &[
                    "updateWorkspace",
                    "deleteWorkspace",
                    "searchUsers",
                    "manageUsersInWorkspace",
                    "manageUsersInWorkbench",
                    "auditWorkspace",
                    "auditWorkbench",
                ],
            ]),
        ),
        role(
            "WorkspaceMember",
            "Works in a workspace: starts sessions, apps, builds and runs",
            "workspace",
            &["workspace"],
            owned(&[VIEWER, MEMBER_EXTRA]),
        ),
        role(
            "WorkspaceViewer",
            "Sees a workspace, its sessions and its jobs",
            "workspace",
            &["workspace"],
            owned(&[VIEWER]),
        ),
        role(
            "WorkbenchOwner",
            "Owns a session",
            "workbench",
            &["workbench"],
            owned(&[&[
                "getWorkbench",
                "updateWorkbench",
                "deleteWorkbench",
                "streamWorkbench",
                "listAppInstances",
                "getAppInstance",
                "createAppInstance",
                "deleteAppInstance",
            ]]),
        ),
        role(
            "WorkbenchViewer",
            "Sees a session shared with them",
            "workbench",
            &["workbench"],
            owned(&[WORKBENCH_VIEWER]),
        ),
        role(
            "WorkbenchMember",
            "Uses a session shared with them",
            "workbench",
            &["workbench"],
            owned(&[WORKBENCH_VIEWER, WORKBENCH_USER]),
        ),
        role(
            "WorkbenchAdmin",
            "Administers a session: uses it, stops it, shares it",
            "workbench",
            &["workbench"],
            owned(&[
                WORKBENCH_VIEWER,
                WORKBENCH_USER,
                &[
                    "updateWorkbench",
                    "deleteWorkbench",
                    "manageUsersInWorkbench",
                    "auditWorkbench",
                ],
            ]),
        ),
        role(
            "Authenticated",
            "Every logged-in user (implicit)",
            "system",
            &[],
            owned(&[&[
                "listWorkspaces",
                "listApps",
                "listRoles",
                "listPermissions",
                "getCurrentTermsOfUseVersion",
                "getMyTermsOfUseStatus",
                "acceptTermsOfUse",
                "auditUser",
                "updatePassword",
                "enableTotp",
                "resetTotp",
            ]]),
        ),
        steward,
    ]
}

/// What a permission is checked on: the ids of the dimensions that apply.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Target {
    pub workspace: Option<u64>,
    pub workbench: Option<u64>,
    pub user: Option<u64>,
}

impl Target {
    pub fn none() -> Self {
        Target::default()
    }

    pub fn workspace(ws: u64) -> Self {
        Target {
            workspace: Some(ws),
            ..Target::default()
        }
    }

    pub fn workbench(ws: u64, wb: u64) -> Self {
        Target {
            workspace: Some(ws),
            workbench: Some(wb),
            user: None,
        }
    }

    pub fn user(id: u64) -> Self {
        Target {
            user: Some(id),
            ..Target::default()
        }
    }

    fn get(&self, dim: &str) -> Option<u64> {
        match dim {
            "workspace" => self.workspace,
            "workbench" => self.workbench,
            "user" => self.user,
            _ => None,
        }
    }

    /// `"in workspace 3"` for error messages.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(w) = self.workspace {
            parts.push(format!("workspace {w}"));
        }
        if let Some(w) = self.workbench {
            parts.push(format!("workbench {w}"));
        }
        if let Some(u) = self.user {
            parts.push(format!("user {u}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!(" on {}", parts.join(", "))
        }
    }
}

/// Whether an assignment's context covers a target: every dimension both name must match (or
/// the assignment says `"*"`); every dimension the role takes must be named by the assignment.
pub fn context_matches(role: &Role, context: &BTreeMap<String, String>, target: &Target) -> bool {
    if role.context.iter().any(|d| !context.contains_key(d)) {
        return false;
    }
    context.iter().all(|(dim, value)| {
        if value == "*" {
            return true;
        }
        match target.get(dim) {
            None => true,
            Some(id) => value.parse::<u64>().ok() == Some(id),
        }
    })
}
