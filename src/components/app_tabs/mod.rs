//! App tabs inside a session (issue 7): the tab bar and the panels of a session page.
//!
//! - [`use_session_tabs`] wires the tabs of one session to the backend ([`use_app_tabs`]) and
//!   gives a [`Strip`]: the selection and callbacks the bar and the panels share. The session
//!   page puts [`TabBar`] in its session bar and [`TabPanels`] (with the desktop inside) in its
//!   work area, so the desktop can fill everything below the bar.
//! - [`TabStrip`] is the markup alone (bar and panels together), driven by a [`Tabs`] signal
//!   and callbacks: what the browser tests mount. [`AppTabs`] is the same, wired.
//!
//! The shared selection and actions are in [`strip`]. Markup (ui.md "open an app", "app tabs"):
//! see [`bar`] (the tablist, close buttons, `Open
//! app`) and [`panels`] (one `role="tabpanel"` per tab; the Desktop panel holds the session's
//! desktop, mounted once and only hidden when another tab is selected).
//!
//! Keyboard (WAI-ARIA tabs, automatic activation): Left/Right move and select (wrapping),
//! Home/End, Enter/Space select (the tabs are buttons), Delete closes the focused app tab; after
//! a close, focus goes to the tab then selected (the Desktop tab when none is left).
mod bar;
mod open_app_menu;
mod panels;
mod strip;

use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{ApiClient, Extension};
use crate::components::error_alert::ErrorAlert;
use crate::components::on::OnAttribute;
use crate::components::when::Draw;
use crate::config::AppView;
use crate::domain::permissions::{Perm, Target};
use crate::domain::tabs::{App, TabWaits, Tabs};
use crate::domain::workbench::Workbench;
use crate::state::app_tabs::{use_app_tabs, AppTabsState, Catalogue};
use crate::state::auth::Auth;
use crate::state::use_config;
use crate::state::Slot;

pub use bar::TabBar;
pub use panels::TabPanels;
pub use strip::{Strip, DESKTOP_PANEL_ID, DESKTOP_TAB_ID};

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
    let restore_error = live(move || {
        state.restore_error.get().map(|e| {
            view! {
                <ErrorAlert
                    title="Could not load the apps open in this session"
                    error=e
                    on_retry=Callback::new(move |_| state.reload_instances())
                />
            }
        })
    });
    let notice = live(move || {
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
    });
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
    children: Draw,
) -> impl IntoView {
    let (strip, state) =
        use_session_tabs(workspace_id, workbench_id, workbench, Signal::stored(false));
    view! {
        <div class="app-tabs-host">
            <TabsNotices state=state/>
            <div class="app-tabs">
                <TabBar strip=strip/>
                <TabPanels strip=strip>{children.run()}</TabPanels>
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
    tabs: Slot<Tabs>,
    /// Clocks and deadlines of the waiting tabs.
    waits: Slot<TabWaits>,
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
    children: Draw,
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
            <TabPanels strip=strip>{children.run()}</TabPanels>
        </div>
    }
}
