//! Sessions ("workbenches" in the API): Kubernetes-hosted remote desktops.
//!
//! [`Workbench`] is the domain record built from the wire DTO
//! (`crate::api::wire::workbench::WorkbenchDto`). Every enum here parses with `from_wire(&str)`,
//! which never fails: `""` and unknown strings map to an `Unknown` variant. Each enum has
//! `label()` (words for the UI) and `as_wire()` (the API spelling, for `data-*` attributes).
//!
//! The gate for showing the remote desktop is [`Workbench::is_ready`] (api.md, "When a session
//! is ready"). The conditions and their explanations live in [`crate::domain::conditions`]
//! (this module depends on it, never the other way round); what the session page says about a
//! start in [`crate::domain::progress`] and [`crate::domain::timeline`].

use crate::domain::conditions::{Condition, ConditionSet, ConditionType};
use crate::domain::poll::{PollStatus, Readiness};
use crate::domain::time::parse_rfc3339_ms;

/// `k8sStatus`: the pod-level gate. The iframe is shown only on [`K8sWorkbenchStatus::Running`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum K8sWorkbenchStatus {
    /// The desktop is up: show the iframe, stop polling.
    Running,
    /// Starting (or restarting): keep polling.
    Progressing,
    /// Will not start without a user action (Retry): stop polling, show the error.
    Failed,
    /// `""` or absent: the backend has not reported yet (CHORUS before its cluster watcher
    /// reports, or without a cluster). Only this reads `Starting` until the start timeout.
    #[default]
    Unreported,
    /// A value this console does not know (`Hibernating`): said as `Unknown`, never as
    /// `Starting` (issue 47); the value itself is kept in [`Workbench::k8s_status_wire`].
    Unknown,
}

impl K8sWorkbenchStatus {
    /// Parses the wire value, case-insensitively; `""` gives `Unreported`, anything unknown
    /// `Unknown`.
    pub(crate) fn from_wire(s: &str) -> Self {
        match super::wire_word(s).as_str() {
            "running" => Self::Running,
            "progressing" => Self::Progressing,
            "failed" => Self::Failed,
            "" => Self::Unreported,
            _ => Self::Unknown,
        }
    }

    /// Words for the UI, as ui.md fixes them for the `k8s-status` cell: `Running`, `Starting`
    /// (for Progressing), `Failed`, `Unknown`.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Running => "Running",
            Self::Progressing => "Starting",
            Self::Failed => "Failed",
            Self::Unreported | Self::Unknown => "Unknown",
        }
    }

    /// What a status poller should do with this status: `Running` → Ready, `Failed` → Failed,
    /// anything else → Waiting.
    pub(crate) fn readiness(self) -> Readiness {
        match self {
            Self::Running => Readiness::Ready,
            Self::Failed => Readiness::Failed,
            Self::Progressing | Self::Unreported | Self::Unknown => Readiness::Waiting,
        }
    }
}

impl PollStatus for K8sWorkbenchStatus {
    fn readiness(&self) -> Readiness {
        K8sWorkbenchStatus::readiness(*self)
    }
}

/// `serverPodStatus`: finer state of the desktop's server pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ServerPodStatus {
    /// Waiting to be scheduled or for its prerequisites.
    Waiting,
    /// Containers are starting.
    Starting,
    /// Serving.
    Ready,
    /// Having trouble (crashes, image pulls); may still recover.
    Failing,
    /// Being restarted.
    Restarting,
    /// Shutting down.
    Terminating,
    /// Gone.
    Terminated,
    /// `"Unknown"`, or a value this console does not know.
    Unknown,
    /// `""` or absent: the backend does not report it (then `Running` alone means ready).
    #[default]
    Unset,
}

impl ServerPodStatus {
    /// Parses the wire value, case-insensitively; `""` gives `Unset`, anything unknown
    /// `Unknown`.
    pub(crate) fn from_wire(s: &str) -> Self {
        match super::wire_word(s).as_str() {
            "" => Self::Unset,
            "waiting" => Self::Waiting,
            "starting" => Self::Starting,
            "ready" => Self::Ready,
            "failing" => Self::Failing,
            "restarting" => Self::Restarting,
            "terminating" => Self::Terminating,
            "terminated" => Self::Terminated,
            _ => Self::Unknown,
        }
    }

