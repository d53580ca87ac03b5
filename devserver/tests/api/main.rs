//! The dev server's tests, in one binary (one link instead of eighteen): a module per resource
//! of the API, the simulated controller (`sim`) and the server around it (`server`).

mod common;

mod admin_lists;
mod app_catalogue;
mod approvals;
mod apps;
mod auth;
mod big_folder;
mod chorus;
mod chorus_authz;
mod chorus_roles;
mod chorus_seen;
mod chorus_sessions;
mod chorus_tokens;
mod chorus_users;
mod dev;
mod devstore;
mod files;
mod inbox;
mod jobs;
mod organizations;
mod platform_settings;
mod public_sessions;
mod roles;
mod server;
mod services;
mod sim;
mod sse;
mod teams;
mod trust;
mod users;
mod watch;
mod workbenches;
mod workspace_settings;
mod workspaces;
