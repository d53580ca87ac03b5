//! Workspaces (`/api/rest/v1/workspaces`).
use super::client::{page_params, rest, with_query, ApiClient, MAX_PAGE};
use super::wire::common::Envelope;
use super::wire::workspace::{WorkspaceResult, WorkspacesResult};
use super::ApiError;
use crate::domain::order::{sort_workspaces, Order};
use crate::domain::workspace::Workspace;

/// Every workspace the user can see (all pages), by name.
pub(crate) async fn list(api: ApiClient) -> Result<Vec<Workspace>, ApiError> {
    let mut all: Vec<Workspace> = Vec::new();
    let mut offset = 0u64;
    // At most 20 pages: a backend that ignores the offset cannot loop us.
    for _ in 0..20 {
        let [o, l, t, d] = page_params(offset, MAX_PAGE, Order::WORKSPACES);
        let path = with_query(
            &rest(&["workspaces"]),
            &[(o.0, &o.1), (l.0, &l.1), (t.0, &t.1), (d.0, &d.1)],
        );
        let env = api.get::<Envelope<WorkspacesResult>>(&path).await?;
        let got = env.result.workspaces.len() as u64;
        all.extend(env.result.workspaces.into_iter().map(Workspace::from));
        offset += got;
        if !env.pagination.is_some_and(|p| p.total > offset && got > 0) {
            break;
        }
    }
    sort_workspaces(&mut all);
    Ok(all)
}

/// One workspace.
pub(crate) async fn get(api: ApiClient, id: &str) -> Result<Workspace, ApiError> {
    api.get::<Envelope<WorkspaceResult>>(&rest(&["workspaces", id]))
        .await
        .map(|env| Workspace::from(env.result.workspace))
}
