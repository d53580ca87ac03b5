//! The header activity indicator's model (ui.md): [`ActivityState`] merges *request-based*
//! actions (a mutation in flight, e.g. `Starting session…`) with *backend jobs* (active builds
//! and runs). A reactive store wraps it (`Slot<ActivityState>` in `state::activity`); every
//! mutating method returns whether anything changed, so the wrapper can skip needless
//! notifications.
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

use std::collections::{BTreeMap, HashMap};

use super::labels::{build_label, run_label, WorkspaceNames};
use super::model::{BuildJob, RunJob};
use crate::domain::id_order;

/// Where builds and runs are shown in full; the `link` of build and run entries.
pub(crate) const ACTIVITY_PAGE: &str = "/activity";

/// Key prefix of builds in [`ActivityState`]: `build:<id>`.
pub(crate) const BUILD_KEY_PREFIX: &str = "build:";
/// Key prefix of runs in [`ActivityState`]: `run:<id>`.
pub(crate) const RUN_KEY_PREFIX: &str = "run:";
/// Key prefix of request-based actions in [`ActivityState`]: `request:<n>`.
pub(crate) const REQUEST_KEY_PREFIX: &str = "request:";

/// Text of the indicator when nothing is in progress.
pub(crate) const IDLE_TEXT: &str = "Idle";
/// `aria-label` of the indicator when nothing is in progress.
pub(crate) const IDLE_ARIA_LABEL: &str = "No actions in progress";

impl BuildJob {
    /// Key of this build in [`ActivityState`]: `build:<id>`.
    pub(crate) fn activity_key(&self) -> String {
        format!("{BUILD_KEY_PREFIX}{}", self.id)
    }
}

impl RunJob {
    /// Key of this run in [`ActivityState`]: `run:<id>`.
    pub(crate) fn activity_key(&self) -> String {
        format!("{RUN_KEY_PREFIX}{}", self.id)
    }
}

/// What an [`ActivityEntry`] stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ActivityKind {
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
    pub(crate) fn from_key(key: &str) -> Self {
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
pub(crate) struct ActivityEntry {
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
    pub(crate) fn key(self) -> String {
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
    pub(crate) fn complete_backend_job(&mut self, key: &str) -> bool {
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
    pub(crate) fn finish_request(&mut self, id: RequestId) -> bool {
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
        let active = builds.iter().filter_map(|b| {
            let label = build_label(b, names)?;
            Some((
                b.activity_key(),
                label,
                b.created_at.as_deref(),
                b.id.as_str(),
            ))
        });
        self.sync_kind(ActivityKind::Build, active, now)
    }

    /// Applies one build (e.g. the reply of `POST /api/projects/{id}/build`): registers it when
    /// active, else completes it.
    pub(crate) fn apply_build_update<N: WorkspaceNames + ?Sized>(
        &mut self,
        build: &BuildJob,
        names: &N,
        now: f64,
    ) -> bool {
        self.apply_one(
            &build.id,
            &build.activity_key(),
            build_label(build, names),
            now,
        )
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
        let active = runs.iter().filter_map(|r| {
            let label = run_label(r, names)?;
            Some((
                r.activity_key(),
                label,
                r.created_at.as_deref(),
                r.id.as_str(),
            ))
        });
        self.sync_kind(ActivityKind::Run, active, now)
    }

    /// Applies a `run-update` event (or the reply of start/stop): registers the run when active
    /// (updating its label), else completes it.
    pub fn apply_run_update<N: WorkspaceNames + ?Sized>(
        &mut self,
        run: &RunJob,
        names: &N,
        now: f64,
    ) -> bool {
        self.apply_one(&run.id, &run.activity_key(), run_label(run, names), now)
    }

    /// Makes the entries of `kind` exactly the `active` jobs — `(key, label, created_at, id)`,
    /// those with an empty id ignored — registering new ones in creation order.
    fn sync_kind<'a>(
        &mut self,
        kind: ActivityKind,
        active: impl Iterator<Item = (String, String, Option<&'a str>, &'a str)>,
        now: f64,
    ) -> bool {
        let mut active: Vec<_> = active.filter(|(_, _, _, id)| !id.is_empty()).collect();
        crate::domain::sort_small(&mut active, |a, b| creation_order(a.2, a.3, b.2, b.3));
        let keep: Vec<&str> = active.iter().map(|(key, ..)| key.as_str()).collect();
        let mut changed = false;
        for key in self.keys_of(kind) {
            if !keep.contains(&key.as_str()) {
                changed |= self.remove(&key);
            }
        }
        for (key, label, ..) in &active {
            changed |= self.register_backend_job(key, label, now);
        }
        changed
    }

    /// One job changed: registers it under `key` with its `label` when active (`Some`), else
    /// completes it. A job with an empty id is ignored.
    fn apply_one(&mut self, id: &str, key: &str, label: Option<String>, now: f64) -> bool {
        if id.is_empty() {
            return false;
        }
        match label {
            Some(label) => self.register_backend_job(key, &label, now),
            None => self.complete_backend_job(key),
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
    #[cfg(test)]
    pub(crate) fn get(&self, key: &str) -> Option<&ActivityEntry> {
        self.seq_of.get(key).and_then(|s| self.by_seq.get(s))
    }

    /// Whether an entry with this key exists.
    #[cfg(test)]
    pub(crate) fn contains(&self, key: &str) -> bool {
        self.seq_of.contains_key(key)
    }

    /// Every entry, ordered by start time, then insertion order (the merged list of requests
    /// and backend jobs).
    pub(crate) fn entries(&self) -> Vec<&ActivityEntry> {
        let mut v: Vec<&ActivityEntry> = self.by_seq.values().collect();
        // by_seq is already in seq order; a stable sort by start time keeps it as tie-break.
        crate::domain::sort_small(&mut v, |a, b| a.started_at.total_cmp(&b.started_at));
        v
    }

    /// The entry registered most recently, if any (the one the indicator names).
    pub(crate) fn latest(&self) -> Option<&ActivityEntry> {
        self.by_seq.values().next_back()
    }

    /// How many things are in progress.
    pub(crate) fn active_count(&self) -> usize {
        self.by_seq.len()
    }

    /// `true` when anything is in progress (the indicator's busy styling).
    pub(crate) fn is_busy(&self) -> bool {
        !self.by_seq.is_empty()
    }

    /// The indicator's text: `Idle`, or the latest entry's label.
    pub(crate) fn indicator_text(&self) -> String {
        match self.latest() {
            Some(e) => e.label.clone(),
            None => IDLE_TEXT.to_string(),
        }
    }

    /// N of the `+N` badge: how many more are active besides the latest (0 = no badge).
    pub(crate) fn extra_count(&self) -> usize {
        self.active_count().saturating_sub(1)
    }

    /// The badge text `+N`, or `None` when there is no badge.
    pub(crate) fn badge_text(&self) -> Option<String> {
        match self.extra_count() {
            0 => None,
            n => Some(format!("+{n}")),
        }
    }

    /// The indicator's `aria-label`: `No actions in progress`, `1 action in progress. Latest:
    /// Build queued…`, `2 actions in progress. Latest: Building (Demo)`.
    pub(crate) fn aria_label(&self) -> String {
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
