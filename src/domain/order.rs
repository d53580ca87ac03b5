//! The order of every list the console shows (api.md, "Order"; ui.md, "Lists keep their order").
//!
//! CHORUS adds no `ORDER BY` unless asked: rows come in whatever order its database returns
//! them, which changes when a row is written (a session's status), and `GET /apps` is in random
//! order on every call. So the console asks for an order with every paged list ([`Order`], sent
//! as `pagination.sort.type`/`pagination.sort.order`) and sorts what it shows itself, so that a
//! backend that ignores the sort cannot make rows jump: sessions newest first, users by
//! username, workspaces and apps by name.
use std::cmp::Ordering;

use super::tabs::App;
use super::user::{RoleAssignment, User};
use super::workbench::Workbench;
use super::workspace::Workspace;
use super::{id_order, sort_small};

/// The order a paged list asks for: a column CHORUS knows for that resource (lower case, as its
/// `IsValidSortType` lists them) and the direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Order {
    /// `pagination.sort.type`.
    pub column: &'static str,
    /// `pagination.sort.order` `desc` when true, else `asc`.
    pub descending: bool,
}

impl Order {
    /// Sessions: newest first (`createdat desc`).
    pub(crate) const SESSIONS: Order = Order {
        column: "createdat",
        descending: true,
    };
    /// Data requests: newest first (`createdat desc`).
    pub(crate) const REQUESTS: Order = Order {
        column: "createdat",
        descending: true,
    };
    /// Workspaces: by name.
    pub(crate) const WORKSPACES: Order = Order {
        column: "name",
        descending: false,
    };
    /// Users: by username.
    pub(crate) const USERS: Order = Order {
        column: "username",
        descending: false,
    };
    /// App instances (the tabs of a session): in the order they were opened.
    pub(crate) const APP_INSTANCES: Order = Order {
        column: "createdat",
        descending: false,
    };

    /// Audit entries: newest first (`createdat`, the one column CHORUS's audit sorts by).
    pub(crate) const AUDIT: Order = Order {
        column: "createdat",
        descending: true,
    };
    /// Terms-of-use versions: newest first.
    pub(crate) const TERMS_VERSIONS: Order = Order {
        column: "createdat",
        descending: true,
    };

    /// `asc` or `desc`.
    pub(crate) fn direction(self) -> &'static str {
        if self.descending {
            "desc"
        } else {
            "asc"
        }
    }
}

/// Text as people read it in a list: case does not decide before the letters do (`alice`,
/// `Bob`, `carol`); equal ignoring case, the exact text decides.
fn by_text(a: &str, b: &str) -> Ordering {
    let fold = |s: &str| s.trim().to_lowercase();
    fold(a).cmp(&fold(b)).then_with(|| a.cmp(b))
}

/// Sessions newest first: by `createdAt` (any RFC 3339 spelling, fractions or not), then the
/// larger id first (a tie, or no time); sessions without a time last.
pub(crate) fn sort_sessions(rows: &mut [Workbench]) {
    sort_small(rows, |a, b| {
        let (ta, tb) = (a.created_at_ms(), b.created_at_ms());
        match (ta, tb) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
        .then_with(|| id_order(&b.id, &a.id))
    });
}

/// Data requests newest first: by `createdAt`, then the larger id first; without a time last.
pub(crate) fn sort_requests(rows: &mut [crate::domain::requests::Request]) {
    let ms = |r: &crate::domain::requests::Request| {
        r.created_at
            .as_deref()
            .and_then(crate::domain::time::parse_rfc3339_ms)
    };
    sort_small(rows, |a, b| {
        match (ms(a), ms(b)) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
        .then_with(|| id_order(&b.id, &a.id))
    });
}

/// Workspaces by the name shown, then by id.
pub(crate) fn sort_workspaces(rows: &mut [Workspace]) {
    sort_small(rows, |a, b| {
        by_text(&a.display_name(), &b.display_name()).then_with(|| id_order(&a.id, &b.id))
    });
}

/// Users by username, then by id.
pub(crate) fn sort_users(rows: &mut [User]) {
    sort_small(rows, |a, b| {
        by_text(&a.username, &b.username).then_with(|| id_order(&a.id, &b.id))
    });
}

/// A user's roles by name, then by context (CHORUS sends a user's `rolesWithContext` in another
/// order from call to call, seen on a running CHORUS 0978bc77), then by assignment id.
pub(crate) fn sort_assignments(roles: &mut [RoleAssignment]) {
    sort_small(roles, |a, b| {
        by_text(&a.name, &b.name)
            .then_with(|| a.context.cmp(&b.context))
            .then_with(|| id_order(&a.id, &b.id))
    });
}

