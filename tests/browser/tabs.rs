//! Browser tests: app tabs (issue 7).
//!
//! Most tests mount [`TabStrip`] on a `Slot<Tabs>` with callbacks that change the model
//! directly: no network. One test mounts [`AppTabs`] (its fixed signature) with a workbench
//! signal; its requests go to the test server and fail, which must not break the strip.
use console::api::ApiClient;
use console::components::app_tabs::{AppTabs, TabStrip};
use console::domain::tabs::{App, AppInstance, AppInstanceStatus, TabWaits, Tabs};
use console::domain::workbench::{K8sWorkbenchStatus, Workbench};
use console::state::app_tabs::Catalogue;
use console::state::auth::Auth;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

use crate::support::{has_icon, mount, tick, Mounted};

// ---------------------------------------------------------------------------------------------
// Fixtures and helpers
// ---------------------------------------------------------------------------------------------

fn app(id: &str, name: &str) -> App {
    App {
        id: id.into(),
        name: name.into(),
        ..App::default()
    }
}

fn inst(id: &str, app_id: &str, name: &str, status: AppInstanceStatus) -> AppInstance {
    AppInstance {
        id: id.into(),
        workbench_id: "5".into(),
        app_id: app_id.into(),
        app_name: name.into(),
        k8s_status: status,
        k8s_message: (status == AppInstanceStatus::Failed)
            .then(|| "<b>container exited</b> with code 1".to_string()),
        ..AppInstance::default()
    }
}

fn catalogue() -> Vec<App> {
    vec![
        app("1", "JupyterLab"),
        app("2", "VS Code"),
        app("3", "RStudio"),
        app("4", "Legacy Viewer"),
    ]
}

/// A session with three restored tabs: JupyterLab starting (11), VS Code ready (12), Legacy
/// Viewer failed (13); the workbench runs.
fn restored() -> Tabs {
    let mut t = Tabs::for_workbench("5");
    t.restore(&[
        inst("11", "1", "JupyterLab", AppInstanceStatus::Progressing),
        inst("12", "2", "VS Code", AppInstanceStatus::Running),
        inst("13", "4", "Legacy Viewer", AppInstanceStatus::Failed),
    ]);
    t.set_workbench_running(true);
    t
}

struct Strip {
    m: Mounted,
    tabs: console::state::Slot<Tabs>,
    closed: RwSignal<Vec<String>>,
    retried: RwSignal<Vec<String>>,
    api: ApiClient,
}

/// Mounts a strip on `tabs`; the callbacks change the model (open/close) or record (retry).
fn mount_strip(tabs: Tabs, cat: Catalogue) -> Strip {
    mount_strip_with(tabs, cat, "")
}

/// [`mount_strip`] with the frames' pages under `stream_base` (`streamBaseUrl`).
fn mount_strip_with(tabs: Tabs, cat: Catalogue, stream_base: &'static str) -> Strip {
    let tabs = console::state::Slot::new(tabs);
    let closed = RwSignal::new(Vec::<String>::new());
    let retried = RwSignal::new(Vec::<String>::new());
    let cat = RwSignal::new(cat);
    let client = std::rc::Rc::new(std::cell::Cell::new(None::<ApiClient>));
    let out = client.clone();
    let m = mount(move || {
        let api = ApiClient::new("").with_stream_base(stream_base);
        out.set(Some(api));
        provide_context(api);
        // `Open app` reads the platform's limits and counts the user's apps (none here).
        provide_context(Auth::new(api));
        let waits = console::state::Slot::new(TabWaits::new());
        Effect::new(move |_| {
            tabs.with(|t| {
                waits.update(|w| {
                    w.sync(t, 0);
                })
            });
        });
        view! {
            <TabStrip
                tabs=tabs
                waits=waits
                catalogue=cat
                on_open=Callback::new(move |a: App| {
                    tabs.update(|t| {
                        t.open(&a);
                    });
                })
                on_close=Callback::new(move |id: String| {
                    closed.update(|c| c.push(id.clone()));
                    tabs.update(|t| {
                        t.close(&id);
                    });
                })
                on_retry=Callback::new(move |id: String| retried.update(|r| r.push(id)))
            >
                <div class="desktop-probe">"the desktop"</div>
            </TabStrip>
        }
    });
    Strip {
        m,
        tabs,
        closed,
        retried,
        api: client.get().expect("the client"),
    }
}

