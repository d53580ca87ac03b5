//! The signed-in user and the users of the admin pages.
use std::collections::{BTreeMap, HashMap};

/// Account state of a user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum UserStatus {
    #[default]
    Active,
    Disabled,
    Deleted,
    Unknown,
}

impl UserStatus {
    /// Maps the wire string; `""` and unknown strings give [`UserStatus::Unknown`].
    pub(crate) fn from_wire(s: &str) -> Self {
        match super::wire_word(s).as_str() {
            "active" => Self::Active,
            "disabled" => Self::Disabled,
            "deleted" => Self::Deleted,
            _ => Self::Unknown,
        }
    }

    pub(crate) fn as_wire(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Disabled => "disabled",
            Self::Deleted => "deleted",
            Self::Unknown => "",
        }
    }

    /// The status in words (`Active`, `Disabled`, `Deleted`, `Unknown`).
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::Disabled => "Disabled",
            Self::Deleted => "Deleted",
            Self::Unknown => "Unknown",
        }
    }
}

/// One role given to a user, with the context it applies to: dimension (`workspace`,
/// `workbench`, `user`) → id or `"*"` (all).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RoleAssignment {
    pub id: String,
    pub name: String,
    pub context: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct User {
    pub id: String,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub status: UserStatus,
    pub source: String,
    /// Role names (without context), as the backend lists them.
    pub roles: Vec<String>,
    pub roles_with_context: Vec<RoleAssignment>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    /// Whether two-factor sign-in is on (`totpEnabled`), when the backend says.
    pub totp_enabled: Option<bool>,
}

impl User {
    /// Whether `lowercase_query` (already lowercased, not empty) is in the username, the first or
    /// the last name, whatever their case: the test of a `Find a user` box.
    pub(crate) fn matches(&self, lowercase_query: &str) -> bool {
        [&self.username, &self.first_name, &self.last_name]
            .iter()
            .any(|f| f.to_lowercase().contains(lowercase_query))
    }

    /// "Ada Lovelace (ada)": how a suggestion of a `Find a user` box names a person (ui.md).
    pub(crate) fn suggestion_label(&self) -> String {
        format!("{} {} ({})", self.first_name, self.last_name, self.username)
    }

    /// "Ada Lovelace", or the username when the user has no name.
    pub(crate) fn display_name(&self) -> String {
        let full = format!("{} {}", self.first_name.trim(), self.last_name.trim());
        let full = full.trim();
        if full.is_empty() {
            self.username.clone()
        } else {
            full.to_string()
        }
    }
}

