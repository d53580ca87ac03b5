//! Browser tests: the desktop pool (issue 21). A slot shows its ready session's desktop from the
//! layer; when the slot goes, the frame stays, hidden from sight, focus and the accessibility
//! tree; the pool's bound drops the least recently used; a session gone leaves at once.
use console::api::ApiClient;
use console::components::desktop_layer::{DesktopLayer, DesktopSlot};
use console::domain::workbench::{K8sWorkbenchStatus, ServerPodStatus, Workbench};
use console::state::desktops::Desktops;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::support::{mount, tick};

fn ready(id: &str) -> Workbench {
    Workbench {
        id: id.into(),
        workspace_id: "1".into(),
        name: format!("Desk {id}"),
        k8s_status: K8sWorkbenchStatus::Running,
        server_pod_status: ServerPodStatus::Ready,
        ..Workbench::default()
    }
}

/// The layer and, while `page` names one, a slot for that session (as its page would have).
fn pool_with_page(
    capacity: usize,
    page: RwSignal<Option<String>>,
    gone: RwSignal<bool>,
) -> impl IntoView {
    pool_with_page_under(capacity, page, gone, "")
}

/// [`pool_with_page`] with the desktops' pages under `stream_base` (`streamBaseUrl`).
fn pool_with_page_under(
    capacity: usize,
    page: RwSignal<Option<String>>,
    gone: RwSignal<bool>,
    stream_base: &'static str,
) -> impl IntoView {
    provide_context(ApiClient::new("").with_stream_base(stream_base));
    let desktops = Desktops::provide(capacity);
    view! {
        // The one rule of style/session.css the slot's size depends on.
        <style>".desktop-slot { position: absolute; inset: 0; }"</style>
        <DesktopLayer/>
        <div style="position:relative;width:400px;height:300px">
            {move || page.get().map(|id| {
                let wb = Signal::stored(Some(ready(&id)));
                view! {
                    <DesktopSlot
                        desktops=desktops
                        id=id
                        workbench=wb
                        gone=gone
                        loaded=console::state::Slot::new(false)
                    />
                }
            })}
        </div>
    }
}

fn frame_of(m: &crate::support::Mounted, id: &str) -> Option<web_sys::Element> {
    m.query(&format!("iframe.pooled-desktop[data-session-id=\"{id}\"]"))
}

#[wasm_bindgen_test]
async fn a_desktop_outlives_its_page_hidden_and_inert() {
    let page = RwSignal::new(Some("1".to_owned()));
    let gone = RwSignal::new(false);
    let m = mount(move || pool_with_page(4, page, gone));
    tick(30).await;
    let frame = frame_of(&m, "1").expect("the desktop of the page shown");
    assert_eq!(
        frame.get_attribute("data-testid").as_deref(),
        Some("session-iframe")
    );
    assert_eq!(
        frame.get_attribute("title").as_deref(),
        Some("Session Desk 1")
    );
    assert_eq!(
        frame.get_attribute("src").as_deref(),
        Some("/api/rest/v1/workbenches/1/stream/")
    );
    assert!(frame.get_attribute("inert").is_none());
    // The desktop's sandbox and features, as on a frame of its own (issue 28: all three frames).
    assert_eq!(
        frame.get_attribute("sandbox").as_deref(),
        Some(console::components::background_iframe::DESKTOP_SANDBOX)
    );
    let sandbox = frame.get_attribute("sandbox").unwrap_or_default();
    assert!(sandbox.contains("allow-scripts"), "{sandbox}");
    assert!(
        !sandbox.contains("allow-top-navigation") && !sandbox.contains("allow-popups"),
        "{sandbox}"
    );
    // Without a workspace that allows them: no clipboard, no downloads (issue 55).
    let allow = frame.get_attribute("allow").unwrap_or_default();
    assert!(!allow.contains("clipboard"), "{allow}");
    assert!(!sandbox.contains("allow-downloads"), "{sandbox}");
    // Placed through CSSOM (a `style` attribute would break the Content-Security-Policy).
    let css = frame.unchecked_ref::<web_sys::HtmlElement>().style();
    assert_eq!(css.get_property_value("width").unwrap(), "400px");
    assert_eq!(css.get_property_value("height").unwrap(), "300px");

    // The page goes: the same element stays, hidden.
    page.set(None);
    tick(30).await;
    let kept = frame_of(&m, "1").expect("kept alive");
    assert!(
        kept.is_same_node(Some(&frame)),
        "the same frame, never re-created"
    );
    assert!(kept.get_attribute("data-testid").is_none());
    assert!(kept.get_attribute("title").is_none());
    assert_eq!(kept.get_attribute("aria-hidden").as_deref(), Some("true"));
    assert!(kept.get_attribute("inert").is_some());
    assert_eq!(kept.get_attribute("tabindex").as_deref(), Some("-1"));
    assert!(m.query("[data-testid=session-iframe]").is_none());

    // Back: shown again, the same element.
    page.set(Some("1".into()));
    tick(30).await;
    let back = frame_of(&m, "1").unwrap();
    assert!(back.is_same_node(Some(&frame)));
    assert_eq!(
        back.get_attribute("data-testid").as_deref(),
        Some("session-iframe")
    );
}

