use super::*;

fn row(id: &str, name: &str, owner: &str, status: &str, created: i64) -> Row {
    Row {
        id: id.into(),
        name: name.into(),
        owner: owner.into(),
        workspace: "Demo".into(),
        status: status.into(),
        attention: session_needs_attention(status),
        created_ms: Some(created),
        ..Row::default()
    }
}

fn rows() -> Vec<Row> {
    vec![
        row("1", "alpha", "Alice Anders", "Running", 30),
        row("2", "Beta", "Bob Berg", "Failed", 10),
        row("10", "gamma", "Alice Anders", "Did not start", 20),
        row("3", "delta", "user 9", "Stopped", 40),
    ]
}

fn names(rows: &[Row], at: &[usize]) -> Vec<String> {
    at.iter().map(|i| rows[*i].name.clone()).collect()
}

const BY_NAME: Sort = Sort::new(Column::Name, Direction::Ascending);

#[test]
fn the_search_finds_by_name_owner_workspace_and_status_words() {
    let r = rows();
    assert_eq!(names(&r, &shown(&r, "", false, BY_NAME, &[])).len(), 4);
    assert_eq!(
        names(&r, &shown(&r, "ALICE", false, BY_NAME, &[])),
        ["alpha", "gamma"]
    );
    assert_eq!(
        names(&r, &shown(&r, "failed", false, BY_NAME, &[])),
        ["Beta"]
    );
    assert_eq!(
        names(&r, &shown(&r, "did not", false, BY_NAME, &[])),
        ["gamma"]
    );
    assert_eq!(
        names(&r, &shown(&r, "demo user 9", false, BY_NAME, &[])),
        ["delta"]
    );
    assert!(shown(&r, "nobody", false, BY_NAME, &[]).is_empty());
    // Every word must be found.
    assert_eq!(
        names(&r, &shown(&r, "alice running", false, BY_NAME, &[])),
        ["alpha"]
    );
}

#[test]
fn needs_attention_keeps_failed_unknown_and_never_started() {
    let r = rows();
    assert_eq!(
        names(&r, &shown(&r, "", true, BY_NAME, &[])),
        ["Beta", "gamma"]
    );
    assert!(session_needs_attention("Unknown"));
    assert!(!session_needs_attention("Starting"));
    assert!(!session_needs_attention("Running"));
}

#[test]
fn a_heading_sorts_and_turns_round() {
    let r = rows();
    assert_eq!(
        names(&r, &shown(&r, "", false, BY_NAME, &[])),
        ["alpha", "Beta", "delta", "gamma"]
    );
    let s = BY_NAME.toggled(Column::Name);
    assert_eq!(s.direction, Direction::Descending);
    assert_eq!(
        names(&r, &shown(&r, "", false, s, &[])),
        ["gamma", "delta", "Beta", "alpha"]
    );
    let newest = s.toggled(Column::Created);
    assert_eq!(newest, Sort::new(Column::Created, Direction::Descending));
    assert_eq!(
        names(&r, &shown(&r, "", false, newest, &[])),
        ["delta", "alpha", "gamma", "Beta"]
    );
    // Status: problems first, then by words.
    let status = newest.toggled(Column::Status);
    assert_eq!(
        names(&r, &shown(&r, "", false, status, &[])),
        ["gamma", "Beta", "alpha", "delta"]
    );
    assert_eq!(status.aria(Column::Status), "ascending");
    assert_eq!(status.aria(Column::Name), "none");
    assert_eq!(
        status.toggled(Column::Status).aria(Column::Status),
        "descending"
    );
    let owner = status.toggled(Column::Owner);
    assert_eq!(
        names(&r, &shown(&r, "", false, owner, &[])),
        ["alpha", "gamma", "Beta", "delta"]
    );
}

#[test]
fn a_deleted_row_goes_and_the_count_follows() {
    let r = rows();
    let kept = shown(&r, "", false, BY_NAME, &["2".to_owned()]);
    assert_eq!(names(&r, &kept), ["alpha", "delta", "gamma"]);
    assert_eq!(count_words(kept.len(), 3, "sessions"), "3 sessions");
    assert_eq!(count_words(1, 3, "sessions"), "1 of 3 shown");
    assert_eq!(count_words(12, 3400, "sessions"), "12 of 3,400 shown");
    assert_eq!(count_words(0, 0, "workspaces"), "0 workspaces");
    assert_eq!(count_words(1, 1, "app instances"), "1 app instance");
}

#[test]
fn owners_by_name_or_their_id() {
    let names: HashMap<String, String> = [("2".to_owned(), "Alice Anders".to_owned())].into();
    assert_eq!(owner_name(&names, "2"), "Alice Anders");
    assert_eq!(owner_name(&names, "77"), "user 77");
    assert_eq!(owner_name(&names, ""), "unknown");
    assert_eq!(owner_name(&names, "0"), "unknown");
}

#[test]
fn statuses_in_words() {
    assert_eq!(workspace_status(WorkspaceStatus::Active), ("Active", false));
    assert_eq!(
        workspace_status(WorkspaceStatus::Inactive),
        ("Inactive", false)
    );
    assert_eq!(
        workspace_status(WorkspaceStatus::Unknown),
        ("Unknown", true)
    );
    let mut i = AppInstance {
        k8s_status: AppInstanceStatus::Running,
        k8s_state: DesiredState::Running,
        ..AppInstance::default()
    };
    assert_eq!(instance_status(&i), ("Running", false));
    i.k8s_state = DesiredState::Stopped;
    assert_eq!(instance_status(&i), ("Stopping", false));
    i.k8s_status = AppInstanceStatus::Progressing;
    i.k8s_state = DesiredState::Running;
    assert_eq!(instance_status(&i), ("Starting", false));
    i.k8s_status = AppInstanceStatus::Failed;
    assert_eq!(instance_status(&i), ("Failed", true));
    // CHORUS without its cluster: `k8sStatus` `Unknown`.
    i.k8s_status = AppInstanceStatus::from_wire("Unknown");
    assert_eq!(instance_status(&i), ("Unknown", true));
}

#[test]
fn what_a_delete_takes_with_it() {
    assert_eq!(
        workspace_goes(Some(3)),
        "Its 3 sessions and their apps go with it."
    );
    assert_eq!(
        workspace_goes(Some(1)),
        "Its session and that session's apps go with it."
    );
    assert_eq!(workspace_goes(Some(0)), "It has no sessions.");
    assert_eq!(
        workspace_goes(None),
        "Its sessions and their apps go with it."
    );
    assert_eq!(
        session_goes(Some(2)),
        "Its desktop stops and its 2 apps go with it."
    );
    assert_eq!(
        session_goes(Some(0)),
        "Its desktop stops; it has no apps open."
    );
    assert_eq!(
        instance_goes("Analysis"),
        "The app closes in the session Analysis; the session stays."
    );
}

#[test]
fn totals_leave_out_what_was_deleted_here() {
    let r = rows();
    assert_eq!(totals(&r, &[]), (4, 2));
    assert_eq!(totals(&r, &["2".to_owned()]), (3, 1));
}
