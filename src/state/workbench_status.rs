//! The shared status poller of one session: [`use_workbench_status`].
//!
//! One poller per workbench id, shared by every view that asks (a reference-counted registry in a
//! thread-local): two views of one session make one request per interval. The last view gone
//! (its owner cleaned up) stops it: the in-flight request is aborted, the timer cleared, the
//! `visibilitychange` listener removed — after a view unmounts, no request is made for it.
//!
//! Every decision (rhythm with jitter, back-off, deadline, when to stop) is the domain
//! [`Poller`]'s; this file owns the timer, the request, the clock and the randomness:
//! - the first poll goes out at once; a session already `Running` (or failed) makes one request
//!   and no polling;
//! - `If-None-Match` carries the last ETag (a 304 keeps the status);
//! - the poll pauses while the document is hidden and polls at once when it is visible again
//!   (the deadline is wall time: hidden time counts);
//! - it stops on Running, Failed (or stopped), the deadline, and 401/403/404;
//! - [`WorkbenchStatus::retry`] starts again with a fresh deadline, first asking the backend to
//!   start a failed or stopped session (`POST …/start`; a 404/405 means the backend lacks it);
//! - [`WorkbenchStatus::refresh`] polls once now (following the session again if it moves).
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

use crate::api::wire::common::Envelope;
use crate::api::wire::workbench::WorkbenchResult;
use crate::api::{ApiClient, ApiError, Conditional};
use crate::domain::poll::{Decision, FatalKind, Outcome, PollPolicy, PollStatus, Poller};
use crate::domain::workbench::Workbench;
use crate::state::activity::Activity;
use crate::state::visibility::is_document_hidden;
use crate::state::{now_ms_i64, use_config};

/// What a view shows about the wait, in one value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatusSummary {
    /// Before the first reply.
    Loading,
    /// Polling: the session is on its way (or its state is not known yet).
    Starting,
    /// `k8sStatus` is `Running`: show the desktop.
    Ready,
    /// The session failed: show why, with Retry.
    Failed,
    /// Stopped (or completed) by its user: nothing happens without a start.
    Stopped,
    /// The deadline passed without Running.
    TimedOut {
        waited_ms: u64,
        /// The last status seen, in words (`Starting`), if any.
        last_status: Option<String>,
    },
    /// Two or more failures in a row; the next attempt is due at this time (epoch ms).
    ConnectionTrouble { next_retry_at_ms: i64 },
    /// 404: the session does not exist (any more).
    NotFound,
    /// 401/403: the user may not see it.
    NoAccess,
    /// Another 4xx that retrying by itself cannot fix, in words.
    Error(String),
}

impl StatusSummary {
    /// The summary a view would show for a workbench alone (without a poller): `None` →
    /// `Loading`, running → `Ready`, failed → `Failed`, stopped/completed → `Stopped`, else
    /// `Starting`.
    pub fn from_workbench(wb: Option<&Workbench>) -> Self {
        match wb {
            None => Self::Loading,
            Some(wb) if wb.is_running() => Self::Ready,
            Some(wb) if wb.is_failed() && !wb.is_object_stale() => Self::Failed,
            Some(wb) if wb.is_terminal() && !wb.is_object_stale() => Self::Stopped,
            Some(_) => Self::Starting,
        }
    }

    /// Polling has stopped for good on an error the user should see.
    pub fn is_error(&self) -> bool {
        matches!(
            self,
            Self::Failed
                | Self::TimedOut { .. }
                | Self::ConnectionTrouble { .. }
                | Self::NotFound
                | Self::NoAccess
                | Self::Error(_)
        )
    }
}

/// A small `Copy` handle on the shared poller of one session.
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
    /// A failed `POST …/start` on Retry, in words.
    pub action_error: Signal<Option<String>>,
    /// The configured deadline (`startTimeoutMs`, as clamped by the policy).
    pub timeout_ms: u64,
    id: StoredValue<String>,
}

impl WorkbenchStatus {
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
    /// backend to start it (`POST …/start`, tracked as `Starting session…`); a 404/405 there
    /// means the backend lacks the call: it just polls again.
    pub fn retry(&self) {
        if let Some(rc) = lookup(&self.id()) {
            retry(&rc);
        }
    }

    /// Polls once now (after a stop or start from elsewhere); if polling had stopped, it follows
    /// the session again with a fresh deadline until the next final state.
    pub fn refresh(&self) {
        if let Some(rc) = lookup(&self.id()) {
            refresh(&rc);
        }
    }
}

