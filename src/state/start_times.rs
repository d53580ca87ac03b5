//! The start times of each workspace's sessions, kept in `localStorage`
//! (`console.startTimes.<workspace id>`), for the overlay's "usually ready in about 40 s".
//! The rules are [`crate::domain::estimate`]'s; this file only loads and saves.
use crate::domain::estimate::{start_duration, Estimate, StartTimes};
use crate::domain::workbench::Workbench;
use crate::state::storage::{self, Store};

fn storage_key(workspace_id: &str) -> String {
    format!("console.startTimes.{workspace_id}")
}

/// The start times kept for `workspace_id`.
pub fn load(workspace_id: &str) -> StartTimes {
    storage::get(Store::Local, &storage_key(workspace_id))
        .map(|t| StartTimes::parse(&t))
        .unwrap_or_default()
}

/// The estimate for a new wait in `workspace_id` (`None` with fewer than three starts).
pub fn estimate(workspace_id: &str) -> Option<Estimate> {
    load(workspace_id).estimate()
}

/// Learns from sessions the console sees (the workspace's list, a session that just became
/// ready: `first_seen_ready`); saves when something was added.
pub fn learn(workspace_id: &str, sessions: &[Workbench], first_seen_ready: bool) {
    if workspace_id.is_empty() {
        return;
    }
    let mut times = load(workspace_id);
    let mut changed = false;
    for wb in sessions {
        if let Some(ms) = start_duration(wb, first_seen_ready) {
            changed |= times.add(&wb.id, ms);
        }
    }
    if changed {
        storage::set(Store::Local, &storage_key(workspace_id), &times.to_text());
    }
}
