//! The job service (`/api/builds`, `/api/runs…`), which a deployment may lack: a missing route
//! on the builds list marks [`Extension::Jobs`] missing, and nothing of it is asked again.
use super::client::{jobs, ApiClient, EmptyBody, Extension, Path};
use super::wire::jobs::{BuildResponse, BuildsResponse, RunResponse};
use super::ApiError;
use crate::domain::jobs::{BuildJob, RunJob};

/// Every build the user can see.
pub(crate) async fn builds(api: ApiClient) -> Result<Vec<BuildJob>, ApiError> {
    api.extension(
        Extension::Jobs,
        api.get::<BuildsResponse>(&jobs(&["builds"])),
    )
    .await
    .map(Vec::<BuildJob>::from)
}

/// Starts a build of `project_id`. `Ok(None)`: accepted, but the reply named no build.
pub(crate) async fn start_build(
    api: ApiClient,
    project_id: &str,
) -> Result<Option<BuildJob>, ApiError> {
    let path = jobs(&["projects", project_id, "build"]);
    api.extension(
        Extension::Jobs,
        api.post::<_, serde_json::Value>(&path, &EmptyBody {}),
    )
    .await
    .map(|v| {
        serde_json::from_value::<BuildResponse>(v)
            .ok()
            .and_then(Option::<BuildJob>::from)
    })
}

/// Starts a run of `project_id`. `Ok(None)`: accepted, but the reply named no run.
pub(crate) async fn start_run(
    api: ApiClient,
    project_id: &str,
) -> Result<Option<RunJob>, ApiError> {
    run_call(api, &jobs(&["projects", project_id, "run"])).await
}

/// Stops a run.
pub(crate) async fn stop_run(api: ApiClient, run_id: &str) -> Result<Option<RunJob>, ApiError> {
    run_call(api, &jobs(&["runs", run_id, "stop"])).await
}

async fn run_call(api: ApiClient, path: &Path) -> Result<Option<RunJob>, ApiError> {
    api.post::<_, serde_json::Value>(path, &EmptyBody {})
        .await
        .map(|v| {
            serde_json::from_value::<RunResponse>(v)
                .ok()
                .and_then(Option::<RunJob>::from)
        })
}

/// The run stream's events, parsed (for the activity state).
pub(crate) use super::wire::jobs::{
    parse_run_stream_event, RunStreamEvent, EVENT_INIT, EVENT_RUN_LOG, EVENT_RUN_UPDATE,
};

/// The run stream's URL (`text/event-stream`), for an `EventSource` with credentials.
pub(crate) fn run_stream_url(api: ApiClient) -> String {
    // No id in it: a fixed path.
    api.url("/api/runs/stream")
}
