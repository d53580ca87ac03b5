//! The activity store itself ([`Activity`]): the indicator's state, the lists of builds and
//! runs, the workspaces and their names, the run stream's status; what the feeds bring and the
//! requests the user makes go through it.
use std::collections::BTreeMap;
use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::domain::jobs::{upsert, ActivityState, BuildJob, RunJob, StreamStatus};
use crate::domain::workspace::Workspace;
use crate::state::poll::Latest;
use crate::state::Slot;
use crate::state::{now_ms, Kept};

/// What the store asks of its feeds (`feeds.rs`, made by [`super::start_activity_feeds`]). A trait,
/// so that the store does not name the feeds, which name the store.
pub(super) trait FeedControl {
    /// A request reply changed the builds: poll again now.
    fn local_change(&self);
    /// Polls the builds now (while the feeds run).
    fn poll_builds(&self);
    /// Loads the workspaces again.
    fn load_workspaces(&self);
}

/// `Copy` handle on the app-level activity store.
#[derive(Clone, Copy)]
pub struct Activity {
    /// What the header indicator shows (requests and active backend jobs).
    pub state: Slot<ActivityState>,
    /// Every build the user can see: the builds poll's last good list and last error (kept
    /// here, so it exists without the feeds, e.g. in component tests).
    pub builds: Latest<Vec<BuildJob>>,
    /// Every run the user can see: the run stream's last list (its trouble is `stream`'s).
    pub runs: Latest<Vec<RunJob>>,
    /// The user's workspaces (`None` until loaded).
    pub workspaces: Slot<Option<Result<Vec<Workspace>, ApiError>>>,
    /// Workspace id → name, for labels.
    pub names: Slot<BTreeMap<String, String>>,
    /// Where the run stream is.
    pub stream: Slot<StreamStatus>,
    /// `Date.now()`, ticking every second while a reconnect is pending (for the countdown).
    pub clock: Slot<f64>,
    /// Its feeds, while [`super::start_activity_feeds`] runs them.
    pub(super) feeds: Kept<Option<Rc<dyn FeedControl>>>,
}

impl Activity {
    pub fn new() -> Self {
        Self {
            state: Slot::new(ActivityState::new()),
            builds: Latest::new(),
            runs: Latest::new(),
            workspaces: Slot::new(None),
            names: Slot::new(BTreeMap::new()),
            stream: Slot::new(StreamStatus::Off),
            clock: Slot::new(now_ms()),
            feeds: Kept::new(None),
        }
    }

    /// The store in context, or a detached one (component tests mount views without the shell).
    pub fn use_activity() -> Self {
        use_context::<Activity>().unwrap_or_default()
    }

    /// Runs `fut` as a request-based action labelled `label` (e.g. `Starting session…`): the
    /// label shows in the header while the future runs, and goes when it settles, success or error.
    pub async fn track<T>(self, label: impl Into<String>, fut: impl Future<Output = T>) -> T {
        let label = label.into();
        let id = self.state.try_update(|s| s.start_request(&label, now_ms()));
        let out = fut.await;
        if let Some(id) = id {
            self.state.try_maybe_update(|s| (s.finish_request(id), ()));
        }
        out
    }

    /// Shows `label` in the header until [`Activity::end`] (an action the console follows
    /// rather than a request: a session starting while its page shows it).
    pub fn begin(self, label: &str) -> Option<crate::domain::jobs::RequestId> {
        self.state.try_update(|s| s.start_request(label, now_ms()))
    }

    /// Ends what [`Activity::begin`] showed.
    pub fn end(self, id: crate::domain::jobs::RequestId) {
        self.state.try_maybe_update(|s| (s.finish_request(id), ()));
    }

    /// Replaces the builds with a `GET /api/builds` reply and syncs the indicator.
    pub fn apply_builds(self, builds: Vec<BuildJob>) {
        self.indicate_builds(&builds);
        self.builds.set_value(builds);
    }

    /// Syncs the indicator with a `GET /api/builds` reply (the list itself is the poll's).
    pub(super) fn indicate_builds(self, builds: &[BuildJob]) {
        let names = self.names.try_get_untracked().unwrap_or_default();
        self.state
            .try_maybe_update(|s| (s.apply_builds(builds, &names, now_ms()), ()));
    }

    /// Replaces the runs with the stream's `init` event and syncs the indicator.
    pub fn apply_run_init(self, runs: Vec<RunJob>) {
        let names = self.names.try_get_untracked().unwrap_or_default();
        self.state
            .try_maybe_update(|s| (s.apply_run_init(&runs, &names, now_ms()), ()));
        self.runs.set_value(runs);
    }

    /// Applies a `run-update` event (`authoritative`) or the reply of a start/stop request.
    pub fn apply_run(self, run: RunJob, authoritative: bool) {
        let names = self.names.try_get_untracked().unwrap_or_default();
        let changed = self
            .runs
            .update_value(Vec::new, |items| upsert(items, run.clone(), authoritative));
        if changed {
            self.state
                .try_maybe_update(|s| (s.apply_run_update(&run, &names, now_ms()), ()));
        }
    }

    /// Applies the reply of `POST /api/projects/{id}/build` and polls the builds at once.
    pub fn apply_build_reply(self, build: BuildJob) {
        let names = self.names.try_get_untracked().unwrap_or_default();
        let changed = self
            .builds
            .update_value(Vec::new, |items| upsert(items, build.clone(), false));
        if changed {
            self.state
                .try_maybe_update(|s| (s.apply_build_update(&build, &names, now_ms()), ()));
        }
        if let Some(f) = self.feeds() {
            f.local_change();
        }
    }

    /// Polls the builds now (no-op when the feeds are not running).
    pub fn refresh_builds(self) {
        if let Some(f) = self.feeds() {
            f.poll_builds();
        }
    }

    /// Loads the workspaces again (after a failure).
    pub fn reload_workspaces(self) {
        if let Some(f) = self.feeds() {
            f.load_workspaces();
        }
    }

    /// Re-labels every backend job with the current workspace names.
    pub fn relabel(self) {
        let names = self.names.try_get_untracked().unwrap_or_default();
        let builds = self.builds.with_untracked(|l| l.value().cloned()).flatten();
        let runs = self.runs.with_untracked(|l| l.value().cloned()).flatten();
        let now = now_ms();
        self.state.try_maybe_update(|s| {
            let mut changed = false;
            if let Some(b) = &builds {
                changed |= s.apply_builds(b, &names, now);
            }
            if let Some(r) = &runs {
                changed |= s.apply_run_init(r, &names, now);
            }
            (changed, ())
        });
    }

    /// Forgets everything the feeds brought (sign-out). Requests in flight stay.
    pub(super) fn clear_backend(self) {
        self.state
            .try_maybe_update(|s| (s.clear_backend_jobs(), ()));
        self.builds.clear();
        self.runs.clear();
        self.workspaces.try_set(None);
        self.names.try_set(BTreeMap::new());
        self.stream.try_set(StreamStatus::Off);
    }

    fn feeds(self) -> Option<Rc<dyn FeedControl>> {
        self.feeds.try_with_value(|f| f.clone()).flatten()
    }
}

impl Default for Activity {
    fn default() -> Self {
        Self::new()
    }
}
