//! The records the store keeps: plain data, no behaviour.

use std::collections::BTreeMap;
use std::time::SystemTime;

use crate::sim::{CondStatus, RunSpec, Scenario};

#[derive(Clone, Debug)]
pub(crate) struct Workspace {
    pub id: u64,
    pub tenant_id: u64,
    pub user_id: u64,
    pub name: String,
    pub short_name: String,
    pub description: String,
    pub status: String,
    pub created_at: SystemTime,
    pub updated_at: SystemTime,
    pub settings: WorkspaceSettings,
}

/// A workspace's settings as CHORUS keeps them (api.md, "Workspace settings beyond name…"):
/// `Default` is what CHORUS stores when a create or an update leaves one out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WorkspaceSettings {
    pub is_main: bool,
    /// `Airgapped`, `FQDNAllowlist`, `Open` (CHORUS stores any string).
    pub network_policy: String,
    pub allowed_fqdns: Vec<String>,
    /// `disabled`, `to-server`, `to-client`, `both` (CHORUS stores any string).
    pub clipboard: String,
    pub public: bool,
    /// `0`: none.
    pub contact_user_id: u64,
}

impl Default for WorkspaceSettings {
    fn default() -> Self {
        Self {
            is_main: false,
            network_policy: "Airgapped".into(),
            allowed_fqdns: Vec::new(),
            clipboard: "disabled".into(),
            public: false,
            contact_user_id: 0,
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Condition {
    pub kind: &'static str,
    pub status: CondStatus,
    pub reason: &'static str,
    pub message: String,
    pub last_transition: SystemTime,
    pub observed_generation: i64,
}

#[derive(Clone, Debug)]
pub(crate) struct Workbench {
    pub id: u64,
    pub tenant_id: u64,
    pub user_id: u64,
    pub workspace_id: u64,
    pub name: String,
    pub short_name: String,
    pub description: String,
    pub status: String,
    pub width: i64,
    pub height: i64,
    pub created_at: SystemTime,
    pub updated_at: SystemTime,
    /// The current run (scenario of this run, run number, names).
    pub spec: RunSpec,
    /// Simulated start of the current run.
    pub run_start: f64,
    /// Simulated time of the user's stop, if any.
    pub stop_at: Option<f64>,
    pub generation: i64,
    pub observed_generation: i64,
    pub phase: &'static str,
    pub k8s_status: &'static str,
    pub server_pod_status: &'static str,
    pub server_pod_message: String,
    pub conditions: Vec<Condition>,
    pub start_time: Option<SystemTime>,
    pub completion_time: Option<SystemTime>,
    pub job_name: String,
    pub runner_pod_name: String,
    /// Simulated time at which the desktop became ready, while it is.
    pub ready_at: Option<f64>,
    /// A reply of hostile shape (`POST /api/dev/sessions/hostile` with `huge`): the `conditions`
    /// sent as they are, in both flavors; the controller leaves such a session alone.
    pub raw_conditions: Option<serde_json::Value>,
}

impl Workbench {
    pub fn new(id: u64, user_id: u64, workspace_id: u64, scenario: Scenario, now: f64) -> Self {
        let wall = SystemTime::now();
        Workbench {
            id,
            tenant_id: super::TENANT,
            user_id,
            workspace_id,
            name: String::new(),
            short_name: String::new(),
            description: String::new(),
            status: "active".into(),
            width: 1920,
            height: 1080,
            created_at: wall,
            updated_at: wall,
            spec: RunSpec::new(scenario, id),
            run_start: now,
            stop_at: None,
            generation: 1,
            observed_generation: 0,
            phase: "Pending",
            k8s_status: "",
            server_pod_status: "",
            server_pod_message: String::new(),
            conditions: Vec::new(),
            start_time: None,
            completion_time: None,
            job_name: String::new(),
            runner_pod_name: String::new(),
            ready_at: None,
            raw_conditions: None,
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct AppInstance {
    pub id: u64,
    pub tenant_id: u64,
    pub user_id: u64,
    pub workspace_id: u64,
    pub workbench_id: u64,
    pub app_id: u64,
    pub app_name: String,
    pub created_sim: f64,
    pub k8s_status: &'static str,
    pub k8s_message: String,
    pub k8s_state: &'static str,
    pub status: String,
    pub created_at: SystemTime,
    pub updated_at: SystemTime,
    /// Once failed, an instance stays failed (the console retries with a new one).
    pub failed: bool,
    pub ever_running: bool,
}

/// A role given to a user, with its context (`{"workspace":"1"}`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Assignment {
    pub id: u64,
    pub name: String,
    pub context: BTreeMap<String, String>,
}

#[derive(Clone, Debug)]
pub(crate) struct User {
    pub id: u64,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub status: String,
    pub source: String,
    pub password: String,
    /// The one-time code this account asks for at login, if any.
    pub totp: Option<String>,
    /// Recovery codes that work instead of the one-time code, each once.
    pub recovery_codes: Vec<String>,
    /// The RFC 6238 secret of the last `POST /users/me/totp/reset` (`routes/me.rs`).
    pub totp_secret: Option<Vec<u8>>,
    /// A login needs a one-time code (`totpEnabled`): dora's fixed one, or one of the secret.
    pub totp_enabled: bool,
    /// The user changed their own password (`passwordChanged`).
    pub password_changed: bool,
    pub roles: Vec<Assignment>,
    pub created_at: SystemTime,
    pub updated_at: SystemTime,
}

/// A build or a run.
#[derive(Clone, Debug)]
pub struct Job {
    /// Creation order (the key of the store's maps; decides which builds fail).
    pub seq: u64,
    /// The id on the wire: `seq` as text, or a UUID (mc dialect).
    pub id: String,
    /// `projectId` on the wire: a workspace id, or a project slug (mc dialect).
    pub project_id: String,
    /// The workspace whose permissions apply.
    pub workspace_id: u64,
    /// Runs only: the build it runs.
    pub build_id: String,
    pub created_sim: f64,
    pub stop_sim: Option<f64>,
    /// Seeded, finished jobs are not simulated.
    pub fixed: bool,
    pub status: &'static str,
    pub created_at: SystemTime,
    pub started_at: Option<SystemTime>,
    pub finished_at: Option<SystemTime>,
    pub error: Option<String>,
    /// Runs of the mc dialect: `run-log` lines sent so far.
    pub log_lines: u32,
}

/// What the run stream broadcasts.
#[derive(Clone, Debug)]
pub enum RunMsg {
    /// A run changed: its new state.
    Update(Job),
    /// A line of a run's output (mc dialect's `run-log`).
    Log { run: Job, line: String },
    /// Everything changed (reset): every stream sends a fresh `init`.
    Resync,
}

/// What the session watch streams (`…/workbenches/{id}/watch`) hear: which session may have
/// changed. A stream re-reads the record and sends it when its JSON differs from the last one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkbenchMsg {
    /// This session changed or was removed.
    Changed(u64),
    /// Everything may have changed (reset): every stream re-reads its session.
    Resync,
}

/// Whom a login token belongs to.
#[derive(Clone, Debug)]
pub(crate) struct TokenInfo {
    pub user_id: u64,
    pub username: String,
    /// Unix time of the first login: refreshes keep it (`iat`).
    pub issued_at: f64,
    /// Unix time after which the token is refused (`exp`).
    pub expires_at: f64,
    /// The roles the token was issued with (the `chorus` flavor checks these).
    pub roles: Vec<Assignment>,
    /// The login began at the identity provider (kept across refreshes): CHORUS's logout then
    /// names the provider's end-session page.
    pub openid: bool,
}
