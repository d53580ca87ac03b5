//! Keeps what this page load asked first ([`crate::domain::start_gets`]) for the next load of
//! the same page: the GETs the client sent from the start until [`KEEP_AFTER`] after the
//! sign-in check found the user signed in. A sign-out forgets every list (they name the
//! workspaces this browser's user opened), as it forgets the signed-in hint ([`forget`]).
use std::time::Duration;

use leptos::prelude::*;

use super::auth::{Auth, AuthStatus};
use super::storage::{self, Store};
use crate::api::early;
use crate::domain::start_gets::{remember, KEY};

/// How long after the sign-in check the list is closed: the page's first requests (its data,
/// the catalogues, the header's feeds) are out by then, its polls' repeats add nothing.
pub const KEEP_AFTER: Duration = Duration::from_secs(3);

/// Keeps the list once the sign-in check of this page load found the user signed in. Called
/// by the `app` chunk when it comes (`pages/lazy.rs`), which therefore holds this code and the
/// list's JSON, not the first load (issue 30).
pub fn keep(auth: Auth) {
    let path = early::start_path();
    let scheduled = StoredValue::new(false);
    crate::state::effect(move |_| match auth.status.get() {
        AuthStatus::Checking => {}
        AuthStatus::SignedIn => {
            if scheduled.get_value() {
                return;
            }
            scheduled.set_value(true);
            let path = path.clone();
            super::clock::set_timeout(
                move || {
                    let urls = early::stop_recording();
                    if urls.is_empty() || path.is_empty() || !auth.is_signed_in_untracked() {
                        return;
                    }
                    let stored = storage::get(Store::Local, KEY);
                    storage::set(
                        Store::Local,
                        KEY,
                        &remember(stored.as_deref(), &path, &urls),
                    );
                },
                KEEP_AFTER,
            );
        }
        // A sign-out is the shell's ([`forget`]).
        AuthStatus::SignedOut => {}
        AuthStatus::Failed(_) => {
            early::stop_recording();
        }
    });
}

/// On a sign-out (the shell, in the first load): no list of this page load, and none kept.
pub fn forget() {
    early::stop_recording();
    storage::take(Store::Local, KEY);
}
