//! `GET …/stores` and `GET …/files/{path=**}`: the stores, a folder's entries.

use axum::extract::State;
use axum::response::Response;

use super::common::{checked, file_out, workspace, FileOut, FileRoute, LIST};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Caller, Id};
use crate::reply;
use crate::state::Shared;

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
