use std::collections::{BTreeMap, HashMap};

use super::*;
use crate::domain::workspace::Workspace;

fn names() -> HashMap<String, String> {
    HashMap::from([
        ("1".to_string(), "Demo".to_string()),
        ("2".to_string(), "Genomics".to_string()),
        ("9".to_string(), "   ".to_string()),
    ])
}

fn build(id: &str, project: &str, status: BuildStatus) -> BuildJob {
    BuildJob {
        id: id.into(),
        project_id: project.into(),
        status,
        ..Default::default()
    }
}

fn run(id: &str, project: &str, status: RunStatus) -> RunJob {
    RunJob {
        id: id.into(),
        project_id: project.into(),
        status,
        ..Default::default()
    }
}

#[test]
fn statuses_parse_tolerantly() {
    assert_eq!(BuildStatus::from_wire("running"), BuildStatus::Running);
    assert_eq!(BuildStatus::from_wire(" Pending "), BuildStatus::Pending);
    assert_eq!(BuildStatus::from_wire(""), BuildStatus::Unknown);
    assert_eq!(BuildStatus::from_wire("exploded"), BuildStatus::Unknown);
    assert_eq!(RunStatus::from_wire("STOPPING"), RunStatus::Stopping);
    assert_eq!(RunStatus::from_wire("<script>"), RunStatus::Unknown);
    for s in ["pending", "running", "succeeded", "failed"] {
        assert_eq!(BuildStatus::from_wire(s).as_str(), s);
    }
    for s in [
        "pending",
        "running",
        "stopping",
        "stopped",
        "succeeded",
        "failed",
    ] {
        assert_eq!(RunStatus::from_wire(s).as_str(), s);
    }
}

#[test]
fn only_pending_and_running_runs_can_be_stopped() {
    assert!(!RunStatus::Stopping.is_stoppable());
}

#[test]
fn labels_exactly_per_ui_md() {
    let n = names();
    assert_eq!(
        build_label(&build("5", "1", BuildStatus::Running), &n).as_deref(),
        Some("Building (Demo)")
    );
    assert_eq!(
        build_label(&build("5", "1", BuildStatus::Pending), &n).as_deref(),
        Some("Build queued\u{2026}")
    );
    assert_eq!(
        build_label(&build("5", "1", BuildStatus::Succeeded), &n),
        None
    );
    assert_eq!(
        run_label(&run("5", "2", RunStatus::Running), &n).as_deref(),
        Some("Server running (Genomics)")
    );
    assert_eq!(
        run_label(&run("5", "2", RunStatus::Pending), &n).as_deref(),
        Some("Starting server…")
    );
    assert_eq!(
        run_label(&run("5", "2", RunStatus::Stopping), &n).as_deref(),
        Some("Stopping server…")
    );
    assert_eq!(run_label(&run("5", "2", RunStatus::Stopped), &n), None);
    assert_eq!(run_label(&run("5", "2", RunStatus::Unknown), &n), None);
}

#[test]
fn workspace_falls_back_to_id() {
    let n = names();
    assert_eq!(
        build_label(&build("5", "42", BuildStatus::Running), &n).as_deref(),
        Some("Building (42)")
    );
    // blank name → id
    assert_eq!(
        build_label(&build("5", "9", BuildStatus::Running), &n).as_deref(),
        Some("Building (9)")
    );
    assert_eq!(
        build_label(&build("5", "", BuildStatus::Running), &()).as_deref(),
        Some("Building (unknown workspace)")
    );
    // closures and dyn Fn
    let f = |id: &str| (id == "3").then(|| "Imaging Lab".to_string());
    assert_eq!(
        run_label(&run("1", "3", RunStatus::Running), &f).as_deref(),
        Some("Server running (Imaging Lab)")
    );
    let d: &dyn Fn(&str) -> Option<String> = &f;
    assert_eq!(workspace_display("3", d), "Imaging Lab");
    let bt: BTreeMap<String, String> = BTreeMap::from([("1".into(), "Demo".into())]);
    assert_eq!(workspace_display("1", &bt), "Demo");
}

