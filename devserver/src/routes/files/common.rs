//! What the rooms of the file service share: the path extractor, the workspace and path
//! checks, the `WorkspaceFile` reply and body, the errors.

use std::path::Path as FsPath;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::Response;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use crate::codec;
use crate::error::{ApiError, ApiResult, Code, FieldError};
use crate::extract::{BodySpec, Id, OptId};
use crate::perms::Target;
use crate::reply::{self, ComplianceNote};
use crate::state::Shared;
use crate::store::files::{self, FilePath};
use crate::wire::{rfc3339, rfc3339_proto};

/// Largest body of the file routes: a 5 MiB part is ~7 MiB of JSON; a create carries its
/// content whole.
pub(crate) const FILE_BODY_LIMIT: usize = 64 << 20;

pub(super) const LIST: &str = "listFilesInWorkspace";
pub(super) const DOWNLOAD: &str = "downloadFilesFromWorkspace";
pub(super) const UPLOAD: &str = "uploadFilesToWorkspace";
pub(super) const MODIFY: &str = "modifyFilesInWorkspace";

/// `{id}` and the rest of the URL after `/file/`, `/files/` or `/raw/` (percent-decoded; `""`
/// on the routes without one).
pub(crate) struct FileRoute {
    pub(super) id: Id,
    pub(super) rest: String,
}

impl FromRequestParts<Shared> for FileRoute {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Shared) -> Result<Self, ApiError> {
        let pairs = Path::<Vec<(String, String)>>::from_request_parts(parts, app)
            .await
            .map_err(|e| ApiError::invalid(format!("bad path: {e}")))?
            .0;
        let get = |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        Ok(FileRoute {
            id: Id::new(get("id"), app.chorus()),
            rest: get("rest"),
        })
    }
}

/// The workspace of a call, once the caller may `perm` there (ours: an unknown workspace is a
/// 404 first; CHORUS checks only the permission).
pub(super) fn workspace(app: &Shared, uid: u64, id: &Id, perm: &str) -> ApiResult<u64> {
    let ws = id.num("workspace")?;
    let st = app.store();
    if !app.chorus() && !st.workspaces.contains_key(&ws) {
        return Err(ApiError::not_found("workspace", &id.raw));
    }
    st.require(uid, perm, &Target::workspace(ws))?;
    Ok(ws)
}

/// A checked path of a store that is there and on.
pub(super) fn checked(app: &Shared, raw: &str) -> ApiResult<FilePath> {
    let p = FilePath::parse(raw)?;
    app.files.check_store(&p.store)?;
    Ok(p)
}

// ----- replies ------------------------------------------------------------------------------

/// `WorkspaceFile` (never with `content`: no REST call fills it).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct FileOut {
    pub(super) path: String,
    pub(super) name: String,
    pub(super) is_directory: bool,
    pub(super) size: String,
    pub(super) mime_type: &'static str,
    pub(super) updated_at: String,
}

pub(super) fn file_out(
    app: &Shared,
    path: String,
    name: &str,
    meta: &std::fs::Metadata,
) -> FileOut {
    let dir = meta.is_dir();
    let t = files::modified(meta);
    FileOut {
        path,
        name: name.to_string(),
        is_directory: dir,
        size: if dir { 0 } else { meta.len() }.to_string(),
        mime_type: if dir {
            "application/octet-stream"
        } else {
            files::mime_type(name, app.chorus())
        },
        updated_at: if app.chorus() {
            rfc3339_proto(t)
        } else {
            rfc3339(t)
        },
    }
}

pub(super) fn file_reply(file: FileOut) -> Response {
    reply::result("file", file)
}

/// The reply, with the compliance message for the request log.
pub(super) fn with_note(mut resp: Response, message: &str) -> Response {
    if !message.is_empty() {
        resp.extensions_mut()
            .insert(ComplianceNote(message.to_string()));
    }
    resp
}

pub(super) fn does_not_exist(raw: &str) -> ApiError {
    ApiError::new(Code::NotFound, format!("File at path {raw} does not exist"))
}

pub(super) fn already_exists(raw: &str) -> ApiError {
    ApiError::already_exists(format!("File already exists at path {raw}"))
}

pub(super) fn invalid_path(raw: &str) -> ApiError {
    ApiError::invalid(format!("Invalid path: {raw}"))
}

/// The entry at `path`, if there is one; a path written as a directory's (`/` at the end) must
/// be one (as `stat("file/")` fails).
pub(super) async fn stat(path: &FsPath, as_dir: bool) -> Option<std::fs::Metadata> {
    let meta = tokio::fs::metadata(path).await.ok()?;
    (!as_dir || meta.is_dir()).then_some(meta)
}

pub(super) async fn exists(path: &FsPath) -> bool {
    tokio::fs::symlink_metadata(path).await.is_ok()
}

/// protobuf `bytes`: base64; CHORUS's decoding error is grpc-gateway's.
pub(super) fn decode_bytes(app: &Shared, field: &str, text: &str) -> ApiResult<Vec<u8>> {
    codec::base64_decode(text).ok_or_else(|| {
        if app.chorus() {
            ApiError::gateway(
                Code::InvalidRequest,
                StatusCode::BAD_REQUEST,
                3,
                format!("proto: invalid value for bytes field {field}: not base64"),
            )
        } else {
            ApiError::validation(vec![FieldError::new(
                field,
                "must be base64 (the standard or the URL-safe alphabet)",
            )])
        }
    })
}

// ----- request bodies -------------------------------------------------------------------------

/// `WorkspaceFile` in a request.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FileIn {
    pub(super) path: Option<String>,
    pub(super) is_directory: Option<bool>,
    #[serde(default)]
    pub(super) size: OptId,
    pub(super) content: Option<String>,
    #[serde(rename = "name")]
    _name: Option<IgnoredAny>,
    #[serde(rename = "mimeType")]
    _mime_type: Option<IgnoredAny>,
    #[serde(rename = "updatedAt")]
    _updated_at: Option<IgnoredAny>,
}

impl BodySpec for FileIn {}
