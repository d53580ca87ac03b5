//! Workspaces (`/api/rest/v1/workspaces`).
use super::client::{page_params, rest, with_query, ApiClient, MAX_PAGE};
use super::wire::common::Envelope;
use super::wire::workspace::{WorkspaceResult, WorkspacesResult};
use super::ApiError;
use crate::domain::order::{sort_workspaces, Order};
use crate::domain::paging::PageWalk;
use crate::domain::workspace::Workspace;

/// Every workspace the user can see (all pages, to the safety stop: then a warning in the
/// browser's console), by name.
pub(crate) async fn list(api: ApiClient) -> Result<Vec<Workspace>, ApiError> {
    let mut all: Vec<Workspace> = Vec::new();
    let mut walk = PageWalk::new();
    loop {
        let [o, l, t, d] = page_params(walk.offset(), MAX_PAGE, Order::WORKSPACES);
        let path = with_query(
            &rest(&["workspaces"]),
            &[(o.0, &o.1), (l.0, &l.1), (t.0, &t.1), (d.0, &d.1)],
        );
        let env = api.get::<Envelope<WorkspacesResult>>(&path).await?;
        let total = env.pagination.map(|p| p.total);
        let page = env.result.workspaces;
        if !walk.take(&mut all, page, |w| w.id.clone(), Workspace::from, total) {
            break;
        }
    }
    if let Some(cut) = walk.cut() {
        leptos::logging::warn!("{}", cut.words("workspaces"));
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