/// Users by username, then by id, each with its roles in order ([`sort_assignments`]).
pub(crate) fn sort_users_and_roles(rows: &mut [User]) {
    for u in rows.iter_mut() {
        sort_assignments(&mut u.roles_with_context);
    }
    sort_users(rows);
}

/// Apps by name, then by id (CHORUS sends them in random order on every call).
pub(crate) fn sort_apps(rows: &mut [App]) {
    sort_small(rows, |a, b| {
        by_text(&a.name, &b.name).then_with(|| id_order(&a.id, &b.id))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_rfc3339_ms as ms;

    fn session(id: &str, created: &str) -> Workbench {
        Workbench {
            id: id.into(),
            created_at: (!created.is_empty()).then(|| created.to_string()),
            ..Workbench::default()
        }
    }

    fn ids<T>(rows: &[T], id: impl Fn(&T) -> &str) -> Vec<String> {
        rows.iter().map(|r| id(r).to_string()).collect()
    }

    #[test]
    fn sessions_come_newest_first_whatever_order_they_were_sent_in() {
        // As CHORUS sends them: the most recently written row last, timestamps with and
        // without fractions (a lexical sort would put "…:00.5Z" before "…:00Z").
        let mut rows = vec![
            session("3", "2025-11-15T12:00:00Z"),
            session("1", "2025-11-15T11:00:00.123456Z"),
            session("9", ""),
            session("4", "2025-11-15T12:00:00.5Z"),
            session("10", "2025-11-15T12:00:00Z"),
            session("2", "2025-11-15T11:30:00+01:00"),
        ];
        assert!(ms("2025-11-15T12:00:00.5Z") > ms("2025-11-15T12:00:00Z"));
        sort_sessions(&mut rows);
        assert_eq!(ids(&rows, |w| &w.id), ["4", "10", "3", "1", "2", "9"]);
    }

    #[test]
    fn users_by_username_workspaces_and_apps_by_name() {
        let user = |id: &str, name: &str| User {
            id: id.into(),
            username: name.into(),
            ..User::default()
        };
        let mut users = vec![
            user("2", "dora"),
            user("4", "Bob"),
            user("1", "admin"),
            user("3", "carol"),
        ];
        sort_users(&mut users);
        assert_eq!(
            ids(&users, |u| &u.username),
            ["admin", "Bob", "carol", "dora"]
        );

        let ws = |id: &str, name: &str| Workspace {
            id: id.into(),
            name: name.into(),
            ..Workspace::default()
        };
        let mut list = vec![
            ws("2", "Genomics"),
            ws("3", "imaging"),
            ws("1", "Demo"),
            ws("5", ""),
        ];
        sort_workspaces(&mut list);
        // A workspace without a name is shown as "Workspace 5".
        assert_eq!(ids(&list, |w| &w.id), ["1", "2", "3", "5"]);

        let app = |id: &str, name: &str| App {
            id: id.into(),
            name: name.into(),
            ..App::default()
        };
        let mut apps = vec![
            app("3", "RStudio"),
            app("1", "JupyterLab"),
            app("2", "VS Code"),
            app("9", "JupyterLab"),
        ];
        sort_apps(&mut apps);
        assert_eq!(ids(&apps, |a| &a.id), ["1", "9", "3", "2"]);
    }

    #[test]
    fn a_users_roles_in_a_stable_order() {
        use std::collections::BTreeMap;
        let a = |id: &str, name: &str, ctx: &[(&str, &str)]| RoleAssignment {
            id: id.into(),
            name: name.into(),
            context: ctx
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<BTreeMap<_, _>>(),
        };
        let mut u = vec![User {
            username: "bob".into(),
            roles_with_context: vec![
                a("22", "WorkbenchViewer", &[("workbench", "2")]),
                a("14", "Authenticated", &[("user", "5")]),
                a("21", "WorkbenchViewer", &[("workbench", "2")]),
                a("20", "WorkspaceMember", &[("workspace", "1")]),
            ],
            ..User::default()
        }];
        sort_users_and_roles(&mut u);
        let ids: Vec<&str> = u[0]
            .roles_with_context
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(ids, ["14", "21", "22", "20"]);
    }

    #[test]
    fn the_orders_asked_for_are_columns_chorus_sorts_by() {
        // pkg/workbench/model/workbench.go, workspace.go, pkg/user/model/user.go
        // IsValidSortType (CHORUS 0978bc77): lower-case column names.
        assert_eq!(
            (Order::SESSIONS.column, Order::SESSIONS.direction()),
            ("createdat", "desc")
        );
        assert_eq!(
            (Order::WORKSPACES.column, Order::WORKSPACES.direction()),
            ("name", "asc")
        );
        assert_eq!(
            (Order::USERS.column, Order::USERS.direction()),
            ("username", "asc")
        );
        assert_eq!(Order::APP_INSTANCES.column, "createdat");
    }
}