fn attr(el: &Element, name: &str) -> String {
    el.get_attribute(name).unwrap_or_default()
}

fn tabs_of(m: &Mounted) -> Vec<Element> {
    m.query_all("[role=tab]")
}

fn states(m: &Mounted) -> Vec<String> {
    tabs_of(m)
        .iter()
        .map(|t| attr(t, "data-tab-state"))
        .collect()
}

fn selected_labels(m: &Mounted) -> Vec<String> {
    tabs_of(m)
        .iter()
        .filter(|t| attr(t, "aria-selected") == "true")
        .map(label)
        .collect()
}

fn label(el: &Element) -> String {
    el.query_selector(".tab-label")
        .ok()
        .flatten()
        .and_then(|l| l.text_content())
        .unwrap_or_default()
}

fn tab_named(m: &Mounted, name: &str) -> HtmlElement {
    tabs_of(m)
        .into_iter()
        .find(|t| label(t) == name)
        .unwrap_or_else(|| panic!("no tab {name}"))
        .unchecked_into()
}

fn button_named(m: &Mounted, name: &str) -> HtmlElement {
    m.query_all("button")
        .into_iter()
        .find(|b| {
            b.get_attribute("aria-label").as_deref() == Some(name)
                || b.text_content().unwrap_or_default().trim() == name
        })
        .unwrap_or_else(|| panic!("no button {name}"))
        .unchecked_into()
}

fn active_id() -> String {
    document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

/// Dispatches a bubbling, cancelable `keydown` with `key` on `el`.
fn key(el: &Element, key: &str) {
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"key".into(), &key.into()).unwrap();
    js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).unwrap();
    js_sys::Reflect::set(&init, &"cancelable".into(), &true.into()).unwrap();
    let ctor: js_sys::Function = js_sys::Reflect::get(&window(), &"KeyboardEvent".into())
        .unwrap()
        .unchecked_into();
    let args = js_sys::Array::of2(&"keydown".into(), &init);
    let ev: web_sys::Event = js_sys::Reflect::construct(&ctor, &args)
        .unwrap()
        .unchecked_into();
    el.dispatch_event(&ev).unwrap();
}

