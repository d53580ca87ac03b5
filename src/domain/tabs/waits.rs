//! Time and polling around the [`Tabs`](super::Tabs) model, which knows neither: per tab since
//! when it waits (the "time waited" of its panel) and its deadline (`startTimeoutMs`, counted
//! from when its app started starting), past which it shows as an error ("did not start
//! within …") with Retry ([`TabWaits`]); which instances to poll; and which polled instances
//! have vanished from a complete list ([`vanished`]).

use std::collections::{HashMap, HashSet};

use super::apps::{AppInstance, AppInstanceStatus};
use super::model::Tabs;
use super::tab::{Tab, TabState};
use crate::domain::time::format_duration;

/// The instances of `known` (ids polled) missing from `list`, when `list` is complete (not a
/// page of a longer list): they no longer exist.
pub(crate) fn vanished(known: &[String], list: &[AppInstance], complete: bool) -> Vec<String> {
    if !complete {
        return Vec::new();
    }
    let present: HashSet<&str> = list.iter().map(|i| i.id.as_str()).collect();
    known
        .iter()
        .filter(|id| !id.is_empty() && !present.contains(id.as_str()))
        .cloned()
        .collect()
}

/// The sentence of a tab that timed out: `JupyterLab did not start within 5 min. Last status
/// seen: Starting.`
pub(crate) fn timeout_message(app_name: &str, waited_ms: u64, last: AppInstanceStatus) -> String {
    let app = if app_name.trim().is_empty() {
        "The app"
    } else {
        app_name
    };
    let waited = format_duration(i64::try_from(waited_ms).unwrap_or(i64::MAX));
    match last {
        AppInstanceStatus::Unknown => {
            format!("{app} did not start within {waited}. No status was received.")
        }
        s => format!(
            "{app} did not start within {waited}. Last status seen: {}.",
            s.label()
        ),
    }
}

/// Per tab: since when it waits and its deadline. Follows the [`Tabs`] model through
/// [`TabWaits::sync`]; [`TabWaits::expire`] turns tabs past their deadline into errors (for the
/// view: the model itself does not know about time).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TabWaits {
    /// Client id → when the tab started waiting (opened, restored or retried), epoch ms.
    waiting_since: HashMap<String, i64>,
    /// Client id → when its app started starting (the session runs), epoch ms: the deadline
    /// counts from here.
    starting_since: HashMap<String, i64>,
    /// Client id → how long it had waited when it timed out.
    timed_out: HashMap<String, u64>,
}

impl TabWaits {
    /// No tabs.
    pub fn new() -> Self {
        Self::default()
    }

    /// Follows the model at `now`: new pending tabs start their clock, tabs whose app starts
    /// start their deadline, tabs closed or no longer pending are forgotten. Returns whether
    /// anything changed.
    pub fn sync(&mut self, tabs: &Tabs, now: i64) -> bool {
        let running = tabs.workbench_running();
        let live: HashSet<&str> = tabs.tabs().iter().map(|t| t.client_id.as_str()).collect();
        let before = (
            self.waiting_since.len(),
            self.starting_since.len(),
            self.timed_out.len(),
        );
        self.waiting_since.retain(|k, _| live.contains(k.as_str()));
        self.starting_since.retain(|k, _| live.contains(k.as_str()));
        self.timed_out.retain(|k, _| live.contains(k.as_str()));
        let mut changed = before
            != (
                self.waiting_since.len(),
                self.starting_since.len(),
                self.timed_out.len(),
            );
        for t in tabs.tabs() {
            let id = &t.client_id;
            match t.state(running) {
                TabState::PendingProvision => {
                    if !self.waiting_since.contains_key(id) {
                        self.waiting_since.insert(id.clone(), now);
                        changed = true;
                    }
                    changed |= self.starting_since.remove(id).is_some();
                    changed |= self.timed_out.remove(id).is_some();
                }
                TabState::PendingSessionCreate => {
                    if !self.waiting_since.contains_key(id) {
                        self.waiting_since.insert(id.clone(), now);
                        changed = true;
                    }
                    if !self.starting_since.contains_key(id) {
                        self.starting_since.insert(id.clone(), now);
                        changed = true;
                    }
                }
                TabState::Ready | TabState::Error => {
                    changed |= self.waiting_since.remove(id).is_some();
                    changed |= self.starting_since.remove(id).is_some();
                    changed |= self.timed_out.remove(id).is_some();
                }
            }
        }
        changed
    }

    /// Marks the tabs whose app has been starting for `timeout_ms` or more as timed out.
    /// Returns whether any tab timed out now.
    pub(crate) fn expire(&mut self, now: i64, timeout_ms: u64) -> bool {
        let mut changed = false;
        for (id, since) in &self.starting_since {
            if self.timed_out.contains_key(id) {
                continue;
            }
            let waited = u64::try_from(now.saturating_sub(*since)).unwrap_or(0);
            if waited >= timeout_ms {
                self.timed_out.insert(id.clone(), waited);
                changed = true;
            }
        }
        changed
    }

    /// Retry of a tab: a fresh clock and deadline from `now`. Returns whether it had timed out.
    pub(crate) fn restart(&mut self, client_id: &str, now: i64) -> bool {
        self.waiting_since.insert(client_id.to_string(), now);
        if let Some(s) = self.starting_since.get_mut(client_id) {
            *s = now;
        }
        self.timed_out.remove(client_id).is_some()
    }

    /// How long the tab has waited at `now` (`None` when it is not waiting).
    pub(crate) fn waited_ms(&self, client_id: &str, now: i64) -> Option<u64> {
        self.waiting_since
            .get(client_id)
            .map(|since| u64::try_from(now.saturating_sub(*since)).unwrap_or(0))
    }

    /// How long the tab had waited when it timed out (`None` unless timed out).
    pub(crate) fn timed_out(&self, client_id: &str) -> Option<u64> {
        self.timed_out.get(client_id).copied()
    }

    /// The state to show: `error` for a timed-out tab, else the model's.
    pub(crate) fn view_state(&self, tab: &Tab, workbench_running: bool) -> TabState {
        if self.timed_out.contains_key(&tab.client_id) {
            TabState::Error
        } else {
            tab.state(workbench_running)
        }
    }

    /// The panel sentence to show: the timeout in words for a timed-out tab, else the model's.
    pub(crate) fn panel_message(&self, tab: &Tab, workbench_running: bool) -> String {
        match self.timed_out(&tab.client_id) {
            Some(waited) => timeout_message(&tab.app_name, waited, tab.instance_status),
            None => tab.panel_message(workbench_running),
        }
    }

    /// The instances to poll: tabs whose app is starting in a running session, not timed out.
    pub(crate) fn polled_instances(&self, tabs: &Tabs) -> Vec<String> {
        if !tabs.workbench_running() {
            return Vec::new();
        }
        tabs.tabs()
            .iter()
            .filter(|t| {
                t.state(true) == TabState::PendingSessionCreate
                    && !self.timed_out.contains_key(&t.client_id)
            })
            .filter_map(|t| t.server_id.clone())
            .collect()
    }

    /// Whether some instance needs polling ([`Self::polled_instances`] is not empty).
    pub(crate) fn wants_polling(&self, tabs: &Tabs) -> bool {
        !self.polled_instances(tabs).is_empty()
    }
}
