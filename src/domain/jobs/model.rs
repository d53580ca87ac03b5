//! The job service's builds and runs ([`BuildJob`], [`RunJob`]) and their statuses, decoded
//! from the wire by `crate::api::wire::jobs`.

/// Status of a build (`BuildJob.status`: `pending|running|succeeded|failed`).
///
/// Parsing is case-insensitive; `""` and any other value give [`BuildStatus::Unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum BuildStatus {
    /// Queued, not started yet.
    Pending,
    /// Building now.
    Running,
    /// Finished successfully.
    Succeeded,
    /// Finished with an error.
    Failed,
    /// Absent, `""` or a value this console does not know.
    #[default]
    Unknown,
}

impl BuildStatus {
    /// Parses the wire value (case-insensitive, surrounding spaces ignored). Never fails.
    pub fn from_wire(s: &str) -> Self {
        match crate::domain::wire_word(s).as_str() {
            "pending" => Self::Pending,
            "running" => Self::Running,
            "succeeded" => Self::Succeeded,
            "failed" => Self::Failed,
            _ => Self::Unknown,
        }
    }

    /// The wire value (`"unknown"` for [`BuildStatus::Unknown`]).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Running => "running",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Unknown => "unknown",
        }
    }

    /// The status in words for tables (`Queued`, `Running`, `Succeeded`, `Failed`, `Unknown`).
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Queued",
            Self::Running => "Running",
            Self::Succeeded => "Succeeded",
            Self::Failed => "Failed",
            Self::Unknown => "Unknown",
        }
    }

    /// `true` while the build is pending or running (shown by the header indicator).
    pub fn is_active(self) -> bool {
        matches!(self, Self::Pending | Self::Running)
    }
}

/// Status of a run (`RunJob.status`: `pending|running|stopping|stopped|succeeded|failed`).
///
/// Parsing is case-insensitive; `""` and any other value give [`RunStatus::Unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RunStatus {
    /// Asked for, the server is starting.
    Pending,
    /// The server runs.
    Running,
    /// A stop was asked for; the server is shutting down.
    Stopping,
    /// Stopped by a user.
    Stopped,
    /// Ended by itself, successfully.
    Succeeded,
    /// Ended with an error.
    Failed,
    /// Absent, `""` or a value this console does not know.
    #[default]
    Unknown,
}

impl RunStatus {
    /// Parses the wire value (case-insensitive, surrounding spaces ignored). Never fails.
    pub fn from_wire(s: &str) -> Self {
        match crate::domain::wire_word(s).as_str() {
            "pending" => Self::Pending,
            "running" => Self::Running,
            "stopping" => Self::Stopping,
            "stopped" => Self::Stopped,
            "succeeded" => Self::Succeeded,
            "failed" => Self::Failed,
            _ => Self::Unknown,
        }
    }

    /// The wire value (`"unknown"` for [`RunStatus::Unknown`]).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Running => "running",
            Self::Stopping => "stopping",
            Self::Stopped => "stopped",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Unknown => "unknown",
        }
    }

    /// The status in words for tables (`Starting`, `Running`, `Stopping`, `Stopped`, …).
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Starting",
            Self::Running => "Running",
            Self::Stopping => "Stopping",
            Self::Stopped => "Stopped",
            Self::Succeeded => "Succeeded",
            Self::Failed => "Failed",
            Self::Unknown => "Unknown",
        }
    }

    /// `true` while the run is pending, running or stopping (shown by the header indicator).
    pub fn is_active(self) -> bool {
        matches!(self, Self::Pending | Self::Running | Self::Stopping)
    }

    /// `true` when a `Stop` button makes sense (pending or running; not while stopping).
    pub fn is_stoppable(self) -> bool {
        matches!(self, Self::Pending | Self::Running)
    }
}

/// A build of a workspace (`BuildJob` of api.md). `""` on the wire is `None` here.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BuildJob {
    /// Build id (decimal string).
    pub id: String,
    /// The workspace built (api.md: "a project is a workspace").
    pub project_id: String,
    /// Where the build is.
    pub status: BuildStatus,
    /// RFC 3339 timestamp.
    pub created_at: Option<String>,
    /// RFC 3339 timestamp.
    pub started_at: Option<String>,
    /// RFC 3339 timestamp.
    pub finished_at: Option<String>,
    /// Why it failed, as sent by the server (show as text, never as markup).
    pub error: Option<String>,
}

impl BuildJob {
    /// `true` while pending or running.
    pub fn is_active(&self) -> bool {
        self.status.is_active()
    }
}

/// A run (a server started from a build) of a workspace (`RunJob` of api.md).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunJob {
    /// Run id (decimal string).
    pub id: String,
    /// The workspace (api.md: "a project is a workspace").
    pub project_id: String,
    /// The build it runs, when known.
    pub build_id: Option<String>,
    /// Where the run is.
    pub status: RunStatus,
    /// RFC 3339 timestamp.
    pub created_at: Option<String>,
    /// RFC 3339 timestamp.
    pub started_at: Option<String>,
    /// RFC 3339 timestamp.
    pub finished_at: Option<String>,
    /// Why it failed, as sent by the server (show as text, never as markup).
    pub error: Option<String>,
}

impl RunJob {
    /// `true` while pending, running or stopping.
    pub fn is_active(&self) -> bool {
        self.status.is_active()
    }
}