#[test]
fn hostile_names_kept_verbatim() {
    let n = HashMap::from([("1".to_string(), "<script>alert(1)</script>".to_string())]);
    assert_eq!(
        build_label(&build("5", "1", BuildStatus::Running), &n).as_deref(),
        Some("Building (<script>alert(1)</script>)")
    );
}

#[test]
fn idle_state() {
    let s = ActivityState::new();
    assert_eq!(s.indicator_text(), "Idle");
    assert_eq!(s.aria_label(), "No actions in progress");
    assert_eq!(s.active_count(), 0);
    assert_eq!(s.extra_count(), 0);
    assert_eq!(s.badge_text(), None);
    assert!(s.latest().is_none());
    assert!(!s.is_busy());
    assert!(s.entries().is_empty());
}

#[test]
fn register_is_idempotent_and_keeps_position() {
    let mut s = ActivityState::new();
    assert!(s.register_backend_job("build:1", "Build queued…", 100.0));
    assert!(s.register_backend_job("run:7", "Starting server…", 200.0));
    assert_eq!(s.latest().unwrap().key, "run:7");
    // same key again, new label: updated, same start and seq, still not the latest
    assert!(s.register_backend_job("build:1", "Building (Demo)", 300.0));
    assert!(!s.register_backend_job("build:1", "Building (Demo)", 400.0));
    let e = s.get("build:1").unwrap();
    assert_eq!(e.label, "Building (Demo)");
    assert_eq!(e.started_at, 100.0);
    assert_eq!(e.seq, 0);
    assert_eq!(e.kind, ActivityKind::Build);
    assert_eq!(e.link.as_deref(), Some("/activity"));
    assert_eq!(s.active_count(), 2);
    assert_eq!(s.latest().unwrap().key, "run:7");
    assert_eq!(s.indicator_text(), "Starting server…");
    assert_eq!(s.extra_count(), 1);
    assert_eq!(s.badge_text().as_deref(), Some("+1"));
    assert_eq!(
        s.aria_label(),
        "2 actions in progress. Latest: Starting server…"
    );
    assert!(s.complete_backend_job("run:7"));
    assert!(!s.complete_backend_job("run:7"));
    assert_eq!(
        s.aria_label(),
        "1 action in progress. Latest: Building (Demo)"
    );
    assert_eq!(s.indicator_text(), "Building (Demo)");
    assert_eq!(s.badge_text(), None);
    assert_eq!(ActivityKind::from_key("deploy:1"), ActivityKind::Other);
    s.register_backend_job("deploy:1", "Deploying…", 1.0);
    assert_eq!(s.get("deploy:1").unwrap().link, None);
}

#[test]
fn requests_merge_with_jobs() {
    let mut s = ActivityState::new();
    let r = s.start_request("Triggering build", 1000.0);
    assert_eq!(s.indicator_text(), "Triggering build");
    assert_eq!(s.get(&r.key()).unwrap().kind, ActivityKind::Request);
    assert_eq!(s.get(&r.key()).unwrap().link, None);
    s.apply_build_update(&build("3", "1", BuildStatus::Pending), &names(), 1100.0);
    assert_eq!(s.indicator_text(), "Build queued…");
    assert_eq!(
        s.aria_label(),
        "2 actions in progress. Latest: Build queued…"
    );
    assert!(s.finish_request(r));
    assert!(!s.finish_request(r));
    assert_eq!(
        s.aria_label(),
        "1 action in progress. Latest: Build queued…"
    );
    let r2 = s.start_request("Starting session…", 1200.0);
    assert_ne!(r, r2);
    assert!(s.clear_backend_jobs());
    assert_eq!(s.active_count(), 1);
    assert_eq!(s.indicator_text(), "Starting session…");
    assert!(s.clear());
    assert!(!s.clear());
    assert_eq!(s.indicator_text(), "Idle");
}

