//! The status of one session, polled on the one engine ([`super::poll`]) and shared by every
//! view of the session page: the page calls [`provide_workbench_status`], its views call
//! [`use_workbench_status`] and get the same poll (one request per interval, however many
//! views).
//!
//! - The first poll goes out at once; a session already ready (or failed) makes one request.
//! - `If-None-Match` carries the last ETag, only once this backend sent one (a 304 keeps the
//!   status).
//! - It stops when the session is ready (`k8sStatus` `Running` and the desktop server answers),
//!   failed or stopped, at the deadline, and on 401/403/404.
//! - [`WorkbenchStatus::retry`] starts again with a fresh deadline, first asking the backend to
//!   start a failed or stopped session where it can (`POST …/start`, an extension).
//! - [`WorkbenchStatus::refresh`] polls once now (following the session again if it moves).
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{workbenches, ApiClient, ApiError, Conditional, Extension};
use crate::domain::poll::{Outcome, PollPolicy};
use crate::domain::start_log::StartLog;
use crate::domain::workbench::Workbench;
use crate::state::activity::Activity;
use crate::state::auth::Auth;
use crate::state::desktops::Desktops;
use crate::state::poll::{outcome_of_error, Poll};
use crate::state::resource::PAST_CHORUS_CACHE;
use crate::state::workbench_observer::Observer;
pub use crate::state::workbench_summary::StatusSummary;
use crate::state::workbench_watch::Watch;
use crate::state::Slot;
use crate::state::{new_session, Kept};
use crate::state::{now_ms_i64, use_config};

/// A small `Copy` handle on the status of one session.
#[derive(Clone, Copy)]
pub struct WorkbenchStatus {
    /// The last workbench received.
    pub workbench: Signal<Option<Workbench>>,
    /// The wait in one value.
    pub summary: Signal<StatusSummary>,
    /// When the current wait started (first poll or last retry), epoch ms.
    pub started_at_ms: Signal<i64>,
    /// When polling stopped (Ready, Failed, timeout…), epoch ms; `None` while polling.
    pub ended_at_ms: Signal<Option<i64>>,
    /// Since when the desktop server reports `Failing` while the session runs (epoch ms).
    pub pod_failing_since_ms: Signal<Option<i64>>,
    /// A failed `POST …/start` on Retry, in words.
    pub action_error: Signal<Option<String>>,
    /// Every change seen while the session started (ui.md, "start log").
    pub start_log: Signal<StartLog>,
    /// A refusal of the session this tab has just created is being checked again (CHORUS's
    /// user cache: [`new_session::regain_access`]).
    pub access_wait: Signal<bool>,
    /// The configured deadline (`startTimeoutMs`, as clamped by the policy).
    pub timeout_ms: u64,
    id: Kept<String>,
    api: ApiClient,
    activity: Activity,
    poll: Poll<Workbench>,
    /// The last ETag, and the digest of the last body read (a backend without ETags sends the
    /// whole record at every poll: an unchanged one is not decoded again).
    etag: Kept<(Option<String>, Option<u64>)>,
    restarting: Slot<bool>,
    /// The name and description this page has just saved, and until when (epoch ms) a read
    /// keeps them: [`WorkbenchStatus::saved`].
    saved_text: Kept<Option<SavedText>>,
    action_error_w: Slot<Option<String>>,
    wb: Slot<Option<Workbench>>,
    log: Slot<StartLog>,
    observer: Observer,
    watch: Watch,
}

/// The name and description of a save, kept over the reads of the next second.
#[derive(Clone)]
struct SavedText {
    name: String,
    description: Option<String>,
    until_ms: i64,
}

impl SavedText {
    /// `wb` with the saved text, while it holds at `now_ms`.
    fn over(this: Option<&Self>, wb: &mut Workbench, now_ms: i64) {
        if let Some(s) = this.filter(|s| now_ms < s.until_ms) {
            wb.name.clone_from(&s.name);
            wb.description.clone_from(&s.description);
        }
    }
}

/// The status of session `id` for the current page and everything under it: starts polling
/// at once and provides the handle through context. Needs the [`ApiClient`] in context.
pub fn provide_workbench_status(id: impl Into<String>) -> WorkbenchStatus {
    let status = WorkbenchStatus::new(id.into());
    provide_context(status);
    // Pushed where the backend has a watch stream (the poll waits held, and takes over when
    // the stream fails); polled otherwise.
    if !status
        .watch
        .open(status.api, status.id, status.poll, status.observer)
    {
        status.poll.start();
    }
    status
}

