//! An app to open in a session when its page shows (`Open in session` on `/apps`): the page
//! that chose it leaves it here and goes to the session's page, whose app tabs open it as their
//! own `Open app` does ([`AppTabsState::open`]: the tab at once, the create in the background,
//! waiting while a new session starts). Kept in this tab's memory only, taken once.
use std::cell::RefCell;

use super::AppTabsState;
use crate::domain::tabs::App;

thread_local! {
    static WAITING: RefCell<Vec<(String, App)>> = const { RefCell::new(Vec::new()) };
}

/// Asks the page of session `workbench_id` to open `app` when it shows.
pub fn open_on_arrival(workbench_id: &str, app: App) {
    WAITING.with(|w| w.borrow_mut().push((workbench_id.to_owned(), app)));
}

/// The apps waiting for session `workbench_id`, taken.
fn take(workbench_id: &str) -> Vec<App> {
    WAITING.with(|w| {
        let mut w = w.borrow_mut();
        let (mine, rest): (Vec<_>, Vec<_>) = w.drain(..).partition(|(id, _)| id == workbench_id);
        *w = rest;
        mine.into_iter().map(|(_, app)| app).collect()
    })
}

impl AppTabsState {
    /// Opens the apps left for this session by [`open_on_arrival`].
    pub(super) fn open_waiting(self, workbench_id: &str) {
        for app in take(workbench_id) {
            self.open(&app);
        }
    }
}