#[test]
fn entries_ordered_by_start_then_seq() {
    let mut s = ActivityState::new();
    s.register_backend_job("b", "B", 500.0);
    s.register_backend_job("a", "A", 100.0);
    s.register_backend_job("c", "C", 500.0);
    s.register_backend_job("nan", "N", f64::NAN);
    let keys: Vec<&str> = s.entries().iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["nan", "a", "b", "c"]);
    // latest is by registration, not start time
    assert_eq!(s.latest().unwrap().key, "nan");
}

#[test]
fn apply_builds_registers_and_completes() {
    let n = names();
    let mut s = ActivityState::new();
    let list = vec![
        build("1", "1", BuildStatus::Succeeded),
        build("2", "1", BuildStatus::Running),
        build("3", "2", BuildStatus::Pending),
        build("", "2", BuildStatus::Pending),
    ];
    assert!(s.apply_builds(&list, &n, 10.0));
    assert_eq!(s.active_count(), 2);
    assert!(s.contains("build:2") && s.contains("build:3"));
    assert!(!s.contains("build:1"));
    // a run and a request are untouched by builds syncs
    s.apply_run_update(&run("8", "1", RunStatus::Running), &n, 11.0);
    let req = s.start_request("Saving", 12.0);
    // same reply: nothing changes
    assert!(!s.apply_builds(&list, &n, 20.0));
    // build 3 starts running (label changes), build 2 vanished
    let list2 = vec![build("3", "2", BuildStatus::Running)];
    assert!(s.apply_builds(&list2, &n, 30.0));
    assert!(!s.contains("build:2"));
    assert_eq!(s.get("build:3").unwrap().label, "Building (Genomics)");
    assert_eq!(s.get("build:3").unwrap().started_at, 10.0);
    assert!(s.contains("run:8"));
    assert!(s.contains(&req.key()));
    // finished
    assert!(s.apply_builds(&[build("3", "2", BuildStatus::Failed)], &n, 40.0));
    assert!(!s.contains("build:3"));
    assert_eq!(s.active_count(), 2);
    // a single finished build update completes it
    s.apply_build_update(&build("4", "1", BuildStatus::Running), &n, 50.0);
    assert!(s.apply_build_update(&build("4", "1", BuildStatus::Succeeded), &n, 51.0));
    assert!(!s.contains("build:4"));
    assert!(!s.apply_build_update(&build("", "1", BuildStatus::Running), &n, 51.0));
}

#[test]
fn apply_builds_latest_is_most_recently_created() {
    let mut s = ActivityState::new();
    let mut a = build("10", "1", BuildStatus::Running);
    a.created_at = Some("2025-11-15T12:00:05Z".into());
    let mut b = build("9", "2", BuildStatus::Running);
    b.created_at = Some("2025-11-15T12:00:00Z".into());
    let c = build("2", "2", BuildStatus::Pending); // no created_at: oldest
    s.apply_builds(&[a, b, c], &names(), 0.0);
    assert_eq!(s.indicator_text(), "Building (Demo)");
    assert_eq!(
        s.aria_label(),
        "3 actions in progress. Latest: Building (Demo)"
    );
    assert_eq!(s.extra_count(), 2);
}

