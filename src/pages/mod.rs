//! One page per route (ui.md, "Routes").
pub mod activity;
pub mod admin_roles;
pub mod admin_users;
pub mod login;
pub mod not_found;
pub mod session;
pub mod workspace;
pub mod workspaces;
