//! Browser tests: the background iframe, the loading overlay and the shared status poller
//! (issue 4). Workbench values are built directly; no backend is needed.
use console::api::ApiClient;
use console::components::background_iframe::BackgroundIframe;
use console::components::session_overlay::{duration_words, progress_estimate, SessionOverlay};
use console::domain::conditions::{Condition, ConditionStatus};
use console::domain::workbench::{K8sWorkbenchStatus, ServerPodStatus, Workbench};
use console::state::clock::ManualClock;
use console::state::poll::live_polls;
use console::state::workbench_status::{
    provide_workbench_status, use_workbench_status, StatusSummary,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::support::{mount, tick};

fn starting(message: Option<&str>) -> Workbench {
    Workbench {
        id: "7".into(),
        name: "Demo desktop".into(),
        k8s_status: K8sWorkbenchStatus::Progressing,
        server_pod_status: ServerPodStatus::Starting,
        server_pod_message: message.map(str::to_owned),
        ..Workbench::default()
    }
}

fn running() -> Workbench {
    Workbench {
        k8s_status: K8sWorkbenchStatus::Running,
        server_pod_status: ServerPodStatus::Ready,
        ..starting(None)
    }
}

fn image_pull_failed() -> Workbench {
    let mut runner = Condition::new("RunnerStarted", ConditionStatus::False);
    runner.reason = Some("ImagePullBackOff".into());
    runner.message = Some("Back-off pulling image \"quay.io/demo/desktop:bad\"".into());
    Workbench {
        k8s_status: K8sWorkbenchStatus::Failed,
        server_pod_status: ServerPodStatus::Failing,
        server_pod_message: Some("Back-off pulling image \"quay.io/demo/desktop:bad\"".into()),
        conditions: vec![
            Condition::new("PVCReady", ConditionStatus::True),
            Condition::new("SecretsReady", ConditionStatus::True),
            Condition::new("JobCreated", ConditionStatus::True),
            Condition::new("PodScheduled", ConditionStatus::True),
            runner,
        ],
        ..starting(None)
    }
}

fn text_of(el: &web_sys::Element) -> String {
    el.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn iframe_is_absent_until_running() {
    let wb = RwSignal::new(Some(starting(Some("Pulling the desktop image"))));
    let m = mount(move || {
        provide_context(ApiClient::new(""));
        view! { <BackgroundIframe workbench=wb/> }
    });
    tick(0).await;
    assert!(m.query("[data-testid=session-iframe]").is_none());
    assert!(m.query("iframe").is_none());

    // Running, but the desktop server does not answer yet (CHORUS's readiness lag).
    wb.set(Some(Workbench {
        server_pod_status: ServerPodStatus::Starting,
        ..running()
    }));
    tick(10).await;
    assert!(
        m.query("iframe").is_none(),
        "no iframe before the desktop server answers"
    );

    wb.set(Some(running()));
    tick(10).await;
    let frame = m
        .query("iframe[data-testid=session-iframe]")
        .expect("the iframe once Running");
    assert_eq!(
        frame.get_attribute("title").as_deref(),
        Some("Session Demo desktop")
    );
    assert_eq!(
        frame.get_attribute("src").as_deref(),
        Some("/api/rest/v1/workbenches/7/stream/")
    );
    assert!(frame
        .get_attribute("allow")
        .unwrap_or_default()
        .contains("fullscreen"));
    let sandbox = frame.get_attribute("sandbox").unwrap_or_default();
    assert!(sandbox.contains("allow-scripts"), "{sandbox}");
    assert!(!sandbox.contains("allow-top-navigation"), "{sandbox}");
    // Never reading the user's clipboard (issue 19); and without a workspace that allows it,
    // not writing it either, nor downloading (issue 55: the closed policy).
    let allow = frame.get_attribute("allow").unwrap_or_default();
    assert!(!allow.contains("clipboard"), "{allow}");
    assert!(!sandbox.contains("allow-downloads"), "{sandbox}");

    // Back to not running (e.g. stopped): the frame goes.
    wb.set(Some(image_pull_failed()));
    tick(10).await;
    assert!(m.query("iframe").is_none());
}

/// One origin per session (issue 28): with `{session}` in `streamBaseUrl` the desktop loads
/// from its session's own host; an id that is not a host-name label is never put into one:
/// no frame, the reason in words, and nothing left to wait for.
#[wasm_bindgen_test]
async fn the_desktop_on_its_sessions_origin_and_none_for_an_id_that_is_no_host_label() {
    let wb = RwSignal::new(Some(running()));
    let loaded = console::state::Slot::new(false);
    let m = mount(move || {
        provide_context(ApiClient::new("").with_stream_base("http://s{session}.localhost:9/"));
        view! { <BackgroundIframe workbench=wb loaded=loaded/> }
    });
    tick(10).await;
    let frame = m
        .query("iframe[data-testid=session-iframe]")
        .expect("the desktop");
    assert_eq!(
        frame.get_attribute("src").as_deref(),
        Some("http://s7.localhost:9/api/rest/v1/workbenches/7/stream/")
    );
    assert_eq!(
        frame.get_attribute("sandbox").as_deref(),
        Some(console::components::background_iframe::DESKTOP_SANDBOX)
    );
    assert!(!loaded.get_untracked(), "loading");

    wb.set(Some(Workbench {
        id: "7.evil.example.org".into(),
        ..running()
    }));
    tick(10).await;
    assert!(m.query("iframe").is_none(), "no frame");
    let alert = m
        .query("[data-testid=frame-refused] [role=alert]")
        .expect("why, in words");
    let text = text_of(&alert);
    assert!(
        text.contains("\u{201c}7.evil.example.org\u{201d}"),
        "{text}"
    );
    assert!(text.contains("letters, digits and hyphens"), "{text}");
    assert!(loaded.get_untracked(), "nothing to wait for");
}

#[wasm_bindgen_test]
async fn overlay_is_a_status_with_the_pod_message() {
    let wb = RwSignal::new(Some(starting(Some("Pulling the desktop image"))));
    let m = mount(move || view! { <SessionOverlay workbench=wb/> });
    tick(0).await;
    let overlay = m
        .query("[data-testid=session-overlay]")
        .expect("the overlay");
    assert_eq!(overlay.get_attribute("role").as_deref(), Some("status"));
    let text = text_of(&overlay);
    assert!(text.contains("Pulling the desktop image"), "{text}");
    assert!(text.contains("Time waited"), "{text}");
    assert!(m.query("[role=alert]").is_none(), "no error while starting");
    assert!(m.query("progress").is_some());

    // Without a pod message: the current step in words.
    wb.set(Some(Workbench {
        conditions: vec![
            Condition::new("PVCReady", ConditionStatus::True),
            Condition::new("SecretsReady", ConditionStatus::Unknown),
        ],
        ..starting(None)
    }));
    tick(10).await;
    let text = text_of(&m.query("[data-testid=session-overlay]").expect("overlay"));
    assert!(text.contains("Checking required secrets"), "{text}");
}

#[wasm_bindgen_test]
async fn failed_session_shows_an_alert_with_the_reason_and_retry() {
    let retried = RwSignal::new(0);
    let wb = RwSignal::new(Some(image_pull_failed()));
    let m = mount(move || {
        view! {
            <SessionOverlay
                workbench=wb
                on_retry=Callback::new(move |_| retried.update(|n| *n += 1))
            />
        }
    });
    tick(0).await;
    let alert = m
        .query("[data-testid=session-overlay] [role=alert]")
        .expect("an alert inside the overlay");
    let text = text_of(&alert);
    assert!(text.contains("quay.io/demo/desktop:bad"), "{text}");
    assert!(text.to_lowercase().contains("image"), "{text}");
    let button: web_sys::HtmlElement = alert
        .query_selector("button")
        .ok()
        .flatten()
        .expect("Retry")
        .unchecked_into();
    assert_eq!(button.text_content().unwrap_or_default(), "Retry");
    button.click();
    tick(0).await;
    assert_eq!(retried.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn a_failed_session_chorus_deleted_offers_start_new_session_not_retry() {
    // CHORUS turns a failed session's record `deleted` and has no `/start`.
    let mut failed = image_pull_failed();
    failed.status = console::domain::workbench::WorkbenchStatus::Deleted;
    let wb = RwSignal::new(Some(failed));
    let (retried, started) = (RwSignal::new(0), RwSignal::new(0));
    let offer = RwSignal::new(Some(Callback::new(move |_: ()| {
        started.update(|n| *n += 1)
    })));
    let m = mount(move || {
        view! {
            <SessionOverlay
                workbench=wb
                on_retry=Callback::new(move |_| retried.update(|n| *n += 1))
                on_start_new=offer
            />
        }
    });
    tick(0).await;
    let alert = m
        .query("[data-testid=session-overlay] [role=alert]")
        .expect("an alert inside the overlay");
    let labels: Vec<String> = m
        .query_all("[data-testid=session-overlay] [role=alert] button")
        .iter()
        .map(|b| b.text_content().unwrap_or_default())
        .collect();
    assert_eq!(labels, ["Start new session"], "{}", text_of(&alert));
    assert!(text_of(&alert).contains("cannot be started again"));
    let button: web_sys::HtmlElement = alert
        .query_selector("button")
        .ok()
        .flatten()
        .expect("the button")
        .unchecked_into();
    button.click();
    tick(0).await;
    assert_eq!((started.get_untracked(), retried.get_untracked()), (1, 0));
    // A user who may not start sessions there gets no button that cannot work: Retry only
    // checks again, and the note says what to do.
    offer.set(None);
    tick(0).await;
    let labels: Vec<String> = m
        .query_all("[data-testid=session-overlay] [role=alert] button")
        .iter()
        .map(|b| b.text_content().unwrap_or_default())
        .collect();
    assert_eq!(labels, ["Retry"]);
}

#[wasm_bindgen_test]
async fn hostile_pod_message_is_text() {
    let hostile = "<script>window.__pwned = 1</script><img src=x onerror=alert(1)>";
    let wb = RwSignal::new(Some(starting(Some(hostile))));
    let m = mount(move || view! { <SessionOverlay workbench=wb/> });
    tick(0).await;
    let overlay = m
        .query("[data-testid=session-overlay]")
        .expect("the overlay");
    assert!(text_of(&overlay).contains(hostile));
    assert!(m.query("script").is_none());
    assert!(m.query("img").is_none());

    // The failure box too.
    let mut failed = image_pull_failed();
    failed.server_pod_message = Some(hostile.into());
    wb.set(Some(failed));
    tick(10).await;
    let alert = m.query("[role=alert]").expect("alert");
    assert!(text_of(&alert).contains(hostile));
    assert!(m.query("script").is_none());
    assert!(m.query("img").is_none());
}

#[wasm_bindgen_test]
async fn overlay_stays_until_the_frame_loads_then_goes() {
    let wb = RwSignal::new(Some(running()));
    let loaded = RwSignal::new(false);
    // The fade's delay runs on a clock the test moves.
    let clock = ManualClock::install();
    let m = mount(move || view! { <SessionOverlay workbench=wb frame_loaded=loaded/> });
    tick(10).await;
    let overlay = m
        .query("[data-testid=session-overlay]")
        .expect("overlay over a running session until the frame loads");
    assert!(overlay.get_attribute("aria-hidden").is_none());

    loaded.set(true);
    tick(20).await;
    if let Some(overlay) = m.query("[data-testid=session-overlay]") {
        assert_eq!(
            overlay.get_attribute("aria-hidden").as_deref(),
            Some("true")
        );
    }
    clock.advance(500);
    tick(0).await;
    assert!(
        m.query("[data-testid=session-overlay]").is_none(),
        "the overlay leaves the DOM after fading"
    );
}

#[wasm_bindgen_test]
async fn timeout_and_not_found_errors() {
    let wb = RwSignal::new(Some(starting(None)));
    let summary = RwSignal::new(StatusSummary::TimedOut {
        waited_ms: 300_000,
        last_status: Some("Starting".into()),
    });
    let m = mount(move || {
        view! {
            <SessionOverlay
                workbench=wb
                summary=summary
                timeout_ms=300_000
                back_href="/workspaces/1"
            />
        }
    });
    tick(0).await;
    let text = text_of(&m.query("[role=alert]").expect("alert"));
    assert!(text.contains("did not start within 5 minutes"), "{text}");
    assert!(text.contains("Starting"), "{text}");
    assert!(m.query("[role=alert] button").is_some(), "Retry");

    summary.set(StatusSummary::NotFound);
    tick(10).await;
    let alert = m.query("[role=alert]").expect("alert");
    assert!(alert.query_selector("button").ok().flatten().is_none());
    let link = alert
        .query_selector("a")
        .ok()
        .flatten()
        .expect("a link back");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/workspaces/1"));
}

/// Issue 38: a session given up on where the backend cannot start it again (CHORUS: no
/// `/start`) offers what can really be done: a new session, and the stuck one's removal (after a
/// confirmation), besides a Retry that only looks again; a backend that reported no status is
/// said to be so.
#[wasm_bindgen_test]
async fn a_timed_out_session_without_start_offers_a_new_one_and_its_removal() {
    let wb = RwSignal::new(Some(Workbench {
        id: "9".into(),
        name: "Stuck".into(),
        ..Workbench::default()
    }));
    let summary = RwSignal::new(StatusSummary::TimedOut {
        waited_ms: 540_000,
        last_status: Some("not reported".into()),
    });
    let started = RwSignal::new(0);
    let deleted = RwSignal::new(0);
    let m = mount(move || {
        // An origin of its own: what it remembers as missing touches no other test.
        let api = ApiClient::new("http://no-start.invalid");
        api.mark_missing(console::api::Extension::SessionStopStart);
        provide_context(api);
        let start = Signal::stored(Some(Callback::new(move |_| started.update(|n| *n += 1))));
        let delete = Signal::stored(Some(Callback::new(move |_| deleted.update(|n| *n += 1))));
        view! {
            <SessionOverlay
                workbench=wb
                summary=summary
                timeout_ms=300_000
                on_start_new=start
                on_delete=delete
            />
        }
    });
    tick(0).await;
    let alert = m.query("[role=alert]").expect("alert");
    let text = text_of(&alert);
    assert!(text.contains("9 min"), "the real wait: {text}");
    assert!(text.contains("has not reported a status"), "{text}");
    let button = |name: &str| {
        let list = alert.query_selector_all("button").expect("buttons");
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            .find(|b| b.text_content().unwrap_or_default().trim() == name)
    };
    button("Start new session")
        .expect("Start new session")
        .click();
    assert_eq!(started.get_untracked(), 1);
    assert!(button("Retry").is_some(), "Retry still looks again");
    button("Delete session").expect("Delete session").click();
    tick(10).await;
    assert_eq!(deleted.get_untracked(), 0, "not before the confirmation");
    let confirm = m
        .query("[role=alert] [role=group] button.btn-danger")
        .expect("the confirmation's Delete")
        .dyn_into::<web_sys::HtmlElement>()
        .expect("a button");
    confirm.click();
    assert_eq!(deleted.get_untracked(), 1);
}

#[wasm_bindgen_test]
fn words_and_progress() {
    assert_eq!(duration_words(300_000), "5 minutes");
    assert_eq!(duration_words(4_000), "4 seconds");
    assert_eq!(duration_words(60_000), "1 minute");
    let wb = starting(None);
    let early = progress_estimate(Some(&wb), 1_000);
    let late = progress_estimate(Some(&wb), 10 * 60_000);
    assert!(early < late);
    assert!(late <= 95.0, "never 100 % before Running: {late}");
    assert_eq!(progress_estimate(Some(&running()), 0), 100.0);
}

#[wasm_bindgen_test]
async fn two_views_share_one_poller_and_release_it() {
    #[component]
    fn View(id: &'static str) -> impl IntoView {
        let status = use_workbench_status(id);
        view! { <span class="view">{move || format!("{:?}", status.summary.get())}</span> }
    }
    #[component]
    fn Page(id: &'static str) -> impl IntoView {
        // The page provides the session's status; its views share it.
        provide_workbench_status(id);
        view! { <View id=id/><View id=id/> }
    }
    let id = "browser-test-shared";
    let before = live_polls();
    let m = mount(move || {
        provide_context(ApiClient::new("http://127.0.0.1:9"));
        view! { <Page id=id/> }
    });
    tick(0).await;
    assert_eq!(m.query_all(".view").len(), 2, "both views render");
    assert_eq!(live_polls(), before + 1, "two views, one poll");
    drop(m);
    tick(0).await;
    assert_eq!(live_polls(), before, "the poll goes with the page");
}
