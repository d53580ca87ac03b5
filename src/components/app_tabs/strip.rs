//! What the tab bar and the panels share ([`Strip`]): the model, the selection, the clock of
//! "time waited", the actions and the keyboard (WAI-ARIA tabs); the Desktop tab's DOM ids.
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::focus_by_id;
use crate::config::AppView;
use crate::domain::tabs::{move_index, strip_selection, App, StripMove, TabState, TabWaits, Tabs};
use crate::state::app_tabs::Catalogue;
use crate::state::timer;
use crate::state::{Derived, Slot};

/// DOM id of the Desktop tab.
pub const DESKTOP_TAB_ID: &str = "app-tab-desktop";
/// DOM id of the Desktop panel.
pub const DESKTOP_PANEL_ID: &str = "app-panel-desktop";

pub(super) fn dom_id_of(selection: Option<&str>) -> String {
    match selection {
        None => DESKTOP_TAB_ID.to_string(),
        Some(id) => format!("app-tab-{id}"),
    }
}

/// What the tab bar and the panels share: the model, the selection, the clock of "time
/// waited", and the actions. `Copy`.
#[derive(Clone, Copy)]
pub struct Strip {
    pub(crate) tabs: Slot<Tabs>,
    pub(crate) waits: Slot<TabWaits>,
    pub(crate) catalogue: Signal<Catalogue>,
    pub(super) on_open: Callback<App>,
    pub(super) on_close: Callback<String>,
    pub(crate) on_retry: Callback<String>,
    pub(crate) on_reload_catalogue: Option<Callback<()>>,
    pub(crate) app_view: Signal<AppView>,
    pub(super) desktop_chosen: Slot<bool>,
    pub(crate) selection: Derived<Option<String>>,
    pub(crate) ids: Derived<Vec<String>>,
    pub(super) running: Derived<bool>,
    /// The session failed (its Desktop tab shows an error).
    pub(super) desktop_failed: Signal<bool>,
    /// The user may open apps here (`createAppInstance` in this session); `Some(false)`:
    /// `Open app` gives way to a note; `None` (permissions not known yet): neither shows.
    pub(crate) may_open: Signal<Option<bool>>,
    /// "Now" for the time waited, ticking each second while a tab waits.
    pub(crate) now: Slot<i64>,
}

impl Strip {
    /// The shared state of a strip over `tabs`. Every action goes through the callbacks:
    /// `on_open` must add the tab (it is then selected and focused), `on_close` remove it,
    /// `on_retry` retry it.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        tabs: Slot<Tabs>,
        waits: Slot<TabWaits>,
        catalogue: Signal<Catalogue>,
        on_open: Callback<App>,
        on_close: Callback<String>,
        on_retry: Callback<String>,
        on_reload_catalogue: Option<Callback<()>>,
        app_view: Signal<AppView>,
    ) -> Self {
        let desktop_chosen = Slot::new(true);
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
    pub(super) fn select(self, key: Option<String>) {
        match key {
            None => self.desktop_chosen.set(true),
            Some(id) => {
                if self.tabs.try_update(|t| t.select(&id)).unwrap_or(false) {
                    self.desktop_chosen.set(false);
                }
            }
        }
    }

    pub(super) fn focus_selected(self) {
        let sel = self.selection.get_untracked();
        focus_by_id(&dom_id_of(sel.as_deref()));
    }

    pub(super) fn close(self, id: String) {
        self.on_close.run(id);
        // The closed tab's neighbour is selected now (or the Desktop tab): focus it.
        self.focus_selected();
    }

    pub(super) fn on_keydown(self, ev: ev::KeyboardEvent) {
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

    pub(super) fn choose(self, app: App) {
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

    pub(super) fn desktop_selected(self) -> bool {
        self.selection.with(Option::is_none)
    }

    pub(super) fn desktop_state(self) -> TabState {
        if self.desktop_failed.get() {
            TabState::Error
        } else if self.running.get() {
            TabState::Ready
        } else {
            TabState::PendingProvision
        }
    }
}