/// The status of session `id`: the one provided by the page when it is the same session,
/// else a new one provided for the caller's subtree.
pub fn use_workbench_status(id: impl Into<String>) -> WorkbenchStatus {
    let id: String = id.into();
    match use_context::<WorkbenchStatus>() {
        Some(s) if s.id() == id => s,
        _ => provide_workbench_status(id),
    }
}

impl WorkbenchStatus {
    fn new(id: String) -> Self {
        let api = ApiClient::use_client();
        let cfg = use_config();
        let policy = PollPolicy::from_config(
            Some(u64::from(cfg.poll_interval_ms)),
            Some(cfg.start_timeout_ms),
            Some(u64::from(cfg.backoff_max_ms)),
        );
        // A session whose desktop the pool kept alive starts from its last ready record, so its
        // page shows the desktop at once; the first reply confirms or corrects it.
        let seed = Desktops::use_desktops().and_then(|d| d.workbench_untracked(&id));
        let seeded = Slot::new(seed.is_some());
        let wb = Slot::new(seed);
        let failing_since = Slot::new(None::<i64>);
        let log = Slot::new(StartLog::new(now_ms_i64()));
        // Whether this page saw the session before it was ready (its start time is then a
        // sample of how long starts take).
        let watched_start = Slot::new(false);
        let etag = Kept::new((None::<String>, None::<u64>));
        let saved_text = Kept::new(None::<SavedText>);
        let id = Kept::new(id);
        let observer = Observer {
            wb,
            failing_since,
            log,
            watched_start,
            seeded,
            from_created: Slot::new(true),
            poll: Kept::new(None),
        };
        let access_wait = Slot::new(false);
        let watch = Watch::new();
        // Not a `Poll::fetching`: the record is not just the last good reply. It may be seeded
        // from the desktop pool, a 304 keeps it (ETag), a push stream writes it too, and each
        // reply also feeds the start log, the failing-since time and the start-time samples;
        // errors are shown from the poll's decisions (stop, trouble), not kept beside it.
        let auth = use_context::<Auth>();
        let poll = Poll::new(policy, move |signal| async move {
            let id = id.try_get_value().unwrap_or_default();
            let (tag, same_as) = etag.try_get_value().unwrap_or_default();
            let mut reply =
                workbenches::get(api, &id, tag.as_deref(), same_as, signal.as_ref()).await;
            // A session this tab has just created is not refused on the word of a cookie made
            // from CHORUS's cached user: the wait says so, the login is renewed once the cache
            // has moved on, and the session asked again (a few times, then the refusal holds).
            // A session opened at once after another tab or a script created it (or shared
            // it) is checked once more the same way.
            let refused =
                |r: &Result<_, ApiError>| r.as_ref().err().and_then(ApiError::status) == Some(403);
            let attempts = if !refused(&reply) {
                0
            } else if new_session::created_recently(&id).is_some() {
                3
            } else if new_session::recheck_refusal(&id) {
                1
            } else {
                0
            };
            for attempt in 1..=attempts {
                if !refused(&reply) {
                    break;
                }
                access_wait.try_set(true);
                if !new_session::regain_access(auth, &id, attempt).await {
                    break;
                }
                reply = workbenches::get(api, &id, None, None, signal.as_ref()).await;
            }
            access_wait.try_set(false);
            seeded.try_set(false);
            match reply {
                Ok((Conditional::NotModified, _)) => Outcome::NotModified,
                Ok((
                    Conditional::Fresh {
                        mut value,
                        etag: new,
                    },
                    digest,
                )) => {
                    etag.try_update_value(|e| *e = (new, digest));
                    saved_text
                        .with_value(|s| SavedText::over(s.as_ref(), &mut value, now_ms_i64()));
                    observer.see(&value);
                    observer.count_from_created(&value);
                    Outcome::Status(value)
                }
                Err(e) => {
                    observer.error(&e.message());
                    outcome_of_error(&e)
                }
            }
        });
        observer.poll.set_value(Some(poll));
        let restarting = Slot::new(false);
        let decision = poll.decision();
        let trouble = poll.trouble();
        let summary = crate::state::memo(move |_| {
            if restarting.get() {
                return StatusSummary::Starting;
            }
            if seeded.get() {
                return wb.with(|w| StatusSummary::from_workbench(w.as_ref()));
            }
            let retry_at = trouble.with(|t| t.map(|t| t.retry_at_ms));
            decision.with(|d| wb.with(|w| StatusSummary::of(d.as_ref(), retry_at, w.as_ref())))
        });
        let action_error = Slot::new(None::<String>);
        Self {
            workbench: wb.into(),
            summary: summary.into(),
            started_at_ms: poll.started_at(),
            ended_at_ms: poll.ended_at(),
            pod_failing_since_ms: failing_since.into(),
            action_error: action_error.into(),
            start_log: log.into(),
            access_wait: access_wait.into(),
            timeout_ms: policy.timeout_ms(),
            id,
            api,
            activity: Activity::use_activity(),
            poll,
            etag,
            restarting,
            saved_text,
            action_error_w: action_error,
            wb,
            log,
            observer,
            watch,
        }
    }