    /// The API spelling (`"Waiting"`, …, `"Unknown"`).
    pub(crate) fn as_wire(self) -> &'static str {
        match self {
            Self::Waiting => "Waiting",
            Self::Starting => "Starting",
            Self::Ready => "Ready",
            Self::Failing => "Failing",
            Self::Restarting => "Restarting",
            Self::Terminating => "Terminating",
            Self::Terminated => "Terminated",
            Self::Unknown | Self::Unset => "Unknown",
        }
    }

    /// Words for the UI (`"Waiting"`, `"Starting"`, `"Ready"`, `"Failing"`, `"Restarting"`,
    /// `"Stopping"`, `"Stopped"`, `"Unknown"`).
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Terminating => "Stopping",
            Self::Terminated => "Stopped",
            other => other.as_wire(),
        }
    }

    /// A sentence for the loading overlay when the backend sends no conditions.
    pub(crate) fn sentence(self) -> &'static str {
        match self {
            Self::Waiting => "Waiting for the server to be scheduled",
            Self::Starting => "Starting the desktop",
            Self::Ready => "Almost ready",
            Self::Failing => "The desktop is having trouble starting",
            Self::Restarting => "Restarting the desktop",
            Self::Terminating => "Stopping the desktop",
            Self::Terminated => "The desktop has stopped",
            Self::Unknown | Self::Unset => "Starting the session",
        }
    }

    /// Whether this pod state signals a problem (`Failing`, `Restarting`).
    pub(crate) fn is_troubled(self) -> bool {
        matches!(self, Self::Failing | Self::Restarting)
    }
}

/// `status`: the record's state (not the pod's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum WorkbenchStatus {
    /// In use.
    Active,
    /// Kept but not in use.
    Inactive,
    /// Deleted (a reply to DELETE carries it).
    Deleted,
    /// `""`, absent, or unknown.
    #[default]
    Unknown,
}

impl WorkbenchStatus {
    /// Parses the wire value (`active`, `inactive`, `deleted`), case-insensitively.
    pub(crate) fn from_wire(s: &str) -> Self {
        match super::wire_word(s).as_str() {
            "active" => Self::Active,
            "inactive" => Self::Inactive,
            "deleted" => Self::Deleted,
            _ => Self::Unknown,
        }
    }
}

/// The session's lifecycle phase (*extension* `phase`, or derived from the conditions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Phase {
    /// Waiting for resources (storage, secrets).
    Pending,
    /// The job is being created / the pod is starting.
    Creating,
    /// The runner is running.
    Running,
    /// A user stop is in progress.
    Stopping,
    /// Stopped by its user.
    Stopped,
    /// Finished successfully.
    Completed,
    /// Failed permanently.
    Failed,
    /// A phase string this console does not know.
    #[default]
    Unknown,
}

impl Phase {
    /// Parses the wire value, case-insensitively. Unknown strings (and `""`) give `Unknown`;
    /// the wire mapping turns `""` into `None` before calling this.
    pub(crate) fn from_wire(s: &str) -> Self {
        match super::wire_word(s).as_str() {
            "pending" => Self::Pending,
            "creating" => Self::Creating,
            "running" => Self::Running,
            "stopping" => Self::Stopping,
            "stopped" => Self::Stopped,
            "completed" => Self::Completed,
            "failed" => Self::Failed,
            _ => Self::Unknown,
        }
    }

    /// The API spelling (`"Pending"`, …, `"Unknown"`).
    pub(crate) fn as_wire(self) -> &'static str {
        match self {
            Self::Pending => "Pending",
            Self::Creating => "Creating",
            Self::Running => "Running",
            Self::Stopping => "Stopping",
            Self::Stopped => "Stopped",
            Self::Completed => "Completed",
            Self::Failed => "Failed",
            Self::Unknown => "Unknown",
        }
    }

    /// Short words for the `session-phase` badge: the phase name itself (`"Pending"`,
    /// `"Creating"`, `"Running"`, `"Stopping"`, `"Stopped"`, `"Completed"`, `"Failed"`,
    /// `"Unknown"`).
    pub(crate) fn label(self) -> &'static str {
        self.as_wire()
    }

    /// A longer sentence for a tooltip or subtitle.
    pub(crate) fn description(self) -> &'static str {
        match self {
            Self::Pending => "Waiting for resources",
            Self::Creating => "Creating the session",
            Self::Running => "Running",
            Self::Stopping => "Stopping",
            Self::Stopped => "Stopped by its user",
            Self::Completed => "Finished",
            Self::Failed => "Failed",
            Self::Unknown => "State unknown",
        }
    }

    /// Whether nothing more happens without a user action (`Stopped`, `Completed`, `Failed`).
    pub(crate) fn is_terminal(self) -> bool {
        matches!(self, Self::Stopped | Self::Completed | Self::Failed)
    }
}

