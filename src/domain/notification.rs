//! Notifications (api.md, "Notifications"): what the user is shown, and what the console acts on
//! instead (`refreshJWTRequired`: the user's roles changed, the login must be refreshed).

/// One notification of the signed-in user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    pub id: String,
    pub message: String,
    pub created_at: Option<String>,
    pub read: bool,
    /// A system notification asking for a token refresh: never listed, acted on.
    pub refresh_jwt: bool,
}

/// What one look at the unread notifications asks of the console.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inbox {
    /// Unread notifications for the user's eyes, newest first as the backend sent them.
    pub shown: Vec<Notification>,
    /// Unread `refreshJWTRequired` ones: one refresh for all of them, then mark them read.
    pub refresh_ids: Vec<String>,
}

impl Inbox {
    /// Sorts the unread notifications into those shown and those acted on (read ones are
    /// dropped: a backend that ignores `isRead=false` sends them too).
    pub fn of(list: Vec<Notification>) -> Inbox {
        let mut inbox = Inbox::default();
        for n in list.into_iter().filter(|n| !n.read) {
            if n.refresh_jwt {
                inbox.refresh_ids.push(n.id);
            } else {
                inbox.shown.push(n);
            }
        }
        inbox
    }

    /// Whether the login must be refreshed (however many notifications asked).
    pub fn needs_refresh(&self) -> bool {
        !self.refresh_ids.is_empty()
    }
}

/// The unread count shown on the bell: `None` (no badge) at 0.
pub fn badge(unread_shown: usize) -> Option<String> {
    match unread_shown {
        0 => None,
        n if n > 99 => Some("99+".to_owned()),
        n => Some(n.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(id: &str, refresh: bool, read: bool) -> Notification {
        Notification {
            id: id.into(),
            message: format!("m{id}"),
            created_at: None,
            read,
            refresh_jwt: refresh,
        }
    }

    #[test]
    fn system_notifications_are_acted_on_not_shown() {
        let inbox = Inbox::of(vec![
            n("a", true, false),
            n("b", false, false),
            n("c", true, false),
            n("d", false, true),
            n("e", true, true),
        ]);
        assert_eq!(inbox.refresh_ids, ["a", "c"]);
        assert_eq!(inbox.shown, [n("b", false, false)]);
        assert!(inbox.needs_refresh());
        assert!(!Inbox::of(vec![n("b", false, false)]).needs_refresh());
    }

    #[test]
    fn the_badge_is_absent_at_zero() {
        assert_eq!(badge(0), None);
        assert_eq!(badge(3).as_deref(), Some("3"));
        assert_eq!(badge(120).as_deref(), Some("99+"));
    }
}
