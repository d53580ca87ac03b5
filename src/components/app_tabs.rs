//! App tabs inside a session (issue 7): [`AppTabs`] (wired to the backend) and [`TabStrip`] (the
//! markup alone, driven by a [`Tabs`] signal and callbacks: what the browser tests mount).
//!
//! Markup (ui.md "open an app", "app tabs"):
//! - `role="tablist"` (`aria-label="Session tabs"`): a first tab `Desktop` (the session's desktop:
//!   `children`, mounted once and only hidden when another tab is selected), then one
//!   `role="tab"` per app tab with `data-tab-state`, `aria-selected`, `aria-controls`, a roving
//!   `tabindex`; a spinner (pending) or ⚠ (error) with words for screen readers;
//! - a close button `Close <app name>` next to each app tab. It is *not* inside the tablist
//!   element (a tablist may own only tabs): the tablist and the row of close buttons are
//!   `display: contents` in one flex row, and CSS `order` puts each close button right after
//!   its tab;
//! - `Open app`: a disclosure button showing the catalogue as buttons named by the apps' names
//!   (loading and error inside); Escape closes it and returns focus to the button;
//! - one `role="tabpanel"` per tab: pending → what it waits for and the time waited; error → the
//!   reason and `Retry`; ready → `<iframe title="<app>" src=…/stream/>` under an overlay until it
//!   loads. App panels stay mounted while hidden too (an app keeps its state across switches).
//!
//! Keyboard (WAI-ARIA tabs, automatic activation): Left/Right move and select (wrapping),
//! Home/End, Enter/Space select (the tabs are buttons), Delete closes the focused app tab; after
//! a close, focus goes to the tab then selected (the Desktop tab when none is left).
use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use crate::components::icon::{Icon, IconName};
use wasm_bindgen::JsCast;

use crate::api::{apps, ApiClient, ApiError, Extension};
use crate::components::error_alert::ErrorAlert;
use crate::config::AppView;
use crate::domain::tabs::{
    move_index, strip_selection, tab_info, App, PanelKind, StripMove, TabInfo, TabState, TabWaits,
    Tabs,
};
use crate::domain::time::format_duration;
use crate::domain::workbench::Workbench;
use crate::state::app_tabs::{use_app_tabs, Catalogue};
use crate::state::{now_ms, use_config};

/// DOM id of the Desktop tab.
pub const DESKTOP_TAB_ID: &str = "app-tab-desktop";
/// DOM id of the Desktop panel.
pub const DESKTOP_PANEL_ID: &str = "app-panel-desktop";
const MENU_ID: &str = "open-app-menu";
/// `order` of the "Open app" control: after every tab.
const OPEN_APP_ORDER: usize = 1_000_000;

/// The tab strip of a session page: a first tab for the session's desktop (`children`, kept
/// mounted while hidden), then one tab per app instance, restored on load and polled while
/// starting. `workbench` is the session page's status poller's workbench.
#[component]
pub fn AppTabs(
    #[prop(into)] workspace_id: String,
    #[prop(into)] workbench_id: String,
    #[prop(into)] workbench: Signal<Option<Workbench>>,
    children: ChildrenFn,
) -> impl IntoView {
    let state = use_app_tabs(workspace_id, workbench_id, workbench);
    let api = ApiClient::use_client();
    let configured = use_config().app_view;
    // What a ready app tab shows: its own page, or (configured so, or the backend has no
    // per-app page) the session's desktop, where the app runs as a window.
    let app_view = Signal::derive(move || {
        if configured == AppView::Desktop || !api.supports(Extension::AppStream) {
            AppView::Desktop
        } else {
            AppView::Instance
        }
    });
    let on_open = Callback::new(move |app: App| {
        state.open(&app);
    });
    let on_close = Callback::new(move |id: String| state.close(&id));
    let on_retry = Callback::new(move |id: String| state.retry(&id));
    let on_reload = Callback::new(move |_: ()| state.reload_catalogue());
    let restore_error = move || {
        state.restore_error.get().map(|e| {
            view! {
                <ErrorAlert
                    title="Could not load the apps open in this session"
                    error=e
                    on_retry=Callback::new(move |_| state.reload_instances())
                />
            }
        })
    };
    let notice = move || {
        state.notice.get().map(|text| {
            view! {
                <div class="alert alert-warn app-tabs-notice" role="alert">
                    <p>{text}</p>
                    <button
                        type="button"
                        class="btn btn-small"
                        on:click=move |_| state.notice.set(None)
                    >
                        "Dismiss"
                    </button>
                </div>
            }
        })
    };
    view! {
        <div class="app-tabs-host">
            {restore_error}
            {notice}
            <TabStrip
                tabs=state.tabs
                waits=state.waits
                catalogue=state.catalogue
                on_open=on_open
                on_close=on_close
                on_retry=on_retry
                on_reload_catalogue=on_reload
                app_view=app_view
            >
                {children()}
            </TabStrip>
        </div>
    }
}

