//! App tabs inside a session (issue 7): the tab bar and the panels of a session page.
//!
//! - [`use_session_tabs`] wires the tabs of one session to the backend ([`use_app_tabs`]) and
//!   gives a [`Strip`]: the selection and callbacks the bar and the panels share. The session
//!   page puts [`TabBar`] in its session bar and [`TabPanels`] (with the desktop inside) in its
//!   work area, so the desktop can fill everything below the bar.
//! - [`TabStrip`] is the markup alone (bar and panels together), driven by a [`Tabs`] signal
//!   and callbacks: what the browser tests mount. [`AppTabs`] is the same, wired.
//!
//! Markup (ui.md "open an app", "app tabs"): see [`bar`] (the tablist, close buttons, `Open
//! app`) and [`panels`] (one `role="tabpanel"` per tab; the Desktop panel holds the session's
//! desktop, mounted once and only hidden when another tab is selected).
//!
//! Keyboard (WAI-ARIA tabs, automatic activation): Left/Right move and select (wrapping),
//! Home/End, Enter/Space select (the tabs are buttons), Delete closes the focused app tab; after
//! a close, focus goes to the tab then selected (the Desktop tab when none is left).
mod bar;
mod open_app_menu;
mod panels;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::{ApiClient, Extension};
use crate::components::error_alert::ErrorAlert;
use crate::components::focus_by_id;
use crate::config::AppView;
use crate::domain::permissions::{Perm, Target};
use crate::domain::tabs::{move_index, strip_selection, App, StripMove, TabState, TabWaits, Tabs};
use crate::domain::workbench::Workbench;
use crate::state::app_tabs::{use_app_tabs, AppTabsState, Catalogue};
use crate::state::auth::Auth;
use crate::state::{timer, use_config};

pub use bar::TabBar;
pub use panels::TabPanels;

/// DOM id of the Desktop tab.
pub const DESKTOP_TAB_ID: &str = "app-tab-desktop";
/// DOM id of the Desktop panel.
pub const DESKTOP_PANEL_ID: &str = "app-panel-desktop";

fn dom_id_of(selection: Option<&str>) -> String {
    match selection {
        None => DESKTOP_TAB_ID.to_string(),
        Some(id) => format!("app-tab-{id}"),
    }
}

/// What the tab bar and the panels share: the model, the selection, the clock of "time
/// waited", and the actions. `Copy`.
#[derive(Clone, Copy)]
pub struct Strip {
    pub(crate) tabs: RwSignal<Tabs>,
    pub(crate) waits: RwSignal<TabWaits>,
    pub(crate) catalogue: Signal<Catalogue>,
    on_open: Callback<App>,
    on_close: Callback<String>,
    pub(crate) on_retry: Callback<String>,
    pub(crate) on_reload_catalogue: Option<Callback<()>>,
    pub(crate) app_view: Signal<AppView>,
    desktop_chosen: RwSignal<bool>,
    pub(crate) selection: Memo<Option<String>>,
    pub(crate) ids: Memo<Vec<String>>,
    running: Memo<bool>,
    /// The session failed (its Desktop tab shows an error).
    desktop_failed: Signal<bool>,
    /// The user may open apps here (`createAppInstance` in this session); `Some(false)`:
    /// `Open app` gives way to a note; `None` (permissions not known yet): neither shows.
    pub(crate) may_open: Signal<Option<bool>>,
    /// "Now" for the time waited, ticking each second while a tab waits.
    pub(crate) now: RwSignal<i64>,
}

impl Strip {
    /// The shared state of a strip over `tabs`. Every action goes through the callbacks:
    /// `on_open` must add the tab (it is then selected and focused), `on_close` remove it,
    /// `on_retry` retry it.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        tabs: RwSignal<Tabs>,
        waits: RwSignal<TabWaits>,
        catalogue: Signal<Catalogue>,
        on_open: Callback<App>,
        on_close: Callback<String>,
        on_retry: Callback<String>,
        on_reload_catalogue: Option<Callback<()>>,
        app_view: Signal<AppView>,
    ) -> Self {
        let desktop_chosen = RwSignal::new(true);
        let selection =
            crate::state::memo(move |_| tabs.with(|t| strip_selection(desktop_chosen.get(), t)));
        let ids = crate::state::memo(move |_| {
            tabs.with(|t| {
                t.tabs()
                    .iter()
                    .map(|x| x.client_id.clone())
                    .collect::<Vec<_>>()
            })
        });
        let running = crate::state::memo(move |_| tabs.with(Tabs::workbench_running));
        let any_waiting = crate::state::memo(move |_| {
            tabs.with(|t| {
                waits.with(|w| {
                    t.tabs()
                        .iter()
                        .any(|x| w.view_state(x, t.workbench_running()).is_pending())
                })
            })
        });
        let now = timer::ticking_now_while(std::time::Duration::from_secs(1), move || {
            any_waiting.try_get_untracked().unwrap_or(false)
        });
        Self {
            tabs,
            waits,
            catalogue,
            on_open,
            on_close,
            on_retry,
            on_reload_catalogue,
            app_view,
            desktop_chosen,
            selection,
            ids,
            running,
            desktop_failed: Signal::stored(false),
            may_open: Signal::stored(Some(true)),
            now,
        }
    }

    /// The Desktop tab shows an error while `failed` holds.
    pub fn with_desktop_failed(mut self, failed: Signal<bool>) -> Self {
        self.desktop_failed = failed;
        self
    }

    /// `Open app` is offered only while `may` holds.
    pub fn with_may_open(mut self, may: Signal<Option<bool>>) -> Self {
        self.may_open = may;
        self
    }

    /// Selects a tab (`None`: the Desktop tab).
    fn select(self, key: Option<String>) {
        match key {
            None => self.desktop_chosen.set(true),
            Some(id) => {
                if self.tabs.try_update(|t| t.select(&id)).unwrap_or(false) {
                    self.desktop_chosen.set(false);
                }
            }
        }
    }

    fn focus_selected(self) {
        let sel = self.selection.get_untracked();
        focus_by_id(&dom_id_of(sel.as_deref()));
    }

    fn close(self, id: String) {
        self.on_close.run(id);
        // The closed tab's neighbour is selected now (or the Desktop tab): focus it.
        self.focus_selected();
    }

    fn on_keydown(self, ev: ev::KeyboardEvent) {
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
            items.extend(self.ids.get_untracked().into_iter().map(Some));
            let idx = items.iter().position(|k| *k == current).unwrap_or(0);
            if let Some(to) = move_index(items.len(), idx, mv) {
                ev.prevent_default();
                let next = items[to].clone();
                self.select(next.clone());
                focus_by_id(&dom_id_of(next.as_deref()));
            }
        } else if key == "Delete" {
            if let Some(id) = current {
                ev.prevent_default();
                self.close(id);
            }
        }
    }

    fn choose(self, app: App) {
        self.desktop_chosen.set(false);
        self.on_open.run(app);
        // Focus the new tab once it is rendered.
        let selection = self.selection;
        request_animation_frame(move || {
            if let Some(sel) = selection.try_get_untracked() {
                focus_by_id(&dom_id_of(sel.as_deref()));
            }
        });
    }

    fn desktop_selected(self) -> bool {
        self.selection.with(Option::is_none)
    }

    fn desktop_state(self) -> TabState {
        if self.desktop_failed.get() {
            TabState::Error
        } else if self.running.get() {
            TabState::Ready
        } else {
            TabState::PendingProvision
        }
    }
}

