//! The platform's public workspaces (`GET /api/rest/v1/workspaces/public`, api.md §2): every
//! page, by name. Any logged-in user may list them (`listPublicWorkspaces`); CHORUS lists public
//! workspaces of any status.
use super::client::{page_params, rest, with_query, ApiClient, MAX_PAGE};
use super::wire::common::Envelope;
use super::wire::public_workspace::{PublicWorkspaceDto, PublicWorkspacesResult};
use super::ApiError;
use crate::domain::order::Order;
use crate::domain::paging::PageWalk;
use crate::domain::public_workspace::PublicWorkspace;

/// Every public workspace (all pages, to the safety stop), by name.
pub(crate) async fn list(api: ApiClient) -> Result<Vec<PublicWorkspace>, ApiError> {
    let mut all: Vec<PublicWorkspace> = Vec::new();
    let mut walk = PageWalk::new();
    loop {
        let [o, l, t, d] = page_params(walk.offset(), MAX_PAGE, Order::WORKSPACES);
        let path = with_query(
            &rest(&["workspaces", "public"]),
            &[(o.0, &o.1), (l.0, &l.1), (t.0, &t.1), (d.0, &d.1)],
        );
        let env = api.get::<Envelope<PublicWorkspacesResult>>(&path).await?;
        let total = env.pagination.map(|p| p.total);
        let page = env.result.public_workspaces;
        let take = |w: PublicWorkspaceDto| w.0;
        if !walk.take(&mut all, page, |w| w.0.id.clone(), take, total) {
            break;
        }
    }
    if let Some(cut) = walk.cut() {
        leptos::logging::warn!("{}", cut.words("public workspaces"));
    }
    crate::domain::sort_small(&mut all, |a, b| {
        let fold = |w: &PublicWorkspace| w.display_name().to_lowercase();
        fold(a)
            .cmp(&fold(b))
            .then_with(|| crate::domain::id_order(&a.id, &b.id))
    });
    Ok(all)
}