fn focus_by_id(id: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

fn dom_id_of(selection: Option<&str>) -> String {
    match selection {
        None => DESKTOP_TAB_ID.to_string(),
        Some(id) => format!("app-tab-{id}"),
    }
}

/// The markup of the strip and panels, driven by `tabs` (and `waits` for clocks and
/// deadlines). Every action goes through the callbacks: `on_open` must add the tab (it is then
/// selected and focused), `on_close` remove it, `on_retry` retry it.
#[component]
pub fn TabStrip(
    /// The model.
    tabs: RwSignal<Tabs>,
    /// Clocks and deadlines of the waiting tabs.
    waits: RwSignal<TabWaits>,
    /// The apps for the `Open app` list.
    #[prop(into)]
    catalogue: Signal<Catalogue>,
    /// An app was chosen in the `Open app` list.
    on_open: Callback<App>,
    /// Close an app tab (client id).
    on_close: Callback<String>,
    /// Retry an error tab (client id).
    on_retry: Callback<String>,
    /// Reload the catalogue after an error.
    #[prop(optional)]
    on_reload_catalogue: Option<Callback<()>>,
    /// What a ready app tab shows (its own page by default).
    #[prop(optional, into)]
    app_view: Option<Signal<AppView>>,
    /// The session desktop (rendered once).
    children: ChildrenFn,
) -> impl IntoView {
    let app_view = app_view.unwrap_or_else(|| Signal::stored(AppView::Instance));
    let desktop_chosen = RwSignal::new(true);
    let selection = Memo::new(move |_| tabs.with(|t| strip_selection(desktop_chosen.get(), t)));
    let ids = Memo::new(move |_| {
        tabs.with(|t| {
            t.tabs()
                .iter()
                .map(|x| x.client_id.clone())
                .collect::<Vec<_>>()
        })
    });
    let running = Memo::new(move |_| tabs.with(Tabs::workbench_running));

    // The clock of "time waited", ticking each second while a tab waits.
    let now = RwSignal::new(now_ms() as i64);
    let any_waiting = Memo::new(move |_| {
        tabs.with(|t| {
            waits.with(|w| {
                t.tabs()
                    .iter()
                    .any(|x| w.view_state(x, t.workbench_running()).is_pending())
            })
        })
    });
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if any_waiting.try_get_untracked().unwrap_or(false) {
                now.try_set(now_ms() as i64);
            }
        },
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }

    let select = move |key: Option<String>| match key {
        None => desktop_chosen.set(true),
        Some(id) => {
            if tabs.try_update(|t| t.select(&id)).unwrap_or(false) {
                desktop_chosen.set(false);
            }
        }
    };
    let focus_selected = move || {
        let sel = selection.get_untracked();
        focus_by_id(&dom_id_of(sel.as_deref()));
    };
    let close = move |id: String| {
        on_close.run(id);
        // The closed tab's neighbour is selected now (or the Desktop tab): focus it.
        focus_selected();
    };

    let on_keydown = move |ev: ev::KeyboardEvent| {
        let key = ev.key();
        let Some(target) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let Some(tab_key) = target.get_attribute("data-tab-key") else {
            return;
        };
        let current: Option<String> = (tab_key != "desktop").then_some(tab_key);
        if let Some(mv) = StripMove::from_key(&key) {
            let mut items: Vec<Option<String>> = vec![None];
            items.extend(ids.get_untracked().into_iter().map(Some));
            let idx = items.iter().position(|k| *k == current).unwrap_or(0);
            if let Some(to) = move_index(items.len(), idx, mv) {
                ev.prevent_default();
                let next = items[to].clone();
                select(next.clone());
                focus_by_id(&dom_id_of(next.as_deref()));
            }
        } else if key == "Delete" {
            if let Some(id) = current {
                ev.prevent_default();
                close(id);
            }
        }
    };

    let choose = Callback::new(move |app: App| {
        desktop_chosen.set(false);
        on_open.run(app);
        // Focus the new tab once it is rendered.
        request_animation_frame(move || {
            if let Some(sel) = selection.try_get_untracked() {
                focus_by_id(&dom_id_of(sel.as_deref()));
            }
        });
    });

    let desktop_selected = move || selection.with(Option::is_none);
    // In the desktop view a ready app tab shows the one desktop (never a second iframe).
    let desktop_shown = move || {
        desktop_selected()
            || (app_view.get() == AppView::Desktop
                && selection.with(|s| {
                    s.as_deref().is_some_and(|id| {
                        tabs.with(|t| waits.with(|w| tab_info(t, w, id)))
                            .is_some_and(|i| matches!(i.panel, PanelKind::Ready { .. }))
                    })
                }))
    };
    let desktop_state = move || {
        if running.get() {
            TabState::Ready
        } else {
            TabState::PendingProvision
        }
    };

    view! {
        <div class="app-tabs">
            <div class="tab-bar">
                <div
                    role="tablist"
                    aria-label="Session tabs"
                    class="tab-list"
                    on:keydown=on_keydown
                >
                    <button
                        type="button"
                        role="tab"
                        id=DESKTOP_TAB_ID
                        class="tab tab-desktop"
                        data-tab-key="desktop"
                        data-tab-state=move || desktop_state().as_str()
                        aria-selected=move || desktop_selected().to_string()
                        aria-controls=DESKTOP_PANEL_ID
                        tabindex=move || if desktop_selected() { "0" } else { "-1" }
                        style:order="0"
                        on:click=move |_| select(None)
                    >
                        <span class="tab-label">"Desktop"</span>
                        <TabMark state=Signal::derive(desktop_state)/>
                    </button>
                    <For
                        each=move || ids.get()
                        key=|id| id.clone()
                        children=move |id: String| {
                            view! {
                                <AppTab
                                    id=id
                                    tabs=tabs
                                    waits=waits
                                    selection=selection
                                    on_select=Callback::new(move |id: String| select(Some(id)))
                                />
                            }
                        }
                    />
                </div>
                <div class="tab-closers">
                    <For
                        each=move || ids.get()
                        key=|id| id.clone()
                        children=move |id: String| {
                            let info = Memo::new({
                                let id = id.clone();
                                move |_| tabs.with(|t| waits.with(|w| tab_info(t, w, &id)))
                            });
                            let label = move || {
                                info.with(|i| i.as_ref().map(|i| i.close_label.clone()))
                                    .unwrap_or_else(|| "Close".to_string())
                            };
                            let order = move || {
                                info.with(|i| i.as_ref().map_or(0, |i| 2 * i.index + 3))
                                    .to_string()
                            };
                            view! {
                                <button
                                    type="button"
                                    class="tab-close"
                                    aria-label=label
                                    title=label
                                    style:order=order
                                    on:click=move |_| close(id.clone())
                                >
                                    <Icon name=IconName::Close/>
                                </button>
                            }
                        }
                    />
                </div>
                <div class="tab-open-app" style:order=OPEN_APP_ORDER.to_string()>
                    <OpenAppMenu
                        catalogue=catalogue
                        on_choose=choose
                        on_reload=on_reload_catalogue
                    />
                </div>
            </div>
            <div class="tab-panels">
                <div
                    role="tabpanel"
                    id=DESKTOP_PANEL_ID
                    class="tab-panel tab-panel-desktop"
                    aria-labelledby=DESKTOP_TAB_ID
                    hidden=move || !desktop_shown()
                >
                    {children()}
                </div>
                <For
                    each=move || ids.get()
                    key=|id| id.clone()
                    children=move |id: String| {
                        view! {
                            <AppPanel
                                id=id
                                tabs=tabs
                                waits=waits
                                selection=selection
                                now=now
                                on_retry=on_retry
                                app_view=app_view
                            />
                        }
                    }
                />
            </div>
        </div>
    }
}

