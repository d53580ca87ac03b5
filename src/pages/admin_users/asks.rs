//! What the users table asks of the page: the user form opened for a user or a new one
//! ([`FormMode`]), a role removal to confirm ([`PendingRemoval`]).
use crate::domain::user::User;

/// What the user form is open for.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum FormMode {
    New,
    Edit(Box<User>),
}

/// A role removal waiting for its confirmation.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct PendingRemoval {
    pub(super) user_id: String,
    pub(super) username: String,
    /// The assignment id (or the role name when the backend sent no id).
    pub(super) role_id: String,
    pub(super) role: String,
    pub(super) label: String,
}
