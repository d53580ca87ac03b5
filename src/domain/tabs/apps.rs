//! Apps (`GET /apps`) and app instances (`GET /app-instances`) as the backend sends them.

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
    pub(crate) fn from_wire(s: &str) -> Self {
        match crate::domain::wire_word(s).as_str() {
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
    pub(crate) fn as_str(self) -> &'static str {
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
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Progressing => "Starting",
            Self::Killing => "Shutting down",
            other => other.as_str(),
        }
    }

    /// `true` for the statuses that make a tab an error (`Failed`, `Killed`).
    pub(crate) fn is_error(self) -> bool {
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
    pub(crate) fn from_wire(s: &str) -> Self {
        match crate::domain::wire_word(s).as_str() {
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
    /// Its owner's user id (`""` when the backend did not say).
    pub user_id: String,
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
    pub(crate) fn is_being_deleted(&self) -> bool {
        self.k8s_state == DesiredState::Killed
            || self.k8s_status == AppInstanceStatus::Killing
            || self
                .status
                .as_deref()
                .is_some_and(|s| s.trim().eq_ignore_ascii_case("deleted"))
    }
}
