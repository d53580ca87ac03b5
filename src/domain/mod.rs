//! Plain Rust types and rules. No web-sys, no signals: everything here runs under native `cargo test`.
pub mod conditions;
pub mod jobs;
pub mod permissions;
pub mod poll;
pub mod tabs;
pub mod time;
pub mod user;
pub mod workbench;
pub mod workspace;
