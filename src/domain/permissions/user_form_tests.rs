//! The user form's checks (CHORUS's `pkg/user/service/requests.go` and its `generalstring`
//! validator) and the backend's field errors in words.
use super::*;
use crate::domain::permissions::RoleScope;

fn role(name: &str, ctx: &[&str]) -> Role {
    Role {
        name: name.into(),
        scope: RoleScope::Platform,
        context: ctx.iter().map(|s| s.to_string()).collect(),
        ..Role::default()
    }
}

#[test]
fn general_string_is_chorus_allow_list() {
    for ok in [
        "alice",
        "Ada Lovelace",
        "O'Brien-Smith",
        "José Müller",
        "a.b_c@example.org",
        "x(1)+[2]{3}$£!^?=/&%*#\\\"",
        "",
    ] {
        assert!(refused_characters(ok).is_empty(), "{ok}");
    }
    assert_eq!(refused_characters("a|b<c>d~e|"), ['|', '<', '>', '~']);
    assert_eq!(refused_characters("`x`"), ['`']);
    assert_eq!(refused_characters("Łukasz"), ['Ł'], "beyond Latin-1");
    assert_eq!(
        validate_general_string("A first name", "<b>").unwrap_err(),
        "A first name may not contain < > (the platform refuses | < > ~ and the like)"
    );
}

#[test]
fn user_form_checks_what_chorus_checks() {
    let f = UserFields {
        username: "Alice.Smith",
        first_name: "",
        last_name: "",
        password: Some("x"),
    };
    assert!(validate_user_form(&f).is_empty(), "no invented rules");
    assert_eq!(validate_username(" ").unwrap_err(), "Enter a username");
    let f = UserFields {
        username: "",
        first_name: "Ca|rol",
        last_name: "<Shaw>",
        password: Some(""),
    };
    let errs = validate_user_form(&f);
    let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["username", "firstName", "lastName", "password"]);
    let f = UserFields {
        username: "bob~",
        password: None,
        ..UserFields::default()
    };
    assert_eq!(validate_user_form(&f)[0].field, "username");
}

#[test]
fn backend_field_names_and_tags_in_words() {
    for (field, key) in [
        ("FirstName", "firstName"),
        ("firstName", "firstName"),
        ("first_name", "firstName"),
        ("User.LastName", "lastName"),
        ("CreateUserReq.User.Username", "username"),
        ("Email", "email"),
        ("Password", "password"),
        ("Status", "status"),
        ("rolesWithContext[0].context", "roles"),
    ] {
        assert_eq!(form_field_key(field), Some(key), "{field}");
    }
    assert_eq!(form_field_key("TenantID"), None);
    assert_eq!(
        field_error_words("FirstName", "required"),
        Some(("firstName", "First name is required".to_string()))
    );
    assert_eq!(
        field_error_words("Username", "generalstring").unwrap().1,
        "Username may not contain | < > ~ or other characters the platform refuses"
    );
    assert_eq!(
        field_error_words("Email", "max=254").unwrap().1,
        "Email is too long"
    );
    assert_eq!(
        field_error_words("Email", "must be an email").unwrap().1,
        "Email must be an email",
        "a sentence as it is"
    );
    assert_eq!(
        field_error_words("LastName", "weirdtag").unwrap().1,
        "Last name weirdtag"
    );
    assert_eq!(field_error_words("Source", "required"), None);
}

#[test]
fn every_role_can_be_given_and_asks_only_for_workspace_and_session() {
    let both = ContextChoice {
        workspace: Some("2"),
        workbench: Some("*"),
    };
    // `user` is filled by CHORUS: no choice.
    let manager = role("PlatformUserManager", &["user"]);
    assert!(role_context_for(&manager, ContextChoice::default())
        .unwrap()
        .is_empty());
    let member = role("WorkspaceMember", &["workspace"]);
    assert_eq!(
        role_context_for(&member, both).unwrap(),
        BTreeMap::from([("workspace".to_string(), "2".to_string())])
    );
    assert_eq!(
        role_context_for(&member, ContextChoice::default()).unwrap_err(),
        "Choose a workspace for WorkspaceMember"
    );
    let viewer = role("WorkbenchViewer", &["workbench"]);
    assert_eq!(
        role_context_for(&viewer, ContextChoice::default()).unwrap_err(),
        "Choose a session for WorkbenchViewer"
    );
    let sup = role("SuperAdmin", &["user", "workspace", "workbench"]);
    assert_eq!(
        role_context_for(&sup, both).unwrap(),
        BTreeMap::from([
            ("workbench".to_string(), "*".to_string()),
            ("workspace".to_string(), "2".to_string())
        ])
    );
    assert!(role_context_for(&role("Public", &[]), both)
        .unwrap()
        .is_empty());
    assert!(role_context_for(&role("Odd", &["request"]), both).is_err());
}

#[test]
fn a_reloaded_user_shows_the_given_roles_or_not_yet() {
    use crate::domain::user::{RoleAssignment, User};
    let a = |name: &str, ctx: &[(&str, &str)]| RoleAssignment {
        id: String::new(),
        name: name.into(),
        context: ctx
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    };
    let given = [
        a("WorkspaceMember", &[("workspace", "1")]),
        a("PlatformUserManager", &[]),
    ];
    let mut u = User {
        roles_with_context: vec![a("WorkspaceMember", &[("workspace", "1"), ("user", "9")])],
        ..User::default()
    };
    assert!(!shows_roles(&u, &given), "the cached user lacks one");
    u.roles_with_context
        .push(a("PlatformUserManager", &[("user", "9")]));
    assert!(shows_roles(&u, &given));
    u.roles_with_context[0]
        .context
        .insert("workspace".into(), "2".into());
    assert!(!shows_roles(&u, &given), "another workspace");
    assert!(shows_roles(&User::default(), &[]));
}

#[test]
fn search_box_only_for_who_may_search_users() {
    use crate::domain::permissions::Permission;
    use crate::domain::user::RoleAssignment;
    let perm = |n: &str| Permission {
        name: n.into(),
        ..Permission::default()
    };
    let with = |n: &str, perms: &[&str]| Role {
        name: n.into(),
        context: vec!["user".into()],
        permissions: perms.iter().map(|s| s.to_string()).collect(),
        ..Role::default()
    };
    let roles = [
        with("PlatformUserManager", &["listUsers", "manageUserRoles"]),
        with("WorkspaceAdmin", &["listUsers", "searchUsers"]),
    ];
    let a = |n: &str| RoleAssignment {
        id: String::new(),
        name: n.into(),
        context: BTreeMap::from([("user".to_string(), "4".to_string())]),
    };
    let chorus = [perm("listUsers"), perm("searchUsers")];
    assert!(!may_search_users(
        &[a("PlatformUserManager")],
        &roles,
        &chorus
    ));
    assert!(may_search_users(&[a("WorkspaceAdmin")], &roles, &chorus));
    assert!(!may_search_users(&[], &roles, &chorus));
    // A catalogue without searchUsers does not gate search.
    assert!(may_search_users(
        &[a("PlatformUserManager")],
        &roles,
        &[perm("listUsers")]
    ));
}
