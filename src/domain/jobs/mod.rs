//! Background jobs (builds and runs of the job service) and the header activity indicator, one
//! file each:
//!
//! - `model.rs`: [`BuildJob`] / [`BuildStatus`], [`RunJob`] / [`RunStatus`];
//! - `labels.rs`: how jobs are named ([`build_label`], [`run_label`], [`workspace_display`]);
//! - `lists.rs`: the full lists the activity page shows ([`upsert`], [`newest_first`]);
//! - `indicator.rs`: [`ActivityState`], what the header indicator shows;
//! - `stream.rs`: the run stream's health ([`StreamStatus`]) and reconnect back-off
//!   ([`sse_reconnect_delay_ms`]).
//!
//! The feeds that fill them (builds poll, run stream) are `crate::state::activity`.

mod indicator;
mod labels;
mod lists;
mod model;
mod stream;

pub use indicator::*;
pub use labels::*;
pub(crate) use lists::*;
pub use model::*;
pub use stream::*;

#[cfg(test)]
mod tests;