/// The status mark of a tab: a spinner while pending, ⚠ on error, with words for screen
/// readers.
#[component]
fn TabMark(#[prop(into)] state: Signal<TabState>) -> impl IntoView {
    move || match state.get() {
        TabState::PendingProvision | TabState::PendingSessionCreate => view! {
            <span class="tab-mark">
                <span class="spinner tab-spinner" aria-hidden="true"></span>
                <span class="visually-hidden">", starting"</span>
            </span>
        }
        .into_any(),
        TabState::Error => view! {
            <span class="tab-mark tab-mark-error">
                <Icon name=IconName::Warning/>
                <span class="visually-hidden">", error"</span>
            </span>
        }
        .into_any(),
        TabState::Ready => ().into_any(),
    }
}

fn info_memo(id: String, tabs: RwSignal<Tabs>, waits: RwSignal<TabWaits>) -> Memo<Option<TabInfo>> {
    Memo::new(move |_| tabs.with(|t| waits.with(|w| tab_info(t, w, &id))))
}

/// One app tab of the strip.
#[component]
fn AppTab(
    id: String,
    tabs: RwSignal<Tabs>,
    waits: RwSignal<TabWaits>,
    selection: Memo<Option<String>>,
    on_select: Callback<String>,
) -> impl IntoView {
    let info = info_memo(id.clone(), tabs, waits);
    let selected = {
        let id = id.clone();
        Memo::new(move |_| selection.with(|s| s.as_deref() == Some(id.as_str())))
    };
    let state = Signal::derive(move || {
        info.with(|i| i.as_ref().map_or(TabState::PendingProvision, |i| i.state))
    });
    let text = move |f: fn(&TabInfo) -> String| {
        move || info.with(|i| i.as_ref().map(f).unwrap_or_default())
    };
    let order = move || {
        info.with(|i| i.as_ref().map_or(0, |i| 2 * i.index + 2))
            .to_string()
    };
    let dom_id = format!("app-tab-{id}");
    let panel_id = format!("app-panel-{id}");
    view! {
        <button
            type="button"
            role="tab"
            id=dom_id
            class="tab"
            class:tab-error=move || state.get() == TabState::Error
            data-tab-key=id.clone()
            data-tab-state=move || state.get().as_str()
            aria-selected=move || selected.get().to_string()
            aria-controls=panel_id
            tabindex=move || if selected.get() { "0" } else { "-1" }
            style:order=order
            on:click=move |_| on_select.run(id.clone())
        >
            <span class="tab-label">{text(|i| i.label.clone())}</span>
            <TabMark state=state/>
        </button>
    }
}