#[wasm_bindgen_test]
async fn the_bound_drops_the_least_recently_used() {
    let page = RwSignal::new(Some("1".to_owned()));
    let gone = RwSignal::new(false);
    let m = mount(move || pool_with_page(2, page, gone));
    for id in ["1", "2", "3"] {
        page.set(Some(id.into()));
        tick(20).await;
    }
    page.set(None);
    tick(20).await;
    assert!(frame_of(&m, "1").is_none(), "the oldest went");
    assert!(frame_of(&m, "2").is_some());
    assert!(frame_of(&m, "3").is_some());
    assert_eq!(m.query_all("iframe").len(), 2);
}

#[wasm_bindgen_test]
async fn a_session_gone_leaves_the_pool_at_once() {
    let page = RwSignal::new(Some("5".to_owned()));
    let gone = RwSignal::new(false);
    let m = mount(move || pool_with_page(4, page, gone));
    tick(20).await;
    assert!(frame_of(&m, "5").is_some());
    gone.set(true);
    tick(20).await;
    assert!(frame_of(&m, "5").is_none());
    assert!(m.query("iframe").is_none());
}

/// One origin per session (issue 28): with `{session}` in `streamBaseUrl` each pooled desktop
/// loads from its session's own host; a session whose id is not a host-name label never
/// enters the pool, and its page says why.
#[wasm_bindgen_test]
async fn each_pooled_desktop_on_its_sessions_origin_and_no_host_from_a_bad_id() {
    let page = RwSignal::new(Some("21".to_owned()));
    let gone = RwSignal::new(false);
    let m = mount(move || pool_with_page_under(4, page, gone, "http://s{session}.localhost:9"));
    tick(30).await;
    page.set(Some("22".into()));
    tick(30).await;
    for id in ["21", "22"] {
        let frame = frame_of(&m, id).expect("pooled");
        assert_eq!(
            frame.get_attribute("src").unwrap_or_default(),
            format!("http://s{id}.localhost:9/api/rest/v1/workbenches/{id}/stream/")
        );
    }

    page.set(Some("evil.example.org#".into()));
    tick(30).await;
    assert!(frame_of(&m, "evil.example.org#").is_none());
    assert_eq!(m.query_all("iframe").len(), 2, "no frame for it");
    assert!(m
        .query_all("iframe")
        .iter()
        .all(|f| !f.get_attribute("src").unwrap_or_default().contains("evil")));
    let refused = m
        .query(".desktop-slot [data-testid=frame-refused] [role=alert]")
        .expect("the reason where the desktop would be");
    let text = refused.text_content().unwrap_or_default();
    assert!(text.contains("\u{201c}evil.example.org#\u{201d}"), "{text}");
    assert!(text.contains("cannot be part of a host name"), "{text}");
}