/// A session as the console knows it. Built from the wire with
/// `Workbench::from(WorkbenchDto)`; every *extension* field is optional and `""` on the wire
/// becomes `None` here. Text fields hold the server's text verbatim: render them as text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Workbench {
    /// Id (decimal string, e.g. `"42"`).
    pub id: String,
    /// Tenant id.
    pub tenant_id: String,
    /// Owner's user id.
    pub user_id: String,
    /// Workspace id.
    pub workspace_id: String,
    /// Name as entered by the user (may be empty on odd backends; see [`Self::display_name`]).
    pub name: String,
    /// Short name, if any.
    pub short_name: Option<String>,
    /// Description, if any.
    pub description: Option<String>,
    /// Record state.
    pub status: WorkbenchStatus,
    /// Pod-level gate: the iframe is shown only on `Running`.
    pub k8s_status: K8sWorkbenchStatus,
    /// `k8sStatus` as sent, for those who look at an `Unknown` one (a `title`).
    pub k8s_status_wire: String,
    /// Server pod state.
    pub server_pod_status: ServerPodStatus,
    /// Human text about the pod, shown while loading and on failure.
    pub server_pod_message: Option<String>,
    /// Requested desktop width in pixels.
    pub initial_resolution_width: Option<u32>,
    /// Requested desktop height in pixels.
    pub initial_resolution_height: Option<u32>,
    /// Creation time, raw RFC 3339 (see [`Self::created_at_ms`]).
    pub created_at: Option<String>,
    /// Last update time, raw RFC 3339.
    pub updated_at: Option<String>,
    /// *Extension*: spec version.
    pub generation: Option<i64>,
    /// *Extension*: spec version the controller last processed.
    pub observed_generation: Option<i64>,
    /// *Extension*: the backend's phase; `Some(Phase::Unknown)` for a value this console does
    /// not know. Use [`Self::effective_phase`] to display a phase.
    pub phase: Option<Phase>,
    /// *Extension*: conditions as sent (duplicates possible; see [`Self::condition_set`]).
    pub conditions: Vec<Condition>,
    /// *Extension*: when the runner started, raw RFC 3339.
    pub start_time: Option<String>,
    /// *Extension*: when the session ended, raw RFC 3339.
    pub completion_time: Option<String>,
    /// *Extension*: Kubernetes job name.
    pub job_name: Option<String>,
    /// *Extension*: runner pod name.
    pub runner_pod_name: Option<String>,
}

impl Workbench {
    /// The name to show: `name`, else `short_name`, else `"Session <id>"`.
    pub(crate) fn display_name(&self) -> String {
        let name = self.name.trim();
        if !name.is_empty() {
            return self.name.clone();
        }
        match &self.short_name {
            Some(short) if !short.trim().is_empty() => short.clone(),
            _ => format!("Session {}", self.id),
        }
    }

    /// The iframe gate: `k8sStatus` is `Running`.
    pub(crate) fn is_running(&self) -> bool {
        self.k8s_status == K8sWorkbenchStatus::Running
    }

    /// Ready to work in (api.md, "When a session is ready"): `k8sStatus` `Running` and the
    /// desktop server answers (`serverPodStatus` `Ready`, or not reported at all). `Running`
    /// alone comes seconds before the desktop answers on CHORUS.
    pub(crate) fn is_ready(&self) -> bool {
        self.is_running()
            && matches!(
                self.server_pod_status,
                ServerPodStatus::Ready | ServerPodStatus::Unset
            )
    }

    /// Failed: `k8sStatus` is `Failed` or the effective phase is `Failed`.
    pub(crate) fn is_failed(&self) -> bool {
        self.k8s_status == K8sWorkbenchStatus::Failed || self.effective_phase() == Phase::Failed
    }

    /// Nothing more happens without a user action: failed, stopped or completed.
    pub(crate) fn is_terminal(&self) -> bool {
        self.is_failed() || self.effective_phase().is_terminal()
    }

