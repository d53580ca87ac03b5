use super::*;

fn app(id: &str, name: &str) -> App {
    App {
        id: id.into(),
        name: name.into(),
        ..Default::default()
    }
}

fn inst(id: &str, app_id: &str, name: &str, status: AppInstanceStatus) -> AppInstance {
    AppInstance {
        id: id.into(),
        workbench_id: "5".into(),
        workspace_id: "1".into(),
        app_id: app_id.into(),
        app_name: name.into(),
        k8s_status: status,
        ..Default::default()
    }
}

#[test]
fn statuses_parse() {
    assert_eq!(AppInstanceStatus::from_wire(""), AppInstanceStatus::Unknown);
    assert_eq!(
        AppInstanceStatus::from_wire("Running"),
        AppInstanceStatus::Running
    );
    assert_eq!(
        AppInstanceStatus::from_wire("KILLED"),
        AppInstanceStatus::Killed
    );
    assert_eq!(
        AppInstanceStatus::from_wire("Exploded"),
        AppInstanceStatus::Unknown
    );
    for s in [
        "Unknown",
        "Running",
        "Complete",
        "Progressing",
        "Failed",
        "Stopping",
        "Stopped",
        "Killing",
        "Killed",
    ] {
        assert_eq!(AppInstanceStatus::from_wire(s).as_str(), s);
    }
    assert_eq!(AppInstanceStatus::Progressing.label(), "Starting");
    assert_eq!(DesiredState::from_wire("Killed"), DesiredState::Killed);
    assert_eq!(DesiredState::from_wire(""), DesiredState::Unknown);
}

#[test]
fn tab_state_strings() {
    assert_eq!(TabState::PendingProvision.as_str(), "pending_provision");
    assert_eq!(
        TabState::PendingSessionCreate.as_str(),
        "pending_session_create"
    );
    assert_eq!(TabState::Ready.as_str(), "ready");
    assert_eq!(TabState::Error.as_str(), "error");
    assert!(TabState::PendingProvision.is_pending());
    assert!(!TabState::Ready.is_pending());
}

#[test]
fn derivation_per_api_md() {
    use AppInstanceStatus as S;
    use TabState::*;
    assert_eq!(derive_tab_state(false, None, false), PendingProvision);
    assert_eq!(
        derive_tab_state(false, Some(S::Progressing), false),
        PendingProvision
    );
    assert_eq!(
        derive_tab_state(false, Some(S::Running), false),
        PendingProvision
    );
    assert_eq!(derive_tab_state(true, None, false), PendingSessionCreate);
    assert_eq!(
        derive_tab_state(true, Some(S::Progressing), false),
        PendingSessionCreate
    );
    assert_eq!(
        derive_tab_state(true, Some(S::Unknown), false),
        PendingSessionCreate
    );
    assert_eq!(derive_tab_state(true, Some(S::Running), false), Ready);
    assert_eq!(derive_tab_state(true, Some(S::Failed), false), Error);
    assert_eq!(derive_tab_state(true, Some(S::Killed), false), Error);
    // precedence: a failed instance is an error even while the workbench is not running
    assert_eq!(derive_tab_state(false, Some(S::Failed), false), Error);
    assert_eq!(derive_tab_state(false, None, true), Error);
    assert_eq!(derive_tab_state(true, Some(S::Running), true), Error);
}

