//! Browser tests: the condition timeline, the progress stepper, the session phase and the
//! details panel (issue 5).
//!
//! Fixtures: the three example statuses of the conditions design (healthy running, stuck on a
//! missing secret, failed image pull), and statuses as the dev server's scenarios produce them
//! (missing-secret, crashloop, timeout, user stop), as JSON replies decoded with
//! `decode_workbench`.
use console::api::wire::workbench::decode_workbench;
use console::components::condition_timeline::ConditionTimeline;
use console::components::progress_stepper::ProgressStepper;
use console::components::session_details::{SessionDetails, SessionPhase};
use console::domain::conditions::{Condition, ConditionStatus};
use console::domain::time::{format_rfc3339_utc, parse_rfc3339_ms};
use console::domain::workbench::Workbench;
use console::state::clock::ManualClock;
use leptos::prelude::*;
use wasm_bindgen_test::*;
use web_sys::Element;

use crate::support::{has_icon, mount, tick, Mounted};

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

// The conditions design's three sessions: HEALTHY, MISSING_SECRET, IMAGE_PULL (one copy).
include!("../../fixtures/design_sessions.rs");

/// The dev server's `missing-secret` scenario (devserver/src/sim.rs) a while after start.
const DEV_MISSING_SECRET: &str = r#"{"result":{"workbench":{
    "id":"3","tenantId":"1","userId":"1","workspaceId":"1","name":"Missing secret",
    "status":"active","k8sStatus":"Progressing","serverPodStatus":"Waiting",
    "serverPodMessage":"Waiting for secret 'ambient-runner-secrets' (checked 2 times, retrying every 6s)",
    "createdAt":"2025-11-15T12:00:00Z","generation":1,"observedGeneration":1,"phase":"Pending",
    "conditions":[
      {"type":"PVCReady","status":"True","reason":"Bound","message":"PVC ws-3 is bound","lastTransitionTime":"2025-11-15T12:00:02Z","observedGeneration":1},
      {"type":"SecretsReady","status":"False","reason":"SecretNotFound","message":"Secret 'ambient-runner-secrets' not found","lastTransitionTime":"2025-11-15T12:00:03Z","observedGeneration":1},
      {"type":"JobCreated","status":"False","reason":"WaitingForSecrets","message":"Cannot create job until secrets are ready","lastTransitionTime":"2025-11-15T12:00:03Z","observedGeneration":1},
      {"type":"PodScheduled","status":"Unknown","reason":"WaitingForJob","message":"Waiting for the job","lastTransitionTime":"2025-11-15T12:00:01Z","observedGeneration":1},
      {"type":"RunnerStarted","status":"Unknown","reason":"WaitingForPod","message":"Waiting for the pod to be scheduled","lastTransitionTime":"2025-11-15T12:00:01Z","observedGeneration":1},
      {"type":"Ready","status":"False","reason":"SecretsNotReady","message":"Waiting for required secrets","lastTransitionTime":"2025-11-15T12:00:03Z","observedGeneration":1}
    ]}}}"#;

/// The dev server's `crashloop` scenario once it gave up (3 restarts).
const DEV_CRASHLOOP: &str = r#"{"result":{"workbench":{
    "id":"5","tenantId":"1","userId":"1","workspaceId":"1","name":"Crash loop",
    "status":"active","k8sStatus":"Failed","serverPodStatus":"Failing",
    "serverPodMessage":"Runner crashed 4 times (exit code 1), giving up",
    "createdAt":"2025-11-15T12:00:00Z","generation":1,"observedGeneration":1,"phase":"Failed",
    "startTime":"2025-11-15T12:00:20Z","completionTime":"2025-11-15T12:01:30Z",
    "jobName":"wb-5-job","runnerPodName":"wb-5-job-x1y2z",
    "conditions":[
      {"type":"PVCReady","status":"True","reason":"Bound","message":"PVC ws-5 is bound","lastTransitionTime":"2025-11-15T12:00:02Z"},
      {"type":"SecretsReady","status":"True","reason":"AllSecretsFound","message":"All required secrets are present","lastTransitionTime":"2025-11-15T12:00:04Z"},
      {"type":"JobCreated","status":"True","reason":"Created","message":"Job wb-5-job created","lastTransitionTime":"2025-11-15T12:00:06Z"},
      {"type":"PodScheduled","status":"True","reason":"Scheduled","message":"Pod wb-5-job-x1y2z scheduled on node worker-2","lastTransitionTime":"2025-11-15T12:00:09Z"},
      {"type":"RunnerStarted","status":"False","reason":"CrashLoopBackOff","message":"Back-off restarting failed container runner in pod wb-5-job-x1y2z (restarts: 3, last exit code 1)","lastTransitionTime":"2025-11-15T12:00:40Z"},
      {"type":"Ready","status":"False","reason":"SessionFailed","message":"Session failed: CrashLoopBackOff","lastTransitionTime":"2025-11-15T12:00:40Z"},
      {"type":"Failed","status":"True","reason":"CrashLoopBackOff","message":"Runner container failed after 3 restarts (exit code 1: SDKError)","lastTransitionTime":"2025-11-15T12:01:30Z"}
    ]}}}"#;