    /// Whether `Retry` (POST `…/start`) makes sense: failed, stopped or completed, and the
    /// record not deleted. CHORUS deletes the record of a failed session (`status: deleted`),
    /// which then cannot be started again: a new session is the way on.
    pub(crate) fn can_restart(&self) -> bool {
        self.is_terminal() && !self.is_deleted()
    }

    /// Whether a user stop (POST `…/stop`) makes sense: not terminal and not already stopping.
    pub(crate) fn can_stop(&self) -> bool {
        !self.is_terminal() && self.effective_phase() != Phase::Stopping
    }

    /// The backend reported nothing about the session's start: `k8sStatus` `""`, no server
    /// pod status, no phase, no conditions (CHORUS before its cluster watcher reports, or
    /// without a cluster). Said as such, never read as a phase (issue 38).
    pub(crate) fn reports_no_status(&self) -> bool {
        self.k8s_status == K8sWorkbenchStatus::Unreported
            && matches!(
                self.server_pod_status,
                ServerPodStatus::Unset | ServerPodStatus::Unknown
            )
            && self.phase.is_none_or(|p| p == Phase::Unknown)
            && self.conditions.is_empty()
    }

    /// The record carries this API's extension fields (`phase`, `generation`, `conditions`): a
    /// backend without them (CHORUS) has none of the session extensions either, so neither
    /// `Stop` nor `Start` is offered there (issue 38).
    pub(crate) fn reports_extensions(&self) -> bool {
        self.phase.is_some() || self.generation.is_some() || !self.conditions.is_empty()
    }

    /// The record is deleted.
    pub(crate) fn is_deleted(&self) -> bool {
        self.status == WorkbenchStatus::Deleted
    }

    /// The conditions as a map keyed by type (duplicates: last wins).
    pub(crate) fn condition_set(&self) -> ConditionSet {
        ConditionSet::from_list(&self.conditions)
    }

    /// The phase derived from the conditions alone (api.md order): `Failed`=True → Failed;
    /// `Completed`=True → Completed; `RunnerStarted`=True → Running; `JobCreated`=True →
    /// Creating; else Pending.
    pub(crate) fn derived_phase(&self) -> Phase {
        let set = self.condition_set();
        if set.is_true(&ConditionType::Failed) {
            Phase::Failed
        } else if set.is_true(&ConditionType::Completed) {
            Phase::Completed
        } else if set.is_true(&ConditionType::RunnerStarted) {
            Phase::Running
        } else if set.is_true(&ConditionType::JobCreated) {
            Phase::Creating
        } else {
            Phase::Pending
        }
    }

    /// The phase to show. In order:
    /// 1. the backend's `phase` when present and known;
    /// 2. else, when there are conditions, [`Self::derived_phase`];
    /// 3. else (an older backend with neither) from `k8sStatus`: Running → Running, Failed →
    ///    Failed, Progressing → Creating, not reported → Pending, a value this console does
    ///    not know → Unknown (`State unknown`, never a step of a start).
    pub(crate) fn effective_phase(&self) -> Phase {
        match self.phase {
            Some(p) if p != Phase::Unknown => p,
            _ if !self.conditions.is_empty() => self.derived_phase(),
            _ => match self.k8s_status {
                K8sWorkbenchStatus::Running => Phase::Running,
                K8sWorkbenchStatus::Failed => Phase::Failed,
                K8sWorkbenchStatus::Progressing => Phase::Creating,
                K8sWorkbenchStatus::Unreported => Phase::Pending,
                K8sWorkbenchStatus::Unknown => Phase::Unknown,
            },
        }
    }

    /// The status is out of date: `observedGeneration < generation` on the object, or on any
    /// condition that carries an `observedGeneration`. `false` when `generation` is absent.
    pub(crate) fn is_stale(&self) -> bool {
        let Some(generation) = self.generation else {
            return false;
        };
        let behind = |observed: Option<i64>| observed.is_some_and(|o| o < generation);
        behind(self.observed_generation)
            || self
                .conditions
                .iter()
                .any(|c| behind(c.observed_generation))
    }

    /// `createdAt` in epoch milliseconds (`None` when absent or unparsable).
    pub(crate) fn created_at_ms(&self) -> Option<i64> {
        self.created_at.as_deref().and_then(parse_rfc3339_ms)
    }

