//! In-browser component tests (wasm-bindgen-test in headless Chromium):
//! `cargo test --target wasm32-unknown-unknown -p console --test browser`.
//! Each feature owns one module file under `tests/browser/`.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "browser/support.rs"]
mod support;

#[path = "browser/activity.rs"]
mod activity;
#[path = "browser/admin.rs"]
mod admin;
#[path = "browser/conflict.rs"]
mod conflict;
#[path = "browser/desktops.rs"]
mod desktops;
#[path = "browser/foundation.rs"]
mod foundation;
#[path = "browser/loaded.rs"]
mod loaded;
#[path = "browser/requests.rs"]
mod requests;
#[path = "browser/session.rs"]
mod session;
#[path = "browser/sign_out.rs"]
mod sign_out;
#[path = "browser/tabs.rs"]
mod tabs;
#[path = "browser/timeline.rs"]
mod timeline;
#[path = "browser/trust.rs"]
mod trust;

#[path = "browser/work.rs"]
mod work;
#[path = "browser/wrappers.rs"]
mod wrappers;
