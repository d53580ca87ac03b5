//! App tabs inside a session: apps, app instances, the derived tab state and the [`Tabs`] model.
//!
//! A tab opens *at once* as a placeholder with a durable synthetic id (`tab-1`, `tab-2`, … never
//! reused), while `POST /app-instances` runs; the reply then gives it its server identity. The
//! model never performs I/O: operations return [`TabCommand`]s (or client ids) that the caller
//! carries out, then reports back.
//!
//! # Typical wiring
//!
//! ```ignore
//! let mut tabs = Tabs::for_workbench(&workbench_id);
//! tabs.restore(&instances);                         // GET /app-instances on page load
//! tabs.set_workbench_running(k8s_status_is_running); // on every session status
//! for id in tabs.take_pending_creates_when_running() { /* POST, as for `open` */ }
//!
//! let id = tabs.open(&app);                         // "Open app" → JupyterLab; now POST:
//! match post_result {
//!     Ok(instance) => if let Some(cmd) = tabs.create_succeeded(&id, &instance) { run(cmd) },
//!     Err(e) => if let Some(cmd) = tabs.create_failed(&id, &e.text, e.session_not_running) { run(cmd) },
//! }
//! if let Some(cmd) = tabs.close(&id) { run(cmd) }   // DELETE /app-instances/{id}
//! for cmd in tabs.retry(&id) { run(cmd) }
//! if tabs.needs_polling() { /* GET /app-instances → tabs.update_instances(&list) */ }
//! ```
//!
//! # Tab state precedence
//!
//! [`derive_tab_state`] applies, first match wins:
//! 1. the create call failed → `error`;
//! 2. the instance is `Failed` or `Killed` → `error` (even when the workbench is not running:
//!    nothing will bring such an instance back, so waiting would hide a dead end);
//! 3. the workbench is not `Running` → `pending_provision`;
//! 4. the instance is `Running` → `ready`;
//! 5. otherwise (no instance yet, `Progressing`, `Unknown`, `Stopped`, …) → `pending_session_create`.

use std::collections::{HashMap, HashSet};

use super::id_order;

/// Sentence of a tab's panel while its session is not running yet.
pub const WAITING_FOR_SESSION: &str = "Waiting for the session to start";

/// How many times a create refused with "session not running" is resent at once while the
/// workbench is already known to run, before the tab turns to `error`.
const MAX_AUTOMATIC_RESENDS: u32 = 2;

// ---------------------------------------------------------------------------------------------
// Apps and instances
// ---------------------------------------------------------------------------------------------

/// An app that can be opened in a session (`GET /apps`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct App {
    /// App id.
    pub id: String,
    /// Display name, e.g. `JupyterLab` (server text: show as text).
    pub name: String,
    /// Description (may be empty).
    pub description: String,
    /// Icon address (`iconURL` on the wire), if any. Server-provided: only use it as an `<img
    /// src>` after checking its scheme (`https:`/`http:` or a relative path).
    pub icon_url: Option<String>,
    /// Docker image name, if sent.
    pub docker_image_name: Option<String>,
    /// Docker image tag, if sent.
    pub docker_image_tag: Option<String>,
}

/// `k8sStatus` of an app instance. Parsing is case-insensitive; `""` and unknown values give
/// [`AppInstanceStatus::Unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AppInstanceStatus {
    /// Unknown, absent or `""`.
    #[default]
    Unknown,
    /// The app runs: its tab is ready.
    Running,
    /// The app ended by itself.
    Complete,
    /// Being started.
    Progressing,
    /// Failed to start or crashed.
    Failed,
    /// Being stopped.
    Stopping,
    /// Stopped.
    Stopped,
    /// Being killed (deleted).
    Killing,
    /// Killed.
    Killed,
}

impl AppInstanceStatus {
    /// Parses the wire value. Never fails.
    pub fn from_wire(s: &str) -> Self {
        match super::wire_word(s).as_str() {
            "running" => Self::Running,
            "complete" | "completed" => Self::Complete,
            "progressing" => Self::Progressing,
            "failed" => Self::Failed,
            "stopping" => Self::Stopping,
            "stopped" => Self::Stopped,
            "killing" => Self::Killing,
            "killed" => Self::Killed,
            _ => Self::Unknown,
        }
    }

