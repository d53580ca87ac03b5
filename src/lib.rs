//! The research-workspace console: a client-side-rendered Leptos app.
//!
//! Layers, from the bottom up:
//! - [`domain`]: plain Rust types and rules, no web APIs (native `cargo test`).
//! - [`api`]: wire DTOs, their mapping to domain types, the HTTP/EventSource client, [`api::ApiError`].
//! - [`state`]: reactive pieces shared through context (config, auth, pollers, activity).
//! - [`components`] and [`pages`]: views.
pub mod api;
pub mod components;
pub mod config;
pub mod domain;
pub mod pages;
mod routes;
pub mod state;

mod app;
pub use app::App;
