//! The audit log (api.md, "Audit service"; ui.md, "audit"): an entry, what its action means in
//! words, the order of a list, and the filters of the audit page as the query CHORUS reads.
use super::text::shown_string;
use super::time::{
    days_from_civil, format_rfc3339_utc, parse_rfc3339_ms, MS_PER_DAY, MS_PER_MINUTE,
};
use super::{id_order, sort_small};

/// One entry of the audit log.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: String,
    /// Who did it (a user id) and their username when the backend wrote it.
    pub actor_id: String,
    pub actor_username: String,
    /// The request the entry belongs to (several entries may share one).
    pub correlation_id: String,
    /// CHORUS's action name, as sent (`CreateWorkbench`); [`action_words`] says it in words.
    pub action: String,
    pub workspace_id: Option<String>,
    /// The session (workbench) it was about.
    pub workbench_id: Option<String>,
    /// The user it was about.
    pub user_id: Option<String>,
    pub description: String,
    /// Details by name (`compliance`: what an uploader confirmed), sorted by name; a value
    /// that was not a string is its JSON text.
    pub details: Vec<(String, String)>,
    /// RFC 3339 as sent (may be empty).
    pub created_at: String,
}

impl AuditEntry {
    /// Who did it, for a list: the username, else `user <id>`, else `someone` (shown:
    /// bidirectional controls as markers, `domain::text::shown`).
    pub fn who(&self) -> String {
        let who = match (self.actor_username.trim(), self.actor_id.trim()) {
            ("", "") => "someone".to_owned(),
            ("", id) => format!("user {id}"),
            (name, _) => name.to_owned(),
        };
        shown_string(&who)
    }

    /// What happened in words: the action's, then the backend's description when it has one
    /// (shown: bidirectional controls as markers).
    pub fn what(&self) -> String {
        let words = action_words(&self.action);
        let what = match self.description.trim() {
            "" => words,
            d => format!("{words}: {d}"),
        };
        shown_string(&what)
    }

    /// When, in epoch milliseconds (`None`: no usable time).
    pub fn created_at_ms(&self) -> Option<i64> {
        parse_rfc3339_ms(&self.created_at)
    }
}