    /// The workbench id polled.
    pub fn id(&self) -> String {
        self.id.try_get_value().unwrap_or_default()
    }

    /// Time waited at `now_ms` (frozen when polling stopped). Tracks the start and end signals.
    pub fn elapsed_ms(&self, now_ms: i64) -> u64 {
        let start = self.started_at_ms.get();
        let end = self.ended_at_ms.get().unwrap_or(now_ms);
        u64::try_from(end.saturating_sub(start)).unwrap_or(0)
    }

    /// Starts again with a fresh deadline. For a failed or stopped session, first asks the
    /// backend to start it (`POST …/start`, tracked as `Starting session…`) where it can; a
    /// backend without that call is just polled again.
    pub fn retry(&self) {
        let this = *self;
        let api = self.api;
        self.action_error_w.try_set(None);
        self.observer.from_created.try_set(false);
        // A deleted record (CHORUS's failed session) cannot be started: only polled again.
        let deleted = self
            .wb
            .with_untracked(|w| w.as_ref().is_some_and(Workbench::is_deleted));
        let start_first = !deleted
            && (matches!(
                self.summary.get_untracked(),
                StatusSummary::Failed | StatusSummary::Stopped
            ) || self
                .wb
                .with_untracked(|w| w.as_ref().is_some_and(Workbench::can_restart)));
        let restarts = start_first && api.supports(Extension::SessionStopStart);
        let t = now_ms_i64();
        self.log.try_update(|l| l.retry(t, restarts));
        if !restarts {
            this.restart_poll();
            return;
        }
        self.poll.stop();
        self.restarting.try_set(true);
        let activity = self.activity;
        let id = self.id();
        spawn_local(async move {
            let reply = activity
                .track("Starting session…", workbenches::start(api, &id))
                .await;
            match reply {
                Ok(Some(wb)) => {
                    this.wb.try_set(Some(wb));
                }
                Ok(None) | Err(ApiError::Unsupported(_)) => {}
                Err(e) => {
                    let words = format!("Could not restart the session. {}", e.words());
                    let t = now_ms_i64();
                    this.log.try_update(|l| l.error(&words, t));
                    this.action_error_w.try_set(Some(words));
                }
            }
            this.restarting.try_set(false);
            this.restart_poll();
        });
    }

    /// Polls once now (after a stop or start from elsewhere); if polling had stopped, it follows
    /// the session again with a fresh deadline until the next final state.
    pub fn refresh(&self) {
        if !self.poll.is_active_untracked() {
            self.etag.try_update_value(|e| *e = (None, None));
        }
        self.poll.poll_now();
    }

    /// After this page saved the session's name and description (`PUT /workbenches`): they show
    /// at once from the save's reply. CHORUS answers a session from a one-second cache that the
    /// save does not clear (seen: a read right after a rename had the old name), so a read within
    /// that second keeps them, and the session is read again once it has passed (a poll that had
    /// stopped at a final state would not read again by itself, and the old name would stay).
    pub fn saved(&self, saved: &Workbench) {
        let now = now_ms_i64();
        let until_ms = now + i64::try_from(PAST_CHORUS_CACHE.as_millis()).unwrap_or(0);
        let text = SavedText {
            name: saved.name.clone(),
            description: saved.description.clone(),
            until_ms,
        };
        self.saved_text.try_set_value(Some(text.clone()));
        self.wb.try_update(|w| {
            if let Some(w) = w.as_mut() {
                SavedText::over(Some(&text), w, now);
            }
        });
        let this = *self;
        spawn_local(async move {
            crate::state::timer::sleep(PAST_CHORUS_CACHE).await;
            this.refresh();
        });
    }

    /// A fresh deadline; after a restart the poller has no last status, so a 304 would read
    /// as "still waiting": the ETag goes too.
    fn restart_poll(self) {
        self.etag.try_update_value(|e| *e = (None, None));
        self.poll.start();
    }
}
