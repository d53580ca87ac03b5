//! Wire DTOs: the JSON shapes of `shared/spec/api.md`, tolerant of missing fields, `""` for unset
//! values and unknown enum strings, and their mapping to [`crate::domain`] types.
pub mod account;
pub mod admin;
pub mod app_catalogue;
pub mod apps;
pub mod audit;
pub mod auth;
pub mod common;
pub mod files;
pub mod jobs;
pub mod notification;
pub mod organization;
pub mod platform_settings;
pub mod public_workspace;
pub mod requests;
pub mod services;
pub mod terms;
pub mod user;
pub mod workbench;
pub mod workspace;

#[cfg(test)]
mod chorus_tests;
#[cfg(test)]
mod design_tests;
