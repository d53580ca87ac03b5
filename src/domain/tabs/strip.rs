//! What the tab strip and a tab's panel show ([`tab_info`] → [`TabInfo`]), which tab the strip
//! selects ([`strip_selection`]), and its keyboard moves ([`StripMove`], [`move_index`]: WAI-ARIA
//! tabs with automatic activation).

use super::model::Tabs;
use super::tab::TabState;
use super::waits::TabWaits;

/// A keyboard move in the tab strip (WAI-ARIA tabs, automatic activation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StripMove {
    /// ArrowRight: the next tab, wrapping.
    Next,
    /// ArrowLeft: the previous tab, wrapping.
    Prev,
    /// Home.
    First,
    /// End.
    Last,
}

impl StripMove {
    /// The move of a `KeyboardEvent.key`, if any.
    pub(crate) fn from_key(key: &str) -> Option<Self> {
        match key {
            "ArrowRight" | "Right" => Some(Self::Next),
            "ArrowLeft" | "Left" => Some(Self::Prev),
            "Home" => Some(Self::First),
            "End" => Some(Self::Last),
            _ => None,
        }
    }
}

/// The index a move lands on among `len` tabs from `current` (`None` without tabs).
pub(crate) fn move_index(len: usize, current: usize, mv: StripMove) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let current = current.min(len - 1);
    Some(match mv {
        StripMove::Next => (current + 1) % len,
        StripMove::Prev => (current + len - 1) % len,
        StripMove::First => 0,
        StripMove::Last => len - 1,
    })
}

/// What a tab's panel shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PanelKind {
    /// Pending: what it waits for, in words, and the time waited.
    Waiting,
    /// The reason in words, and Retry.
    Error,
    /// The app's page in an iframe (`server_id`: the instance).
    Ready {
        /// The instance id.
        server_id: String,
    },
}

/// Everything the strip and the panel show about one tab, derived from the model and the waits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TabInfo {
    /// The tab's client id.
    pub client_id: String,
    /// Its position among the app tabs (0-based).
    pub index: usize,
    /// The label (the app's name, `App` when unknown).
    pub label: String,
    /// The state shown (`data-tab-state`).
    pub state: TabState,
    /// The panel's sentence.
    pub message: String,
    /// What the panel shows.
    pub panel: PanelKind,
    /// The tab element's id.
    pub dom_id: String,
    /// The panel's id.
    pub panel_dom_id: String,
    /// `Close <app name>`.
    pub close_label: String,
    /// The iframe's title: the app's name, `JupyterLab (2)` for a second tab of the same app.
    pub frame_title: String,
}

/// The [`TabInfo`] of a tab (`None` for an unknown id).
pub(crate) fn tab_info(tabs: &Tabs, waits: &TabWaits, client_id: &str) -> Option<TabInfo> {
    let index = tabs.tabs().iter().position(|t| t.client_id == client_id)?;
    let tab = &tabs.tabs()[index];
    let running = tabs.workbench_running();
    let state = waits.view_state(tab, running);
    let label = if tab.app_name.trim().is_empty() {
        "App".to_string()
    } else {
        tab.app_name.clone()
    };
    let same_before = tabs.tabs()[..index]
        .iter()
        .filter(|t| t.app_name == tab.app_name)
        .count();
    let frame_title = if same_before == 0 {
        label.clone()
    } else {
        format!("{label} ({})", same_before + 1)
    };
    let panel = match (state, &tab.server_id) {
        (TabState::Error, _) => PanelKind::Error,
        (TabState::Ready, Some(id)) => PanelKind::Ready {
            server_id: id.clone(),
        },
        _ => PanelKind::Waiting,
    };
    Some(TabInfo {
        client_id: tab.client_id.clone(),
        index,
        label,
        state,
        message: waits.panel_message(tab, running),
        panel,
        dom_id: tab.dom_id(),
        panel_dom_id: tab.panel_dom_id(),
        close_label: tab.close_label(),
        frame_title,
    })
}

/// The strip's selection: `None` for the Desktop tab (chosen, or no app tab selected), else the
/// selected app tab's client id.
pub(crate) fn strip_selection(desktop_chosen: bool, tabs: &Tabs) -> Option<String> {
    if desktop_chosen {
        None
    } else {
        tabs.selected().map(str::to_string)
    }
}
