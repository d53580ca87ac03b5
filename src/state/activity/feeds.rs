//! The feeds of [`Activity`] (browser only): the builds poll and the run stream, started and
//! stopped with the login and the job service, each on its engine.
use std::cell::RefCell;
use std::rc::{Rc, Weak};

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::jobs::{parse_run_stream_event, RunStreamEvent};
use crate::api::{jobs, workspaces, ApiClient, ApiError, Extension};
use crate::domain::jobs::{workspace_names, BuildJob, StreamStatus};
use crate::domain::poll::{Outcome, Readiness};
use crate::state::poll::{outcome_of_error, Poll, Reply};
use crate::state::stream::Stream;

use super::store::{Activity, FeedControl};

/// A stream silent this long (no event at all) is reopened: keep-alive comments are invisible
/// to `EventSource`, and servers send them every 15–30 s, so this tolerates well over the 45 s
/// of silence a stream may have.
pub(super) const STREAM_WATCHDOG_MS: u64 = 90_000;

/// The feeds' controller; shared by the timers and listeners it installs (which hold a `Weak`).
#[derive(Clone)]
pub(super) struct Feeds(pub(super) Rc<RefCell<FeedsInner>>);

pub(super) struct FeedsInner {
    pub(super) activity: Activity,
    pub(super) api: ApiClient,
    /// The builds poll (on the one poll engine).
    pub(super) builds: Option<Poll<Readiness, Vec<BuildJob>>>,
    /// Running between `start` and `stop`.
    pub(super) running: bool,
    /// Bumped by `start` and `stop`: late replies of an older sign-in are dropped.
    pub(super) gen: u64,
    /// The run stream (on the one stream engine).
    pub(super) stream: Option<Stream>,
    /// Bumped when a request reply changed the builds: an older poll reply is stale.
    pub(super) builds_epoch: u64,
}

impl Feeds {
    pub(super) fn new(activity: Activity, api: ApiClient) -> Self {
        Feeds(Rc::new(RefCell::new(FeedsInner {
            activity,
            api,
            builds: None,
            running: false,
            gen: 0,
            stream: None,
            builds_epoch: 0,
        })))
    }

    pub(super) fn weak(&self) -> Weak<RefCell<FeedsInner>> {
        Rc::downgrade(&self.0)
    }

    pub(super) fn upgrade(weak: &Weak<RefCell<FeedsInner>>) -> Option<Feeds> {
        weak.upgrade().map(Feeds)
    }

    pub(super) fn activity(&self) -> Activity {
        self.0.borrow().activity
    }

    pub(super) fn builds(&self) -> Option<Poll<Readiness, Vec<BuildJob>>> {
        self.0.borrow().builds
    }

    pub(super) fn has_jobs(&self) -> bool {
        let api = self.0.borrow().api;
        api.supports(Extension::Jobs)
    }

    pub(super) fn is_current(&self, gen: u64) -> bool {
        let i = self.0.borrow();
        i.running && i.gen == gen
    }

    /// Starts the feeds (no-op when running). The run stream opens after the first builds
    /// reply, so that a deployment without a job service never sees a stream request.
    pub(super) fn start(&self) {
        {
            let mut i = self.0.borrow_mut();
            if i.running {
                return;
            }
            i.running = true;
            i.gen += 1;
        }
        if let Some(st) = self.stream() {
            st.reset_backoff();
        }
        if self.has_jobs() {
            if let Some(p) = self.builds() {
                p.start();
            }
        }
        self.load_workspaces();
    }

    /// Stops the feeds: closes the stream, stops the builds poll, clears timers, forgets
    /// backend jobs.
    pub(super) fn stop(&self) {
        let was_running;
        {
            let mut i = self.0.borrow_mut();
            was_running = i.running;
            i.running = false;
            i.gen += 1;
        }
        if let Some(p) = self.builds() {
            p.stop();
        }
        self.close_stream();
        if was_running {
            self.activity().clear_backend();
        }
    }

    // ----- builds poll ---------------------------------------------------------------------

