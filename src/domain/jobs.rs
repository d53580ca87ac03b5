//! Background jobs (builds and runs) and the header activity indicator.
//!
//! This module holds three things, all plain Rust:
//!
//! 1. The domain types of the job service: [`BuildJob`] / [`BuildStatus`] and [`RunJob`] /
//!    [`RunStatus`] (decoded from the wire by `crate::api::wire::jobs`).
//! 2. The header labels of ui.md ("Header activity labels"): [`build_label`], [`run_label`].
//! 3. [`ActivityState`]: what the header indicator shows. It merges *request-based* actions (a
//!    mutation in flight, e.g. `Starting session…`) with *backend jobs* (active builds and runs). A
//!    reactive store wraps it (e.g. `RwSignal<ActivityState>`); every mutating method returns
//!    whether anything changed, so the wrapper can skip needless notifications.
//!
//! Plus the back-off of the run stream reconnection: [`sse_reconnect_delay_ms`].
//!
//! # Typical wiring
//!
//! ```ignore
//! // builds poll (every buildPollIntervalMs while the page is visible):
//! state.apply_builds(&builds, &names, now_ms);
//! // run stream:
//! //   event `init`       -> state.apply_run_init(&runs, &names, now_ms)
//! //   event `run-update` -> state.apply_run_update(&run, &names, now_ms)
//! // a mutation in flight:
//! let id = state.start_request("Starting session…", now_ms);
//! // ... when the request settles (success or error):
//! state.finish_request(id);
//! // logout:
//! state.clear();
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Where builds and runs are shown in full; the `link` of build and run entries.
pub const ACTIVITY_PAGE: &str = "/activity";

/// Key prefix of builds in [`ActivityState`]: `build:<id>`.
pub const BUILD_KEY_PREFIX: &str = "build:";
/// Key prefix of runs in [`ActivityState`]: `run:<id>`.
pub const RUN_KEY_PREFIX: &str = "run:";
/// Key prefix of request-based actions in [`ActivityState`]: `request:<n>`.
pub const REQUEST_KEY_PREFIX: &str = "request:";

/// Text of the indicator when nothing is in progress.
pub const IDLE_TEXT: &str = "Idle";
/// `aria-label` of the indicator when nothing is in progress.
pub const IDLE_ARIA_LABEL: &str = "No actions in progress";

