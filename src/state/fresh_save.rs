//! The save of every edit form (issue 56, "No lost update"): read the record again just before
//! saving, then compare what the form loaded, what the user has and that fresh copy
//! ([`crate::domain::three_way::merge`]). The caller sends [`Merge::Send`] and shows
//! [`Merge::Conflicts`] in [`crate::components::conflict_panel::ConflictPanel`]; the user's
//! choices make a new `mine` ([`crate::domain::three_way::Pending::resolve`]) saved the same
//! way with the fresh copy as its base.
//!
//! CHORUS serves some records from a cache that a write does not clear (api.md: one second for a
//! workspace, an app or a user, five for an organization), and any reader fills it: another
//! tab's read just before its change leaves the old copy there for that long. So the fresh read
//! waits that long after `Save` (as the workspace page's read-back waits
//! [`super::resource::PAST_CHORUS_CACHE`]): every change saved before the user pressed `Save`
//! is then seen.
use std::future::Future;
use std::time::Duration;

use crate::api::ApiError;
use crate::domain::three_way::{merge, Fielded, Merge};

/// Reads the record afresh (after `cache`, the backend's cache of it: zero when it has none)
/// and merges the save: `base` as the form loaded it, `mine` as the form has it.
pub(crate) async fn merge_fresh<R, Fu>(
    base: &R,
    mine: &R,
    cache: Duration,
    read: impl FnOnce() -> Fu,
) -> Result<Merge<R>, ApiError>
where
    R: Fielded,
    Fu: Future<Output = Result<R, ApiError>>,
{
    if !cache.is_zero() {
        super::timer::sleep(cache).await;
    }
    let theirs = read().await?;
    Ok(merge(base, mine, &theirs))
}