/// The dev server's `timeout` scenario: ran, then hit its deadline.
const DEV_TIMEOUT: &str = r#"{"result":{"workbench":{
    "id":"6","tenantId":"1","userId":"1","workspaceId":"1","name":"Deadline",
    "status":"active","k8sStatus":"Failed","serverPodStatus":"Terminated",
    "serverPodMessage":"Session ended: the job ran into its deadline (90s)",
    "createdAt":"2025-11-15T12:00:00Z","generation":1,"observedGeneration":1,"phase":"Failed",
    "startTime":"2025-11-15T12:00:20Z","completionTime":"2025-11-15T12:01:30Z",
    "conditions":[
      {"type":"PVCReady","status":"True","reason":"Bound","message":"PVC ws-6 is bound","lastTransitionTime":"2025-11-15T12:00:02Z"},
      {"type":"SecretsReady","status":"True","reason":"AllSecretsFound","message":"All required secrets are present","lastTransitionTime":"2025-11-15T12:00:04Z"},
      {"type":"JobCreated","status":"True","reason":"Created","message":"Job wb-6-job created","lastTransitionTime":"2025-11-15T12:00:06Z"},
      {"type":"PodScheduled","status":"True","reason":"Scheduled","message":"Pod wb-6-job-p scheduled on node worker-1","lastTransitionTime":"2025-11-15T12:00:09Z"},
      {"type":"RunnerStarted","status":"False","reason":"DeadlineExceeded","message":"Runner container was killed: active deadline exceeded","lastTransitionTime":"2025-11-15T12:01:30Z"},
      {"type":"Ready","status":"False","reason":"SessionFailed","message":"Session failed: DeadlineExceeded","lastTransitionTime":"2025-11-15T12:01:30Z"},
      {"type":"Failed","status":"True","reason":"DeadlineExceeded","message":"Job wb-6-job was active longer than specified deadline","lastTransitionTime":"2025-11-15T12:01:30Z"}
    ]}}}"#;

/// The dev server's user stop (exit 143, `SessionStopped`).
const DEV_STOPPED: &str = r#"{"result":{"workbench":{
    "id":"7","tenantId":"1","userId":"1","workspaceId":"1","name":"Stopped desktop",
    "status":"active","k8sStatus":"","serverPodStatus":"Terminated",
    "serverPodMessage":"Session stopped by user (exit code 143)",
    "createdAt":"2025-11-15T12:00:00Z","generation":1,"observedGeneration":1,"phase":"Stopped",
    "startTime":"2025-11-15T12:00:20Z","completionTime":"2025-11-15T12:05:04Z",
    "conditions":[
      {"type":"PVCReady","status":"True","reason":"Bound","message":"PVC ws-7 is bound","lastTransitionTime":"2025-11-15T12:00:02Z"},
      {"type":"SecretsReady","status":"True","reason":"AllSecretsFound","message":"All required secrets are present","lastTransitionTime":"2025-11-15T12:00:04Z"},
      {"type":"JobCreated","status":"False","reason":"JobDeleted","message":"Job wb-7-job deleted after the session stopped","lastTransitionTime":"2025-11-15T12:05:04Z"},
      {"type":"PodScheduled","status":"False","reason":"PodDeleted","message":"Pod wb-7-job-q deleted","lastTransitionTime":"2025-11-15T12:05:04Z"},
      {"type":"RunnerStarted","status":"False","reason":"SessionStopped","message":"Runner container terminated with exit code 143 (SIGTERM)","lastTransitionTime":"2025-11-15T12:05:04Z"},
      {"type":"Ready","status":"False","reason":"SessionStopped","message":"Session stopped by user","lastTransitionTime":"2025-11-15T12:05:04Z"}
    ]}}}"#;