// ---------------------------------------------------------------------------------------------
// Statuses
// ---------------------------------------------------------------------------------------------

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
        match super::wire_word(s).as_str() {
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
        match super::wire_word(s).as_str() {
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

// ---------------------------------------------------------------------------------------------
// Jobs
// ---------------------------------------------------------------------------------------------

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

    /// Key of this build in [`ActivityState`]: `build:<id>`.
    pub fn activity_key(&self) -> String {
        format!("{BUILD_KEY_PREFIX}{}", self.id)
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

    /// Key of this run in [`ActivityState`]: `run:<id>`.
    pub fn activity_key(&self) -> String {
        format!("{RUN_KEY_PREFIX}{}", self.id)
    }
}

// ---------------------------------------------------------------------------------------------
// Workspace names and labels
// ---------------------------------------------------------------------------------------------

/// Looks up a workspace's display name by id, for the labels.
///
/// Implemented for `HashMap<String, String>` and `BTreeMap<String, String>` (id → name), for
/// closures `Fn(&str) -> Option<String>` (and `&dyn Fn…`), and for `()` (no names known).
/// An empty or blank name counts as unknown.
pub trait WorkspaceNames {
    /// The name of workspace `id`, if known.
    fn workspace_name(&self, id: &str) -> Option<String>;
}

impl WorkspaceNames for HashMap<String, String> {
    fn workspace_name(&self, id: &str) -> Option<String> {
        self.get(id).cloned()
    }
}

impl WorkspaceNames for BTreeMap<String, String> {
    fn workspace_name(&self, id: &str) -> Option<String> {
        self.get(id).cloned()
    }
}

impl WorkspaceNames for () {
    fn workspace_name(&self, _id: &str) -> Option<String> {
        None
    }
}

impl<F> WorkspaceNames for F
where
    F: Fn(&str) -> Option<String> + ?Sized,
{
    fn workspace_name(&self, id: &str) -> Option<String> {
        self(id)
    }
}

/// How a label names workspace `id`: its name when known (and not blank), else its id, else
/// `unknown workspace` when even the id is empty.
pub fn workspace_display<N: WorkspaceNames + ?Sized>(id: &str, names: &N) -> String {
    match names.workspace_name(id) {
        Some(name) if !name.trim().is_empty() => name,
        _ if !id.trim().is_empty() => id.to_string(),
        _ => "unknown workspace".to_string(),
    }
}

/// Header label of a build (ui.md): running → `Building (<workspace>)`, pending →
/// `Build queued…`; `None` when the build is not active.
pub fn build_label<N: WorkspaceNames + ?Sized>(build: &BuildJob, names: &N) -> Option<String> {
    match build.status {
        BuildStatus::Running => Some(format!(
            "Building ({})",
            workspace_display(&build.project_id, names)
        )),
        BuildStatus::Pending => Some("Build queued…".to_string()),
        _ => None,
    }
}

/// Header label of a run (ui.md): running → `Server running (<workspace>)`, pending →
/// `Starting server…`, stopping → `Stopping server…`; `None` when the run is not active.
pub fn run_label<N: WorkspaceNames + ?Sized>(run: &RunJob, names: &N) -> Option<String> {
    match run.status {
        RunStatus::Running => Some(format!(
            "Server running ({})",
            workspace_display(&run.project_id, names)
        )),
        RunStatus::Pending => Some("Starting server…".to_string()),
        RunStatus::Stopping => Some("Stopping server…".to_string()),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Activity state
// ---------------------------------------------------------------------------------------------

/// What an [`ActivityEntry`] stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActivityKind {
    /// A request-based action: a mutation in flight ([`ActivityState::start_request`]).
    Request,
    /// An active build (key `build:<id>`).
    Build,
    /// An active run (key `run:<id>`).
    Run,
    /// A backend job registered under a key that is neither `build:` nor `run:`.
    Other,
}

impl ActivityKind {
    /// The kind a backend job key implies: `build:` → Build, `run:` → Run, `request:` →
    /// Request, anything else → Other.
    pub fn from_key(key: &str) -> Self {
        if key.starts_with(BUILD_KEY_PREFIX) {
            Self::Build
        } else if key.starts_with(RUN_KEY_PREFIX) {
            Self::Run
        } else if key.starts_with(REQUEST_KEY_PREFIX) {
            Self::Request
        } else {
            Self::Other
        }
    }
}

/// One thing in progress, as the header indicator lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityEntry {
    /// Unique key: `build:<id>`, `run:<id>`, `request:<n>`, or a caller's own key.
    pub key: String,
    /// What the indicator shows, e.g. `Building (Demo)`.
    pub label: String,
    /// When it was first registered, in milliseconds (the caller's clock, e.g. `Date.now()`).
    /// Re-registering the same key keeps it.
    pub started_at: f64,
    /// Insertion order (strictly increasing per state): breaks ties of `started_at` and decides
    /// which entry is the latest.
    pub seq: u64,
    /// What it stands for.
    pub kind: ActivityKind,
    /// Where it lives in the app (`/activity` for builds and runs), if anywhere.
    pub link: Option<String>,
}

/// Handle of a request-based action, returned by [`ActivityState::start_request`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

impl RequestId {
    /// The entry key of this request: `request:<n>`.
    pub fn key(self) -> String {
        format!("{REQUEST_KEY_PREFIX}{}", self.0)
    }
}

/// Everything in progress, for the header activity indicator (ui.md).
///
/// Entries are unique by key. Registering an existing key updates its label only (it keeps its
/// start time and position). The *latest* entry is the one registered (first) most recently.
/// Operations are O(log n) per key (O(n) for whole-list syncs), so hundreds of jobs are fine.
///
/// All mutating methods return `true` when something visible changed.
#[derive(Debug, Clone, Default)]
pub struct ActivityState {
    /// Entries by insertion sequence.
    by_seq: BTreeMap<u64, ActivityEntry>,
    /// Key → sequence.
    seq_of: HashMap<String, u64>,
    next_seq: u64,
    next_request: u64,
}

impl ActivityState {
    /// An empty (idle) state.
    pub fn new() -> Self {
        Self::default()
    }

    fn insert_or_update(
        &mut self,
        key: &str,
        label: &str,
        now: f64,
        kind: ActivityKind,
        link: Option<String>,
    ) -> bool {
        if let Some(seq) = self.seq_of.get(key) {
            if let Some(entry) = self.by_seq.get_mut(seq) {
                if entry.label != label {
                    entry.label = label.to_string();
                    return true;
                }
                return false;
            }
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        self.seq_of.insert(key.to_string(), seq);
        self.by_seq.insert(
            seq,
            ActivityEntry {
                key: key.to_string(),
                label: label.to_string(),
                started_at: if now.is_finite() { now } else { 0.0 },
                seq,
                kind,
                link,
            },
        );
        true
    }

    fn remove(&mut self, key: &str) -> bool {
        match self.seq_of.remove(key) {
            Some(seq) => self.by_seq.remove(&seq).is_some(),
            None => false,
        }
    }

    /// Adds a backend job, or updates the label of the job with this key (idempotent: the job
    /// keeps its first start time and its position). The kind follows the key prefix
    /// ([`ActivityKind::from_key`]); builds and runs link to [`ACTIVITY_PAGE`].
    pub fn register_backend_job(&mut self, key: &str, label: &str, now: f64) -> bool {
        let kind = ActivityKind::from_key(key);
        let link = match kind {
            ActivityKind::Build | ActivityKind::Run => Some(ACTIVITY_PAGE.to_string()),
            _ => None,
        };
        self.insert_or_update(key, label, now, kind, link)
    }

    /// Removes the job with this key (no-op when absent).
    pub fn complete_backend_job(&mut self, key: &str) -> bool {
        self.remove(key)
    }

    /// Starts a request-based action (a mutation in flight) labelled e.g. `Starting session…`.
    /// Call [`finish_request`](Self::finish_request) when the request settles, whatever the
    /// outcome.
    pub fn start_request(&mut self, label: &str, now: f64) -> RequestId {
        let id = RequestId(self.next_request);
        self.next_request += 1;
        self.insert_or_update(&id.key(), label, now, ActivityKind::Request, None);
        id
    }

    /// Ends a request-based action (no-op when already finished).
    pub fn finish_request(&mut self, id: RequestId) -> bool {
        self.remove(&id.key())
    }

    /// Keys of the current entries of one kind.
    fn keys_of(&self, kind: ActivityKind) -> Vec<String> {
        self.by_seq
            .values()
            .filter(|e| e.kind == kind)
            .map(|e| e.key.clone())
            .collect()
    }

    /// Syncs the builds with a `GET /api/builds` reply: registers pending and running builds as
    /// `build:<id>` (label per [`build_label`]) and completes every `build:*` entry that is not
    /// active in `builds` (finished, or no longer listed).
    ///
    /// New builds of one reply are registered in creation order (`created_at`, then id), so the
    /// most recently created one becomes the latest. Builds with an empty id are ignored.
    pub fn apply_builds<N: WorkspaceNames + ?Sized>(
        &mut self,
        builds: &[BuildJob],
        names: &N,
        now: f64,
    ) -> bool {
        let mut active: Vec<(&BuildJob, String)> = builds
            .iter()
            .filter(|b| !b.id.is_empty())
            .filter_map(|b| build_label(b, names).map(|l| (b, l)))
            .collect();
        active.sort_by(|(a, _), (b, _)| {
            creation_order(
                a.created_at.as_deref(),
                &a.id,
                b.created_at.as_deref(),
                &b.id,
            )
        });
        let keep: BTreeSet<String> = active.iter().map(|(b, _)| b.activity_key()).collect();
        let mut changed = false;
        for key in self.keys_of(ActivityKind::Build) {
            if !keep.contains(&key) {
                changed |= self.remove(&key);
            }
        }
        for (b, label) in &active {
            changed |= self.register_backend_job(&b.activity_key(), label, now);
        }
        changed
    }

    /// Applies one build (e.g. the reply of `POST /api/projects/{id}/build`): registers it when
    /// active, else completes it.
    pub fn apply_build_update<N: WorkspaceNames + ?Sized>(
        &mut self,
        build: &BuildJob,
        names: &N,
        now: f64,
    ) -> bool {
        if build.id.is_empty() {
            return false;
        }
        match build_label(build, names) {
            Some(label) => self.register_backend_job(&build.activity_key(), &label, now),
            None => self.complete_backend_job(&build.activity_key()),
        }
    }

    /// Replaces the runs with the `init` event of the run stream (every run the user can see):
    /// registers the active ones and completes every `run:*` entry not active in `runs`. This is
    /// how a reconnect resyncs. Runs with an empty id are ignored.
    pub fn apply_run_init<N: WorkspaceNames + ?Sized>(
        &mut self,
        runs: &[RunJob],
        names: &N,
        now: f64,
    ) -> bool {
        let mut active: Vec<(&RunJob, String)> = runs
            .iter()
            .filter(|r| !r.id.is_empty())
            .filter_map(|r| run_label(r, names).map(|l| (r, l)))
            .collect();
        active.sort_by(|(a, _), (b, _)| {
            creation_order(
                a.created_at.as_deref(),
                &a.id,
                b.created_at.as_deref(),
                &b.id,
            )
        });
        let keep: BTreeSet<String> = active.iter().map(|(r, _)| r.activity_key()).collect();
        let mut changed = false;
        for key in self.keys_of(ActivityKind::Run) {
            if !keep.contains(&key) {
                changed |= self.remove(&key);
            }
        }
        for (r, label) in &active {
            changed |= self.register_backend_job(&r.activity_key(), label, now);
        }
        changed
    }

    /// Applies a `run-update` event (or the reply of start/stop): registers the run when active
    /// (updating its label), else completes it.
    pub fn apply_run_update<N: WorkspaceNames + ?Sized>(
        &mut self,
        run: &RunJob,
        names: &N,
        now: f64,
    ) -> bool {
        if run.id.is_empty() {
            return false;
        }
        match run_label(run, names) {
            Some(label) => self.register_backend_job(&run.activity_key(), &label, now),
            None => self.complete_backend_job(&run.activity_key()),
        }
    }

    /// Removes every build and run entry (e.g. on logout), keeping requests.
    pub fn clear_backend_jobs(&mut self) -> bool {
        let mut changed = false;
        for kind in [ActivityKind::Build, ActivityKind::Run, ActivityKind::Other] {
            for key in self.keys_of(kind) {
                changed |= self.remove(&key);
            }
        }
        changed
    }

    /// Removes everything.
    pub fn clear(&mut self) -> bool {
        let changed = !self.by_seq.is_empty();
        self.by_seq.clear();
        self.seq_of.clear();
        changed
    }

    /// The entry with this key.
    pub fn get(&self, key: &str) -> Option<&ActivityEntry> {
        self.seq_of.get(key).and_then(|s| self.by_seq.get(s))
    }

    /// Whether an entry with this key exists.
    pub fn contains(&self, key: &str) -> bool {
        self.seq_of.contains_key(key)
    }

    /// Every entry, ordered by start time, then insertion order (the merged list of requests
    /// and backend jobs).
    pub fn entries(&self) -> Vec<&ActivityEntry> {
        let mut v: Vec<&ActivityEntry> = self.by_seq.values().collect();
        // by_seq is already in seq order; a stable sort by start time keeps it as tie-break.
        v.sort_by(|a, b| a.started_at.total_cmp(&b.started_at));
        v
    }

    /// The entry registered most recently, if any (the one the indicator names).
    pub fn latest(&self) -> Option<&ActivityEntry> {
        self.by_seq.values().next_back()
    }

    /// How many things are in progress.
    pub fn active_count(&self) -> usize {
        self.by_seq.len()
    }

    /// `true` when anything is in progress (the indicator's busy styling).
    pub fn is_busy(&self) -> bool {
        !self.by_seq.is_empty()
    }

    /// The indicator's text: `Idle`, or the latest entry's label.
    pub fn indicator_text(&self) -> String {
        match self.latest() {
            Some(e) => e.label.clone(),
            None => IDLE_TEXT.to_string(),
        }
    }

    /// N of the `+N` badge: how many more are active besides the latest (0 = no badge).
    pub fn extra_count(&self) -> usize {
        self.active_count().saturating_sub(1)
    }

    /// The badge text `+N`, or `None` when there is no badge.
    pub fn badge_text(&self) -> Option<String> {
        match self.extra_count() {
            0 => None,
            n => Some(format!("+{n}")),
        }
    }

    /// The indicator's `aria-label`: `No actions in progress`, `1 action in progress. Latest:
    /// Build queued…`, `2 actions in progress. Latest: Building (Demo)`.
    pub fn aria_label(&self) -> String {
        match self.latest() {
            None => IDLE_ARIA_LABEL.to_string(),
            Some(latest) => {
                let n = self.active_count();
                let noun = if n == 1 { "action" } else { "actions" };
                format!("{n} {noun} in progress. Latest: {}", latest.label)
            }
        }
    }
}

/// Orders jobs by creation time (RFC 3339 strings of one server compare as text; absent first),
/// then by id (numeric when both are numbers).
fn creation_order(
    a_created: Option<&str>,
    a_id: &str,
    b_created: Option<&str>,
    b_id: &str,
) -> std::cmp::Ordering {
    a_created.cmp(&b_created).then_with(|| id_order(a_id, b_id))
}

/// Compares decimal ids numerically, falling back to text.
pub(crate) fn id_order(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<u128>(), b.parse::<u128>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    }
}

// ---------------------------------------------------------------------------------------------
// Run stream reconnection
// ---------------------------------------------------------------------------------------------

/// Smallest reconnect delay of the run stream.
pub const SSE_RECONNECT_MIN_MS: u32 = 1_000;
/// Largest reconnect delay of the run stream.
pub const SSE_RECONNECT_MAX_MS: u32 = 30_000;

/// Delay before reopening the run stream after it failed, with "equal jitter".
///
/// `attempt` counts the reconnections in a row that did not get an `init` (0 for the first one;
/// reset it to 0 when an `init` arrives). `rand01` is a random number in `[0, 1)` (e.g.
/// `Math.random()`; out-of-range values are clamped, NaN counts as 0).
///
/// With `cap = min(30 s, 1 s × 2^attempt)` the delay is `cap × (0.5 + 0.5 × rand01)`, never
/// below 1 s: attempt 0 → 1 s, 1 → 1–2 s, 2 → 2–4 s, … and from attempt 5 on 15–30 s.
pub fn sse_reconnect_delay_ms(attempt: u32, rand01: f64) -> u32 {
    let r = if rand01.is_nan() {
        0.0
    } else {
        rand01.clamp(0.0, 1.0)
    };
    let exp = 2f64.powi(attempt.min(32) as i32);
    let cap = (f64::from(SSE_RECONNECT_MIN_MS) * exp).min(f64::from(SSE_RECONNECT_MAX_MS));
    let delay = cap * (0.5 + 0.5 * r);
    let delay = delay.clamp(
        f64::from(SSE_RECONNECT_MIN_MS),
        f64::from(SSE_RECONNECT_MAX_MS),
    );
    delay.round() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> HashMap<String, String> {
        HashMap::from([
            ("1".to_string(), "Demo".to_string()),
            ("2".to_string(), "Genomics".to_string()),
            ("9".to_string(), "   ".to_string()),
        ])
    }

    fn build(id: &str, project: &str, status: BuildStatus) -> BuildJob {
        BuildJob {
            id: id.into(),
            project_id: project.into(),
            status,
            ..Default::default()
        }
    }

    fn run(id: &str, project: &str, status: RunStatus) -> RunJob {
        RunJob {
            id: id.into(),
            project_id: project.into(),
            status,
            ..Default::default()
        }
    }

    #[test]
    fn statuses_parse_tolerantly() {
        assert_eq!(BuildStatus::from_wire("running"), BuildStatus::Running);
        assert_eq!(BuildStatus::from_wire(" Pending "), BuildStatus::Pending);
        assert_eq!(BuildStatus::from_wire(""), BuildStatus::Unknown);
        assert_eq!(BuildStatus::from_wire("exploded"), BuildStatus::Unknown);
        assert_eq!(RunStatus::from_wire("STOPPING"), RunStatus::Stopping);
        assert_eq!(RunStatus::from_wire("<script>"), RunStatus::Unknown);
        for s in ["pending", "running", "succeeded", "failed"] {
            assert_eq!(BuildStatus::from_wire(s).as_str(), s);
        }
        for s in [
            "pending",
            "running",
            "stopping",
            "stopped",
            "succeeded",
            "failed",
        ] {
            assert_eq!(RunStatus::from_wire(s).as_str(), s);
        }
    }

    #[test]
    fn activeness() {
        assert!(BuildStatus::Pending.is_active());
        assert!(BuildStatus::Running.is_active());
        assert!(!BuildStatus::Succeeded.is_active());
        assert!(!BuildStatus::Failed.is_active());
        assert!(!BuildStatus::Unknown.is_active());
        assert!(RunStatus::Pending.is_active());
        assert!(RunStatus::Running.is_active());
        assert!(RunStatus::Stopping.is_active());
        assert!(!RunStatus::Stopped.is_active());
        assert!(!RunStatus::Succeeded.is_active());
        assert!(!RunStatus::Failed.is_active());
        assert!(!RunStatus::Unknown.is_active());
        assert!(!RunStatus::Stopping.is_stoppable());
        assert!(run("1", "1", RunStatus::Running).is_active());
        assert!(!build("1", "1", BuildStatus::Failed).is_active());
    }

    #[test]
    fn labels_exactly_per_ui_md() {
        let n = names();
        assert_eq!(
            build_label(&build("5", "1", BuildStatus::Running), &n).as_deref(),
            Some("Building (Demo)")
        );
        assert_eq!(
            build_label(&build("5", "1", BuildStatus::Pending), &n).as_deref(),
            Some("Build queued\u{2026}")
        );
        assert_eq!(
            build_label(&build("5", "1", BuildStatus::Succeeded), &n),
            None
        );
        assert_eq!(
            run_label(&run("5", "2", RunStatus::Running), &n).as_deref(),
            Some("Server running (Genomics)")
        );
        assert_eq!(
            run_label(&run("5", "2", RunStatus::Pending), &n).as_deref(),
            Some("Starting server…")
        );
        assert_eq!(
            run_label(&run("5", "2", RunStatus::Stopping), &n).as_deref(),
            Some("Stopping server…")
        );
        assert_eq!(run_label(&run("5", "2", RunStatus::Stopped), &n), None);
        assert_eq!(run_label(&run("5", "2", RunStatus::Unknown), &n), None);
    }

    #[test]
    fn workspace_falls_back_to_id() {
        let n = names();
        assert_eq!(
            build_label(&build("5", "42", BuildStatus::Running), &n).as_deref(),
            Some("Building (42)")
        );
        // blank name → id
        assert_eq!(
            build_label(&build("5", "9", BuildStatus::Running), &n).as_deref(),
            Some("Building (9)")
        );
        assert_eq!(
            build_label(&build("5", "", BuildStatus::Running), &()).as_deref(),
            Some("Building (unknown workspace)")
        );
        // closures and dyn Fn
        let f = |id: &str| (id == "3").then(|| "Imaging Lab".to_string());
        assert_eq!(
            run_label(&run("1", "3", RunStatus::Running), &f).as_deref(),
            Some("Server running (Imaging Lab)")
        );
        let d: &dyn Fn(&str) -> Option<String> = &f;
        assert_eq!(workspace_display("3", d), "Imaging Lab");
        let bt: BTreeMap<String, String> = BTreeMap::from([("1".into(), "Demo".into())]);
        assert_eq!(workspace_display("1", &bt), "Demo");
    }

    #[test]
    fn hostile_names_kept_verbatim() {
        let n = HashMap::from([("1".to_string(), "<script>alert(1)</script>".to_string())]);
        assert_eq!(
            build_label(&build("5", "1", BuildStatus::Running), &n).as_deref(),
            Some("Building (<script>alert(1)</script>)")
        );
    }

    #[test]
    fn idle_state() {
        let s = ActivityState::new();
        assert_eq!(s.indicator_text(), "Idle");
        assert_eq!(s.aria_label(), "No actions in progress");
        assert_eq!(s.active_count(), 0);
        assert_eq!(s.extra_count(), 0);
        assert_eq!(s.badge_text(), None);
        assert!(s.latest().is_none());
        assert!(!s.is_busy());
        assert!(s.entries().is_empty());
    }

    #[test]
    fn register_is_idempotent_and_keeps_position() {
        let mut s = ActivityState::new();
        assert!(s.register_backend_job("build:1", "Build queued…", 100.0));
        assert!(s.register_backend_job("run:7", "Starting server…", 200.0));
        assert_eq!(s.latest().unwrap().key, "run:7");
        // same key again, new label: updated, same start and seq, still not the latest
        assert!(s.register_backend_job("build:1", "Building (Demo)", 300.0));
        assert!(!s.register_backend_job("build:1", "Building (Demo)", 400.0));
        let e = s.get("build:1").unwrap();
        assert_eq!(e.label, "Building (Demo)");
        assert_eq!(e.started_at, 100.0);
        assert_eq!(e.seq, 0);
        assert_eq!(e.kind, ActivityKind::Build);
        assert_eq!(e.link.as_deref(), Some("/activity"));
        assert_eq!(s.active_count(), 2);
        assert_eq!(s.latest().unwrap().key, "run:7");
        assert_eq!(s.indicator_text(), "Starting server…");
        assert_eq!(s.extra_count(), 1);
        assert_eq!(s.badge_text().as_deref(), Some("+1"));
        assert_eq!(
            s.aria_label(),
            "2 actions in progress. Latest: Starting server…"
        );
        assert!(s.complete_backend_job("run:7"));
        assert!(!s.complete_backend_job("run:7"));
        assert_eq!(
            s.aria_label(),
            "1 action in progress. Latest: Building (Demo)"
        );
        assert_eq!(s.indicator_text(), "Building (Demo)");
        assert_eq!(s.badge_text(), None);
        assert_eq!(ActivityKind::from_key("deploy:1"), ActivityKind::Other);
        s.register_backend_job("deploy:1", "Deploying…", 1.0);
        assert_eq!(s.get("deploy:1").unwrap().link, None);
    }

    #[test]
    fn requests_merge_with_jobs() {
        let mut s = ActivityState::new();
        let r = s.start_request("Triggering build", 1000.0);
        assert_eq!(s.indicator_text(), "Triggering build");
        assert_eq!(s.get(&r.key()).unwrap().kind, ActivityKind::Request);
        assert_eq!(s.get(&r.key()).unwrap().link, None);
        s.apply_build_update(&build("3", "1", BuildStatus::Pending), &names(), 1100.0);
        assert_eq!(s.indicator_text(), "Build queued…");
        assert_eq!(
            s.aria_label(),
            "2 actions in progress. Latest: Build queued…"
        );
        assert!(s.finish_request(r));
        assert!(!s.finish_request(r));
        assert_eq!(
            s.aria_label(),
            "1 action in progress. Latest: Build queued…"
        );
        let r2 = s.start_request("Starting session…", 1200.0);
        assert_ne!(r, r2);
        assert!(s.clear_backend_jobs());
        assert_eq!(s.active_count(), 1);
        assert_eq!(s.indicator_text(), "Starting session…");
        assert!(s.clear());
        assert!(!s.clear());
        assert_eq!(s.indicator_text(), "Idle");
    }

    #[test]
    fn entries_ordered_by_start_then_seq() {
        let mut s = ActivityState::new();
        s.register_backend_job("b", "B", 500.0);
        s.register_backend_job("a", "A", 100.0);
        s.register_backend_job("c", "C", 500.0);
        s.register_backend_job("nan", "N", f64::NAN);
        let keys: Vec<&str> = s.entries().iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["nan", "a", "b", "c"]);
        // latest is by registration, not start time
        assert_eq!(s.latest().unwrap().key, "nan");
    }

    #[test]
    fn apply_builds_registers_and_completes() {
        let n = names();
        let mut s = ActivityState::new();
        let list = vec![
            build("1", "1", BuildStatus::Succeeded),
            build("2", "1", BuildStatus::Running),
            build("3", "2", BuildStatus::Pending),
            build("", "2", BuildStatus::Pending),
        ];
        assert!(s.apply_builds(&list, &n, 10.0));
        assert_eq!(s.active_count(), 2);
        assert!(s.contains("build:2") && s.contains("build:3"));
        assert!(!s.contains("build:1"));
        // a run and a request are untouched by builds syncs
        s.apply_run_update(&run("8", "1", RunStatus::Running), &n, 11.0);
        let req = s.start_request("Saving", 12.0);
        // same reply: nothing changes
        assert!(!s.apply_builds(&list, &n, 20.0));
        // build 3 starts running (label changes), build 2 vanished
        let list2 = vec![build("3", "2", BuildStatus::Running)];
        assert!(s.apply_builds(&list2, &n, 30.0));
        assert!(!s.contains("build:2"));
        assert_eq!(s.get("build:3").unwrap().label, "Building (Genomics)");
        assert_eq!(s.get("build:3").unwrap().started_at, 10.0);
        assert!(s.contains("run:8"));
        assert!(s.contains(&req.key()));
        // finished
        assert!(s.apply_builds(&[build("3", "2", BuildStatus::Failed)], &n, 40.0));
        assert!(!s.contains("build:3"));
        assert_eq!(s.active_count(), 2);
        // a single finished build update completes it
        s.apply_build_update(&build("4", "1", BuildStatus::Running), &n, 50.0);
        assert!(s.apply_build_update(&build("4", "1", BuildStatus::Succeeded), &n, 51.0));
        assert!(!s.contains("build:4"));
        assert!(!s.apply_build_update(&build("", "1", BuildStatus::Running), &n, 51.0));
    }

    #[test]
    fn apply_builds_latest_is_most_recently_created() {
        let mut s = ActivityState::new();
        let mut a = build("10", "1", BuildStatus::Running);
        a.created_at = Some("2025-11-15T12:00:05Z".into());
        let mut b = build("9", "2", BuildStatus::Running);
        b.created_at = Some("2025-11-15T12:00:00Z".into());
        let c = build("2", "2", BuildStatus::Pending); // no created_at: oldest
        s.apply_builds(&[a, b, c], &names(), 0.0);
        assert_eq!(s.indicator_text(), "Building (Demo)");
        assert_eq!(
            s.aria_label(),
            "3 actions in progress. Latest: Building (Demo)"
        );
        assert_eq!(s.extra_count(), 2);
    }

    #[test]
    fn run_init_replaces_runs() {
        let n = names();
        let mut s = ActivityState::new();
        s.apply_run_update(&run("1", "1", RunStatus::Pending), &n, 0.0);
        s.apply_run_update(&run("2", "1", RunStatus::Running), &n, 1.0);
        s.apply_build_update(&build("5", "1", BuildStatus::Running), &n, 2.0);
        assert_eq!(s.active_count(), 3);
        // reconnect: run 1 is now running, run 2 is gone, run 3 is stopping, run 4 stopped
        let init = vec![
            run("1", "1", RunStatus::Running),
            run("3", "2", RunStatus::Stopping),
            run("4", "2", RunStatus::Stopped),
        ];
        assert!(s.apply_run_init(&init, &n, 10.0));
        assert!(!s.contains("run:2"));
        assert!(!s.contains("run:4"));
        assert_eq!(s.get("run:1").unwrap().label, "Server running (Demo)");
        assert_eq!(s.get("run:1").unwrap().started_at, 0.0);
        assert_eq!(s.get("run:3").unwrap().label, "Stopping server…");
        assert!(s.contains("build:5"));
        assert!(!s.apply_run_init(&init, &n, 20.0));
        // empty init clears all runs
        assert!(s.apply_run_init(&[], &n, 30.0));
        assert_eq!(s.active_count(), 1);
        assert_eq!(s.latest().unwrap().key, "build:5");
    }

    #[test]
    fn run_update_lifecycle() {
        let n = names();
        let mut s = ActivityState::new();
        let mut r = run("7", "2", RunStatus::Pending);
        s.apply_run_update(&r, &n, 0.0);
        assert_eq!(s.indicator_text(), "Starting server…");
        r.status = RunStatus::Running;
        s.apply_run_update(&r, &n, 1.0);
        assert_eq!(s.indicator_text(), "Server running (Genomics)");
        r.status = RunStatus::Stopping;
        s.apply_run_update(&r, &n, 2.0);
        assert_eq!(s.indicator_text(), "Stopping server…");
        r.status = RunStatus::Stopped;
        assert!(s.apply_run_update(&r, &n, 3.0));
        assert_eq!(s.indicator_text(), "Idle");
        r.status = RunStatus::Unknown;
        assert!(!s.apply_run_update(&r, &n, 4.0));
    }

    #[test]
    fn many_jobs_stay_fast_and_correct() {
        let n = names();
        let mut s = ActivityState::new();
        let builds: Vec<BuildJob> = (0..2000)
            .map(|i| build(&i.to_string(), "1", BuildStatus::Running))
            .collect();
        let runs: Vec<RunJob> = (0..2000)
            .map(|i| run(&i.to_string(), "2", RunStatus::Running))
            .collect();
        for round in 0..20 {
            s.apply_builds(&builds, &n, f64::from(round));
            s.apply_run_init(&runs, &n, f64::from(round));
        }
        assert_eq!(s.active_count(), 4000);
        assert_eq!(s.extra_count(), 3999);
        // numeric id order within one reply: run 1999 registered last
        assert_eq!(s.latest().unwrap().key, "run:1999");
        assert_eq!(s.entries().len(), 4000);
        s.apply_builds(&builds[..10], &n, 100.0);
        assert_eq!(s.active_count(), 2010);
    }

    #[test]
    fn reconnect_backoff() {
        assert_eq!(sse_reconnect_delay_ms(0, 0.0), 1000);
        assert_eq!(sse_reconnect_delay_ms(0, 0.99), 1000);
        assert_eq!(sse_reconnect_delay_ms(1, 0.0), 1000);
        assert_eq!(sse_reconnect_delay_ms(1, 1.0), 2000);
        assert_eq!(sse_reconnect_delay_ms(2, 0.5), 3000);
        assert_eq!(sse_reconnect_delay_ms(5, 0.0), 15000);
        assert_eq!(sse_reconnect_delay_ms(5, 1.0), 30000);
        assert_eq!(sse_reconnect_delay_ms(u32::MAX, 1.0), 30000);
        assert_eq!(sse_reconnect_delay_ms(u32::MAX, f64::NAN), 15000);
        assert_eq!(sse_reconnect_delay_ms(3, -5.0), 4000);
        assert_eq!(sse_reconnect_delay_ms(3, f64::INFINITY), 8000);
        let mut prev = 0;
        for a in 0..40 {
            for r in [0.0, 0.3, 0.7, 0.999] {
                let d = sse_reconnect_delay_ms(a, r);
                assert!((1000..=30000).contains(&d));
            }
            let hi = sse_reconnect_delay_ms(a, 1.0);
            assert!(hi >= prev);
            prev = hi;
        }
    }

    #[test]
    fn id_order_numeric() {
        use std::cmp::Ordering::*;
        assert_eq!(id_order("9", "10"), Less);
        assert_eq!(id_order("10", "10"), Equal);
        assert_eq!(id_order("a", "10"), Greater);
        assert_eq!(id_order("a", "b"), Less);
    }
}
