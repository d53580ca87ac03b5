//! `/api/builds`, `/api/runs` (no `result` envelope).

use axum::extract::State;
use axum::response::Response;

use crate::error::{ApiError, ApiResult};
use crate::extract::{parse_id, Caller, Id, Params};
use crate::perms::Target;
use crate::reply::{self, Keyed};
use crate::state::Shared;
use crate::store::{Job, Store};
use crate::wire::{self, JobOut};

/// `projectId` from the query: `None` when absent, 404 for an unknown workspace.
pub(crate) fn project_filter(st: &Store, params: &Params) -> ApiResult<Option<u64>> {
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

/// The jobs `uid` may see with `perm`, optionally of one project only (403 when that project
/// is not visible).
pub(crate) fn visible_jobs(
    st: &Store,
    uid: u64,
    perm: &str,
    project: Option<u64>,
    run: bool,
) -> ApiResult<Vec<JobOut>> {
    if let Some(p) = project {
        st.require(uid, perm, &Target::workspace(p))?;
    }
    let map = if run { &st.runs } else { &st.builds };
    Ok(map
        .values()
        .filter(|j| project.is_none_or(|p| j.project_id == p))
        .filter(|j| st.allowed(uid, perm, &Target::workspace(j.project_id)))
        .map(|j| wire::job(j, run))
        .collect())
}

async fn list(app: Shared, uid: u64, params: Params, run: bool) -> ApiResult<Response> {
    let st = app.store();
    let project = project_filter(&st, &params)?;
    let (perm, key) = if run {
        ("listRuns", "runs")
    } else {
        ("listBuilds", "builds")
    };
    let jobs = visible_jobs(&st, uid, perm, project, run)?;
    Ok(reply::ok(&Keyed(key, jobs)))
}

pub(crate) async fn list_builds(
    State(app): State<Shared>,
    Caller(uid): Caller,
    params: Params,
) -> ApiResult<Response> {
    list(app, uid, params, false).await
}

pub(crate) async fn list_runs(
    State(app): State<Shared>,
    Caller(uid): Caller,
    params: Params,
) -> ApiResult<Response> {
    list(app, uid, params, true).await
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
    Ok(reply::ok(&Keyed(key, wire::job(job, run))))
}

pub(crate) async fn create_build(
    State(app): State<Shared>,
    Caller(uid): Caller,
    Id(id): Id,
) -> ApiResult<Response> {
    let mut st = app.store();
    let p = project_for(&st, uid, &id, "createBuild")?;
    let bid = st.create_build(p);
    job_reply("build", st.builds.get(&bid), false)
}

pub(crate) async fn create_run(
    State(app): State<Shared>,
    Caller(uid): Caller,
    Id(id): Id,
) -> ApiResult<Response> {
    let mut st = app.store();
    let p = project_for(&st, uid, &id, "createRun")?;
    let rid = st.create_run(p);
    job_reply("run", st.runs.get(&rid), true)
}

pub(crate) async fn stop_run(
    State(app): State<Shared>,
    Caller(uid): Caller,
    Id(id): Id,
) -> ApiResult<Response> {
    let mut st = app.store();
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
