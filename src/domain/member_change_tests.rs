use super::*;

fn assign(id: &str, name: &str, ws: &str) -> RoleAssignment {
    RoleAssignment {
        id: id.into(),
        name: name.into(),
        context: [("workspace".to_owned(), ws.to_owned())].into(),
    }
}

fn member(roles: Vec<RoleAssignment>) -> User {
    User {
        id: "7".into(),
        username: "alice".into(),
        roles_with_context: roles,
        ..User::default()
    }
}

fn names(n: &[&str]) -> Vec<String> {
    n.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn a_change_is_computed_from_the_fresh_roles_not_the_pages_copy() {
    // The page showed WorkspaceMember; meanwhile someone gave WorkspaceMaintainer too. Making
    // her WorkspaceMaintainer gives nothing and takes WorkspaceMember only.
    let fresh = member(vec![
        assign("10", "WorkspaceMember", "1"),
        assign("11", "WorkspaceMaintainer", "1"),
    ]);
    assert_eq!(
        change_step(Some(&fresh), "1", "WorkspaceMaintainer"),
        ChangeStep::Act {
            give: false,
            take: vec![assign("10", "WorkspaceMember", "1")]
        }
    );
    // The role the page showed was taken and another given: the other one is taken, by the id
    // read now.
    let fresh = member(vec![assign("12", "WorkspaceGuest", "1")]);
    assert_eq!(
        change_step(Some(&fresh), "1", "WorkspaceMaintainer"),
        ChangeStep::Act {
            give: true,
            take: vec![assign("12", "WorkspaceGuest", "1")]
        }
    );
    // Roles in another workspace are not touched.
    let fresh = member(vec![
        assign("12", "WorkspaceGuest", "1"),
        assign("13", "WorkspaceAdmin", "2"),
    ]);
    match change_step(Some(&fresh), "1", "WorkspaceMember") {
        ChangeStep::Act { take, .. } => assert_eq!(take, vec![assign("12", "WorkspaceGuest", "1")]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn nothing_is_sent_for_a_member_gone_or_already_changed() {
    assert_eq!(change_step(None, "1", "WorkspaceMember"), ChangeStep::Gone);
    let elsewhere = member(vec![assign("13", "WorkspaceAdmin", "2")]);
    assert_eq!(
        change_step(Some(&elsewhere), "1", "WorkspaceMember"),
        ChangeStep::Gone
    );
    let done = member(vec![assign("10", "WorkspaceMaintainer", "1")]);
    assert_eq!(
        change_step(Some(&done), "1", "WorkspaceMaintainer"),
        ChangeStep::Already
    );
}

#[test]
fn removal_takes_what_is_held_now() {
    let fresh = member(vec![
        assign("10", "WorkspaceMember", "1"),
        assign("11", "WorkspaceMaintainer", "1"),
    ]);
    assert_eq!(removal_step(Some(&fresh), "1").len(), 2);
    assert!(removal_step(None, "1").is_empty());
}

#[test]
fn what_is_said_is_what_was_read_back() {
    let act = ChangeStep::Act {
        give: true,
        take: vec![],
    };
    assert_eq!(
        change_words(
            "alice",
            "WorkspaceMaintainer",
            &act,
            &names(&["WorkspaceMaintainer"])
        ),
        "alice is now WorkspaceMaintainer here."
    );
    // The case: the member was left in no role: never "is now".
    let said = change_words("alice", "WorkspaceMaintainer", &act, &[]);
    assert_eq!(
        said,
        "alice was not made WorkspaceMaintainer: alice is not a member here."
    );
    assert!(!said.contains("is now"));
    assert_eq!(
        change_words(
            "alice",
            "WorkspaceMaintainer",
            &act,
            &names(&["WorkspaceMaintainer", "WorkspaceMember"])
        ),
        "alice now has WorkspaceMaintainer here, and still WorkspaceMember."
    );
    assert_eq!(
        change_words("alice", "WorkspaceAdmin", &act, &names(&["WorkspaceGuest"])),
        "alice was not made WorkspaceAdmin: alice is WorkspaceGuest here."
    );
    assert_eq!(
        change_words("alice", "WorkspaceMember", &ChangeStep::Gone, &[]),
        "alice is no longer a member here (removed since this page loaded): nothing was changed."
    );
    assert_eq!(
        change_words(
            "alice",
            "WorkspaceMember",
            &ChangeStep::Already,
            &names(&["WorkspaceMember"])
        ),
        "alice is WorkspaceMember here already (changed since this page loaded): nothing was sent."
    );
}

#[test]
fn a_stale_copy_is_said() {
    assert_eq!(
        stale_words(
            "alice",
            &names(&["WorkspaceMember"]),
            &names(&["WorkspaceMember"])
        ),
        None
    );
    assert_eq!(
        stale_words(
            "alice",
            &names(&["WorkspaceMember"]),
            &names(&["WorkspaceMaintainer", "WorkspaceMember"])
        )
        .as_deref(),
        Some("alice's roles had changed since this page loaded (they held WorkspaceMaintainer and WorkspaceMember).")
    );
    assert_eq!(
        stale_words("alice", &names(&["WorkspaceMember"]), &[]).as_deref(),
        Some("alice's roles had changed since this page loaded (they held no role here).")
    );
}

#[test]
fn adding_and_removing_say_what_holds() {
    assert_eq!(
        added_words("bob", "WorkspaceMember", &names(&["WorkspaceMember"])),
        "bob was given WorkspaceMember here."
    );
    assert_eq!(
        added_words(
            "bob",
            "WorkspaceMember",
            &names(&["WorkspaceGuest", "WorkspaceMember"])
        ),
        "bob was given WorkspaceMember here, and also holds WorkspaceGuest."
    );
    assert_eq!(
        added_words("bob", "WorkspaceMember", &[]),
        "bob did not get WorkspaceMember: bob is not a member here."
    );
    assert_eq!(
        removal_words("bob", false, &[]),
        "bob is no longer a member."
    );
    assert_eq!(
        removal_words("bob", true, &[]),
        "bob was no longer a member here (removed since this page loaded): nothing was sent."
    );
    assert_eq!(
        removal_words("bob", false, &names(&["WorkspaceGuest"])),
        "bob is still a member: bob is WorkspaceGuest here."
    );
}

#[test]
fn sharing_says_what_access_is_held() {
    let v = names(&["View"]);
    assert_eq!(
        share_words("bob", "View", &[], &v),
        "Shared with bob (View)."
    );
    assert_eq!(
        share_words("bob", "View", &v, &v),
        "bob had View already (given since this list loaded): nothing was sent."
    );
    assert_eq!(
        share_words("bob", "View", &names(&["Use"]), &names(&["Use", "View"])),
        "Shared with bob: they now have Use and View."
    );
    assert_eq!(
        share_words("bob", "View", &[], &[]),
        "Not shared: bob has no access to this session."
    );
    assert_eq!(unshare_words("bob", &v, &[]), "No longer shared with bob.");
    assert_eq!(
        unshare_words("bob", &[], &[]),
        "bob had no access any more (taken since this list loaded): nothing was sent."
    );
    assert_eq!(
        unshare_words("bob", &v, &names(&["Use"])),
        "bob still has access: Use."
    );
}

#[test]
fn a_sessions_access_by_role() {
    let mut u = member(vec![]);
    u.roles_with_context = vec![
        RoleAssignment {
            id: "1".into(),
            name: "WorkbenchViewer".into(),
            context: [("workbench".to_owned(), "5".to_owned())].into(),
        },
        RoleAssignment {
            id: "2".into(),
            name: "WorkbenchViewer".into(),
            context: [("workbench".to_owned(), "5".to_owned())].into(),
        },
        RoleAssignment {
            id: "3".into(),
            name: "WorkbenchAdmin".into(),
            context: [("workbench".to_owned(), "6".to_owned())].into(),
        },
    ];
    assert_eq!(session_roles(Some(&u), "5"), names(&["WorkbenchViewer"]));
    assert!(session_roles(None, "5").is_empty());
}
