//! `/api/builds`, `/api/runs` (no `result` envelope), in the job service's dialect: ours (a
//! login, `listBuilds`… per workspace) or mc-server-manager's (no login, UUIDs, project slugs,
//! starts answering 202, errors as `{"error"}`).

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::Response;

use crate::config::Jobs;
use crate::error::{ApiError, ApiResult};
use crate::extract::{tokens_from, Id, Params};
use crate::reply::{self, Keyed};
use crate::state::Shared;
use crate::store::Job;
use crate::wire;

use super::job_access::{project_filter, require, visible_jobs};

/// Who calls the job service: a logged-in user (ours), or nobody in particular (mc needs no
/// login: everyone sees and may do everything).
pub(crate) struct JobCaller(pub Option<u64>);

impl FromRequestParts<Shared> for JobCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Shared) -> Result<Self, Self::Rejection> {
        if app.config.jobs == Jobs::Mc {
            return Ok(JobCaller(None));
        }
        let tokens = tokens_from(&parts.headers);
        app.store_raw()
            .authenticate(&tokens)
            .map(|u| JobCaller(Some(u)))
    }
}

/// The job service's spelling of an error.
fn dialect(app: &Shared, e: ApiError) -> ApiError {
    if app.config.jobs == Jobs::Mc {
        e.job_service()
    } else {
        e
    }
}

fn list(app: &Shared, who: Option<u64>, params: &Params, run: bool) -> ApiResult<Response> {
    let st = app.store();
    let project = project_filter(&st, params)?;
    let (perm, key) = if run {
        ("listRuns", "runs")
    } else {
        ("listBuilds", "builds")
    };
    let jobs = visible_jobs(&st, who, perm, project, run)?;
    Ok(reply::ok(&Keyed(key, jobs)))
}

pub(crate) async fn list_builds(
    State(app): State<Shared>,
    JobCaller(who): JobCaller,
    params: Params,
) -> ApiResult<Response> {
    list(&app, who, &params, false).map_err(|e| dialect(&app, e))
}

pub(crate) async fn list_runs(
    State(app): State<Shared>,
    JobCaller(who): JobCaller,
    params: Params,
) -> ApiResult<Response> {
    list(&app, who, &params, true).map_err(|e| dialect(&app, e))
}

/// A started job: `200` (ours) or `202` (mc).
fn started(app: &Shared, key: &str, job: Option<&Job>, run: bool) -> ApiResult<Response> {
    let job = job.ok_or_else(|| ApiError::internal("job vanished"))?;
    let mc = app.config.jobs == Jobs::Mc;
    let status = if mc {
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    Ok(reply::json(status, &Keyed(key, wire::job(job, run, mc))))
}

/// Starts a build (`run` false) or a run of the project `id`.
fn start(app: &Shared, who: Option<u64>, id: &Id, run: bool) -> ApiResult<Response> {
    let mut st = app.store();
    let (project_id, ws) = st
        .project(&id.raw)
        .ok_or_else(|| ApiError::not_found("project", &id.raw))?;
    if run {
        require(&st, who, "createRun", ws)?;
        let key = st.start_run(project_id, ws);
        started(app, "run", st.runs.get(&key), true)
    } else {
        require(&st, who, "createBuild", ws)?;
        let key = st.create_build(project_id, ws);
        started(app, "build", st.builds.get(&key), false)
    }
}

pub(crate) async fn create_build(
    State(app): State<Shared>,
    JobCaller(who): JobCaller,
    id: Id,
) -> ApiResult<Response> {
    start(&app, who, &id, false).map_err(|e| dialect(&app, e))
}

pub(crate) async fn create_run(
    State(app): State<Shared>,
    JobCaller(who): JobCaller,
    id: Id,
) -> ApiResult<Response> {
    start(&app, who, &id, true).map_err(|e| dialect(&app, e))
}

fn stop(app: &Shared, who: Option<u64>, id: &Id) -> ApiResult<Response> {
    let mut st = app.store();
    let key = st
        .run_key(&id.raw)
        .ok_or_else(|| ApiError::not_found("run", &id.raw))?;
    let ws = st
        .runs
        .get(&key)
        .map(|r| r.workspace_id)
        .unwrap_or_default();
    require(&st, who, "stopRun", ws)?;
    st.stop_run(key);
    let run = st
        .runs
        .get(&key)
        .ok_or_else(|| ApiError::internal("run vanished"))?;
    let millis = st.jobs == Jobs::Mc;
    Ok(reply::ok(&Keyed("run", wire::job(run, true, millis))))
}

pub(crate) async fn stop_run(
    State(app): State<Shared>,
    JobCaller(who): JobCaller,
    id: Id,
) -> ApiResult<Response> {
    stop(&app, who, &id).map_err(|e| dialect(&app, e))
}
