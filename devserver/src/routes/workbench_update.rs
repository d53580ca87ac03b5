//! `PUT /workbenches` (api.md §7 UpdateWorkbench), both flavors: the body is the Workbench with
//! its `id`; only `name`, `shortName` and `description` are written (CHORUS's SQL sets those
//! three), every other field is taken and ignored; the reply is the session as a GET gives it.
//!
//! As a running CHORUS 0978bc77 answered (`fixtures/chorus/workbench_update.json`): the
//! permission `updateWorkbench` on the session comes first (`403 required permission:
//! updateWorkbench@workbench=<id>`); an unknown id, or none (`0`), is `404 Unable to update
//! workbench <id>`; a name left out or empty, a short name or description left out, is stored
//! as `""` (no validation; a 300-character name is taken); a field the message does not have
//! is grpc-gateway's 400. Ours wants a name (1–128 characters, 400 `VALIDATION_ERROR`) and
//! keeps a short name or description the body leaves out.

use std::time::SystemTime;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

use crate::error::{ApiError, ApiResult, Code, FieldError};
use crate::extract::{unknown_field_error, Caller, Id, JsonBody};
use crate::perms::Target;
use crate::reply;
use crate::state::Shared;
use crate::validate::{optional_text, required_text};

use super::lookup::workbench_for;

/// The fields of CHORUS's `Workbench` message (`workbench.proto`), as protojson writes them.
const CHORUS_FIELDS: &[&str] = &[
    "id",
    "tenantId",
    "userId",
    "workspaceId",
    "name",
    "shortName",
    "description",
    "status",
    "serverPodStatus",
    "serverPodMessage",
    "k8sStatus",
    "initialResolutionWidth",
    "initialResolutionHeight",
    "createdAt",
    "updatedAt",
];

/// The fields our GET adds (a client may send the session back as it read it).
const OUR_FIELDS: &[&str] = &[
    "generation",
    "observedGeneration",
    "phase",
    "conditions",
    "startTime",
    "completionTime",
    "jobName",
    "runnerPodName",
];

/// `short_name` → `shortName` (grpc-gateway takes either spelling).
fn camel(key: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in key.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A string field: absent or `null` is `None`.
fn text(body: &Map<String, Value>, key: &str, chorus: bool) -> ApiResult<Option<String>> {
    let snake: String = key
        .chars()
        .flat_map(|c| {
            if c.is_ascii_uppercase() {
                vec!['_', c.to_ascii_lowercase()]
            } else {
                vec![c]
            }
        })
        .collect();
    match body.get(key).or_else(|| body.get(&snake)) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) if chorus => Err(ApiError::gateway(
            Code::InvalidRequest,
            StatusCode::BAD_REQUEST,
            3,
            format!("proto: invalid value for string field {key}: {other}"),
        )),
        Some(_) => Err(ApiError::validation(vec![FieldError::new(
            key,
            "must be a string",
        )])),
    }
}

/// The body's `id`: a uint64 as a string or a number; absent is protobuf's `0`.
fn id_of(body: &Map<String, Value>, chorus: bool) -> ApiResult<u64> {
    let id = match body.get("id") {
        None | Some(Value::Null) => Some(0),
        Some(Value::String(s)) => s.parse().ok(),
        Some(Value::Number(n)) => n.as_u64(),
        Some(_) => None,
    };
    id.ok_or_else(|| {
        if chorus {
            ApiError::gateway(
                Code::InvalidRequest,
                StatusCode::BAD_REQUEST,
                3,
                "proto: invalid value for uint64 field id",
            )
        } else {
            ApiError::validation(vec![FieldError::new("id", "must be a session id")])
        }
    })
}

pub(crate) async fn update(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<Map<String, Value>>,
) -> ApiResult<Response> {
    let chorus = app.chorus();
    for key in body.keys() {
        let name = camel(key);
        let known = CHORUS_FIELDS.contains(&name.as_str())
            || (!chorus && OUR_FIELDS.contains(&name.as_str()));
        if !known {
            return Err(if chorus {
                unknown_field_error(key)
            } else {
                ApiError::invalid(format!(
                    "unknown field \"{key}\" in the request body: send the session's fields"
                ))
            });
        }
    }
    let wid = id_of(&body, chorus)?;
    let name = text(&body, "name", chorus)?;
    let short_name = text(&body, "shortName", chorus)?;
    let description = text(&body, "description", chorus)?;
    let mut st = app.store();
    if chorus {
        let target = Target {
            workbench: Some(wid),
            ..Target::none()
        };
        st.require(uid, "updateWorkbench", &target)?;
        if !st.workbenches.contains_key(&wid) {
            let says = format!("Unable to update workbench {wid}");
            return Err(ApiError::not_found("workbench", &wid.to_string()).chorus_says(&says));
        }
    } else {
        let id = Id::new(wid.to_string(), false);
        workbench_for(&st, uid, &id, "updateWorkbench")?;
    }
    let mut errs = Vec::new();
    let (name, short_name, description) = if chorus {
        (name, short_name, description)
    } else {
        (
            required_text(name.as_deref(), "name", 128, &mut errs),
            optional_text(short_name.as_deref(), "shortName", 64, &mut errs),
            optional_text(description.as_deref(), "description", 2000, &mut errs),
        )
    };
    ApiError::check(errs)?;
    let wb = st
        .workbenches
        .get_mut(&wid)
        .ok_or_else(|| ApiError::not_found("workbench", &wid.to_string()))?;
    // CHORUS writes all three from the body; ours keeps what the body leaves out.
    let keep = |new: Option<String>, old: &str| match new {
        Some(v) => v,
        None if chorus => String::new(),
        None => old.to_string(),
    };
    wb.name = keep(name, &wb.name);
    wb.short_name = keep(short_name, &wb.short_name);
    wb.description = keep(description, &wb.description);
    wb.updated_at = SystemTime::now();
    let out = app.view().workbench(wb);
    st.workbench_changed(wid);
    Ok(reply::result("workbench", out))
}
