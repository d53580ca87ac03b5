//! What a new value of a session changes (its record, the start log, the failing-since time,
//! the start-time samples), whether the status poll ([`super::workbench_status`]) or the watch
//! stream ([`super::workbench_watch`]) brought it.
use leptos::prelude::*;

use crate::domain::start_log::StartLog;
use crate::domain::workbench::{ServerPodStatus, Workbench};
use crate::state::poll::Poll;
use crate::state::{now_ms_i64, start_times};
use crate::state::{Kept, Slot};

/// What a new value of the session changes, whether a poll or the watch stream brought it.
#[derive(Clone, Copy)]
pub(crate) struct Observer {
    pub(super) wb: Slot<Option<Workbench>>,
    pub(super) failing_since: Slot<Option<i64>>,
    pub(super) log: Slot<StartLog>,
    /// Whether this page saw the session before it was ready (its start time is then a sample
    /// of how long starts take).
    pub(super) watched_start: Slot<bool>,
    /// The record is still the pool's (no reply yet).
    pub(super) seeded: Slot<bool>,
    /// The wait counts from the session's `createdAt` (until a Retry starts a fresh one).
    pub(super) from_created: Slot<bool>,
    /// The poll whose wait that is (set once it exists).
    pub(super) poll: Kept<Option<Poll<Workbench>>>,
}

impl Observer {
    /// A fresh value of the session.
    pub(crate) fn see(self, value: &Workbench) {
        self.seeded.try_set(false);
        let failing = value.is_running() && value.server_pod_status == ServerPodStatus::Failing;
        self.failing_since.try_update(|f| match (failing, *f) {
            (true, None) => *f = Some(now_ms_i64()),
            (false, Some(_)) => *f = None,
            _ => {}
        });
        let t = now_ms_i64();
        self.log.try_update(|l| l.observe(value, t));
        if !value.is_ready() {
            self.watched_start.try_set(true);
        } else if self
            .watched_start
            .try_update(std::mem::take)
            .unwrap_or(false)
        {
            start_times::learn(&value.workspace_id, std::slice::from_ref(value), true);
        }
        self.wb.try_set(Some(value.clone()));
    }

    /// Counts the wait from the session's `createdAt` (server time, on this clock: ui.md
    /// "Behaviour"), unless a Retry started a fresh one; a record without a usable `createdAt`
    /// counts from the page, and so does a session started again since its creation (its
    /// `generation` extension past 1: its wait began at that start, which no field dates).
    pub(crate) fn count_from_created(self, value: &Workbench) {
        if !self.from_created.try_get_untracked().unwrap_or(false)
            || value.generation.is_some_and(|g| g > 1)
        {
            return;
        }
        let (Some(created), Some(Some(poll))) = (value.created_at_ms(), self.poll.try_get_value())
        else {
            return;
        };
        poll.count_from(crate::api::client::server_to_local_ms(created));
    }

    /// A failed request or a bad event, in words, for the start log.
    pub(crate) fn error(self, words: &str) {
        let t = now_ms_i64();
        self.log.try_update(|l| l.error(words, t));
    }

    /// The last value seen (not tracked).
    pub(crate) fn last_untracked(self) -> Option<Workbench> {
        self.wb.try_get_untracked().flatten()
    }
}