/// The shared status of workbench `id`, polling while any view asks for it. Call it in a
/// component (its owner's cleanup releases it). Needs the [`ApiClient`] in context (a client
/// with `apiBaseUrl` `""` otherwise) and reads the runtime config.
pub fn use_workbench_status(id: impl Into<String>) -> WorkbenchStatus {
    let id: String = id.into();
    let api = use_context::<ApiClient>().unwrap_or_else(|| ApiClient::new(""));
    let activity = Activity::use_activity();
    let cfg = use_config();
    let policy = PollPolicy::from_config(
        Some(u64::from(cfg.poll_interval_ms)),
        Some(cfg.start_timeout_ms),
        Some(u64::from(cfg.backoff_max_ms)),
    );

    let (sigs, fresh) = REGISTRY.with(|r| {
        let mut map = r.borrow_mut();
        if let Some(entry) = map.get_mut(&id) {
            entry.refs += 1;
            return (entry.sigs.clone(), None);
        }
        let sigs = Sigs::new();
        let inner = Rc::new(RefCell::new(Inner {
            id: id.clone(),
            api,
            activity,
            poller: Poller::new(policy, now_ms_i64()),
            etag: None,
            timer: None,
            abort: None,
            in_flight: false,
            paused: false,
            epoch: 0,
            disposed: false,
            listener: None,
            sigs: sigs.clone(),
        }));
        map.insert(
            id.clone(),
            Entry {
                refs: 1,
                inner: inner.clone(),
                sigs: sigs.clone(),
            },
        );
        (sigs, Some(inner))
    });
    if let Some(rc) = fresh {
        start(&rc);
    }

    let released = id.clone();
    on_cleanup(move || release(&released));

    WorkbenchStatus {
        workbench: sigs.workbench.into(),
        summary: sigs.summary.into(),
        started_at_ms: sigs.started_at.into(),
        ended_at_ms: sigs.ended_at.into(),
        action_error: sigs.action_error.into(),
        timeout_ms: policy.timeout_ms(),
        id: StoredValue::new(id),
    }
}

/// How many views hold the poller of `id` now (0 when none): for tests and diagnostics.
pub fn active_views(id: &str) -> usize {
    REGISTRY.with(|r| r.borrow().get(id).map_or(0, |e| e.refs))
}

// ---------------------------------------------------------------------------------------------
// The registry and the loop
// ---------------------------------------------------------------------------------------------

thread_local! {
    static REGISTRY: RefCell<HashMap<String, Entry>> = RefCell::new(HashMap::new());
}

struct Entry {
    refs: usize,
    inner: Rc<RefCell<Inner>>,
    sigs: Sigs,
}

/// Reference-counted signals: they live while the registry or a view holds them, independent of
/// the owner of the first view that asked.
#[derive(Clone)]
struct Sigs {
    workbench: ArcRwSignal<Option<Workbench>>,
    summary: ArcRwSignal<StatusSummary>,
    started_at: ArcRwSignal<i64>,
    ended_at: ArcRwSignal<Option<i64>>,
    action_error: ArcRwSignal<Option<String>>,
}

impl Sigs {
    fn new() -> Self {
        Self {
            workbench: ArcRwSignal::new(None),
            summary: ArcRwSignal::new(StatusSummary::Loading),
            started_at: ArcRwSignal::new(now_ms_i64()),
            ended_at: ArcRwSignal::new(None),
            action_error: ArcRwSignal::new(None),
        }
    }
}

struct Inner {
    id: String,
    api: ApiClient,
    activity: Activity,
    poller: Poller<Workbench>,
    etag: Option<String>,
    timer: Option<TimeoutHandle>,
    abort: Option<AbortController>,
    in_flight: bool,
    /// A poll is due but the document is hidden.
    paused: bool,
    /// Bumped by retry/refresh/dispose: replies of an older epoch are ignored.
    epoch: u64,
    disposed: bool,
    listener: Option<Closure<dyn FnMut()>>,
    sigs: Sigs,
}

impl Inner {
    fn path(&self) -> String {
        format!("/api/rest/v1/workbenches/{}", self.id)
    }

    fn clear_timer(&mut self) {
        if let Some(t) = self.timer.take() {
            t.clear();
        }
    }

    /// Cancels the timer and the in-flight request; later replies of this epoch are ignored.
    fn cancel(&mut self) {
        self.clear_timer();
        if let Some(c) = self.abort.take() {
            c.abort();
        }
        self.in_flight = false;
        self.paused = false;
        self.epoch = self.epoch.wrapping_add(1);
    }

