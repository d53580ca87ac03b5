//! The demo data (devserver/README.md, "Demo data"): stable, the end-to-end tests rely on it.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::model::{Assignment, Job, User, Workspace, WorkspaceSettings};
use super::{Store, TENANT};
use crate::config::Jobs;
use crate::sim::Scenario;

/// 2025-01-06T09:00:00Z: when the seeded records were "created".
const SEED_TIME: u64 = 1_736_154_000;

/// The seeded sessions: name, scenario, hostile, stopped by its user. Hostile data is made by
/// the tests that need it (`POST /api/dev/sessions/hostile`), never shown to a newcomer.
const SEED_SESSIONS: &[(&str, Scenario, bool, bool)] = &[
    ("Healthy desktop", Scenario::Healthy, false, false),
    ("Slow desktop", Scenario::Slow, false, false),
    ("Missing secret", Scenario::MissingSecret, false, false),
    ("Image pull failure", Scenario::ImagePull, false, false),
    ("Crash loop", Scenario::Crashloop, false, false),
    ("Deadline", Scenario::Timeout, false, false),
    ("Stopped desktop", Scenario::Healthy, false, true),
];

const WORKSPACES: &[(&str, &str, &str)] = &[
    ("Demo", "demo", "Demo workspace: one session per scenario"),
    (
        "Genomics",
        "genomics",
        "Sequencing pipelines and variant calling",
    ),
    ("Imaging Lab", "imaging", "Microscopy and medical imaging"),
];

/// Username, password, first and last name, role assignments (role, workspace), one-time code.
type SeedUser = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    Option<&'static str>,
);

/// The one-time code of `dora`, the demo user with a second factor.
pub const DORA_TOTP: &str = "424242";

const USERS: &[SeedUser] = &[
    (
        "admin",
        "admin123",
        "Ada",
        "Admin",
        &[("PlatformAdmin", "*")],
        None,
    ),
    (
        "alice",
        "alice123",
        "Alice",
        "Anders",
        &[("WorkspaceMember", "1"), ("WorkspaceMember", "2")],
        None,
    ),
    (
        "bob",
        "bob12345",
        "Bob",
        "Berg",
        &[("WorkspaceViewer", "1")],
        None,
    ),
    (
        "dora",
        "dora12345",
        "Dora",
        "Diaz",
        &[("WorkspaceMember", "1")],
        Some(DORA_TOTP),
    ),
    // A workspace's own admin, no platform role (issue 29): runs Demo's members.
    (
        "wendy",
        "wendy123",
        "Wendy",
        "Wirth",
        &[("WorkspaceAdmin", "1")],
        None,
    ),
    // In no workspace at all until someone adds her.
    ("nora", "nora1234", "Nora", "Nowak", &[], None),
];

/// The demo logins the fake identity provider offers.
pub(crate) fn demo_usernames() -> impl Iterator<Item = &'static str> {
    USERS.iter().map(|u| u.0)
}

/// mc dialect: the project slugs of the seed and their workspaces.
pub(crate) const MC_PROJECTS: &[(&str, u64)] = &[
    ("demo-server", 1),
    ("genomics-pipeline", 2),
    ("imaging-viewer", 3),
];

/// mc dialect: the seeded jobs' ids (builds 1–3, then runs 1–3).
const MC_IDS: [&str; 6] = [
    "0b6f4e8a-2c1d-4f3a-9e57-1a2b3c4d5e01",
    "0b6f4e8a-2c1d-4f3a-9e57-1a2b3c4d5e02",
    "0b6f4e8a-2c1d-4f3a-9e57-1a2b3c4d5e03",
    "7d3c2b1a-9f8e-4d6c-8b5a-6f7e8d9c0b01",
    "7d3c2b1a-9f8e-4d6c-8b5a-6f7e8d9c0b02",
    "7d3c2b1a-9f8e-4d6c-8b5a-6f7e8d9c0b03",
];

