//! Data requests, the airlock (`/api/rest/v1/approval-requests`; api.md, "Approval-request
//! service"): ask, list, count what waits, read, decide, cancel, and download an approved
//! extraction's file. Lists come newest first whatever order the backend sends.
use super::client::{page_params, rest, with_query, ApiClient};
use super::wire::common::Envelope;
use super::wire::requests::{DecisionBody, NewRequest, RequestResult, RequestsResult};
use super::ApiError;
use crate::domain::order::{sort_requests, Order};
use crate::domain::requests::{Request, Status};

/// Asks for an extraction (`destination` `None`) or a transfer of `paths` out of `source`.
pub(crate) async fn create(
    api: ApiClient,
    source: &str,
    destination: Option<&str>,
    title: &str,
    description: &str,
    paths: Vec<String>,
) -> Result<Request, ApiError> {
    let route = if destination.is_some() {
        "data-transfer"
    } else {
        "data-extraction"
    };
    let body = NewRequest {
        source_workspace_id: source.to_owned(),
        destination_workspace_id: destination.map(str::to_owned),
        title: title.trim().to_owned(),
        description: description.trim().to_owned(),
        file_paths: paths,
    };
    api.post::<_, Envelope<RequestResult>>(&rest(&["approval-requests", route])?, &body)
        .await
        .map(|e| e.result.approval_request.0)
}

/// Notes what the records say of the backend: a decision without a `comment` means it keeps
/// none (CHORUS), remembered per API origin so that the next approver is told before writing.
fn note_comments(api: ApiClient, rows: &[Request]) {
    if rows.iter().any(|r| r.comments_kept() == Some(false)) {
        api.mark_missing(super::extension::Extension::DecisionComments);
    }
}

/// Which requests a list shows.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub(crate) struct ListQuery {
    /// The signed-in user's id.
    pub me: String,
    /// `true`: those waiting for the user's decision (`To review`); `false`: the user's own.
    pub to_review: bool,
    pub workspace: Option<String>,
    pub status: Option<Status>,
    pub offset: u64,
    pub limit: u32,
}

/// One page of requests, newest first, and how many there are in all.
pub(crate) async fn list(api: ApiClient, q: &ListQuery) -> Result<(Vec<Request>, u64), ApiError> {
    let who = if q.to_review {
        "filter.approverId"
    } else {
        "filter.requesterId"
    };
    let page = page_params(q.offset, q.limit, Order::REQUESTS);
    let mut params: Vec<(&str, &str)> = page.iter().map(|(k, v)| (*k, v.as_str())).collect();
    params.push((who, &q.me));
    if let Some(ws) = q.workspace.as_deref().filter(|w| !w.is_empty()) {
        params.push(("filter.workspaceId", ws));
    }
    if let Some(s) = q.status.and_then(Status::wire) {
        params.push(("filter.statusesIn", s));
    }
    let env = api
        .get::<Envelope<RequestsResult>>(&with_query(&rest(&["approval-requests"])?, &params)?)
        .await?;
    let mut rows = env.result.0;
    note_comments(api, &rows);
    sort_requests(&mut rows);
    let total = env
        .pagination
        .map(|p| p.total)
        .unwrap_or(rows.len() as u64)
        .max(q.offset + rows.len() as u64);
    Ok((rows, total))
}

/// How many requests wait for `me`'s decision (pending, `me` among the approvers).
pub(crate) async fn waiting_count(api: ApiClient, me: &str) -> Result<u64, ApiError> {
    approver_total(api, me, true).await
}

/// How many requests name `me` as an approver, whatever their status.
pub(crate) async fn named_approver_count(api: ApiClient, me: &str) -> Result<u64, ApiError> {
    approver_total(api, me, false).await
}