    /// The wire value (`Running`, …; `Unknown` for unknown).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unknown => "Unknown",
            Self::Running => "Running",
            Self::Complete => "Complete",
            Self::Progressing => "Progressing",
            Self::Failed => "Failed",
            Self::Stopping => "Stopping",
            Self::Stopped => "Stopped",
            Self::Killing => "Killing",
            Self::Killed => "Killed",
        }
    }

    /// The status in words (`Starting` for Progressing, `Shutting down` for Killing).
    pub fn label(self) -> &'static str {
        match self {
            Self::Progressing => "Starting",
            Self::Killing => "Shutting down",
            other => other.as_str(),
        }
    }

    /// `true` for the statuses that make a tab an error (`Failed`, `Killed`).
    pub fn is_error(self) -> bool {
        matches!(self, Self::Failed | Self::Killed)
    }
}

/// `k8sState` of an app instance: the desired state. `""`/unknown → [`DesiredState::Unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DesiredState {
    /// Not sent or not known.
    #[default]
    Unknown,
    /// Should run.
    Running,
    /// Should be stopped.
    Stopped,
    /// Should be killed (it is being deleted).
    Killed,
}

impl DesiredState {
    /// Parses the wire value (case-insensitive). Never fails.
    pub fn from_wire(s: &str) -> Self {
        match super::wire_word(s).as_str() {
            "running" => Self::Running,
            "stopped" => Self::Stopped,
            "killed" => Self::Killed,
            _ => Self::Unknown,
        }
    }
}

/// An app running (or starting) inside a session (`AppInstance` of api.md).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AppInstance {
    /// Instance id.
    pub id: String,
    /// Its session.
    pub workbench_id: String,
    /// Its workspace.
    pub workspace_id: String,
    /// Which app.
    pub app_id: String,
    /// The app's name (may be empty on older backends).
    pub app_name: String,
    /// Observed state.
    pub k8s_status: AppInstanceStatus,
    /// Human text about the instance (server text: show as text).
    pub k8s_message: Option<String>,
    /// Desired state.
    pub k8s_state: DesiredState,
    /// Record status (e.g. `active`, `deleted`), if sent.
    pub status: Option<String>,
    /// RFC 3339 timestamp.
    pub created_at: Option<String>,
    /// RFC 3339 timestamp.
    pub updated_at: Option<String>,
}

impl AppInstance {
    /// `true` when the instance is on its way out (desired `Killed`, status `Killing`, or record
    /// status `deleted`): such instances get no tab on restore.
    pub fn is_being_deleted(&self) -> bool {
        self.k8s_state == DesiredState::Killed
            || self.k8s_status == AppInstanceStatus::Killing
            || self
                .status
                .as_deref()
                .is_some_and(|s| s.trim().eq_ignore_ascii_case("deleted"))
    }
}

// ---------------------------------------------------------------------------------------------
// Tab state
// ---------------------------------------------------------------------------------------------

/// The state of a tab, as ui.md's `data-tab-state` spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TabState {
    /// The session (workbench) is not running yet.
    PendingProvision,
    /// The session runs; the app instance is being created or started.
    PendingSessionCreate,
    /// The app runs: show its page.
    Ready,
    /// The create call failed, or the instance failed or was killed.
    Error,
}

impl TabState {
    /// `pending_provision`, `pending_session_create`, `ready` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PendingProvision => "pending_provision",
            Self::PendingSessionCreate => "pending_session_create",
            Self::Ready => "ready",
            Self::Error => "error",
        }
    }

    /// `true` for the two pending states.
    pub fn is_pending(self) -> bool {
        matches!(self, Self::PendingProvision | Self::PendingSessionCreate)
    }
}

/// Derives a tab's state (api.md), with the precedence documented at the top of this module.
///
/// `instance` is the instance's `k8sStatus`, `None` when no instance exists yet.
pub fn derive_tab_state(
    workbench_running: bool,
    instance: Option<AppInstanceStatus>,
    create_failed: bool,
) -> TabState {
    if create_failed || instance.is_some_and(AppInstanceStatus::is_error) {
        TabState::Error
    } else if !workbench_running {
        TabState::PendingProvision
    } else if instance == Some(AppInstanceStatus::Running) {
        TabState::Ready
    } else {
        TabState::PendingSessionCreate
    }
}

/// Where a tab's `POST /app-instances` stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum CreateState {
    /// Not sent yet. [`Tabs::open`] sends at once, so a [`Tabs`] tab is never left here.
    #[default]
    NotSent,
    /// Sent; waiting for the reply.
    InFlight,
    /// The instance exists (`server_id` is set): restored, or the create succeeded.
    Created,
    /// The create failed; the text says why (server text: show as text).
    Failed(String),
    /// Refused because the session is still starting: resent when it runs
    /// ([`Tabs::take_pending_creates_when_running`]).
    WaitingForSession,
}