/// An older backend: no extension fields at all.
const NO_CONDITIONS: &str = r#"{"result":{"workbench":{
    "id":"8","tenantId":"1","userId":"1","workspaceId":"1","name":"Old backend",
    "status":"active","k8sStatus":"Progressing","serverPodStatus":"Starting",
    "serverPodMessage":"Pulling image <b>desktop</b>…","createdAt":"2025-11-15T12:00:00Z"}}}"#;

fn wb(json: &str) -> Workbench {
    decode_workbench(json).expect("fixture decodes")
}

fn ms(rfc3339: &str) -> f64 {
    parse_rfc3339_ms(rfc3339).expect("a time") as f64
}

/// Mounts a timeline with a driven "now"; returns the mount and both signals.
fn timeline_of(w: Workbench, now: f64) -> (Mounted, RwSignal<Option<Workbench>>, RwSignal<f64>) {
    let workbench = RwSignal::new(Some(w));
    let now = RwSignal::new(now);
    let m = mount(move || view! { <ConditionTimeline workbench now/> });
    (m, workbench, now)
}

fn rows(m: &Mounted) -> Vec<Element> {
    m.query_all("ol[data-testid=condition-timeline] > li")
}

fn attr(e: &Element, name: &str) -> String {
    e.get_attribute(name).unwrap_or_default()
}

fn text_of(e: &Element) -> String {
    e.text_content().unwrap_or_default()
}

fn row(m: &Mounted, type_: &str) -> Element {
    m.query(&format!("li[data-condition-type=\"{type_}\"]"))
        .unwrap_or_else(|| panic!("a row for {type_}: {}", m.html()))
}

