//! CHORUS's audit log (api.md "Audit service", `pkg/audit`): the entries, what a list asks for,
//! and the demo's entries. Entries are written by the audit hook, `mw/audit.rs` (every write the
//! API answers), and read by the list routes of `routes/audit/`.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub id: u64,
    pub actor_id: u64,
    pub actor_username: String,
    pub correlation_id: String,
    pub action: String,
    /// `0`: none (not sent).
    pub workspace_id: u64,
    pub workbench_id: u64,
    pub user_id: u64,
    pub description: String,
    pub details: BTreeMap<String, String>,
    pub created_at: SystemTime,
}

/// What a list asks for (`filter.*`; `0`/empty: any).
#[derive(Clone, Debug, Default)]
pub(crate) struct Filter {
    pub actor_id: u64,
    pub workspace_id: u64,
    pub workbench_id: u64,
    pub user_id: u64,
    pub action: String,
    pub from: Option<SystemTime>,
    pub to: Option<SystemTime>,
}

impl Filter {
    pub fn matches(&self, e: &Entry) -> bool {
        (self.actor_id == 0 || e.actor_id == self.actor_id)
            && (self.workspace_id == 0 || e.workspace_id == self.workspace_id)
            && (self.workbench_id == 0 || e.workbench_id == self.workbench_id)
            && (self.user_id == 0 || e.user_id == self.user_id)
            && (self.action.is_empty() || e.action == self.action)
            && self.from.is_none_or(|f| e.created_at >= f)
            && self.to.is_none_or(|t| e.created_at <= t)
    }
}

#[derive(Debug, Default)]
pub(crate) struct AuditLog {
    /// Oldest first (ids ascending).
    pub entries: Vec<Entry>,
    next_id: u64,
    /// `services.audit_service.enabled`.
    pub enabled: bool,
}

/// A new entry's fields (the id and, unless given, the time are the log's).
#[derive(Clone, Debug, Default)]
pub(crate) struct NewEntry {
    pub actor_id: u64,
    pub actor_username: String,
    pub correlation_id: String,
    pub action: String,
    pub workspace_id: u64,
    pub workbench_id: u64,
    pub user_id: u64,
    pub description: String,
    pub details: BTreeMap<String, String>,
    pub created_at: Option<SystemTime>,
}

impl AuditLog {
    pub fn record(&mut self, new: NewEntry) -> Option<u64> {
        if !self.enabled {
            return None;
        }
        let id = self.next_id.max(1);
        self.next_id = id + 1;
        self.entries.push(Entry {
            id,
            actor_id: new.actor_id,
            actor_username: new.actor_username,
            correlation_id: new.correlation_id,
            action: new.action,
            workspace_id: new.workspace_id,
            workbench_id: new.workbench_id,
            user_id: new.user_id,
            description: new.description,
            details: new.details,
            created_at: new.created_at.unwrap_or_else(SystemTime::now),
        });
        Some(id)
    }

    /// The entries `filter` selects, oldest first.
    pub fn select(&self, filter: &Filter) -> Vec<&Entry> {
        if !self.enabled {
            return Vec::new();
        }
        self.entries.iter().filter(|e| filter.matches(e)).collect()
    }

