//! CHORUS's workspace file service (`WorkspaceFileService`, api.md "Workspace file service"):
//! stores, folders, files, multipart uploads; and our extension `GET …/raw/{path}` (the bytes of
//! a file, our flavor only). The files are real ones on disk (`store/files.rs`).
//!
//! grpc-gateway's `{path=**}` is the rest of the URL; axum cannot put a wildcard before more
//! segments, so `…/file/{*rest}` takes every call and [`suffix`] finds `/upload`,
//! `/upload/{uploadId}` and `/upload/{uploadId}/complete` at its end.
//!
//! What a running CHORUS 0978bc77 answered on 2026-11-25 (its disk store;
//! `tests/fixtures/chorus-files-39.json`), and so the chorus flavor answers; ours differs where
//! devserver/README.md ("Workspace files") says so:
//! - a folder that does not exist yet (a new workspace's root): `500 Unable to list files at
//!   path <p>` (ours: an empty list);
//! - `GET …/file/{p}` answers the metadata only, `path` the storage key
//!   (`workspaces/workspace1/docs/a.csv`; ours `/disk/docs/a.csv`); a missing file is a 500;
//! - `mimeType` is `application/octet-stream` but for `.txt` (ours guesses from more
//!   extensions);
//! - completing an upload checks neither the ETags nor the size (ours does, and keeps the
//!   upload open when they are wrong);
//! - CHORUS resolves `..` in paths and leaves the workspace: both flavors refuse such a path
//!   (`400 Invalid path: <p>`).

use std::io::SeekFrom;
use std::path::Path as FsPath;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

use crate::codec;
use crate::error::{ApiError, ApiResult, Code, FieldError};
use crate::extract::{BodySpec, Caller, Id, JsonBody, OptId, Params};
use crate::perms::Target;
use crate::reply;
use crate::state::Shared;
use crate::store::files::{self, FilePath, Upload};
use crate::wire::{rfc3339, rfc3339_proto};

/// Largest body of the file routes: a 5 MiB part is ~7 MiB of JSON; a create carries its
/// content whole.
pub(crate) const FILE_BODY_LIMIT: usize = 64 << 20;

const LIST: &str = "listFilesInWorkspace";
const DOWNLOAD: &str = "downloadFilesFromWorkspace";
const UPLOAD: &str = "uploadFilesToWorkspace";
const MODIFY: &str = "modifyFilesInWorkspace";

/// A compliance message received, for the request log (`mw::outer` takes it off the reply).
#[derive(Clone, Debug)]
pub(crate) struct ComplianceNote(pub String);

/// `{id}` and the rest of the URL after `/file/`, `/files/` or `/raw/` (percent-decoded; `""`
/// on the routes without one).
pub(crate) struct FileRoute {
    id: Id,
    rest: String,
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
fn workspace(app: &Shared, uid: u64, id: &Id, perm: &str) -> ApiResult<u64> {
    let ws = id.num("workspace")?;
    let st = app.store();
    if !app.chorus() && !st.workspaces.contains_key(&ws) {
        return Err(ApiError::not_found("workspace", &id.raw));
    }
    st.require(uid, perm, &Target::workspace(ws))?;
    Ok(ws)
}

/// A checked path of a store that is there and on.
fn checked(app: &Shared, raw: &str) -> ApiResult<FilePath> {
    let p = FilePath::parse(raw)?;
    app.files.check_store(&p.store)?;
    Ok(p)
}

// ----- replies ------------------------------------------------------------------------------

/// `WorkspaceFile` (never with `content`: no REST call fills it).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FileOut {
    path: String,
    name: String,
    is_directory: bool,
    size: String,
    mime_type: &'static str,
    updated_at: String,
}

