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
    pub(crate) fn from_wire(s: &str) -> Self {
        match crate::domain::wire_word(s).as_str() {
            "pending" => Self::Pending,
            "running" => Self::Running,
            "succeeded" => Self::Succeeded,
            "failed" => Self::Failed,
            _ => Self::Unknown,
        }
    }

    /// The wire value (`"unknown"` for [`BuildStatus::Unknown`]).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Running => "running",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Unknown => "unknown",
        }
    }

    /// The status in words for tables (`Queued`, `Running`, `Succeeded`, `Failed`, `Unknown`).
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Pending => "Queued",
            Self::Running => "Running",
            Self::Succeeded => "Succeeded",
            Self::Failed => "Failed",
            Self::Unknown => "Unknown",
        }
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
    pub(crate) fn from_wire(s: &str) -> Self {
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
    pub(crate) fn as_str(self) -> &'static str {
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
    pub(crate) fn label(self) -> &'static str {
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

    /// `true` when a `Stop` button makes sense (pending or running; not while stopping).
    pub(crate) fn is_stoppable(self) -> bool {
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