/// The seeded jobs, builds 1–3 then runs 1–3: (number, workspace, the build a run runs (0:
/// none), status, hours ago, error).
type SeedJob = (u64, u64, u64, &'static str, u64, Option<&'static str>);

const JOBS: [SeedJob; 6] = [
    (1, 1, 0, "succeeded", 26, None),
    (
        2,
        2,
        0,
        "failed",
        5,
        Some("Build failed: step 3/7 COPY environment.yml: file not found"),
    ),
    (3, 2, 0, "succeeded", 4, None),
    (1, 1, 1, "stopped", 25, None),
    (
        2,
        2,
        3,
        "failed",
        3,
        Some("Server exited with code 2 (PrerequisiteFailed): input dataset missing"),
    ),
    (3, 1, 1, "succeeded", 2, None),
];

const FIRST: &[&str] = &[
    "Ada", "Ben", "Chloe", "Dev", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kira",
    "Luca", "Mona", "Nils", "Olga", "Pablo",
];
const LAST: &[&str] = &[
    "Meier", "Rossi", "Novak", "Dubois", "Silva", "Kim", "Berg", "Okafor", "Haddad", "Larsen",
    "Moreau", "Tanaka", "Weber",
];

fn workspace_context(ws: &str) -> BTreeMap<String, String> {
    BTreeMap::from([("workspace".to_string(), ws.to_string())])
}

/// The fields of a new user.
pub(crate) struct NewUser<'a> {
    pub username: &'a str,
    pub password: &'a str,
    pub first: &'a str,
    pub last: &'a str,
    pub email: &'a str,
    pub status: &'a str,
    pub source: &'a str,
}

impl Store {
    pub(super) fn seed(&mut self) {
        let seeded = UNIX_EPOCH + Duration::from_secs(SEED_TIME);
        for (name, short, desc) in WORKSPACES {
            let id = self.next_workspace;
            self.next_workspace += 1;
            self.workspaces.insert(
                id,
                Workspace {
                    id,
                    tenant_id: TENANT,
                    user_id: 1,
                    name: name.to_string(),
                    short_name: short.to_string(),
                    description: desc.to_string(),
                    status: "active".into(),
                    created_at: seeded,
                    updated_at: seeded,
                    settings: Default::default(),
                },
            );
        }
        // Genomics has settings that an update must not lose (issue 45): allowed hosts only,
        // the clipboard both ways, public with alice as its contact.
        if let Some(w) = self.workspaces.get_mut(&2) {
            w.settings = WorkspaceSettings {
                network_policy: "FQDNAllowlist".into(),
                allowed_fqdns: vec!["pypi.org".into()],
                clipboard: "both".into(),
                public: true,
                contact_user_id: 2,
                ..WorkspaceSettings::default()
            };
        }

        for (username, password, first, last, roles, totp) in USERS {
            let email = format!("{username}@example.org");
            let roles = roles
                .iter()
                .map(|(r, ws)| (r.to_string(), workspace_context(ws)))
                .collect();
            let new = NewUser {
                username,
                password,
                first,
                last,
                email: &email,
                status: "active",
                source: "internal",
            };
            let id = self.insert_user(&new, roles, seeded);
            if let Some(u) = self.users.get_mut(&id) {
                u.totp = totp.map(str::to_string);
                u.totp_enabled = totp.is_some();
                if totp.is_some() {
                    u.recovery_codes = super::chorus::DORA_RECOVERY_CODES
                        .iter()
                        .map(|c| c.to_string())
                        .collect();
                }
            }
        }
        for i in 1..=self.extra_users {
            let username = format!("user{i:05}");
            let email = format!("{username}@example.org");
            let ws = ((i - 1) % 3 + 1).to_string();
            let new = NewUser {
                username: &username,
                password: "password",
                first: FIRST[i % FIRST.len()],
                last: LAST[(i / FIRST.len()) % LAST.len()],
                email: &email,
                status: if i % 10 == 0 { "disabled" } else { "active" },
                source: "internal",
            };
            let roles = vec![("WorkspaceViewer".to_string(), workspace_context(&ws))];
            self.insert_user(&new, roles, seeded);
        }

        self.apps = super::seed_apps::apps(self.flavor);

        if self.flavor == crate::config::Flavor::Chorus {
            self.seed_chorus_roles();
        }
        let now = self.clock.now();
        for (name, scenario, hostile, stopped) in SEED_SESSIONS {
            let description = format!("Seeded session: scenario {}", scenario.as_str());
            let id = self.create_workbench_record(2, 1, name, &description, 1920, 1080, *scenario);
            self.on_workbench_created(2, id);
            if let Some(wb) = self.workbenches.get_mut(&id) {
                wb.spec.hostile = *hostile;
                if *stopped {
                    wb.run_start = now - 60.0;
                    wb.stop_at = Some(now - 20.0);
                    wb.generation = 2;
                    wb.observed_generation = 2;
                    wb.created_at = self.clock.wall_of(now - 60.0, now, SystemTime::now());
                }
            }
        }
        // Id 8 was the seeded hostile session's: left unused, so that the ids of what tests
        // create stay as they were.
        self.next_workbench += 1;
        self.seed_jobs();
        // The demo starts with nobody asked to refresh their login (the seeded sessions' roles
        // are in every first token).
        self.notifications.clear();
    }

