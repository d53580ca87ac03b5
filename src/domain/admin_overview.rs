//! The admin overview (`/admin`; ui.md, "admin overview"; issue 60.4): a card per area the
//! caller may open, in a fixed order, each with its count and, where it matters, a breakdown in
//! words (`12 sessions: 3 running, 1 failed`, `2 requests waiting for you`). Who may open an area
//! is the rule of its own page (`permissions::may_*`, as the admin navigation has it); a count
//! is the number the area's page shows (the admin lists' rows, a paged list's `total`), never
//! one made up: a count that could not be read is said so.
use super::admin_lists::count_words;
use super::permissions::{
    may_audit_platform, may_list_all_app_instances, may_list_all_workspaces, may_manage_apps,
    may_manage_organizations, may_manage_roles, may_manage_terms, may_manage_users,
    may_set_platform_settings, Grants,
};
use super::text::grouped;

/// An area of the administration, one card each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Area {
    Users,
    Roles,
    Workspaces,
    Sessions,
    Apps,
    AppInstances,
    Organizations,
    Requests,
    Audit,
    Settings,
    Terms,
}

impl Area {
    /// Every area, in the order of the cards.
    pub(crate) const ALL: [Area; 11] = [
        Area::Users,
        Area::Roles,
        Area::Workspaces,
        Area::Sessions,
        Area::Apps,
        Area::AppInstances,
        Area::Organizations,
        Area::Requests,
        Area::Audit,
        Area::Settings,
        Area::Terms,
    ];

    /// Its `data-area`.
    pub(crate) fn slug(self) -> &'static str {
        match self {
            Self::Users => "users",
            Self::Roles => "roles",
            Self::Workspaces => "workspaces",
            Self::Sessions => "sessions",
            Self::Apps => "apps",
            Self::AppInstances => "app-instances",
            Self::Organizations => "organizations",
            Self::Requests => "requests",
            Self::Audit => "audit",
            Self::Settings => "settings",
            Self::Terms => "terms",
        }
    }

    /// The page it opens (the data requests are everyone's page, not an admin page).
    pub(crate) fn href(self) -> &'static str {
        match self {
            Self::Requests => "/requests",
            Self::Users => "/admin/users",
            Self::Roles => "/admin/roles",
            Self::Workspaces => "/admin/workspaces",
            Self::Sessions => "/admin/sessions",
            Self::Apps => "/admin/apps",
            Self::AppInstances => "/admin/app-instances",
            Self::Organizations => "/admin/organizations",
            Self::Audit => "/admin/audit",
            Self::Settings => "/admin/settings",
            Self::Terms => "/admin/terms",
        }
    }

    /// The card's title (the name of its page's link in the admin navigation).
    pub(crate) fn title(self) -> &'static str {
        match self {
            Self::Users => "Users",
            Self::Roles => "Roles",
            Self::Workspaces => "All workspaces",
            Self::Sessions => "All sessions",
            Self::Apps => "App catalogue",
            Self::AppInstances => "All app instances",
            Self::Organizations => "Organizations",
            Self::Requests => "Data requests",
            Self::Audit => "Audit log",
            Self::Settings => "Platform settings",
            Self::Terms => "Terms of use",
        }
    }

    /// The plural noun of its count (`None`: the area has no count, the settings).
    pub(crate) fn noun(self) -> Option<&'static str> {
        Some(match self {
            Self::Users => "users",
            Self::Roles => "roles",
            Self::Workspaces => "workspaces",
            Self::Sessions => "sessions",
            Self::Apps => "versions",
            Self::AppInstances => "app instances",
            Self::Organizations => "organizations",
            Self::Requests => "requests",
            Self::Audit => "entries",
            Self::Terms => "versions",
            Self::Settings => return None,
        })
    }

    /// May the user open the area? The rule of its page; the data requests where the backend
    /// has them (`requests`: `Some(false)` when it has none, `None` while not known).
    pub(crate) fn may(self, g: &Grants, requests: Option<bool>) -> bool {
        match self {
            Self::Users => may_manage_users(g),
            Self::Roles => may_manage_roles(g),
            Self::Workspaces | Self::Sessions => may_list_all_workspaces(g),
            Self::Apps => may_manage_apps(g),
            Self::AppInstances => may_list_all_app_instances(g),
            Self::Organizations => may_manage_organizations(g),
            Self::Requests => requests == Some(true),
            Self::Audit => may_audit_platform(g),
            Self::Settings => may_set_platform_settings(g),
            Self::Terms => may_manage_terms(g),
        }
    }
}