#[test]
fn open_and_create_flow() {
    let mut t = Tabs::for_workbench("5");
    let id = t.open(&app("1", "JupyterLab"));
    assert_eq!(id, "tab-1");
    assert_eq!(t.selected(), Some("tab-1"));
    assert_eq!(t.get(&id).unwrap().create_state, CreateState::InFlight);
    assert_eq!(t.tab_state(&id), Some(TabState::PendingProvision));
    assert_eq!(
        t.panel_message(&id).as_deref(),
        Some("Waiting for the session to start")
    );
    t.set_workbench_running(true);
    assert_eq!(t.tab_state(&id), Some(TabState::PendingSessionCreate));
    assert_eq!(
        t.panel_message(&id).as_deref(),
        Some("Starting JupyterLab…")
    );
    assert_eq!(
        t.create_succeeded(
            &id,
            &inst("77", "1", "JupyterLab", AppInstanceStatus::Progressing)
        ),
        None
    );
    let tab = t.get(&id).unwrap();
    assert_eq!(tab.server_id.as_deref(), Some("77"));
    assert_eq!(tab.create_state, CreateState::Created);
    assert_eq!(tab.client_id, "tab-1");
    let mut running = inst("77", "1", "JupyterLab", AppInstanceStatus::Running);
    running.k8s_message = Some("".into());
    assert!(t.update_instances(&[running.clone()]));
    assert!(!t.update_instances(&[running]));
    assert_eq!(t.tab_state(&id), Some(TabState::Ready));
    assert_eq!(t.panel_message(&id).as_deref(), Some("JupyterLab is ready"));
    assert_eq!(t.get(&id).unwrap().close_label(), "Close JupyterLab");
    assert_eq!(t.get(&id).unwrap().dom_id(), "app-tab-tab-1");
    assert_eq!(t.get(&id).unwrap().panel_dom_id(), "app-panel-tab-1");
}

#[test]
fn closed_while_in_flight_deletes_orphan() {
    let mut t = Tabs::new();
    let id = t.open(&app("1", "JupyterLab"));
    assert_eq!(t.close(&id), None);
    assert!(t.is_empty());
    assert_eq!(t.selected(), None);
    let reply = inst("9", "1", "JupyterLab", AppInstanceStatus::Progressing);
    assert_eq!(
        t.create_succeeded(&id, &reply),
        Some(TabCommand::DeleteOrphan("9".into()))
    );
    assert!(t.is_empty());
    assert!(t.is_deleting("9"));
    // a restore racing the delete does not resurrect it
    assert!(!t.restore(std::slice::from_ref(&reply)));
    assert!(t.is_empty());
    // only once
    assert_eq!(t.create_succeeded(&id, &reply), None);
    t.delete_finished("9");
    assert!(!t.is_deleting("9"));
    // unknown ids are ignored
    assert_eq!(t.create_succeeded("tab-99", &reply), None);
    assert_eq!(t.create_failed("tab-99", "x", false), None);
    // a new tab never reuses the id
    assert_eq!(t.open(&app("2", "VS Code")), "tab-2");
}

#[test]
fn closed_while_in_flight_then_failed() {
    let mut t = Tabs::new();
    let id = t.open(&app("1", "JupyterLab"));
    t.close(&id);
    assert_eq!(t.create_failed(&id, "boom", false), None);
    // the in-flight memory is gone: a late success is ignored
    assert_eq!(
        t.create_succeeded(&id, &inst("3", "1", "J", AppInstanceStatus::Running)),
        None
    );
}

#[test]
fn close_existing_deletes_and_moves_selection() {
    let mut t = Tabs::new();
    t.set_workbench_running(true);
    let a = t.open(&app("1", "JupyterLab"));
    let b = t.open(&app("2", "VS Code"));
    let c = t.open(&app("3", "RStudio"));
    t.create_succeeded(&b, &inst("20", "2", "VS Code", AppInstanceStatus::Running));
    t.select(&b);
    assert_eq!(t.close(&b), Some(TabCommand::DeleteInstance("20".into())));
    assert!(t.is_deleting("20"));
    assert_eq!(t.selected(), Some(c.as_str()));
    t.close(&c);
    assert_eq!(t.selected(), Some(a.as_str()));
    t.close(&a);
    assert_eq!(t.selected(), None);
    assert_eq!(t.close("tab-1"), None);
    // closing a non-selected tab keeps the selection
    let d = t.open(&app("1", "JupyterLab"));
    let e = t.open(&app("2", "VS Code"));
    t.close(&d);
    assert_eq!(t.selected(), Some(e.as_str()));
}