/// What a ready app tab shows: its own page, or (configured so, or the backend has no per-app
/// page) the session's desktop, where the app runs as a window.
fn app_view_signal() -> Signal<AppView> {
    let api = ApiClient::use_client();
    let configured = use_config().app_view;
    Signal::derive(move || {
        if configured == AppView::Desktop || !api.supports(Extension::AppStream) {
            AppView::Desktop
        } else {
            AppView::Instance
        }
    })
}

/// The tabs of session `workbench_id`, wired to the backend: the state and the [`Strip`] the
/// bar and the panels share. `workbench` is the session page's status.
/// `gone`: the backend no longer has the session (nothing can be opened in it).
pub fn use_session_tabs(
    workspace_id: String,
    workbench_id: String,
    workbench: Signal<Option<Workbench>>,
    gone: Signal<bool>,
) -> (Strip, AppTabsState) {
    let auth = Auth::use_auth();
    let target = Target::workbench(&workspace_id, &workbench_id);
    let may_open = Signal::derive(move || {
        (auth.permissions_known() && !gone.get())
            .then(|| auth.can_in(Perm::CreateAppInstance, &target))
    });
    // A session given up on (the start timeout) is no longer shown as starting either.
    let status = use_context::<crate::state::workbench_status::WorkbenchStatus>();
    let timed_out = move || {
        status.is_some_and(|s| {
            s.summary.with(|s| {
                matches!(
                    s,
                    crate::state::workbench_status::StatusSummary::TimedOut { .. }
                )
            })
        })
    };
    let state = use_app_tabs(workspace_id, workbench_id, workbench);
    let strip = Strip::new(
        state.tabs,
        state.waits,
        state.catalogue.into(),
        Callback::new(move |app: App| {
            state.open(&app);
        }),
        Callback::new(move |id: String| state.close(&id)),
        Callback::new(move |id: String| state.retry(&id)),
        Some(Callback::new(move |_: ()| state.reload_catalogue())),
        app_view_signal(),
    )
    .with_desktop_failed(Signal::derive(move || {
        workbench.with(|w| w.as_ref().is_some_and(Workbench::is_failed)) || timed_out()
    }))
    .with_may_open(may_open);
    (strip, state)
}

/// What the tabs have to say outside a panel: restoring them failed, a background action
/// failed.
#[component]
pub fn TabsNotices(state: AppTabsState) -> impl IntoView {
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
        {restore_error}
        {notice}
    }
}

/// The tab bar and panels of a session, wired to the backend (the desktop, `children`, is
/// the first panel).
#[component]
pub fn AppTabs(
    #[prop(into)] workspace_id: String,
    #[prop(into)] workbench_id: String,
    #[prop(into)] workbench: Signal<Option<Workbench>>,
    children: ChildrenFn,
) -> impl IntoView {
    let (strip, state) =
        use_session_tabs(workspace_id, workbench_id, workbench, Signal::stored(false));
    view! {
        <div class="app-tabs-host">
            <TabsNotices state=state/>
            <div class="app-tabs">
                <TabBar strip=strip/>
                <TabPanels strip=strip>{children()}</TabPanels>
            </div>
        </div>
    }
}

/// The markup of the bar and the panels, driven by `tabs` (and `waits` for clocks and
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
    let strip = Strip::new(
        tabs,
        waits,
        catalogue,
        on_open,
        on_close,
        on_retry,
        on_reload_catalogue,
        app_view.unwrap_or_else(|| Signal::stored(AppView::Instance)),
    );
    view! {
        <div class="app-tabs">
            <TabBar strip=strip/>
            <TabPanels strip=strip>{children()}</TabPanels>
        </div>
    }
}