/// Dispatches a bubbling `pointerdown` on `el`.
fn pointerdown(el: &Element) {
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).unwrap();
    let ctor: js_sys::Function = js_sys::Reflect::get(&window(), &"Event".into())
        .unwrap()
        .unchecked_into();
    let args = js_sys::Array::of2(&"pointerdown".into(), &init);
    let ev: web_sys::Event = js_sys::Reflect::construct(&ctor, &args)
        .unwrap()
        .unchecked_into();
    el.dispatch_event(&ev).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn strip_markup_states_and_close_buttons() {
    let s = mount_strip(restored(), Catalogue::Loaded(catalogue()));
    tick(0).await;
    let m = &s.m;
    let list = m.query("[role=tablist]").expect("a tablist");
    assert_eq!(attr(&list, "aria-label"), "Session tabs");

    // Desktop first, selected, ready (the workbench runs); then the app tabs in order.
    let tabs = tabs_of(m);
    assert_eq!(tabs.len(), 4);
    assert_eq!(label(&tabs[0]), "Desktop");
    assert_eq!(
        tabs.iter().map(label).collect::<Vec<_>>(),
        ["Desktop", "JupyterLab", "VS Code", "Legacy Viewer"]
    );
    assert_eq!(
        states(m),
        ["ready", "pending_session_create", "ready", "error"]
    );
    assert_eq!(selected_labels(m), ["Desktop"]);
    assert_eq!(
        tabs.iter().map(|t| attr(t, "tabindex")).collect::<Vec<_>>(),
        ["0", "-1", "-1", "-1"]
    );
    // Every tab controls an existing panel labelled by it.
    for t in &tabs {
        let panel_id = attr(t, "aria-controls");
        let panel = m
            .query(&format!("#{panel_id}"))
            .unwrap_or_else(|| panic!("panel {panel_id}"));
        assert_eq!(attr(&panel, "role"), "tabpanel");
        assert_eq!(attr(&panel, "aria-labelledby"), t.id());
    }
    // Status words on the tabs themselves.
    let jl = tab_named(m, "JupyterLab");
    assert!(jl.query_selector(".spinner").unwrap().is_some());
    assert!(jl.text_content().unwrap_or_default().contains("starting"));
    let lv = tab_named(m, "Legacy Viewer");
    assert!(has_icon(&lv, "warning"));
    assert!(lv.text_content().unwrap_or_default().contains("error"));

    // Close buttons: one per app tab, named by the app, outside the tablist.
    let closers: Vec<String> = m
        .query_all("button.tab-close")
        .iter()
        .map(|b| attr(b, "aria-label"))
        .collect();
    assert_eq!(
        closers,
        ["Close JupyterLab", "Close VS Code", "Close Legacy Viewer"]
    );
    assert!(m.query("[role=tablist] button:not([role=tab])").is_none());
    assert!(m.query("[role=tab] button").is_none());

    // Panels: pending says what it waits for; error has the reason (as text) and Retry; ready
    // has the iframe.
    let panel = |t: &HtmlElement| m.query(&format!("#{}", attr(t, "aria-controls"))).unwrap();
    let p = panel(&jl);
    assert!(p
        .text_content()
        .unwrap_or_default()
        .contains("Starting JupyterLab…"));
    assert!(p.query_selector("iframe").unwrap().is_none());
    let p = panel(&lv);
    let alert = p.query_selector("[role=alert]").unwrap().expect("an alert");
    let text = alert.text_content().unwrap_or_default();
    assert!(
        text.contains("Legacy Viewer failed to start: <b>container exited</b> with code 1"),
        "{text}"
    );
    assert!(alert.query_selector("b").unwrap().is_none());
    let retry: HtmlElement = alert
        .query_selector("button")
        .unwrap()
        .expect("Retry")
        .unchecked_into();
    assert_eq!(retry.text_content().unwrap_or_default(), "Retry");
    retry.click();
    tick(0).await;
    assert_eq!(s.retried.get_untracked().len(), 1);
    let p = panel(&tab_named(m, "VS Code"));
    let frame = p.query_selector("iframe").unwrap().expect("an iframe");
    assert_eq!(attr(&frame, "title"), "VS Code");
    assert!(attr(&frame, "src").ends_with("/api/rest/v1/app-instances/12/stream/"));

    // Closing a tab: the callback gets its id.
    button_named(m, "Close VS Code").click();
    tick(0).await;
    assert_eq!(s.closed.get_untracked().len(), 1);
    assert_eq!(tabs_of(m).len(), 3);
    assert!(m.query("iframe").is_none());
}

#[wasm_bindgen_test]
async fn desktop_stays_the_same_node_when_another_tab_is_selected() {
    let s = mount_strip(restored(), Catalogue::Loaded(catalogue()));
    tick(0).await;
    let m = &s.m;
    let probe = m.query(".desktop-probe").expect("the desktop");
    let desktop_panel = m.query("#app-panel-desktop").unwrap();
    assert!(!desktop_panel.has_attribute("hidden"));

    tab_named(m, "VS Code").click();
    tick(0).await;
    assert_eq!(selected_labels(m), ["VS Code"]);
    assert!(desktop_panel.has_attribute("hidden"));
    let vs_panel = m
        .query(&format!(
            "#{}",
            attr(&tab_named(m, "VS Code"), "aria-controls")
        ))
        .unwrap();
    assert!(!vs_panel.has_attribute("hidden"));
    // still mounted, the very same node
    let again = m.query(".desktop-probe").expect("still mounted");
    assert!(again.is_same_node(Some(&probe)));
    assert!(probe.is_connected());

    // Back to the desktop; then the model changes (a tab opens, one closes): same node.
    tab_named(m, "Desktop").click();
    tick(0).await;
    assert!(!desktop_panel.has_attribute("hidden"));
    s.tabs.update(|t| {
        t.open(&app("3", "RStudio"));
    });
    tick(0).await;
    let first = s.tabs.with_untracked(|t| t.tabs()[0].client_id.clone());
    s.tabs.update(|t| {
        t.close(&first);
    });
    tick(0).await;
    assert!(m
        .query(".desktop-probe")
        .unwrap()
        .is_same_node(Some(&probe)));
    assert_eq!(m.query_all(".desktop-probe").len(), 1);
}

#[wasm_bindgen_test]
async fn desktop_tab_state_follows_the_workbench() {
    let mut t = Tabs::for_workbench("5");
    t.open(&app("1", "JupyterLab"));
    let s = mount_strip(t, Catalogue::Loaded(catalogue()));
    tick(0).await;
    assert_eq!(states(&s.m), ["pending_provision", "pending_provision"]);
    assert!(s.m.text().contains("Waiting for the session to start"));
    s.tabs.update(|t| {
        t.set_workbench_running(true);
    });
    tick(0).await;
    assert_eq!(states(&s.m), ["ready", "pending_session_create"]);
    assert!(s.m.text().contains("Starting JupyterLab…"));
}

