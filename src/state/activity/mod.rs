//! The activity store (issue 6): request-based actions and backend jobs, shown by the header
//! indicator and the `/activity` page.
//!
//! - Request-based actions: every mutation wraps its request in
//!   `Activity::use_activity().track("Starting session…", future).await`.
//! - Backend jobs (`build:<id>`, `run:<id>`) come from two feeds that run while a user is signed
//!   in (started and stopped by [`provide_activity`], which watches `auth.status`):
//!   - the run stream (`GET /api/runs/stream`) on the one stream engine
//!     ([`crate::state::stream`]: back-off reconnect, watchdog, offline pause, cleanup): `init`
//!     replaces the runs (and resets the back-off), `run-update` changes one. When the browser
//!     gives up on it, the builds are asked for at once: their 401 ends the login, their 404
//!     (no job service) ends the feeds;
//!   - the builds poll (`GET /api/builds` every `buildPollIntervalMs`), paused while the
//!     document is hidden and run at once when it is visible again.
//! - The full lists of builds and runs, and the user's workspaces (for names in labels and the
//!   page's buttons), are kept here too, so the page shows the same data without polls of its own.
//!
//! Signing out stops everything: the stream is closed, timers and listeners removed, backend
//! jobs and lists cleared (requests in flight keep their entries until they settle).
//!
//! The rules are plain data in [`crate::domain::jobs`] (the indicator's [`ActivityState`], list
//! upkeep, labels, [`StreamStatus`]); this file holds the signals and the feeds.
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::Future;
use std::rc::{Rc, Weak};

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::jobs::{
    parse_run_stream_event, RunStreamEvent, EVENT_INIT, EVENT_RUN_LOG, EVENT_RUN_UPDATE,
};
use crate::api::{jobs, workspaces, ApiClient, ApiError, Extension};
use crate::domain::jobs::{upsert, workspace_names, ActivityState, BuildJob, RunJob, StreamStatus};
use crate::domain::poll::{Outcome, PollPolicy, Readiness};
use crate::domain::workspace::Workspace;
use crate::state::auth::{Auth, AuthStatus};
use crate::state::now_ms;
use crate::state::poll::{outcome_of_error, Latest, Poll, Reply};
use crate::state::stream::{Stream, StreamHooks};

// ---------------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------------

/// `Copy` handle on the app-level activity store.
#[derive(Clone, Copy)]
pub struct Activity {
    /// What the header indicator shows (requests and active backend jobs).
    pub state: RwSignal<ActivityState>,
    /// Every build the user can see: the builds poll's last good list and last error (kept
    /// here, so it exists without the feeds, e.g. in component tests).
    pub builds: Latest<Vec<BuildJob>>,
    /// Every run the user can see: the run stream's last list (its trouble is `stream`'s).
    pub runs: Latest<Vec<RunJob>>,
    /// The user's workspaces (`None` until loaded).
    pub workspaces: RwSignal<Option<Result<Vec<Workspace>, ApiError>>>,
    /// Workspace id → name, for labels.
    pub names: RwSignal<BTreeMap<String, String>>,
    /// Where the run stream is.
    pub stream: RwSignal<StreamStatus>,
    /// `Date.now()`, ticking every second while a reconnect is pending (for the countdown).
    pub clock: RwSignal<f64>,
    feeds: StoredValue<Option<Feeds>, LocalStorage>,
}

impl Activity {
    pub fn new() -> Self {
        Self {
            state: RwSignal::new(ActivityState::new()),
            builds: Latest::new(),
            runs: Latest::new(),
            workspaces: RwSignal::new(None),
            names: RwSignal::new(BTreeMap::new()),
            stream: RwSignal::new(StreamStatus::Off),
            clock: RwSignal::new(now_ms()),
            feeds: StoredValue::new_local(None),
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
    fn indicate_builds(self, builds: &[BuildJob]) {
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
    fn clear_backend(self) {
        self.state
            .try_maybe_update(|s| (s.clear_backend_jobs(), ()));
        self.builds.clear();
        self.runs.clear();
        self.workspaces.try_set(None);
        self.names.try_set(BTreeMap::new());
        self.stream.try_set(StreamStatus::Off);
    }

    fn feeds(self) -> Option<Feeds> {
        self.feeds.try_with_value(|f| f.clone()).flatten()
    }
}

impl Default for Activity {
    fn default() -> Self {
        Self::new()
    }
}

/// Creates the app-level store and provides it; called once by the app shell. The feeds (run
/// stream, builds polling, workspace names) run while a user is signed in.
pub fn provide_activity(api: ApiClient, auth: Auth) -> Activity {
    let activity = Activity::new();
    provide_context(activity);
    let cfg = crate::state::use_config();
    let feeds = Feeds::new(activity, api);
    // The builds poll: every `buildPollIntervalMs` for as long as a user is signed in (no
    // deadline), backing off on errors, paused while hidden. A backend without the job
    // service stops it for good.
    let policy = PollPolicy::new(
        u64::from(cfg.build_poll_interval_ms.max(100)),
        PollPolicy::MAX_TIMEOUT_MS,
        u64::from(cfg.backoff_max_ms),
    );
    // The poll keeps its list in the store's `builds`.
    let weak = feeds.weak();
    let builds = Poll::fetching_into(
        activity.builds,
        policy,
        move |_signal| {
            let weak = weak.clone();
            async move {
                let Some(f) = Feeds::upgrade(&weak) else {
                    return Reply::Dropped(Outcome::HttpError(410));
                };
                f.fetch_builds().await
            }
        },
        |_| Readiness::Waiting,
    );
    feeds.0.borrow_mut().builds = Some(builds);
    // The run stream, on the one stream engine (back-off reconnect, watchdog, offline pause).
    let stream = Stream::new(
        move || jobs::run_stream_url(api),
        &[EVENT_INIT, EVENT_RUN_UPDATE, EVENT_RUN_LOG],
        STREAM_WATCHDOG_MS,
        StreamHooks {
            on_event: Box::new({
                let weak = feeds.weak();
                move |name, data| {
                    if let Some(f) = Feeds::upgrade(&weak) {
                        f.on_event(name, data);
                    }
                }
            }),
            on_status: Box::new(move |status| {
                if matches!(status, StreamStatus::Reconnecting { .. }) {
                    activity.clock.try_set(now_ms());
                }
                activity.stream.try_set(status);
            }),
            // The browser gave up (a 500, a 401, a 404 of a missing job service): ask for the
            // builds meanwhile; their 401 signs the user out, their 404 ends the feeds.
            on_gave_up: Box::new({
                let weak = feeds.weak();
                move || {
                    if let Some(f) = Feeds::upgrade(&weak) {
                        f.poll_builds();
                    }
                }
            }),
            on_tick: Box::new(move || {
                activity.clock.try_set(now_ms());
            }),
        },
    );
    feeds.0.borrow_mut().stream = Some(stream);
    activity.feeds.set_value(Some(feeds.clone()));

    crate::state::effect({
        let feeds = feeds.clone();
        move |_| {
            let signed_in = auth.status.with(|s| *s == AuthStatus::SignedIn);
            if signed_in {
                feeds.start();
            } else {
                feeds.stop();
            }
        }
    });
    let feeds = StoredValue::new_local(feeds);
    on_cleanup(move || {
        if let Some(f) = feeds.try_get_value() {
            f.stop();
        }
    });
    activity
}

mod feeds;
use feeds::{Feeds, STREAM_WATCHDOG_MS};
