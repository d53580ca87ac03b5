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
    assert_eq!(
        validate_general_string("A last name", "Ann\u{202e}").unwrap_err(),
        "A last name may not contain <U+202E> (the platform refuses | < > ~ and the like)"
    );
}

#[test]
fn user_form_checks_what_chorus_checks_and_the_platform_s_password_rule() {
    let f = UserFields {
        username: "Alice.Smith",
        first_name: "",
        last_name: "",
        email: "",
        password: Some("Correct-Horse-Battery"),
    };
    assert!(validate_user_form(&f).is_empty(), "no invented rules");
    // What CHORUS itself accepts and the profile page would refuse (issue 47).
    let f = UserFields {
        username: "a b",
        email: "not-an-email",
        password: Some("abc"),
        ..UserFields::default()
    };
    let errs = validate_user_form(&f);
    let words: Vec<(&str, &str)> = errs.iter().map(|e| (e.field, e.message.as_str())).collect();
    assert_eq!(
        words,
        [
            ("username", "A username may not contain spaces"),
            ("email", "Enter an e-mail address such as name@example.org"),
            (
                "password",
                "The password needs at least 14 characters, an uppercase letter and a special \
                 character such as ! or %."
            ),
        ]
    );
    for ok in ["a@b.ch", "first.last+tag@uni.example.org", " x@y.z "] {
        assert_eq!(validate_email(ok), Ok(()), "{ok}");
    }
    for bad in [
        "a@b", "@b.ch", "a@@b.ch", "a b@c.ch", "a@.ch", "a@b.", "plain",
    ] {
        assert!(validate_email(bad).is_err(), "{bad}");
    }
    assert_eq!(validate_username(" ").unwrap_err(), "Enter a username");
    let f = UserFields {
        username: "",
        first_name: "Ca|rol",
        last_name: "<Shaw>",
        email: "",
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

fn ctx(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn every_role_can_be_given_with_every_dimension_it_lists() {
    let both = ContextChoice {
        workspace: Some("2"),
        workbench: Some("*"),
        user: UserScope::All,
    };
    let member = role("WorkspaceMember", &["workspace"]);
    let given = role_context_for(&member, both).unwrap();
    assert_eq!(given.for_user("9").context, ctx(&[("workspace", "2")]));
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
        role_context_for(&sup, both).unwrap().for_user("9").context,
        ctx(&[("user", "*"), ("workbench", "*"), ("workspace", "2")])
    );
    assert!(role_context_for(&role("Public", &[]), both)
        .unwrap()
        .for_user("9")
        .context
        .is_empty());
    assert!(role_context_for(&role("Odd", &["request"]), both).is_err());
}

/// CHORUS stores a role's context exactly as sent (api.md, "Users"): a `PlatformUserManager`
/// given `{}` could not read a single user. So a role that lists `user` always sends one.
#[test]
fn a_role_that_lists_user_always_sends_a_user() {
    let manager = role("PlatformUserManager", &["user"]);
    assert_eq!(UserScope::default_for(&manager), UserScope::All);
    let all = ContextChoice {
        user: UserScope::default_for(&manager),
        ..ContextChoice::default()
    };
    let given = role_context_for(&manager, all).unwrap();
    assert_eq!(given.for_user("9").context, ctx(&[("user", "*")]));
    // `Only this user`: the user's own id, known only once a new user exists.
    let own = ContextChoice {
        user: UserScope::OnlyThisUser,
        ..ContextChoice::default()
    };
    let given = role_context_for(&manager, own).unwrap();
    assert!(given.only_this_user);
    assert_eq!(given.for_user("9").context, ctx(&[("user", "9")]));
    assert_eq!(given.for_user("12").context, ctx(&[("user", "12")]));
    // The role every user holds on itself defaults to `Only this user`.
    let authenticated = role("Authenticated", &["user"]);
    assert_eq!(
        UserScope::default_for(&authenticated),
        UserScope::OnlyThisUser
    );
    // The select's values and words.
    for s in [UserScope::All, UserScope::OnlyThisUser] {
        assert_eq!(UserScope::from_value(s.value()), s);
    }
    assert_eq!(UserScope::All.value(), "*");
    assert_eq!(UserScope::All.label(), "All users");
    assert_eq!(UserScope::OnlyThisUser.label(), "Only this user");
    // A Retry sends an assignment already bound, unchanged.
    let bound = RoleToGive::from(given.for_user("9"));
    assert_eq!(bound.for_user("10").context, ctx(&[("user", "9")]));
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
        a("PlatformUserManager", &[("user", "*")]),
    ];
    let mut u = User {
        roles_with_context: vec![a("WorkspaceMember", &[("workspace", "1")])],
        ..User::default()
    };
    assert!(!shows_roles(&u, &given), "the cached user lacks one");
    u.roles_with_context
        .push(a("PlatformUserManager", &[("user", "*")]));
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
