//! [`Tabs`]: the app tabs of one session, in display order, with the selected tab. It never
//! performs I/O: operations return [`TabCommand`]s (or client ids) that the caller carries out,
//! then reports back.

use std::collections::{HashMap, HashSet};

use super::apps::{App, AppInstance, AppInstanceStatus};
#[cfg(test)]
use super::tab::TabState;
use super::tab::{CreateState, Tab, TabCommand};
use crate::domain::id_order;

/// How many times a create refused with "session not running" is resent at once while the
/// workbench is already known to run, before the tab turns to `error`.
const MAX_AUTOMATIC_RESENDS: u32 = 2;

/// The app tabs of one session, in display order, with the selected tab.
#[derive(Debug, Clone, Default)]
pub struct Tabs {
    tabs: Vec<Tab>,
    selected: Option<String>,
    next_id: u64,
    workbench_id: Option<String>,
    workbench_running: bool,
    /// Client ids of tabs closed while their create was in flight.
    closed_in_flight: HashSet<String>,
    /// Instance ids being deleted: never restored.
    deleting: HashSet<String>,
    /// Instance ids this browser tab closed a moment ago (before a reload): the next
    /// [`restore`](Self::restore) skips them.
    closed_recently: HashSet<String>,
    /// Automatic resends after "session not running" while the workbench runs, per client id.
    resends: HashMap<String, u32>,
}

impl Tabs {
    /// No tabs, workbench not known to run, no workbench filter.
    pub fn new() -> Self {
        Self::default()
    }

    /// No tabs, for the session `workbench_id`: instances of other workbenches are ignored by
    /// [`restore`](Self::restore) and the updates.
    pub fn for_workbench(workbench_id: &str) -> Self {
        Self {
            workbench_id: Some(workbench_id.to_string()).filter(|w| !w.is_empty()),
            ..Self::default()
        }
    }

    fn new_client_id(&mut self) -> String {
        self.next_id += 1;
        format!("tab-{}", self.next_id)
    }

    fn index_of(&self, client_id: &str) -> Option<usize> {
        self.tabs.iter().position(|t| t.client_id == client_id)
    }

    fn index_of_server(&self, server_id: &str) -> Option<usize> {
        self.tabs
            .iter()
            .position(|t| t.server_id.as_deref() == Some(server_id))
    }

    fn foreign(&self, inst: &AppInstance) -> bool {
        match &self.workbench_id {
            Some(w) => !inst.workbench_id.is_empty() && inst.workbench_id != *w,
            None => false,
        }
    }

    // ---- queries ---------------------------------------------------------------------------

    /// The session these tabs belong to, when known (its apps' pages run on its origin).
    pub fn workbench_id(&self) -> Option<&str> {
        self.workbench_id.as_deref()
    }

    /// The tabs in display order.
    pub fn tabs(&self) -> &[Tab] {
        &self.tabs
    }

    /// The tab with this client id.
    pub(crate) fn get(&self, client_id: &str) -> Option<&Tab> {
        self.tabs.iter().find(|t| t.client_id == client_id)
    }

