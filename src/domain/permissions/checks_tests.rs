//! The checks against CHORUS's rule (`pkg/authorization/service/policy.go`): the roles and
//! permissions below are a slice of CHORUS's real catalogue (`chorus-catalogue.json`), with the
//! dimensions each permission requires.
use super::*;
use crate::domain::permissions::test_support::{assign, perm};
use crate::domain::permissions::{Permission, Role, RoleScope};
use crate::domain::user::{RoleAssignment, User};

fn catalogue() -> Vec<Permission> {
    vec![
        perm("listUsers", &[]),
        perm("searchUsers", &[]),
        perm("createUser", &[]),
        perm("updateUser", &["user"]),
        perm("manageUserRoles", &["user"]),
        perm("manageDynamicRoles", &[]),
        perm("manageUsersInWorkspace", &["workspace"]),
        perm("createWorkbench", &["workspace"]),
        perm("updateWorkbench", &["workbench"]),
        perm("deleteWorkbench", &["workbench"]),
        perm("createAppInstance", &["workbench"]),
        perm("deleteAppInstance", &["workbench"]),
    ]
}

fn role(name: &str, scope: RoleScope, dims: &[&str], perms: &[&str]) -> Role {
    crate::domain::permissions::test_support::role(name, scope, dims, perms, false)
}

fn roles() -> Vec<Role> {
    vec![
        role(
            "WorkspaceMember",
            RoleScope::Workspace,
            &["workspace"],
            &[
                "listUsers",
                "updateUser",
                "createWorkbench",
                "updateWorkbench",
            ],
        ),
        role(
            "WorkspaceAdmin",
            RoleScope::Workspace,
            &["workspace"],
            &[
                "listUsers",
                "searchUsers",
                "manageUsersInWorkspace",
                "createWorkbench",
                "updateWorkbench",
                "deleteWorkbench",
            ],
        ),
        role(
            "WorkbenchAdmin",
            RoleScope::Workbench,
            &["workbench"],
            &[
                "listUsers",
                "updateWorkbench",
                "deleteWorkbench",
                "createAppInstance",
                "deleteAppInstance",
            ],
        ),
        role(
            "PlatformUserManager",
            RoleScope::Platform,
            &["user"],
            &[
                "listUsers",
                "createUser",
                "manageUserRoles",
                "manageDynamicRoles",
            ],
        ),
        role(
            "SuperAdmin",
            RoleScope::System,
            &["user", "workspace", "workbench"],
            &[
                "listUsers",
                "searchUsers",
                "createUser",
                "updateUser",
                "manageUserRoles",
                "manageDynamicRoles",
                "manageUsersInWorkspace",
                "createWorkbench",
                "updateWorkbench",
                "deleteWorkbench",
                "createAppInstance",
                "deleteAppInstance",
            ],
        ),
        role("Root", RoleScope::Platform, &[], &["*"]),
    ]
}

fn grants(assignments: Vec<RoleAssignment>, bare: &[&str]) -> Grants {
    let user = User {
        id: "2".into(),
        roles: bare.iter().map(|s| s.to_string()).collect(),
        roles_with_context: assignments,
        ..Default::default()
    };
    Grants::new(&user, &roles(), &catalogue())
}

#[test]
fn a_workspace_member_starts_sessions_only_in_its_workspaces() {
    let alice = grants(
        vec![
            assign("WorkspaceMember", &[("workspace", "1")]),
            assign("WorkspaceMember", &[("workspace", "2")]),
        ],
        &[],
    );
    assert!(alice.can_in(Perm::CreateWorkbench, &Target::workspace("1")));
    assert!(alice.can_in(Perm::CreateWorkbench, &Target::workspace("2")));
    assert!(!alice.can_in(Perm::CreateWorkbench, &Target::workspace("3")));
    assert!(!alice.can_in(Perm::CreateWorkbench, &Target::global()));
    assert!(alice.can_anywhere(Perm::CreateWorkbench));
    // A permission that needs a dimension the role does not bind is dropped (CHORUS's
    // expandUserPermissions): a workspace role never grants a workbench permission.
    assert!(!alice.can_in(Perm::UpdateWorkbench, &Target::workbench("1", "5")));
    assert!(!alice.can_anywhere(Perm::UpdateWorkbench));
    // ... nor a user one (updateUser needs `user`).
    assert!(!alice.can_anywhere(Perm::UpdateUser));
    // listUsers needs no dimension: held.
    assert!(alice.can_in(Perm::ListUsers, &Target::global()));
}

#[test]
fn a_workbench_role_grants_on_that_session_only() {
    let alice = grants(
        vec![
            assign("WorkspaceMember", &[("workspace", "1")]),
            assign("WorkbenchAdmin", &[("workbench", "5"), ("workspace", "1")]),
        ],
        &[],
    );
    assert!(alice.can_in(Perm::CreateAppInstance, &Target::workbench("1", "5")));
    assert!(alice.can_in(Perm::UpdateWorkbench, &Target::workbench("1", "5")));
    assert!(!alice.can_in(Perm::CreateAppInstance, &Target::workbench("1", "6")));
    // a bound dimension the permission does not need is not compared (workspace here)
    assert!(alice.can_in(Perm::DeleteAppInstance, &Target::workbench("9", "5")));
    // a target that does not name the dimension does not match a bound value
    assert!(!alice.can_in(Perm::CreateAppInstance, &Target::workspace("1")));
}

