//! `POST /approval-requests/data-extraction` and `…/data-transfer`: a new request, its files
//! copied into the staging store.

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

use super::out::request_reply;
use crate::error::{ApiError, ApiResult};
use crate::extract::{BodySpec, Caller, JsonBody, OptId};
use crate::perms::Target;
use crate::state::Shared;
use crate::store::approvals::{
    deliver, destination_path, everyone, record, staging_path, step_approvers, Kind, NewRequest,
    StagedFile,
};
use crate::store::files::FilePath;
use crate::store::Store;

/// `POST /approval-requests/data-extraction`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ExtractionIn {
    #[serde(default)]
    source_workspace_id: OptId,
    title: Option<String>,
    description: Option<String>,
    file_paths: Option<Vec<String>>,
}

impl BodySpec for ExtractionIn {}

/// `POST /approval-requests/data-transfer`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct TransferIn {
    #[serde(default)]
    source_workspace_id: OptId,
    #[serde(default)]
    destination_workspace_id: OptId,
    title: Option<String>,
    description: Option<String>,
    file_paths: Option<Vec<String>>,
}

impl BodySpec for TransferIn {}

pub(crate) async fn create_extraction(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<ExtractionIn>,
) -> ApiResult<Response> {
    let new = NewRequest {
        kind: Kind::Extraction,
        source: body.source_workspace_id.0.filter(|n| *n != 0),
        destination: None,
        title: body.title.unwrap_or_default(),
        description: body.description.unwrap_or_default(),
        paths: body.file_paths.unwrap_or_default(),
    };
    create(&app, uid, new).await
}

pub(crate) async fn create_transfer(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<TransferIn>,
) -> ApiResult<Response> {
    let new = NewRequest {
        kind: Kind::Transfer,
        source: body.source_workspace_id.0.filter(|n| *n != 0),
        destination: body.destination_workspace_id.0.filter(|n| *n != 0),
        title: body.title.unwrap_or_default(),
        description: body.description.unwrap_or_default(),
        paths: body.file_paths.unwrap_or_default(),
    };
    create(&app, uid, new).await
}

/// Ours: an unknown workspace is a 404 (CHORUS checks only the permission).
fn known(st: &Store, ws: u64) -> ApiResult<()> {
    if st.workspaces.contains_key(&ws) {
        Ok(())
    } else {
        Err(ApiError::not_found("workspace", &ws.to_string()))
    }
}

/// Who decides each step; `400` when a step has nobody.
async fn create(app: &Shared, uid: u64, new: NewRequest) -> ApiResult<Response> {
    let chorus = app.chorus();
    let transfer = new.kind == Kind::Transfer;
    // CHORUS's authorization middleware first (on the ids as sent, 0 when absent), then the
    // service's checks; ours: each id, its workspace, the permission.
    let (source, destination) = {
        let st = app.store();
        if chorus {
            st.require(
                uid,
                "createRequest",
                &Target::workspace(new.source.unwrap_or(0)),
            )?;
            if transfer {
                st.require(
                    uid,
                    "getWorkspace",
                    &Target::workspace(new.destination.unwrap_or(0)),
                )?;
            }
        }
        let source = new
            .source
            .ok_or_else(|| ApiError::invalid("Source workspace ID is required"))?;
        if !chorus {
            known(&st, source)?;
            st.require(uid, "listFilesInWorkspace", &Target::workspace(source))?;
        }
        let destination = if transfer {
            let d = new
                .destination
                .ok_or_else(|| ApiError::invalid("Destination workspace ID is required"))?;
            if !chorus {
                known(&st, d)?;
                st.require(uid, "getWorkspace", &Target::workspace(d))?;
            }
            d
        } else {
            0
        };
        (source, destination)
    };
    if new.paths.is_empty() {
        return Err(ApiError::invalid("At least one file path is required"));
    }
    // The files: of a store that is there and on, files and not folders, there.
    let mut found = Vec::with_capacity(new.paths.len());
    for raw in &new.paths {
        let p = FilePath::parse(raw)?;
        app.files.check_store(&p.store)?;
        // A running CHORUS (0978bc77) reads the file before it looks at what it is: a folder
        // or a missing file is `500 Unable to get file with content at path <p>` there.
        let unreadable =
            || ApiError::internal(format!("Unable to get file with content at path {raw}"));
        let directory = || {
            if app.chorus() {
                unreadable()
            } else {
                ApiError::invalid(format!("Directories are not supported: {raw}"))
            }
        };
        if p.dir || p.rel.is_empty() {
            return Err(directory());
        }
        let meta = tokio::fs::metadata(app.files.locate(source, &p))
            .await
            .map_err(|_| unreadable())?;
        if meta.is_dir() {
            return Err(directory());
        }
        found.push((raw.clone(), p));
    }
    let (id, approvers) = {
        let mut st = app.store();
        let approvers = step_approvers(&st, new.kind, source, destination)?;
        (st.approvals.allocate(), approvers)
    };
    // The staging copies.
    let mut files = Vec::with_capacity(found.len());
    for (raw, p) in found {
        let destination_path = destination_path(id, &raw);
        let target = staging_path(&app.files, &destination_path);
        let fail = || ApiError::internal(format!("Unable to copy file at path {raw}"));
        if let Some(parent) = target.parent() {
            tokio::fs::create_dir_all(parent)
                .await
                .map_err(|_| fail())?;
        }
        let size = tokio::fs::copy(app.files.locate(source, &p), &target)
            .await
            .map_err(|_| fail())?;
        files.push(StagedFile {
            source_path: raw,
            destination_path,
            size,
        });
    }
    let title = new.title.clone();
    let r = record(id, uid, new, files, approvers.clone());
    {
        let mut st = app.store();
        let message =
            format!("Approval request '{title}' has been created and is pending your approval.");
        for approver in everyone(&approvers) {
            st.notify_approval(approver, &message, id, r.auto_approved);
        }
        st.approvals.requests.insert(id, r.clone());
    }
    if r.auto_approved && transfer {
        deliver(&app.files, &r).await?;
    }
    Ok(request_reply(app, &r))
}
