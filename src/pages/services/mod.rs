//! `/workspaces/:workspaceId/services` (ui.md, "services"): a workspace's services (Helm charts
//! such as PostgreSQL or MLflow that the cluster runs beside its sessions), followed live.
//!
//! Who may do what is CHORUS's (api.md §3): whoever sees the workspace sees the list and the
//! connection info; a member (`getWorkspaceServiceInstanceSecret`) may reveal a secret; an
//! admin adds (`createWorkspaceServiceInstance`), stops, starts and changes
//! (`updateWorkspaceServiceInstance`) and deletes (`deleteWorkspaceServiceInstance`).
//!
//! The parts: `page.rs` (the page, the live list and its table), `ctx.rs` (what the parts
//! share), `row.rs` (a service's row: status, connection info with `Copy`, Stop/Start, Delete),
//! `secrets.rs` (`Show secrets`, fetched on demand and kept only while shown),
//! `parameters.rs` (the values edited as JSON), `new_service.rs` (`New service` and its presets).
mod ctx;
mod new_service;
mod page;
mod parameters;
mod row;
mod secrets;

pub(crate) use page::ServicesPage;