/// One app tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tab {
    /// Durable synthetic id (`tab-3`), set when the tab opens and never reused: use it as the
    /// key of the tab in the view.
    pub client_id: String,
    /// The app instance's id once created.
    pub server_id: Option<String>,
    /// The app.
    pub app_id: String,
    /// The app's name (for the tab label and `Close <app name>`).
    pub app_name: String,
    /// Where the create call stands.
    pub create_state: CreateState,
    /// The instance's last known `k8sStatus` (`Unknown` before it exists).
    pub instance_status: AppInstanceStatus,
    /// The instance's last `k8sMessage`, if any.
    pub message: Option<String>,
}

impl Tab {
    fn app(&self) -> &str {
        if self.app_name.trim().is_empty() {
            "the app"
        } else {
            &self.app_name
        }
    }

    /// The tab's state ([`derive_tab_state`]) given whether the workbench runs.
    pub fn state(&self, workbench_running: bool) -> TabState {
        let instance = self.server_id.as_ref().map(|_| self.instance_status);
        let create_failed = matches!(self.create_state, CreateState::Failed(_));
        derive_tab_state(workbench_running, instance, create_failed)
    }

    /// Why the tab is an error, in words (`None` when it is not one).
    pub fn error_reason(&self) -> Option<String> {
        let app = self.app();
        if let CreateState::Failed(reason) = &self.create_state {
            let reason = reason.trim();
            return Some(if reason.is_empty() {
                format!("Could not open {app}")
            } else {
                format!("Could not open {app}: {reason}")
            });
        }
        self.server_id.as_ref()?;
        let msg = self
            .message
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty());
        match (self.instance_status, msg) {
            (AppInstanceStatus::Failed, Some(m)) => Some(format!("{app} failed to start: {m}")),
            (AppInstanceStatus::Failed, None) => Some(format!("{app} failed to start")),
            (AppInstanceStatus::Killed, Some(m)) => Some(format!("{app} was stopped: {m}")),
            (AppInstanceStatus::Killed, None) => Some(format!("{app} was stopped by the system")),
            _ => None,
        }
    }

    /// The sentence of the tab's panel: what a pending tab waits for (`Waiting for the session
    /// to start`, `Starting JupyterLab…`), the error reason in words, or `JupyterLab is ready`.
    pub fn panel_message(&self, workbench_running: bool) -> String {
        let app = self.app();
        match self.state(workbench_running) {
            TabState::Error => self
                .error_reason()
                .unwrap_or_else(|| format!("{app} cannot be shown")),
            TabState::PendingProvision => WAITING_FOR_SESSION.to_string(),
            TabState::Ready => format!("{app} is ready"),
            TabState::PendingSessionCreate => match self.instance_status {
                _ if self.server_id.is_none() => format!("Starting {app}…"),
                AppInstanceStatus::Stopping => format!("{app} is stopping…"),
                AppInstanceStatus::Stopped | AppInstanceStatus::Complete => {
                    format!("{app} has stopped")
                }
                AppInstanceStatus::Killing => format!("{app} is shutting down…"),
                _ => format!("Starting {app}…"),
            },
        }
    }

    /// Accessible name of the tab's close button: `Close <app name>`.
    pub fn close_label(&self) -> String {
        format!("Close {}", self.app_name)
    }

    /// A DOM id for the tab element (`app-tab-<client id>`), for `aria-labelledby`.
    pub fn dom_id(&self) -> String {
        format!("app-tab-{}", self.client_id)
    }

    /// A DOM id for the tab's panel (`app-panel-<client id>`), for `aria-controls`.
    pub fn panel_dom_id(&self) -> String {
        format!("app-panel-{}", self.client_id)
    }

    fn apply_instance(&mut self, inst: &AppInstance) -> bool {
        let before = (
            self.instance_status,
            self.message.clone(),
            self.app_name.clone(),
        );
        self.instance_status = inst.k8s_status;
        self.message = inst.k8s_message.clone().filter(|m| !m.is_empty());
        if self.app_name.trim().is_empty() && !inst.app_name.trim().is_empty() {
            self.app_name = inst.app_name.clone();
        }
        before
            != (
                self.instance_status,
                self.message.clone(),
                self.app_name.clone(),
            )
    }
}

/// Work the caller must do for the [`Tabs`] model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TabCommand {
    /// `POST /app-instances` for `app_id`, then report with [`Tabs::create_succeeded`] or
    /// [`Tabs::create_failed`] under `client_id`.
    SendCreate {
        /// The tab.
        client_id: String,
        /// The app to create.
        app_id: String,
    },
    /// `DELETE /app-instances/{id}` of a closed (or retried) tab's instance; then
    /// [`Tabs::delete_finished`].
    DeleteInstance(String),
    /// `DELETE /app-instances/{id}` of an instance whose tab was closed before the create reply
    /// came; then [`Tabs::delete_finished`].
    DeleteOrphan(String),
}