fn file_out(app: &Shared, path: String, name: &str, meta: &std::fs::Metadata) -> FileOut {
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

fn file_reply(file: FileOut) -> Response {
    reply::result("file", file)
}

/// The reply, with the compliance message for the request log.
fn with_note(mut resp: Response, message: &str) -> Response {
    if !message.is_empty() {
        resp.extensions_mut()
            .insert(ComplianceNote(message.to_string()));
    }
    resp
}

fn does_not_exist(raw: &str) -> ApiError {
    ApiError::new(Code::NotFound, format!("File at path {raw} does not exist"))
}

fn already_exists(raw: &str) -> ApiError {
    ApiError::already_exists(format!("File already exists at path {raw}"))
}

fn invalid_path(raw: &str) -> ApiError {
    ApiError::invalid(format!("Invalid path: {raw}"))
}

/// The entry at `path`, if there is one; a path written as a directory's (`/` at the end) must
/// be one (as `stat("file/")` fails).
async fn stat(path: &FsPath, as_dir: bool) -> Option<std::fs::Metadata> {
    let meta = tokio::fs::metadata(path).await.ok()?;
    (!as_dir || meta.is_dir()).then_some(meta)
}

async fn exists(path: &FsPath) -> bool {
    tokio::fs::symlink_metadata(path).await.is_ok()
}

/// protobuf `bytes`: base64; CHORUS's decoding error is grpc-gateway's.
fn decode_bytes(app: &Shared, field: &str, text: &str) -> ApiResult<Vec<u8>> {
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

/// A boolean query parameter as grpc-gateway reads it (`strconv.ParseBool`).
pub(crate) fn bool_param(app: &Shared, params: &Params, key: &str) -> ApiResult<bool> {
    match params.get(key).unwrap_or("") {
        "" | "0" | "f" | "F" | "false" | "FALSE" | "False" => Ok(false),
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok(true),
        other if app.chorus() => Err(ApiError::gateway(
            Code::InvalidRequest,
            StatusCode::BAD_REQUEST,
            3,
            format!(
                "parsing field \"{key}\": strconv.ParseBool: parsing \"{other}\": invalid syntax"
            ),
        )),
        _ => Err(ApiError::validation(vec![FieldError::new(
            key,
            "must be true or false",
        )])),
    }
}

// ----- request bodies -------------------------------------------------------------------------

/// `WorkspaceFile` in a request.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FileIn {
    path: Option<String>,
    is_directory: Option<bool>,
    #[serde(default)]
    size: OptId,
    content: Option<String>,
    #[serde(rename = "name")]
    _name: Option<IgnoredAny>,
    #[serde(rename = "mimeType")]
    _mime_type: Option<IgnoredAny>,
    #[serde(rename = "updatedAt")]
    _updated_at: Option<IgnoredAny>,
}

impl BodySpec for FileIn {}

/// `WorkspaceFilePart` of `PUT …/upload/{uploadId}`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PartIn {
    #[serde(default)]
    part_number: OptId,
    data: Option<String>,
    #[serde(rename = "etag")]
    _etag: Option<IgnoredAny>,
}

impl BodySpec for PartIn {}

/// One entry of the bare array `complete` takes.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PartRef {
    #[serde(default)]
    part_number: OptId,
    etag: Option<String>,
    #[serde(rename = "data")]
    _data: Option<IgnoredAny>,
}

/// The body of `complete`: a JSON array of parts (grpc-gateway's error in the chorus flavor).
async fn parts_body(req: Request, app: &Shared) -> ApiResult<Vec<PartRef>> {
    let bytes = Bytes::from_request(req, app).await.map_err(|e| {
        ApiError::invalid(format!(
            "request body unreadable or larger than {FILE_BODY_LIMIT} bytes"
        ))
        .with_status(e.status())
    })?;
    let refuse = |gateway: String, ours: String| {
        if app.chorus() {
            ApiError::gateway(Code::InvalidRequest, StatusCode::BAD_REQUEST, 3, gateway)
        } else {
            ApiError::invalid(ours)
        }
    };
    let text = bytes.trim_ascii();
    if !text.starts_with(b"[") {
        return Err(refuse(
            "proto: syntax error (line 1:1): unexpected token".into(),
            "the request body must be a JSON array of parts: [{\"partNumber\":\"1\",\"etag\":\"…\"}]"
                .into(),
        ));
    }
    serde_json::from_slice(text).map_err(|e| {
        refuse(
            format!("proto: {e}"),
            format!("the request body is not a list of parts: {e}"),
        )
    })
}