    fn seed_jobs(&mut self) {
        let mc = self.jobs == Jobs::Mc;
        let wall = SystemTime::now();
        let hours_ago = |h: u64, m: u64| wall - Duration::from_secs(h * 3600 + m * 60);
        let wire_id = |i: usize, seq: u64| {
            if mc {
                MC_IDS[i].to_string()
            } else {
                seq.to_string()
            }
        };
        let project = |ws: u64| {
            if mc {
                MC_PROJECTS[(ws - 1) as usize].0.to_string()
            } else {
                ws.to_string()
            }
        };
        for (i, &(seq, ws, build, status, h, error)) in JOBS.iter().enumerate() {
            let job = Job {
                seq,
                id: wire_id(i, seq),
                project_id: project(ws),
                workspace_id: ws,
                build_id: if build == 0 {
                    String::new()
                } else {
                    wire_id(build as usize - 1, build)
                },
                created_sim: 0.0,
                stop_sim: None,
                fixed: true,
                status,
                created_at: hours_ago(h, 10),
                started_at: Some(hours_ago(h, 9)),
                finished_at: Some(hours_ago(h, 2)),
                error: error.map(str::to_string),
                log_lines: 0,
            };
            let map = if i < 3 {
                &mut self.builds
            } else {
                &mut self.runs
            };
            map.insert(seq, job);
        }
        self.next_build = 4;
        self.next_run = 4;
    }

    /// Adds a user with its role assignments; returns its id.
    pub(crate) fn insert_user(
        &mut self,
        new: &NewUser,
        roles: Vec<(String, BTreeMap<String, String>)>,
        at: SystemTime,
    ) -> u64 {
        let id = self.next_user;
        self.next_user += 1;
        let roles = roles
            .into_iter()
            .map(|(name, context)| {
                let a = Assignment {
                    id: self.next_assignment,
                    name,
                    context,
                };
                self.next_assignment += 1;
                a
            })
            .collect();
        self.users.insert(
            id,
            User {
                id,
                username: new.username.into(),
                first_name: new.first.into(),
                last_name: new.last.into(),
                email: new.email.into(),
                status: new.status.into(),
                source: new.source.into(),
                password: new.password.into(),
                totp: None,
                recovery_codes: Vec::new(),
                totp_secret: None,
                totp_enabled: false,
                password_changed: false,
                roles,
                created_at: at,
                updated_at: at,
            },
        );
        id
    }
}
