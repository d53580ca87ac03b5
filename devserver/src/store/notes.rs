//! Notifications (api.md, "Notifications"): what CHORUS's notification store keeps for a user
//! (`pkg/notification`), and where CHORUS leaves a `refreshJWTRequired` one: a role given or
//! taken (also through the workspace and session routes), a workspace created, a session created
//! or shared, a user created by an admin. Seen on a running CHORUS (chorus-backend @0978bc77):
//! ids are UUIDs, every role change says `You have been assigned new roles`, a workspace role
//! given through the workspace route adds a second one naming it, a role taken away says
//! `You have been removed the role <name> in workspace <id>`.

use std::time::SystemTime;

use super::Store;

/// One notification of one user.
#[derive(Clone, Debug)]
pub(crate) struct Notification {
    pub id: String,
    pub user_id: u64,
    pub message: String,
    /// `content.systemNotification.refreshJWTRequired`.
    pub refresh_jwt: bool,
    /// `content.approvalRequestNotification`: the request's id and whether it was
    /// auto-approved (then `refresh_jwt` is false).
    pub approval: Option<(u64, bool)>,
    pub created_at: SystemTime,
    pub read_at: Option<SystemTime>,
}

/// The message CHORUS leaves on every change of a user's roles.
pub(crate) const ROLES_CHANGED: &str = "You have been assigned new roles";

impl Store {
    /// Leaves `message` for `user_id`, a system notification asking for a token refresh.
    pub(crate) fn notify_refresh(&mut self, user_id: u64, message: &str) {
        let id = self.uuid();
        self.notifications.push(Notification {
            id,
            user_id,
            message: message.to_string(),
            refresh_jwt: true,
            approval: None,
            created_at: SystemTime::now(),
            read_at: None,
        });
    }

    /// Leaves a message for `user_id` that is meant for their eyes (no refresh asked).
    pub fn notify_message(&mut self, user_id: u64, message: &str) {
        let id = self.uuid();
        self.notifications.push(Notification {
            id,
            user_id,
            message: message.to_string(),
            refresh_jwt: false,
            approval: None,
            created_at: SystemTime::now(),
            read_at: None,
        });
    }

    /// CHORUS's `ApprovalRequestNotification` about request `request` for `user_id`.
    pub(crate) fn notify_approval(
        &mut self,
        user_id: u64,
        message: &str,
        request: u64,
        auto_approved: bool,
    ) {
        let id = self.uuid();
        self.notifications.push(Notification {
            id,
            user_id,
            message: message.to_string(),
            refresh_jwt: false,
            approval: Some((request, auto_approved)),
            created_at: SystemTime::now(),
            read_at: None,
        });
    }

    /// `user_id`'s roles changed: `You have been assigned new roles`, `refreshJWTRequired`.
    pub(crate) fn roles_changed(&mut self, user_id: u64) {
        self.notify_refresh(user_id, ROLES_CHANGED);
    }

    /// The notifications of `user_id`, oldest first.
    pub(crate) fn notifications_of(&self, user_id: u64) -> impl Iterator<Item = &Notification> {
        self.notifications
            .iter()
            .filter(move |n| n.user_id == user_id)
    }

    /// Marks `ids` (or, with `all`, every one) of `user_id`'s notifications read.
    pub(crate) fn mark_read(&mut self, user_id: u64, ids: &[String], all: bool) {
        let now = SystemTime::now();
        for n in self
            .notifications
            .iter_mut()
            .filter(|n| n.user_id == user_id && n.read_at.is_none())
        {
            if all || ids.contains(&n.id) {
                n.read_at = Some(now);
            }
        }
    }
}