// ----- stores and listing ---------------------------------------------------------------------

/// `GET /workspaces/{id}/stores`.
pub(crate) async fn stores(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    workspace(&app, uid, &id, LIST)?;
    Ok(reply::result("stores", app.files.store_infos()))
}

/// `GET /workspaces/{id}/files/{path=**}`: a folder's entries, sorted by name.
pub(crate) async fn list(
    State(app): State<Shared>,
    Caller(uid): Caller,
    r: FileRoute,
) -> ApiResult<Response> {
    let ws = workspace(&app, uid, &r.id, LIST)?;
    let p = checked(&app, &r.rest)?;
    let fail = || ApiError::internal(format!("Unable to list files at path {}", r.rest));
    let dir = app.files.locate(ws, &p);
    let mut entries = match tokio::fs::read_dir(&dir).await {
        Ok(rd) => rd,
        // An object store has no folders: nothing there is an empty list (ours).
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !app.chorus() => {
            return Ok(reply::result("files", Vec::<FileOut>::new()));
        }
        Err(_) => return Err(fail()),
    };
    let mut out = Vec::new();
    while let Some(e) = entries.next_entry().await.map_err(|_| fail())? {
        let Ok(meta) = e.metadata().await else {
            continue;
        };
        let name = e.file_name().to_string_lossy().into_owned();
        let child = p.child(&name);
        out.push(file_out(&app, child.wire(meta.is_dir()), &name, &meta));
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(reply::result("files", out))
}

// ----- /file/{path=**} ----------------------------------------------------------------------------

/// What the end of `…/file/{rest}` names.
#[derive(Debug, PartialEq, Eq)]
enum Suffix<'a> {
    /// `<path>/upload`
    Initiate(&'a str),
    /// `<path>/upload/<uploadId>` (the id may be empty)
    Part(&'a str, &'a str),
    /// `<path>/upload/<uploadId>/complete`
    Complete(&'a str, &'a str),
    /// A file's path and nothing more.
    Plain,
}

fn suffix(rest: &str) -> Suffix<'_> {
    if let Some(path) = rest.strip_suffix("/upload") {
        return Suffix::Initiate(path);
    }
    let (head, complete) = match rest.strip_suffix("/complete") {
        Some(head) => (head, true),
        None => (rest, false),
    };
    if let Some(i) = head.rfind("/upload/") {
        let (path, id) = (&head[..i], &head[i + "/upload/".len()..]);
        if !id.contains('/') {
            return if complete {
                Suffix::Complete(path, id)
            } else {
                Suffix::Part(path, id)
            };
        }
    }
    Suffix::Plain
}

/// `GET /workspaces/{id}/file/{path=**}`: the metadata (no content).
pub(crate) async fn get(
    State(app): State<Shared>,
    Caller(uid): Caller,
    r: FileRoute,
) -> ApiResult<Response> {
    let ws = workspace(&app, uid, &r.id, DOWNLOAD)?;
    let p = checked(&app, &r.rest)?;
    let meta = stat(&app.files.locate(ws, &p), p.dir)
        .await
        .ok_or_else(|| ApiError::internal(format!("Unable to get file at path {}", r.rest)))?;
    let dir = meta.is_dir();
    let path = if app.chorus() {
        p.key(ws, dir)
    } else {
        p.wire(dir)
    };
    Ok(file_reply(file_out(&app, path, p.name(), &meta)))
}

/// `POST /workspaces/{id}/file/{rest}`: an upload's start or end.
pub(crate) async fn post(
    State(app): State<Shared>,
    Caller(uid): Caller,
    r: FileRoute,
    params: Params,
    req: Request,
) -> ApiResult<Response> {
    match suffix(&r.rest) {
        Suffix::Initiate(path) => {
            let JsonBody(body) = JsonBody::<FileIn>::from_request(req, &app).await?;
            initiate(&app, uid, &r.id, path, &params, body).await
        }
        Suffix::Complete(path, upload) => {
            let parts = parts_body(req, &app).await?;
            complete(&app, uid, &r.id, path, upload, parts).await
        }
        _ => {
            let uri = req.uri().clone();
            Ok(super::statics::method_not_allowed(State(app), Method::POST, uri).await)
        }
    }
}

