//! `PUT /workspaces`: the Workspace itself with its `id` (api.md, "Workspaces" and "Workspace
//! settings beyond name…").
//!
//! CHORUS (chorus-backend @0978bc77, `workspace-storage.go` `UpdateWorkspace`) sets `name,
//! shortName, description, status, isMain, networkPolicy, allowedFqdns, clipboard, visibility,
//! contactUserId` together from the body, and the chorus flavor does the same: a setting left
//! out is reset to its default (`Airgapped`, `[]`, `disabled`, private, no contact, `false`;
//! seen on a running CHORUS: one rename without them lost them all) and a left-out `status`
//! reactivates the workspace. It wants the enum spelling of `status` and `visibility`
//! (`WORKSPACE_STATUS_ACTIVE`; `active` is grpc-gateway's 400), stores any string as the network
//! policy or the clipboard, and ignores the server's own fields (`namespace`, `gid`,
//! `networkPolicyStatus`, …).
//!
//! Ours keeps a setting (and the status) the body leaves out, and checks the values it is sent
//! (400 `VALIDATION_ERROR`); it also takes `active|inactive|deleted` and `private|public`.

use std::time::SystemTime;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::de::IgnoredAny;
use serde::Deserialize;

use crate::error::{ApiError, ApiResult, Code, FieldError};
use crate::extract::{BodySpec, Caller, JsonBody, OptId};
use crate::perms::Target;
use crate::reply;
use crate::state::Shared;
use crate::store::model::WorkspaceSettings;
use crate::store::Store;

/// The body: the Workspace, replaced whole.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct WorkspaceIn {
    #[serde(default)]
    id: OptId,
    name: Option<String>,
    short_name: Option<String>,
    description: Option<String>,
    status: Option<String>,
    #[serde(default, rename = "tenantId")]
    _tenant_id: OptId,
    #[serde(default, rename = "userId")]
    _user_id: OptId,
    // The settings (`None`: left out).
    is_main: Option<bool>,
    network_policy: Option<String>,
    allowed_fqdns: Option<Vec<String>>,
    clipboard: Option<String>,
    visibility: Option<String>,
    contact_user_id: Option<OptId>,
    // The server's own fields: taken and ignored, as CHORUS's gateway does.
    #[serde(rename = "namespace")]
    _namespace: Option<IgnoredAny>,
    #[serde(rename = "gid")]
    _gid: Option<IgnoredAny>,
    #[serde(rename = "networkPolicyStatus")]
    _network_policy_status: Option<IgnoredAny>,
    #[serde(rename = "networkPolicyMessage")]
    _network_policy_message: Option<IgnoredAny>,
    #[serde(rename = "appInstanceIds")]
    _app_instance_ids: Option<IgnoredAny>,
    #[serde(rename = "appInstances")]
    _app_instances: Option<IgnoredAny>,
    #[serde(rename = "createdAt")]
    _created_at: Option<IgnoredAny>,
    #[serde(rename = "updatedAt")]
    _updated_at: Option<IgnoredAny>,
}

impl BodySpec for WorkspaceIn {}

/// grpc-gateway's 400 for an enum spelling protojson does not know.
fn bad_enum(field: &str, value: &str) -> ApiError {
    ApiError::gateway(
        Code::InvalidRequest,
        StatusCode::BAD_REQUEST,
        3,
        format!("proto: invalid value for enum field {field}: \"{value}\""),
    )
}

/// The status of a PUT body: CHORUS's enum spelling; ours also takes `active|inactive|deleted`.
fn status_in(chorus: bool, s: &str) -> ApiResult<String> {
    let lower = s
        .strip_prefix("WORKSPACE_STATUS_")
        .map(str::to_ascii_lowercase);
    match (lower.as_deref(), s) {
        (Some(v @ ("active" | "inactive" | "deleted")), _) => Ok(v.to_string()),
        (None, v @ ("active" | "inactive" | "deleted")) if !chorus => Ok(v.to_string()),
        _ if chorus => Err(bad_enum("status", s)),
        _ => Err(ApiError::validation(vec![FieldError::new(
            "status",
            "must be WORKSPACE_STATUS_ACTIVE, _INACTIVE or _DELETED (or active, inactive, deleted)",
        )])),
    }
}