#[test]
fn refused_while_session_starts_then_resent() {
    let mut t = Tabs::new();
    let id = t.open(&app("1", "JupyterLab"));
    assert_eq!(t.create_failed(&id, "workbench not running", true), None);
    assert_eq!(
        t.get(&id).unwrap().create_state,
        CreateState::WaitingForSession
    );
    assert_eq!(t.tab_state(&id), Some(TabState::PendingProvision));
    assert_eq!(
        t.panel_message(&id).as_deref(),
        Some("Waiting for the session to start")
    );
    assert!(t.take_pending_creates_when_running().is_empty());
    assert!(t.set_workbench_running(true));
    assert!(!t.set_workbench_running(true));
    assert_eq!(t.take_pending_creates_when_running(), vec![id.clone()]);
    assert_eq!(t.get(&id).unwrap().create_state, CreateState::InFlight);
    assert!(t.take_pending_creates_when_running().is_empty());
    // refused again while running: resent at once, twice, then error
    let resend = Some(TabCommand::SendCreate {
        client_id: id.clone(),
        app_id: "1".into(),
    });
    assert_eq!(t.create_failed(&id, "not running", true), resend);
    assert_eq!(t.create_failed(&id, "not running", true), resend);
    assert_eq!(t.create_failed(&id, "not running", true), None);
    assert_eq!(t.tab_state(&id), Some(TabState::Error));
    assert_eq!(
        t.panel_message(&id).as_deref(),
        Some("Could not open JupyterLab: not running")
    );
}

#[test]
fn failed_create_and_retry() {
    let mut t = Tabs::new();
    t.set_workbench_running(true);
    let id = t.open(&app("4", "Legacy Viewer"));
    t.create_failed(&id, "<script>alert(1)</script>", false);
    assert_eq!(t.tab_state(&id), Some(TabState::Error));
    assert_eq!(
        t.get(&id).unwrap().error_reason().as_deref(),
        Some("Could not open Legacy Viewer: <script>alert(1)</script>")
    );
    assert_eq!(
        t.retry(&id),
        vec![TabCommand::SendCreate {
            client_id: id.clone(),
            app_id: "4".into()
        }]
    );
    assert_eq!(t.get(&id).unwrap().create_state, CreateState::InFlight);
    // retry on a non-error tab does nothing
    assert!(t.retry(&id).is_empty());
    assert!(t.retry("nope").is_empty());
    // instance fails
    let mut failed = inst("40", "4", "Legacy Viewer", AppInstanceStatus::Failed);
    failed.k8s_message = Some("image legacy:0.1 cannot start".into());
    t.create_succeeded(&id, &failed);
    assert_eq!(t.tab_state(&id), Some(TabState::Error));
    assert_eq!(
        t.panel_message(&id).as_deref(),
        Some("Legacy Viewer failed to start: image legacy:0.1 cannot start")
    );
    assert_eq!(
        t.retry(&id),
        vec![
            TabCommand::DeleteInstance("40".into()),
            TabCommand::SendCreate {
                client_id: id.clone(),
                app_id: "4".into()
            }
        ]
    );
    let tab = t.get(&id).unwrap();
    assert_eq!(tab.server_id, None);
    assert_eq!(tab.instance_status, AppInstanceStatus::Unknown);
    assert_eq!(tab.message, None);
    assert_eq!(t.tab_state(&id), Some(TabState::PendingSessionCreate));
}

#[test]
fn failed_instance_is_error_even_without_running_workbench() {
    let mut t = Tabs::new();
    t.restore(&[inst("1", "4", "Legacy Viewer", AppInstanceStatus::Failed)]);
    let id = t.tabs()[0].client_id.clone();
    assert_eq!(t.tab_state(&id), Some(TabState::Error));
    assert_eq!(
        t.panel_message(&id).as_deref(),
        Some("Legacy Viewer failed to start")
    );
}

