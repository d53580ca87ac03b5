//! The activity store (issue 6): request-based actions and backend jobs, shown by the header
//! indicator. This file starts with the request-based part that every mutation uses:
//! `Activity::use_activity().track("Starting session…", future).await`.
use std::future::Future;

use leptos::prelude::*;

use crate::domain::jobs::ActivityState;
use crate::state::now_ms;

/// `Copy` handle on the app-level activity store.
#[derive(Clone, Copy)]
pub struct Activity {
    pub state: RwSignal<ActivityState>,
}

impl Activity {
    pub fn new() -> Self {
        Self {
            state: RwSignal::new(ActivityState::new()),
        }
    }

    /// The store in context, or a detached one (component tests mount views without the shell).
    pub fn use_activity() -> Self {
        use_context::<Activity>().unwrap_or_else(Activity::new)
    }

    /// Runs `fut` as a request-based action labelled `label` (e.g. `Starting session…`): the
    /// label shows in the header while the future runs, and goes when it settles, success or error.
    pub async fn track<T>(self, label: impl Into<String>, fut: impl Future<Output = T>) -> T {
        let label = label.into();
        let id = self.state.try_update(|s| s.start_request(&label, now_ms()));
        let out = fut.await;
        if let Some(id) = id {
            self.state.try_update(|s| s.finish_request(id));
        }
        out
    }
}

impl Default for Activity {
    fn default() -> Self {
        Self::new()
    }
}

/// Creates the app-level store and provides it; called once by the app shell. The feeds (run
/// stream, builds polling) start here while a user is signed in.
pub fn provide_activity(
    _api: crate::api::ApiClient,
    _auth: crate::state::auth::Auth,
) -> Activity {
    let activity = Activity::new();
    provide_context(activity);
    activity
}