async fn approver_total(api: ApiClient, me: &str, pending: bool) -> Result<u64, ApiError> {
    let mut params = vec![
        ("filter.approverId", me),
        ("pagination.offset", "0"),
        ("pagination.limit", "1"),
    ];
    if pending {
        params.push(("filter.pendingApproval", "true"));
    }
    let path = with_query(&rest(&["approval-requests"])?, &params)?;
    let env = api.get::<Envelope<RequestsResult>>(&path).await?;
    Ok(env
        .pagination
        .map(|p| p.total)
        .unwrap_or(env.result.0.len() as u64))
}

/// One request.
pub(crate) async fn get(api: ApiClient, id: &str) -> Result<Request, ApiError> {
    let r = api
        .get::<Envelope<RequestResult>>(&rest(&["approval-requests", id])?)
        .await
        .map(|e| e.result.approval_request.0)?;
    note_comments(api, std::slice::from_ref(&r));
    Ok(r)
}

/// Approves or rejects every open step the user may decide.
pub(crate) async fn decide(
    api: ApiClient,
    id: &str,
    approve: bool,
    comment: &str,
) -> Result<Request, ApiError> {
    let body = DecisionBody {
        approve,
        comment: comment.trim().to_owned(),
    };
    let r = api
        .post::<_, Envelope<RequestResult>>(&rest(&["approval-requests", id, "approve"])?, &body)
        .await
        .map(|e| e.result.approval_request.0)?;
    note_comments(api, std::slice::from_ref(&r));
    Ok(r)
}

/// Cancels (deletes) a pending request.
pub(crate) async fn cancel(api: ApiClient, id: &str) -> Result<(), ApiError> {
    api.delete::<serde_json::Value>(&rest(&["approval-requests", id])?)
        .await
        .map(|_| ())
}

/// The path of an approved file: `…/files/` and its `sourcePath` as the backend keeps it, its
/// leading slash too (`…/files//disk/a.csv`): a running CHORUS finds a file only by its exact
/// `sourcePath` (`/disk/a.csv`), which `…/files/disk/a.csv` is not, and an encoded slash
/// (`%2Fdisk`) is refused at the deployment's front door (deploy/: no encoded slash in a path).
/// Each name is percent-encoded; `.` and `..` are refused.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn file_path(id: &str, source_path: &str) -> super::client::Path {
    let mut out = rest(&["approval-requests", id, "files"])?;
    let names: Vec<&str> = source_path.split('/').collect();
    let lead = usize::from(source_path.starts_with('/'));
    let rest_names = &names[lead..];
    if rest_names.is_empty()
        || rest_names
            .iter()
            .any(|n| n.is_empty() || matches!(*n, "." | ".."))
    {
        return Err(ApiError::NotAPathSegment(source_path.to_owned()));
    }
    out.push('/');
    if lead == 1 {
        out.push('/');
    }
    let encoded: Vec<String> = rest_names
        .iter()
        .map(|n| super::client::encode_component(n))
        .collect();
    out.push_str(&encoded.join("/"));
    Ok(out)
}

/// Downloads an approved file: the backend sends it whole, base64 in JSON (api.md); the bytes
/// are decoded by the browser (a `data:` URL fetched into a `Blob`), never copied into the
/// wasm memory.
#[cfg(target_arch = "wasm32")]
pub(crate) async fn download(
    api: ApiClient,
    id: &str,
    source_path: &str,
) -> Result<web_sys::Blob, ApiError> {
    let path = file_path(id, source_path)?;
    api.get_base64_blob(&path, &["result", "content"]).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_path_keeps_the_leading_slash_of_its_store() {
        assert_eq!(
            file_path("7", "/disk/out 1.csv").as_deref(),
            Ok("/api/rest/v1/approval-requests/7/files//disk/out%201.csv")
        );
        assert_eq!(
            file_path("7", "disk/a").as_deref(),
            Ok("/api/rest/v1/approval-requests/7/files/disk/a")
        );
        assert!(file_path("7", "/disk/../etc").is_err());
        assert!(file_path("7", "").is_err());
        assert!(file_path("7", "/disk//a").is_err());
        assert!(file_path("..", "/disk/a").is_err());
    }
}
