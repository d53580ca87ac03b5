//! The dev API of the approval requests: `requireDataManagerApproval` on and off.

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use crate::extract::{BodySpec, JsonBody};
use crate::reply;
use crate::state::{AppState, Shared};

/// `PUT /api/dev/approvals {"requireDataManagerApproval":false}`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct DevApprovalsIn {
    require_data_manager_approval: bool,
}

impl BodySpec for DevApprovalsIn {}

fn dev_state(app: &AppState) -> Response {
    let on = app.store_raw().approvals.require_data_manager;
    reply::ok(&json!({ "requireDataManagerApproval": on }))
}

/// `GET /api/dev/approvals` → `{"requireDataManagerApproval":true}`.
pub(crate) async fn dev_get(State(app): State<Shared>) -> Response {
    dev_state(&app)
}

/// `PUT /api/dev/approvals`: CHORUS's `require_data_manager_approval` from now on (a reset
/// brings back `true`).
pub(crate) async fn dev_put(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<DevApprovalsIn>,
) -> Response {
    app.store_raw().approvals.require_data_manager = body.require_data_manager_approval;
    dev_state(&app)
}
