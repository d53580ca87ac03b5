//! `GET /approval-requests/{id}` and `GET /approval-requests/{id}/files/{path=**}`.

use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::json;

use super::common::{not_found, request_id, DOWNLOAD};
use super::out::{file_out, request_reply};
use crate::codec;
use crate::error::{ApiError, ApiResult, Code};
use crate::extract::{Caller, Id};
use crate::perms::Target;
use crate::reply;
use crate::state::Shared;
use crate::store::approvals::{staging_path, Kind, Status};

/// `GET /approval-requests/{id}`: the requester, an approver, or who may `getRequest` (ours:
/// `downloadFilesFromWorkspace`) on its source or destination.
pub(crate) async fn get(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    let n = request_id(&app, &id)?;
    let st = app.store();
    let r = st.approvals.requests.get(&n).ok_or_else(not_found)?;
    if !r.involves(uid) {
        let perm = if app.chorus() { "getRequest" } else { DOWNLOAD };
        let may = |ws: u64| st.allowed(uid, perm, &Target::workspace(ws));
        if !(may(r.source) || r.destination.is_some_and(may)) {
            return Err(ApiError::forbidden(
                "User does not have permission to get this request",
            ));
        }
    }
    Ok(request_reply(&app, r))
}

/// `GET /approval-requests/{id}/files/{path=**}` → `{"result":{"file","content"}}`: its
/// requester once it is approved, who may download from its source at any time (ours: but its
/// requester).
pub(crate) async fn download(
    State(app): State<Shared>,
    Caller(uid): Caller,
    Path((raw_id, path)): Path<(String, String)>,
) -> ApiResult<Response> {
    let n = request_id(&app, &Id::new(raw_id, app.chorus()))?;
    let file = {
        let st = app.store();
        let r = st.approvals.requests.get(&n).ok_or_else(not_found)?;
        let source = Target::workspace(r.source);
        let holder = st.allowed(uid, DOWNLOAD, &source);
        if r.requester != uid && !holder {
            st.require(uid, DOWNLOAD, &source)?;
        }
        if r.kind != Kind::Extraction {
            return Err(ApiError::forbidden(
                "Only data extraction requests have downloadable files",
            ));
        }
        // Who may review it sees it at any time; CHORUS counts its requester among them when
        // it may download from the source, ours never (the request is the airlock).
        let reviewer = holder && (app.chorus() || r.requester != uid);
        if !reviewer && r.status != Status::Approved {
            return Err(ApiError::forbidden("Request is not approved"));
        }
        let same = |stored: &str| {
            if app.chorus() {
                stored == path
            } else {
                stored.trim_start_matches('/') == path.trim_start_matches('/')
            }
        };
        r.files
            .iter()
            .find(|f| same(&f.source_path))
            .cloned()
            .ok_or_else(|| ApiError::new(Code::NotFound, "File not found in request"))?
    };
    let bytes = tokio::fs::read(staging_path(&app.files, &file.destination_path))
        .await
        .map_err(|_| {
            ApiError::internal(format!("Unable to get file at path {}", file.source_path))
        })?;
    Ok(reply::ok(&json!({"result": {
        "file": file_out(&file),
        "content": codec::base64_encode(&bytes),
    }})))
}
