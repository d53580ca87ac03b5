//! `/api/builds`, `/api/runs` (no `result` envelope) and the run stream.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::time::{Instant, Interval, MissedTickBehavior};

use crate::error::{ApiError, ApiResult};
use crate::http_util::{json_response, parse_id, tokens_from, Id, Params};
use crate::perms::Target;
use crate::store::{job_json, Job, RunMsg, Store};
use crate::Shared;

/// `projectId` from the query: `None` when absent, 404 for an unknown workspace.
fn project_filter(st: &Store, params: &Params) -> ApiResult<Option<u64>> {
    match params.get("projectId").map(str::trim) {
        None | Some("") => Ok(None),
        Some(p) => {
            let id = parse_id("project", p)?;
            if st.workspaces.contains_key(&id) {
                Ok(Some(id))
            } else {
                Err(ApiError::not_found("project", p))
            }
        }
    }
}

/// The jobs of `map` that `uid` may see with `perm`, optionally of one project only (403 when
/// that project is not visible).
fn visible_jobs(
    st: &Store,
    uid: u64,
    perm: &str,
    project: Option<u64>,
    run: bool,
) -> ApiResult<Vec<Value>> {
    if let Some(p) = project {
        st.require(uid, perm, &Target::workspace(p))?;
    }
    let map = if run { &st.runs } else { &st.builds };
    Ok(map
        .values()
        .filter(|j| project.is_none_or(|p| j.project_id == p))
        .filter(|j| st.allowed(uid, perm, &Target::workspace(j.project_id)))
        .map(|j| job_json(j, run))
        .collect())
}

pub async fn list_builds(
    State(app): State<Shared>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> ApiResult<Response> {
    let params = Params::parse(q.as_deref());
    let st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    let project = project_filter(&st, &params)?;
    let builds = visible_jobs(&st, uid, "listBuilds", project, false)?;
    Ok(json_response(StatusCode::OK, &json!({ "builds": builds })))
}

pub async fn list_runs(
    State(app): State<Shared>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> ApiResult<Response> {
    let params = Params::parse(q.as_deref());
    let st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    let project = project_filter(&st, &params)?;
    let runs = visible_jobs(&st, uid, "listRuns", project, true)?;
    Ok(json_response(StatusCode::OK, &json!({ "runs": runs })))
}

fn project_for(st: &Store, uid: u64, id: &str, perm: &str) -> ApiResult<u64> {
    let p = parse_id("project", id)?;
    if !st.workspaces.contains_key(&p) {
        return Err(ApiError::not_found("project", id));
    }
    st.require(uid, perm, &Target::workspace(p))?;
    Ok(p)
}

fn job_reply(key: &str, job: Option<&Job>, run: bool) -> ApiResult<Response> {
    let job = job.ok_or_else(|| ApiError::internal("job vanished"))?;
    let mut m = serde_json::Map::new();
    m.insert(key.to_string(), job_json(job, run));
    Ok(json_response(StatusCode::OK, &Value::Object(m)))
}

pub async fn create_build(
    State(app): State<Shared>,
    headers: HeaderMap,
    Id(id): Id,
) -> ApiResult<Response> {
    let mut st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    let p = project_for(&st, uid, &id, "createBuild")?;
    let bid = st.create_build(p);
    job_reply("build", st.builds.get(&bid), false)
}

pub async fn create_run(
    State(app): State<Shared>,
    headers: HeaderMap,
    Id(id): Id,
) -> ApiResult<Response> {
    let mut st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    let p = project_for(&st, uid, &id, "createRun")?;
    let rid = st.create_run(p);
    job_reply("run", st.runs.get(&rid), true)
}

pub async fn stop_run(
    State(app): State<Shared>,
    headers: HeaderMap,
    Id(id): Id,
) -> ApiResult<Response> {
    let mut st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    let rid = parse_id("run", &id)?;
    let project = st
        .runs
        .get(&rid)
        .map(|r| r.project_id)
        .ok_or_else(|| ApiError::not_found("run", &id))?;
    st.require(uid, "stopRun", &Target::workspace(project))?;
    st.stop_run(rid);
    job_reply("run", st.runs.get(&rid), true)
}

// ----- the run stream -----------------------------------------------------------------------

/// Counts open streams; decrements when the stream is dropped (client gone or stream ended).
struct ClientGuard(Arc<AtomicUsize>);

impl ClientGuard {
    fn new(counter: Arc<AtomicUsize>) -> Self {
        counter.fetch_add(1, Ordering::SeqCst);
        ClientGuard(counter)
    }
}

impl Drop for ClientGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn sse_event(name: &str, data: &Value) -> Bytes {
    Bytes::from(format!("event: {name}\ndata: {data}\n\n"))
}

struct RunStream {
    app: Shared,
    tokens: Vec<String>,
    project: Option<u64>,
    rx: broadcast::Receiver<RunMsg>,
    keepalive: Interval,
    deadline: Option<Instant>,
    pending: VecDeque<Bytes>,
    _guard: ClientGuard,
}

impl RunStream {
    /// The caller, if still logged in.
    fn user(&self) -> Option<u64> {
        self.app.store_raw().authenticate(&self.tokens).ok()
    }

    fn init_event(&self) -> Option<Bytes> {
        let st = self.app.store_raw();
        let uid = st.authenticate(&self.tokens).ok()?;
        let runs = visible_jobs(&st, uid, "listRuns", self.project, true).ok()?;
        Some(sse_event("init", &json!({ "runs": runs })))
    }

    fn visible(&self, project_id: u64) -> bool {
        if self.project.is_some_and(|p| p != project_id) {
            return false;
        }
        let st = self.app.store_raw();
        st.authenticate(&self.tokens)
            .is_ok_and(|uid| st.allowed(uid, "listRuns", &Target::workspace(project_id)))
    }
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
                s.user()?;
                return Some((Ok(Bytes::from_static(b": keep-alive\n\n")), s));
            }
            msg = s.rx.recv() => match msg {
                Ok(RunMsg::Update { project_id, run }) => {
                    if s.visible(project_id) {
                        let b = sse_event("run-update", &json!({ "run": run }));
                        return Some((Ok(b), s));
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

pub async fn runs_stream(
    State(app): State<Shared>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> ApiResult<Response> {
    let params = Params::parse(q.as_deref());
    let tokens = tokens_from(&headers);
    let (project, rx, init) = {
        let st = app.store();
        let uid = st.authenticate(&tokens)?;
        let project = project_filter(&st, &params)?;
        st.require(
            uid,
            "listRuns",
            &project.map(Target::workspace).unwrap_or_default(),
        )?;
        // Subscribe under the store lock: no update can slip between `init` and the stream.
        let rx = app.runs_tx.subscribe();
        let runs = visible_jobs(&st, uid, "listRuns", project, true)?;
        (project, rx, sse_event("init", &json!({ "runs": runs })))
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
    let body = Body::from_stream(futures_util::stream::unfold(stream, next_chunk));
    let mut resp = Response::new(body);
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(resp)
}