/// CHORUS's actions (`pkg/audit/model/actions.go` @0978bc77) and what each says of its actor.
const ACTIONS: &[(&str, &str)] = &[
    ("LoginUser", "signed in"),
    ("LogoutUser", "signed out"),
    ("ListRoles", "listed the roles"),
    ("ListPermissions", "listed the permissions"),
    ("CreateRole", "created a role"),
    ("CreateUser", "created a user"),
    ("ReadUser", "looked at a user"),
    ("UpdateUser", "changed a user"),
    ("DeleteUser", "deleted a user"),
    ("ListUser", "listed the users"),
    ("AssignUserRole", "gave a user a role"),
    ("RevokeUserRole", "took a role from a user"),
    ("ChangeUserPassword", "changed their password"),
    ("ResetUserPassword", "reset a user's password"),
    ("EnableUserTotp", "turned on two-factor sign-in"),
    ("ResetUserTotp", "reset two-factor sign-in"),
    ("CreateWorkspace", "created a workspace"),
    ("ReadWorkspace", "looked at a workspace"),
    ("UpdateWorkspace", "changed a workspace"),
    ("DeleteWorkspace", "deleted a workspace"),
    ("ListWorkspace", "listed the workspaces"),
    ("AddWorkspaceMember", "added a member to a workspace"),
    ("UpdateWorkspaceMember", "changed a workspace member's role"),
    ("RemoveWorkspaceMember", "removed a member from a workspace"),
    ("CreateServiceInstance", "created a service"),
    ("ReadServiceInstance", "looked at a service"),
    ("ReadServiceInstanceSecret", "read a service's secret"),
    ("UpdateServiceInstance", "changed a service"),
    ("DeleteServiceInstance", "deleted a service"),
    ("ListServiceInstance", "listed the services"),
    ("CreateWorkbench", "started a session"),
    ("ReadWorkbench", "looked at a session"),
    ("UpdateWorkbench", "changed a session"),
    ("DeleteWorkbench", "deleted a session"),
    ("ListWorkbench", "listed the sessions"),
    ("AddWorkbenchMember", "shared a session"),
    ("RemoveWorkbenchMember", "stopped sharing a session"),
    ("StreamWorkbench", "opened a session's desktop"),
    ("CreateApp", "added an app"),
    ("ReadApp", "looked at an app"),
    ("UpdateApp", "changed an app"),
    ("DeleteApp", "deleted an app"),
    ("ListApp", "listed the apps"),
    ("BulkCreateApp", "added apps"),
    ("CreateAppInstance", "opened an app in a session"),
    ("ReadAppInstance", "looked at an app in a session"),
    ("UpdateAppInstance", "changed an app in a session"),
    ("DeleteAppInstance", "closed an app in a session"),
    ("ListAppInstance", "listed the apps of a session"),
    ("CreateFile", "uploaded a file"),
    ("ReadFile", "looked at a file"),
    ("UpdateFile", "moved or renamed a file"),
    ("DeleteFile", "deleted a file"),
    ("ListFile", "listed files"),
    ("ListFileStores", "listed the file stores"),
    ("InitiateFileUpload", "started uploading a file"),
    ("CompleteFileUpload", "finished uploading a file"),
    ("AbortFileUpload", "cancelled an upload"),
    ("CreateApprovalRequest", "made a data request"),
    ("ReadApprovalRequest", "looked at a data request"),
    ("ListApprovalRequest", "listed data requests"),
    ("ApproveApprovalRequest", "decided on a data request"),
    ("DeleteApprovalRequest", "cancelled a data request"),
    ("CreateDataExtractionRequest", "asked to extract data"),
    ("CreateDataTransferRequest", "asked to transfer data"),
    (
        "DownloadApprovalRequestFile",
        "downloaded a file of a data request",
    ),
    ("ReadPlatformSettings", "looked at the platform settings"),
    ("UpdatePlatformSettings", "changed the platform settings"),
    ("CreateTermsOfUseVersion", "drafted terms of use"),
    (
        "UpdateTermsOfUseVersion",
        "changed a draft of the terms of use",
    ),
    ("PublishTermsOfUseVersion", "published terms of use"),
    ("AcceptTermsOfUse", "accepted the terms of use"),
    ("CreateOrganization", "created an organization"),
    ("UpdateOrganization", "changed an organization"),
    ("DeleteOrganization", "deleted an organization"),
    ("InitializeTenant", "set up the platform"),
    ("ListPlatformAudit", "read the platform's audit log"),
    ("ListWorkspaceAudit", "read a workspace's audit log"),
    ("ListWorkbenchAudit", "read a session's audit log"),
    ("ListUserAudit", "read a user's audit log"),
    ("ListActorAudit", "read what a user did"),
];

/// CHORUS's action names, in the order of its list (the options of the `Action` filter).
pub fn known_actions() -> impl Iterator<Item = &'static str> {
    ACTIONS.iter().map(|(name, _)| *name)
}

/// What `action` says of its actor: `CreateWorkbench` → "started a session", `CreateFile` →
/// "uploaded a file". An action this list does not know is its name in words
/// (`FrobnicateWidget` → "frobnicate widget", `AUDIT_ACTION_X` → "audit action x"); an empty
/// one "did something".
pub fn action_words(action: &str) -> String {
    let action = action.trim();
    if let Some((_, words)) = ACTIONS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(action))
    {
        return (*words).to_owned();
    }
    let words = humanise(action);
    if words.is_empty() {
        "did something".to_owned()
    } else {
        words
    }
}

/// A name in words: split at `_`, `-`, spaces and where a lower-case letter or digit meets an
/// upper-case one (`HTTPServer` stays one word), lower case.
fn humanise(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev: Option<char> = None;
    for c in name.chars() {
        if c == '_' || c == '-' || c.is_whitespace() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev = None;
            continue;
        }
        let boundary =
            c.is_uppercase() && prev.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit());
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.extend(c.to_lowercase());
        prev = Some(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words.join(" ")
}

/// Newest first: by `createdAt` (entries without a time last), then the larger id first.
pub fn sort_entries(entries: &mut [AuditEntry]) {
    sort_small(entries, |a, b| {
        match (a.created_at_ms(), b.created_at_ms()) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| id_order(&b.id, &a.id))
    });
}

