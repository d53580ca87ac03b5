//! Permissions, built-in roles, and the check "may user U do X on target T".

use std::collections::BTreeMap;

mod list;

pub use list::PERMISSIONS;

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
    "listWorkspaceServiceInstances",
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
    "getWorkspaceServiceInstance",
    "getWorkspaceServiceInstanceSecret",
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
                    "createWorkspaceServiceInstance",
                    "updateWorkspaceServiceInstance",
                    "deleteWorkspaceServiceInstance",
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
                "listPublicWorkspaces",
                "listApps",
                "listOrganizations",
                "getOrganization",
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