/// `PUT /workspaces/{id}/file/{rest}`: a part, or a rename / copy.
pub(crate) async fn put(
    State(app): State<Shared>,
    Caller(uid): Caller,
    r: FileRoute,
    params: Params,
    req: Request,
) -> ApiResult<Response> {
    match suffix(&r.rest) {
        Suffix::Part(path, upload) => {
            let JsonBody(body) = JsonBody::<PartIn>::from_request(req, &app).await?;
            part(&app, uid, &r.id, path, upload, body).await
        }
        _ => {
            let JsonBody(body) = JsonBody::<FileIn>::from_request(req, &app).await?;
            rename(&app, uid, &r, &params, body).await
        }
    }
}

/// `DELETE /workspaces/{id}/file/{rest}`: an upload's abort, or a file or folder.
pub(crate) async fn delete(
    State(app): State<Shared>,
    Caller(uid): Caller,
    r: FileRoute,
) -> ApiResult<Response> {
    match suffix(&r.rest) {
        Suffix::Part(path, upload) => abort(&app, uid, &r.id, path, upload).await,
        _ => remove(&app, uid, &r).await,
    }
}

/// `POST /workspaces/{id}/file?complianceMessage=…`: a file (its content whole) or a folder;
/// missing parent folders are made.
pub(crate) async fn create(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
    params: Params,
    JsonBody(body): JsonBody<FileIn>,
) -> ApiResult<Response> {
    let ws = workspace(&app, uid, &id, UPLOAD)?;
    let raw = body.path.unwrap_or_default();
    let p = checked(&app, &raw)?;
    let is_dir = p.dir || body.is_directory == Some(true);
    let content = match (&body.content, is_dir) {
        (Some(text), false) => decode_bytes(&app, "content", text)?,
        _ => Vec::new(),
    };
    if p.rel.is_empty() {
        return Err(invalid_path(&raw));
    }
    let target = app.files.locate(ws, &p);
    if exists(&target).await {
        return Err(already_exists(&raw));
    }
    let what = if is_dir { "directory" } else { "file" };
    let fail = |_| ApiError::internal(format!("Unable to create {what} at path {raw}"));
    if is_dir {
        tokio::fs::create_dir_all(&target).await.map_err(fail)?;
    } else {
        if let Some(parent) = target.parent() {
            tokio::fs::create_dir_all(parent).await.map_err(fail)?;
        }
        tokio::fs::write(&target, &content).await.map_err(fail)?;
    }
    let meta = tokio::fs::metadata(&target).await.map_err(fail)?;
    let message = params.get("complianceMessage").unwrap_or("");
    let path = p.wire(is_dir);
    app.files.comply(ws, &path, message);
    Ok(with_note(
        file_reply(file_out(&app, path, p.name(), &meta)),
        message,
    ))
}

/// `PUT …/file/{oldPath=**}?isCopy=` `{"path": destination, …}`: moves or copies a file (not
/// a folder), also into another store; missing parent folders are made.
async fn rename(
    app: &Shared,
    uid: u64,
    r: &FileRoute,
    params: &Params,
    body: FileIn,
) -> ApiResult<Response> {
    let copy = bool_param(app, params, "isCopy")?;
    let ws = workspace(app, uid, &r.id, MODIFY)?;
    let src = checked(app, &r.rest)?;
    let dst_raw = body.path.unwrap_or_default();
    let dst = checked(app, &dst_raw)?;
    let from = app.files.locate(ws, &src);
    let meta = stat(&from, src.dir)
        .await
        .ok_or_else(|| does_not_exist(&r.rest))?;
    if meta.is_dir() {
        return Err(ApiError::invalid(format!(
            "File at path {} is a directory",
            r.rest
        )));
    }
    if dst.rel.is_empty() || dst.dir {
        return Err(invalid_path(&dst_raw));
    }
    let to = app.files.locate(ws, &dst);
    if exists(&to).await {
        return Err(already_exists(&dst_raw));
    }
    let fail = |_| ApiError::internal(format!("Unable to move file at path {}", r.rest));
    if let Some(parent) = to.parent() {
        tokio::fs::create_dir_all(parent).await.map_err(fail)?;
    }
    if copy {
        tokio::fs::copy(&from, &to).await.map_err(fail)?;
    } else {
        tokio::fs::rename(&from, &to).await.map_err(fail)?;
    }
    let meta = tokio::fs::metadata(&to).await.map_err(fail)?;
    Ok(file_reply(file_out(
        app,
        dst.wire(false),
        dst.name(),
        &meta,
    )))
}

