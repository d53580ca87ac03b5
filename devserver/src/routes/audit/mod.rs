//! CHORUS's audit service (api.md "Audit service"), both flavors: the five list routes
//! ([`lists`]) and the dev routes ([`dev`]). The entries live in `store/audit.rs`; the hook
//! that writes an entry for every write the API answers (as CHORUS's `*-audit.go` middlewares
//! do) is `mw/audit.rs`.

use axum::routing::get;
use axum::Router;

use crate::state::Shared;
use crate::wire::v1;

mod dev;
mod entry;
mod lists;

/// The routes of the audit service.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route(&v1("/audit"), get(lists::platform))
        .route(&v1("/audit/workspaces/{id}"), get(lists::workspace))
        .route(&v1("/audit/workbenches/{id}"), get(lists::workbench))
        .route(&v1("/audit/users/{id}"), get(lists::user))
        .route(&v1("/audit/actors/{id}"), get(lists::actor))
}

/// The dev routes of the audit log (behind the dev guard).
pub(crate) fn dev_routes() -> Router<Shared> {
    Router::new().route(
        "/api/dev/audit",
        get(dev::dev_list).post(dev::dev_add).put(dev::dev_put),
    )
}
