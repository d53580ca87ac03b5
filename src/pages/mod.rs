//! One page per route (ui.md, "Routes"). **A new page goes here**: a file with its component,
//! its path in `lazy.rs` (`top_page`, `admin_page` or `workspace_section`); it composes components, reads app-level state with `expect_context`
//! and calls the backend only through `crate::api`. A page with several parts of its own
//! (`activity/`, `admin_users/`) is a folder, one file per part. Requests a page makes on a
//! user's click are `Action`s (their `pending` disables the button), data it loads are
//! `state::resource`s.
pub mod activity;
pub(crate) mod admin_apps;
pub(crate) mod admin_lists;
pub(crate) mod admin_organizations;
pub(crate) mod admin_overview;
pub mod admin_roles;
pub(crate) mod admin_terms;
pub mod admin_users;
pub(crate) mod apps;
pub(crate) mod audit;
pub(crate) mod data;
pub(crate) mod data_index;
pub(crate) mod home;
pub mod lazy;
pub mod login;
pub(crate) mod members;
pub(crate) mod messages;
pub mod not_found;
pub(crate) mod organizations;
pub(crate) mod platform_settings;
pub(crate) mod profile;
pub(crate) mod public_workspaces;
pub(crate) mod register;
pub(crate) mod requests;
pub(crate) mod services;
pub mod session;
pub(crate) mod sessions;
pub(crate) mod terms;
pub(crate) mod workspace;
pub(crate) mod workspace_settings;
pub(crate) mod workspaces;
