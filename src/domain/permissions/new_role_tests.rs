//! CHORUS's rules for a new dynamic role (`pkg/authorization/service/authorization.go`,
//! `policy.go`), with permissions and roles named as in its real catalogue.
use super::*;
use crate::domain::permissions::test_support::{assign, ctx, perm, role};

fn permissions() -> Vec<Permission> {
    vec![
        perm("listUsers", &[]),
        perm("manageDynamicRoles", &[]),
        perm("getUser", &["user"]),
        perm("createWorkbench", &["workspace"]),
        perm("getWorkspace", &["workspace"]),
        perm("manageUsersInWorkspace", &["workspace"]),
        perm("listWorkbenches", &["workbench"]),
    ]
}

fn roles() -> Vec<Role> {
    let all: Vec<String> = permissions().into_iter().map(|p| p.name).collect();
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    vec![
        role(
            "SuperAdmin",
            RoleScope::System,
            &["user", "workspace", "workbench"],
            &all,
            false,
        ),
        role(
            "WorkspaceAdmin",
            RoleScope::Workspace,
            &["workspace"],
            &[
                "listUsers",
                "createWorkbench",
                "getWorkspace",
                "manageUsersInWorkspace",
                "listWorkbenches",
            ],
            false,
        ),
        role(
            "PlatformUserManager",
            RoleScope::Platform,
            &["user"],
            &["listUsers", "getUser", "manageDynamicRoles"],
            false,
        ),
        role(
            "Curator",
            RoleScope::Workspace,
            &["workspace"],
            &["getWorkspace"],
            true,
        ),
    ]
}

#[test]
fn holds_follows_chorus_policy() {
    let (r, p) = (roles(), permissions());
    let ws_admin = [assign("WorkspaceAdmin", &[("workspace", "1")])];
    let demo = ctx(&[("workspace", "1")]);
    let genomics = ctx(&[("workspace", "2")]);
    // A workspace-bound permission: only in the assignment's workspace.
    assert!(holds_permission(
        &ws_admin,
        &r,
        &p,
        "createWorkbench",
        &demo
    ));
    assert!(!holds_permission(
        &ws_admin,
        &r,
        &p,
        "createWorkbench",
        &genomics
    ));
    assert!(!holds_permission(
        &ws_admin,
        &r,
        &p,
        "createWorkbench",
        &Context::new()
    ));
    // A permission without dimensions: wherever the role is held.
    assert!(holds_permission(&ws_admin, &r, &p, "listUsers", &genomics));
    assert!(holds_permission(
        &ws_admin,
        &r,
        &p,
        "listUsers",
        &Context::new()
    ));
    // The assignment must bind every dimension the permission requires.
    assert!(!holds_permission(
        &ws_admin,
        &r,
        &p,
        "listWorkbenches",
        &demo
    ));
    let ctx_wb = ctx(&[("workspace", "1"), ("workbench", "5")]);
    assert!(!holds_permission(
        &ws_admin,
        &r,
        &p,
        "listWorkbenches",
        &ctx_wb
    ));
    // "*" matches any value of its dimension.
    let all_ws = [assign("WorkspaceAdmin", &[("workspace", "*")])];
    assert!(holds_permission(
        &all_ws,
        &r,
        &p,
        "createWorkbench",
        &genomics
    ));
    // A value the check lacks never matches a concrete id.
    let super_admin = [assign(
        "SuperAdmin",
        &[("user", "1"), ("workspace", "*"), ("workbench", "*")],
    )];
    assert!(holds_permission(
        &super_admin,
        &r,
        &p,
        "createWorkbench",
        &genomics
    ));
    assert!(holds_permission(
        &super_admin,
        &r,
        &p,
        "listWorkbenches",
        &demo
    ));
    assert!(!holds_permission(&super_admin, &r, &p, "getUser", &demo));
    assert!(holds_permission(
        &super_admin,
        &r,
        &p,
        "getUser",
        &ctx(&[("user", "1")])
    ));
    // Only the dimensions the permission requires are compared.
    let extra = ctx(&[("workspace", "1"), ("user", "9")]);
    assert!(holds_permission(
        &ws_admin,
        &r,
        &p,
        "createWorkbench",
        &extra
    ));
    // The role must list the permission.
    let user_mgr = [assign("PlatformUserManager", &[("user", "7")])];
    assert!(!holds_permission(
        &user_mgr,
        &r,
        &p,
        "createWorkbench",
        &demo
    ));
    assert!(holds_permission(
        &user_mgr,
        &r,
        &p,
        "manageDynamicRoles",
        &Context::new()
    ));
    // Unknown permissions are held nowhere; an unknown role fails the whole check.
    assert!(!holds_permission(&all_ws, &r, &p, "flyToTheMoon", &demo));
    let with_unknown = [
        assign("Ghost", &[]),
        assign("WorkspaceAdmin", &[("workspace", "*")]),
    ];
    assert!(!holds_permission(&with_unknown, &r, &p, "listUsers", &demo));
    assert!(!holds_permission(&[], &r, &p, "listUsers", &demo));
}