#[test]
fn restore_on_reload() {
    let mut t = Tabs::for_workbench("5");
    let mut a = inst("12", "2", "VS Code", AppInstanceStatus::Running);
    a.created_at = Some("2025-11-15T12:00:05Z".into());
    let mut b = inst("11", "1", "JupyterLab", AppInstanceStatus::Progressing);
    b.created_at = Some("2025-11-15T12:00:00Z".into());
    let mut killing = inst("13", "3", "RStudio", AppInstanceStatus::Running);
    killing.k8s_state = DesiredState::Killed;
    let mut deleted = inst("14", "3", "RStudio", AppInstanceStatus::Stopped);
    deleted.status = Some("deleted".into());
    let mut other = inst("15", "3", "RStudio", AppInstanceStatus::Running);
    other.workbench_id = "6".into();
    let no_id = inst("", "3", "RStudio", AppInstanceStatus::Running);
    let list = vec![a, b, killing, deleted, other, no_id];
    assert!(t.restore(&list));
    let ids: Vec<_> = t
        .tabs()
        .iter()
        .map(|x| x.server_id.clone().unwrap())
        .collect();
    assert_eq!(ids, ["11", "12"]);
    assert_eq!(t.selected(), Some("tab-1"));
    assert_eq!(t.tabs()[0].create_state, CreateState::Created);
    // idempotent
    assert!(!t.restore(&list));
    assert_eq!(t.len(), 2);
    t.set_workbench_running(true);
    assert_eq!(t.tab_state("tab-2"), Some(TabState::Ready));
    assert_eq!(t.tab_state("tab-1"), Some(TabState::PendingSessionCreate));
    // foreign instance updates are ignored
    let mut foreign = inst("11", "1", "JupyterLab", AppInstanceStatus::Running);
    foreign.workbench_id = "6".into();
    assert!(!t.update_instance(&foreign));
    foreign.workbench_id = "5".into();
    assert!(t.update_instance(&foreign));
}

#[test]
fn a_reload_right_after_a_close_does_not_bring_the_app_back() {
    // CHORUS's list, from its one-second cache, still holds the instance this tab closed just
    // before the reload (domain::tabs::closed keeps its id across the reload).
    let mut t = Tabs::for_workbench("5");
    let closed_at = 1_000;
    let raw = super::closed::closed("", "12", closed_at);
    t.skip_closed(super::closed::recently_closed(&raw, closed_at + 400));
    let list = vec![
        inst("12", "2", "VS Code", AppInstanceStatus::Running),
        inst("11", "1", "JupyterLab", AppInstanceStatus::Running),
    ];
    assert!(t.restore(&list));
    let ids: Vec<_> = t
        .tabs()
        .iter()
        .filter_map(|x| x.server_id.clone())
        .collect();
    assert_eq!(ids, ["11"]);
    // The ids given replace the last ones: a later restore with none skipped restores it.
    t.skip_closed(Vec::new());
    assert!(t.restore(&list));
    assert_eq!(t.len(), 2);
    // Past the time kept, an instance still listed is restored (its close did not happen).
    let mut later = Tabs::for_workbench("5");
    later.skip_closed(super::closed::recently_closed(
        &raw,
        closed_at + super::closed::CLOSED_KEPT_MS,
    ));
    later.restore(&list);
    assert_eq!(later.len(), 2);
}

#[test]
fn restore_racing_create_is_merged() {
    let mut t = Tabs::new();
    t.set_workbench_running(true);
    let id = t.open(&app("1", "JupyterLab"));
    let i = inst("30", "1", "JupyterLab", AppInstanceStatus::Progressing);
    t.restore(std::slice::from_ref(&i));
    assert_eq!(t.len(), 2);
    let dup = t.tabs()[1].client_id.clone();
    t.select(&dup);
    t.create_succeeded(&id, &i);
    assert_eq!(t.len(), 1);
    assert_eq!(t.selected(), Some(id.as_str()));
    assert_eq!(t.tabs()[0].server_id.as_deref(), Some("30"));
}

#[test]
fn create_reply_without_id_is_an_error() {
    let mut t = Tabs::new();
    let id = t.open(&app("1", "JupyterLab"));
    t.create_succeeded(&id, &AppInstance::default());
    assert_eq!(t.tab_state(&id), Some(TabState::Error));
}

