//! `POST /api/dev/folder`: a folder of many small files at once (issue 50), for the big-folder
//! benchmark and end-to-end tests (store/bulk.rs makes them).

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ApiError, ApiResult};
use crate::extract::{BodySpec, JsonBody};
use crate::reply;
use crate::state::Shared;
use crate::store::bulk::{seed_folder, MAX_FILES};
use crate::store::files::FilePath;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FolderIn {
    /// `"1"` or `1`.
    workspace_id: Value,
    store: String,
    /// Relative to the store: `big`, `a/b/c` (leading and trailing `/` ignored).
    path: String,
    files: usize,
}

impl BodySpec for FolderIn {}

#[derive(Serialize)]
struct FolderOut {
    path: String,
    files: usize,
}

/// `POST /api/dev/folder {"workspaceId":"1","store":"disk","path":"big","files":10000}` → 200
/// `{"path":"big","files":10000}`: the folder (and its parents) holds exactly `sample-000001.csv`
/// … `sample-010000.csv` now (what it held before is gone). 400 for an unknown workspace, an
/// unknown or disabled store, an invalid or empty path, more than 200000 files, or a path
/// through a file.
pub(crate) async fn seed(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<FolderIn>,
) -> ApiResult<Response> {
    let ws = match &body.workspace_id {
        Value::String(s) => s.trim().parse::<u64>().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
    .filter(|id| app.store_raw().workspaces.contains_key(id))
    .ok_or_else(|| {
        let id = match &body.workspace_id {
            Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        ApiError::invalid(format!("Unknown workspace: {id}"))
    })?;
    app.files.check_store(&body.store)?;
    if body.files > MAX_FILES {
        return Err(ApiError::invalid(format!(
            "files: at most {MAX_FILES} (got {})",
            body.files
        )));
    }
    let rel = body.path.trim_matches('/');
    if rel.is_empty() {
        return Err(ApiError::invalid(
            "path: name a folder inside the store, not its root",
        ));
    }
    let p = FilePath::parse(&format!("{}/{rel}/", body.store))?;
    let dir = app.files.locate(ws, &p);
    let n = body.files;
    tokio::task::spawn_blocking(move || seed_folder(&dir, n))
        .await
        .map_err(|_| ApiError::internal("seeding the folder panicked"))?
        .map_err(|e| ApiError::invalid(format!("Cannot make folder {rel}: {e}")))?;
    Ok(reply::ok(&FolderOut {
        path: p.rel,
        files: n,
    }))
}
