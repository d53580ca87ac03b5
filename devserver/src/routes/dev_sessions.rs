//! `POST /api/dev/sessions`: many sessions at once (issue 49), for the admin lists' end-to-end
//! tests of a few thousand rows. Each is stopped by its user, so the simulated controller has
//! nothing to do for them.

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult};
use crate::extract::{BodySpec, JsonBody, OptId};
use crate::reply;
use crate::sim::Scenario;
use crate::state::Shared;

/// At most this many sessions in one call.
const MAX_SESSIONS: usize = 20_000;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct SessionsIn {
    /// `"1"` or `1`.
    #[serde(default)]
    workspace_id: OptId,
    /// Their owner (default: alice, user 2).
    #[serde(default)]
    user_id: OptId,
    sessions: usize,
}

impl BodySpec for SessionsIn {}

#[derive(Serialize)]
struct SessionsOut {
    first: String,
    last: String,
}

/// `POST /api/dev/sessions {"workspaceId":"1","sessions":3000}` → 200 `{"first":"9","last":"3008"}`:
/// sessions `bulk 0001` … `bulk 3000` of the workspace, stopped, owned by `userId` (default 2).
/// 400 for an unknown workspace or user, or more than 20000 sessions.
pub(crate) async fn seed(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<SessionsIn>,
) -> ApiResult<Response> {
    let ws = body.workspace_id.required("workspaceId")?;
    let owner = body.user_id.0.unwrap_or(2);
    if body.sessions == 0 || body.sessions > MAX_SESSIONS {
        return Err(ApiError::invalid(format!(
            "sessions: 1 to {MAX_SESSIONS} (got {})",
            body.sessions
        )));
    }
    let mut st = app.store();
    if !st.workspaces.contains_key(&ws) {
        return Err(ApiError::invalid(format!("Unknown workspace: {ws}")));
    }
    if !st.users.contains_key(&owner) {
        return Err(ApiError::invalid(format!("Unknown user: {owner}")));
    }
    let now = st.clock.now();
    let width = body.sessions.to_string().len().max(4);
    let mut ids = Vec::with_capacity(body.sessions);
    for n in 1..=body.sessions {
        let name = format!("bulk {n:0width$}");
        let id = st.create_workbench_record(owner, ws, &name, "", 1920, 1080, Scenario::Healthy);
        st.on_workbench_created(owner, id);
        if let Some(wb) = st.workbenches.get_mut(&id) {
            wb.run_start = now - 60.0;
            wb.stop_at = Some(now - 20.0);
            wb.generation = 2;
            wb.observed_generation = 2;
        }
        ids.push(id);
    }
    let first = ids.first().copied().unwrap_or(0).to_string();
    let last = ids.last().copied().unwrap_or(0).to_string();
    Ok(reply::ok(&SessionsOut { first, last }))
}
