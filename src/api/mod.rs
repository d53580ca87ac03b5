//! Talking to the backend. Where things go:
//!
//! - [`client`]: the transport (base URL, credentials, decoding, errors, which extension routes
//!   the backend lacks). Ids enter paths only through [`client::rest`]/[`client::jobs`], which
//!   percent-encode every segment.
//! - One module per resource with typed calls that return domain types: [`auth`],
//!   [`workspaces`], [`workbenches`], [`apps`], [`users`], [`roles`], [`jobs`], [`files`];
//!   the terms of use in [`terms`], the audit log in [`audit`], one's own account (password,
//!   two-factor sign-in) in [`account`]. **A new endpoint
//!   goes here**: its DTOs in `wire/<resource>.rs` (with `From` into the domain type), its
//!   function in `<resource>.rs`. No API path is written outside this module.
//! - [`wire`]: the JSON shapes of api.md, tolerant of missing fields, `""`, unknown enum values
//!   and protobuf spellings; mapping to the domain is always `From`.
//! - [`early`]: replies the start-up script asked for before the app started (taken by the
//!   client's GETs), and the list of what this page load asked first.
//! - [`error`]: [`ApiError`], the one error type, and its words; [`extension`]: the routes a
//!   backend may lack (below both, so the client and the error type do not import each other).
pub mod account;
pub(crate) mod app_admin;
pub mod app_catalogue;
pub mod apps;
pub mod audit;
pub mod auth;
pub mod client;
pub mod devstore;
pub(crate) mod early;
pub mod error;
pub mod extension;
pub mod files;
pub mod jobs;
pub mod notifications;
pub mod organizations;
pub mod platform_settings;
pub mod public_workspaces;
pub mod requests;
pub mod roles;
pub mod services;
pub mod teams;
pub mod terms;
pub mod users;
pub mod wire;
pub mod workbenches;
pub mod workspaces;

pub use client::{is_offline_now, ApiClient, Conditional, Extension};
pub use error::{ApiError, ErrorKind};
