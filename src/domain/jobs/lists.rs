//! The full lists of builds and runs that the activity page shows: kept up to date by the
//! feeds and by the replies of start/stop requests ([`upsert`]), shown newest first.

use super::model::{BuildJob, BuildStatus, RunJob, RunStatus};
use crate::domain::id_order;

/// A job in a list: its id, and how far along it is, so that a late reply never moves it back.
pub(crate) trait ListedJob: PartialEq {
    /// The id (`""` for none).
    fn id(&self) -> &str;
    /// How far along the job is; higher is later.
    fn rank(&self) -> u8;
}

impl ListedJob for BuildJob {
    fn id(&self) -> &str {
        &self.id
    }

    /// Pending/unknown 0, running 1, finished 2.
    fn rank(&self) -> u8 {
        match self.status {
            BuildStatus::Pending | BuildStatus::Unknown => 0,
            BuildStatus::Running => 1,
            BuildStatus::Succeeded | BuildStatus::Failed => 2,
        }
    }
}

impl ListedJob for RunJob {
    fn id(&self) -> &str {
        &self.id
    }

    /// Pending/unknown 0, running 1, stopping 2, ended 3.
    fn rank(&self) -> u8 {
        match self.status {
            RunStatus::Pending | RunStatus::Unknown => 0,
            RunStatus::Running => 1,
            RunStatus::Stopping => 2,
            RunStatus::Stopped | RunStatus::Succeeded | RunStatus::Failed => 3,
        }
    }
}

/// Inserts or replaces `job` (by id) in `list`. A *reply* to a request (`authoritative =
/// false`) may be older than what a feed already told, so it never moves a known job back
/// (e.g. `pending` after `running`); a feed (`authoritative`) always wins. A job without an id
/// is ignored. Returns whether the list changed.
pub(crate) fn upsert<J: ListedJob>(list: &mut Vec<J>, job: J, authoritative: bool) -> bool {
    if job.id().is_empty() {
        return false;
    }
    match list.iter_mut().find(|j| j.id() == job.id()) {
        Some(old) => {
            if *old == job || (!authoritative && job.rank() < old.rank()) {
                return false;
            }
            *old = job;
            true
        }
        None => {
            list.push(job);
            true
        }
    }
}

/// Orders jobs newest first: by `created_at` (RFC 3339 text of one server), then id.
pub(crate) fn newest_first<'a>(
    a: (Option<&'a str>, &'a str),
    b: (Option<&'a str>, &'a str),
) -> std::cmp::Ordering {
    b.0.cmp(&a.0).then_with(|| id_order(b.1, a.1))
}
