//! `GET /workspaces/public` (api.md §2 "Public workspaces"), both flavors: every workspace
//! whose visibility is public and that is not deleted, whatever its status, with its contact;
//! `listPublicWorkspaces` (every logged-in user); paged as every list. The chorus flavor answers
//! from CHORUS's one-second cache (`store/workspace_cache.rs`).
//!
//! axum matches the static `/workspaces/public` before `/workspaces/{id}`, as CHORUS's gateway
//! does.

use axum::extract::State;
use axum::response::Response;

use crate::error::ApiResult;
use crate::extract::{Caller, Params};
use crate::order;
use crate::perms::Target;
use crate::reply;
use crate::state::Shared;
use crate::store::workspace_cache::{Contact, Listed, PublicRow};
use crate::store::{Store, Workspace};

use super::params::DEFAULT_LIMIT;

/// The public rows, in the flavor's order for `paging`.
fn rows(st: &Store, paging: &crate::reply::Paging, chorus: bool) -> Listed<PublicRow> {
    let mut rows: Vec<&Workspace> = st
        .workspaces
        .values()
        .filter(|w| w.settings.public)
        .collect();
    let sorted = order::arrange(&mut rows, paging.sort(), chorus);
    let rows = rows
        .into_iter()
        .map(|w| PublicRow {
            workspace: w.clone(),
            contact: st.users.get(&w.settings.contact_user_id).map(Contact::from),
        })
        .collect();
    (rows, sorted)
}

pub(crate) async fn list(
    State(app): State<Shared>,
    Caller(uid): Caller,
    params: Params,
) -> ApiResult<Response> {
    let chorus = app.chorus();
    let paging = params.paging(app.config.flavor, DEFAULT_LIMIT)?;
    let mut st = app.store();
    st.require(uid, "listPublicWorkspaces", &Target::none())?;
    let key = format!("{paging:?}");
    let cached = chorus.then(|| st.workspace_cache.public(&key)).flatten();
    let (rows, sorted) = match cached {
        Some(hit) => hit,
        None => {
            let fresh = rows(&st, &paging, chorus);
            if chorus {
                st.workspace_cache.keep_public(key, fresh.clone());
            }
            fresh
        }
    };
    let view = app.view();
    let items: Vec<_> = rows.iter().map(|r| view.public_workspace(r)).collect();
    Ok(reply::page("publicWorkspaces", items, &paging, sorted))
}