    /// The demo's entries (`users`: id → username); with the hostile one.
    pub fn seeded(users: &BTreeMap<u64, String>) -> AuditLog {
        let mut log = AuditLog {
            entries: Vec::new(),
            next_id: 1,
            enabled: true,
        };
        let day = |d: u64, h: u64, m: u64| {
            // 2025-01-06T00:00:00Z + d days, h:m.
            UNIX_EPOCH + Duration::from_secs(1_736_121_600 + d * 86_400 + h * 3_600 + m * 60)
        };
        type Seed<'a> = (
            (u64, u64, u64),
            u64,
            &'a str,
            u64,
            u64,
            u64,
            &'a str,
            &'a [(&'a str, &'a str)],
        );
        let seeds: &[Seed] = &[
            (
                (0, 9, 0),
                1,
                "LoginUser",
                0,
                0,
                0,
                "User authenticated successfully.",
                &[("username", "admin")],
            ),
            (
                (0, 9, 5),
                1,
                "CreateWorkspace",
                1,
                0,
                0,
                "Created workspace 1.",
                &[("workspace_name", "Demo")],
            ),
            (
                (0, 9, 10),
                1,
                "AddWorkspaceMember",
                1,
                0,
                2,
                "Added user 2 to workspace 1 with role WorkspaceMember.",
                &[("role", "WorkspaceMember")],
            ),
            (
                (0, 9, 12),
                1,
                "AddWorkspaceMember",
                1,
                0,
                3,
                "Added user 3 to workspace 1 with role WorkspaceViewer.",
                &[("role", "WorkspaceViewer")],
            ),
            (
                (0, 9, 15),
                1,
                "AddWorkspaceMember",
                1,
                0,
                5,
                "Added user 5 to workspace 1 with role WorkspaceAdmin.",
                &[("role", "WorkspaceAdmin")],
            ),
            (
                (1, 10, 0),
                2,
                "LoginUser",
                0,
                0,
                0,
                "User authenticated successfully.",
                &[("username", "alice")],
            ),
            (
                (1, 10, 2),
                2,
                "CreateWorkbench",
                1,
                1,
                0,
                "Created workbench 1 in workspace 1.",
                &[("workbench_name", "Healthy desktop")],
            ),
            (
                (1, 10, 30),
                2,
                "CreateFile",
                1,
                0,
                0,
                "Uploaded file /disk/raw/measurements.csv in workspace 1.",
                &[
                    ("workspace_id", "1"),
                    ("path", "/disk/raw/measurements.csv"),
                    ("compliance", "Aggregated values only; no personal data."),
                ],
            ),
            (
                (2, 14, 0),
                2,
                "CreateDataExtractionRequest",
                1,
                0,
                0,
                "Created data extraction request 1.",
                &[("request_id", "1"), ("source_workspace_id", "1")],
            ),
            (
                (2, 15, 0),
                5,
                "LoginUser",
                0,
                0,
                0,
                "User authenticated successfully.",
                &[("username", "wendy")],
            ),
            (
                (2, 15, 5),
                5,
                "UpdateWorkspace",
                1,
                0,
                0,
                "Updated workspace 1.",
                &[("workspace_id", "1")],
            ),
            (
                (3, 8, 30),
                3,
                "LoginUser",
                0,
                0,
                0,
                "User authenticated successfully.",
                &[("username", "bob")],
            ),
            (
                (3, 8, 31),
                3,
                "CreateFile",
                1,
                0,
                0,
                "Failed to upload file /disk/notes.txt in workspace 1.",
                &[
                    ("workspace_id", "1"),
                    ("path", "/disk/notes.txt"),
                    (
                        "error_message",
                        "required permission: uploadFilesToWorkspace@workspace=1",
                    ),
                    ("grpc_status_code", "7"),
                ],
            ),
            (
                (3, 9, 0),
                1,
                "CreateWorkspace",
                2,
                0,
                0,
                "Created workspace 2.",
                &[("workspace_name", "Genomics")],
            ),
            (
                (3, 9, 10),
                1,
                "AssignUserRole",
                2,
                0,
                2,
                "Assigned role WorkspaceMember to user 2.",
                &[("role", "WorkspaceMember")],
            ),
            (
                (3, 11, 0),
                2,
                "DeleteWorkbench",
                1,
                7,
                0,
                "Deleted workbench 7.",
                &[("workbench_id", "7")],
            ),
        ];
        for ((d, h, m), actor, action, ws, wb, user, description, details) in seeds {
            let n = log.next_id;
            log.record(NewEntry {
                actor_id: *actor,
                actor_username: users.get(actor).cloned().unwrap_or_default(),
                correlation_id: format!("00000000-0000-4000-8000-{n:012}"),
                action: action.to_string(),
                workspace_id: *ws,
                workbench_id: *wb,
                user_id: *user,
                description: description.to_string(),
                details: details
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                created_at: Some(day(*d, *h, *m)),
            });
        }
        log.record(hostile(users, day(3, 12, 0)));
        log
    }
}

/// Bytes of the hostile entry's `payload` detail.
pub(crate) const HOSTILE_DETAIL_LEN: usize = 100 * 1024;
/// The hostile entry's unknown action.
pub(crate) const HOSTILE_ACTION: &str = "TeleportWorkspace";

/// Markup in the description, an action no client knows, a detail of 100 KB (nora, in Demo).
pub(crate) fn hostile(users: &BTreeMap<u64, String>, at: SystemTime) -> NewEntry {
    let mut payload = String::with_capacity(HOSTILE_DETAIL_LEN);
    let chunk = "<img src=x onerror=alert(1)>AAAA";
    while payload.len() + chunk.len() <= HOSTILE_DETAIL_LEN {
        payload.push_str(chunk);
    }
    while payload.len() < HOSTILE_DETAIL_LEN {
        payload.push('A');
    }
    let mut details = BTreeMap::new();
    details.insert("payload".to_string(), payload);
    details.insert(
        "<b>markup</b>".to_string(),
        "<script>alert('detail')</script><a href=\"javascript:alert(1)\">click</a>".to_string(),
    );
    NewEntry {
        actor_id: 6,
        actor_username: users.get(&6).cloned().unwrap_or_default(),
        correlation_id: "<script>alert('cid')</script>".to_string(),
        action: HOSTILE_ACTION.to_string(),
        workspace_id: 1,
        workbench_id: 0,
        user_id: 0,
        description: "<img src=x onerror=alert(1)> <script>alert('audit')</script> \u{202e}gnp.exe"
            .to_string(),
        details,
        created_at: Some(at),
    }
}
