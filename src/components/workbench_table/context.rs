//! What every row of the workbench table shares with the table ([`TableContext`]).
use leptos::prelude::*;

use crate::api::ApiError;
use crate::state::auth::Auth;
use crate::state::{Derived, Slot};

/// What every row shares with the table.
#[derive(Clone, Copy)]
pub(super) struct TableContext {
    /// The workspace, for the session links.
    pub(super) workspace_id: Signal<String>,
    /// Now, for relative times (ticks every 30 s).
    pub(super) clock: Slot<i64>,
    /// The user may stop and start sessions, and the backend can.
    /// The signed-in user's permissions (checked per row: on CHORUS they are per session).
    pub(super) auth: Auth,
    /// Whether the backend has Stop and Start at all.
    pub(super) stop_start: Derived<bool>,
    /// The row whose delete is being confirmed (one at a time).
    pub(super) confirming: Slot<Option<String>>,
    /// The last failed action, shown above the table.
    pub(super) failure: Slot<Option<(String, ApiError)>>,
    /// After a stop, start or delete succeeded.
    pub(super) on_changed: Option<Callback<()>>,
    /// The sessions deleted from this table: their rows go at once and stay gone, whatever a
    /// list read within the backend's cache still says (CHORUS keeps a list a second: the page
    /// read again right after a delete still had the session).
    pub(super) deleted: Slot<Vec<String>>,
}
