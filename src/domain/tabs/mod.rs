//! App tabs inside a session, one file each:
//!
//! - `apps.rs`: [`App`], [`AppInstance`] and its statuses, as the backend sends them;
//! - `tab.rs`: one [`Tab`], its state ([`derive_tab_state`], precedence below) and sentences;
//! - `model.rs`: [`Tabs`], the tabs of one session and every operation on them;
//! - `waits.rs`: time around the model ([`TabWaits`]: time waited, deadlines) and polling
//!   ([`vanished`]);
//! - `strip.rs`: what the strip and a panel show ([`tab_info`]) and the keyboard moves.
//! - `closed.rs`: instances this browser tab closed a moment ago, which a restore after a
//!   reload skips (CHORUS's list cache still has them).
//!
//! The requests and the poll that drive the model are `crate::state::app_tabs`.
//!
//! A tab opens *at once* as a placeholder with a durable synthetic id (`tab-1`, `tab-2`, … never
//! reused), while `POST /app-instances` runs; the reply then gives it its server identity. The
//! model never performs I/O: operations return [`TabCommand`]s (or client ids) that the caller
//! carries out, then reports back.
//!
//! # Typical wiring
//!
//! ```ignore
//! let mut tabs = Tabs::for_workbench(&workbench_id);
//! tabs.restore(&instances);                         // GET /app-instances on page load
//! tabs.set_workbench_running(k8s_status_is_running); // on every session status
//! for id in tabs.take_pending_creates_when_running() { /* POST, as for `open` */ }
//!
//! let id = tabs.open(&app);                         // "Open app" → JupyterLab; now POST:
//! match post_result {
//!     Ok(instance) => if let Some(cmd) = tabs.create_succeeded(&id, &instance) { run(cmd) },
//!     Err(e) => if let Some(cmd) = tabs.create_failed(&id, &e.text, e.session_not_running) { run(cmd) },
//! }
//! if let Some(cmd) = tabs.close(&id) { run(cmd) }   // DELETE /app-instances/{id}
//! for cmd in tabs.retry(&id) { run(cmd) }
//! waits.sync(&tabs, now);                          // TabWaits: time waited, deadlines
//! if waits.wants_polling(&tabs) { /* GET /app-instances → tabs.update_instances(&list) */ }
//! ```
//!
//! # Tab state precedence
//!
//! [`derive_tab_state`] applies, first match wins:
//! 1. the create call failed → `error`;
//! 2. the instance is `Failed` or `Killed` → `error` (even when the workbench is not running:
//!    nothing will bring such an instance back, so waiting would hide a dead end);
//! 3. the workbench is not `Running` → `pending_provision`;
//! 4. the instance is `Running` → `ready`;
//! 5. otherwise (no instance yet, `Progressing`, `Unknown`, `Stopped`, …) → `pending_session_create`.

pub(crate) mod app_filter;
mod apps;
pub(crate) mod closed;
mod model;
mod strip;
mod tab;
mod waits;

pub use apps::*;
pub use model::*;
pub(crate) use strip::*;
pub use tab::*;
pub use waits::*;

#[cfg(test)]
mod tests;
