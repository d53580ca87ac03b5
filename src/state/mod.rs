//! Reactive pieces: the runtime config, the signed-in user ([`auth`]), the one poll engine
//! ([`poll`]) and what runs on it (a session's status, the app tabs, the builds of the activity
//! store), the one document-visibility signal. App-level pieces are provided by the shell and
//! read with `expect_context` (fail closed); page-level ones are provided by their page.
pub mod activity;
pub mod app_tabs;
pub mod auth;
pub(crate) mod branding;
pub mod clock;
pub mod derived;
pub mod desktop_tuning;
pub mod desktops;
pub(crate) mod fresh_save;
pub mod kept;
pub(crate) mod limits;
pub(crate) mod new_session;
pub mod notifications;
pub(crate) mod page_title;
pub mod poll;
pub mod requests;
pub mod resource;
pub mod session_scope;
pub mod slot;
pub mod start_gets;
pub mod start_times;
pub mod storage;
pub(crate) mod stream;
pub mod terms_gate;
pub(crate) mod throttle;
pub(crate) mod timer;
pub mod transfers;
pub(crate) mod uploads;
pub mod visibility;
pub(crate) mod workbench_observer;
pub mod workbench_status;
pub mod workbench_summary;
pub(crate) mod workbench_watch;

use crate::config::RuntimeConfig;
use leptos::prelude::*;

pub use derived::Derived;
pub use kept::Kept;
pub use resource::{resource, Resource};
pub use slot::Slot;

/// The runtime config provided by the app shell.
pub fn use_config() -> RuntimeConfig {
    use_context::<RuntimeConfig>().unwrap_or_default()
}

/// Milliseconds since the epoch: [`clock::now_ms`] (the browser's clock, or a test's manual
/// one; 0 on the host).
pub fn now_ms() -> f64 {
    clock::now_ms()
}

/// [`now_ms`] as whole milliseconds, the unit of the domain's clocks.
pub fn now_ms_i64() -> i64 {
    now_ms() as i64
}

/// A random number in `[0, 1)` (`Math.random()`; 0.5 on the host).
pub fn random() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Math::random()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.5
    }
}

/// A memo ([`Memo::new`]) as a [`Derived`]: one copy of the memo's machinery for every value
/// type, as [`crate::components::local_action`] does for actions.
pub fn memo<T>(f: impl Fn(Option<&T>) -> T + Send + Sync + 'static) -> Derived<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    Derived::new(f)
}

/// [`Effect::new`] with its function boxed: one copy of the effect's machinery for every effect
/// of the same value type (most are `()`), as [`memo`] does for memos.
pub fn effect<T: 'static>(f: impl FnMut(Option<T>) -> T + 'static) -> Effect<LocalStorage> {
    type BoxedFn<T> = Box<dyn FnMut(Option<T>) -> T>;
    let f: BoxedFn<T> = Box::new(f);
    Effect::new(f)
}