fn types_and_statuses(m: &Mounted) -> Vec<(String, String)> {
    rows(m)
        .iter()
        .map(|li| (attr(li, "data-condition-type"), attr(li, "data-status")))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Condition timeline
// ---------------------------------------------------------------------------------------------

#[wasm_bindgen_test]
fn healthy_session_lists_every_condition_as_passed() {
    let (m, _, _) = timeline_of(wb(HEALTHY), ms("2025-11-15T12:03:05Z"));
    let ol = m
        .query("ol[data-testid=condition-timeline]")
        .expect("the timeline");
    assert_eq!(attr(&ol, "aria-label"), "Condition timeline");
    assert_eq!(
        types_and_statuses(&m),
        pairs(&[
            ("PVCReady", "True"),
            ("SecretsReady", "True"),
            ("JobCreated", "True"),
            ("PodScheduled", "True"),
            ("RunnerStarted", "True"),
            ("Ready", "True"),
        ])
    );
    let secrets = row(&m, "SecretsReady");
    let t = text_of(&secrets);
    assert!(t.contains("Secrets ready"), "{t}");
    assert!(has_icon(&secrets, "check") && t.contains("Passed"), "{t}");
    assert!(t.contains("All required secrets are present"), "{t}");
    let code = secrets.query_selector("code").ok().flatten().expect("code");
    assert_eq!(text_of(&code), "AllSecretsFound");
    assert!(t.contains("took 1 s"), "{t}");
    let runner = text_of(&row(&m, "RunnerStarted"));
    assert!(runner.contains("took 10 s"), "{runner}");

    // Relative time, with the exact time on hover.
    let time = row(&m, "PodScheduled")
        .query_selector("time")
        .ok()
        .flatten()
        .expect("a <time>");
    assert_eq!(attr(&time, "datetime"), "2025-11-15T12:00:05Z");
    assert_eq!(attr(&time, "title"), "2025-11-15 12:00:05 UTC");
    assert_eq!(text_of(&time), "3 min ago");
    // No problem words in a healthy session.
    assert!(!m.text().contains("Failed"), "{}", m.text());
    assert!(!m.text().contains("retrying"), "{}", m.text());
}

#[wasm_bindgen_test]
fn missing_secret_reads_as_waiting_retrying_with_the_hint() {
    let (m, _, _) = timeline_of(wb(MISSING_SECRET), ms("2025-11-15T12:10:00Z"));
    assert_eq!(rows(&m).len(), 4);
    let secrets = row(&m, "SecretsReady");
    assert_eq!(attr(&secrets, "data-status"), "False");
    let t = text_of(&secrets);
    assert!(
        has_icon(&secrets, "hourglass") && t.contains("Waiting, retrying"),
        "{t}"
    );
    assert!(!t.contains("Failed"), "transient is not failed: {t}");
    assert!(t.contains("SecretNotFound"), "{t}");
    assert!(
        t.contains("Secret 'ambient-runner-secrets' not found in namespace"),
        "{t}"
    );
    assert!(
        t.contains(
            "Secret 'ambient-runner-secrets' is missing — create it in the workspace settings"
        ),
        "{t}"
    );
    assert!(t.contains("after 1 s"), "{t}");
    assert_eq!(attr(&row(&m, "PVCReady"), "data-status"), "True");
    assert_eq!(attr(&row(&m, "JobCreated"), "data-status"), "False");
    assert!(!has_icon(&m.root, "cross"), "{}", m.html());
}

#[wasm_bindgen_test]
fn image_pull_failure_reads_as_failed_with_the_hint() {
    let (m, _, _) = timeline_of(wb(IMAGE_PULL), ms("2025-11-15T12:10:00Z"));
    // Time order: PodScheduled first; the three 12:02:00 ones in canonical order.
    assert_eq!(
        types_and_statuses(&m),
        pairs(&[
            ("PodScheduled", "True"),
            ("RunnerStarted", "False"),
            ("Ready", "False"),
            ("Failed", "True"),
        ])
    );
    let runner = text_of(&row(&m, "RunnerStarted"));
    assert!(
        has_icon(&row(&m, "RunnerStarted"), "cross") && runner.contains("Failed"),
        "{runner}"
    );
    assert!(runner.contains("ImagePullBackOff"), "{runner}");
    assert!(
        runner.contains("The desktop image could not be downloaded"),
        "{runner}"
    );
    assert!(
        runner.contains(
            "Check that the image 'quay.io/ambient_code/vteam_claude_runner:latest' exists"
        ),
        "{runner}"
    );
    assert!(
        !runner.contains("retrying"),
        "permanent is not retrying: {runner}"
    );
    let failed = row(&m, "Failed");
    assert_eq!(attr(&failed, "data-severity"), "permanent");
    let failed = text_of(&failed);
    assert!(
        failed.contains("Failed") && failed.contains("ImagePullError"),
        "{failed}"
    );
    assert!(failed.contains("press Retry"), "{failed}");
}

#[wasm_bindgen_test]
fn dev_server_missing_secret_scenario() {
    let (m, _, _) = timeline_of(wb(DEV_MISSING_SECRET), ms("2025-11-15T12:01:00Z"));
    assert_eq!(rows(&m).len(), 6);
    // What happened comes first, in time order; the steps not reached yet (Unknown, stamped at
    // 12:00:01 by the dev server) come last, in chain order.
    let all = rows(&m);
    assert_ne!(attr(&all[0], "data-status"), "Unknown");
    assert_eq!(attr(&all[all.len() - 1], "data-status"), "Unknown");
    let sched = text_of(&row(&m, "PodScheduled"));
    assert!(
        has_icon(&row(&m, "PodScheduled"), "circle") && sched.contains("Not yet"),
        "{sched}"
    );
    let secrets = row(&m, "SecretsReady");
    assert_eq!(attr(&secrets, "data-status"), "False");
    let t = text_of(&secrets);
    assert!(t.contains("Waiting, retrying"), "{t}");
    assert!(
        t.contains("Secret 'ambient-runner-secrets' is missing"),
        "{t}"
    );
}

#[wasm_bindgen_test]
fn dev_server_crashloop_scenario() {
    let (m, _, _) = timeline_of(wb(DEV_CRASHLOOP), ms("2025-11-15T12:05:00Z"));
    assert_eq!(rows(&m).len(), 7);
    let runner = row(&m, "RunnerStarted");
    assert_eq!(attr(&runner, "data-status"), "False");
    let t = text_of(&runner);
    assert!(t.contains("Failed") && !t.contains("retrying"), "{t}");
    assert!(t.contains("CrashLoopBackOff"), "{t}");
    assert!(t.contains("The desktop keeps crashing on start"), "{t}");
    assert!(t.contains("It crashed 3 times"), "{t}");
    let failed = text_of(&row(&m, "Failed"));
    assert!(
        has_icon(&row(&m, "Failed"), "cross") && failed.contains("Failed"),
        "{failed}"
    );
    // Last in time.
    assert_eq!(
        rows(&m).last().map(|li| attr(li, "data-condition-type")),
        Some("Failed".to_owned())
    );
}

#[wasm_bindgen_test]
fn dev_server_crashloop_below_the_limit_is_transient() {
    let mut w = wb(DEV_CRASHLOOP);
    w.phase = Some(console::domain::workbench::Phase::Running);
    w.k8s_status = console::domain::workbench::K8sWorkbenchStatus::Progressing;
    w.conditions
        .retain(|c| c.type_ != "Failed" && c.type_ != "Ready");
    for c in &mut w.conditions {
        if c.type_ == "RunnerStarted" {
            c.message = Some(
                "Back-off restarting failed container runner in pod p (restarts: 1, last exit code 1)"
                    .into(),
            );
        }
    }
    let (m, _, _) = timeline_of(w, ms("2025-11-15T12:05:00Z"));
    let t = text_of(&row(&m, "RunnerStarted"));
    assert!(t.contains("Waiting, retrying"), "{t}");
    assert!(t.contains("Restart 1 of 3"), "{t}");
}

#[wasm_bindgen_test]
fn dev_server_timeout_scenario() {
    let (m, _, _) = timeline_of(wb(DEV_TIMEOUT), ms("2025-11-15T12:05:00Z"));
    assert_eq!(rows(&m).len(), 7);
    let failed = row(&m, "Failed");
    assert_eq!(attr(&failed, "data-status"), "True");
    let t = text_of(&failed);
    assert!(t.contains("DeadlineExceeded"), "{t}");
    assert!(
        t.contains("The session ran past its time limit and was stopped"),
        "{t}"
    );
    assert!(t.contains("Press Retry"), "{t}");
}

#[wasm_bindgen_test]
fn dev_server_user_stop_is_stopped_not_failed() {
    let (m, _, _) = timeline_of(wb(DEV_STOPPED), ms("2025-11-15T12:06:00Z"));
    assert_eq!(rows(&m).len(), 6);
    let runner = row(&m, "RunnerStarted");
    assert_eq!(attr(&runner, "data-status"), "False");
    assert_eq!(attr(&runner, "data-severity"), "stopped");
    let t = text_of(&runner);
    assert!(t.contains("Stopped"), "{t}");
    assert!(t.contains("stopped by its user"), "{t}");
    assert!(t.contains("exit code 143"), "{t}");
    assert!(
        !has_icon(&m.root, "cross"),
        "a user stop is no failure: {}",
        m.text()
    );
}

#[wasm_bindgen_test]
fn hostile_texts_are_shown_as_text() {
    let mut w = wb(HEALTHY);
    let evil = "<script>alert(1)</script> and <img src=x onerror=alert(1)>";
    for c in &mut w.conditions {
        c.message = Some(format!("{evil} {}", c.type_));
        c.reason = Some("<img src=x onerror=alert(1)>".into());
    }
    w.conditions.push(Condition {
        type_: "<script>alert(1)</script>".into(),
        status: ConditionStatus::False,
        reason: Some("SecretNotFound".into()),
        message: Some(format!("Secret '{evil}' not found")),
        last_transition_time: Some("<img src=x onerror=alert(1)>".into()),
        observed_generation: None,
    });
    w.server_pod_message = Some(evil.into());
    let workbench = RwSignal::new(Some(w));
    let now = RwSignal::new(ms("2025-11-15T12:10:00Z"));
    let m = mount(move || {
        view! {
            <SessionPhase workbench/>
            <SessionDetails workbench now/>
            <ProgressStepper workbench/>
        }
    });
    assert_eq!(rows(&m).len(), 7);
    assert!(m.query("script").is_none(), "{}", m.html());
    assert!(m.query("img").is_none(), "{}", m.html());
    let text = m.text();
    assert!(text.contains(evil), "{text}");
    assert!(text.contains("<img src=x onerror=alert(1)>"), "{text}");
    let odd = m
        .query_all("li[data-condition-type]")
        .into_iter()
        .find(|li| attr(li, "data-condition-type") == "<script>alert(1)</script>")
        .expect("the odd row, its type verbatim in the attribute");
    assert!(text_of(&odd).contains("time unknown"), "{}", text_of(&odd));
}

#[wasm_bindgen_test]
fn no_list_at_all_without_conditions() {
    let (m, _, _) = timeline_of(wb(NO_CONDITIONS), ms("2025-11-15T12:10:00Z"));
    assert!(m.query("ol").is_none(), "{}", m.html());
    assert!(m.query("[data-testid=condition-timeline]").is_none());
    assert!(m
        .text()
        .contains("This backend reports no detailed conditions"));
}

#[wasm_bindgen_test]
async fn hundred_conditions_render() {
    let base = ms("2025-11-15T12:00:00Z") as i64;
    let conditions: Vec<Condition> = (0..100)
        .map(|i| Condition {
            type_: format!("Check{i:03}"),
            status: if i % 3 == 0 {
                ConditionStatus::False
            } else {
                ConditionStatus::True
            },
            reason: Some(
                if i % 3 == 0 {
                    "SecretNotFound"
                } else {
                    "Bound"
                }
                .into(),
            ),
            message: Some(format!(
                "Message number {i} with a rather long text to wrap"
            )),
            last_transition_time: Some(format_rfc3339_utc(base + i64::from(i) * 1_000)),
            observed_generation: Some(1),
        })
        .collect();
    let w = Workbench {
        id: "100".into(),
        created_at: Some(format_rfc3339_utc(base)),
        conditions,
        ..Default::default()
    };
    let perf = web_sys::window().and_then(|w| w.performance());
    let clock = move || perf.as_ref().map_or_else(js_sys::Date::now, |p| p.now());
    let c0 = clock();
    let computed = console::domain::timeline::timeline(&w);
    let c1 = clock();
    assert_eq!(computed.len(), 100);
    let t0 = clock();
    let (m, workbench, _) = timeline_of(w.clone(), (base + 3_600_000) as f64);
    let t1 = clock();
    assert_eq!(rows(&m).len(), 100);
    // The browser lays it out too.
    let _ = m.root.offset_height();
    let t2 = clock();
    // A poll bringing the same 100 conditions again.
    workbench.set(Some(w));
    tick(0).await;
    let t3 = clock();
    assert_eq!(rows(&m).len(), 100);
    web_sys::console::log_1(
        &format!(
            "timeline: 100 conditions rendered in {:.1} ms (of which computing the entries {:.1} ms) \
             (+{:.1} ms layout); an identical poll took {:.1} ms",
            t1 - t0,
            c1 - c0,
            t2 - t1,
            t3 - t2
        )
        .into(),
    );
}

#[wasm_bindgen_test]
async fn relative_times_update_without_rebuilding_the_list() {
    let (m, workbench, now) = timeline_of(wb(MISSING_SECRET), ms("2025-11-15T12:03:02Z"));
    let li = row(&m, "SecretsReady");
    let time = li.query_selector("time").ok().flatten().expect("<time>");
    assert_eq!(text_of(&time), "3 min ago");
    let ol = m.query("ol").expect("ol");

    now.set(ms("2025-11-15T14:00:02Z"));
    tick(0).await;
    assert_eq!(text_of(&time), "2 h ago");
    assert!(ol.contains(Some(&li)), "the same <li> is still in the list");
    assert!(row(&m, "SecretsReady").is_same_node(Some(&li)));
    assert!(m.query("ol").expect("ol").is_same_node(Some(&ol)));

    // A new poll with the same conditions: no DOM node is rebuilt.
    let before: Vec<Element> = rows(&m);
    workbench.set(Some(wb(MISSING_SECRET)));
    tick(0).await;
    let after = rows(&m);
    assert_eq!(before.len(), after.len());
    for (a, b) in before.iter().zip(&after) {
        assert!(a.is_same_node(Some(b)));
    }
    assert!(li.contains(Some(&time)), "the <time> node is kept too");

    // A changed message with the same transition time updates the row in place.
    let mut changed = wb(MISSING_SECRET);
    for c in &mut changed.conditions {
        if c.type_ == "SecretsReady" {
            c.message = Some("Secret 'other-secret' not found".into());
        }
    }
    workbench.set(Some(changed));
    tick(0).await;
    assert!(row(&m, "SecretsReady").is_same_node(Some(&li)));
    assert!(
        text_of(&li).contains("Secret 'other-secret' is missing"),
        "{}",
        text_of(&li)
    );

    // A new condition adds a row and keeps the others.
    let mut more = wb(MISSING_SECRET);
    more.conditions.push(Condition {
        type_: "PodScheduled".into(),
        status: ConditionStatus::Unknown,
        reason: Some("WaitingForJob".into()),
        message: None,
        last_transition_time: Some("2025-11-15T12:00:03Z".into()),
        observed_generation: None,
    });
    workbench.set(Some(more));
    tick(0).await;
    assert_eq!(rows(&m).len(), 5);
    assert!(row(&m, "SecretsReady").is_same_node(Some(&li)));
}

#[wasm_bindgen_test]
async fn the_built_in_ticker_moves_relative_times() {
    let ten_s_ago = js_sys::Date::now() as i64 - 10_000;
    let w = Workbench {
        id: "9".into(),
        conditions: vec![Condition {
            type_: "PVCReady".into(),
            status: ConditionStatus::True,
            reason: Some("Bound".into()),
            message: None,
            last_transition_time: Some(format_rfc3339_utc(ten_s_ago)),
            observed_generation: None,
        }],
        ..Default::default()
    };
    let workbench = RwSignal::new(Some(w));
    // Time is moved, not waited for.
    let clock = ManualClock::install();
    let m = mount(move || view! { <ConditionTimeline workbench/> });
    let li = row(&m, "PVCReady");
    let time = li.query_selector("time").ok().flatten().expect("<time>");
    let first = text_of(&time);
    clock.advance(2_100);
    tick(0).await;
    let later = text_of(&time);
    assert_ne!(first, later, "the ticker updates the text");
    assert!(later.ends_with("s ago"), "{later}");
    assert!(row(&m, "PVCReady").is_same_node(Some(&li)));
}

// ---------------------------------------------------------------------------------------------
// Progress stepper
// ---------------------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn stepper_marks_the_current_step() {
    let workbench = RwSignal::new(Some(wb(MISSING_SECRET)));
    let m = mount(move || view! { <ProgressStepper workbench/> });
    let steps = m.query_all(".progress-stepper > li");
    let ids: Vec<String> = steps.iter().map(|s| attr(s, "data-step")).collect();
    assert_eq!(
        ids,
        [
            "PVCReady",
            "SecretsReady",
            "JobCreated",
            "PodScheduled",
            "RunnerStarted",
            "Ready"
        ]
    );
    let states: Vec<String> = steps.iter().map(|s| attr(s, "data-state")).collect();
    assert_eq!(
        states,
        [
            "done",
            "waiting",
            "not-started",
            "not-started",
            "not-started",
            "not-started"
        ]
    );
    let current = m.query_all("[aria-current=step]");
    assert_eq!(current.len(), 1);
    assert_eq!(attr(&current[0], "data-step"), "SecretsReady");
    let t = text_of(&current[0]);
    assert!(t.contains("Secrets ready") && t.contains("waiting"), "{t}");

    workbench.set(Some(wb(IMAGE_PULL)));
    tick(0).await;
    let failed = m.query("[aria-current=step]").expect("current");
    assert_eq!(attr(&failed, "data-step"), "RunnerStarted");
    assert!(text_of(&failed).contains("failed"));

    workbench.set(Some(wb(HEALTHY)));
    tick(0).await;
    assert!(m.query("[aria-current=step]").is_none());
    assert_eq!(
        m.query_all(".progress-stepper > li[data-state=done]").len(),
        6
    );

    workbench.set(Some(wb(NO_CONDITIONS)));
    tick(0).await;
    assert!(m.query(".progress-stepper").is_none(), "{}", m.html());
    assert_eq!(m.text().trim(), "");
}