/// Whether a PUT body's `visibility` is public.
fn public_in(chorus: bool, s: &str) -> ApiResult<bool> {
    match s {
        "WORKSPACE_VISIBILITY_PUBLIC" => Ok(true),
        "WORKSPACE_VISIBILITY_PRIVATE" => Ok(false),
        "public" if !chorus => Ok(true),
        "private" if !chorus => Ok(false),
        _ if chorus => Err(bad_enum("visibility", s)),
        _ => Err(ApiError::validation(vec![FieldError::new(
            "visibility",
            "must be WORKSPACE_VISIBILITY_PRIVATE or _PUBLIC (or private, public)",
        )])),
    }
}

/// The settings a PUT leaves: each one sent, else (CHORUS) its default or (ours) the old one.
fn settings_after(
    chorus: bool,
    st: &Store,
    old: &WorkspaceSettings,
    body: &mut WorkspaceIn,
) -> ApiResult<WorkspaceSettings> {
    let base = if chorus {
        WorkspaceSettings::default()
    } else {
        old.clone()
    };
    let public = match body.visibility.as_deref() {
        Some(v) => public_in(chorus, v)?,
        None => base.public,
    };
    let contact = match &body.contact_user_id {
        Some(id) => id.0.unwrap_or(0),
        None => base.contact_user_id,
    };
    let new = WorkspaceSettings {
        is_main: body.is_main.unwrap_or(base.is_main),
        network_policy: body.network_policy.take().unwrap_or(base.network_policy),
        allowed_fqdns: body.allowed_fqdns.take().unwrap_or(base.allowed_fqdns),
        clipboard: body.clipboard.take().unwrap_or(base.clipboard),
        public,
        contact_user_id: contact,
    };
    let unknown_contact = new.contact_user_id != 0 && !st.users.contains_key(&new.contact_user_id);
    if chorus {
        // The contact is a foreign key: PostgreSQL refuses an unknown user (api.md: inferred).
        if unknown_contact {
            return Err(ApiError::internal(
                "unable to update workspace: foreign key violation (contactuserid)",
            ));
        }
        return Ok(new);
    }
    let mut errs = Vec::new();
    if !["Airgapped", "FQDNAllowlist", "Open"].contains(&new.network_policy.as_str()) {
        errs.push(FieldError::new(
            "networkPolicy",
            "must be Airgapped, FQDNAllowlist or Open",
        ));
    }
    if !["disabled", "to-server", "to-client", "both"].contains(&new.clipboard.as_str()) {
        errs.push(FieldError::new(
            "clipboard",
            "must be disabled, to-server, to-client or both",
        ));
    }
    if unknown_contact {
        errs.push(FieldError::new("contactUserId", "names no user"));
    }
    ApiError::check(errs)?;
    Ok(new)
}

pub(crate) async fn update(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(mut body): JsonBody<WorkspaceIn>,
) -> ApiResult<Response> {
    let chorus = app.chorus();
    let wid = body.id.0.unwrap_or(0);
    let mut st = app.store();
    if chorus {
        st.require(uid, "updateWorkspace", &Target::workspace(wid))?;
    }
    let status = body
        .status
        .as_deref()
        .map(|s| status_in(chorus, s))
        .transpose()?;
    let name = body.name.take().unwrap_or_default();
    if !chorus && name.trim().is_empty() {
        return Err(ApiError::validation(vec![FieldError::new(
            "name",
            "is required",
        )]));
    }
    let Some(old) = st.workspaces.get(&wid).map(|w| w.settings.clone()) else {
        return Err(ApiError::not_found("workspace", &wid.to_string()));
    };
    st.require(uid, "updateWorkspace", &Target::workspace(wid))?;
    let settings = settings_after(chorus, &st, &old, &mut body)?;
    let view = app.view();
    let push_fails = st.services.push_fails;
    let w = st
        .workspaces
        .get_mut(&wid)
        .ok_or_else(|| ApiError::not_found("workspace", &wid.to_string()))?;
    w.name = name;
    w.short_name = body.short_name.unwrap_or_default();
    w.description = body.description.unwrap_or_default();
    match status {
        Some(s) => w.status = s,
        // protojson's zero value: WORKSPACE_STATUS_ACTIVE.
        None if chorus => w.status = "active".into(),
        None => {}
    }
    w.settings = settings;
    w.updated_at = SystemTime::now();
    if push_fails {
        // CHORUS writes the row, then pushes the workspace to the cluster; a failed push is a
        // 500 with the row already changed (`workspace-service.go` `UpdateWorkspace`).
        return Err(ApiError::internal(format!(
            "Unable to sync workspace {wid} to K8s"
        )));
    }
    Ok(reply::result("workspace", view.workspace(w)))
}
