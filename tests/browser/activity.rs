//! Browser tests: the header activity indicator (issue 6) and the activity page's states.
//!
//! The indicator is mounted with a detached [`Activity`] store in context whose `state` the test
//! sets: 0, 1 and 3 jobs (text, `+N` badge, `aria-label`), 50 jobs (the list renders and stays
//! responsive; the render time is printed), hostile labels (text, never markup), the popover's
//! keyboard behaviour and the stream-lost tooltip. The page's tables are mounted with lists set
//! the same way (loading, rows, hostile error text, buttons).
use console::api::ApiClient;
use console::components::activity_indicator::ActivityIndicator;
use console::domain::jobs::{
    ActivityState, BuildJob, BuildStatus, RunJob, RunStatus, StreamStatus,
};
use console::domain::workspace::Workspace;
use console::pages::activity::ActivityPage;
use console::state::activity::Activity;
use console::state::clock::ManualClock;
use console::state::now_ms;
use leptos::prelude::*;
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

use crate::support::{mount, tick, Mounted};

fn names() -> HashMap<String, String> {
    HashMap::from([
        ("1".to_string(), "Demo".to_string()),
        ("2".to_string(), "Genomics".to_string()),
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

fn mount_indicator(state: ActivityState) -> (Mounted, Activity) {
    let activity = Activity::new();
    activity.state.set(state);
    let m = mount(move || {
        provide_context(activity);
        view! { <ActivityIndicator/> }
    });
    (m, activity)
}

fn indicator(m: &Mounted) -> Element {
    m.query("[data-testid=activity-indicator]")
        .expect("the activity indicator")
}

fn attr(e: &Element, name: &str) -> String {
    e.get_attribute(name).unwrap_or_default()
}

fn text(e: &Element) -> String {
    e.text_content().unwrap_or_default()
}

fn label_text(m: &Mounted) -> String {
    text(&m.query(".activity-label").expect("the label"))
}

fn toggle(m: &Mounted) -> HtmlElement {
    m.query("button.activity-toggle")
        .expect("the toggle button")
        .unchecked_into()
}

fn popover_open(m: &Mounted) -> bool {
    !m.query("#activity-popover")
        .expect("the popover")
        .has_attribute("hidden")
}

fn press_escape(target: &Element) {
    let make = js_sys::Function::new_no_args(
        "return new KeyboardEvent('keydown', {key: 'Escape', bubbles: true, cancelable: true});",
    );
    let ev: web_sys::Event = make
        .call0(&wasm_bindgen::JsValue::NULL)
        .expect("a keyboard event")
        .unchecked_into();
    target.dispatch_event(&ev).expect("dispatch");
}

fn now_perf() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(now_ms)
}

#[wasm_bindgen_test]
async fn idle_indicator_markup() {
    let (m, _) = mount_indicator(ActivityState::new());
    tick(0).await;
    let el = indicator(&m);
    assert_eq!(attr(&el, "role"), "status");
    assert_eq!(attr(&el, "aria-live"), "polite");
    assert_eq!(attr(&el, "aria-label"), "No actions in progress");
    assert_eq!(text(&el).trim(), "Idle");
    assert_eq!(label_text(&m), "Idle");
    assert!(m.query("[data-testid=activity-count]").is_none());
    assert!(!el.class_list().contains("busy"));
    assert!(m.query(".activity-indicator .spinner").is_none());
    // No interactive control inside the live region.
    assert!(el.query_selector("button, a, input").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn one_job_shows_its_label_without_badge() {
    let mut s = ActivityState::new();
    s.apply_builds(&[build("7", "1", BuildStatus::Running)], &names(), 1.0);
    let (m, _) = mount_indicator(s);
    tick(0).await;
    let el = indicator(&m);
    assert_eq!(label_text(&m), "Building (Demo)");
    assert_eq!(text(&el).trim(), "Building (Demo)");
    assert!(m.query("[data-testid=activity-count]").is_none());
    assert_eq!(
        attr(&el, "aria-label"),
        "1 action in progress. Latest: Building (Demo)"
    );
    assert!(el.class_list().contains("busy"));
    let spinner = m
        .query(".activity-indicator .spinner")
        .expect("a spinner while busy");
    assert_eq!(attr(&spinner, "aria-hidden"), "true");
}

#[wasm_bindgen_test]
async fn three_jobs_show_the_latest_and_a_badge() {
    // The indicator says a change at most once a second (ui.md, "Everyone"): time is moved on.
    let clock = ManualClock::install();
    let mut s = ActivityState::new();
    s.apply_builds(&[build("7", "1", BuildStatus::Pending)], &names(), 1.0);
    s.apply_run_update(&run("3", "2", RunStatus::Running), &names(), 2.0);
    s.start_request("Starting session…", 3.0);
    let (m, activity) = mount_indicator(s);
    tick(0).await;
    let el = indicator(&m);
    assert_eq!(label_text(&m), "Starting session…");
    let badge = m.query("[data-testid=activity-count]").expect("a +N badge");
    assert_eq!(text(&badge), "+2");
    assert!(
        el.contains(Some(&badge)),
        "the badge is part of the indicator"
    );
    assert_eq!(
        attr(&el, "aria-label"),
        "3 actions in progress. Latest: Starting session…"
    );

    // Live: the request settles, the run goes; the badge follows.
    activity.state.update(|s| {
        s.clear();
        s.apply_run_update(&run("3", "2", RunStatus::Stopping), &names(), 4.0);
        s.apply_builds(&[build("7", "1", BuildStatus::Running)], &names(), 5.0);
    });
    clock.advance(1_000);
    tick(10).await;
    assert_eq!(label_text(&m), "Building (Demo)");
    assert_eq!(
        text(&m.query("[data-testid=activity-count]").expect("badge")),
        "+1"
    );
    assert_eq!(
        attr(&indicator(&m), "aria-label"),
        "2 actions in progress. Latest: Building (Demo)"
    );

    activity.state.update(|s| {
        s.clear();
    });
    clock.advance(1_000);
    tick(10).await;
    assert_eq!(label_text(&m), "Idle");
    assert!(m.query("[data-testid=activity-count]").is_none());
    assert!(!indicator(&m).class_list().contains("busy"));
}

#[wasm_bindgen_test]
async fn popover_lists_everything_and_escape_returns_focus() {
    let mut s = ActivityState::new();
    s.apply_builds(&[build("7", "1", BuildStatus::Running)], &names(), 1.0);
    s.start_request("Queueing build…", 2.0);
    let (m, _) = mount_indicator(s);
    tick(0).await;
    let button = toggle(&m);
    assert_eq!(attr(&button, "aria-expanded"), "false");
    assert_eq!(attr(&button, "aria-label"), "Show activity");
    assert!(!popover_open(&m));

    button.click();
    tick(10).await;
    assert!(popover_open(&m));
    assert_eq!(attr(&button, "aria-expanded"), "true");
    let items = m.query_all(".activity-list li");
    assert_eq!(items.len(), 2);
    // Latest first; jobs link to /activity, requests have no link.
    assert_eq!(text(&items[0]), "Queueing build…");
    assert!(items[0].query_selector("a").unwrap().is_none());
    let link = items[1].query_selector("a").unwrap().expect("a link");
    assert_eq!(attr(&link, "href"), "/activity");
    assert_eq!(text(&link), "Building (Demo)");

    // Escape closes the list and puts focus back on the toggle.
    link.unchecked_ref::<HtmlElement>().focus().unwrap();
    press_escape(&link);
    tick(10).await;
    assert!(!popover_open(&m));
    assert_eq!(attr(&button, "aria-expanded"), "false");
    let active = document().active_element().expect("focus somewhere");
    assert!(
        active.is_same_node(Some(button.unchecked_ref())),
        "focus returns to the toggle"
    );

    // A click on the status element toggles the list too.
    m.query("[data-testid=activity-indicator]")
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    tick(10).await;
    assert!(popover_open(&m));
    // A click elsewhere closes it.
    document().body().unwrap().click();
    tick(10).await;
    assert!(!popover_open(&m));
}

#[wasm_bindgen_test]
async fn fifty_jobs_render_and_stay_responsive() {
    let clock = ManualClock::install();
    let (m, activity) = mount_indicator(ActivityState::new());
    tick(0).await;
    toggle(&m).click();
    tick(10).await;

    let builds: Vec<BuildJob> = (1..=25)
        .map(|i| build(&i.to_string(), "1", BuildStatus::Running))
        .collect();
    let runs: Vec<RunJob> = (1..=25)
        .map(|i| run(&i.to_string(), "2", RunStatus::Running))
        .collect();
    let t0 = now_perf();
    activity.state.update(|s| {
        s.apply_builds(&builds, &names(), 1.0);
        s.apply_run_init(&runs, &names(), 2.0);
    });
    clock.advance(1_000);
    tick(0).await;
    let t1 = now_perf();
    assert_eq!(m.query_all(".activity-list li").len(), 50);
    assert_eq!(
        text(&m.query("[data-testid=activity-count]").expect("badge")),
        "+49"
    );
    assert_eq!(label_text(&m), "Server running (Genomics)");
    console_log!(
        "activity indicator: 50 jobs rendered (list open) in {:.1} ms",
        t1 - t0
    );

    // One status change re-labels one entry; time it too.
    let t2 = now_perf();
    activity.state.update(|s| {
        s.apply_run_update(&run("25", "2", RunStatus::Stopping), &names(), 3.0);
    });
    clock.advance(1_000);
    tick(0).await;
    let t3 = now_perf();
    assert_eq!(m.query_all(".activity-list li").len(), 50);
    assert_eq!(label_text(&m), "Stopping server…");
    console_log!(
        "activity indicator: one update of 50 jobs in {:.1} ms",
        t3 - t2
    );

    // And everything goes at once.
    activity.state.update(|s| {
        s.clear_backend_jobs();
    });
    clock.advance(1_000);
    tick(0).await;
    assert_eq!(m.query_all(".activity-list li").len(), 0);
    assert_eq!(label_text(&m), "Idle");
}

#[wasm_bindgen_test]
async fn hostile_labels_are_text() {
    let hostile = "<img src=x onerror=alert(1)> <script>alert(2)</script>";
    let mut s = ActivityState::new();
    s.start_request("<b>bold</b> request", 1.0);
    s.register_backend_job("build:99", hostile, 2.0);
    let (m, _) = mount_indicator(s);
    tick(0).await;
    toggle(&m).click();
    tick(10).await;
    assert_eq!(label_text(&m), hostile);
    assert!(attr(&indicator(&m), "aria-label").ends_with(hostile));
    let list = text(&m.query(".activity-list").expect("list"));
    assert!(list.contains(hostile), "{list}");
    assert!(list.contains("<b>bold</b> request"), "{list}");
    assert!(m.query("img").is_none());
    assert!(m.query("script").is_none());
    assert!(m.query("b").is_none());
}

#[wasm_bindgen_test]
async fn lost_stream_is_named_in_the_tooltip() {
    let (m, activity) = mount_indicator(ActivityState::new());
    tick(0).await;
    assert_eq!(attr(&indicator(&m), "title"), "No actions in progress");
    assert!(!indicator(&m).class_list().contains("degraded"));

    let now = now_ms();
    activity.clock.set(now);
    activity.stream.set(StreamStatus::Reconnecting {
        retry_at_ms: now + 3_500.0,
    });
    tick(10).await;
    assert_eq!(
        attr(&indicator(&m), "title"),
        "Live updates lost — reconnecting in 4 s"
    );
    assert!(indicator(&m).class_list().contains("degraded"));
    // The text stays what the spec says.
    assert_eq!(label_text(&m), "Idle");

    activity.stream.set(StreamStatus::Live);
    tick(10).await;
    assert_eq!(attr(&indicator(&m), "title"), "No actions in progress");
}

fn workspace(id: &str, name: &str) -> Workspace {
    Workspace {
        id: id.into(),
        name: name.into(),
        ..Default::default()
    }
}

fn mount_page(activity: Activity) -> Mounted {
    mount(move || {
        // No server behind it: the page only reads the store until a button is pressed.
        provide_context(ApiClient::new("http://127.0.0.1:9"));
        provide_context(activity);
        view! { <ActivityPage/> }
    })
}

#[wasm_bindgen_test]
async fn page_shows_loading_until_the_feeds_deliver() {
    let activity = Activity::new();
    let m = mount_page(activity);
    tick(0).await;
    let text = m.text();
    assert!(text.contains("Loading workspaces"), "{text}");
    assert!(text.contains("Loading builds"), "{text}");
    assert!(text.contains("Loading runs"), "{text}");
    assert!(m.query("[data-testid=builds-table]").is_none());

    // Empty lists: the tables show, with a line saying so.
    activity.builds.set_value(vec![]);
    activity.runs.set_value(vec![]);
    activity.workspaces.set(Some(Ok(vec![])));
    tick(10).await;
    let builds = m.query("[data-testid=builds-table]").expect("builds table");
    assert!(text_of(&builds).contains("No builds yet"));
    let runs = m.query("[data-testid=runs-table]").expect("runs table");
    assert!(text_of(&runs).contains("No runs yet"));

    // The stream is lost before any `init`: say so where the runs would be.
    activity.runs.clear();
    activity.clock.set(1_000.0);
    activity.stream.set(StreamStatus::Reconnecting {
        retry_at_ms: 5_000.0,
    });
    tick(10).await;
    assert!(m.text().contains("Live updates lost — reconnecting in 4 s"));
}

fn text_of(e: &Element) -> String {
    e.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn page_tables_show_jobs_by_name_with_hostile_text_as_text() {
    let hostile = "<img src=x onerror=alert(1)> failed";
    let activity = Activity::new();
    activity.workspaces.set(Some(Ok(vec![
        workspace("1", "Demo"),
        workspace("2", "Genomics"),
    ])));
    activity.names.set(
        [("1", "Demo"), ("2", "Genomics")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
    );
    activity.builds.set_value(vec![
        BuildJob {
            created_at: Some("2025-11-15T12:00:00Z".into()),
            error: Some(hostile.into()),
            ..build("1", "2", BuildStatus::Failed)
        },
        BuildJob {
            created_at: Some("2025-11-15T12:05:00Z".into()),
            started_at: Some("2025-11-15T12:05:02Z".into()),
            ..build("2", "1", BuildStatus::Running)
        },
    ]);
    activity.runs.set_value(vec![
        run("1", "2", RunStatus::Stopped),
        run("2", "1", RunStatus::Running),
        run("3", "9", RunStatus::Stopping),
    ]);
    let m = mount_page(activity);
    tick(10).await;

    // Buttons per workspace, named exactly; the workspace is the row header.
    let buttons: Vec<String> = m
        .query_all("[data-testid=workspace-jobs-table] button")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(
        buttons,
        ["Start build", "Start run", "Start build", "Start run"]
    );
    let heads: Vec<String> = m
        .query_all("[data-testid=workspace-jobs-table] th[scope=row]")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(heads, ["Demo", "Genomics"]);

    // Builds newest first, by workspace name, status in words, exact time on hover.
    let rows = m.query_all("[data-testid=builds-table] tbody tr");
    assert_eq!(rows.len(), 2);
    assert_eq!(attr(&rows[0], "data-build-id"), "2");
    assert!(text_of(&rows[0]).contains("Demo"));
    assert!(text_of(&rows[0]).contains("Running"));
    let time = rows[0].query_selector("time").unwrap().expect("a time");
    assert_eq!(attr(&time, "datetime"), "2025-11-15T12:05:00Z");
    assert_eq!(attr(&time, "title"), "2025-11-15 12:05:00 UTC");
    assert!(text_of(&rows[1]).contains("Genomics"));
    assert!(text_of(&rows[1]).contains("Failed"));
    assert!(text_of(&rows[1]).contains(hostile));
    assert!(m.query("img").is_none());

    // Runs: a Stop button on the running one only (not stopped, not already stopping); an
    // unknown workspace shows its id.
    let stops: Vec<Element> = m
        .query_all("[data-testid=runs-table] button")
        .into_iter()
        .filter(|b| text_of(b) == "Stop")
        .collect();
    assert_eq!(stops.len(), 1);
    let row = m
        .query("[data-testid=runs-table] tr[data-run-id='2']")
        .expect("run 2");
    assert!(row.contains(Some(&stops[0])));
    let row3 = m
        .query("[data-testid=runs-table] tr[data-run-id='3']")
        .expect("run 3");
    assert!(text_of(&row3).contains("Stopping"));
    assert!(text_of(&row3).contains('9'));

    // A feed update re-renders the row: run 2 stops.
    activity.runs.update_value(Vec::new, |items| {
        items[1].status = RunStatus::Stopping;
        true
    });
    tick(10).await;
    assert_eq!(
        m.query_all("[data-testid=runs-table] button")
            .iter()
            .filter(|b| text_of(b) == "Stop")
            .count(),
        0
    );
}
