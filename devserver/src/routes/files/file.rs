//! `…/file/{rest}`: a file's metadata, a new file or folder, a move or copy, a delete; and
//! which of these (or of the upload calls) the end of the URL names.

use axum::extract::{FromRequest, Request, State};
use axum::http::Method;
use axum::response::Response;

use super::common::{
    already_exists, checked, decode_bytes, does_not_exist, exists, file_out, file_reply,
    invalid_path, stat, with_note, workspace, FileIn, FileRoute, DOWNLOAD, MODIFY, UPLOAD,
};
use super::upload::{abort, complete, initiate, part, parts_body, PartIn};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Caller, Id, JsonBody, Params};
use crate::reply;
use crate::routes::params::bool_param;
use crate::state::Shared;

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
            let path = req.uri().path();
            Err(ApiError::method_not_allowed(
                app.chorus(),
                &Method::POST,
                path,
            ))
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
}
