use super::test_support::role;
use super::*;

fn demo_roles() -> Vec<Role> {
    vec![
        role(
            "PlatformAdmin",
            RoleScope::Platform,
            &[],
            &[
                "listUsers",
                "manageUserRoles",
                "manageDynamicRoles",
                "createWorkbench",
            ],
            false,
        ),
        role(
            "WorkspaceMember",
            RoleScope::Workspace,
            &["workspace"],
            &["getWorkspace", "createWorkbench", "listBuilds"],
            false,
        ),
        role(
            "WorkspaceViewer",
            RoleScope::Workspace,
            &["workspace"],
            &["getWorkspace"],
            false,
        ),
        role(
            "WorkbenchOwner",
            RoleScope::Workbench,
            &["workbench"],
            &["deleteWorkbench"],
            false,
        ),
        role(
            "Authenticated",
            RoleScope::System,
            &[],
            &["listApps"],
            false,
        ),
        role(
            "DataSteward",
            RoleScope::Workspace,
            &["workspace"],
            &["listUsers", "getWorkspace"],
            true,
        ),
    ]
}

#[test]
fn scope_parse() {
    assert_eq!(RoleScope::from_wire("workspace"), RoleScope::Workspace);
    assert_eq!(RoleScope::from_wire("Platform"), RoleScope::Platform);
    assert_eq!(RoleScope::from_wire(""), RoleScope::Unknown);
    assert_eq!(RoleScope::from_wire("galaxy"), RoleScope::Unknown);
    assert_eq!(RoleScope::Workbench.as_str(), "workbench");
    assert_eq!(RoleScope::Workbench.label(), "Session");
}

#[test]
fn humanize() {
    assert_eq!(humanize_camel("createWorkbench"), "Create workbench");
    assert_eq!(humanize_camel("listAppInstances"), "List app instances");
    assert_eq!(humanize_camel("PVCReady"), "PVC ready");
    assert_eq!(humanize_camel("getUserByID"), "Get user by ID");
    assert_eq!(humanize_camel("k8sStatus"), "K8s status");
    assert_eq!(humanize_camel("manageDynamicRoles"), "Manage dynamic roles");
    assert_eq!(humanize_camel("WorkspaceMember"), "Workspace member");
    assert_eq!(
        humanize_camel("snake_case-name here"),
        "Snake case name here"
    );
    assert_eq!(humanize_camel("ID"), "ID");
    assert_eq!(humanize_camel("a"), "A");
    assert_eq!(humanize_camel("getAUser"), "Get a user");
    assert_eq!(humanize_camel(""), "");
    assert_eq!(humanize_camel("__"), "");
    assert_eq!(humanize_camel("überAlles"), "Über alles");
    assert_eq!(humanize_camel("<script>"), "<script>");
    let p = Permission {
        name: "streamWorkbench".into(),
        ..Default::default()
    };
    assert_eq!(p.label(), "Stream workbench");
    assert_eq!(
        matrix_checkbox_label("DataSteward", "listUsers"),
        "DataSteward: listUsers"
    );
}

