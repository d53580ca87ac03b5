//! The rows of an admin list from what was read: names (through `text::shown`), the owner by
//! name, the status in words and its badge, links, what a delete takes with it.
use std::collections::HashMap;

use crate::components::session_status::list_words;
use crate::domain::admin_lists::{
    instance_goes, instance_status, owner_name, session_goes, session_needs_attention,
    workspace_goes, workspace_status, Row,
};
use crate::domain::text::shown_string;
use crate::domain::time::parse_rfc3339_ms;
use crate::domain::workspace::WorkspaceStatus;
use crate::routes::{session_href, workspace_href};

use super::load::Lists;
use super::Kind;

/// One row of the table and what its cells link to.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Item {
    pub(super) row: Row,
    /// The item's own page (a workspace, a session; an app instance: its session).
    pub(super) href: Option<String>,
    pub(super) session_href: Option<String>,
    pub(super) workspace_href: Option<String>,
    /// The status badge's class.
    pub(super) badge: &'static str,
    pub(super) workspace_id: String,
    pub(super) workbench_id: String,
    /// What a delete takes with it, in words.
    pub(super) goes: String,
    /// `createdAt` as sent (for `<time datetime>`).
    pub(super) created_raw: Option<String>,
}

impl AsRef<Row> for Item {
    fn as_ref(&self) -> &Row {
        &self.row
    }
}

fn counts<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut n = HashMap::new();
    for id in ids {
        *n.entry(id).or_insert(0) += 1;
    }
    n
}

fn workspace_name(names: &HashMap<&str, String>, id: &str) -> String {
    names
        .get(id)
        .cloned()
        .unwrap_or_else(|| format!("Workspace {}", shown_string(id)))
}

fn badge_of(words: &str, attention: bool) -> &'static str {
    match words {
        "Running" | "Active" => "badge badge-ok",
        "Starting" | "Stopping" => "badge badge-info",
        _ if attention => "badge badge-danger",
        _ => "badge badge-neutral",
    }
}

/// The rows of `kind`'s list (`users`: id → name; `now` and `timeout_ms` for a session's
/// `Starting` or `Did not start`).
pub(super) fn items(
    kind: Kind,
    lists: &Lists,
    users: &HashMap<String, String>,
    now: i64,
    timeout_ms: i64,
) -> Vec<Item> {
    let ws_names: HashMap<&str, String> = lists
        .workspaces
        .iter()
        .flatten()
        .map(|w| (w.id.as_str(), shown_string(&w.display_name())))
        .collect();
    let owner = |id: &str| shown_string(&owner_name(users, id));
    match kind {
        Kind::Workspaces => {
            let sessions = lists
                .sessions
                .as_ref()
                .map(|l| counts(l.iter().map(|w| w.workspace_id.as_str())));
            let all = lists.workspaces.iter().flatten();
            all.filter(|w| w.status != WorkspaceStatus::Deleted)
                .map(|w| {
                    let (words, attention) = workspace_status(w.status);
                    let n = sessions
                        .as_ref()
                        .map(|s| s.get(w.id.as_str()).copied().unwrap_or(0));
                    Item {
                        row: Row {
                            id: w.id.clone(),
                            name: shown_string(&w.display_name()),
                            owner: owner(&w.user_id),
                            status: words.to_owned(),
                            attention,
                            created_ms: w.created_at.as_deref().and_then(parse_rfc3339_ms),
                            ..Row::default()
                        },
                        href: Some(workspace_href(&w.id)),
                        session_href: None,
                        workspace_href: None,
                        badge: badge_of(words, attention),
                        workspace_id: w.id.clone(),
                        workbench_id: String::new(),
                        goes: workspace_goes(n),
                        created_raw: w.created_at.clone(),
                    }
                })
                .collect()
        }
        Kind::Sessions => {
            let apps = lists
                .instances
                .as_ref()
                .map(|l| counts(l.iter().map(|i| i.workbench_id.as_str())));
            lists
                .sessions
                .iter()
                .flatten()
                .map(|wb| {
                    // Stopped or completed by its user (our phase): said so, not `Unknown`.
                    let words = list_words(wb, now, timeout_ms);
                    let attention = session_needs_attention(words);
                    let n = apps
                        .as_ref()
                        .map(|a| a.get(wb.id.as_str()).copied().unwrap_or(0));
                    Item {
                        row: Row {
                            id: wb.id.clone(),
                            name: shown_string(&wb.display_name()),
                            owner: owner(&wb.user_id),
                            workspace: workspace_name(&ws_names, &wb.workspace_id),
                            status: words.to_owned(),
                            attention,
                            created_ms: wb.created_at_ms(),
                            ..Row::default()
                        },
                        href: Some(session_href(&wb.workspace_id, &wb.id)),
                        session_href: None,
                        workspace_href: Some(workspace_href(&wb.workspace_id)),
                        badge: badge_of(words, attention),
                        workspace_id: wb.workspace_id.clone(),
                        workbench_id: wb.id.clone(),
                        goes: session_goes(n),
                        created_raw: wb.created_at.clone(),
                    }
                })
                .collect()
        }
        Kind::AppInstances => {
            let sessions: HashMap<&str, String> = lists
                .sessions
                .iter()
                .flatten()
                .map(|w| (w.id.as_str(), shown_string(&w.display_name())))
                .collect();
            lists
                .instances
                .iter()
                .flatten()
                .map(|i| {
                    let (words, attention) = instance_status(i);
                    let session = sessions
                        .get(i.workbench_id.as_str())
                        .cloned()
                        .unwrap_or_else(|| format!("Session {}", shown_string(&i.workbench_id)));
                    let name = if i.app_name.trim().is_empty() {
                        format!("App {}", shown_string(&i.app_id))
                    } else {
                        shown_string(&i.app_name)
                    };
                    let to_session = session_href(&i.workspace_id, &i.workbench_id);
                    Item {
                        row: Row {
                            id: i.id.clone(),
                            name,
                            owner: owner(&i.user_id),
                            workspace: workspace_name(&ws_names, &i.workspace_id),
                            session: session.clone(),
                            status: words.to_owned(),
                            attention,
                            created_ms: i.created_at.as_deref().and_then(parse_rfc3339_ms),
                        },
                        href: None,
                        session_href: Some(to_session),
                        workspace_href: Some(workspace_href(&i.workspace_id)),
                        badge: badge_of(words, attention),
                        workspace_id: i.workspace_id.clone(),
                        workbench_id: i.workbench_id.clone(),
                        goes: instance_goes(&session),
                        created_raw: i.created_at.clone(),
                    }
                })
                .collect()
        }
    }
}
