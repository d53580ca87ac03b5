//! `POST`, `PUT /workspace-service-instances` and `DELETE /workspace-service-instances/{id}`.
//!
//! CHORUS checks the create and update permissions on the **body's** `workspaceId`, then
//! converts, validates and writes; an update replaces the desired state of the row with that
//! `id` wherever it lives (api.md §3 "Cross-workspace update"). Our flavor checks the update on
//! the row's own workspace too. A delete sets `state` `Deleted`: the row stays until the
//! operator reports (`store/services.rs`).

use axum::extract::State;
use axum::response::Response;
use serde::Serialize;

use crate::error::{ApiError, ApiResult, Code};
use crate::extract::{Caller, Id, JsonBody};
use crate::perms::Target;
use crate::reply;
use crate::state::Shared;
use crate::store::services::CreateError;

use super::body::{check, ServiceIn};
use super::{one, resolve_allowed};

/// `CreateWorkspaceServiceInstance`.
pub(crate) async fn create(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<ServiceIn>,
) -> ApiResult<Response> {
    let ws = body.workspace_id.0.unwrap_or(0);
    app.store().require(
        uid,
        "createWorkspaceServiceInstance",
        &Target::workspace(ws),
    )?;
    let c = check(body, "Create")?;
    let mut st = app.store();
    let name = c.name.clone();
    let s = st
        .service_create(c.workspace_id, c.name, c.spec)
        .map_err(|e| create_error(e, ws, &name, app.chorus()))?;
    Ok(one(&app, &s))
}

/// CHORUS's database errors (500: `WrapStoreError` makes them internal); ours 404 and 409.
fn create_error(e: CreateError, ws: u64, name: &str, chorus: bool) -> ApiError {
    const CALL: &str =
        "unable to call 'CreateWorkspaceServiceInstance': Unable to create workspace service instance: pq:";
    let (ours, theirs) = match e {
        CreateError::NoWorkspace => (
            ApiError::not_found("workspace", &ws.to_string()),
            "insert or update on table \"workspace_services\" violates foreign key constraint \
             \"workspace_services_workspacecon\"",
        ),
        CreateError::Duplicate => (
            ApiError::already_exists(format!("workspace {ws} already has a service named {name}")),
            "duplicate key value violates unique constraint \"workspace_services_workspace_name_idx\"",
        ),
    };
    if chorus {
        ApiError::internal(theirs).chorus_bare(&format!("{CALL} {theirs}"))
    } else {
        ours
    }
}

/// `UpdateWorkspaceServiceInstance`: replaces `state, chart*, valuesOverrideJson,
/// credentials*, connectionInfoTemplate, computedValues`; never `workspaceId` or `name`.
pub(crate) async fn update(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<ServiceIn>,
) -> ApiResult<Response> {
    let ws = body.workspace_id.0.unwrap_or(0);
    let id = body.id.0.unwrap_or(0);
    app.store().require(
        uid,
        "updateWorkspaceServiceInstance",
        &Target::workspace(ws),
    )?;
    let c = check(body, "Update")?;
    let mut st = app.store();
    let missing = || {
        ApiError::new(
            Code::NotFound,
            format!("unable to update workspace service instance {id}: no such service"),
        )
        .chorus_bare(&format!(
            "unable to call 'UpdateWorkspaceServiceInstance': Unable to update workspace service \
             instance {id}: unable to update workspace service instance: sql: no rows in result set"
        ))
    };
    let owner = st
        .services
        .rows
        .get(&id)
        .map(|s| s.workspace_id)
        .ok_or_else(missing)?;
    if !app.chorus() {
        st.require(
            uid,
            "updateWorkspaceServiceInstance",
            &Target::workspace(owner),
        )?;
    }
    let s = st.service_update(id, c.spec).ok_or_else(missing)?;
    Ok(one(&app, &s))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Deleted {
    workspace_service_instance: Option<()>,
}

/// `DeleteWorkspaceServiceInstance` → `{"result":{"workspaceServiceInstance":null}}`.
pub(crate) async fn delete(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    let n = id.num("workspace service instance")?;
    let mut st = app.store();
    resolve_allowed(&st, uid, n, "deleteWorkspaceServiceInstance")?;
    st.service_delete(n);
    Ok(reply::ok(&Envelope {
        result: Deleted {
            workspace_service_instance: None,
        },
    }))
}

#[derive(Serialize)]
struct Envelope {
    result: Deleted,
}
