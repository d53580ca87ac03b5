//! A workspace's files (`/api/rest/v1/workspaces/{id}/stores|files|file`; api.md, "Workspace
//! file service"). A file's path goes into the URL segment by segment, each percent-encoded
//! (`client::rest`), after its names were checked (`domain::files::name_problem`): CHORUS
//! resolves `..` and would leave the workspace.
use gloo_net::http::Method;
use web_sys::AbortSignal;

use super::client::{rest, with_query, ApiClient, Path};
use super::wire::common::Envelope;
use super::wire::files::{
    CompletedPart, EmptyFile, FileResult, FilesResult, Initiate, InitiateResult, NewPath, PartDto,
    PartResult, StoresResult,
};
use super::ApiError;
use crate::domain::files::{name_problem, sort_entries, Entry, Store};

/// The URL segments of full path `path` (`/disk/a/b.csv` → `disk`, `a`, `b.csv`; a folder's
/// ends with `""`, its trailing slash), or the reason it is refused.
fn segments(path: &str) -> Result<Vec<&str>, ApiError> {
    let is_folder = path.ends_with('/');
    let mut out: Vec<&str> = path
        .trim_start_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    if out.is_empty() {
        return Err(ApiError::NotAPathSegment(path.to_owned()));
    }
    if let Some(bad) = out.iter().find(|s| name_problem(s).is_some()) {
        return Err(ApiError::NotAPathSegment((*bad).to_owned()));
    }
    if is_folder {
        out.push("");
    }
    Ok(out)
}

/// `/workspaces/{ws}/<what>/<path…>` with `tail` after the path.
fn file_route(ws: &str, what: &str, path: &str, tail: &[&str]) -> Path {
    let mut all = vec!["workspaces", ws, what];
    let segs = segments(path)?;
    // A folder's trailing slash is kept only when nothing follows it.
    let segs_len = segs.len();
    for (i, s) in segs.into_iter().enumerate() {
        if s.is_empty() && (i + 1 < segs_len || !tail.is_empty()) {
            continue;
        }
        all.push(s);
    }
    all.extend_from_slice(tail);
    rest(&all)
}

/// The workspace's stores, in the backend's order.
pub(crate) async fn stores(api: ApiClient, ws: &str) -> Result<Vec<Store>, ApiError> {
    let env = api
        .get::<Envelope<StoresResult>>(&rest(&["workspaces", ws, "stores"]))
        .await?;
    Ok(env
        .result
        .stores
        .into_iter()
        .map(|s| s.0)
        .filter(|s| name_problem(&s.name).is_none())
        .collect())
}

/// The entries of folder `folder` (a full path ending with `/`), folders first, then by name.
pub(crate) async fn list(api: ApiClient, ws: &str, folder: &str) -> Result<Vec<Entry>, ApiError> {
    let env = api
        .get::<Envelope<FilesResult>>(&file_route(ws, "files", folder, &[])?)
        .await?;
    let mut entries: Vec<Entry> = env.result.files.into_iter().map(|f| f.0).collect();
    sort_entries(&mut entries);
    Ok(entries)
}

/// Creates folder `path` (a full path ending with `/`).
pub(crate) async fn create_folder(
    api: ApiClient,
    ws: &str,
    path: &str,
    name: &str,
) -> Result<(), ApiError> {
    post_folder(api, ws, path, name, None).await
}

/// Creates folder `path` (a full path ending with `/`) for an upload: with the statements the
/// user confirmed (`complianceMessage`, as for a file). An existing one answers 409 (api.md,
/// "Folders").
pub(crate) async fn create_upload_folder(
    api: ApiClient,
    ws: &str,
    path: &str,
    name: &str,
    compliance: &str,
) -> Result<(), ApiError> {
    post_folder(api, ws, path, name, Some(compliance)).await
}

/// `POST /workspaces/{ws}/file` of a folder, with the compliance statements when given.
async fn post_folder(
    api: ApiClient,
    ws: &str,
    path: &str,
    name: &str,
    compliance: Option<&str>,
) -> Result<(), ApiError> {
    segments(path)?;
    let body = NewPath {
        path,
        name,
        is_directory: true,
    };
    let route = rest(&["workspaces", ws, "file"]);
    let route = match compliance {
        Some(c) => with_query(&route, &[("complianceMessage", c)]),
        None => route,
    };
    api.post::<_, serde_json::Value>(&route, &body)
        .await
        .map(drop)
}

/// Renames (moves) `from` to `to`, both full paths of files.
pub(crate) async fn rename(
    api: ApiClient,
    ws: &str,
    from: &str,
    to: &str,
    name: &str,
) -> Result<(), ApiError> {
    segments(to)?;
    let body = NewPath {
        path: to,
        name,
        is_directory: false,
    };
    api.put::<_, serde_json::Value>(&file_route(ws, "file", from, &[])?, &body)
        .await
        .map(drop)
}

