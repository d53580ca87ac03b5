//! The admin lists (`/admin/workspaces`, `/admin/sessions`, `/admin/app-instances`; ui.md,
//! "admin lists"; issue 49): a row of each as the table shows it, the search (every word in the
//! name, the owner's name, the workspace's, the session's or the status in words), the order a
//! column heading gives, `Needs attention`, the count (`12 of 340 shown`), owners by name
//! (`user <id>` when not known), the statuses of workspaces and app instances in words, and what
//! a delete takes with it.
use std::cmp::Ordering;
use std::collections::HashMap;

use super::tabs::{AppInstance, AppInstanceStatus, DesiredState};
use super::text::grouped;
use super::workspace::WorkspaceStatus;

/// A column of an admin list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Column {
    Name,
    Session,
    Workspace,
    Owner,
    Status,
    Created,
}

impl Column {
    /// The heading's words.
    pub(crate) fn title(self) -> &'static str {
        match self {
            Self::Name => "Name",
            Self::Session => "Session",
            Self::Workspace => "Workspace",
            Self::Owner => "Owner",
            Self::Status => "Status",
            Self::Created => "Created",
        }
    }
}

/// Which way a column orders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    Ascending,
    Descending,
}

/// The order of the table: a column and a direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Sort {
    pub(crate) column: Column,
    pub(crate) direction: Direction,
}

impl Sort {
    pub(crate) const fn new(column: Column, direction: Direction) -> Self {
        Self { column, direction }
    }

    /// After a click on `column`'s heading: the same column turns round; another starts in its
    /// natural direction (newest first for `Created`, problems first for `Status`, A to Z for
    /// names).
    pub(crate) fn toggled(self, column: Column) -> Self {
        if self.column == column {
            let direction = match self.direction {
                Direction::Ascending => Direction::Descending,
                Direction::Descending => Direction::Ascending,
            };
            return Self { column, direction };
        }
        let direction = match column {
            Column::Created => Direction::Descending,
            _ => Direction::Ascending,
        };
        Self { column, direction }
    }

    /// `aria-sort` of `column`'s heading: `ascending`, `descending` or `none`.
    pub(crate) fn aria(self, column: Column) -> &'static str {
        match (self.column == column, self.direction) {
            (false, _) => "none",
            (true, Direction::Ascending) => "ascending",
            (true, Direction::Descending) => "descending",
        }
    }
}

/// One item of an admin list, as shown (every text already through `text::shown`).
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct Row {
    pub(crate) id: String,
    pub(crate) name: String,
    /// The owner by name (`user <id>` when not known).
    pub(crate) owner: String,
    /// The workspace's name (empty on the workspaces list).
    pub(crate) workspace: String,
    /// The session's name (the app instances list).
    pub(crate) session: String,
    /// The status in words.
    pub(crate) status: String,
    /// A problem the steward should look at (failed, unknown, never started).
    pub(crate) attention: bool,
    /// Created, epoch ms.
    pub(crate) created_ms: Option<i64>,
}

impl AsRef<Row> for Row {
    fn as_ref(&self) -> &Row {
        self
    }
}

impl Row {
    fn text(&self, column: Column) -> &str {
        match column {
            Column::Name => &self.name,
            Column::Session => &self.session,
            Column::Workspace => &self.workspace,
            Column::Owner => &self.owner,
            Column::Status => &self.status,
            Column::Created => "",
        }
    }
}

/// The query as matched: lower case words, each of which must be found.
pub(crate) fn query_words(q: &str) -> Vec<String> {
    q.split_whitespace().map(str::to_lowercase).collect()
}

/// Whether every word is in the row's name, owner, workspace, session or status (no words:
/// every row).
pub(crate) fn matches(words: &[String], row: &Row) -> bool {
    if words.is_empty() {
        return true;
    }
    let hay = [
        &row.name,
        &row.owner,
        &row.workspace,
        &row.session,
        &row.status,
    ]
    .map(|s| s.to_lowercase());
    words
        .iter()
        .all(|w| hay.iter().any(|h| h.contains(w.as_str())))
}

/// Compares names as people read them: case does not count, then the id breaks ties.
fn by_text(a: &str, b: &str) -> Ordering {
    a.to_lowercase().cmp(&b.to_lowercase())
}

fn compare(a: &Row, b: &Row, sort: Sort) -> Ordering {
    let ord = match sort.column {
        Column::Created => a.created_ms.cmp(&b.created_ms),
        // Problems first (ascending), then the words.
        Column::Status => b
            .attention
            .cmp(&a.attention)
            .then_with(|| by_text(&a.status, &b.status)),
        c => by_text(a.text(c), b.text(c)),
    };
    let ord = match sort.direction {
        Direction::Ascending => ord,
        Direction::Descending => ord.reverse(),
    };
    ord.then_with(|| by_text(&a.name, &b.name))
        .then_with(|| id_order(&a.id, &b.id))
}

/// Decimal ids in their numeric order, other ids as text.
fn id_order(a: &str, b: &str) -> Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