#[test]
fn wildcards_match_every_value_but_must_be_bound() {
    let admin = grants(
        vec![assign(
            "SuperAdmin",
            &[("user", "*"), ("workspace", "*"), ("workbench", "*")],
        )],
        &[],
    );
    assert!(admin.can_in(Perm::CreateWorkbench, &Target::workspace("3")));
    assert!(admin.can_in(Perm::CreateWorkbench, &Target::global()));
    assert!(admin.can_in(Perm::ManageUserRoles, &Target::user("7")));
    assert!(admin.can_in(Perm::DeleteWorkbench, &Target::workbench("3", "99")));
    assert!(may_see_admin(&admin));
    assert!(may_manage_users(&admin));
    assert!(may_manage_roles(&admin));
    // the same role given without the workbench dimension grants no workbench permission
    let half = grants(
        vec![assign("SuperAdmin", &[("user", "*"), ("workspace", "*")])],
        &[],
    );
    assert!(!half.can_anywhere(Perm::DeleteWorkbench));
    assert!(half.can_in(Perm::CreateWorkbench, &Target::workspace("3")));
}

#[test]
fn a_user_manager_given_the_role_for_itself_manages_only_itself() {
    // `Only this user`: the context binds the assignee's own id (CHORUS stores it as sent).
    let m = grants(vec![assign("PlatformUserManager", &[("user", "2")])], &[]);
    assert!(m.can_in(Perm::ManageUserRoles, &Target::user("2")));
    assert!(!m.can_in(Perm::ManageUserRoles, &Target::user("3")));
    assert!(m.can_in(Perm::CreateUser, &Target::global()));
    assert!(!m.can_anywhere(Perm::SearchUsers));
    assert!(may_manage_users(&m));
    assert!(may_manage_roles(&m));
    // Given without `user` (CHORUS keeps `{}`): nothing that needs a user; `All users`: every one.
    let none = grants(vec![assign("PlatformUserManager", &[])], &[]);
    assert!(!none.can_in(Perm::ManageUserRoles, &Target::user("2")));
    assert!(!none.can_anywhere(Perm::ManageUserRoles));
    let all = grants(vec![assign("PlatformUserManager", &[("user", "*")])], &[]);
    assert!(all.can_in(Perm::ManageUserRoles, &Target::user("3")));
}

#[test]
fn workspace_admins_may_open_the_roles_page() {
    let wa = grants(vec![assign("WorkspaceAdmin", &[("workspace", "1")])], &[]);
    assert!(may_manage_roles(&wa));
    assert!(!may_manage_users(&wa));
    assert!(may_see_admin(&wa));
    assert!(wa.can_in(Perm::ManageUsersInWorkspace, &Target::workspace("1")));
    assert!(!wa.can_in(Perm::ManageUsersInWorkspace, &Target::workspace("2")));
    // a member lists users but may open no admin page: no Admin link (no dead end)
    let member = grants(vec![assign("WorkspaceMember", &[("workspace", "1")])], &[]);
    assert!(!may_see_admin(&member));
}

#[test]
fn fails_closed() {
    // nothing loaded
    assert!(!Grants::default().can_anywhere(Perm::ListUsers));
    // roles loaded but no permission catalogue: no dimensions known, nothing granted
    let user = User {
        roles_with_context: vec![assign("SuperAdmin", &[("workspace", "*")])],
        ..Default::default()
    };
    let g = Grants::new(&user, &roles(), &[]);
    assert!(!g.can_anywhere(Perm::ListUsers));
    // unknown roles grant nothing
    let g = grants(vec![assign("Nonexistent", &[("workspace", "*")])], &[]);
    assert!(!g.can_anywhere(Perm::CreateWorkbench));
}

#[test]
fn bare_role_names_bind_nothing() {
    let g = grants(vec![], &["PlatformUserManager", "WorkspaceMember"]);
    assert!(g.can_in(Perm::ListUsers, &Target::global()));
    assert!(g.can_in(Perm::CreateUser, &Target::global()));
    assert!(!g.can_anywhere(Perm::ManageUserRoles));
    assert!(!g.can_anywhere(Perm::CreateWorkbench));
}

#[test]
fn the_wildcard_permission_grants_what_its_binding_allows() {
    let g = grants(vec![assign("Root", &[("workspace", "4")])], &[]);
    assert!(g.can_in(Perm::CreateWorkbench, &Target::workspace("4")));
    assert!(!g.can_in(Perm::CreateWorkbench, &Target::workspace("5")));
    assert!(g.can_in(Perm::ListUsers, &Target::global()));
}

#[test]
fn perm_names_are_chorus_names() {
    for (p, n) in [
        (Perm::CreateWorkbench, "createWorkbench"),
        (Perm::CreateAppInstance, "createAppInstance"),
        (Perm::ManageUsersInWorkspace, "manageUsersInWorkspace"),
        (Perm::SearchUsers, "searchUsers"),
    ] {
        assert_eq!(p.name(), n);
    }
}
