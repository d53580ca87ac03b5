//! Reactive pieces shared through context: the runtime config, the signed-in user, the shared
//! session status pollers and the activity store.
pub mod activity;
pub mod app_tabs;
pub mod auth;
pub mod visibility;
pub mod workbench_status;

use crate::config::RuntimeConfig;
use leptos::prelude::*;

/// The runtime config provided by the app shell.
pub fn use_config() -> RuntimeConfig {
    use_context::<RuntimeConfig>().unwrap_or_default()
}

/// Milliseconds since the epoch (the browser clock; 0 on the host).
pub fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// [`now_ms`] as whole milliseconds, the unit of the domain's clocks.
pub fn now_ms_i64() -> i64 {
    now_ms() as i64
}