/// Deletes `path` (a folder, ending with `/`, with everything in it).
pub(crate) async fn delete(api: ApiClient, ws: &str, path: &str) -> Result<(), ApiError> {
    api.delete::<serde_json::Value>(&file_route(ws, "file", path, &[])?)
        .await
        .map(drop)
}

/// Writes an empty file (an upload of 0 bytes cannot be started: api.md, "Sizes").
pub(crate) async fn create_empty(
    api: ApiClient,
    ws: &str,
    path: &str,
    name: &str,
    mime_type: &str,
    compliance: &str,
    signal: Option<&AbortSignal>,
) -> Result<Entry, ApiError> {
    segments(path)?;
    let body = EmptyFile {
        path,
        name,
        mime_type,
        content: "",
    };
    let route = with_query(
        &rest(&["workspaces", ws, "file"]),
        &[("complianceMessage", compliance)],
    );
    api.send_abortable::<_, Envelope<FileResult>>(Method::POST, &route, Some(&body), signal)
        .await
        .map(|env| env.result.file.0)
}

/// Starts the upload of `size` bytes to `path`: the backend's id and plan.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn initiate(
    api: ApiClient,
    ws: &str,
    path: &str,
    name: &str,
    size: u64,
    mime_type: &str,
    compliance: &str,
    signal: Option<&AbortSignal>,
) -> Result<InitiateResult, ApiError> {
    let body = Initiate {
        path,
        name,
        size: size.to_string(),
        mime_type,
    };
    let route = with_query(
        &file_route(ws, "file", path, &["upload"])?,
        &[("complianceMessage", compliance)],
    );
    let env = api
        .send_abortable::<_, Envelope<InitiateResult>>(Method::POST, &route, Some(&body), signal)
        .await?;
    if env.result.upload_id.trim().is_empty() {
        return Err(ApiError::Decode(
            "the backend gave the upload no id".to_owned(),
        ));
    }
    Ok(env.result)
}

/// Sends one part (`body`: its JSON, made in JavaScript from the file's slice).
pub(crate) async fn upload_part(
    api: ApiClient,
    ws: &str,
    path: &str,
    upload_id: &str,
    body: wasm_bindgen::JsValue,
    signal: Option<&AbortSignal>,
) -> Result<PartDto, ApiError> {
    let route = file_route(ws, "file", path, &["upload", upload_id])?;
    api.put_js::<Envelope<PartResult>>(&route, body, signal)
        .await
        .map(|env| env.result.part)
}

/// Ends the upload with its parts (number, etag), in order.
pub(crate) async fn complete(
    api: ApiClient,
    ws: &str,
    path: &str,
    upload_id: &str,
    parts: &[(u64, String)],
    signal: Option<&AbortSignal>,
) -> Result<Entry, ApiError> {
    let body: Vec<CompletedPart> = parts
        .iter()
        .map(|(n, etag)| CompletedPart {
            part_number: n.to_string(),
            etag: etag.clone(),
        })
        .collect();
    let route = file_route(ws, "file", path, &["upload", upload_id, "complete"])?;
    api.send_abortable::<_, Envelope<FileResult>>(Method::POST, &route, Some(&body), signal)
        .await
        .map(|env| env.result.file.0)
}

/// Abandons the upload: the backend drops its parts.
pub(crate) async fn abort(
    api: ApiClient,
    ws: &str,
    path: &str,
    upload_id: &str,
) -> Result<(), ApiError> {
    api.delete::<serde_json::Value>(&file_route(ws, "file", path, &["upload", upload_id])?)
        .await
        .map(drop)
}

/// The URL of a file's bytes (the dev server's extension `GET /workspaces/{id}/raw/{path}`:
/// CHORUS's own `GetWorkspaceFile` answers without the content).
pub(crate) fn raw_url(api: ApiClient, ws: &str, path: &str) -> Result<String, ApiError> {
    Ok(api.url(&file_route(ws, "raw", path, &[])?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_encoded_segments() {
        assert_eq!(
            file_route("1", "files", "/disk/a b/", &[]).unwrap(),
            "/api/rest/v1/workspaces/1/files/disk/a%20b/"
        );
        assert_eq!(
            file_route("1", "file", "/disk/big file.bin", &["upload", "u1"]).unwrap(),
            "/api/rest/v1/workspaces/1/file/disk/big%20file.bin/upload/u1"
        );
        assert_eq!(
            file_route("1", "file", "/disk/docs/", &[]).unwrap(),
            "/api/rest/v1/workspaces/1/file/disk/docs/"
        );
        assert_eq!(
            file_route("1", "files", "/disk/", &[]).unwrap(),
            "/api/rest/v1/workspaces/1/files/disk/"
        );
        assert!(file_route("1", "file", "/disk/../etc/x", &[]).is_err());
        assert!(file_route("1", "file", "/disk/a\0b", &[]).is_err());
        assert!(file_route("1", "file", "", &[]).is_err());
    }
}
