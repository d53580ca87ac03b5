use super::*;
use std::collections::BTreeMap;

fn role(name: &str, scope: RoleScope, ctx: &[&str], perms: &[&str], dynamic: bool) -> Role {
    Role {
        name: name.into(),
        description: String::new(),
        scope,
        context: ctx.iter().map(|s| s.to_string()).collect(),
        permissions: perms.iter().map(|s| s.to_string()).collect(),
        dynamic,
    }
}

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
fn role_name_validation() {
    assert!(validate_role_name("DataSteward").is_ok());
    assert!(validate_role_name("Abc").is_ok());
    assert!(validate_role_name("Role2").is_ok());
    assert_eq!(validate_role_name("").unwrap_err(), "Enter a role name");
    assert!(validate_role_name("Ab").is_err());
    assert!(validate_role_name(&"A".repeat(65)).is_err());
    assert!(validate_role_name(&"A".repeat(64)).is_ok());
    assert!(validate_role_name("dataSteward").is_err());
    assert!(validate_role_name("Data Steward").is_err());
    assert!(validate_role_name("Data_Steward").is_err());
    assert!(validate_role_name("<script>").is_err());
    assert!(validate_role_name("Ünïcode").is_err());
    assert!(validate_role_name("2Fast").is_err());
    let roles = demo_roles();
    assert_eq!(
        validate_new_role_name("datasteward", &roles).unwrap_err(),
        "A role name starts with a capital letter, like DataSteward"
    );
    assert_eq!(
        validate_new_role_name("DATASTEWARD", &roles).unwrap_err(),
        "A role named DATASTEWARD already exists"
    );
    assert!(validate_new_role_name("Curator", &roles).is_ok());
}

#[test]
fn user_form_validation() {
    assert!(validate_username("alice").is_ok());
    assert!(validate_username("a.b_c-9").is_ok());
    assert_eq!(validate_username("").unwrap_err(), "Enter a username");
    assert!(validate_username("ab").is_err());
    assert!(validate_username(&"a".repeat(33)).is_err());
    assert!(validate_username("Alice").is_err());
    assert!(validate_username("al ice").is_err());
    assert!(validate_username("<script>").is_err());
    assert!(validate_email("a@example.org").is_ok());
    assert!(validate_email("first.last+tag@sub.example.co").is_ok());
    for bad in [
        "plain",
        "@example.org",
        "a@",
        "a@b",
        "a@@b.org",
        "a@b@c.org",
        "a b@c.org",
        "a@.org",
        "a@org.",
        "a@b..org",
    ] {
        assert!(validate_email(bad).is_err(), "{bad}");
    }
    assert_eq!(validate_email(" ").unwrap_err(), "Enter an email address");
    assert!(validate_password("12345678").is_ok());
    assert!(validate_password("1234567").is_err());
    assert!(validate_password("").is_err());
    assert!(validate_password("éééééééé").is_ok());
    assert!(validate_user_form("alice", "a@example.org", Some("password1")).is_empty());
    assert!(validate_user_form("alice", "a@example.org", None).is_empty());
    let errs = validate_user_form("A", "nope", Some("short"));
    let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["username", "email", "password"]);
}

#[test]
fn role_contexts_for_form() {
    let roles = demo_roles();
    let member = &roles[1];
    let admin = &roles[0];
    let owner = &roles[3];
    assert!(member.needs_workspace());
    assert!(!admin.needs_workspace());
    assert_eq!(
        role_context_for(member, Some("2")).unwrap(),
        BTreeMap::from([("workspace".to_string(), "2".to_string())])
    );
    assert_eq!(
        role_context_for(member, Some("*")).unwrap()["workspace"],
        "*"
    );
    assert_eq!(
        role_context_for(member, None).unwrap_err(),
        "Choose a workspace for WorkspaceMember"
    );
    assert!(role_context_for(member, Some(" ")).is_err());
    assert!(role_context_for(admin, None).unwrap().is_empty());
    assert!(!owner.assignable_in_user_form());
    assert!(role_context_for(owner, Some("1")).is_err());
    assert!(roles[5].dynamic && !roles[5].is_built_in());
}

#[test]
fn new_roles_are_checked_before_chorus_sees_them() {
    let existing = vec![Role {
        name: "DataSteward".into(),
        scope: RoleScope::Workspace,
        permissions: vec!["getWorkspace".into()],
        dynamic: true,
        ..Role::default()
    }];
    let good = Role {
        name: "Curator".into(),
        scope: RoleScope::Workspace,
        permissions: vec!["getWorkspace".into()],
        dynamic: true,
        ..Role::default()
    };
    assert!(validate_new_role(&good, &existing).is_empty());
    let platform = Role {
        scope: RoleScope::Platform,
        ..good.clone()
    };
    assert!(validate_new_role(&platform, &existing).is_empty());
    let bad = Role {
        name: "datasteward".into(),
        scope: RoleScope::Workbench,
        permissions: vec![],
        ..good.clone()
    };
    let fields: Vec<&str> = validate_new_role(&bad, &existing)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(fields, ["name", "scope", "permissions"]);
    for scope in [RoleScope::System, RoleScope::Unknown] {
        let r = Role {
            scope,
            ..good.clone()
        };
        assert_eq!(validate_new_role(&r, &existing)[0].0, "scope");
    }
}