// ---------------------------------------------------------------------------------------------
// Session phase and details
// ---------------------------------------------------------------------------------------------

fn phase_text(m: &Mounted) -> String {
    m.query("[data-testid=session-phase]")
        .map(|e| text_of(&e))
        .expect("session-phase")
        .trim()
        .to_owned()
}

#[wasm_bindgen_test]
async fn session_phase_in_words_and_stale_only_when_stale() {
    let workbench = RwSignal::new(None::<Workbench>);
    let m = mount(move || view! { <SessionPhase workbench/> });
    assert!(phase_text(&m).ends_with("Unknown"), "{}", phase_text(&m));

    workbench.set(Some(wb(HEALTHY)));
    tick(0).await;
    assert!(phase_text(&m).ends_with("Running"));
    assert!(m.query("[data-testid=stale-status]").is_none());

    workbench.set(Some(wb(MISSING_SECRET)));
    tick(0).await;
    assert!(phase_text(&m).ends_with("Pending"));

    workbench.set(Some(wb(IMAGE_PULL)));
    tick(0).await;
    assert!(phase_text(&m).ends_with("Failed"));

    // No backend phase: derived from the conditions.
    let mut derived = wb(HEALTHY);
    derived.phase = None;
    derived
        .conditions
        .retain(|c| c.type_ != "RunnerStarted" && c.type_ != "Ready");
    workbench.set(Some(derived));
    tick(0).await;
    assert!(phase_text(&m).ends_with("Creating"), "{}", phase_text(&m));

    // Stale: observedGeneration < generation.
    let mut stale = wb(DEV_STOPPED);
    stale.generation = Some(2);
    stale.observed_generation = Some(1);
    workbench.set(Some(stale));
    tick(0).await;
    assert!(phase_text(&m).ends_with("Stopped"));
    let s = m.query("[data-testid=stale-status]").expect("stale-status");
    assert!(
        text_of(&s).contains("Status may be out of date"),
        "{}",
        text_of(&s)
    );
    assert!(
        attr(&s, "title").contains("generation 2"),
        "{}",
        attr(&s, "title")
    );

    workbench.set(Some(wb(DEV_STOPPED)));
    tick(0).await;
    assert!(m.query("[data-testid=stale-status]").is_none());
}