    /// `startTime` in epoch milliseconds.
    pub(crate) fn start_time_ms(&self) -> Option<i64> {
        self.start_time.as_deref().and_then(parse_rfc3339_ms)
    }

    /// The start of the session's timeline: of `createdAt` and `startTime`, the latest one that
    /// is not after the first event (a restarted session keeps an old `createdAt`); without
    /// events, the earliest of them.
    pub(crate) fn timeline_start_ms(&self, first_event_ms: Option<i64>) -> Option<i64> {
        let candidates = [self.created_at_ms(), self.start_time_ms()];
        let known = candidates.iter().flatten().copied();
        match first_event_ms {
            Some(first) => known.filter(|&t| t <= first).max(),
            None => known.min(),
        }
    }

    /// `completionTime` in epoch milliseconds.
    pub(crate) fn completion_time_ms(&self) -> Option<i64> {
        self.completion_time.as_deref().and_then(parse_rfc3339_ms)
    }

    /// The object itself is behind: `observedGeneration < generation` on the workbench (not
    /// looking at conditions). Right after a Retry the reply still carries the old status with
    /// a bumped `generation`; this tells the two apart.
    pub(crate) fn is_object_stale(&self) -> bool {
        matches!(
            (self.generation, self.observed_generation),
            (Some(g), Some(o)) if o < g
        )
    }

    /// The readiness a status poller should act on: ready ([`Self::is_ready`]) → Ready; failed,
    /// stopped or completed → Failed (will not become ready without Retry), unless the object
    /// is stale ([`Self::is_object_stale`]: a restart not yet picked up) → Waiting; else
    /// Waiting (also while `Running` waits for the desktop server).
    pub(crate) fn readiness(&self) -> Readiness {
        if self.is_ready() {
            Readiness::Ready
        } else if self.is_terminal() && !self.is_object_stale() {
            Readiness::Failed
        } else {
            Readiness::Waiting
        }
    }
}