/// `DELETE …/file/{path=**}`: a file, or a folder with everything in it when the path ends
/// with `/`.
async fn remove(app: &Shared, uid: u64, r: &FileRoute) -> ApiResult<Response> {
    let ws = workspace(app, uid, &r.id, MODIFY)?;
    let p = checked(app, &r.rest)?;
    let target = app.files.locate(ws, &p);
    let meta = stat(&target, p.dir)
        .await
        .ok_or_else(|| does_not_exist(&r.rest))?;
    let fail = |_| ApiError::internal(format!("Unable to delete file at path {}", r.rest));
    if meta.is_dir() {
        if !(p.dir || p.rel.is_empty()) {
            // A folder named without its `/`: CHORUS answered so (seen).
            return Err(ApiError::internal(format!(
                "Unable to delete file at path {}",
                r.rest
            )));
        }
        tokio::fs::remove_dir_all(&target).await.map_err(fail)?;
    } else {
        tokio::fs::remove_file(&target).await.map_err(fail)?;
    }
    Ok(reply::empty_result())
}

// ----- multipart uploads --------------------------------------------------------------------------

/// The upload `id` of this store (and in ours of this workspace and path).
fn upload_of(app: &Shared, ws: u64, p: &FilePath, id: &str) -> Option<Upload> {
    let st = app.files.state();
    let u = st.uploads.get(id)?;
    let ours = u.workspace == ws && u.rel == p.rel;
    (u.store == p.store && (app.chorus() || ours)).then(|| u.clone())
}

/// `POST …/file/{path=**}/upload?complianceMessage=…` `{"path","name","size","mimeType"}`.
async fn initiate(
    app: &Shared,
    uid: u64,
    id: &Id,
    url_path: &str,
    params: &Params,
    body: FileIn,
) -> ApiResult<Response> {
    let ws = workspace(app, uid, id, UPLOAD)?;
    let p = checked(app, url_path)?;
    // CHORUS checks and keys the upload by the body's path (in the URL's store), and writes it
    // to the URL's: ours wants them the same.
    let body_raw = body
        .path
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| format!("/{}", url_path.trim_start_matches('/')));
    let bp = FilePath::parse(&body_raw)?;
    if p.rel.is_empty() || p.dir {
        return Err(invalid_path(url_path));
    }
    if bp.rel.is_empty() || bp.dir {
        return Err(invalid_path(&body_raw));
    }
    if !app.chorus() && (bp.store != p.store || bp.rel != p.rel) {
        return Err(ApiError::invalid(format!(
            "The file's path {body_raw} is not the path of the URL, {url_path}"
        )));
    }
    let key = FilePath {
        store: p.store.clone(),
        ..bp
    };
    if exists(&app.files.locate(ws, &key)).await {
        return Err(already_exists(&body_raw));
    }
    let fail = || {
        ApiError::internal(format!(
            "Unable to initiate multipart upload for file at path {body_raw}"
        ))
    };
    let size = body.size.0.unwrap_or(0);
    if size == 0 {
        return Err(fail());
    }
    let (part_size, total) = files::part_plan(size);
    let upload_id = format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..));
    tokio::fs::create_dir_all(app.files.upload_dir(&p.store, &upload_id))
        .await
        .map_err(|_| fail())?;
    app.files.state().uploads.insert(
        upload_id.clone(),
        Upload {
            workspace: ws,
            store: p.store.clone(),
            rel: p.rel.clone(),
            size,
            parts: Default::default(),
        },
    );
    let message = params.get("complianceMessage").unwrap_or("");
    app.files.comply(ws, &p.wire(false), message);
    let out = json!({"result": {
        "uploadId": upload_id,
        "partSize": part_size.to_string(),
        "totalParts": total.to_string(),
    }});
    Ok(with_note(reply::ok(&out), message))
}