    /// A fresh deadline from now.
    fn restart(&mut self) {
        let t = now_ms_i64();
        self.poller.restart(t);
        // After a restart the poller has no last status: a 304 would read as "still waiting".
        self.etag = None;
        self.sigs.started_at.set(t);
        self.sigs.ended_at.set(None);
    }
}

fn lookup(id: &str) -> Option<Rc<RefCell<Inner>>> {
    REGISTRY.with(|r| r.borrow().get(id).map(|e| e.inner.clone()))
}

fn release(id: &str) {
    let gone = REGISTRY.with(|r| {
        let mut map = r.borrow_mut();
        let entry = map.get_mut(id)?;
        entry.refs = entry.refs.saturating_sub(1);
        if entry.refs == 0 {
            map.remove(id).map(|e| e.inner)
        } else {
            None
        }
    });
    if let Some(rc) = gone {
        dispose(&rc);
    }
}

fn dispose(rc: &Rc<RefCell<Inner>>) {
    let mut inner = rc.borrow_mut();
    inner.cancel();
    inner.disposed = true;
    if let Some(listener) = inner.listener.take() {
        let _ = document().remove_event_listener_with_callback(
            "visibilitychange",
            listener.as_ref().unchecked_ref(),
        );
    }
}

/// Listens to `visibilitychange` and polls at once.
fn start(rc: &Rc<RefCell<Inner>>) {
    let weak = Rc::downgrade(rc);
    let listener = Closure::<dyn FnMut()>::new(move || {
        if let Some(rc) = weak.upgrade() {
            on_visibility(&rc);
        }
    });
    if document()
        .add_event_listener_with_callback("visibilitychange", listener.as_ref().unchecked_ref())
        .is_ok()
    {
        rc.borrow_mut().listener = Some(listener);
    }
    let decision = rc.borrow_mut().poller.poll_now(now_ms_i64());
    apply(rc, decision);
}

fn on_visibility(rc: &Rc<RefCell<Inner>>) {
    let decision = {
        let mut inner = rc.borrow_mut();
        if inner.disposed {
            return;
        }
        if is_document_hidden() {
            if inner.timer.is_some() {
                inner.clear_timer();
                inner.paused = true;
            }
            return;
        }
        if !inner.paused || inner.poller.is_stopped() {
            inner.paused = false;
            return;
        }
        inner.paused = false;
        inner.poller.poll_now(now_ms_i64())
    };
    apply(rc, decision);
}

/// Acts on a decision of the poller: schedule the next poll, or show why it stopped.
fn apply(rc: &Rc<RefCell<Inner>>, decision: Decision<Workbench>) {
    let mut poll_at_once = false;
    let summary = {
        let mut inner = rc.borrow_mut();
        if inner.disposed {
            return;
        }
        inner.clear_timer();
        match decision {
            Decision::PollAfter(ms) => {
                if is_document_hidden() {
                    inner.paused = true;
                } else if ms == 0 {
                    poll_at_once = true;
                } else {
                    let weak = Rc::downgrade(rc);
                    inner.timer = set_timeout_with_handle(
                        move || {
                            if let Some(rc) = weak.upgrade() {
                                rc.borrow_mut().timer = None;
                                poll(&rc);
                            }
                        },
                        Duration::from_millis(ms),
                    )
                    .ok();
                }
                if let Some(trouble) = inner.poller.connection_trouble() {
                    StatusSummary::ConnectionTrouble {
                        next_retry_at_ms: trouble.retry_at_ms,
                    }
                } else if inner.sigs.workbench.with_untracked(Option::is_some) {
                    StatusSummary::Starting
                } else {
                    StatusSummary::Loading
                }
            }
            stop => {
                inner.sigs.ended_at.set(Some(now_ms_i64()));
                match stop {
                    Decision::StopReady => StatusSummary::Ready,
                    Decision::StopFailed => {
                        let failed = inner
                            .sigs
                            .workbench
                            .with_untracked(|w| w.as_ref().is_none_or(Workbench::is_failed));
                        if failed {
                            StatusSummary::Failed
                        } else {
                            StatusSummary::Stopped
                        }
                    }
                    Decision::StopTimedOut {
                        waited_ms,
                        last_status,
                    } => StatusSummary::TimedOut {
                        waited_ms,
                        last_status: last_status.map(|s| s.status_label()),
                    },
                    Decision::StopFatal(FatalKind::NotFound) => StatusSummary::NotFound,
                    Decision::StopFatal(FatalKind::Forbidden | FatalKind::Unauthorized) => {
                        StatusSummary::NoAccess
                    }
                    Decision::StopFatal(kind) => StatusSummary::Error(kind.message()),
                    Decision::PollAfter(_) => StatusSummary::Starting,
                }
            }
        }
    };
    rc.borrow().sigs.summary.set(summary);
    if poll_at_once {
        poll(rc);
    }
}