/// One app tab's panel.
#[component]
fn AppPanel(
    id: String,
    tabs: RwSignal<Tabs>,
    waits: RwSignal<TabWaits>,
    selection: Memo<Option<String>>,
    now: RwSignal<i64>,
    on_retry: Callback<String>,
    app_view: Signal<AppView>,
) -> impl IntoView {
    let info = info_memo(id.clone(), tabs, waits);
    let selected = {
        let id = id.clone();
        Memo::new(move |_| selection.with(|s| s.as_deref() == Some(id.as_str())))
    };
    // Only a change of kind (or of instance) re-renders the body: the iframe is made once.
    let kind = Memo::new(move |_| info.with(|i| i.as_ref().map(|i| i.panel.clone())));
    let view_mode = Memo::new(move |_| app_view.get());
    let message = move || info.with(|i| i.as_ref().map(|i| i.message.clone()).unwrap_or_default());
    let waited = {
        let id = id.clone();
        move || {
            let t = now.get();
            waits
                .with(|w| w.waited_ms(&id, t))
                .map(|ms| format!("Waited {}", format_duration(i64::try_from(ms).unwrap_or(0))))
        }
    };
    let api = ApiClient::use_client();
    let body = {
        let id = id.clone();
        move || match kind.get() {
            None => ().into_any(),
            Some(PanelKind::Waiting) => view! {
                <div class="tab-wait">
                    <div class="tab-wait-status" role="status">
                        <span class="spinner" aria-hidden="true"></span>
                        <p class="tab-wait-message">{message}</p>
                    </div>
                    <p class="tab-wait-time muted">{waited.clone()}</p>
                </div>
            }
            .into_any(),
            Some(PanelKind::Error) => {
                let id = id.clone();
                view! {
                    <div class="alert alert-error tab-error-box" role="alert">
                        <p class="alert-message">{message}</p>
                        <button
                            type="button"
                            class="btn"
                            on:click=move |_| on_retry.run(id.clone())
                        >
                            "Retry"
                        </button>
                    </div>
                }
                .into_any()
            }
            Some(PanelKind::Ready { server_id }) => {
                let (title, label) = info.with_untracked(|i| {
                    i.as_ref()
                        .map(|i| (i.frame_title.clone(), i.label.clone()))
                        .unwrap_or_default()
                });
                if view_mode.get() == AppView::Desktop {
                    let missing = !api.supports(Extension::AppStream);
                    return view! {
                        <div class="tab-desktop-note" role="status">
                            <p>
                                {format!("{label} runs as a window in the session's desktop.")}
                                {missing.then(|| {
                                    format!(" {}", ApiError::Unsupported(Extension::AppStream).message())
                                })}
                            </p>
                        </div>
                    }
                    .into_any();
                }
                // Ask once whether the backend has per-app pages; if not, the tab turns to
                // the desktop view (the iframe goes) and says why.
                leptos::task::spawn_local({
                    let server_id = server_id.clone();
                    async move {
                        let _ = apps::probe_stream(api, &server_id).await;
                    }
                });
                let src = apps::stream_url(api, &server_id);
                view! { <AppFrame title=title label=label src=src/> }.into_any()
            }
        }
    };
    view! {
        <div
            role="tabpanel"
            id=format!("app-panel-{id}")
            class="tab-panel tab-panel-app"
            aria-labelledby=format!("app-tab-{id}")
            tabindex="0"
            hidden=move || !selected.get()
        >
            {body}
        </div>
    }
}

