//! The activity store (issue 6): request-based actions and backend jobs, shown by the header
//! indicator and the `/activity` page.
//!
//! - Request-based actions: every mutation wraps its request in
//!   `Activity::use_activity().track("Starting session…", future).await`.
//! - Backend jobs (`build:<id>`, `run:<id>`) come from two feeds that run while a user is signed
//!   in (started and stopped by [`start_activity_feeds`], which watches `auth.status`):
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
mod feeds;
mod store;

use std::rc::Rc;

use leptos::prelude::*;

use crate::api::jobs::{EVENT_INIT, EVENT_RUN_LOG, EVENT_RUN_UPDATE};
use crate::api::{jobs, ApiClient};
use crate::domain::jobs::StreamStatus;
use crate::domain::poll::{Outcome, PollPolicy, Readiness};
use crate::state::auth::{Auth, AuthStatus};
use crate::state::poll::{Poll, Reply};
use crate::state::stream::{Stream, StreamHooks};
use crate::state::{now_ms, Kept};

use feeds::{Feeds, STREAM_WATCHDOG_MS};
pub use store::Activity;

/// Creates the app-level store and provides it; called once by the app shell (the `app`
/// chunk), before any page shows. Its feeds come later: [`start_activity_feeds`].
pub fn provide_activity() -> Activity {
    let activity = Activity::new();
    provide_context(activity);
    activity
}

/// Starts the store's feeds (run stream, builds polling, workspace names), which run while a
/// user is signed in; called once, in the shell's owner, by the `chrome` chunk once a page has
/// shown (issue 58: no page waits for their code). Until then the store is empty and asks
/// nothing: a page shows its own loading state. Without a store in context (component tests),
/// nothing.
pub fn start_activity_feeds(api: ApiClient, auth: Auth) {
    let Some(activity) = use_context::<Activity>() else {
        return;
    };
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
    activity.feeds.set_value(Some(Rc::new(feeds.clone())));

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
    let feeds = Kept::new(feeds);
    on_cleanup(move || {
        if let Some(f) = feeds.try_get_value() {
            f.stop();
        }
    });
}