#[test]
fn permissions_fit_the_role_scope() {
    let p = permissions();
    let by = |n: &str| p.iter().find(|x| x.name == n).unwrap().clone();
    let ws_role = role("X", RoleScope::Workspace, &[], &[], true);
    let pl_role = role("Y", RoleScope::Platform, &["user"], &[], true);
    assert!(permission_fits(&ws_role, &by("createWorkbench")).is_ok());
    assert!(permission_fits(&ws_role, &by("listUsers")).is_ok());
    assert_eq!(
        permission_fits(&ws_role, &by("listWorkbenches")).unwrap_err(),
        "Does not fit a workspace role: listWorkbenches is checked per session, and a workspace role has only a workspace"
    );
    assert!(permission_fits(&ws_role, &by("getUser")).is_err());
    assert!(permission_fits(&pl_role, &by("listUsers")).is_ok());
    // A platform role binds no dimension, whatever its context says.
    assert_eq!(
        permission_fits(&pl_role, &by("createWorkbench")).unwrap_err(),
        "Does not fit a platform role: createWorkbench is checked per workspace, and a platform role has no workspace or session"
    );
    assert!(permission_fits(&pl_role, &by("getUser")).is_err());
}

#[test]
fn copy_keeps_what_fits() {
    let (r, p) = (roles(), permissions());
    let (kept, left) = copy_for_scope(&r[1], RoleScope::Workspace, &p);
    assert_eq!(
        kept,
        [
            "listUsers",
            "createWorkbench",
            "getWorkspace",
            "manageUsersInWorkspace"
        ]
    );
    assert_eq!(left, ["listWorkbenches"]);
    let (kept, left) = copy_for_scope(&r[1], RoleScope::Platform, &p);
    assert_eq!(kept, ["listUsers"]);
    assert_eq!(left.len(), 4);
}

#[test]
fn role_names() {
    let r = roles();
    assert!(validate_role_name("DataSteward").is_ok());
    assert!(validate_role_name("Ab").is_err());
    assert!(validate_role_name("dataSteward").is_err());
    assert!(validate_role_name("Data Steward").is_err());
    assert!(validate_role_name("Ünïcode").is_err());
    assert!(validate_role_name(&"A".repeat(64)).is_ok());
    assert!(validate_role_name(&"A".repeat(65)).is_err());
    assert_eq!(
        validate_new_role_name("WorkspaceAdmin", &r).unwrap_err(),
        "WorkspaceAdmin is the name of a built-in role: choose another name"
    );
    assert_eq!(
        validate_new_role_name("superadmin", &r).unwrap_err(),
        "A role name starts with a capital letter, like DataSteward"
    );
    assert_eq!(
        validate_new_role_name("CURATOR", &r).unwrap_err(),
        "A role named Curator already exists"
    );
    assert!(validate_new_role_name("Steward", &r).is_ok());
}

