//! CHORUS's `WorkspaceServiceInstanceService` (api.md §3), both flavors: Helm charts beside a
//! workspace's sessions, their desired state written here, their status reported by the
//! simulated operator (`store/services.rs`, `sim/services.rs`), which the dev route
//! `/api/dev/operator` switches off and on.
//!
//! `list` (list, get, secrets), `write` (create, update, delete), `body` (the body, its
//! validation, `valuesOverrideJson`).

mod body;
mod list;
mod write;

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult, Code};
use crate::extract::{BodySpec, JsonBody};
use crate::reply;
use crate::state::{AppState, Shared};
use crate::store::services::Service;
use crate::store::Store;
use crate::wire::services::{service, ServiceOut};
use crate::wire::v1;

/// The API's routes.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route(
            &v1("/workspace-service-instances"),
            get(list::list).post(write::create).put(write::update),
        )
        .route(
            &v1("/workspace-service-instances/{id}"),
            get(list::get).delete(write::delete),
        )
        .route(
            &v1("/workspace-service-instances/{id}/secrets"),
            get(list::secrets),
        )
}

/// The dev-control route of the operator (under `mw::dev_guard` with the others).
pub(crate) fn dev_routes() -> Router<Shared> {
    Router::new().route(
        "/api/dev/operator",
        get(get_operator).put(put_operator).post(put_operator),
    )
}

/// The instance as sent in this server's flavor.
fn out(app: &AppState, s: &Service) -> ServiceOut {
    service(s, |t| app.stamp(t))
}

/// `{"result":{"workspaceServiceInstance":…}}`.
fn one(app: &AppState, s: &Service) -> Response {
    reply::result("workspaceServiceInstance", out(app, s))
}

/// The authorization middleware's lookup (Get, Secrets, Delete): an unknown id (or one the
/// operator removed) is 404 `unable to resolve workspace service instance <id>: …`; then
/// `perm` on the service's workspace for caller `uid`.
fn resolve_allowed(st: &Store, uid: u64, id: u64, perm: &str) -> ApiResult<Service> {
    let s = st.services.rows.get(&id).cloned().ok_or_else(|| {
        let why =
            format!("Unable to get workspace service instance {id}: sql: no rows in result set");
        ApiError::new(
            Code::NotFound,
            format!("unable to resolve workspace service instance {id}: no such service"),
        )
        .chorus_bare(&format!(
            "unable to resolve workspace service instance {id}: {why}"
        ))
    })?;
    st.require(uid, perm, &crate::perms::Target::workspace(s.workspace_id))?;
    Ok(s)
}

/// `{"services": bool}` of the operator switch.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OperatorIn {
    services: Option<bool>,
    push_fails: Option<bool>,
}

impl BodySpec for OperatorIn {}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OperatorOut {
    services: bool,
    push_fails: bool,
}

/// `GET /api/dev/operator` → `{"services": true, "pushFails": false}`: whether the operator
/// reports, and whether pushing a workspace to the cluster fails.
async fn get_operator(State(app): State<Shared>) -> Response {
    let st = app.store();
    reply::ok(&OperatorOut {
        services: st.services.operator,
        push_fails: st.services.push_fails,
    })
}

/// `PUT` (or `POST`) `/api/dev/operator {"services": false}`: CHORUS without its Kubernetes
/// client (no status ever, secrets `{}`, a delete lingers); `true` turns it back on (the
/// instances then move on from their last change). `{"pushFails": true}`: a workspace's push to
/// the cluster fails after its row changed (CHORUS's 500). A reset puts back `--no-operator`'s
/// choice and a working push.
async fn put_operator(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<OperatorIn>,
) -> ApiResult<Response> {
    if body.services.is_none() && body.push_fails.is_none() {
        return Err(ApiError::required("services"));
    }
    let mut st = app.store();
    if let Some(on) = body.services {
        st.services.operator = on;
        st.reconcile_services();
    }
    if let Some(fails) = body.push_fails {
        st.services.push_fails = fails;
    }
    Ok(reply::ok(&OperatorOut {
        services: st.services.operator,
        push_fails: st.services.push_fails,
    }))
}