#[test]
fn gone_instance_and_panel_sentences() {
    let mut t = Tabs::new();
    t.set_workbench_running(true);
    t.restore(&[
        inst("1", "1", "", AppInstanceStatus::Stopping),
        inst("2", "2", "VS Code", AppInstanceStatus::Stopped),
        inst("3", "3", "RStudio", AppInstanceStatus::Killed),
    ]);
    assert_eq!(
        t.panel_message("tab-1").as_deref(),
        Some("the app is stopping…")
    );
    assert!(t.fill_app_names(&[app("1", "JupyterLab")]));
    assert!(!t.fill_app_names(&[app("1", "JupyterLab")]));
    assert_eq!(
        t.panel_message("tab-1").as_deref(),
        Some("JupyterLab is stopping…")
    );
    assert_eq!(
        t.panel_message("tab-2").as_deref(),
        Some("VS Code has stopped")
    );
    assert_eq!(t.tab_state("tab-2"), Some(TabState::PendingSessionCreate));
    assert_eq!(
        t.panel_message("tab-3").as_deref(),
        Some("RStudio was stopped by the system")
    );
    assert!(t.mark_instance_gone("2"));
    assert!(!t.mark_instance_gone("99"));
    assert_eq!(t.tab_state("tab-2"), Some(TabState::Error));
    assert_eq!(
        t.panel_message("tab-2").as_deref(),
        Some("VS Code was stopped: the app instance no longer exists")
    );
}

#[test]
fn selection() {
    let mut t = Tabs::new();
    let a = t.open(&app("1", "A"));
    t.open(&app("2", "B"));
    let c = t.open(&app("3", "C"));
    assert_eq!(t.selected(), Some(c.as_str()));
    assert!(!t.select("tab-99"));
    assert_eq!(t.selected(), Some(c.as_str()));
    assert!(t.select(&a));
    assert_eq!(t.selected(), Some(a.as_str()));
}

#[test]
fn vanished_only_from_complete_lists() {
    let known = vec!["1".to_string(), "2".to_string(), String::new()];
    let list = [inst("2", "1", "J", AppInstanceStatus::Running)];
    assert_eq!(vanished(&known, &list, true), vec!["1".to_string()]);
    assert!(vanished(&known, &list, false).is_empty());
    assert!(vanished(&[], &list, true).is_empty());
}

#[test]
fn timeout_sentences() {
    assert_eq!(
        timeout_message("JupyterLab", 300_000, AppInstanceStatus::Progressing),
        "JupyterLab did not start within 5 min. Last status seen: Starting."
    );
    assert_eq!(
        timeout_message("", 65_000, AppInstanceStatus::Unknown),
        "The app did not start within 1 min 5 s. No status was received."
    );
}

#[test]
fn waits_follow_the_model() {
    let mut tabs = Tabs::for_workbench("5");
    let mut w = TabWaits::new();
    let id = tabs.open(&app("1", "JupyterLab"));
    assert!(w.sync(&tabs, 1_000));
    assert!(!w.sync(&tabs, 2_000));
    assert_eq!(w.waited_ms(&id, 4_000), Some(3_000));
    // waiting for the session: no deadline, no polling
    assert!(!w.expire(1_000_000, 10_000));
    assert!(!w.wants_polling(&tabs));
    // the session runs: the deadline starts
    tabs.set_workbench_running(true);
    assert!(w.sync(&tabs, 5_000));
    assert!(!w.wants_polling(&tabs)); // no instance yet
    tabs.create_succeeded(
        &id,
        &inst("9", "1", "JupyterLab", AppInstanceStatus::Progressing),
    );
    assert!(w.wants_polling(&tabs));
    assert_eq!(w.polled_instances(&tabs), vec!["9".to_string()]);
    assert!(!w.expire(14_999, 10_000));
    assert!(w.expire(15_000, 10_000));
    assert!(!w.expire(16_000, 10_000));
    assert_eq!(w.timed_out(&id), Some(10_000));
    assert!(!w.wants_polling(&tabs));
    let tab = tabs.get(&id).unwrap().clone();
    assert_eq!(w.view_state(&tab, true), TabState::Error);
    assert_eq!(
        w.panel_message(&tab, true),
        "JupyterLab did not start within 10 s. Last status seen: Starting."
    );
    // still waiting in the model: sync keeps the timeout
    assert!(!w.sync(&tabs, 17_000));
    assert_eq!(w.timed_out(&id), Some(10_000));
    // retry: fresh clock and deadline
    assert!(w.restart(&id, 20_000));
    assert!(!w.restart(&id, 20_000));
    assert!(w.wants_polling(&tabs));
    assert_eq!(w.waited_ms(&id, 21_000), Some(1_000));
    assert!(!w.expire(29_999, 10_000));
    assert!(w.expire(30_000, 10_000));
    // ready: forgotten
    tabs.update_instances(&[inst("9", "1", "JupyterLab", AppInstanceStatus::Running)]);
    assert!(w.sync(&tabs, 31_000));
    assert_eq!(w.timed_out(&id), None);
    assert_eq!(w.waited_ms(&id, 31_000), None);
    assert_eq!(w.view_state(tabs.get(&id).unwrap(), true), TabState::Ready);
    // closed: forgotten
    let other = tabs.open(&app("2", "VS Code"));
    w.sync(&tabs, 32_000);
    assert!(w.waited_ms(&other, 32_000).is_some());
    tabs.close(&other);
    assert!(w.sync(&tabs, 33_000));
    assert_eq!(w.waited_ms(&other, 33_000), None);
}