/// A ready app's page, under an overlay until the iframe has loaded (no blank frame).
#[component]
fn AppFrame(title: String, label: String, src: String) -> impl IntoView {
    let loaded = RwSignal::new(false);
    let loading = format!("Loading {label}…");
    view! {
        <div class="tab-frame">
            <iframe
                class="tab-iframe"
                title=title
                src=src
                sandbox=crate::components::background_iframe::DESKTOP_SANDBOX
                allow=crate::components::background_iframe::DESKTOP_ALLOW
                on:load=move |_| loaded.set(true)
            ></iframe>
            <Show when=move || !loaded.get()>
                <div class="tab-frame-overlay" role="status">
                    <span class="spinner" aria-hidden="true"></span>
                    <span>{loading.clone()}</span>
                </div>
            </Show>
        </div>
    }
}

/// The app buttons of the open list (`ul > li > button`).
fn menu_buttons(menu: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let mut out = Vec::new();
    let Some(list) = menu.query_selector("ul").ok().flatten() else {
        return out;
    };
    let mut item = list.first_element_child();
    while let Some(li) = item {
        if let Some(b) = li
            .first_element_child()
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
        {
            out.push(b);
        }
        item = li.next_element_sibling();
    }
    out
}

/// `Open app`: a disclosure button and the list of apps as buttons.
#[component]
fn OpenAppMenu(
    catalogue: Signal<Catalogue>,
    on_choose: Callback<App>,
    on_reload: Option<Callback<()>>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let button_ref = NodeRef::<html::Button>::new();
    let menu_ref = NodeRef::<html::Div>::new();
    let wrapper_ref = NodeRef::<html::Div>::new();

    let focus_first = move || {
        request_animation_frame(move || {
            let Some(menu) = menu_ref.get_untracked() else {
                return;
            };
            let target = menu
                .query_selector("button")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            let _ = match target {
                Some(b) => b.focus(),
                None => menu.focus(),
            };
        });
    };
    let close_menu = move |refocus: bool| {
        open.set(false);
        if refocus {
            if let Some(b) = button_ref.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    let toggle = move |_| {
        if open.get_untracked() {
            close_menu(false);
        } else {
            open.set(true);
            focus_first();
        }
    };
    let on_keydown = move |ev: ev::KeyboardEvent| {
        if !open.get_untracked() {
            return;
        }
        match ev.key().as_str() {
            "Escape" | "Esc" => {
                ev.prevent_default();
                close_menu(true);
            }
            k @ ("ArrowDown" | "ArrowUp") => {
                let Some(menu) = menu_ref.get_untracked() else {
                    return;
                };
                let items = menu_buttons(&menu);
                if items.is_empty() {
                    return;
                }
                ev.prevent_default();
                let active = document().active_element();
                let cur = items.iter().position(|e| {
                    active
                        .as_ref()
                        .is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>())
                });
                let next = match (k, cur) {
                    ("ArrowDown", Some(i)) => (i + 1) % items.len(),
                    ("ArrowDown", None) => 0,
                    (_, Some(i)) => (i + items.len() - 1) % items.len(),
                    (_, None) => items.len() - 1,
                };
                let _ = items[next].focus();
            }
            _ => {}
        }
    };
    // Focus moving elsewhere (Tab away) closes the list; so does a press outside it. (A focusout
    // without a new focus target is left alone: some browsers do not focus clicked buttons.)
    let is_inside = move |node: Option<web_sys::Node>| match (wrapper_ref.get_untracked(), node) {
        (Some(w), Some(n)) => w.contains(Some(&n)),
        _ => false,
    };
    let on_focusout = move |ev: ev::FocusEvent| {
        if let Some(t) = ev.related_target() {
            if !is_inside(t.dyn_into::<web_sys::Node>().ok()) && open.get_untracked() {
                open.set(false);
            }
        }
    };
    let outside = window_event_listener_untyped("pointerdown", move |ev: web_sys::Event| {
        if open.try_get_untracked().unwrap_or(false)
            && !is_inside(ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()))
        {
            open.try_set(false);
        }
    });
    on_cleanup(move || outside.remove());

    let list = move || match catalogue.get() {
        Catalogue::Loading => view! {
            <p class="loading" role="status">
                <span class="spinner" aria-hidden="true"></span>
                "Loading apps…"
            </p>
        }
        .into_any(),
        Catalogue::Failed(e) => view! {
            <ErrorAlert
                title="Could not load the apps"
                error=e
                on_retry=Callback::new(move |_| {
                    if let Some(cb) = on_reload {
                        cb.run(());
                        focus_first();
                    }
                })
            />
        }
        .into_any(),
        Catalogue::Loaded(apps) if apps.is_empty() => {
            view! { <p class="muted">"No apps are available."</p> }.into_any()
        }
        Catalogue::Loaded(apps) => view! {
            <ul class="open-app-list">
                {apps
                    .into_iter()
                    .map(|app| {
                        let name = app.name.clone();
                        let description = app.description.clone();
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="open-app-item"
                                    title=description
                                    on:click=move |_| {
                                        open.set(false);
                                        on_choose.run(app.clone());
                                    }
                                >
                                    {name}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    };

    view! {
        <div class="open-app" node_ref=wrapper_ref on:keydown=on_keydown on:focusout=on_focusout>
            <button
                type="button"
                class="btn btn-small open-app-button"
                node_ref=button_ref
                aria-expanded=move || open.get().to_string()
                aria-controls=move || open.get().then_some(MENU_ID)
                on:click=toggle
            >
                "Open app"
            </button>
            <Show when=move || open.get()>
                <div
                    id=MENU_ID
                    class="open-app-menu"
                    role="group"
                    aria-label="Apps"
                    tabindex="-1"
                    node_ref=menu_ref
                >
                    {list}
                </div>
            </Show>
        </div>
    }
}