/// `PUT …/file/{path=**}/upload/{uploadId}` `{"partNumber","data"}`: any number, again
/// overwrites; the ETag is the MD5 of the bytes in hex.
async fn part(
    app: &Shared,
    uid: u64,
    id: &Id,
    url_path: &str,
    upload_id: &str,
    body: PartIn,
) -> ApiResult<Response> {
    let ws = workspace(app, uid, id, UPLOAD)?;
    let p = checked(app, url_path)?;
    let n = body.part_number.0.unwrap_or(0);
    let fail = || {
        ApiError::internal(format!(
            "Unable to upload part number {n} for upload ID {upload_id} at path {url_path}"
        ))
    };
    upload_of(app, ws, &p, upload_id).ok_or_else(fail)?;
    if n == 0 && !app.chorus() {
        return Err(ApiError::invalid(
            "Invalid part number 0: parts are numbered from 1",
        ));
    }
    let data = decode_bytes(app, "data", body.data.as_deref().unwrap_or(""))?;
    let etag = codec::md5_hex(&data);
    let file = app
        .files
        .upload_dir(&p.store, upload_id)
        .join(format!("part-{n}"));
    tokio::fs::write(&file, &data).await.map_err(|_| fail())?;
    {
        let mut st = app.files.state();
        let u = st.uploads.get_mut(upload_id).ok_or_else(fail)?;
        u.parts.insert(n, (etag.clone(), data.len() as u64));
    }
    let out = json!({"result": {"part": {
        "partNumber": n.to_string(),
        "data": "",
        "etag": etag,
    }}});
    Ok(reply::ok(&out))
}

/// `POST …/file/{path=**}/upload/{uploadId}/complete` `[{"partNumber","etag"}, …]`: the listed
/// parts, in that order, make the file; the upload is gone after.
async fn complete(
    app: &Shared,
    uid: u64,
    id: &Id,
    url_path: &str,
    upload_id: &str,
    parts: Vec<PartRef>,
) -> ApiResult<Response> {
    let ws = workspace(app, uid, id, UPLOAD)?;
    let p = checked(app, url_path)?;
    let fail = || {
        ApiError::internal(format!(
            "Unable to complete multipart upload for upload ID {upload_id} at path {url_path}"
        ))
    };
    let upload = upload_of(app, ws, &p, upload_id).ok_or_else(fail)?;
    if p.rel.is_empty() || p.dir {
        return Err(fail());
    }
    let mut total = 0u64;
    let mut numbers = Vec::with_capacity(parts.len());
    for part in &parts {
        let n = part.part_number.0.unwrap_or(0);
        let (etag, size) = upload.parts.get(&n).ok_or_else(fail)?;
        let sent = part.etag.as_deref().unwrap_or("").trim().trim_matches('"');
        if !app.chorus() && !sent.eq_ignore_ascii_case(etag) {
            return Err(ApiError::invalid(format!("ETag mismatch for part {n}")));
        }
        total += size;
        numbers.push(n);
    }
    if !app.chorus() && total != upload.size {
        return Err(ApiError::invalid(format!(
            "Uploaded size {total} does not match the declared size {}",
            upload.size
        )));
    }
    let target = app.files.locate(ws, &p);
    if !app.chorus() && exists(&target).await {
        return Err(already_exists(&p.wire(false)));
    }
    let dir = app.files.upload_dir(&p.store, upload_id);
    let assembled = dir.join("assembled");
    {
        let mut out = tokio::fs::File::create(&assembled)
            .await
            .map_err(|_| fail())?;
        for n in numbers {
            let mut part = tokio::fs::File::open(dir.join(format!("part-{n}")))
                .await
                .map_err(|_| fail())?;
            tokio::io::copy(&mut part, &mut out)
                .await
                .map_err(|_| fail())?;
        }
        out.flush().await.map_err(|_| fail())?;
    }
    if let Some(parent) = target.parent() {
        tokio::fs::create_dir_all(parent)
            .await
            .map_err(|_| fail())?;
    }
    tokio::fs::rename(&assembled, &target)
        .await
        .map_err(|_| fail())?;
    app.files.state().uploads.remove(upload_id);
    let _ = tokio::fs::remove_dir_all(&dir).await;
    let meta = tokio::fs::metadata(&target).await.map_err(|_| fail())?;
    let path = if app.chorus() {
        p.key(ws, false)
    } else {
        p.wire(false)
    };
    Ok(file_reply(file_out(app, path, p.name(), &meta)))
}