#[test]
fn waits_of_error_tabs_and_stopped_sessions() {
    let mut tabs = Tabs::new();
    tabs.set_workbench_running(true);
    let mut w = TabWaits::new();
    let id = tabs.open(&app("4", "Legacy Viewer"));
    w.sync(&tabs, 0);
    tabs.create_failed(&id, "boom", false);
    assert!(w.sync(&tabs, 1));
    assert_eq!(w.waited_ms(&id, 2), None);
    let tab = tabs.get(&id).unwrap().clone();
    assert_eq!(w.view_state(&tab, true), TabState::Error);
    assert_eq!(
        w.panel_message(&tab, true),
        "Could not open Legacy Viewer: boom"
    );
    // a session that is not running: nothing is polled
    let mut t2 = Tabs::new();
    t2.restore(&[inst("1", "1", "J", AppInstanceStatus::Progressing)]);
    assert!(w.polled_instances(&t2).is_empty());
}

#[test]
fn tab_info_and_selection() {
    let mut tabs = Tabs::for_workbench("5");
    let w = TabWaits::new();
    let a = tabs.open(&app("1", "JupyterLab"));
    let b = tabs.open(&app("1", "JupyterLab"));
    let c = tabs.open(&app("3", ""));
    let ia = tab_info(&tabs, &w, &a).unwrap();
    assert_eq!(ia.index, 0);
    assert_eq!(ia.state, TabState::PendingProvision);
    assert_eq!(ia.message, "Waiting for the session to start");
    assert_eq!(ia.panel, PanelKind::Waiting);
    assert_eq!(ia.dom_id, "app-tab-tab-1");
    assert_eq!(ia.panel_dom_id, "app-panel-tab-1");
    assert_eq!(ia.close_label, "Close JupyterLab");
    assert_eq!(ia.frame_title, "JupyterLab");
    assert_eq!(
        tab_info(&tabs, &w, &b).unwrap().frame_title,
        "JupyterLab (2)"
    );
    assert_eq!(tab_info(&tabs, &w, &c).unwrap().label, "App");
    assert!(tab_info(&tabs, &w, "tab-99").is_none());
    tabs.set_workbench_running(true);
    tabs.create_succeeded(
        &a,
        &inst("9", "1", "JupyterLab", AppInstanceStatus::Running),
    );
    let ia = tab_info(&tabs, &w, &a).unwrap();
    assert_eq!(ia.state, TabState::Ready);
    assert_eq!(
        ia.panel,
        PanelKind::Ready {
            server_id: "9".into()
        }
    );
    tabs.create_failed(&b, "boom", false);
    assert_eq!(tab_info(&tabs, &w, &b).unwrap().panel, PanelKind::Error);
    // selection: Desktop when chosen or when no app tab is selected
    assert_eq!(strip_selection(true, &tabs), None);
    assert_eq!(strip_selection(false, &tabs), Some(c.clone()));
    let mut empty = Tabs::new();
    assert_eq!(strip_selection(false, &empty), None);
    let only = empty.open(&app("1", "J"));
    empty.close(&only);
    assert_eq!(strip_selection(false, &empty), None);
}

