//! One app tab ([`Tab`]): its state as ui.md's `data-tab-state` spells it ([`derive_tab_state`],
//! with the precedence of the module's documentation), its sentences and DOM ids, and the work
//! the model asks the caller to do ([`TabCommand`]).

use super::apps::{AppInstance, AppInstanceStatus};

/// Sentence of a tab's panel while its session is not running yet.
pub(crate) const WAITING_FOR_SESSION: &str = "Waiting for the session to start";

/// The state of a tab, as ui.md's `data-tab-state` spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum TabState {
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
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::PendingProvision => "pending_provision",
            Self::PendingSessionCreate => "pending_session_create",
            Self::Ready => "ready",
            Self::Error => "error",
        }
    }

    /// `true` for the two pending states.
    pub(crate) fn is_pending(self) -> bool {
        matches!(self, Self::PendingProvision | Self::PendingSessionCreate)
    }
}

/// Derives a tab's state (api.md), with the precedence documented at the top of this module.
///
/// `instance` is the instance's `k8sStatus`, `None` when no instance exists yet.
pub(crate) fn derive_tab_state(
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
    /// Not sent yet. [`Tabs::open`](super::Tabs::open) sends at once, so a [`Tabs`](super::Tabs) tab is never left here.
    #[default]
    NotSent,
    /// Sent; waiting for the reply.
    InFlight,
    /// The instance exists (`server_id` is set): restored, or the create succeeded.
    Created,
    /// The create failed; the text says why (server text: show as text).
    Failed(String),
    /// Refused because the session is still starting: resent when it runs
    /// ([`Tabs::take_pending_creates_when_running`](super::Tabs::take_pending_creates_when_running)).
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
    pub(crate) fn state(&self, workbench_running: bool) -> TabState {
        let instance = self.server_id.as_ref().map(|_| self.instance_status);
        let create_failed = matches!(self.create_state, CreateState::Failed(_));
        derive_tab_state(workbench_running, instance, create_failed)
    }

    /// Why the tab is an error, in words (`None` when it is not one).
    pub(crate) fn error_reason(&self) -> Option<String> {
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
    pub(crate) fn panel_message(&self, workbench_running: bool) -> String {
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
    pub(crate) fn close_label(&self) -> String {
        format!("Close {}", self.app_name)
    }

    /// A DOM id for the tab element (`app-tab-<client id>`), for `aria-labelledby`.
    pub(crate) fn dom_id(&self) -> String {
        format!("app-tab-{}", self.client_id)
    }

    /// A DOM id for the tab's panel (`app-panel-<client id>`), for `aria-controls`.
    pub(crate) fn panel_dom_id(&self) -> String {
        format!("app-panel-{}", self.client_id)
    }

    pub(super) fn apply_instance(&mut self, inst: &AppInstance) -> bool {
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

/// Work the caller must do for the [`Tabs`](super::Tabs) model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TabCommand {
    /// `POST /app-instances` for `app_id`, then report with [`Tabs::create_succeeded`](super::Tabs::create_succeeded) or
    /// [`Tabs::create_failed`](super::Tabs::create_failed) under `client_id`.
    SendCreate {
        /// The tab.
        client_id: String,
        /// The app to create.
        app_id: String,
    },
    /// `DELETE /app-instances/{id}` of a closed (or retried) tab's instance; then
    /// [`Tabs::delete_finished`](super::Tabs::delete_finished).
    DeleteInstance(String),
    /// `DELETE /app-instances/{id}` of an instance whose tab was closed before the create reply
    /// came; then [`Tabs::delete_finished`](super::Tabs::delete_finished).
    DeleteOrphan(String),
}
