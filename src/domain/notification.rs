//! Notifications (api.md, "Notifications"): what the user is shown, and what the console acts on
//! instead (`refreshJWTRequired`: the user's roles changed, the login must be refreshed).

/// One notification of the signed-in user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    pub id: String,
    pub message: String,
    pub created_at: Option<String>,
    pub read: bool,
    /// A system notification asking for a token refresh: acted on, and listed only when its
    /// message names a role in a workspace or session ([`RoleGrant`]).
    pub refresh_jwt: bool,
    /// The data request an `approvalRequestNotification` is about (its id as sent).
    pub request_id: Option<String>,
}

impl Notification {
    /// A data request notification's link: the request's page (`None` for others, or an id
    /// that is not a plain one).
    pub fn request_href(&self) -> Option<String> {
        let id = self.request_id.as_deref()?;
        (!id.is_empty()
            && id.len() <= 32
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .then(|| format!("/requests/{id}"))
    }

    /// A data request notification in words: CHORUS's message says it already
    /// (`Approval request '<title>' has been approved.`); without one, a sentence of ours.
    pub fn request_words(&self) -> Option<String> {
        self.request_id.as_ref()?;
        let m = self.message.trim();
        Some(if m.is_empty() {
            "A data request changed.".to_owned()
        } else if let Some(rest) = m.strip_prefix("Approval request ") {
            format!("Data request {rest}")
        } else {
            m.to_owned()
        })
    }

    /// The role this notification says the user was given, when its message names one
    /// (CHORUS: `You have been assigned the role WorkbenchMember@workbench=1&workspace=1 in
    /// workbench Analysis 1`).
    pub fn grant(&self) -> Option<RoleGrant> {
        RoleGrant::parse(&self.message)
    }
}

/// What kind of thing a role was given in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GrantPlace {
    Workspace,
    Session,
}

/// A role given to the user in a workspace or a session, read from CHORUS's words
/// (api.md, "Notifications").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleGrant {
    pub role: String,
    pub place: GrantPlace,
    /// The workspace's or session's name, as CHORUS wrote it.
    pub name: String,
    pub workspace_id: Option<String>,
    pub session_id: Option<String>,
}

const ASSIGNED: &str = "You have been assigned the role ";

impl RoleGrant {
    /// Reads `<prefix><role>@<k=v&…> in workbench|workspace <name>`; `None` for anything else
    /// (the generic `You have been assigned new roles` among them).
    pub fn parse(message: &str) -> Option<RoleGrant> {
        let rest = message.trim().strip_prefix(ASSIGNED)?;
        let (role_ctx, rest) = rest.split_once(' ')?;
        let (place, name) = if let Some(n) = rest.strip_prefix("in workbench ") {
            (GrantPlace::Session, n)
        } else if let Some(n) = rest.strip_prefix("in workspace ") {
            (GrantPlace::Workspace, n)
        } else {
            return None;
        };
        let (role, ctx) = role_ctx.split_once('@').unwrap_or((role_ctx, ""));
        let value = |key: &str| {
            ctx.split('&')
                .filter_map(|kv| kv.split_once('='))
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_owned())
                .filter(|v| {
                    !v.is_empty()
                        && v != "*"
                        && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                })
        };
        if role.is_empty() {
            return None;
        }
        Some(RoleGrant {
            role: role.to_owned(),
            place,
            name: name.trim().to_owned(),
            workspace_id: value("workspace"),
            session_id: value("workbench"),
        })
    }

    /// The grant in words: what the role lets the user do, and the thing by its name
    /// (`You can now use the session Analysis 1`).
    pub fn words(&self) -> String {
        let name = if self.name.is_empty() {
            match self.place {
                GrantPlace::Session => "a session".to_owned(),
                GrantPlace::Workspace => "a workspace".to_owned(),
            }
        } else {
            self.name.clone()
        };
        match (self.place, self.role.as_str()) {
            (GrantPlace::Session, "WorkbenchViewer") => {
                format!("You can now view the session {name}")
            }
            (GrantPlace::Session, "WorkbenchMember") => {
                format!("You can now use the session {name}")
            }
            (GrantPlace::Session, "WorkbenchAdmin") => {
                format!("You can now use and administer the session {name}")
            }
            (GrantPlace::Workspace, "WorkspaceMember") => {
                format!("You are now a member of the workspace {name}")
            }
            (GrantPlace::Workspace, "WorkspaceAdmin") => {
                format!("You can now administer the workspace {name}")
            }
            (GrantPlace::Workspace, "WorkspaceMaintainer") => {
                format!("You can now maintain the workspace {name}")
            }
            (GrantPlace::Workspace, "WorkspaceDataManager") => {
                format!("You can now manage the data of the workspace {name}")
            }
            (GrantPlace::Workspace, "WorkspaceGuest" | "WorkspaceViewer") => {
                format!("You can now look at the workspace {name}")
            }
            (GrantPlace::Session, role) => {
                format!("You were given the role {role} in the session {name}")
            }
            (GrantPlace::Workspace, role) => {
                format!("You were given the role {role} in the workspace {name}")
            }
        }
    }

    /// CHORUS names the workspace of a workspace role by its id (`… in workspace 1`,
    /// `pkg/workspace/service/workspace-service.go`): the name is then to be looked up.
    pub fn names_by_id(&self) -> bool {
        self.place == GrantPlace::Workspace && self.workspace_id.as_deref() == Some(&self.name)
    }

    /// The same grant with the thing's name as looked up.
    pub fn named(mut self, name: &str) -> Self {
        if !name.trim().is_empty() {
            self.name = name.trim().to_owned();
        }
        self
    }

    /// Where the grant leads: the session's page, or the workspace's; `None` without the ids.
    pub fn href(&self) -> Option<String> {
        let ws = self.workspace_id.as_deref()?;
        Some(match (self.place, self.session_id.as_deref()) {
            (GrantPlace::Session, Some(wb)) => format!("/workspaces/{ws}/sessions/{wb}"),
            (GrantPlace::Session, None) => return None,
            (GrantPlace::Workspace, _) => format!("/workspaces/{ws}"),
        })
    }
}