#[test]
fn keyboard_moves() {
    assert_eq!(StripMove::from_key("ArrowRight"), Some(StripMove::Next));
    assert_eq!(StripMove::from_key("ArrowLeft"), Some(StripMove::Prev));
    assert_eq!(StripMove::from_key("Home"), Some(StripMove::First));
    assert_eq!(StripMove::from_key("End"), Some(StripMove::Last));
    assert_eq!(StripMove::from_key("ArrowDown"), None);
    assert_eq!(move_index(3, 0, StripMove::Next), Some(1));
    assert_eq!(move_index(3, 2, StripMove::Next), Some(0));
    assert_eq!(move_index(3, 0, StripMove::Prev), Some(2));
    assert_eq!(move_index(3, 1, StripMove::First), Some(0));
    assert_eq!(move_index(3, 1, StripMove::Last), Some(2));
    assert_eq!(move_index(1, 0, StripMove::Next), Some(0));
    assert_eq!(move_index(3, 9, StripMove::Prev), Some(1));
    assert_eq!(move_index(0, 0, StripMove::Next), None);
}

#[test]
fn a_vanished_instance_tells_why_when_its_record_says_it_failed() {
    let mut t = Tabs::for_workbench("5");
    t.set_workbench_running(true);
    t.restore(&[
        inst("11", "4", "Legacy Viewer", AppInstanceStatus::Progressing),
        inst("12", "1", "JupyterLab", AppInstanceStatus::Progressing),
    ]);
    // CHORUS: failed → record deleted, out of the list; GET by id still answers.
    let mut failed = inst("11", "4", "Legacy Viewer", AppInstanceStatus::Failed);
    failed.status = Some("deleted".into());
    failed.k8s_message = Some("image could not start".into());
    assert!(t.instance_vanished("11", Some(&failed)));
    assert_eq!(t.tab_state("tab-1"), Some(TabState::Error));
    assert_eq!(
        t.tabs()[0].message.as_deref(),
        Some("image could not start")
    );
    // nothing answered (404): gone
    assert!(t.instance_vanished("12", None));
    assert_eq!(t.tab_state("tab-2"), Some(TabState::Error));
    assert_eq!(
        t.tabs()[1].message.as_deref(),
        Some("the app instance no longer exists")
    );
    // another instance's record does not count for this one
    let mut t2 = Tabs::for_workbench("5");
    t2.restore(&[inst(
        "11",
        "4",
        "Legacy Viewer",
        AppInstanceStatus::Progressing,
    )]);
    let other = inst("99", "4", "Legacy Viewer", AppInstanceStatus::Failed);
    assert!(t2.instance_vanished("11", Some(&other)));
    assert_eq!(
        t2.tabs()[0].message.as_deref(),
        Some("the app instance no longer exists")
    );
}

#[test]
fn an_instance_missing_from_a_cached_list_but_still_there_is_followed_not_gone() {
    let mut t = Tabs::for_workbench("5");
    t.set_workbench_running(true);
    t.restore(&[
        inst("11", "1", "JupyterLab", AppInstanceStatus::Progressing),
        inst("12", "1", "JupyterLab", AppInstanceStatus::Progressing),
        inst("13", "1", "JupyterLab", AppInstanceStatus::Progressing),
    ]);
    // CHORUS answered a list from before the instance was made; by id it is there, running.
    let running = inst("11", "1", "JupyterLab", AppInstanceStatus::Running);
    assert!(t.instance_vanished("11", Some(&running)));
    assert_ne!(t.tab_state("tab-1"), Some(TabState::Error));
    assert_eq!(t.tabs()[0].message, None);
    assert_eq!(t.tabs()[0].instance_status, AppInstanceStatus::Running);
    // Still starting: it stays pending.
    let starting = inst("12", "1", "JupyterLab", AppInstanceStatus::Progressing);
    t.instance_vanished("12", Some(&starting));
    assert_ne!(t.tab_state("tab-2"), Some(TabState::Error));
    // On its way out (record `deleted`, not a failure): gone.
    let mut deleted = inst("13", "1", "JupyterLab", AppInstanceStatus::Killing);
    deleted.status = Some("deleted".into());
    assert!(t.instance_vanished("13", Some(&deleted)));
    assert_eq!(t.tab_state("tab-3"), Some(TabState::Error));
    assert_eq!(
        t.tabs()[2].message.as_deref(),
        Some("the app instance no longer exists")
    );
}