    /// One `GET /api/builds` for the poll engine, which keeps the list (and an error beside
    /// it). Stale replies are dropped: of an older sign-in, or older than a request's reply; so
    /// is a missing job service (no error is shown: the page says there is none). The first
    /// good reply opens the run stream.
    pub(super) async fn fetch_builds(&self) -> Reply<Vec<BuildJob>, Readiness> {
        let (api, gen, epoch) = {
            let i = self.0.borrow();
            (i.api, i.gen, i.builds_epoch)
        };
        let reply = jobs::builds(api).await;
        if !self.is_current(gen) {
            return Reply::Dropped(Outcome::HttpError(410));
        }
        let activity = self.activity();
        match reply {
            Ok(builds) => {
                // A request reply changed the builds meanwhile: this list is older.
                let fresh = self.0.borrow().builds_epoch == epoch;
                self.ensure_stream();
                if fresh {
                    activity.indicate_builds(&builds);
                    Reply::Kept(Ok(builds))
                } else {
                    Reply::Dropped(Outcome::Status(Readiness::Waiting))
                }
            }
            Err(e @ ApiError::Unsupported(_)) => {
                // No job service: no stream, no more polls (until a new page load).
                self.close_stream();
                activity.stream.try_set(StreamStatus::Off);
                Reply::Dropped(outcome_of_error(&e))
            }
            Err(e) => {
                leptos::logging::warn!("could not poll the builds: {e}");
                self.ensure_stream();
                Reply::Kept(Err(e))
            }
        }
    }

    /// A request reply changed the builds: a poll reply already on its way is stale; poll
    /// again now.
    pub(super) fn local_change(&self) {
        self.0.borrow_mut().builds_epoch += 1;
        self.poll_builds();
    }

    pub(super) fn poll_builds(&self) {
        if self.0.borrow().running && self.has_jobs() {
            if let Some(p) = self.builds() {
                p.poll_now();
            }
        }
    }

    // ----- run stream ----------------------------------------------------------------------

    pub(super) fn stream(&self) -> Option<Stream> {
        self.0.borrow().stream
    }

    /// Opens the run stream unless it is open, reconnecting, or the job service is missing.
    pub(super) fn ensure_stream(&self) {
        let running = self.0.borrow().running;
        if running && self.has_jobs() {
            if let Some(st) = self.stream() {
                st.ensure_open();
            }
        }
    }

    pub(super) fn close_stream(&self) {
        if let Some(st) = self.stream() {
            st.close();
        }
    }

    pub(super) fn on_event(&self, name: &str, data: &str) {
        let activity = self.activity();
        match parse_run_stream_event(name, data) {
            Ok(RunStreamEvent::Init(runs)) => {
                if let Some(st) = self.stream() {
                    st.reset_backoff();
                }
                activity.stream.try_set(StreamStatus::Live);
                activity.apply_run_init(runs);
            }
            Ok(RunStreamEvent::Update(run)) => activity.apply_run(run, true),
            Ok(RunStreamEvent::Ignored) => {}
            Err(e) => {
                leptos::logging::warn!("ignored a malformed `{name}` event of the run stream: {e}")
            }
        }
    }

    // ----- workspace names -----------------------------------------------------------------

    pub(super) fn load_workspaces(&self) {
        let (api, gen, activity) = {
            let i = self.0.borrow();
            if !i.running {
                return;
            }
            (i.api, i.gen, i.activity)
        };
        if activity
            .workspaces
            .try_with_untracked(|w| matches!(w, Some(Err(_))))
            .unwrap_or(false)
        {
            activity.workspaces.try_set(None);
        }
        let weak = self.weak();
        spawn_local(async move {
            let res = workspaces::list(api).await;
            let Some(f) = Feeds::upgrade(&weak) else {
                return;
            };
            if !f.is_current(gen) {
                return;
            }
            match res {
                Ok(list) => {
                    activity.names.try_set(workspace_names(&list));
                    activity.workspaces.try_set(Some(Ok(list)));
                    activity.relabel();
                }
                Err(e) => {
                    leptos::logging::warn!("could not load the workspace names: {e}");
                    activity.workspaces.try_set(Some(Err(e)));
                }
            }
        });
    }
}

impl FeedControl for Feeds {
    fn local_change(&self) {
        Feeds::local_change(self);
    }

    fn poll_builds(&self) {
        Feeds::poll_builds(self);
    }

    fn load_workspaces(&self) {
        Feeds::load_workspaces(self);
    }
}