/// Whose audit log a list reads (api.md, "Audit service"): the platform's, a workspace's, a
/// session's, the entries about a user, or what a user did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditScope {
    Platform,
    Workspace(String),
    Workbench(String),
    /// Entries whose target is this user.
    User(String),
    /// Entries this user made (every user may read their own).
    Actor(String),
}

/// The filters of an audit page, as typed: who (a user id), an action name, and a first and a
/// last day (`YYYY-MM-DD`, what `<input type="date">` gives, both included). Empty fields do not
/// filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor_id: String,
    pub action: String,
    pub from: String,
    pub to: String,
}

/// Midnight at the start of day `date` (`YYYY-MM-DD`) in a time zone `utc_offset_minutes` east
/// of UTC, in epoch milliseconds; `None` for anything else than a real date.
fn day_start_ms(date: &str, utc_offset_minutes: i64) -> Option<i64> {
    let date = date.trim();
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
        return None;
    }
    let (year, month, day): (i64, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let valid =
        (1..=12).contains(&month) && day >= 1 && day <= super::time::days_in_month(year, month);
    valid.then(|| {
        days_from_civil(year, month, day) * MS_PER_DAY - utc_offset_minutes * MS_PER_MINUTE
    })
}

/// An instant as RFC 3339 UTC with milliseconds (`2025-11-15T23:59:59.999Z`).
fn rfc3339_ms(ms: i64) -> String {
    let whole = format_rfc3339_utc(ms.div_euclid(1000) * 1000);
    format!(
        "{}.{:03}Z",
        whole.trim_end_matches('Z'),
        ms.rem_euclid(1000)
    )
}