// ---------------------------------------------------------------------------------------------
// Tabs
// ---------------------------------------------------------------------------------------------

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

    /// The tabs in display order.
    pub fn tabs(&self) -> &[Tab] {
        &self.tabs
    }

    /// The tab with this client id.
    pub fn get(&self, client_id: &str) -> Option<&Tab> {
        self.tabs.iter().find(|t| t.client_id == client_id)
    }

    /// Number of tabs.
    pub fn len(&self) -> usize {
        self.tabs.len()
    }

    /// `true` without tabs.
    pub fn is_empty(&self) -> bool {
        self.tabs.is_empty()
    }

    /// Whether the workbench is known to run (see [`set_workbench_running`](Self::set_workbench_running)).
    pub fn workbench_running(&self) -> bool {
        self.workbench_running
    }

    /// The state of a tab (`None` for an unknown id).
    pub fn tab_state(&self, client_id: &str) -> Option<TabState> {
        self.get(client_id).map(|t| t.state(self.workbench_running))
    }

    /// The panel sentence of a tab ([`Tab::panel_message`]).
    pub fn panel_message(&self, client_id: &str) -> Option<String> {
        self.get(client_id)
            .map(|t| t.panel_message(self.workbench_running))
    }

    /// `true` while some tab has an instance that is neither ready nor an error: poll
    /// `GET /app-instances` and feed [`update_instances`](Self::update_instances).
    pub fn needs_polling(&self) -> bool {
        self.tabs.iter().any(|t| {
            t.server_id.is_some()
                && !matches!(
                    t.state(self.workbench_running),
                    TabState::Ready | TabState::Error
                )
        })
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
    pub fn take_pending_creates_when_running(&mut self) -> Vec<String> {
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
    pub fn create_succeeded(
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
    pub fn create_failed(
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
    pub fn retry(&mut self, client_id: &str) -> Vec<TabCommand> {
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
    pub fn delete_finished(&mut self, instance_id: &str) {
        self.deleting.remove(instance_id);
    }

    /// Whether a delete of this instance is under way.
    pub fn is_deleting(&self, instance_id: &str) -> bool {
        self.deleting.contains(instance_id)
    }

    // ---- server state ----------------------------------------------------------------------

    /// Restores the tabs from `GET /app-instances?filter.workbenchIdsIn=<id>` on page load: one
    /// tab per instance, in creation order, skipping instances being deleted
    /// ([`AppInstance::is_being_deleted`], or deleted by this model), of another workbench, or
    /// without id. Instances that already have a tab only update it, so calling it again is
    /// safe. Selects the first tab when none is selected. Returns whether anything changed.
    pub fn restore(&mut self, instances: &[AppInstance]) -> bool {
        let mut list: Vec<&AppInstance> = instances
            .iter()
            .filter(|i| !i.id.is_empty() && !self.foreign(i))
            .collect();
        list.sort_by(|a, b| {
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
            if inst.is_being_deleted() || self.deleting.contains(&inst.id) {
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
    pub fn fill_app_names(&mut self, apps: &[App]) -> bool {
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
    pub fn update_instances(&mut self, instances: &[AppInstance]) -> bool {
        let mut changed = false;
        for inst in instances {
            changed |= self.update_instance(inst);
        }
        changed
    }

    /// Updates the tab of one instance (`GET /app-instances/{id}`), if any.
    pub fn update_instance(&mut self, instance: &AppInstance) -> bool {
        if instance.id.is_empty() || self.foreign(instance) {
            return false;
        }
        match self.index_of_server(&instance.id) {
            Some(idx) => self.tabs[idx].apply_instance(instance),
            None => false,
        }
    }

    /// The instance no longer exists (404): its tab becomes an error (`Killed`) the user can
    /// retry or close.
    pub fn mark_instance_gone(&mut self, instance_id: &str) -> bool {
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
    pub fn selected(&self) -> Option<&str> {
        self.selected.as_deref()
    }

    /// The selected tab.
    pub fn selected_tab(&self) -> Option<&Tab> {
        self.selected.as_deref().and_then(|id| self.get(id))
    }

    /// Selects a tab; `false` (and no change) for an unknown id.
    pub fn select(&mut self, client_id: &str) -> bool {
        if self.index_of(client_id).is_some() {
            self.selected = Some(client_id.to_string());
            true
        } else {
            false
        }
    }

    fn select_index(&mut self, idx: usize) -> Option<String> {
        let id = self.tabs.get(idx)?.client_id.clone();
        self.selected = Some(id.clone());
        Some(id)
    }

    fn selected_index(&self) -> Option<usize> {
        self.selected.as_deref().and_then(|id| self.index_of(id))
    }

    /// ArrowRight: selects the next tab, wrapping to the first; the first when none is
    /// selected. Returns the newly selected id (to focus), `None` without tabs.
    pub fn select_next(&mut self) -> Option<String> {
        let n = self.tabs.len();
        if n == 0 {
            return None;
        }
        let idx = self.selected_index().map_or(0, |i| (i + 1) % n);
        self.select_index(idx)
    }

    /// ArrowLeft: selects the previous tab, wrapping to the last; the last when none is
    /// selected.
    pub fn select_prev(&mut self) -> Option<String> {
        let n = self.tabs.len();
        if n == 0 {
            return None;
        }
        let idx = self.selected_index().map_or(n - 1, |i| (i + n - 1) % n);
        self.select_index(idx)
    }

    /// Home: selects the first tab.
    pub fn select_first(&mut self) -> Option<String> {
        self.select_index(0)
    }

    /// End: selects the last tab.
    pub fn select_last(&mut self) -> Option<String> {
        let n = self.tabs.len();
        self.select_index(n.checked_sub(1)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(id: &str, name: &str) -> App {
        App {
            id: id.into(),
            name: name.into(),
            ..Default::default()
        }
    }

    fn inst(id: &str, app_id: &str, name: &str, status: AppInstanceStatus) -> AppInstance {
        AppInstance {
            id: id.into(),
            workbench_id: "5".into(),
            workspace_id: "1".into(),
            app_id: app_id.into(),
            app_name: name.into(),
            k8s_status: status,
            ..Default::default()
        }
    }

    #[test]
    fn statuses_parse() {
        assert_eq!(AppInstanceStatus::from_wire(""), AppInstanceStatus::Unknown);
        assert_eq!(
            AppInstanceStatus::from_wire("Running"),
            AppInstanceStatus::Running
        );
        assert_eq!(
            AppInstanceStatus::from_wire("KILLED"),
            AppInstanceStatus::Killed
        );
        assert_eq!(
            AppInstanceStatus::from_wire("Exploded"),
            AppInstanceStatus::Unknown
        );
        for s in [
            "Unknown",
            "Running",
            "Complete",
            "Progressing",
            "Failed",
            "Stopping",
            "Stopped",
            "Killing",
            "Killed",
        ] {
            assert_eq!(AppInstanceStatus::from_wire(s).as_str(), s);
        }
        assert_eq!(AppInstanceStatus::Progressing.label(), "Starting");
        assert_eq!(DesiredState::from_wire("Killed"), DesiredState::Killed);
        assert_eq!(DesiredState::from_wire(""), DesiredState::Unknown);
    }

    #[test]
    fn tab_state_strings() {
        assert_eq!(TabState::PendingProvision.as_str(), "pending_provision");
        assert_eq!(
            TabState::PendingSessionCreate.as_str(),
            "pending_session_create"
        );
        assert_eq!(TabState::Ready.as_str(), "ready");
        assert_eq!(TabState::Error.as_str(), "error");
        assert!(TabState::PendingProvision.is_pending());
        assert!(!TabState::Ready.is_pending());
    }

    #[test]
    fn derivation_per_api_md() {
        use AppInstanceStatus as S;
        use TabState::*;
        assert_eq!(derive_tab_state(false, None, false), PendingProvision);
        assert_eq!(
            derive_tab_state(false, Some(S::Progressing), false),
            PendingProvision
        );
        assert_eq!(
            derive_tab_state(false, Some(S::Running), false),
            PendingProvision
        );
        assert_eq!(derive_tab_state(true, None, false), PendingSessionCreate);
        assert_eq!(
            derive_tab_state(true, Some(S::Progressing), false),
            PendingSessionCreate
        );
        assert_eq!(
            derive_tab_state(true, Some(S::Unknown), false),
            PendingSessionCreate
        );
        assert_eq!(derive_tab_state(true, Some(S::Running), false), Ready);
        assert_eq!(derive_tab_state(true, Some(S::Failed), false), Error);
        assert_eq!(derive_tab_state(true, Some(S::Killed), false), Error);
        // precedence: a failed instance is an error even while the workbench is not running
        assert_eq!(derive_tab_state(false, Some(S::Failed), false), Error);
        assert_eq!(derive_tab_state(false, None, true), Error);
        assert_eq!(derive_tab_state(true, Some(S::Running), true), Error);
    }

    #[test]
    fn open_and_create_flow() {
        let mut t = Tabs::for_workbench("5");
        let id = t.open(&app("1", "JupyterLab"));
        assert_eq!(id, "tab-1");
        assert_eq!(t.selected(), Some("tab-1"));
        assert_eq!(t.get(&id).unwrap().create_state, CreateState::InFlight);
        assert_eq!(t.tab_state(&id), Some(TabState::PendingProvision));
        assert_eq!(
            t.panel_message(&id).as_deref(),
            Some("Waiting for the session to start")
        );
        t.set_workbench_running(true);
        assert_eq!(t.tab_state(&id), Some(TabState::PendingSessionCreate));
        assert_eq!(
            t.panel_message(&id).as_deref(),
            Some("Starting JupyterLab…")
        );
        assert!(!t.needs_polling());
        assert_eq!(
            t.create_succeeded(
                &id,
                &inst("77", "1", "JupyterLab", AppInstanceStatus::Progressing)
            ),
            None
        );
        let tab = t.get(&id).unwrap();
        assert_eq!(tab.server_id.as_deref(), Some("77"));
        assert_eq!(tab.create_state, CreateState::Created);
        assert_eq!(tab.client_id, "tab-1");
        assert!(t.needs_polling());
        let mut running = inst("77", "1", "JupyterLab", AppInstanceStatus::Running);
        running.k8s_message = Some("".into());
        assert!(t.update_instances(&[running.clone()]));
        assert!(!t.update_instances(&[running]));
        assert_eq!(t.tab_state(&id), Some(TabState::Ready));
        assert_eq!(t.panel_message(&id).as_deref(), Some("JupyterLab is ready"));
        assert!(!t.needs_polling());
        assert_eq!(t.get(&id).unwrap().close_label(), "Close JupyterLab");
        assert_eq!(t.get(&id).unwrap().dom_id(), "app-tab-tab-1");
        assert_eq!(t.get(&id).unwrap().panel_dom_id(), "app-panel-tab-1");
    }

    #[test]
    fn closed_while_in_flight_deletes_orphan() {
        let mut t = Tabs::new();
        let id = t.open(&app("1", "JupyterLab"));
        assert_eq!(t.close(&id), None);
        assert!(t.is_empty());
        assert_eq!(t.selected(), None);
        let reply = inst("9", "1", "JupyterLab", AppInstanceStatus::Progressing);
        assert_eq!(
            t.create_succeeded(&id, &reply),
            Some(TabCommand::DeleteOrphan("9".into()))
        );
        assert!(t.is_empty());
        assert!(t.is_deleting("9"));
        // a restore racing the delete does not resurrect it
        assert!(!t.restore(std::slice::from_ref(&reply)));
        assert!(t.is_empty());
        // only once
        assert_eq!(t.create_succeeded(&id, &reply), None);
        t.delete_finished("9");
        assert!(!t.is_deleting("9"));
        // unknown ids are ignored
        assert_eq!(t.create_succeeded("tab-99", &reply), None);
        assert_eq!(t.create_failed("tab-99", "x", false), None);
        // a new tab never reuses the id
        assert_eq!(t.open(&app("2", "VS Code")), "tab-2");
    }

    #[test]
    fn closed_while_in_flight_then_failed() {
        let mut t = Tabs::new();
        let id = t.open(&app("1", "JupyterLab"));
        t.close(&id);
        assert_eq!(t.create_failed(&id, "boom", false), None);
        // the in-flight memory is gone: a late success is ignored
        assert_eq!(
            t.create_succeeded(&id, &inst("3", "1", "J", AppInstanceStatus::Running)),
            None
        );
    }

    #[test]
    fn close_existing_deletes_and_moves_selection() {
        let mut t = Tabs::new();
        t.set_workbench_running(true);
        let a = t.open(&app("1", "JupyterLab"));
        let b = t.open(&app("2", "VS Code"));
        let c = t.open(&app("3", "RStudio"));
        t.create_succeeded(&b, &inst("20", "2", "VS Code", AppInstanceStatus::Running));
        t.select(&b);
        assert_eq!(t.close(&b), Some(TabCommand::DeleteInstance("20".into())));
        assert!(t.is_deleting("20"));
        assert_eq!(t.selected(), Some(c.as_str()));
        t.close(&c);
        assert_eq!(t.selected(), Some(a.as_str()));
        t.close(&a);
        assert_eq!(t.selected(), None);
        assert_eq!(t.close("tab-1"), None);
        // closing a non-selected tab keeps the selection
        let d = t.open(&app("1", "JupyterLab"));
        let e = t.open(&app("2", "VS Code"));
        t.close(&d);
        assert_eq!(t.selected(), Some(e.as_str()));
    }

    #[test]
    fn refused_while_session_starts_then_resent() {
        let mut t = Tabs::new();
        let id = t.open(&app("1", "JupyterLab"));
        assert_eq!(t.create_failed(&id, "workbench not running", true), None);
        assert_eq!(
            t.get(&id).unwrap().create_state,
            CreateState::WaitingForSession
        );
        assert_eq!(t.tab_state(&id), Some(TabState::PendingProvision));
        assert_eq!(
            t.panel_message(&id).as_deref(),
            Some("Waiting for the session to start")
        );
        assert!(t.take_pending_creates_when_running().is_empty());
        assert!(t.set_workbench_running(true));
        assert!(!t.set_workbench_running(true));
        assert_eq!(t.take_pending_creates_when_running(), vec![id.clone()]);
        assert_eq!(t.get(&id).unwrap().create_state, CreateState::InFlight);
        assert!(t.take_pending_creates_when_running().is_empty());
        // refused again while running: resent at once, twice, then error
        let resend = Some(TabCommand::SendCreate {
            client_id: id.clone(),
            app_id: "1".into(),
        });
        assert_eq!(t.create_failed(&id, "not running", true), resend);
        assert_eq!(t.create_failed(&id, "not running", true), resend);
        assert_eq!(t.create_failed(&id, "not running", true), None);
        assert_eq!(t.tab_state(&id), Some(TabState::Error));
        assert_eq!(
            t.panel_message(&id).as_deref(),
            Some("Could not open JupyterLab: not running")
        );
    }

    #[test]
    fn failed_create_and_retry() {
        let mut t = Tabs::new();
        t.set_workbench_running(true);
        let id = t.open(&app("4", "Legacy Viewer"));
        t.create_failed(&id, "<script>alert(1)</script>", false);
        assert_eq!(t.tab_state(&id), Some(TabState::Error));
        assert_eq!(
            t.get(&id).unwrap().error_reason().as_deref(),
            Some("Could not open Legacy Viewer: <script>alert(1)</script>")
        );
        assert_eq!(
            t.retry(&id),
            vec![TabCommand::SendCreate {
                client_id: id.clone(),
                app_id: "4".into()
            }]
        );
        assert_eq!(t.get(&id).unwrap().create_state, CreateState::InFlight);
        // retry on a non-error tab does nothing
        assert!(t.retry(&id).is_empty());
        assert!(t.retry("nope").is_empty());
        // instance fails
        let mut failed = inst("40", "4", "Legacy Viewer", AppInstanceStatus::Failed);
        failed.k8s_message = Some("image legacy:0.1 cannot start".into());
        t.create_succeeded(&id, &failed);
        assert_eq!(t.tab_state(&id), Some(TabState::Error));
        assert_eq!(
            t.panel_message(&id).as_deref(),
            Some("Legacy Viewer failed to start: image legacy:0.1 cannot start")
        );
        assert_eq!(
            t.retry(&id),
            vec![
                TabCommand::DeleteInstance("40".into()),
                TabCommand::SendCreate {
                    client_id: id.clone(),
                    app_id: "4".into()
                }
            ]
        );
        let tab = t.get(&id).unwrap();
        assert_eq!(tab.server_id, None);
        assert_eq!(tab.instance_status, AppInstanceStatus::Unknown);
        assert_eq!(tab.message, None);
        assert_eq!(t.tab_state(&id), Some(TabState::PendingSessionCreate));
    }

    #[test]
    fn failed_instance_is_error_even_without_running_workbench() {
        let mut t = Tabs::new();
        t.restore(&[inst("1", "4", "Legacy Viewer", AppInstanceStatus::Failed)]);
        let id = t.tabs()[0].client_id.clone();
        assert_eq!(t.tab_state(&id), Some(TabState::Error));
        assert_eq!(
            t.panel_message(&id).as_deref(),
            Some("Legacy Viewer failed to start")
        );
    }

    #[test]
    fn restore_on_reload() {
        let mut t = Tabs::for_workbench("5");
        let mut a = inst("12", "2", "VS Code", AppInstanceStatus::Running);
        a.created_at = Some("2025-11-15T12:00:05Z".into());
        let mut b = inst("11", "1", "JupyterLab", AppInstanceStatus::Progressing);
        b.created_at = Some("2025-11-15T12:00:00Z".into());
        let mut killing = inst("13", "3", "RStudio", AppInstanceStatus::Running);
        killing.k8s_state = DesiredState::Killed;
        let mut deleted = inst("14", "3", "RStudio", AppInstanceStatus::Stopped);
        deleted.status = Some("deleted".into());
        let mut other = inst("15", "3", "RStudio", AppInstanceStatus::Running);
        other.workbench_id = "6".into();
        let no_id = inst("", "3", "RStudio", AppInstanceStatus::Running);
        let list = vec![a, b, killing, deleted, other, no_id];
        assert!(t.restore(&list));
        let ids: Vec<_> = t
            .tabs()
            .iter()
            .map(|x| x.server_id.clone().unwrap())
            .collect();
        assert_eq!(ids, ["11", "12"]);
        assert_eq!(t.selected(), Some("tab-1"));
        assert_eq!(t.tabs()[0].create_state, CreateState::Created);
        // idempotent
        assert!(!t.restore(&list));
        assert_eq!(t.len(), 2);
        t.set_workbench_running(true);
        assert_eq!(t.tab_state("tab-2"), Some(TabState::Ready));
        assert_eq!(t.tab_state("tab-1"), Some(TabState::PendingSessionCreate));
        assert!(t.needs_polling());
        // foreign instance updates are ignored
        let mut foreign = inst("11", "1", "JupyterLab", AppInstanceStatus::Running);
        foreign.workbench_id = "6".into();
        assert!(!t.update_instance(&foreign));
        foreign.workbench_id = "5".into();
        assert!(t.update_instance(&foreign));
        assert!(!t.needs_polling());
    }

    #[test]
    fn restore_racing_create_is_merged() {
        let mut t = Tabs::new();
        t.set_workbench_running(true);
        let id = t.open(&app("1", "JupyterLab"));
        let i = inst("30", "1", "JupyterLab", AppInstanceStatus::Progressing);
        t.restore(std::slice::from_ref(&i));
        assert_eq!(t.len(), 2);
        let dup = t.tabs()[1].client_id.clone();
        t.select(&dup);
        t.create_succeeded(&id, &i);
        assert_eq!(t.len(), 1);
        assert_eq!(t.selected(), Some(id.as_str()));
        assert_eq!(t.tabs()[0].server_id.as_deref(), Some("30"));
    }

    #[test]
    fn create_reply_without_id_is_an_error() {
        let mut t = Tabs::new();
        let id = t.open(&app("1", "JupyterLab"));
        t.create_succeeded(&id, &AppInstance::default());
        assert_eq!(t.tab_state(&id), Some(TabState::Error));
    }

    #[test]
    fn gone_instance_and_panel_sentences() {
        let mut t = Tabs::new();
        t.set_workbench_running(true);
        t.restore(&[
            inst("1", "1", "", AppInstanceStatus::Stopping),
            inst("2", "2", "VS Code", AppInstanceStatus::Stopped),
            inst("3", "3", "RStudio", AppInstanceStatus::Killed),
        ]);
        assert_eq!(
            t.panel_message("tab-1").as_deref(),
            Some("the app is stopping…")
        );
        assert!(t.fill_app_names(&[app("1", "JupyterLab")]));
        assert!(!t.fill_app_names(&[app("1", "JupyterLab")]));
        assert_eq!(
            t.panel_message("tab-1").as_deref(),
            Some("JupyterLab is stopping…")
        );
        assert_eq!(
            t.panel_message("tab-2").as_deref(),
            Some("VS Code has stopped")
        );
        assert_eq!(t.tab_state("tab-2"), Some(TabState::PendingSessionCreate));
        assert_eq!(
            t.panel_message("tab-3").as_deref(),
            Some("RStudio was stopped by the system")
        );
        assert!(t.mark_instance_gone("2"));
        assert!(!t.mark_instance_gone("99"));
        assert_eq!(t.tab_state("tab-2"), Some(TabState::Error));
        assert_eq!(
            t.panel_message("tab-2").as_deref(),
            Some("VS Code was stopped: the app instance no longer exists")
        );
    }

    #[test]
    fn keyboard_selection_wraps() {
        let mut t = Tabs::new();
        assert_eq!(t.select_next(), None);
        assert_eq!(t.select_prev(), None);
        assert_eq!(t.select_first(), None);
        assert_eq!(t.select_last(), None);
        let a = t.open(&app("1", "A"));
        let b = t.open(&app("2", "B"));
        let c = t.open(&app("3", "C"));
        assert_eq!(t.selected(), Some(c.as_str()));
        assert_eq!(t.select_next(), Some(a.clone()));
        assert_eq!(t.select_prev(), Some(c.clone()));
        assert_eq!(t.select_prev(), Some(b.clone()));
        assert_eq!(t.select_first(), Some(a.clone()));
        assert_eq!(t.select_last(), Some(c.clone()));
        assert!(!t.select("tab-99"));
        assert_eq!(t.selected_tab().unwrap().app_name, "C");
        let mut t2 = Tabs::new();
        t2.restore(&[inst("1", "1", "A", AppInstanceStatus::Running)]);
        t2.selected = None;
        assert_eq!(t2.select_prev().as_deref(), Some("tab-1"));
    }
}