/// The areas the user may open, in the order of the cards.
pub(crate) fn areas(g: &Grants, requests: Option<bool>) -> Vec<Area> {
    Area::ALL
        .into_iter()
        .filter(|a| a.may(g, requests))
        .collect()
}

/// A count in words, as the area's page says it (`3 workspaces`, `1 user`, `1,204 entries`).
pub(crate) fn counted(n: u64, noun: &str) -> String {
    let n = usize::try_from(n).unwrap_or(usize::MAX);
    // The admin lists' words (`count_words` with everything shown); `entries` → `entry`.
    if n == 1 && noun == "entries" {
        return "1 entry".to_owned();
    }
    count_words(n, n, noun)
}

/// The sessions and their statuses in words, each status as the admin list says it
/// (`Running`, `Failed`, `Did not start`…): `12 sessions: 3 running, 1 failed`, the statuses in
/// a fixed order (running first, then what is on its way, then what needs attention, then the
/// rest as met); `No sessions` when there are none.
pub(crate) fn sessions_line(statuses: &[&str]) -> String {
    if statuses.is_empty() {
        return "No sessions".to_owned();
    }
    const ORDER: [&str; 8] = [
        "Running",
        "Starting",
        "Stopping",
        "Failed",
        "Did not start",
        "Unknown",
        "Stopped",
        "Completed",
    ];
    let mut groups: Vec<(&str, usize)> = ORDER.iter().map(|w| (*w, 0)).collect();
    for s in statuses {
        match groups.iter_mut().find(|(w, _)| w == s) {
            Some((_, n)) => *n += 1,
            None => groups.push((s, 1)),
        }
    }
    let parts: Vec<String> = groups
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(w, n)| format!("{} {}", grouped(n as u64), w.to_lowercase()))
        .collect();
    format!(
        "{}: {}",
        counted(statuses.len() as u64, "sessions"),
        parts.join(", ")
    )
}

/// The data requests waiting for the user's decision: `2 requests waiting for you`, `1 request
/// waiting for you`, `No requests waiting for you`.
pub(crate) fn waiting_line(n: u64) -> String {
    match n {
        0 => "No requests waiting for you".to_owned(),
        1 => "1 request waiting for you".to_owned(),
        n => format!("{} requests waiting for you", grouped(n)),
    }
}

/// What a card says when its count could not be read (never a number).
pub(crate) fn unknown_line(noun: &str) -> String {
    format!("Could not count the {noun}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_the_lists_say_them() {
        assert_eq!(counted(0, "users"), "0 users");
        assert_eq!(counted(1, "users"), "1 user");
        assert_eq!(counted(3, "workspaces"), "3 workspaces");
        assert_eq!(counted(1, "app instances"), "1 app instance");
        assert_eq!(counted(1, "entries"), "1 entry");
        assert_eq!(counted(1204, "entries"), "1,204 entries");
    }

    #[test]
    fn sessions_are_broken_down_by_status_running_first() {
        assert_eq!(sessions_line(&[]), "No sessions");
        let mut s = vec!["Running"; 3];
        s.extend(["Stopped"; 7]);
        s.push("Failed");
        s.push("Starting");
        assert_eq!(
            sessions_line(&s),
            "12 sessions: 3 running, 1 starting, 1 failed, 7 stopped"
        );
        assert_eq!(sessions_line(&["Stopped"]), "1 session: 1 stopped");
        assert_eq!(
            sessions_line(&["Did not start", "Odd", "Running"]),
            "3 sessions: 1 running, 1 did not start, 1 odd"
        );
    }

    #[test]
    fn requests_waiting_in_words() {
        assert_eq!(waiting_line(0), "No requests waiting for you");
        assert_eq!(waiting_line(1), "1 request waiting for you");
        assert_eq!(waiting_line(2), "2 requests waiting for you");
        assert_eq!(unknown_line("users"), "Could not count the users");
    }

    #[test]
    fn every_area_has_its_page_and_its_data_area() {
        let slugs: Vec<&str> = Area::ALL.iter().map(|a| a.slug()).collect();
        assert_eq!(
            slugs.join("|"),
            "users|roles|workspaces|sessions|apps|app-instances|organizations|requests|audit|settings|terms"
        );
        for a in Area::ALL {
            assert!(a.href().ends_with(a.slug()), "{a:?}");
            assert!(!a.title().is_empty());
        }
        assert_eq!(Area::Settings.noun(), None);
    }
}
