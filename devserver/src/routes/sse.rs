//! `GET /api/runs/stream`: the run stream (`init`, `run-update`, `: keep-alive`).

use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::time::{Instant, Interval, MissedTickBehavior};

use crate::config::Jobs;
use crate::error::{ApiError, ApiResult};
use crate::extract::{tokens_from, Params};
use crate::perms::Target;
use crate::reply::Keyed;
use crate::state::Shared;
use crate::store::{Job, RunMsg, Store};
use crate::wire;

use super::event_stream::{event_stream, ClientGuard};
use super::job_access::{may, project_filter, visible_jobs};

fn sse_event<T: Serialize>(name: &str, key: &str, data: T) -> Bytes {
    sse_data(name, &Keyed(key, data))
}

fn sse_data<T: Serialize>(name: &str, data: &T) -> Bytes {
    let data = serde_json::to_string(data).unwrap_or_default();
    Bytes::from(format!("event: {name}\ndata: {data}\n\n"))
}

struct RunStream {
    app: Shared,
    /// The caller's login; `None` for the mc dialect, which needs none.
    tokens: Option<Vec<String>>,
    project: Option<u64>,
    rx: broadcast::Receiver<RunMsg>,
    keepalive: Interval,
    deadline: Option<Instant>,
    pending: VecDeque<Bytes>,
    _guard: ClientGuard,
}

impl RunStream {
    /// The caller: `Some(None)` without a login (mc), `None` when the login expired.
    fn caller(&self, st: &Store) -> Option<Option<u64>> {
        match &self.tokens {
            None => Some(None),
            Some(tokens) => st.authenticate(tokens).ok().map(Some),
        }
    }

    fn init_event(&self) -> Option<Bytes> {
        let st = self.app.store_raw();
        let who = self.caller(&st)?;
        let runs = visible_jobs(&st, who, "listRuns", self.project, true).ok()?;
        Some(sse_event("init", "runs", runs))
    }

    fn visible(&self, run: &Job) -> bool {
        if self.project.is_some_and(|ws| ws != run.workspace_id) {
            return false;
        }
        let st = self.app.store_raw();
        self.caller(&st)
            .is_some_and(|who| may(&st, who, "listRuns", run.workspace_id))
    }
}

/// mc dialect: `run-log` data.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunLog<'a> {
    run_id: &'a str,
    project_id: &'a str,
    line: &'a str,
}

async fn sleep_opt(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending::<()>().await,
    }
}

/// One step of the stream: the next chunk, or `None` to end it.
async fn next_chunk(mut s: RunStream) -> Option<(Result<Bytes, Infallible>, RunStream)> {
    loop {
        if let Some(b) = s.pending.pop_front() {
            return Some((Ok(b), s));
        }
        tokio::select! {
            _ = sleep_opt(s.deadline) => return None,
            _ = s.keepalive.tick() => {
                // A login that expired ends the stream: the reconnect then gets its 401.
                s.caller(&s.app.store_raw())?;
                return Some((Ok(Bytes::from_static(b": keep-alive\n\n")), s));
            }
            msg = s.rx.recv() => match msg {
                Ok(RunMsg::Update(job)) => {
                    if s.visible(&job) {
                        let millis = s.app.config.jobs == Jobs::Mc;
                        let b = sse_event("run-update", "run", wire::job(&job, true, millis));
                        return Some((Ok(b), s));
                    }
                }
                Ok(RunMsg::Log { run, line }) => {
                    if s.visible(&run) {
                        let log = RunLog { run_id: &run.id, project_id: &run.project_id, line: &line };
                        return Some((Ok(sse_data("run-log", &log)), s));
                    }
                }
                // A lagging client skipped updates (or the store was reset): resync it.
                Ok(RunMsg::Resync) | Err(RecvError::Lagged(_)) => {
                    let b = s.init_event()?;
                    return Some((Ok(b), s));
                }
                Err(RecvError::Closed) => return None,
            }
        }
    }
}

pub(crate) async fn runs_stream(
    State(app): State<Shared>,
    headers: HeaderMap,
    params: Params,
) -> ApiResult<Response> {
    let mc = app.config.jobs == Jobs::Mc;
    let tokens = (!mc).then(|| tokens_from(&headers));
    let (project, rx, init) = {
        let st = app.store();
        let as_job_service = |e: ApiError| if mc { e.job_service() } else { e };
        let who = match &tokens {
            Some(t) => Some(st.authenticate(t)?),
            None => None,
        };
        let project = project_filter(&st, &params).map_err(as_job_service)?;
        if let Some(uid) = who {
            st.require(
                uid,
                "listRuns",
                &project.map(Target::workspace).unwrap_or_default(),
            )?;
        }
        // Subscribe under the store lock: no update can slip between `init` and the stream.
        let rx = app.runs_tx.subscribe();
        let runs = visible_jobs(&st, who, "listRuns", project, true)?;
        (project, rx, sse_event("init", "runs", runs))
    };
    let drop_after = app
        .faults_for("/api/runs/stream")
        .map(|f| f.drop_sse_secs)
        .filter(|s| *s > 0.0)
        .and_then(|s| Duration::try_from_secs_f64(s).ok());
    let period = app.config.keepalive.max(Duration::from_millis(10));
    let mut keepalive = tokio::time::interval_at(Instant::now() + period, period);
    keepalive.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let stream = RunStream {
        _guard: ClientGuard::new(app.sse_clients.clone()),
        app,
        tokens,
        project,
        rx,
        keepalive,
        deadline: drop_after.map(|d| Instant::now() + d),
        pending: VecDeque::from([init]),
    };
    Ok(event_stream(Body::from_stream(
        futures_util::stream::unfold(stream, next_chunk),
    )))
}