#[test]
fn run_init_replaces_runs() {
    let n = names();
    let mut s = ActivityState::new();
    s.apply_run_update(&run("1", "1", RunStatus::Pending), &n, 0.0);
    s.apply_run_update(&run("2", "1", RunStatus::Running), &n, 1.0);
    s.apply_build_update(&build("5", "1", BuildStatus::Running), &n, 2.0);
    assert_eq!(s.active_count(), 3);
    // reconnect: run 1 is now running, run 2 is gone, run 3 is stopping, run 4 stopped
    let init = vec![
        run("1", "1", RunStatus::Running),
        run("3", "2", RunStatus::Stopping),
        run("4", "2", RunStatus::Stopped),
    ];
    assert!(s.apply_run_init(&init, &n, 10.0));
    assert!(!s.contains("run:2"));
    assert!(!s.contains("run:4"));
    assert_eq!(s.get("run:1").unwrap().label, "Server running (Demo)");
    assert_eq!(s.get("run:1").unwrap().started_at, 0.0);
    assert_eq!(s.get("run:3").unwrap().label, "Stopping server…");
    assert!(s.contains("build:5"));
    assert!(!s.apply_run_init(&init, &n, 20.0));
    // empty init clears all runs
    assert!(s.apply_run_init(&[], &n, 30.0));
    assert_eq!(s.active_count(), 1);
    assert_eq!(s.latest().unwrap().key, "build:5");
}

#[test]
fn run_update_lifecycle() {
    let n = names();
    let mut s = ActivityState::new();
    let mut r = run("7", "2", RunStatus::Pending);
    s.apply_run_update(&r, &n, 0.0);
    assert_eq!(s.indicator_text(), "Starting server…");
    r.status = RunStatus::Running;
    s.apply_run_update(&r, &n, 1.0);
    assert_eq!(s.indicator_text(), "Server running (Genomics)");
    r.status = RunStatus::Stopping;
    s.apply_run_update(&r, &n, 2.0);
    assert_eq!(s.indicator_text(), "Stopping server…");
    r.status = RunStatus::Stopped;
    assert!(s.apply_run_update(&r, &n, 3.0));
    assert_eq!(s.indicator_text(), "Idle");
    r.status = RunStatus::Unknown;
    assert!(!s.apply_run_update(&r, &n, 4.0));
}

#[test]
fn many_jobs_stay_fast_and_correct() {
    let n = names();
    let mut s = ActivityState::new();
    let builds: Vec<BuildJob> = (0..2000)
        .map(|i| build(&i.to_string(), "1", BuildStatus::Running))
        .collect();
    let runs: Vec<RunJob> = (0..2000)
        .map(|i| run(&i.to_string(), "2", RunStatus::Running))
        .collect();
    for round in 0..20 {
        s.apply_builds(&builds, &n, f64::from(round));
        s.apply_run_init(&runs, &n, f64::from(round));
    }
    assert_eq!(s.active_count(), 4000);
    assert_eq!(s.extra_count(), 3999);
    // numeric id order within one reply: run 1999 registered last
    assert_eq!(s.latest().unwrap().key, "run:1999");
    assert_eq!(s.entries().len(), 4000);
    s.apply_builds(&builds[..10], &n, 100.0);
    assert_eq!(s.active_count(), 2010);
}

#[test]
fn reconnect_backoff() {
    assert_eq!(sse_reconnect_delay_ms(0, 0.0), 1000);
    assert_eq!(sse_reconnect_delay_ms(0, 0.99), 1000);
    assert_eq!(sse_reconnect_delay_ms(1, 0.0), 1000);
    assert_eq!(sse_reconnect_delay_ms(1, 1.0), 2000);
    assert_eq!(sse_reconnect_delay_ms(2, 0.5), 3000);
    assert_eq!(sse_reconnect_delay_ms(5, 0.0), 15000);
    assert_eq!(sse_reconnect_delay_ms(5, 1.0), 30000);
    assert_eq!(sse_reconnect_delay_ms(u32::MAX, 1.0), 30000);
    assert_eq!(sse_reconnect_delay_ms(u32::MAX, f64::NAN), 15000);
    assert_eq!(sse_reconnect_delay_ms(3, -5.0), 4000);
    assert_eq!(sse_reconnect_delay_ms(3, f64::INFINITY), 8000);
    let mut prev = 0;
    for a in 0..40 {
        for r in [0.0, 0.3, 0.7, 0.999] {
            let d = sse_reconnect_delay_ms(a, r);
            assert!((1000..=30000).contains(&d));
        }
        let hi = sse_reconnect_delay_ms(a, 1.0);
        assert!(hi >= prev);
        prev = hi;
    }
}