/// `DELETE …/file/{path=**}/upload/{uploadId}`: the parts go, no file is made.
async fn abort(
    app: &Shared,
    uid: u64,
    id: &Id,
    url_path: &str,
    upload_id: &str,
) -> ApiResult<Response> {
    let ws = workspace(app, uid, id, UPLOAD)?;
    let p = checked(app, url_path)?;
    upload_of(app, ws, &p, upload_id).ok_or_else(|| {
        ApiError::internal(format!(
            "Unable to abort multipart upload for upload ID {upload_id} at path {url_path}"
        ))
    })?;
    app.files.state().uploads.remove(upload_id);
    let _ = tokio::fs::remove_dir_all(app.files.upload_dir(&p.store, upload_id)).await;
    Ok(reply::empty_result())
}

// ----- our extension: the bytes ------------------------------------------------------------------

/// `GET /workspaces/{id}/raw/{path=**}` (our flavor): the file's bytes, streamed from disk,
/// as an attachment; one `Range: bytes=…` honoured (`206`, `416`).
pub(crate) async fn raw(
    State(app): State<Shared>,
    Caller(uid): Caller,
    r: FileRoute,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let ws = workspace(&app, uid, &r.id, DOWNLOAD)?;
    let p = checked(&app, &r.rest)?;
    let target = app.files.locate(ws, &p);
    let meta = stat(&target, p.dir)
        .await
        .ok_or_else(|| does_not_exist(&r.rest))?;
    if meta.is_dir() {
        return Err(ApiError::new(
            Code::NotFound,
            format!("File at path {} is a directory", r.rest),
        ));
    }
    let len = meta.len();
    let mut file = tokio::fs::File::open(&target)
        .await
        .map_err(|_| does_not_exist(&r.rest))?;
    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| byte_range(v, len));
    let (status, start, count) = match range {
        None => (StatusCode::OK, 0, len),
        Some(Some((a, b))) => (StatusCode::PARTIAL_CONTENT, a, b - a + 1),
        Some(None) => {
            let mut resp = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{len}")) {
                resp.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            return Ok(resp);
        }
    };
    if start > 0 {
        file.seek(SeekFrom::Start(start))
            .await
            .map_err(|_| does_not_exist(&r.rest))?;
    }
    let mut resp = Response::new(Body::from_stream(chunks(file.take(count))));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(count));
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let disposition = format!(
        "attachment; filename*=UTF-8''{}",
        codec::rfc5987_encode(p.name())
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if status == StatusCode::PARTIAL_CONTENT {
        let end = start + count - 1;
        if let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{end}/{len}")) {
            h.insert(header::CONTENT_RANGE, v);
        }
    }
    Ok(resp)
}

/// One `bytes=` range of a file of `len` bytes: `None` to ignore the header (not one range of
/// bytes), `Some(None)` when it cannot be served (416), else the first and last byte.
fn byte_range(header: &str, len: u64) -> Option<Option<(u64, u64)>> {
    let spec = header.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let (a, b) = (a.trim(), b.trim());
    let num = |s: &str| s.parse::<u64>().ok();
    let range = match (a.is_empty(), b.is_empty()) {
        (true, true) => return None,
        // The last b bytes.
        (true, false) => {
            let n = num(b)?;
            (n > 0 && len > 0).then(|| (len.saturating_sub(n), len - 1))
        }
        (false, _) => {
            let start = num(a)?;
            let end = if b.is_empty() { u64::MAX } else { num(b)? };
            (start <= end && start < len).then(|| (start, end.min(len - 1)))
        }
    };
    Some(range)
}

