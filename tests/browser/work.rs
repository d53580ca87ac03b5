//! Browser tests of the session page as a place to work (issue 14) and of hardening checked
//! with the browser's own parsers (issue 12): the start log, the overlay's estimate and its
//! words during the desktop server's start, and `next` resolved by the browser's URL parser.
use console::components::session_overlay::SessionOverlay;
use console::components::start_log::StartLogView;
use console::domain::auth::safe_next;
use console::domain::estimate::StartTimes;
use console::domain::start_log::StartLog;
use console::domain::workbench::{K8sWorkbenchStatus, ServerPodStatus, Workbench};
use leptos::prelude::*;
use wasm_bindgen_test::*;

use crate::support::{mount, tick};

#[wasm_bindgen_test]
fn next_never_leaves_the_app_by_the_browsers_own_url_parser() {
    let origin = "https://console.example.org";
    // Decoded `next` values an attacker may send (`?next=%2F%09%2Fevil.example` …).
    let hostile = [
        "//evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\\/evil.example",
        "https://evil.example",
        "http:evil.example",
        "javascript:alert(1)",
        " //evil.example",
        "/%2F/evil.example",
        "/./\t/evil.example",
        "\u{0}//evil.example",
    ];
    for next in hostile {
        let target = safe_next(Some(next));
        let url = web_sys::Url::new_with_base(&target, origin).expect("the browser parses it");
        assert_eq!(url.origin(), origin, "{next:?} went to {target:?}");
    }
    // A path of the app stays as it is.
    assert_eq!(safe_next(Some("/workspaces/1?x=2")), "/workspaces/1?x=2");
}

#[wasm_bindgen_test]
async fn start_log_lists_entries_as_text_oldest_first() {
    let log = RwSignal::new(StartLog::new(0));
    let m = mount(move || {
        view! { <StartLogView log=log title=Signal::stored("Session X".to_string())/> }
    });
    tick(0).await;
    let list = m.query("ol[data-testid=start-log]").expect("the start log");
    assert_eq!(list.children().length(), 0);
    assert!(m.text().contains("Nothing seen yet."));
    let copy = m
        .query_all("button")
        .into_iter()
        .find(|b| {
            b.text_content()
                .unwrap_or_default()
                .contains("Copy as text")
        })
        .expect("Copy as text");
    assert!(copy.has_attribute("disabled"));

    log.update(|l| {
        l.observe(
            &Workbench {
                k8s_status: K8sWorkbenchStatus::Progressing,
                server_pod_status: ServerPodStatus::Starting,
                server_pod_message: Some("<script>alert(1)</script>".into()),
                ..Workbench::default()
            },
            3_000,
        );
        l.error("HTTP 502 <b>Bad</b> Gateway", 4_000);
    });
    tick(0).await;
    let items = m.query_all("ol[data-testid=start-log] > li");
    assert_eq!(items.len(), 3);
    let texts: Vec<String> = items
        .iter()
        .map(|i| i.text_content().unwrap_or_default())
        .collect();
    assert!(
        texts[0].starts_with("+3 s") && texts[0].contains("Status: Starting"),
        "{texts:?}"
    );
    assert!(
        texts[1].contains("<script>alert(1)</script>"),
        "hostile text is text: {texts:?}"
    );
    assert!(
        texts[2].contains("Error: HTTP 502 <b>Bad</b> Gateway"),
        "{texts:?}"
    );
    assert!(m
        .query("ol[data-testid=start-log] script, ol[data-testid=start-log] b")
        .is_none());
    assert_eq!(
        items[2].get_attribute("data-kind").as_deref(),
        Some("error")
    );
    assert!(!copy.has_attribute("disabled"));
}

fn running_not_answering() -> Workbench {
    Workbench {
        id: "7".into(),
        name: "Lagging".into(),
        k8s_status: K8sWorkbenchStatus::Running,
        server_pod_status: ServerPodStatus::Starting,
        server_pod_message: Some("Waiting for the VNC server".into()),
        ..Workbench::default()
    }
}

#[wasm_bindgen_test]
async fn overlay_says_the_desktop_server_is_starting_and_how_long_starts_take() {
    let mut times = StartTimes::default();
    for (id, ms) in [("a", 38_000), ("b", 40_000), ("c", 42_000)] {
        times.add(id, ms);
    }
    let estimate = times.estimate();
    let wb = RwSignal::new(Some(running_not_answering()));
    let m = mount(move || view! { <SessionOverlay workbench=wb estimate=estimate/> });
    tick(10).await;
    let overlay = m
        .query("[data-testid=session-overlay]")
        .expect("the overlay");
    let text = overlay.text_content().unwrap_or_default();
    assert!(text.contains("The desktop server is starting…"), "{text}");
    assert!(text.contains("Waiting for the VNC server"), "{text}");
    assert!(text.contains("Usually ready in about 40 s."), "{text}");
    assert!(!text.contains("longer than usual"), "{text}");
    let progress = m.query("progress").expect("progress");
    let value: f64 = progress
        .get_attribute("value")
        .unwrap_or_default()
        .parse()
        .unwrap_or(100.0);
    assert!(
        value < 100.0,
        "not done before the desktop answers: {value}"
    );
}

#[wasm_bindgen_test]
async fn no_estimate_from_fewer_than_three_starts() {
    let mut times = StartTimes::default();
    times.add("a", 40_000);
    times.add("b", 40_000);
    let estimate = times.estimate();
    let wb = RwSignal::new(Some(running_not_answering()));
    let m = mount(move || view! { <SessionOverlay workbench=wb estimate=estimate/> });
    tick(10).await;
    assert!(!m.text().contains("Usually ready"), "{}", m.text());
}