#[test]
fn edits_toggle_and_change_set() {
    let roles = demo_roles();
    let steward = roles.iter().find(|r| r.name == "DataSteward").unwrap();
    let member = roles.iter().find(|r| r.name == "WorkspaceMember").unwrap();
    let mut e = RoleEdits::new();
    assert_eq!(e.changed_count(), 0);
    // built-in: ignored
    assert!(!e.toggle(member, "listUsers"));
    assert_eq!(e.changed_count(), 0);
    assert!(e.toggle(steward, "listUsers")); // remove
    assert!(e.toggle(steward, "createBuild")); // add
    assert!(e.toggle(steward, "aardvark")); // add
    assert!(e.is_changed("DataSteward", "listUsers"));
    assert!(!e.is_granted(steward, "listUsers"));
    assert!(e.is_granted(steward, "createBuild"));
    assert!(e.is_granted(steward, "getWorkspace"));
    assert_eq!(e.changed_count(), 3);
    let cs = e.change_set(&roles);
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].name, "DataSteward");
    assert_eq!(
        cs[0].permissions,
        ["getWorkspace", "aardvark", "createBuild"]
    );
    assert_eq!(cs[0].description, steward.description);
    assert!(cs[0].dynamic);
    // toggling twice cancels out
    e.toggle(steward, "aardvark");
    e.toggle(steward, "createBuild");
    e.toggle(steward, "listUsers");
    assert_eq!(e.changed_count(), 0);
    assert!(e.change_set(&roles).is_empty());
    e.toggle(steward, "listUsers");
    assert_eq!(e.changed_count(), 1);
    e.discard();
    assert_eq!(e.changed_count(), 0);
    e.toggle(steward, "listUsers");
    e.discard_role("DataSteward");
    assert_eq!(e.changed_count(), 0);
    // a role gone from the list is left out
    e.toggle(steward, "listUsers");
    assert!(e.change_set(&roles[..1]).is_empty());
    // granted / total
    let perms: Vec<Permission> = ["listUsers", "getWorkspace", "createBuild"]
        .iter()
        .map(|n| Permission {
            name: n.to_string(),
            ..Default::default()
        })
        .collect();
    assert_eq!(e.granted_total(steward, &perms), (1, 3));
    assert_eq!(RoleEdits::new().granted_total(steward, &perms), (2, 3));
    // wildcard roles are read-only
    let star = role("Star", RoleScope::Platform, &[], &["*"], true);
    assert!(!e.toggle(&star, "listUsers"));
}

#[test]
fn grouping() {
    let p = |n: &str, ctx: &[&str]| Permission {
        name: n.into(),
        description: String::new(),
        context: ctx.iter().map(|s| s.to_string()).collect(),
    };
    let perms = vec![
        p("createWorkbench", &["workspace"]),
        p("listUsers", &[]),
        p("deleteWorkbench", &["workbench", "workspace"]),
        p("getWorkbench", &["workbench"]),
        p("getWorkspace", &["workspace"]),
        p("getUser", &["user"]),
        p("odd", &["zone"]),
        p("createUser", &[""]),
    ];
    let g = group_permissions(&perms);
    let titles: Vec<&str> = g.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Platform-wide",
            "Per workspace",
            "Per session",
            "Per user",
            "Per zone",
            "Per workspace and session"
        ]
    );
    assert_eq!(g[0].key, "");
    assert_eq!(g[0].permissions.len(), 2);
    assert_eq!(g[1].key, "workspace");
    let names: Vec<&str> = g[1].permissions.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["createWorkbench", "getWorkspace"]);
    assert_eq!(g[5].key, "workspace,workbench");
    assert!(group_permissions(&[]).is_empty());
}

#[test]
fn role_order() {
    let roles = demo_roles();
    let names: Vec<&str> = matrix_role_order(&roles)
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Authenticated",
            "PlatformAdmin",
            "WorkspaceMember",
            "WorkspaceViewer",
            "DataSteward",
            "WorkbenchOwner"
        ]
    );
}

#[test]
fn a_matrix_save_keeps_another_admins_toggles() {
    use crate::domain::three_way::{merge, Merge};
    let base = role(
        "DataSteward",
        RoleScope::Workspace,
        &["workspace"],
        &["a", "b"],
        true,
    );
    // Mine: `b` off, `c` on; theirs (saved meanwhile): `a` off, `d` on.
    let mine = role(
        "DataSteward",
        RoleScope::Workspace,
        &["workspace"],
        &["a", "c"],
        true,
    );
    let theirs = role(
        "DataSteward",
        RoleScope::Workspace,
        &["workspace"],
        &["b", "d"],
        true,
    );
    let Merge::Send(r) = merge(&base, &mine, &theirs) else {
        panic!("cells never conflict")
    };
    assert_eq!(r.permissions, ["d", "c"]);
    // The same toggle on both sides is no conflict either.
    let Merge::Send(r) = merge(&base, &mine, &mine) else {
        panic!("no conflict")
    };
    assert_eq!(r.permissions, ["a", "c"]);
}