#[test]
fn stream_problem_words() {
    assert_eq!(StreamStatus::Live.problem(0.0), None);
    assert_eq!(StreamStatus::Off.problem(0.0), None);
    assert_eq!(StreamStatus::Connecting.problem(0.0), None);
    let r = StreamStatus::Reconnecting {
        retry_at_ms: 10_000.0,
    };
    assert_eq!(
        r.problem(6_000.0).as_deref(),
        Some("Live updates lost — reconnecting in 4 s")
    );
    assert_eq!(
        r.problem(6_500.0).as_deref(),
        Some("Live updates lost — reconnecting in 4 s")
    );
    assert_eq!(
        r.problem(10_000.0).as_deref(),
        Some("Live updates lost — reconnecting…")
    );
    assert_eq!(
        r.problem(f64::NAN).as_deref(),
        Some("Live updates lost — reconnecting…")
    );
    assert!(StreamStatus::Interrupted
        .problem(0.0)
        .unwrap()
        .contains("reconnecting"));
}

#[test]
fn replies_never_move_a_run_back() {
    let mut list = vec![];
    assert!(upsert(&mut list, run("1", "1", RunStatus::Pending), false));
    assert!(upsert(&mut list, run("1", "1", RunStatus::Running), true));
    // A late reply of the start request: ignored.
    assert!(!upsert(&mut list, run("1", "1", RunStatus::Pending), false));
    assert_eq!(list[0].status, RunStatus::Running);
    // The stream saw it stop before the stop request's reply arrived.
    assert!(upsert(&mut list, run("1", "1", RunStatus::Stopped), true));
    assert!(!upsert(
        &mut list,
        run("1", "1", RunStatus::Stopping),
        false
    ));
    assert_eq!(list[0].status, RunStatus::Stopped);
    // The stream is authoritative (a restart would go back to pending).
    assert!(upsert(&mut list, run("1", "1", RunStatus::Pending), true));
    assert!(!upsert(&mut list, run("1", "1", RunStatus::Pending), true));
    assert!(!upsert(&mut list, run("", "1", RunStatus::Pending), true));
    assert!(upsert(&mut list, run("2", "1", RunStatus::Pending), false));
    assert_eq!(list.len(), 2);
}

#[test]
fn replies_never_move_a_build_back() {
    let mut list = vec![build("7", "1", BuildStatus::Running)];
    assert!(!upsert(
        &mut list,
        build("7", "1", BuildStatus::Pending),
        false
    ));
    assert!(upsert(
        &mut list,
        build("7", "1", BuildStatus::Failed),
        true
    ));
    assert!(upsert(
        &mut list,
        build("8", "1", BuildStatus::Pending),
        false
    ));
    assert!(!upsert(
        &mut list,
        build("", "1", BuildStatus::Pending),
        false
    ));
    assert_eq!(list.len(), 2);
}

#[test]
fn newest_first_by_creation_then_id() {
    let mut v = [
        (Some("2025-11-15T12:00:00Z"), "2"),
        (Some("2025-11-15T12:05:00Z"), "3"),
        (None, "1"),
        (Some("2025-11-15T12:05:00Z"), "10"),
    ];
    v.sort_by(|a, b| newest_first(*a, *b));
    let ids: Vec<&str> = v.iter().map(|x| x.1).collect();
    assert_eq!(ids, ["10", "3", "2", "1"]);
}

#[test]
fn names_skip_blank() {
    let ws = vec![
        Workspace {
            id: "1".into(),
            name: "Demo".into(),
            ..Default::default()
        },
        Workspace {
            id: "2".into(),
            name: " ".into(),
            ..Default::default()
        },
    ];
    let names = workspace_names(&ws);
    assert_eq!(names.len(), 1);
    assert_eq!(names["1"], "Demo");
}