/// A reader as a stream of chunks of at most 64 KiB (the whole file is never in memory).
fn chunks<R: AsyncRead + Unpin + Send + 'static>(
    reader: R,
) -> impl futures_util::Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    futures_util::stream::unfold(Some(reader), |state| async move {
        let mut reader = state?;
        let mut buf = vec![0u8; 64 * 1024];
        match reader.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(Bytes::from(buf)), Some(reader)))
            }
            Err(e) => Some((Err(e), None)),
        }
    })
}

// ----- the dev API ----------------------------------------------------------------------------

/// `PUT /api/dev/stores {"disabled":["archive"]}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StoresSwitch {
    disabled: Option<Vec<String>>,
}

impl BodySpec for StoresSwitch {}

fn stores_state(app: &Shared) -> Response {
    let disabled: Vec<String> = app.files.state().disabled.iter().cloned().collect();
    reply::ok(&json!({
        "disabled": disabled,
        "stores": app.files.store_infos(),
        "directory": app.files.base().display().to_string(),
    }))
}

/// `GET /api/dev/stores` → `{"disabled":[…],"stores":[…],"directory"}`: the stores as
/// `…/stores` answers them, and the directory the files live in.
pub(crate) async fn dev_get_stores(State(app): State<Shared>) -> Response {
    stores_state(&app)
}

/// `PUT /api/dev/stores {"disabled":[names]}`: those stores are disabled from now on (every
/// file call naming one answers `400 File store <name> is disabled`, an upload under way
/// too), the others as configured; `[]` or a reset brings them back.
pub(crate) async fn dev_put_stores(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<StoresSwitch>,
) -> ApiResult<Response> {
    let names = body.disabled.ok_or_else(|| {
        ApiError::validation(vec![FieldError::new(
            "disabled",
            "is required: a list of store names",
        )])
    })?;
    if let Some(bad) = names
        .iter()
        .find(|n| !files::Files::store_names().any(|s| s == n.as_str()))
    {
        return Err(ApiError::validation(vec![FieldError::new(
            "disabled",
            format!("unknown store {bad}: the stores are archive and disk"),
        )]));
    }
    app.files.state().disabled = names.into_iter().collect();
    Ok(stores_state(&app))
}

/// `GET /api/dev/compliance` → `[{"workspaceId","path","message"}]`, in the order received.
pub(crate) async fn dev_compliance(State(app): State<Shared>) -> Response {
    let list = app.files.state().compliance.clone();
    reply::ok(&list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes() {
        assert_eq!(suffix("disk/a.bin/upload"), Suffix::Initiate("disk/a.bin"));
        assert_eq!(
            suffix("disk/a b.bin/upload/abc"),
            Suffix::Part("disk/a b.bin", "abc")
        );
        assert_eq!(suffix("disk/a.bin/upload/"), Suffix::Part("disk/a.bin", ""));
        assert_eq!(
            suffix("disk/a.bin/upload/abc/complete"),
            Suffix::Complete("disk/a.bin", "abc")
        );
        assert_eq!(suffix("disk/docs/a.csv"), Suffix::Plain);
        assert_eq!(suffix("disk/upload/x/y"), Suffix::Plain);
    }

    #[test]
    fn ranges() {
        assert_eq!(byte_range("bytes=0-9", 100), Some(Some((0, 9))));
        assert_eq!(byte_range("bytes=90-", 100), Some(Some((90, 99))));
        assert_eq!(byte_range("bytes=-10", 100), Some(Some((90, 99))));
        assert_eq!(byte_range("bytes=50-500", 100), Some(Some((50, 99))));
        assert_eq!(byte_range("bytes=100-", 100), Some(None));
        assert_eq!(byte_range("bytes=0-1,5-6", 100), None);
        assert_eq!(byte_range("items=0-1", 100), None);
        assert_eq!(byte_range("bytes=-5", 0), Some(None));
    }
}