/// A poller over whole workbenches keeps the last workbench seen (for the timeout message).
impl PollStatus for Workbench {
    fn readiness(&self) -> Readiness {
        Workbench::readiness(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::conditions::ConditionStatus;
    use crate::domain::fixtures::{c, healthy, image_pull, missing_secret};

    fn cond(type_: &str, status: ConditionStatus) -> Condition {
        Condition::new(type_, status)
    }

    #[test]
    fn k8s_status_parsing_and_words() {
        assert_eq!(
            K8sWorkbenchStatus::from_wire("Running"),
            K8sWorkbenchStatus::Running
        );
        assert_eq!(
            K8sWorkbenchStatus::from_wire(" running "),
            K8sWorkbenchStatus::Running
        );
        assert_eq!(
            K8sWorkbenchStatus::from_wire("Progressing"),
            K8sWorkbenchStatus::Progressing
        );
        assert_eq!(
            K8sWorkbenchStatus::from_wire("Failed"),
            K8sWorkbenchStatus::Failed
        );
        assert_eq!(
            K8sWorkbenchStatus::from_wire(""),
            K8sWorkbenchStatus::Unreported
        );
        assert_eq!(
            K8sWorkbenchStatus::from_wire("Exploding"),
            K8sWorkbenchStatus::Unknown
        );
        // Issue 47: a value this console does not know is no start that has not reported yet.
        let hibernating = Workbench {
            k8s_status: K8sWorkbenchStatus::from_wire("Hibernating"),
            k8s_status_wire: "Hibernating".into(),
            ..Default::default()
        };
        assert!(!hibernating.reports_no_status());
        assert_eq!(hibernating.k8s_status.label(), "Unknown");
        assert_eq!(hibernating.effective_phase(), Phase::Unknown);
        assert!(Workbench::default().reports_no_status());
        assert_eq!(K8sWorkbenchStatus::Progressing.label(), "Starting");
        assert_eq!(K8sWorkbenchStatus::Running.label(), "Running");
        assert_eq!(K8sWorkbenchStatus::Failed.label(), "Failed");
        assert_eq!(K8sWorkbenchStatus::Unknown.label(), "Unknown");
    }

    #[test]
    fn other_enums_parse_with_unknown_fallback() {
        assert_eq!(
            ServerPodStatus::from_wire("Restarting"),
            ServerPodStatus::Restarting
        );
        assert_eq!(
            ServerPodStatus::from_wire("terminated"),
            ServerPodStatus::Terminated
        );
        assert_eq!(
            ServerPodStatus::from_wire("Exploding"),
            ServerPodStatus::Unknown
        );
        assert_eq!(ServerPodStatus::Terminating.label(), "Stopping");
        assert_eq!(
            WorkbenchStatus::from_wire("active"),
            WorkbenchStatus::Active
        );
        assert_eq!(
            WorkbenchStatus::from_wire("DELETED"),
            WorkbenchStatus::Deleted
        );
        assert_eq!(
            WorkbenchStatus::from_wire("archived"),
            WorkbenchStatus::Unknown
        );
        for p in [
            Phase::Pending,
            Phase::Creating,
            Phase::Running,
            Phase::Stopping,
            Phase::Stopped,
            Phase::Completed,
            Phase::Failed,
        ] {
            assert_eq!(Phase::from_wire(p.as_wire()), p);
        }
        assert_eq!(Phase::from_wire("Exploding"), Phase::Unknown);
    }

    #[test]
    fn display_name_falls_back() {
        let mut wb = Workbench {
            id: "7".into(),
            ..Default::default()
        };
        assert_eq!(wb.display_name(), "Session 7");
        wb.short_name = Some("short".into());
        assert_eq!(wb.display_name(), "short");
        wb.name = "My desktop".into();
        assert_eq!(wb.display_name(), "My desktop");
    }

    #[test]
    fn effective_phase_prefers_backend_then_conditions_then_k8s() {
        let mut wb = Workbench {
            k8s_status: K8sWorkbenchStatus::Running,
            ..Default::default()
        };
        assert_eq!(wb.effective_phase(), Phase::Running);
        wb.k8s_status = K8sWorkbenchStatus::Progressing;
        assert_eq!(wb.effective_phase(), Phase::Creating);
        wb.k8s_status = K8sWorkbenchStatus::Unreported;
        assert_eq!(wb.effective_phase(), Phase::Pending);
        wb.k8s_status = K8sWorkbenchStatus::Unknown;
        assert_eq!(wb.effective_phase(), Phase::Unknown);

        wb.conditions = vec![cond("JobCreated", ConditionStatus::True)];
        assert_eq!(wb.effective_phase(), Phase::Creating);
        wb.phase = Some(Phase::Unknown);
        assert_eq!(wb.effective_phase(), Phase::Creating);
        wb.phase = Some(Phase::Stopping);
        assert_eq!(wb.effective_phase(), Phase::Stopping);
    }

    #[test]
    fn no_status_and_extensions_are_told_apart() {
        let chorus = Workbench::default();
        assert!(chorus.reports_no_status());
        assert!(!chorus.reports_extensions());
        let starting = Workbench {
            k8s_status: K8sWorkbenchStatus::Progressing,
            ..Default::default()
        };
        assert!(!starting.reports_no_status());
        let ours = Workbench {
            phase: Some(Phase::Pending),
            ..Default::default()
        };
        assert!(!ours.reports_no_status());
        assert!(ours.reports_extensions());
        let pod = Workbench {
            server_pod_status: ServerPodStatus::Waiting,
            ..Default::default()
        };
        assert!(!pod.reports_no_status());
    }

    #[test]
    fn staleness_on_object_and_conditions() {
        let mut wb = Workbench::default();
        assert!(!wb.is_stale());
        wb.observed_generation = Some(1);
        assert!(!wb.is_stale(), "no generation: cannot be stale");
        wb.generation = Some(2);
        assert!(wb.is_stale());
        wb.observed_generation = Some(2);
        assert!(!wb.is_stale());
        let mut c = cond("Ready", ConditionStatus::True);
        c.observed_generation = Some(1);
        wb.conditions.push(c);
        assert!(wb.is_stale());
    }

    #[test]
    fn ready_needs_the_desktop_server_when_the_backend_reports_it() {
        let running = |pod: &str| Workbench {
            k8s_status: K8sWorkbenchStatus::Running,
            server_pod_status: ServerPodStatus::from_wire(pod),
            ..Default::default()
        };
        // Not reported at all: Running alone is ready.
        assert!(running("").is_ready());
        assert_eq!(running("").readiness(), Readiness::Ready);
        assert!(running("Ready").is_ready());
        assert!(running("SERVER_POD_STATUS_READY").is_ready());
        // Reported and not answering yet: still starting, polling goes on.
        for pod in [
            "Waiting",
            "Starting",
            "Failing",
            "Restarting",
            "Unknown",
            "Exploding",
        ] {
            let wb = running(pod);
            assert!(wb.is_running() && !wb.is_ready(), "{pod}");
            assert_eq!(wb.readiness(), Readiness::Waiting, "{pod}");
        }
        let failed = Workbench {
            k8s_status: K8sWorkbenchStatus::Failed,
            server_pod_status: ServerPodStatus::Ready,
            ..Default::default()
        };
        assert!(!failed.is_ready());
        assert_eq!(failed.readiness(), Readiness::Failed);
    }

    #[test]
    fn readiness_for_polling() {
        let mut wb = Workbench {
            k8s_status: K8sWorkbenchStatus::Running,
            ..Default::default()
        };
        assert_eq!(wb.readiness(), Readiness::Ready);
        wb.generation = Some(2);
        wb.observed_generation = Some(1);
        assert_eq!(
            wb.readiness(),
            Readiness::Ready,
            "Running always stops the poll"
        );
        wb.k8s_status = K8sWorkbenchStatus::Failed;
        assert_eq!(
            wb.readiness(),
            Readiness::Waiting,
            "a restart not yet picked up"
        );
        // A condition left behind from an older generation does not block anything.
        let mut old = cond("PVCReady", ConditionStatus::True);
        old.observed_generation = Some(1);
        wb.conditions.push(old);
        wb.observed_generation = Some(2);
        assert!(wb.is_stale());
        assert!(!wb.is_object_stale());
        assert_eq!(wb.readiness(), Readiness::Failed);
        wb.conditions.clear();
        wb.k8s_status = K8sWorkbenchStatus::Progressing;
        wb.phase = Some(Phase::Stopped);
        assert_eq!(wb.readiness(), Readiness::Failed);
        assert!(wb.can_restart());
        assert!(!wb.can_stop());
        // CHORUS deletes the record of a failed session: it cannot be started again.
        wb.status = WorkbenchStatus::Deleted;
        assert!(!wb.can_restart());
        wb.status = WorkbenchStatus::Active;
        wb.phase = Some(Phase::Creating);
        assert_eq!(wb.readiness(), Readiness::Waiting);
        assert!(wb.can_stop());
    }

    #[test]
    fn times() {
        let wb = Workbench {
            created_at: Some("2025-11-15T12:00:00Z".into()),
            start_time: Some("garbage".into()),
            ..Default::default()
        };
        assert_eq!(wb.created_at_ms(), Some(1_763_208_000_000));
        assert_eq!(wb.start_time_ms(), None);
    }

    #[test]
    fn condition_lookup_last_wins() {
        let mut first = cond("SecretsReady", ConditionStatus::False);
        first.reason = Some("SecretNotFound".into());
        let second = cond("SecretsReady", ConditionStatus::True);
        let wb = Workbench {
            conditions: vec![first, second],
            ..Default::default()
        };
        let set = wb.condition_set();
        assert_eq!(
            set.get(&ConditionType::SecretsReady).map(|c| c.status),
            Some(ConditionStatus::True)
        );
        assert!(set.get(&ConditionType::Ready).is_none());
    }

    #[test]
    fn phase_derivation_order() {
        let derive = |list: &[Condition]| {
            Workbench {
                conditions: list.to_vec(),
                ..Default::default()
            }
            .derived_phase()
        };
        assert_eq!(derive(&[]), Phase::Pending);
        assert_eq!(
            derive(&[c("JobCreated", "True", "", "", "")]),
            Phase::Creating
        );
        assert_eq!(
            derive(&[
                c("JobCreated", "True", "", "", ""),
                c("RunnerStarted", "True", "", "", "")
            ]),
            Phase::Running
        );
        assert_eq!(
            derive(&[
                c("RunnerStarted", "True", "", "", ""),
                c("Completed", "True", "", "", "")
            ]),
            Phase::Completed
        );
        assert_eq!(
            derive(&[
                c("Completed", "True", "", "", ""),
                c("Failed", "True", "", "", "")
            ]),
            Phase::Failed
        );
        assert_eq!(derive(&[c("Failed", "False", "", "", "")]), Phase::Pending);
        assert_eq!(derive(&image_pull().conditions), Phase::Failed);
        assert_eq!(derive(&missing_secret().conditions), Phase::Pending);
        assert_eq!(derive(&healthy().conditions), Phase::Running);
    }
}
