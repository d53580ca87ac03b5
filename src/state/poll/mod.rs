//! The one poll engine. Every repeated request of the console runs on it: a session's status
//! ([`super::workbench_status`]), the live workbench table, the app tabs' instances and the
//! builds of the header indicator. **A new poll goes here**: give [`Poll::new`] a policy and a
//! fetch function, then `start()` it.
//!
//! The domain [`Poller`] decides (rhythm with jitter, back-off, deadline, when to stop); this
//! file carries it out:
//! - one timer and at most one request in flight, aborted when superseded or cleaned up;
//! - paused while the document is hidden or the browser is offline (through the shared
//!   visibility and online signals), polling at once when it is visible and online again; the
//!   deadline is wall time, so hidden and offline time counts;
//! - cleanup with its owner: once the owner is gone no request is made and late replies are
//!   dropped.
//!
//! A push stream can carry a poll ([`Poll::hold`], [`Poll::push`], [`Poll::release`]): while
//! held, no request is made and the stream's values go to the same poller (same deadline, same
//! decisions); when the stream drops, the poll takes over at once.
//!
//! A poll that keeps what it fetches ([`Poll::fetching`], in `fetching.rs`) owns a [`Latest`]:
//! the last good value and the last error (an error never erases the value), which views show
//! through one loading / error / data view (`components::loaded`). With [`Poll::new`] the fetch
//! function returns the [`Outcome`] and storing the reply (a status with rules of its own) is
//! its business. Views read the engine's signals ([`Poll::decision`], [`Poll::trouble`], …);
//! logic may also react in [`Poll::on_decision`].
//!
//! The parts: `engine.rs` (the engine, [`engine::Core`]; a push stream's hold in
//! `engine/held.rs`), `handle.rs` (the [`Poll`] handle), `latest.rs` (the kept value,
//! [`Latest`]), `fetching.rs` (a poll that fills its [`Latest`]).
mod engine;
mod fetching;
mod handle;
mod latest;

pub use engine::live_polls;
pub(crate) use engine::outcome_of_error;
pub(crate) use fetching::Reply;
pub(crate) use handle::Poll;
pub use latest::Latest;
