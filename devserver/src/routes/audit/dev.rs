//! The dev API of the audit log: an entry as a test wants it, every entry, on and off.

use std::collections::BTreeMap;
use std::time::SystemTime;

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

use super::entry::{out, EntryOut};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::{BodySpec, JsonBody, OptId};
use crate::reply;
use crate::state::Shared;
use crate::store::audit::NewEntry;

/// `POST /api/dev/audit`: an entry as a test wants it (any action, any text).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct DevEntryIn {
    #[serde(default)]
    actor_id: OptId,
    action: Option<String>,
    #[serde(default)]
    workspace_id: OptId,
    #[serde(default)]
    workbench_id: OptId,
    #[serde(default)]
    user_id: OptId,
    description: Option<String>,
    details: Option<BTreeMap<String, String>>,
    /// RFC 3339; now when absent.
    created_at: Option<String>,
    /// The seeded hostile entry once more (the other fields then ignored).
    hostile: Option<bool>,
}

impl BodySpec for DevEntryIn {}

pub(crate) async fn dev_add(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<DevEntryIn>,
) -> ApiResult<Response> {
    let created_at = match body.created_at.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => Some(
            time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc3339)
                .map(SystemTime::from)
                .map_err(|_| {
                    ApiError::validation(vec![FieldError::new("createdAt", "must be RFC 3339")])
                })?,
        ),
    };
    let mut st = app.store_raw();
    let names: BTreeMap<u64, String> = st
        .users
        .values()
        .map(|u| (u.id, u.username.clone()))
        .collect();
    let new = if body.hostile == Some(true) {
        crate::store::audit::hostile(&names, created_at.unwrap_or_else(SystemTime::now))
    } else {
        let actor = body.actor_id.0.unwrap_or(1);
        NewEntry {
            actor_id: actor,
            actor_username: names.get(&actor).cloned().unwrap_or_default(),
            correlation_id: st.uuid(),
            action: body.action.unwrap_or_default(),
            workspace_id: body.workspace_id.0.unwrap_or(0),
            workbench_id: body.workbench_id.0.unwrap_or(0),
            user_id: body.user_id.0.unwrap_or(0),
            description: body.description.unwrap_or_default(),
            details: body.details.unwrap_or_default(),
            created_at,
        }
    };
    let id = st.audit.record(new).unwrap_or(0);
    Ok(reply::ok(&serde_json::json!({ "id": id.to_string() })))
}

/// `GET /api/dev/audit` → `{"enabled","total","entries":[…]}` (every entry, oldest first, in the
/// flavor's spelling; no login).
pub(crate) async fn dev_list(State(app): State<Shared>) -> Response {
    let st = app.store_raw();
    let entries: Vec<EntryOut> = st.audit.entries.iter().map(|e| out(&app, e)).collect();
    reply::ok(&serde_json::json!({
        "enabled": st.audit.enabled,
        "total": entries.len(),
        "entries": entries,
    }))
}

/// `PUT /api/dev/audit {"enabled":false}`: CHORUS's `services.audit_service.enabled` (off:
/// nothing is recorded, the lists are empty).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DevAuditIn {
    enabled: bool,
}

impl BodySpec for DevAuditIn {}

pub(crate) async fn dev_put(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<DevAuditIn>,
) -> Response {
    app.store_raw().audit.enabled = body.enabled;
    reply::no_content()
}