/// What one look at the unread notifications asks of the console.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inbox {
    /// Unread notifications for the user's eyes, newest first as the backend sent them.
    pub shown: Vec<Notification>,
    /// Unread `refreshJWTRequired` ones: one refresh for all of them. Those that name a role
    /// are listed too and marked read once the person has opened the list; the others are
    /// marked read after the refresh ([`Inbox::read_after_refresh`]).
    pub refresh_ids: Vec<String>,
    /// Of those, the ones that name no role (the generic `You have been assigned new roles`).
    pub read_after_refresh: Vec<String>,
}

impl Inbox {
    /// Sorts the unread notifications into those shown and those acted on (read ones are
    /// dropped: a backend that ignores `isRead=false` sends them too).
    pub fn of(list: Vec<Notification>) -> Inbox {
        let mut inbox = Inbox::default();
        for n in list.into_iter().filter(|n| !n.read) {
            if n.refresh_jwt {
                inbox.refresh_ids.push(n.id.clone());
                if n.grant().is_some() {
                    inbox.shown.push(n);
                } else {
                    inbox.read_after_refresh.push(n.id);
                }
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
            request_id: None,
        }
    }

    #[test]
    fn request_notifications_link_to_their_request() {
        let mut r = n("a", false, false);
        r.message = "Approval request '<b>x</b>' has been rejected.".into();
        r.request_id = Some("7".into());
        assert_eq!(r.request_href().as_deref(), Some("/requests/7"));
        assert_eq!(
            r.request_words().as_deref(),
            Some("Data request '<b>x</b>' has been rejected.")
        );
        r.request_id = Some("../admin".into());
        assert_eq!(r.request_href(), None);
        assert_eq!(n("b", false, false).request_words(), None);
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
    fn role_grants_are_listed_in_words_with_a_link() {
        let shared = "You have been assigned the role WorkbenchMember@workbench=1&workspace=1 in workbench Analysis 1";
        let g = RoleGrant::parse(shared).unwrap();
        assert_eq!(g.role, "WorkbenchMember");
        assert_eq!(g.place, GrantPlace::Session);
        assert_eq!(g.words(), "You can now use the session Analysis 1");
        assert_eq!(g.href().as_deref(), Some("/workspaces/1/sessions/1"));
        let ws = RoleGrant::parse(
            "You have been assigned the role WorkspaceMember@workspace=7 in workspace Genomics in 2026",
        )
        .unwrap();
        assert_eq!(
            ws.words(),
            "You are now a member of the workspace Genomics in 2026"
        );
        assert_eq!(ws.href().as_deref(), Some("/workspaces/7"));
        assert!(!ws.names_by_id());
        // CHORUS's own words for a workspace role name the workspace by its id.
        let by_id = RoleGrant::parse(
            "You have been assigned the role WorkspaceMember@workspace=1 in workspace 1",
        )
        .unwrap();
        assert!(by_id.names_by_id());
        assert_eq!(
            by_id.named("Demo").words(),
            "You are now a member of the workspace Demo"
        );
        let odd = RoleGrant::parse(
            "You have been assigned the role Custom@workspace=../x in workspace <b>",
        )
        .unwrap();
        assert_eq!(odd.href(), None, "an id that is not one is never a link");
        assert_eq!(
            odd.words(),
            "You were given the role Custom in the workspace <b>"
        );
        for other in [
            "You have been assigned new roles",
            "",
            "You have been assigned the role ",
            "You have been assigned the role X@workspace=1 somewhere",
        ] {
            assert_eq!(RoleGrant::parse(other), None, "{other}");
        }
        let mut generic = n("g", true, false);
        generic.message = "You have been assigned new roles".into();
        let mut named = n("s", true, false);
        named.message = shared.into();
        let inbox = Inbox::of(vec![generic, named.clone(), n("b", false, false)]);
        assert_eq!(inbox.refresh_ids, ["g", "s"]);
        assert_eq!(inbox.read_after_refresh, ["g"]);
        assert_eq!(inbox.shown, [named, n("b", false, false)]);
    }

    #[test]
    fn the_badge_is_absent_at_zero() {
        assert_eq!(badge(0), None);
        assert_eq!(badge(3).as_deref(), Some("3"));
        assert_eq!(badge(120).as_deref(), Some("99+"));
    }
}