/// One GET of the workbench, with `If-None-Match`; its outcome goes to the poller.
fn poll(rc: &Rc<RefCell<Inner>>) {
    let (api, path, etag, controller, epoch) = {
        let mut inner = rc.borrow_mut();
        if inner.disposed || inner.in_flight {
            return;
        }
        if is_document_hidden() {
            inner.paused = true;
            return;
        }
        let controller = AbortController::new().ok();
        inner.abort = controller.clone();
        inner.in_flight = true;
        (
            inner.api,
            inner.path(),
            inner.etag.clone(),
            controller,
            inner.epoch,
        )
    };
    let weak: Weak<RefCell<Inner>> = Rc::downgrade(rc);
    spawn_local(async move {
        let signal = controller.as_ref().map(AbortController::signal);
        let reply = api
            .get_conditional::<WorkbenchResult>(&path, etag.as_deref(), signal.as_ref())
            .await;
        let Some(rc) = weak.upgrade() else {
            return;
        };
        let decision = {
            let mut inner = rc.borrow_mut();
            if inner.disposed || inner.epoch != epoch {
                return;
            }
            inner.in_flight = false;
            inner.abort = None;
            let outcome = match reply {
                Ok(Conditional::NotModified) => Outcome::NotModified,
                Ok(Conditional::Fresh { value, etag }) => {
                    inner.etag = etag;
                    let wb = Workbench::from(value.result.workbench);
                    inner.sigs.workbench.set(Some(wb.clone()));
                    Outcome::Status(wb)
                }
                Err(ApiError::Http { status, .. }) => Outcome::HttpError(status),
                Err(ApiError::Network(_)) => Outcome::NetworkError,
                Err(ApiError::Decode(_)) => Outcome::Malformed,
            };
            inner
                .poller
                .on_outcome(outcome, now_ms_i64(), js_sys::Math::random())
        };
        apply(&rc, decision);
    });
}

fn retry(rc: &Rc<RefCell<Inner>>) {
    let (start_first, api, activity, id, epoch) = {
        let mut inner = rc.borrow_mut();
        if inner.disposed {
            return;
        }
        inner.cancel();
        let was = inner.sigs.summary.get_untracked();
        let start_first = matches!(was, StatusSummary::Failed | StatusSummary::Stopped)
            || inner
                .sigs
                .workbench
                .with_untracked(|w| w.as_ref().is_some_and(Workbench::can_restart));
        inner.restart();
        inner.sigs.action_error.set(None);
        let has_wb = inner.sigs.workbench.with_untracked(Option::is_some);
        inner.sigs.summary.set(if has_wb {
            StatusSummary::Starting
        } else {
            StatusSummary::Loading
        });
        (
            start_first,
            inner.api,
            inner.activity,
            inner.id.clone(),
            inner.epoch,
        )
    };
    if !start_first {
        let decision = rc.borrow_mut().poller.poll_now(now_ms_i64());
        apply(rc, decision);
        return;
    }
    let weak = Rc::downgrade(rc);
    spawn_local(async move {
        let path = format!("/api/rest/v1/workbenches/{id}/start");
        let reply = activity
            .track(
                "Starting session…",
                api.post::<_, Envelope<WorkbenchResult>>(&path, &serde_json::json!({})),
            )
            .await;
        let Some(rc) = weak.upgrade() else {
            return;
        };
        let decision = {
            let mut inner = rc.borrow_mut();
            if inner.disposed || inner.epoch != epoch {
                return;
            }
            match reply {
                Ok(env) => inner
                    .sigs
                    .workbench
                    .set(Some(Workbench::from(env.result.workbench))),
                // The backend lacks the call: just poll again.
                Err(e) if matches!(e.status(), Some(404 | 405)) => {}
                Err(e) => inner.sigs.action_error.set(Some(format!(
                    "Could not restart the session. {}",
                    e.message()
                ))),
            }
            // The deadline runs from the retry, including the start call.
            inner.poller.poll_now(now_ms_i64())
        };
        apply(&rc, decision);
    });
}

fn refresh(rc: &Rc<RefCell<Inner>>) {
    let decision = {
        let mut inner = rc.borrow_mut();
        if inner.disposed {
            return;
        }
        inner.cancel();
        if inner.poller.is_stopped() {
            inner.restart();
        }
        inner.poller.poll_now(now_ms_i64())
    };
    apply(rc, decision);
}