#[wasm_bindgen_test]
async fn keyboard_moves_selection_and_delete_closes() {
    let s = mount_strip(restored(), Catalogue::Loaded(catalogue()));
    tick(0).await;
    let m = &s.m;
    let desktop = tab_named(m, "Desktop");
    desktop.focus().unwrap();

    key(&desktop, "ArrowRight");
    tick(0).await;
    assert_eq!(selected_labels(m), ["JupyterLab"]);
    assert_eq!(active_id(), tab_named(m, "JupyterLab").id());
    // roving tabindex
    assert_eq!(attr(&tab_named(m, "JupyterLab"), "tabindex"), "0");
    assert_eq!(attr(&desktop, "tabindex"), "-1");

    key(&tab_named(m, "JupyterLab"), "ArrowLeft");
    tick(0).await;
    assert_eq!(selected_labels(m), ["Desktop"]);
    assert_eq!(active_id(), "app-tab-desktop");

    // wraps
    key(&desktop, "ArrowLeft");
    tick(0).await;
    assert_eq!(selected_labels(m), ["Legacy Viewer"]);
    key(&tab_named(m, "Legacy Viewer"), "ArrowRight");
    tick(0).await;
    assert_eq!(selected_labels(m), ["Desktop"]);

    key(&desktop, "End");
    tick(0).await;
    assert_eq!(selected_labels(m), ["Legacy Viewer"]);
    key(&tab_named(m, "Legacy Viewer"), "Home");
    tick(0).await;
    assert_eq!(selected_labels(m), ["Desktop"]);

    // Delete on the Desktop tab does nothing.
    key(&desktop, "Delete");
    tick(0).await;
    assert_eq!(tabs_of(m).len(), 4);

    // Delete closes the focused app tab; focus goes to the newly selected tab.
    key(&desktop, "ArrowRight");
    key(&tab_named(m, "JupyterLab"), "ArrowRight");
    tick(0).await;
    assert_eq!(selected_labels(m), ["VS Code"]);
    key(&tab_named(m, "VS Code"), "Delete");
    tick(0).await;
    assert_eq!(s.closed.get_untracked().len(), 1);
    assert_eq!(
        tabs_of(m).iter().map(label).collect::<Vec<_>>(),
        ["Desktop", "JupyterLab", "Legacy Viewer"]
    );
    assert_eq!(selected_labels(m), ["Legacy Viewer"]);
    assert_eq!(active_id(), tab_named(m, "Legacy Viewer").id());

    // Closing the last app tabs lands on the Desktop tab.
    key(&tab_named(m, "Legacy Viewer"), "Delete");
    tick(0).await;
    let jl = tab_named(m, "JupyterLab");
    assert_eq!(selected_labels(m), ["JupyterLab"]);
    key(&jl, "Delete");
    tick(0).await;
    assert_eq!(tabs_of(m).len(), 1);
    assert_eq!(selected_labels(m), ["Desktop"]);
    assert_eq!(active_id(), "app-tab-desktop");
}