impl AuditFilter {
    /// What is wrong with the filters, in words (`None`: nothing): a day that is not a date,
    /// or a last day before the first.
    pub fn problem(&self) -> Option<&'static str> {
        let from = day_start_ms(&self.from, 0);
        let to = day_start_ms(&self.to, 0);
        if !self.from.trim().is_empty() && from.is_none() {
            return Some("From is not a date (YYYY-MM-DD).");
        }
        if !self.to.trim().is_empty() && to.is_none() {
            return Some("To is not a date (YYYY-MM-DD).");
        }
        match (from, to) {
            (Some(f), Some(t)) if t < f => Some("To is before From."),
            _ => None,
        }
    }

    /// The query parameters of the filters (api.md, "Audit service"): `filter.actorId`,
    /// `filter.action`, `filter.fromTime` (the first day's midnight) and `filter.toTime` (the
    /// last millisecond of the last day), times in RFC 3339 UTC for days in a time zone
    /// `utc_offset_minutes` east of UTC (the browser's). Empty fields, and days that are not
    /// dates, are left out.
    pub fn params(&self, utc_offset_minutes: i64) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let actor = self.actor_id.trim();
        if !actor.is_empty() {
            out.push(("filter.actorId", actor.to_owned()));
        }
        let action = self.action.trim();
        if !action.is_empty() {
            out.push(("filter.action", action.to_owned()));
        }
        if let Some(from) = day_start_ms(&self.from, utc_offset_minutes) {
            out.push(("filter.fromTime", rfc3339_ms(from)));
        }
        if let Some(to) = day_start_ms(&self.to, utc_offset_minutes) {
            out.push(("filter.toTime", rfc3339_ms(to + MS_PER_DAY - 1)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_actions_are_said_in_words() {
        assert_eq!(action_words("CreateWorkbench"), "started a session");
        assert_eq!(action_words("CreateFile"), "uploaded a file");
        assert_eq!(action_words("createfile"), "uploaded a file");
        assert_eq!(
            action_words(" AcceptTermsOfUse "),
            "accepted the terms of use"
        );
        assert_eq!(known_actions().count(), ACTIONS.len());
        assert_eq!(ACTIONS.len(), 81);
        // Every action of the list has words of its own, not its name in words.
        for (name, words) in ACTIONS {
            assert_ne!(humanise(name), *words, "{name}");
            assert!(!words.is_empty());
        }
    }

    #[test]
    fn unknown_actions_are_their_name_in_words() {
        assert_eq!(action_words("FrobnicateWidget"), "frobnicate widget");
        assert_eq!(
            action_words("AUDIT_ACTION_PURGE_ALL"),
            "audit action purge all"
        );
        assert_eq!(action_words("ExportHTTPLogs2Disk"), "export httplogs2 disk");
        assert_eq!(action_words("élanÉtoile"), "élan étoile");
        assert_eq!(action_words(""), "did something");
        assert_eq!(action_words(" _-_ "), "did something");
        assert_eq!(action_words("x"), "x");
    }

    #[test]
    fn an_entry_says_who_and_what() {
        let mut e = AuditEntry {
            actor_id: "5".into(),
            actor_username: "alice".into(),
            action: "CreateFile".into(),
            description: "uploaded /disk/a.csv".into(),
            ..AuditEntry::default()
        };
        assert_eq!(e.who(), "alice");
        assert_eq!(e.what(), "uploaded a file: uploaded /disk/a.csv");
        e.actor_username.clear();
        e.description = " ".into();
        assert_eq!(e.who(), "user 5");
        assert_eq!(e.what(), "uploaded a file");
        e.actor_id.clear();
        assert_eq!(e.who(), "someone");
        // A path or a name that would read as something else shows its controls as markers.
        e.actor_username = "eve\u{202e}".into();
        e.description = "uploaded /disk/counts\u{202e}xslx.txt".into();
        assert_eq!(e.who(), "eve<U+202E>");
        assert_eq!(
            e.what(),
            "uploaded a file: uploaded /disk/counts<U+202E>xslx.txt"
        );
    }

    #[test]
    fn entries_are_newest_first() {
        let entry = |id: &str, at: &str| AuditEntry {
            id: id.into(),
            created_at: at.into(),
            ..AuditEntry::default()
        };
        let mut list = vec![
            entry("1", "2025-11-15T10:00:00Z"),
            entry("2", ""),
            entry("3", "2025-11-15T12:00:00.5+01:00"),
            entry("10", "2025-11-15T12:00:00Z"),
            entry("9", "2025-11-15T12:00:00Z"),
        ];
        sort_entries(&mut list);
        let ids: Vec<&str> = list.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["10", "9", "3", "1", "2"]);
    }

    #[test]
    fn filters_become_chorus_query_parameters() {
        let f = AuditFilter {
            actor_id: " 5 ".into(),
            action: "CreateFile".into(),
            from: "2025-11-01".into(),
            to: "2025-11-15".into(),
        };
        assert_eq!(f.problem(), None);
        assert_eq!(
            f.params(0),
            [
                ("filter.actorId", "5".to_owned()),
                ("filter.action", "CreateFile".to_owned()),
                ("filter.fromTime", "2025-11-01T00:00:00.000Z".to_owned()),
                ("filter.toTime", "2025-11-15T23:59:59.999Z".to_owned()),
            ]
        );
        // Days in Zurich in winter (UTC+1): they start an hour earlier in UTC.
        let p = f.params(60);
        assert_eq!(p[2].1, "2025-10-31T23:00:00.000Z");
        assert_eq!(p[3].1, "2025-11-15T22:59:59.999Z");
        // West of UTC.
        assert_eq!(f.params(-300)[2].1, "2025-11-01T05:00:00.000Z");
        assert!(AuditFilter::default().params(0).is_empty());
    }

    #[test]
    fn bad_days_are_said_and_never_sent() {
        let f = |from: &str, to: &str| AuditFilter {
            from: from.into(),
            to: to.into(),
            ..AuditFilter::default()
        };
        assert_eq!(
            f("2025-02-30", "").problem(),
            Some("From is not a date (YYYY-MM-DD).")
        );
        assert!(f("2025-02-30", "").params(0).is_empty());
        assert_eq!(
            f("", "15/11/2025").problem(),
            Some("To is not a date (YYYY-MM-DD).")
        );
        assert_eq!(
            f("2025-11-02", "2025-11-01").problem(),
            Some("To is before From.")
        );
        assert_eq!(f("2024-02-29", "2024-02-29").problem(), None);
        for bad in [
            "2025-1-01",
            "+025-01-01",
            "2025-01-01-",
            "2025-13-01",
            "２０２５-01-01",
            "x",
        ] {
            assert!(day_start_ms(bad, 0).is_none(), "{bad}");
        }
    }
}
