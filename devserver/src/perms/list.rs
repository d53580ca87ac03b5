//! Every permission of this server's own dialect (the chorus flavor reads CHORUS's catalogue,
//! `catalogue.rs`), apart from the roles and the check (`perms/mod.rs`).

/// Every permission: name, description, the context dimensions it is checked against. In our
/// dialect sessions are governed by workspace roles and users by platform roles, so a session's
/// permissions need the `workspace` dimension only and a user's none: the console's check
/// (CHORUS's rule: a role grants a permission only where its assignment binds every dimension
/// the permission needs) then answers as this server does.
/// A workspace's dimension.
const WS: &[&str] = &["workspace"];

pub const PERMISSIONS: &[(&str, &str, &[&str])] = &[
    ("listWorkspaces", "List the workspaces you belong to", &[]),
    ("listPublicWorkspaces", "List the public workspaces", &[]),
    ("getWorkspace", "See a workspace", &["workspace"]),
    ("createWorkspace", "Create workspaces", &[]),
    ("updateWorkspace", "Change a workspace", &["workspace"]),
    ("deleteWorkspace", "Delete a workspace", &["workspace"]),
    // Workspace services (issue 48).
    ("listWorkspaceServiceInstances", "List services", WS),
    ("getWorkspaceServiceInstance", "See a service", WS),
    ("getWorkspaceServiceInstanceSecret", "Read secrets", WS),
    ("createWorkspaceServiceInstance", "Add services", WS),
    ("updateWorkspaceServiceInstance", "Change services", WS),
    ("deleteWorkspaceServiceInstance", "Delete services", WS),
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
    // The app catalogue's administration (issue 49).
    ("getApp", "See an app of the catalogue", &[]),
    ("createApp", "Add apps to the catalogue", &[]),
    ("updateApp", "Change apps of the catalogue", &[]),
    ("deleteApp", "Delete apps of the catalogue", &[]),
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
    ("setPlatformSettings", "Change the platform's settings", &[]),
    // Participating organizations (issue 49).
    (
        "listOrganizations",
        "List the participating organizations",
        &[],
    ),
    ("getOrganization", "See an organization", &[]),
    ("createOrganization", "Add participating organizations", &[]),
    ("updateOrganization", "Change organizations", &[]),
    ("deleteOrganization", "Delete organizations", &[]),
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