#[wasm_bindgen_test]
async fn open_app_adds_a_selected_placeholder_at_once() {
    let s = mount_strip(Tabs::for_workbench("5"), Catalogue::Loaded(catalogue()));
    tick(0).await;
    let m = &s.m;
    let open = button_named(m, "Open app");
    assert_eq!(attr(&open, "aria-expanded"), "false");
    assert!(m.query("#open-app-menu").is_none());
    open.click();
    tick(50).await;
    assert_eq!(attr(&open, "aria-expanded"), "true");
    let menu = m.query("#open-app-menu").expect("the list");
    let names: Vec<String> = m
        .query_all("#open-app-menu button")
        .iter()
        .map(|b| b.text_content().unwrap_or_default())
        .collect();
    assert_eq!(names, ["JupyterLab", "VS Code", "RStudio", "Legacy Viewer"]);
    // focus went into the list
    assert_eq!(
        document().active_element().and_then(|e| e.text_content()),
        Some("JupyterLab".to_string())
    );
    // Escape closes it and gives focus back to the button.
    key(&menu.query_selector("button").unwrap().unwrap(), "Escape");
    tick(0).await;
    assert!(m.query("#open-app-menu").is_none());
    assert!(document()
        .active_element()
        .is_some_and(|e| e.is_same_node(Some(&open))));

    // A press outside closes it; one inside does not.
    open.click();
    tick(50).await;
    pointerdown(&m.query("#open-app-menu button").unwrap());
    tick(0).await;
    assert!(m.query("#open-app-menu").is_some());
    pointerdown(&document().body().unwrap());
    tick(0).await;
    assert!(m.query("#open-app-menu").is_none());

    // Choose JupyterLab: its tab is there at once, selected, waiting for the session.
    open.click();
    tick(50).await;
    button_named(m, "JupyterLab").click();
    tick(50).await;
    assert!(m.query("#open-app-menu").is_none());
    assert_eq!(selected_labels(m), ["JupyterLab"]);
    assert_eq!(states(m), ["pending_provision", "pending_provision"]);
    let jl = tab_named(m, "JupyterLab");
    let panel = m
        .query(&format!("#{}", attr(&jl, "aria-controls")))
        .unwrap();
    assert!(!panel.has_attribute("hidden"));
    assert!(panel
        .text_content()
        .unwrap_or_default()
        .contains("Waiting for the session to start"));
    assert!(m
        .query("#app-panel-desktop")
        .unwrap()
        .has_attribute("hidden"));
    assert_eq!(active_id(), jl.id());
    assert_eq!(
        button_named(m, "Close JupyterLab").class_name(),
        "tab-close"
    );
}

#[wasm_bindgen_test]
async fn open_app_list_loading_and_error() {
    let s = mount_strip(Tabs::new(), Catalogue::Loading);
    tick(0).await;
    button_named(&s.m, "Open app").click();
    tick(50).await;
    let menu = s.m.query("#open-app-menu").expect("the list");
    assert!(menu
        .query_selector("[role=status]")
        .unwrap()
        .is_some_and(|e| e
            .text_content()
            .unwrap_or_default()
            .contains("Loading apps")));
    drop(s);

    let err = console::api::error::http_error(
        500,
        "Internal Server Error",
        r#"{"message":"apps exploded","details":[]}"#,
    );
    let s = mount_strip(Tabs::new(), Catalogue::Failed(err));
    tick(0).await;
    button_named(&s.m, "Open app").click();
    tick(50).await;
    let alert = s.m.query("#open-app-menu [role=alert]").expect("an alert");
    let text = alert.text_content().unwrap_or_default();
    assert!(text.contains("Could not load the apps"), "{text}");
    assert!(text.contains("apps exploded"), "{text}");
}

#[wasm_bindgen_test]
async fn app_tabs_with_a_workbench_signal() {
    let wb = RwSignal::new(Some(Workbench {
        id: "5".into(),
        tenant_id: "1".into(),
        workspace_id: "1".into(),
        name: "Demo session".into(),
        k8s_status: K8sWorkbenchStatus::Progressing,
        ..Workbench::default()
    }));
    let m = mount(move || {
        let api = ApiClient::new("");
        provide_context(api);
        provide_context(Auth::new(api));
        view! {
            <AppTabs workspace_id="1" workbench_id="5" workbench=wb>
                <div class="desktop-probe">"the desktop"</div>
            </AppTabs>
        }
    });
    tick(20).await;
    let desktop = m.query("#app-tab-desktop").expect("the Desktop tab");
    assert_eq!(attr(&desktop, "role"), "tab");
    assert_eq!(attr(&desktop, "aria-selected"), "true");
    assert_eq!(attr(&desktop, "data-tab-state"), "pending_provision");
    let probe = m.query(".desktop-probe").expect("the desktop");
    wb.update(|w| {
        if let Some(w) = w {
            w.k8s_status = K8sWorkbenchStatus::Running;
        }
    });
    tick(20).await;
    assert_eq!(attr(&desktop, "data-tab-state"), "ready");
    assert!(m
        .query(".desktop-probe")
        .unwrap()
        .is_same_node(Some(&probe)));
    assert!(m.query("[role=tablist]").is_some());
    // The test server has no API: the failures show as errors, the strip keeps working.
    let mut ok = false;
    for _ in 0..50 {
        if m.query("[role=alert]").is_some() {
            ok = true;
            break;
        }
        tick(20).await;
    }
    assert!(ok, "the failed restore shows an alert");
    assert_eq!(m.query_all("[role=tab]").len(), 1);
}