/// The positions (in `rows`) of the rows shown, in the table's order: those the search keeps
/// (and, with `attention_only`, those that need attention), sorted by `sort`, the rows whose id
/// is in `gone` (deleted here, the backend's list not read since) left out.
pub(crate) fn shown<T: AsRef<Row>>(
    rows: &[T],
    query: &str,
    attention_only: bool,
    sort: Sort,
    gone: &[String],
) -> Vec<usize> {
    let words = query_words(query);
    let mut kept: Vec<usize> = rows
        .iter()
        .map(AsRef::as_ref)
        .enumerate()
        .filter(|(_, r)| !gone.contains(&r.id))
        .filter(|(_, r)| !attention_only || r.attention)
        .filter(|(_, r)| matches(&words, r))
        .map(|(i, _)| i)
        .collect();
    super::sort_small(&mut kept, |a, b| {
        compare(rows[*a].as_ref(), rows[*b].as_ref(), sort)
    });
    kept
}

/// How many of `rows` are not in `gone`, and how many of those need attention.
pub(crate) fn totals<T: AsRef<Row>>(rows: &[T], gone: &[String]) -> (usize, usize) {
    rows.iter()
        .map(AsRef::as_ref)
        .filter(|r| !gone.contains(&r.id))
        .fold((0, 0), |(all, att), r| {
            (all + 1, att + usize::from(r.attention))
        })
}

/// `12 of 340 shown`; `noun` is the plural of what is listed, said when all are shown: `340
/// sessions`, `1 session`.
pub(crate) fn count_words(shown: usize, all: usize, noun: &str) -> String {
    if shown == all {
        let noun = if all == 1 {
            noun.strip_suffix('s').unwrap_or(noun)
        } else {
            noun
        };
        return format!("{} {noun}", grouped(all as u64));
    }
    format!("{} of {} shown", grouped(shown as u64), grouped(all as u64))
}

/// The owner's name: the user's name as `names` has it, else `user <id>` (a user the caller may
/// not list, or one deleted since), `unknown` when the backend named nobody.
pub(crate) fn owner_name(names: &HashMap<String, String>, user_id: &str) -> String {
    if user_id.is_empty() || user_id == "0" {
        return "unknown".to_owned();
    }
    names
        .get(user_id)
        .cloned()
        .unwrap_or_else(|| format!("user {user_id}"))
}

/// A workspace's status in words, and whether it needs attention.
pub(crate) fn workspace_status(status: WorkspaceStatus) -> (&'static str, bool) {
    match status {
        WorkspaceStatus::Active => ("Active", false),
        WorkspaceStatus::Inactive => ("Inactive", false),
        WorkspaceStatus::Deleted => ("Deleted", false),
        WorkspaceStatus::Unknown => ("Unknown", true),
    }
}

/// An app instance's status in words, and whether it needs attention: its observed state, said
/// `Stopping` when it is asked to stop and not yet stopped; `Unknown` for a state nobody reported
/// (CHORUS without its cluster).
pub(crate) fn instance_status(i: &AppInstance) -> (&'static str, bool) {
    let asked_away = matches!(i.k8s_state, DesiredState::Stopped | DesiredState::Killed);
    match i.k8s_status {
        AppInstanceStatus::Running | AppInstanceStatus::Progressing if asked_away => {
            ("Stopping", false)
        }
        AppInstanceStatus::Failed => ("Failed", true),
        AppInstanceStatus::Killed => ("Killed", false),
        AppInstanceStatus::Unknown => ("Unknown", true),
        s => (s.label(), false),
    }
}

/// Whether a session's status in words means the steward should look at it: `Failed`,
/// `Unknown`, `Did not start`.
pub(crate) fn session_needs_attention(words: &str) -> bool {
    matches!(words, "Failed" | "Unknown" | "Did not start")
}

/// What deleting an item takes with it, in words.
pub(crate) fn workspace_goes(sessions: Option<usize>) -> String {
    match sessions {
        Some(0) => "It has no sessions.".to_owned(),
        Some(1) => "Its session and that session's apps go with it.".to_owned(),
        Some(n) => format!(
            "Its {} sessions and their apps go with it.",
            grouped(n as u64)
        ),
        None => "Its sessions and their apps go with it.".to_owned(),
    }
}

/// What deleting a session takes with it, in words.
pub(crate) fn session_goes(apps: Option<usize>) -> String {
    match apps {
        Some(0) => "Its desktop stops; it has no apps open.".to_owned(),
        Some(1) => "Its desktop stops and its app goes with it.".to_owned(),
        Some(n) => format!(
            "Its desktop stops and its {} apps go with it.",
            grouped(n as u64)
        ),
        None => "Its desktop stops and its apps go with it.".to_owned(),
    }
}

/// What deleting an app instance does, in words.
pub(crate) fn instance_goes(session: &str) -> String {
    format!("The app closes in the session {session}; the session stays.")
}

#[cfg(test)]
#[path = "admin_lists_tests.rs"]
mod tests;