fn fields(errs: &[(&'static str, String)]) -> Vec<&'static str> {
    errs.iter().map(|(f, _)| *f).collect()
}

#[test]
fn a_new_role_is_refused_for_each_rule_chorus_answers_with_500() {
    let (r, p) = (roles(), permissions());
    let super_admin = [assign(
        "SuperAdmin",
        &[("user", "1"), ("workspace", "*"), ("workbench", "*")],
    )];
    let cx = |admin| NewRoleContext {
        existing: &r,
        permissions: &p,
        admin,
        workspace: Some(("1", "Demo")),
    };
    let good = role(
        "Steward",
        RoleScope::Workspace,
        &["workspace"],
        &["getWorkspace", "createWorkbench", "listUsers"],
        true,
    );
    assert!(validate_new_role(&good, &cx(&super_admin)).is_empty());

    // No workspace chosen.
    let no_ws = NewRoleContext {
        workspace: None,
        ..cx(&super_admin)
    };
    let errs = validate_new_role(&good, &no_ws);
    assert_eq!(
        errs,
        [(
            "workspace",
            "Choose the workspace the role is created in".to_string()
        )]
    );

    // A permission that does not fit the scope.
    let unfit = Role {
        permissions: vec!["getWorkspace".into(), "listWorkbenches".into()],
        ..good.clone()
    };
    let errs = validate_new_role(&unfit, &cx(&super_admin));
    assert_eq!(fields(&errs), ["permissions"]);
    assert!(
        errs[0].1.contains("listWorkbenches is checked per session"),
        "{errs:?}"
    );

    // A permission the admin does not hold there.
    let ws_admin = [assign("WorkspaceAdmin", &[("workspace", "1")])];
    assert!(validate_new_role(&good, &cx(&ws_admin)).is_empty());
    let genomics = NewRoleContext {
        workspace: Some(("2", "Genomics")),
        ..cx(&ws_admin)
    };
    let errs = validate_new_role(&good, &genomics);
    assert_eq!(fields(&errs), ["workspace", "permissions"]);
    assert!(errs[0].1.contains("not in Genomics"), "{errs:?}");
    assert_eq!(
        errs[1].1,
        "You can grant only permissions you hold yourself in Genomics, and you do not hold getWorkspace, createWorkbench"
    );

    // A catalogue without manageUsersInWorkspace (not CHORUS) does not ask for it.
    let p_without: Vec<Permission> = p
        .iter()
        .filter(|x| x.name != MANAGE_USERS_IN_WORKSPACE)
        .cloned()
        .collect();
    let elsewhere = NewRoleContext {
        permissions: &p_without,
        ..genomics
    };
    assert_eq!(
        fields(&validate_new_role(&good, &elsewhere)),
        ["permissions"]
    );

    // A built-in or existing name, no permission, a scope CHORUS refuses.
    let bad = Role {
        name: "SuperAdmin".into(),
        permissions: vec![],
        ..good.clone()
    };
    assert_eq!(
        fields(&validate_new_role(&bad, &cx(&super_admin))),
        ["name", "permissions"]
    );
    for scope in [RoleScope::System, RoleScope::Workbench, RoleScope::Unknown] {
        let r = Role {
            scope,
            ..good.clone()
        };
        assert_eq!(fields(&validate_new_role(&r, &cx(&super_admin))), ["scope"]);
    }

    // A platform role: no workspace asked; platform-wide permissions only.
    let platform = Role {
        scope: RoleScope::Platform,
        context: vec![],
        permissions: vec!["listUsers".into()],
        ..good.clone()
    };
    let no_ws = NewRoleContext {
        workspace: None,
        ..cx(&ws_admin)
    };
    assert!(validate_new_role(&platform, &no_ws).is_empty());
    let platform_ws = Role {
        permissions: vec!["createWorkbench".into()],
        ..platform.clone()
    };
    assert!(validate_new_role(&platform_ws, &no_ws)[0]
        .1
        .starts_with("Does not fit a platform role"));
    let unknown = Role {
        permissions: vec!["flyToTheMoon".into()],
        ..platform
    };
    assert_eq!(
        validate_new_role(&unknown, &no_ws)[0].1,
        "Unknown permissions: flyToTheMoon"
    );
}