#[wasm_bindgen_test]
async fn details_panel_with_conditions() {
    let workbench = RwSignal::new(Some(wb(DEV_CRASHLOOP)));
    let now = RwSignal::new(ms("2025-11-15T12:05:30Z"));
    let m = mount(move || view! { <SessionDetails workbench now/> });
    let section = m.query("section").expect("section");
    let heading_id = attr(&section, "aria-labelledby");
    let heading = m
        .query(&format!("#{heading_id}"))
        .expect("the heading named by aria-labelledby");
    assert_eq!(text_of(&heading), "Details");
    assert_eq!(rows(&m).len(), 7);
    let codes: Vec<String> = m
        .query_all(".details-list code")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(codes, ["wb-5-job", "wb-5-job-x1y2z"]);
    let text = m.text();
    assert!(text.contains("Started"), "{text}");
    assert!(text.contains("5 min ago"), "{text}");
    assert!(text.contains("2025-11-15 12:00:20 UTC"), "{text}");
    assert!(text.contains("Ended"), "{text}");
    assert!(text.contains("4 min ago"), "{text}");
    assert!(text.contains("Generation"), "{text}");
    assert!(text.contains("Runner crashed 4 times"), "{text}");
    // The panel must not duplicate the page's hooks.
    assert!(m.query("[data-testid=session-phase]").is_none());

    // One shared "now" for the panel and its timeline.
    now.set(ms("2025-11-15T14:00:30Z"));
    tick(0).await;
    let text = m.text();
    assert!(
        text.contains("2 h ago") && !text.contains("5 min ago"),
        "{text}"
    );
}

#[wasm_bindgen_test]
async fn details_panel_for_an_older_backend() {
    let workbench = RwSignal::new(Some(wb(NO_CONDITIONS)));
    let now = RwSignal::new(ms("2025-11-15T12:05:30Z"));
    let m = mount(move || view! { <SessionDetails workbench now/> });
    assert!(m.query("ol").is_none(), "no empty timeline: {}", m.html());
    let text = m.text();
    assert!(
        text.contains("This backend reports no detailed conditions"),
        "{text}"
    );
    assert!(
        text.contains("Creating"),
        "phase derived from k8sStatus: {text}"
    );
    assert!(text.contains("Pulling image <b>desktop</b>…"), "{text}");
    assert!(m.query("b").is_none());

    // Conditions arrive later: the timeline appears.
    workbench.set(Some(wb(MISSING_SECRET)));
    tick(0).await;
    assert_eq!(rows(&m).len(), 4);
    assert!(!m.text().contains("no detailed conditions"));
}