    /// Number of tabs.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.tabs.len()
    }

    /// `true` without tabs.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.tabs.is_empty()
    }

    /// Whether the workbench is known to run (see [`set_workbench_running`](Self::set_workbench_running)).
    pub(crate) fn workbench_running(&self) -> bool {
        self.workbench_running
    }

    /// The state of a tab (`None` for an unknown id).
    #[cfg(test)]
    pub(crate) fn tab_state(&self, client_id: &str) -> Option<TabState> {
        self.get(client_id).map(|t| t.state(self.workbench_running))
    }

    /// The panel sentence of a tab ([`Tab::panel_message`]).
    #[cfg(test)]
    pub(crate) fn panel_message(&self, client_id: &str) -> Option<String> {
        self.get(client_id)
            .map(|t| t.panel_message(self.workbench_running))
    }

    // ---- session ---------------------------------------------------------------------------

    /// Records whether the workbench's `k8sStatus` is `Running`. Returns whether it changed.
    /// After it turns `true`, call [`take_pending_creates_when_running`](Self::take_pending_creates_when_running).
    pub fn set_workbench_running(&mut self, running: bool) -> bool {
        let changed = self.workbench_running != running;
        self.workbench_running = running;
        changed
    }

    /// When the workbench runs: the client ids of the tabs whose create waits for the session
    /// (refused earlier because the session was starting), now marked in flight. Send a
    /// `POST /app-instances` for each (its app id is in [`get`](Self::get)). Empty while the
    /// workbench does not run.
    pub(crate) fn take_pending_creates_when_running(&mut self) -> Vec<String> {
        if !self.workbench_running {
            return Vec::new();
        }
        let mut ids = Vec::new();
        for t in &mut self.tabs {
            if matches!(
                t.create_state,
                CreateState::WaitingForSession | CreateState::NotSent
            ) {
                t.create_state = CreateState::InFlight;
                ids.push(t.client_id.clone());
            }
        }
        ids
    }

    // ---- opening and creating -----------------------------------------------------------------

    /// Opens a tab for `app` at once and selects it. Returns its client id; the create is in
    /// flight: send `POST /app-instances` for `app.id` now and report the outcome.
    pub fn open(&mut self, app: &App) -> String {
        let client_id = self.new_client_id();
        self.tabs.push(Tab {
            client_id: client_id.clone(),
            server_id: None,
            app_id: app.id.clone(),
            app_name: app.name.clone(),
            create_state: CreateState::InFlight,
            instance_status: AppInstanceStatus::Unknown,
            message: None,
        });
        self.selected = Some(client_id.clone());
        client_id
    }

    /// Reconciles the placeholder `client_id` with the instance the server created.
    ///
    /// Returns [`TabCommand::DeleteOrphan`] when that tab was closed meanwhile: the caller
    /// deletes the instance instead of resurrecting the tab. A tab already restored for the
    /// same instance (a refresh raced the reply) is merged into the placeholder.
    pub(crate) fn create_succeeded(
        &mut self,
        client_id: &str,
        instance: &AppInstance,
    ) -> Option<TabCommand> {
        let Some(idx) = self.index_of(client_id) else {
            if self.closed_in_flight.remove(client_id) && !instance.id.is_empty() {
                self.deleting.insert(instance.id.clone());
                return Some(TabCommand::DeleteOrphan(instance.id.clone()));
            }
            return None;
        };
        self.resends.remove(client_id);
        if instance.id.is_empty() {
            self.tabs[idx].create_state =
                CreateState::Failed("the server did not say which app instance it created".into());
            return None;
        }
        // A duplicate tab for the same instance (restored meanwhile) goes away.
        if let Some(dup) = self
            .tabs
            .iter()
            .position(|t| t.client_id != client_id && t.server_id.as_deref() == Some(&instance.id))
        {
            let dup_id = self.tabs.remove(dup).client_id;
            if self.selected.as_deref() == Some(dup_id.as_str()) {
                self.selected = Some(client_id.to_string());
            }
        }
        let idx = self.index_of(client_id)?;
        let tab = &mut self.tabs[idx];
        tab.server_id = Some(instance.id.clone());
        tab.create_state = CreateState::Created;
        tab.apply_instance(instance);
        None
    }

    /// Reports a failed create.
    ///
    /// `refused_because_session_not_running`: the backend refused because the session is still
    /// starting. The tab then waits ([`CreateState::WaitingForSession`]) and is resent by
    /// [`take_pending_creates_when_running`](Self::take_pending_creates_when_running) — unless
    /// the workbench is already known to run, in which case this returns a
    /// [`TabCommand::SendCreate`] to resend at once (at most twice, then the tab is an error).
    /// Any other failure makes the tab an error with `error` as reason. A reply for a tab
    /// closed meanwhile is dropped.
    pub(crate) fn create_failed(
        &mut self,
        client_id: &str,
        error: &str,
        refused_because_session_not_running: bool,
    ) -> Option<TabCommand> {
        let Some(idx) = self.index_of(client_id) else {
            self.closed_in_flight.remove(client_id);
            return None;
        };
        let running = self.workbench_running;
        let tab = &mut self.tabs[idx];
        if refused_because_session_not_running {
            if !running {
                tab.create_state = CreateState::WaitingForSession;
                return None;
            }
            let count = self.resends.entry(client_id.to_string()).or_insert(0);
            if *count < MAX_AUTOMATIC_RESENDS {
                *count += 1;
                tab.create_state = CreateState::InFlight;
                return Some(TabCommand::SendCreate {
                    client_id: client_id.to_string(),
                    app_id: tab.app_id.clone(),
                });
            }
        }
        self.resends.remove(client_id);
        tab.create_state = CreateState::Failed(error.to_string());
        None
    }

    /// Retries an error tab: resends a failed create, or deletes a failed/killed instance and
    /// creates a new one. Returns the commands to run in order (empty when the tab is not an
    /// error, or unknown). A tab waiting for the session is resent at once when the workbench
    /// runs.
    pub(crate) fn retry(&mut self, client_id: &str) -> Vec<TabCommand> {
        let running = self.workbench_running;
        let Some(idx) = self.index_of(client_id) else {
            return Vec::new();
        };
        self.resends.remove(client_id);
        let tab = &mut self.tabs[idx];
        let mut cmds = Vec::new();
        let dead_instance = tab.server_id.is_some() && tab.instance_status.is_error();
        let failed_create = matches!(tab.create_state, CreateState::Failed(_));
        let waiting = tab.create_state == CreateState::WaitingForSession && running;
        if !(dead_instance || failed_create || waiting) {
            return cmds;
        }
        if dead_instance {
            if let Some(old) = tab.server_id.take() {
                self.deleting.insert(old.clone());
                cmds.push(TabCommand::DeleteInstance(old));
            }
        }
        tab.server_id = None;
        tab.instance_status = AppInstanceStatus::Unknown;
        tab.message = None;
        tab.create_state = CreateState::InFlight;
        cmds.push(TabCommand::SendCreate {
            client_id: client_id.to_string(),
            app_id: tab.app_id.clone(),
        });
        cmds
    }

    // ---- closing ---------------------------------------------------------------------------

    /// Closes a tab. Returns [`TabCommand::DeleteInstance`] when its instance exists. When its
    /// create is in flight, the model remembers it and [`create_succeeded`](Self::create_succeeded)
    /// will answer [`TabCommand::DeleteOrphan`]. If the closed tab was selected, its right
    /// neighbour (else its left one) becomes selected.
    pub fn close(&mut self, client_id: &str) -> Option<TabCommand> {
        let idx = self.index_of(client_id)?;
        let tab = self.tabs.remove(idx);
        self.resends.remove(client_id);
        if self.selected.as_deref() == Some(client_id) {
            self.selected = self
                .tabs
                .get(idx)
                .or_else(|| idx.checked_sub(1).and_then(|i| self.tabs.get(i)))
                .map(|t| t.client_id.clone());
        }
        if let Some(id) = tab.server_id {
            self.deleting.insert(id.clone());
            return Some(TabCommand::DeleteInstance(id));
        }
        if tab.create_state == CreateState::InFlight {
            self.closed_in_flight.insert(tab.client_id);
        }
        None
    }

    /// Reports that a `DELETE /app-instances/{id}` finished (successfully or not): the instance
    /// may be restored again by a later [`restore`](Self::restore) if it still exists.
    pub(crate) fn delete_finished(&mut self, instance_id: &str) {
        self.deleting.remove(instance_id);
    }

    /// Instances closed a moment ago by this browser tab, before a reload
    /// ([`closed::recently_closed`](super::closed::recently_closed), read afresh before each
    /// restore: they replace the last ones given): a list from CHORUS's cache may still hold
    /// them, and [`restore`](Self::restore) skips them.
    pub(crate) fn skip_closed(&mut self, instance_ids: impl IntoIterator<Item = String>) {
        self.closed_recently = instance_ids.into_iter().collect();
    }

    /// Whether a delete of this instance is under way.
    #[cfg(test)]
    pub(crate) fn is_deleting(&self, instance_id: &str) -> bool {
        self.deleting.contains(instance_id)
    }

    // ---- server state ----------------------------------------------------------------------

    /// Restores the tabs from `GET /app-instances?filter.workbenchIdsIn=<id>` on page load: one
    /// tab per instance, in creation order, skipping instances being deleted
    /// ([`AppInstance::is_being_deleted`], or deleted by this model), closed a moment ago
    /// ([`skip_closed`](Self::skip_closed)), of another workbench, or without id. Instances that
    /// already have a tab only update it, so calling it again is safe. Selects the first tab when
    /// none is selected. Returns whether anything changed.
    pub fn restore(&mut self, instances: &[AppInstance]) -> bool {
        let mut list: Vec<&AppInstance> = instances
            .iter()
            .filter(|i| !i.id.is_empty() && !self.foreign(i))
            .collect();
        crate::domain::sort_small(&mut list, |a, b| {
            a.created_at
                .cmp(&b.created_at)
                .then_with(|| id_order(&a.id, &b.id))
        });
        let mut changed = false;
        for inst in list {
            if let Some(idx) = self.index_of_server(&inst.id) {
                changed |= self.tabs[idx].apply_instance(inst);
                continue;
            }
            if inst.is_being_deleted()
                || self.deleting.contains(&inst.id)
                || self.closed_recently.contains(&inst.id)
            {
                continue;
            }
            let client_id = self.new_client_id();
            let mut tab = Tab {
                client_id,
                server_id: Some(inst.id.clone()),
                app_id: inst.app_id.clone(),
                app_name: inst.app_name.clone(),
                create_state: CreateState::Created,
                instance_status: AppInstanceStatus::Unknown,
                message: None,
            };
            tab.apply_instance(inst);
            self.tabs.push(tab);
            changed = true;
        }
        if self.selected.is_none() {
            if let Some(first) = self.tabs.first() {
                self.selected = Some(first.client_id.clone());
                changed = true;
            }
        }
        changed
    }

    /// Gives the app names to tabs that lack one (older backends send no `appName`), from the
    /// `GET /apps` list.
    pub(crate) fn fill_app_names(&mut self, apps: &[App]) -> bool {
        let mut changed = false;
        for t in &mut self.tabs {
            if t.app_name.trim().is_empty() {
                if let Some(app) = apps.iter().find(|a| a.id == t.app_id) {
                    if !app.name.is_empty() {
                        t.app_name = app.name.clone();
                        changed = true;
                    }
                }
            }
        }
        changed
    }

    /// Updates the tabs from a polled instance list. Only known instances are updated: no tab is
    /// added or removed (a poll may race a create reply; use [`restore`](Self::restore) to add,
    /// [`mark_instance_gone`](Self::mark_instance_gone) on a 404).
    pub(crate) fn update_instances(&mut self, instances: &[AppInstance]) -> bool {
        let mut changed = false;
        for inst in instances {
            changed |= self.update_instance(inst);
        }
        changed
    }

    /// Updates the tab of one instance (`GET /app-instances/{id}`), if any.
    pub(crate) fn update_instance(&mut self, instance: &AppInstance) -> bool {
        if instance.id.is_empty() || self.foreign(instance) {
            return false;
        }
        match self.index_of_server(&instance.id) {
            Some(idx) => self.tabs[idx].apply_instance(instance),
            None => false,
        }
    }

    /// Instance `instance_id` left the list (CHORUS lists no failed, stopped or killed instance:
    /// their records turn `deleted`); `fetched` is what `GET /app-instances/{id}` still answered,
    /// if anything. A failed one tells why (its status and message); one that is not on its way
    /// out is still there: the list was older than it (CHORUS answers the same list request from
    /// a one-second cache that a create does not clear), and the tab follows the record; any
    /// other becomes [`Tabs::mark_instance_gone`].
    pub(crate) fn instance_vanished(
        &mut self,
        instance_id: &str,
        fetched: Option<&AppInstance>,
    ) -> bool {
        match fetched.filter(|inst| inst.id == instance_id) {
            Some(inst)
                if inst.k8s_status == AppInstanceStatus::Failed || !inst.is_being_deleted() =>
            {
                self.update_instance(inst)
            }
            _ => self.mark_instance_gone(instance_id),
        }
    }

    /// The instance no longer exists (404): its tab becomes an error (`Killed`) the user can
    /// retry or close.
    pub(crate) fn mark_instance_gone(&mut self, instance_id: &str) -> bool {
        match self.index_of_server(instance_id) {
            Some(idx) => {
                let t = &mut self.tabs[idx];
                t.instance_status = AppInstanceStatus::Killed;
                t.message = Some("the app instance no longer exists".to_string());
                true
            }
            None => false,
        }
    }

    // ---- selection (WAI-ARIA tabs) ---------------------------------------------------------

    /// The selected tab's client id.
    pub(crate) fn selected(&self) -> Option<&str> {
        self.selected.as_deref()
    }

    /// Selects a tab; `false` (and no change) for an unknown id.
    pub(crate) fn select(&mut self, client_id: &str) -> bool {
        if self.index_of(client_id).is_some() {
            self.selected = Some(client_id.to_string());
            true
        } else {
            false
        }
    }
}