/// A role's context in words: `Demo`, `all workspaces`, `session 5`, `workspace 3 (you may not
/// see its name)`; a `user` dimension as `all users`, `only this user` (the id of `subject`, the
/// user the role is given to) or `one other user`, never a bare id (issue 47). `workspaces`: the
/// names of those the viewer may read, `None` while their list has not come (or could not be
/// read): a workspace is then `workspace 3`, never said to be out of reach.
pub(crate) fn context_label(
    ctx: &BTreeMap<String, String>,
    workspaces: Option<&HashMap<String, String>>,
    subject: &str,
) -> String {
    ctx.iter()
        .map(|(dim, id)| match (dim.as_str(), id.as_str()) {
            ("workspace", "*") => "all workspaces".to_string(),
            ("workspace", id) => match workspaces {
                Some(names) => names
                    .get(id)
                    .cloned()
                    // Not among the workspaces this user may read (a platform user manager
                    // reads none): its number, and why not its name (issue 38).
                    .unwrap_or_else(|| format!("workspace {id} (you may not see its name)")),
                None => format!("workspace {id}"),
            },
            ("workbench", "*") => "all sessions".to_string(),
            ("workbench", id) => format!("session {id}"),
            ("user", "*") => "all users".to_string(),
            ("user", id) if id == subject => "only this user".to_string(),
            ("user", _) => "one other user".to_string(),
            (dim, "*") => format!("all {dim}s"),
            (dim, id) => format!("{dim} {id}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A role chip's text for the user `subject` (their id): `WorkspaceMember · Demo`,
/// `Authenticated · only this user`.
pub(crate) fn chip_label(
    a: &RoleAssignment,
    workspaces: Option<&HashMap<String, String>>,
    subject: &str,
) -> String {
    let ctx = context_label(&a.context, workspaces, subject);
    if ctx.is_empty() {
        a.name.clone()
    } else {
        format!("{} · {ctx}", a.name)
    }
}

/// The accessible name of a chip's remove button: the role with its context, so that two
/// chips of one user never share it (`Remove role WorkspaceMember · Demo from alice`).
pub(crate) fn chip_remove_label(chip: &str, username: &str) -> String {
    format!("Remove role {chip} from {username}")
}

/// Giving a user roles one call at a time (api.md, "Users"): which were given, which are
/// still missing (with why), so that a Retry sends only the missing ones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RoleGrants {
    pub given: Vec<RoleAssignment>,
    /// A role not given, and the error in words.
    pub missing: Vec<(RoleAssignment, String)>,
}

/// The grants of a sentence are the named user's own, and the form gives a user dimension only
/// as `All users` or `Only this user`: an id there is theirs.
fn own_id(r: &RoleAssignment) -> &str {
    r.context.get("user").map_or("", String::as_str)
}

impl RoleGrants {
    /// Records the outcome of one role call.
    pub(crate) fn record(&mut self, role: RoleAssignment, error: Option<String>) {
        match error {
            None => self.given.push(role),
            Some(e) => self.missing.push((role, e)),
        }
    }

    /// Keeps as given only the roles the user read back afterwards holds (`held`): one whose
    /// call was answered but that the platform does not show is missing, said so (issue 56:
    /// say only what happened).
    pub(crate) fn confirm(&mut self, held: impl Fn(&RoleAssignment) -> bool) {
        let (shown, unseen): (Vec<_>, Vec<_>) = std::mem::take(&mut self.given)
            .into_iter()
            .partition(|r| held(r));
        self.given = shown;
        self.missing.extend(unseen.into_iter().map(|r| {
            (
                r,
                "the platform answered the call, but the user read back afterwards does not have it"
                    .to_owned(),
            )
        }));
    }

    /// The roles a Retry sends.
    pub(crate) fn to_retry(&self) -> Vec<RoleAssignment> {
        self.missing.iter().map(|(r, _)| r.clone()).collect()
    }

    pub(crate) fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }

    /// What happened, in words: `User carol was created. Given: A, B. Not given: C (why).`
    /// `done` is what happened before the roles ("was created", "was saved").
    pub(crate) fn sentence(
        &self,
        username: &str,
        done: &str,
        workspaces: &HashMap<String, String>,
    ) -> String {
        let mut out = format!("User {username} {done}.");
        if !self.given.is_empty() {
            let given: Vec<String> = self
                .given
                .iter()
                .map(|r| chip_label(r, Some(workspaces), own_id(r)))
                .collect();
            out.push_str(&format!(" Given: {}.", given.join(", ")));
        }
        if !self.missing.is_empty() {
            let missing: Vec<String> = self
                .missing
                .iter()
                .map(|(r, e)| {
                    format!(
                        "{} ({})",
                        chip_label(r, Some(workspaces), own_id(r)),
                        e.trim_end_matches('.')
                    )
                })
                .collect();
            out.push_str(&format!(
                " Not given: {}. Retry gives only the missing roles.",
                missing.join("; ")
            ));
        }
        out
    }
}

/// The delete-user question (ui.md, "delete a user"): the button's label, the question and what
/// stays, the username's bidirectional controls as markers (issue 55).
pub(crate) fn deletion_words(username: &str) -> (String, String, String) {
    let name = super::text::shown_string(username);
    (
        format!("Delete {name}"),
        format!("Delete user {name}?"),
        format!(
            "{name} can no longer sign in, and the name {name} can be used again. \
             What stays: sessions they have open keep running until someone stops them, \
             their workspaces and roles stay, and a login they already have keeps working \
             until it expires."
        ),
    )
}

/// A user's profile fields, for the no-lost-update rule ([`super::three_way`]): what the
/// user form edits (`PUT /users` replaces them whole); roles are given one call each, never
/// through this record.
impl super::three_way::Fielded for User {
    fn fields(&self) -> Vec<super::three_way::Field> {
        use super::three_way::Field as F;
        vec![
            F::new("username", "Username", self.username.trim()),
            F::new("firstName", "First name", self.first_name.trim()),
            F::new("lastName", "Last name", self.last_name.trim()),
            F::new("email", "Email", self.email.trim()),
            F::new("status", "Status", self.status.label()),
        ]
    }

    fn take_field(&mut self, key: &str, from: &Self) {
        match key {
            "username" => self.username = from.username.clone(),
            "firstName" => self.first_name = from.first_name.clone(),
            "lastName" => self.last_name = from.last_name.clone(),
            "email" => self.email = from.email.clone(),
            "status" => self.status = from.status,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_context_names_what_the_user_may_read_and_says_when_not() {
        let names: HashMap<String, String> = [("1".to_owned(), "Demo".to_owned())].into();
        let ctx = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        assert_eq!(
            context_label(&ctx(&[("workspace", "1")]), Some(&names), "3"),
            "Demo"
        );
        assert_eq!(
            context_label(&ctx(&[("workspace", "2")]), Some(&names), "3"),
            "workspace 2 (you may not see its name)"
        );
        assert_eq!(
            context_label(&ctx(&[("workspace", "*")]), Some(&names), "3"),
            "all workspaces"
        );
        // Before the list of workspaces has come, none is said to be out of reach.
        assert_eq!(
            context_label(&ctx(&[("workspace", "2")]), None, "3"),
            "workspace 2"
        );
    }

    #[test]
    fn a_user_context_is_said_in_words_never_as_an_id() {
        let names = HashMap::new();
        let role = |user: &str| RoleAssignment {
            id: "9".into(),
            name: "Authenticated".into(),
            context: BTreeMap::from([("user".to_string(), user.to_string())]),
        };
        assert_eq!(
            chip_label(&role("3"), Some(&names), "3"),
            "Authenticated · only this user"
        );
        assert_eq!(
            chip_label(&role("*"), Some(&names), "3"),
            "Authenticated · all users"
        );
        assert_eq!(
            chip_label(&role("4"), Some(&names), "3"),
            "Authenticated · one other user"
        );
        assert!(!chip_label(&role("4"), Some(&names), "3").contains('4'));
    }

    #[test]
    fn two_chips_of_one_user_have_distinct_remove_names() {
        let names: HashMap<String, String> = [
            ("1".to_owned(), "Demo".to_owned()),
            ("2".to_owned(), "Genomics".to_owned()),
        ]
        .into();
        let member = |ws: &str| RoleAssignment {
            id: ws.into(),
            name: "WorkspaceMember".into(),
            context: BTreeMap::from([("workspace".to_string(), ws.to_string())]),
        };
        let a = chip_remove_label(&chip_label(&member("1"), Some(&names), "5"), "alice");
        let b = chip_remove_label(&chip_label(&member("2"), Some(&names), "5"), "alice");
        assert_eq!(a, "Remove role WorkspaceMember · Demo from alice");
        assert_ne!(a, b);
    }

    #[test]
    fn status_maps_unknown_strings() {
        assert_eq!(UserStatus::from_wire("active"), UserStatus::Active);
        assert_eq!(UserStatus::from_wire("disabled"), UserStatus::Disabled);
        assert_eq!(UserStatus::from_wire(""), UserStatus::Unknown);
        assert_eq!(UserStatus::from_wire("Banned"), UserStatus::Unknown);
    }

    #[test]
    fn a_find_box_matches_any_name_whatever_the_case() {
        let u = User {
            username: "ada.l".into(),
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            ..User::default()
        };
        for q in ["ada", "love", "a.l", "lace"] {
            assert!(u.matches(q), "{q}");
        }
        assert!(!u.matches("babbage"));
        assert_eq!(u.suggestion_label(), "Ada Lovelace (ada.l)");
    }

    #[test]
    fn display_name_falls_back_to_username() {
        let mut u = User {
            username: "ada".into(),
            ..User::default()
        };
        assert_eq!(u.display_name(), "ada");
        u.first_name = "Ada".into();
        u.last_name = " Lovelace ".into();
        assert_eq!(u.display_name(), "Ada Lovelace");
    }

    #[test]
    fn role_grants_say_what_is_missing_and_retry_only_that() {
        let member = RoleAssignment {
            id: String::new(),
            name: "WorkspaceMember".into(),
            context: BTreeMap::from([("workspace".to_string(), "1".to_string())]),
        };
        let steward = RoleAssignment {
            id: String::new(),
            name: "DataSteward".into(),
            context: BTreeMap::from([("workspace".to_string(), "*".to_string())]),
        };
        let admin = RoleAssignment {
            name: "PlatformAdmin".into(),
            ..RoleAssignment::default()
        };
        let names = HashMap::from([("1".to_string(), "Demo".to_string())]);
        let mut g = RoleGrants::default();
        g.record(member.clone(), None);
        g.record(
            steward.clone(),
            Some("The server had a problem (HTTP 500).".into()),
        );
        g.record(admin.clone(), None);
        assert!(!g.is_complete());
        assert_eq!(g.to_retry(), vec![steward]);
        assert_eq!(
            g.sentence("carol", "was created", &names),
            "User carol was created. Given: WorkspaceMember · Demo, PlatformAdmin. \
             Not given: DataSteward · all workspaces (The server had a problem (HTTP 500)). \
             Retry gives only the missing roles."
        );
        // Answered, but not held when read back: said missing, sent again by Retry.
        let mut unseen = g.clone();
        unseen.confirm(|r| r.name != "PlatformAdmin");
        assert_eq!(unseen.given, vec![member.clone()]);
        assert_eq!(unseen.to_retry().last(), Some(&admin));
        assert!(unseen
            .sentence("carol", "was created", &names)
            .contains("PlatformAdmin (the platform answered the call, but the user read back afterwards does not have it)"));
        let mut done = RoleGrants::default();
        done.record(member, None);
        assert!(done.is_complete());
        assert!(done.to_retry().is_empty());
        assert_eq!(
            done.sentence("carol", "was saved", &names),
            "User carol was saved. Given: WorkspaceMember · Demo."
        );
    }

    #[test]
    fn the_deletion_question_shows_bidirectional_controls_as_markers() {
        let (label, question, detail) = deletion_words("eve\u{202e}nimda");
        assert_eq!(label, "Delete eve<U+202E>nimda");
        assert_eq!(question, "Delete user eve<U+202E>nimda?");
        assert!(detail.starts_with("eve<U+202E>nimda can no longer sign in"));
        assert!(!detail.contains('\u{202e}'));
        let (label, question, _) = deletion_words("alice");
        assert_eq!(
            (label.as_str(), question.as_str()),
            ("Delete alice", "Delete user alice?")
        );
    }
}