/// An app's own page (issue 28): on the origin of the session it runs in (`{session}` in
/// `streamBaseUrl`), with less than a desktop gets (no dialogs, no downloads, no clipboard);
/// the probe of that page, which another origin need not let the console read, is no sign of
/// being offline. Without its session known, the page is not shown and says why.
#[wasm_bindgen_test]
async fn an_app_page_runs_on_its_sessions_origin_with_the_apps_sandbox() {
    let s = mount_strip_with(
        restored(),
        Catalogue::Loaded(catalogue()),
        "http://s{session}.localhost:9",
    );
    let m = &s.m;
    tick(10).await;
    let panel = m
        .query(&format!(
            "#{}",
            attr(&tab_named(m, "VS Code"), "aria-controls")
        ))
        .expect("the VS Code panel");
    let frame = panel.query_selector("iframe").unwrap().expect("its iframe");
    let src = attr(&frame, "src");
    assert_eq!(
        src,
        "http://s5.localhost:9/api/rest/v1/app-instances/12/stream/"
    );
    let sandbox = attr(&frame, "sandbox");
    assert_eq!(
        sandbox,
        "allow-scripts allow-same-origin allow-forms allow-pointer-lock"
    );
    for no in [
        "allow-modals",
        "allow-downloads",
        "allow-popups",
        "allow-top-navigation",
    ] {
        assert!(!sandbox.contains(no), "{sandbox}");
    }
    let allow = attr(&frame, "allow");
    assert!(allow.contains("fullscreen"), "{allow}");
    assert!(!allow.contains("clipboard"), "{allow}");

    // The probe went to the same page, which answers nothing here (port 9): once a request of
    // ours to it has failed too, the probe's has been counted, or not.
    let failed = gloo_net::http::Request::get(&src).send().await;
    assert!(failed.is_err(), "nothing answers {src}");
    tick(10).await;
    assert_eq!(
        s.api.network_failures().get_untracked(),
        0,
        "a probe that reached no page is not an offline sign"
    );

    // The same tabs without their session known: no frame, and why.
    let t = mount_strip_with(
        {
            let mut t = Tabs::new();
            t.set_workbench_running(true);
            t.restore(&[inst("12", "2", "VS Code", AppInstanceStatus::Running)]);
            t
        },
        Catalogue::Loaded(catalogue()),
        "http://s{session}.localhost:9",
    );
    tick(10).await;
    assert!(t.m.query("iframe").is_none());
    let refused =
        t.m.query("[data-testid=frame-refused] [role=alert]")
            .expect("the reason in place of the page");
    assert!(
        refused
            .text_content()
            .unwrap_or_default()
            .contains("session it belongs to is not known"),
        "{}",
        refused.text_content().unwrap_or_default()
    );
}

#[wasm_bindgen_test]
async fn open_app_offers_a_search_over_eight_apps_and_the_whole_catalogue() {
    // Eight apps: a list without a search box.
    let eight: Vec<App> = (1..=8)
        .map(|i| app(&i.to_string(), &format!("App {i}")))
        .collect();
    let s = mount_strip(Tabs::for_workbench("5"), Catalogue::Loaded(eight));
    tick(0).await;
    button_named(&s.m, "Open app").click();
    tick(50).await;
    assert!(s.m.query("#open-app-menu input[type=search]").is_none());
    let browse = s.m.query("#open-app-menu a").expect("Browse all apps");
    assert_eq!(browse.text_content().as_deref(), Some("Browse all apps"));
    assert_eq!(attr(&browse, "href"), "/apps");
    drop(s);

    // Nine: `Search apps`, focused, filtering the buttons.
    let nine: Vec<App> = (1..=9)
        .map(|i| app(&i.to_string(), &format!("App {i}")))
        .collect();
    let s = mount_strip(Tabs::for_workbench("5"), Catalogue::Loaded(nine));
    tick(0).await;
    button_named(&s.m, "Open app").click();
    tick(50).await;
    let search =
        s.m.query("#open-app-menu input[type=search]")
            .expect("the search");
    assert_eq!(attr(&search, "aria-label"), "Search apps");
    assert!(document()
        .active_element()
        .is_some_and(|e| e.is_same_node(Some(&search))));
    assert_eq!(s.m.query_all("#open-app-menu ul button").len(), 9);
}
