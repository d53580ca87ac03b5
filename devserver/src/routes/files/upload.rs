//! Multipart uploads: `…/file/{path=**}/upload` starts one, `…/upload/{uploadId}` takes a part
//! (`PUT`) or aborts (`DELETE`), `…/upload/{uploadId}/complete` makes the file.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::Response;
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::json;
use tokio::io::AsyncWriteExt;

use super::common::{
    already_exists, checked, decode_bytes, exists, file_out, file_reply, invalid_path, with_note,
    workspace, FileIn, FILE_BODY_LIMIT, UPLOAD,
};
use crate::codec;
use crate::error::{ApiError, ApiResult, Code};
use crate::extract::{BodySpec, Id, OptId, Params};
use crate::reply;
use crate::state::Shared;
use crate::store::files::{self, FilePath, Upload};

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
pub(super) struct PartRef {
    #[serde(default)]
    part_number: OptId,
    etag: Option<String>,
    #[serde(rename = "data")]
    _data: Option<IgnoredAny>,
}

/// The body of `complete`: a JSON array of parts (grpc-gateway's error in the chorus flavor).
pub(super) async fn parts_body(req: Request, app: &Shared) -> ApiResult<Vec<PartRef>> {
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

/// The upload `id` of this store (and in ours of this workspace and path).
fn upload_of(app: &Shared, ws: u64, p: &FilePath, id: &str) -> Option<Upload> {
    let st = app.files.state();
    let u = st.uploads.get(id)?;
    let ours = u.workspace == ws && u.rel == p.rel;
    (u.store == p.store && (app.chorus() || ours)).then(|| u.clone())
}

/// `POST …/file/{path=**}/upload?complianceMessage=…` `{"path","name","size","mimeType"}`.
pub(super) async fn initiate(
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
pub(super) async fn part(
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
pub(super) async fn complete(
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
pub(super) async fn abort(
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
