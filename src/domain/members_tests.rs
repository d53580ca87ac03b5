use super::*;
use crate::domain::permissions::{Permission, Role, RoleScope};
use crate::domain::user::{RoleAssignment, User};

fn perm(name: &str, dims: &[&str]) -> Permission {
    Permission {
        name: name.into(),
        description: String::new(),
        context: dims.iter().map(|s| s.to_string()).collect(),
    }
}

fn role(name: &str, scope: RoleScope, dims: &[&str], perms: &[&str]) -> Role {
    Role {
        name: name.into(),
        description: String::new(),
        scope,
        context: dims.iter().map(|s| s.to_string()).collect(),
        permissions: perms.iter().map(|s| s.to_string()).collect(),
        dynamic: false,
    }
}

fn assign(id: &str, name: &str, pairs: &[(&str, &str)]) -> RoleAssignment {
    RoleAssignment {
        id: id.into(),
        name: name.into(),
        context: pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
}

fn user(id: &str, username: &str, roles: Vec<RoleAssignment>) -> User {
    User {
        id: id.into(),
        username: username.into(),
        roles_with_context: roles,
        ..User::default()
    }
}

/// A small CHORUS-like catalogue: the workspace roles inherit a user-bound permission.
fn catalogue() -> (Vec<Role>, Vec<Permission>) {
    let perms = vec![
        perm("getWorkspace", &["workspace"]),
        perm("createWorkbench", &["workspace"]),
        perm("manageUsersInWorkspace", &["workspace"]),
        perm("manageUsersDataRoleInWorkspace", &["workspace"]),
        perm("manageUserRoles", &["user"]),
        perm("updateUser", &["user"]),
    ];
    let roles = vec![
        role(
            "WorkspaceGuest",
            RoleScope::Workspace,
            &["workspace", "user"],
            &["getWorkspace", "updateUser"],
        ),
        role(
            "WorkspaceMember",
            RoleScope::Workspace,
            &["workspace", "user"],
            &["getWorkspace", "createWorkbench", "updateUser"],
        ),
        role(
            "WorkspaceAdmin",
            RoleScope::Workspace,
            &["workspace", "user"],
            &[
                "getWorkspace",
                "createWorkbench",
                "manageUsersInWorkspace",
                "updateUser",
            ],
        ),
        role(
            "WorkspaceDataManager",
            RoleScope::Workspace,
            &["workspace"],
            &["getWorkspace", "manageUsersDataRoleInWorkspace"],
        ),
        role(
            "PlatformUserManager",
            RoleScope::Platform,
            &["user"],
            &["manageUserRoles"],
        ),
        role(
            "Authenticated",
            RoleScope::Platform,
            &["user"],
            &["updateUser"],
        ),
    ];
    (roles, perms)
}

fn grants(assignments: Vec<RoleAssignment>) -> Grants {
    let (roles, perms) = catalogue();
    Grants::new(&user("9", "me", assignments), &roles, &perms)
}

#[test]
fn the_route_follows_what_the_caller_holds() {
    let admin = grants(vec![assign("1", "WorkspaceAdmin", &[("workspace", "1")])]);
    assert_eq!(member_route(&admin, "1"), Some(MemberRoute::Workspace));
    assert_eq!(member_route(&admin, "2"), None);
    let manager = grants(vec![assign("2", "PlatformUserManager", &[("user", "*")])]);
    assert_eq!(member_route(&manager, "1"), Some(MemberRoute::User));
    // Without `user` bound the manager role grants nothing (CHORUS's rule).
    let unbound = grants(vec![assign("3", "PlatformUserManager", &[])]);
    assert_eq!(member_route(&unbound, "1"), None);
    let member = grants(vec![assign("4", "WorkspaceMember", &[("workspace", "1")])]);
    assert_eq!(member_route(&member, "1"), None);
}

#[test]
fn only_workspace_roles_the_caller_holds_are_offered() {
    let (roles, _) = catalogue();
    let admin = grants(vec![assign("1", "WorkspaceAdmin", &[("workspace", "1")])]);
    // Not the data manager role (no manageUsersDataRoleInWorkspace), not a platform role; the
    // user-bound updateUser is left to the backend.
    assert_eq!(
        givable_roles(&admin, &roles, "1", MemberRoute::Workspace),
        ["WorkspaceAdmin", "WorkspaceGuest", "WorkspaceMember"]
    );
    let both = grants(vec![
        assign("1", "WorkspaceAdmin", &[("workspace", "1")]),
        assign("2", "WorkspaceDataManager", &[("workspace", "1")]),
    ]);
    assert!(givable_roles(&both, &roles, "1", MemberRoute::Workspace)
        .contains(&"WorkspaceDataManager".to_string()));
    let manager = grants(vec![assign("2", "PlatformUserManager", &[("user", "*")])]);
    assert_eq!(
        givable_roles(&manager, &roles, "1", MemberRoute::User),
        [
            "WorkspaceAdmin",
            "WorkspaceDataManager",
            "WorkspaceGuest",
            "WorkspaceMember"
        ]
    );
}

#[test]
fn roles_in_a_workspace_ignore_its_sessions_and_other_workspaces() {
    let u = user(
        "5",
        "bob",
        vec![
            assign("1", "WorkspaceMember", &[("workspace", "1")]),
            assign("2", "WorkspaceMember", &[("workspace", "1")]),
            assign(
                "3",
                "WorkbenchViewer",
                &[("workspace", "1"), ("workbench", "2")],
            ),
            assign("4", "WorkspaceGuest", &[("workspace", "2")]),
        ],
    );
    assert_eq!(roles_in(&u, "1").len(), 2);
    assert_eq!(role_names_in(&u, "1"), ["WorkspaceMember"]);
}

#[test]
fn members_are_sorted_by_username_whatever_the_order_sent() {
    let mut list = vec![
        user("3", "Carol", vec![]),
        user("1", "alice", vec![]),
        user("2", "bob", vec![]),
    ];
    sort_members(&mut list);
    let names: Vec<&str> = list.iter().map(|u| u.username.as_str()).collect();
    assert_eq!(names, ["alice", "bob", "Carol"]);
}

#[test]
fn removing_ones_own_admin_role_is_flagged() {
    let (roles, _) = catalogue();
    let me = user(
        "9",
        "me",
        vec![assign("1", "WorkspaceAdmin", &[("workspace", "1")])],
    );
    assert!(loses_own_access(
        &me,
        &me,
        "1",
        false,
        "WorkspaceAdmin",
        &roles
    ));
    assert!(!loses_own_access(
        &me,
        &me,
        "1",
        false,
        "WorkspaceGuest",
        &roles
    ));
    let other = user("8", "x", vec![]);
    assert!(!loses_own_access(
        &me,
        &other,
        "1",
        true,
        "WorkspaceAdmin",
        &roles
    ));
    assert!(loses_own_access(&me, &me, "1", true, "", &roles));
}

#[test]
fn stopping_a_share_takes_one_call_per_assignment_on_the_session() {
    // Seen on CHORUS 0978bc77: shared as View then Use, one DELETE left the Use assignment.
    let twice = user(
        "5",
        "bob",
        vec![
            assign(
                "22",
                "WorkbenchViewer",
                &[("workbench", "2"), ("workspace", "1")],
            ),
            assign(
                "40",
                "WorkbenchMember",
                &[("workbench", "2"), ("workspace", "1")],
            ),
            assign("20", "WorkspaceMember", &[("workspace", "1")]),
            assign(
                "41",
                "WorkbenchViewer",
                &[("workbench", "3"), ("workspace", "1")],
            ),
        ],
    );
    assert_eq!(unshare_calls(&twice, "2"), 2);
    assert_eq!(unshare_calls(&twice, "3"), 1);
    // Not known to hold any (a stale list): still asked once.
    assert_eq!(unshare_calls(&twice, "9"), 1);
}

/// Issue 45: a role is taken through the user route whenever the caller may; a member is
/// removed only so; the workspace route takes a role only while another remains.
mod never_stops_chorus {
    use super::*;
    use crate::domain::permissions::Grants;

    fn catalogue() -> Vec<Role> {
        vec![
            role(
                "WorkspaceAdmin",
                RoleScope::Workspace,
                &["workspace"],
                &["manageUsersInWorkspace", "updateWorkspace"],
            ),
            role(
                "PlatformUserManager",
                RoleScope::Platform,
                &["user"],
                &["manageUserRoles", "listUsers"],
            ),
            role(
                "WorkspaceMember",
                RoleScope::Workspace,
                &["workspace"],
                &["listFilesInWorkspace"],
            ),
        ]
    }

    fn grants(assignments: Vec<RoleAssignment>) -> Grants {
        let me = user("9", "me", assignments);
        let perms = vec![
            perm("manageUsersInWorkspace", &["workspace"]),
            perm("updateWorkspace", &["workspace"]),
            perm("manageUserRoles", &["user"]),
            perm("listUsers", &[]),
            perm("listFilesInWorkspace", &["workspace"]),
        ];
        Grants::new(&me, &catalogue(), &perms)
    }

    #[test]
    fn a_workspace_admin_takes_roles_through_the_workspace_and_removes_nobody() {
        let g = grants(vec![assign("1", "WorkspaceAdmin", &[("workspace", "1")])]);
        assert_eq!(take_route(&g, "1"), Some(MemberRoute::Workspace));
        assert!(!may_remove(&g, "1"));
        assert_eq!(take_route(&g, "2"), None);
    }

    #[test]
    fn a_user_manager_or_super_admin_takes_through_the_user_route() {
        let g = grants(vec![
            assign("1", "WorkspaceAdmin", &[("workspace", "1")]),
            assign("2", "PlatformUserManager", &[("user", "*")]),
        ]);
        // The workspace route gives (member_route), the user route takes.
        assert_eq!(member_route(&g, "1"), Some(MemberRoute::Workspace));
        assert_eq!(take_route(&g, "1"), Some(MemberRoute::User));
        assert!(may_remove(&g, "1"));
        assert!(may_remove(&g, "7"));
    }

    #[test]
    fn the_workspace_route_takes_only_while_another_role_remains() {
        let m = user(
            "6",
            "nora",
            vec![
                assign("10", "WorkspaceGuest", &[("workspace", "1")]),
                assign("11", "WorkspaceMember", &[("workspace", "1")]),
                // Neither a session's nor another workspace's role keeps her here.
                assign(
                    "12",
                    "WorkbenchViewer",
                    &[("workspace", "1"), ("workbench", "4")],
                ),
                assign("13", "WorkspaceAdmin", &[("workspace", "2")]),
            ],
        );
        assert!(workspace_takes_are_safe(&m, "1", 1));
        assert!(!workspace_takes_are_safe(&m, "1", 2));
        assert!(!workspace_takes_are_safe(&m, "3", 1));
        assert!(!workspace_takes_are_safe(&m, "2", 1));
    }

    #[test]
    fn refusals_need_no_transport() {
        assert_eq!(
            refusal_words(Some(409), "", MemberRoute::Workspace).as_deref(),
            Some("This member already has that role.")
        );
        assert!(refusal_words(
            Some(403),
            "role assignment authorization error",
            MemberRoute::Workspace
        )
        .is_some_and(|w| w.contains("platform user manager")));
        assert_eq!(refusal_words(Some(500), "boom", MemberRoute::User), None);
    }
}

#[test]
fn two_roles_show_together_in_the_select() {
    let names = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(current_roles_option(&[]), None);
    assert_eq!(
        current_roles_option(&names(&["WorkspaceMember"])).as_deref(),
        Some("WorkspaceMember")
    );
    assert_eq!(
        current_roles_option(&names(&["WorkspaceDataManager", "WorkspaceMember"])).as_deref(),
        Some("WorkspaceDataManager and WorkspaceMember")
    );
    assert_eq!(
        current_roles_option(&names(&["A", "B", "C"])).as_deref(),
        Some("A, B and C")
    );
}

#[test]
fn a_role_change_says_what_it_gives_and_takes_before_it_is_made() {
    let current = vec![
        "WorkspaceDataManager".to_owned(),
        "WorkspaceMember".to_owned(),
    ];
    let (q, d) = change_question("alice", "WorkspaceMaintainer", &current);
    assert_eq!(q, "Make alice WorkspaceMaintainer here?");
    assert!(
        d.ends_with("loses WorkspaceDataManager and WorkspaceMember here."),
        "{d}"
    );
    let (_, d) = change_question("alice", "WorkspaceMember", &["WorkspaceMember".to_owned()]);
    assert!(!d.contains("loses"), "{d}");
}
