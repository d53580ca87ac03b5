//! The in-memory store: seeded demo data, the materialized status of every session, app
//! instance and job, and the reconcile step that moves them along the simulated clock.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant, SystemTime};

use serde_json::{json, Map, Value};
use tokio::sync::broadcast;

use crate::error::{ApiError, ApiResult, FieldError};
use crate::perms::{self, Role, Target};
use crate::rng::Rng;
use crate::sim::{self, CondStatus, RunSpec, Scenario};
use crate::timefmt::{at_unix, rfc3339};

/// Simulated time: wall time scaled by the speed, which may change at run time.
#[derive(Clone, Debug)]
pub struct SimClock {
    anchor_real: Instant,
    anchor_sim: f64,
    speed: f64,
}

impl SimClock {
    pub fn new(speed: f64) -> Self {
        SimClock {
            anchor_real: Instant::now(),
            anchor_sim: 0.0,
            speed,
        }
    }

    /// Simulated seconds since the clock started.
    pub fn now(&self) -> f64 {
        self.anchor_sim + self.anchor_real.elapsed().as_secs_f64() * self.speed
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    pub fn set_speed(&mut self, speed: f64) {
        self.anchor_sim = self.now();
        self.anchor_real = Instant::now();
        self.speed = speed;
    }

    /// Jumps the simulated clock forward.
    pub fn advance(&mut self, secs: f64) {
        self.anchor_sim += secs.max(0.0);
    }

    /// The wall time of simulated instant `t`, given that `now_sim` is `wall_now`.
    pub fn wall_of(&self, t: f64, now_sim: f64, wall_now: SystemTime) -> SystemTime {
        let delta = (now_sim - t) / self.speed;
        let d = Duration::try_from_secs_f64(delta.abs()).unwrap_or(Duration::ZERO);
        if delta >= 0.0 {
            wall_now.checked_sub(d).unwrap_or(wall_now)
        } else {
            wall_now.checked_add(d).unwrap_or(wall_now)
        }
    }
}

#[derive(Clone, Debug)]
pub struct Workspace {
    pub id: u64,
    pub tenant_id: u64,
    pub user_id: u64,
    pub name: String,
    pub short_name: String,
    pub description: String,
    pub status: String,
    pub created_at: SystemTime,
    pub updated_at: SystemTime,
}

#[derive(Clone, Debug)]
pub struct Condition {
    pub kind: &'static str,
    pub status: CondStatus,
    pub reason: &'static str,
    pub message: String,
    pub last_transition: SystemTime,
    pub observed_generation: i64,
}

#[derive(Clone, Debug)]
pub struct Workbench {
    pub id: u64,
    pub tenant_id: u64,
    pub user_id: u64,
    pub workspace_id: u64,
    pub name: String,
    pub short_name: String,
    pub description: String,
    pub status: String,
    pub width: i64,
    pub height: i64,
    pub created_at: SystemTime,
    pub updated_at: SystemTime,
    /// The scenario it was created with.
    pub scenario: Scenario,
    /// The current run (scenario of this run, run number, names).
    pub spec: RunSpec,
    /// Simulated start of the current run.
    pub run_start: f64,
    /// Simulated time of the user's stop, if any.
    pub stop_at: Option<f64>,
    pub generation: i64,
    pub observed_generation: i64,
    pub phase: &'static str,
    pub k8s_status: &'static str,
    pub server_pod_status: &'static str,
    pub server_pod_message: String,
    pub conditions: Vec<Condition>,
    pub start_time: Option<SystemTime>,
    pub completion_time: Option<SystemTime>,
    pub job_name: String,
    pub runner_pod_name: String,
    /// Simulated time at which `k8s_status` became `Running`, while it is.
    pub ready_at: Option<f64>,
    /// Bumped on every change of the wire representation.
    pub version: u64,
}

#[derive(Clone, Debug)]
pub struct App {
    pub id: u64,
    pub name: String,
    pub description: String,
    pub image: String,
    pub tag: String,
    pub failing: bool,
}

#[derive(Clone, Debug)]
pub struct AppInstance {
    pub id: u64,
    pub tenant_id: u64,
    pub user_id: u64,
    pub workspace_id: u64,
    pub workbench_id: u64,
    pub app_id: u64,
    pub app_name: String,
    pub created_sim: f64,
    pub k8s_status: &'static str,
    pub k8s_message: String,
    pub k8s_state: &'static str,
    pub status: String,
    pub created_at: SystemTime,
    pub updated_at: SystemTime,
    /// Once failed, an instance stays failed (the console retries with a new one).
    pub failed: bool,
    pub ever_running: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    pub id: u64,
    pub name: String,
    pub context: BTreeMap<String, String>,
}

#[derive(Clone, Debug)]
pub struct User {
    pub id: u64,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub status: String,
    pub source: String,
    pub password: String,
    pub roles: Vec<Assignment>,
    pub created_at: SystemTime,
    pub updated_at: SystemTime,
}

#[derive(Clone, Debug)]
pub struct Job {
    pub id: u64,
    pub project_id: u64,
    /// Runs only: the build it runs.
    pub build_id: String,
    pub created_sim: f64,
    pub stop_sim: Option<f64>,
    /// Seeded, finished jobs are not simulated.
    pub fixed: bool,
    pub status: &'static str,
    pub created_at: SystemTime,
    pub started_at: Option<SystemTime>,
    pub finished_at: Option<SystemTime>,
    pub error: Option<String>,
}

/// What the run stream broadcasts.
#[derive(Clone, Debug)]
pub enum RunMsg {
    Update {
        project_id: u64,
        run: Value,
    },
    /// Everything changed (reset): every stream sends a fresh `init`.
    Resync,
}

#[derive(Clone, Debug)]
pub struct TokenInfo {
    pub user_id: u64,
    pub username: String,
}

pub struct Store {
    pub clock: SimClock,
    pub default_scenario: Scenario,
    pub workspaces: BTreeMap<u64, Workspace>,
    pub workbenches: BTreeMap<u64, Workbench>,
    pub apps: Vec<App>,
    pub instances: BTreeMap<u64, AppInstance>,
    pub users: BTreeMap<u64, User>,
    pub roles: Vec<Role>,
    pub tokens: HashMap<String, TokenInfo>,
    pub builds: BTreeMap<u64, Job>,
    pub runs: BTreeMap<u64, Job>,
    next_workspace: u64,
    next_workbench: u64,
    next_instance: u64,
    next_user: u64,
    next_assignment: u64,
    next_build: u64,
    next_run: u64,
    runs_tx: broadcast::Sender<RunMsg>,
    extra_users: usize,
    pub rng: Rng,
}

/// 2025-01-06T09:00:00Z: when the seeded records were "created".
const SEED_TIME: u64 = 1_736_154_000;
pub const TENANT: u64 = 1;

/// The seeded sessions: name, scenario, hostile, stopped by its user.
pub const SEED_SESSIONS: &[(&str, Scenario, bool, bool)] = &[
    ("Healthy desktop", Scenario::Healthy, false, false),
    ("Slow desktop", Scenario::Slow, false, false),
    ("Missing secret", Scenario::MissingSecret, false, false),
    ("Image pull failure", Scenario::ImagePull, false, false),
    ("Crash loop", Scenario::Crashloop, false, false),
    ("Deadline", Scenario::Timeout, false, false),
    ("Stopped desktop", Scenario::Healthy, false, true),
    (
        "<img src=x onerror=alert(1)> hostile",
        Scenario::Healthy,
        true,
        false,
    ),
];

pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    let out: String = out.chars().take(40).collect();
    if out.is_empty() {
        "session".to_string()
    } else {
        out
    }
}

pub fn valid_username(u: &str) -> bool {
    (3..=32).contains(&u.len())
        && u.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

pub fn valid_email(e: &str) -> bool {
    if e.len() > 254 || e.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && domain.split('.').all(|p| !p.is_empty())
}

pub fn valid_role_name(n: &str) -> bool {
    let mut chars = n.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase())
        && n.len() <= 64
        && n.chars().all(|c| c.is_ascii_alphanumeric())
}

fn opt_time(t: Option<SystemTime>) -> Value {
    t.map(|t| Value::String(rfc3339(t))).unwrap_or(Value::Null)
}

impl Store {
    pub fn new(speed: f64, extra_users: usize, runs_tx: broadcast::Sender<RunMsg>) -> Store {
        let mut s = Store {
            clock: SimClock::new(speed),
            default_scenario: Scenario::Healthy,
            workspaces: BTreeMap::new(),
            workbenches: BTreeMap::new(),
            apps: Vec::new(),
            instances: BTreeMap::new(),
            users: BTreeMap::new(),
            roles: perms::seed_roles(),
            tokens: HashMap::new(),
            builds: BTreeMap::new(),
            runs: BTreeMap::new(),
            next_workspace: 1,
            next_workbench: 1,
            next_instance: 1,
            next_user: 1,
            next_assignment: 1,
            next_build: 1,
            next_run: 1,
            runs_tx,
            extra_users,
            rng: Rng::from_entropy(),
        };
        s.seed();
        s.advance();
        s
    }

    /// Back to the seed. Logins of seeded users survive (same id, same username); the speed
    /// stays; streams resync.
    pub fn reset(&mut self) {
        let speed = self.clock.speed();
        let mut fresh = Store::new(speed, self.extra_users, self.runs_tx.clone());
        for (token, info) in self.tokens.drain() {
            if fresh
                .users
                .get(&info.user_id)
                .is_some_and(|u| u.username == info.username)
            {
                fresh.tokens.insert(token, info);
            }
        }
        *self = fresh;
        let _ = self.runs_tx.send(RunMsg::Resync);
    }

    fn seed(&mut self) {
        let seeded = at_unix(SEED_TIME);
        for (name, short, desc) in [
            ("Demo", "demo", "Demo workspace: one session per scenario"),
            (
                "Genomics",
                "genomics",
                "Sequencing pipelines and variant calling",
            ),
            ("Imaging Lab", "imaging", "Microscopy and medical imaging"),
        ] {
            let id = self.next_workspace;
            self.next_workspace += 1;
            self.workspaces.insert(
                id,
                Workspace {
                    id,
                    tenant_id: TENANT,
                    user_id: 1,
                    name: name.into(),
                    short_name: short.into(),
                    description: desc.into(),
                    status: "active".into(),
                    created_at: seeded,
                    updated_at: seeded,
                },
            );
        }

        let ctx = |ws: &str| BTreeMap::from([("workspace".to_string(), ws.to_string())]);
        type SeedUser<'a> = (
            &'a str,
            &'a str,
            &'a str,
            &'a str,
            Vec<(&'a str, BTreeMap<String, String>)>,
        );
        let seed_users: Vec<SeedUser> = vec![
            (
                "admin",
                "admin123",
                "Ada",
                "Admin",
                vec![("PlatformAdmin", ctx("*"))],
            ),
            (
                "alice",
                "alice123",
                "Alice",
                "Anders",
                vec![("WorkspaceMember", ctx("1")), ("WorkspaceMember", ctx("2"))],
            ),
            (
                "bob",
                "bob12345",
                "Bob",
                "Berg",
                vec![("WorkspaceViewer", ctx("1"))],
            ),
        ];
        for (username, password, first, last, roles) in seed_users {
            let roles = roles.into_iter().map(|(n, c)| (n.to_string(), c)).collect();
            self.insert_user(
                username,
                password,
                first,
                last,
                &format!("{username}@example.org"),
                "active",
                roles,
                seeded,
            );
        }
        const FIRST: &[&str] = &[
            "Ada", "Ben", "Chloe", "Dev", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jonas",
            "Kira", "Luca", "Mona", "Nils", "Olga", "Pablo",
        ];
        const LAST: &[&str] = &[
            "Meier", "Rossi", "Novak", "Dubois", "Silva", "Kim", "Berg", "Okafor", "Haddad",
            "Larsen", "Moreau", "Tanaka", "Weber",
        ];
        for i in 1..=self.extra_users {
            let username = format!("user{i:05}");
            let ws = ((i - 1) % 3 + 1).to_string();
            self.insert_user(
                &username,
                "password",
                FIRST[i % FIRST.len()],
                LAST[(i / FIRST.len()) % LAST.len()],
                &format!("{username}@example.org"),
                if i % 10 == 0 { "disabled" } else { "active" },
                vec![("WorkspaceViewer".to_string(), ctx(&ws))],
                seeded,
            );
        }

        for (name, desc, image, tag, failing) in [
            (
                "JupyterLab",
                "Notebooks for Python, R and Julia",
                "registry.example.org/apps/jupyterlab",
                "4.2",
                false,
            ),
            (
                "VS Code",
                "Code editor in the browser",
                "registry.example.org/apps/code-server",
                "4.96",
                false,
            ),
            (
                "RStudio",
                "Statistics and data analysis in R",
                "registry.example.org/apps/rstudio",
                "2024.12",
                false,
            ),
            (
                "Legacy Viewer",
                "Viewer for old imaging archives",
                "registry.example.org/apps/legacy-viewer",
                "0.9",
                true,
            ),
        ] {
            self.apps.push(App {
                id: self.apps.len() as u64 + 1,
                name: name.into(),
                description: desc.into(),
                image: image.into(),
                tag: tag.into(),
                failing,
            });
        }

        let now = self.clock.now();
        for (name, scenario, hostile, stopped) in SEED_SESSIONS {
            let id = self.create_workbench_record(
                2,
                1,
                name,
                &format!("Seeded session: scenario {}", scenario.as_str()),
                1920,
                1080,
                *scenario,
            );
            if let Some(wb) = self.workbenches.get_mut(&id) {
                wb.spec.hostile = *hostile;
                if *stopped {
                    wb.run_start = now - 60.0;
                    wb.stop_at = Some(now - 20.0);
                    wb.generation = 2;
                    wb.observed_generation = 2;
                    let wall = SystemTime::now();
                    wb.created_at = self.clock.wall_of(now - 60.0, now, wall);
                }
            }
        }

        let wall = SystemTime::now();
        let hours_ago = |h: u64, m: u64| wall - Duration::from_secs(h * 3600 + m * 60);
        let fixed = |id, project_id, build_id: &str, status, h, error: Option<&str>| Job {
            id,
            project_id,
            build_id: build_id.to_string(),
            created_sim: 0.0,
            stop_sim: None,
            fixed: true,
            status,
            created_at: hours_ago(h, 10),
            started_at: Some(hours_ago(h, 9)),
            finished_at: Some(hours_ago(h, 2)),
            error: error.map(str::to_string),
        };
        for b in [
            fixed(1, 1, "", "succeeded", 26, None),
            fixed(
                2,
                2,
                "",
                "failed",
                5,
                Some("Build failed: step 3/7 COPY environment.yml: file not found"),
            ),
            fixed(3, 2, "", "succeeded", 4, None),
        ] {
            self.builds.insert(b.id, b);
        }
        for r in [
            fixed(1, 1, "1", "stopped", 25, None),
            fixed(
                2,
                2,
                "3",
                "failed",
                3,
                Some("Server exited with code 2 (PrerequisiteFailed): input dataset missing"),
            ),
            fixed(3, 1, "1", "succeeded", 2, None),
        ] {
            self.runs.insert(r.id, r);
        }
        self.next_build = 4;
        self.next_run = 4;
    }

    #[allow(clippy::too_many_arguments)]
    fn insert_user(
        &mut self,
        username: &str,
        password: &str,
        first: &str,
        last: &str,
        email: &str,
        status: &str,
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
                username: username.into(),
                first_name: first.into(),
                last_name: last.into(),
                email: email.into(),
                status: status.into(),
                source: "internal".into(),
                password: password.into(),
                roles,
                created_at: at,
                updated_at: at,
            },
        );
        id
    }

    // ----- the controller -------------------------------------------------------------------

    /// Moves every session, app instance and job to the current simulated time; publishes run
    /// changes. Idempotent: called by the background tick and before every API request.
    pub fn advance(&mut self) {
        let now = self.clock.now();
        let wall = SystemTime::now();
        for wb in self.workbenches.values_mut() {
            reconcile_workbench(wb, &self.clock, now, wall);
        }
        for inst in self.instances.values_mut() {
            let Some(wb) = self.workbenches.get(&inst.workbench_id) else {
                continue;
            };
            let failing = self
                .apps
                .iter()
                .find(|a| a.id == inst.app_id)
                .is_some_and(|a| a.failing);
            let (st, msg) = if inst.failed {
                ("Failed", inst.k8s_message.clone())
            } else {
                let (st, msg) = sim::app_instance_status(
                    &inst.app_name,
                    failing,
                    wb.ready_at,
                    inst.created_sim,
                    now,
                );
                if st.is_empty() && inst.ever_running {
                    (
                        "Stopped",
                        format!("{} stopped: its session is not running", inst.app_name),
                    )
                } else {
                    (st, msg)
                }
            };
            inst.failed |= st == "Failed";
            inst.ever_running |= st == "Running";
            if inst.k8s_status != st || inst.k8s_message != msg {
                inst.k8s_status = st;
                inst.k8s_message = msg;
                inst.updated_at = wall;
            }
        }
        for b in self.builds.values_mut() {
            if b.fixed {
                continue;
            }
            let j = sim::build_status(b.id, now - b.created_sim);
            apply_job(b, &j, &self.clock, now, wall);
        }
        let mut updates = Vec::new();
        for r in self.runs.values_mut() {
            if r.fixed {
                continue;
            }
            let j = sim::run_status(now - r.created_sim, r.stop_sim.map(|s| s - r.created_sim));
            if apply_job(r, &j, &self.clock, now, wall) {
                updates.push(RunMsg::Update {
                    project_id: r.project_id,
                    run: job_json(r, true),
                });
            }
        }
        for u in updates {
            let _ = self.runs_tx.send(u);
        }
    }

    // ----- auth ---------------------------------------------------------------------------

    pub fn login(&mut self, username: &str, password: &str) -> ApiResult<String> {
        let user = self
            .users
            .values()
            .find(|u| u.username == username && u.password == password)
            .ok_or_else(|| {
                ApiError::new(
                    crate::error::Code::InvalidCredentials,
                    "wrong username or password",
                )
            })?;
        if user.status != "active" {
            return Err(ApiError::new(
                crate::error::Code::InvalidCredentials,
                format!("user {} is disabled", user.username),
            ));
        }
        let info = TokenInfo {
            user_id: user.id,
            username: user.username.clone(),
        };
        let token = self.rng.token();
        self.tokens.insert(token.clone(), info);
        Ok(token)
    }

    /// The active user a token belongs to.
    pub fn token_user(&self, token: &str) -> Option<u64> {
        let info = self.tokens.get(token)?;
        let user = self.users.get(&info.user_id)?;
        (user.username == info.username && user.status == "active").then_some(user.id)
    }

    /// The caller, from any of the candidate tokens (bearer header, cookie).
    pub fn authenticate(&self, tokens: &[String]) -> ApiResult<u64> {
        tokens
            .iter()
            .find_map(|t| self.token_user(t))
            .ok_or_else(ApiError::unauthenticated)
    }

    pub fn role(&self, name: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.name == name)
    }

    pub fn allowed(&self, uid: u64, perm: &str, target: &Target) -> bool {
        let Some(user) = self.users.get(&uid) else {
            return false;
        };
        if self
            .role("Authenticated")
            .is_some_and(|r| r.permissions.iter().any(|p| p == perm))
        {
            return true;
        }
        user.roles.iter().any(|a| {
            self.role(&a.name).is_some_and(|r| {
                r.permissions.iter().any(|p| p == perm)
                    && perms::context_matches(r, &a.context, target)
            })
        })
    }

    pub fn require(&self, uid: u64, perm: &str, target: &Target) -> ApiResult<()> {
        if self.allowed(uid, perm, target) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "permission {perm} denied{}",
                target.describe()
            )))
        }
    }

    // ----- workbenches --------------------------------------------------------------------

    #[allow(clippy::too_many_arguments)]
    pub fn create_workbench_record(
        &mut self,
        user_id: u64,
        workspace_id: u64,
        name: &str,
        description: &str,
        width: i64,
        height: i64,
        scenario: Scenario,
    ) -> u64 {
        let id = self.next_workbench;
        self.next_workbench += 1;
        let wall = SystemTime::now();
        let wb = Workbench {
            id,
            tenant_id: TENANT,
            user_id,
            workspace_id,
            name: name.to_string(),
            short_name: slug(name),
            description: description.to_string(),
            status: "active".into(),
            width,
            height,
            created_at: wall,
            updated_at: wall,
            scenario,
            spec: RunSpec::new(scenario, id),
            run_start: self.clock.now(),
            stop_at: None,
            generation: 1,
            observed_generation: 0,
            phase: "Pending",
            k8s_status: "",
            server_pod_status: "",
            server_pod_message: String::new(),
            conditions: Vec::new(),
            start_time: None,
            completion_time: None,
            job_name: String::new(),
            runner_pod_name: String::new(),
            ready_at: None,
            version: 0,
        };
        self.workbenches.insert(id, wb);
        self.reconcile_one(id);
        id
    }

    pub fn reconcile_one(&mut self, id: u64) {
        let now = self.clock.now();
        let wall = SystemTime::now();
        if let Some(wb) = self.workbenches.get_mut(&id) {
            reconcile_workbench(wb, &self.clock, now, wall);
        }
    }

    /// User stop: a no-op on a session that is stopping, stopped or failed.
    pub fn stop_workbench(&mut self, id: u64) {
        let now = self.clock.now();
        if let Some(wb) = self.workbenches.get_mut(&id) {
            if wb.stop_at.is_none() && wb.phase != "Failed" {
                wb.stop_at = Some(now);
                wb.generation += 1;
            }
        }
        self.reconcile_one(id);
    }

    /// User start: restarts a stopped, stopping or failed session (a failed one runs the
    /// healthy lifecycle); a no-op on one that is still starting or running.
    pub fn start_workbench(&mut self, id: u64) {
        let now = self.clock.now();
        if let Some(wb) = self.workbenches.get_mut(&id) {
            let failed = wb.stop_at.is_none() && wb.phase == "Failed";
            if wb.stop_at.is_some() || failed {
                let scenario = if failed {
                    Scenario::Healthy
                } else {
                    wb.spec.scenario
                };
                wb.spec = RunSpec {
                    scenario,
                    workbench_id: wb.id,
                    run_no: wb.spec.run_no + 1,
                    hostile: wb.spec.hostile,
                };
                wb.run_start = now;
                wb.stop_at = None;
                wb.generation += 1;
            }
        }
        self.reconcile_one(id);
    }

    // ----- app instances ------------------------------------------------------------------

    pub fn create_instance(&mut self, user_id: u64, wb_id: u64, app_id: u64) -> Option<u64> {
        let wb = self.workbenches.get(&wb_id)?;
        let app = self.apps.iter().find(|a| a.id == app_id)?;
        let id = self.next_instance;
        self.next_instance += 1;
        let wall = SystemTime::now();
        let inst = AppInstance {
            id,
            tenant_id: TENANT,
            user_id,
            workspace_id: wb.workspace_id,
            workbench_id: wb_id,
            app_id,
            app_name: app.name.clone(),
            created_sim: self.clock.now(),
            k8s_status: "",
            k8s_message: String::new(),
            k8s_state: "Running",
            status: "active".into(),
            created_at: wall,
            updated_at: wall,
            failed: false,
            ever_running: false,
        };
        self.instances.insert(id, inst);
        self.advance();
        Some(id)
    }

    // ----- users and roles ----------------------------------------------------------------

    /// Validates one `{"name","context"}` role assignment; `field` names it in errors.
    pub fn parse_assignment(
        &self,
        v: &Value,
        field: &str,
        errs: &mut Vec<FieldError>,
    ) -> Option<(String, BTreeMap<String, String>)> {
        let Some(obj) = v.as_object() else {
            errs.push(FieldError::new(
                field,
                "must be an object {\"name\",\"context\"}",
            ));
            return None;
        };
        let name = match obj.get("name") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            _ => {
                errs.push(FieldError::new(format!("{field}.name"), "is required"));
                return None;
            }
        };
        let Some(role) = self.role(&name) else {
            errs.push(FieldError::new(
                format!("{field}.name"),
                format!("unknown role '{name}'"),
            ));
            return None;
        };
        let mut context = BTreeMap::new();
        let mut ok = true;
        match obj.get("context") {
            None | Some(Value::Null) => {}
            Some(Value::Object(m)) => {
                for (dim, val) in m {
                    let f = format!("{field}.context.{dim}");
                    if !perms::DIMENSIONS.contains(&dim.as_str()) {
                        errs.push(FieldError::new(
                            f,
                            "unknown dimension (workspace, workbench or user)",
                        ));
                        ok = false;
                        continue;
                    }
                    let val = match val {
                        Value::String(s) => s.clone(),
                        Value::Number(n) => n.to_string(),
                        _ => {
                            errs.push(FieldError::new(f, "must be an id or \"*\""));
                            ok = false;
                            continue;
                        }
                    };
                    if val != "*" {
                        let known = val
                            .parse::<u64>()
                            .ok()
                            .is_some_and(|id| match dim.as_str() {
                                "workspace" => self.workspaces.contains_key(&id),
                                "workbench" => self.workbenches.contains_key(&id),
                                _ => self.users.contains_key(&id),
                            });
                        if !known {
                            errs.push(FieldError::new(f, format!("unknown {dim} '{val}'")));
                            ok = false;
                            continue;
                        }
                    }
                    context.insert(dim.clone(), val);
                }
            }
            Some(_) => {
                errs.push(FieldError::new(
                    format!("{field}.context"),
                    "must be an object like {\"workspace\":\"1\"}",
                ));
                return None;
            }
        }
        for dim in &role.context {
            if !context.contains_key(dim) && ok {
                errs.push(FieldError::new(
                    format!("{field}.context.{dim}"),
                    format!("is required by role {name} (an id or \"*\")"),
                ));
                ok = false;
            }
        }
        ok.then_some((name, context))
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create_user(
        &mut self,
        username: &str,
        password: &str,
        first: &str,
        last: &str,
        email: &str,
        status: &str,
        source: &str,
        roles: Vec<(String, BTreeMap<String, String>)>,
    ) -> u64 {
        let id = self.insert_user(
            username,
            password,
            first,
            last,
            email,
            status,
            roles,
            SystemTime::now(),
        );
        if let Some(u) = self.users.get_mut(&id) {
            u.source = source.to_string();
        }
        id
    }

    pub fn add_assignment(
        &mut self,
        user_id: u64,
        name: String,
        context: BTreeMap<String, String>,
    ) -> ApiResult<()> {
        let id = self.next_assignment;
        let user = self
            .users
            .get_mut(&user_id)
            .ok_or_else(|| ApiError::not_found("user", &user_id.to_string()))?;
        if user
            .roles
            .iter()
            .any(|a| a.name == name && a.context == context)
        {
            return Err(ApiError::already_exists(format!(
                "user {} already has role {name} with this context",
                user.username
            )));
        }
        user.roles.push(Assignment { id, name, context });
        user.updated_at = SystemTime::now();
        self.next_assignment += 1;
        Ok(())
    }

    // ----- jobs ---------------------------------------------------------------------------

    pub fn create_build(&mut self, project_id: u64) -> u64 {
        let id = self.next_build;
        self.next_build += 1;
        let job = Job {
            id,
            project_id,
            build_id: String::new(),
            created_sim: self.clock.now(),
            stop_sim: None,
            fixed: false,
            status: "pending",
            created_at: SystemTime::now(),
            started_at: None,
            finished_at: None,
            error: None,
        };
        self.builds.insert(id, job);
        self.advance();
        id
    }

    pub fn create_run(&mut self, project_id: u64) -> u64 {
        let id = self.next_run;
        self.next_run += 1;
        let build_id = self
            .builds
            .values()
            .rev()
            .find(|b| b.project_id == project_id && b.status == "succeeded")
            .map(|b| b.id.to_string())
            .unwrap_or_default();
        let job = Job {
            id,
            project_id,
            build_id,
            created_sim: self.clock.now(),
            stop_sim: None,
            fixed: false,
            status: "pending",
            created_at: SystemTime::now(),
            started_at: None,
            finished_at: None,
            error: None,
        };
        let msg = RunMsg::Update {
            project_id,
            run: job_json(&job, true),
        };
        self.runs.insert(id, job);
        let _ = self.runs_tx.send(msg);
        self.advance();
        id
    }

    /// Stops a pending or running run; a no-op on a finished or stopping one.
    pub fn stop_run(&mut self, id: u64) {
        let now = self.clock.now();
        if let Some(r) = self.runs.get_mut(&id) {
            if !r.fixed && r.stop_sim.is_none() && matches!(r.status, "pending" | "running") {
                r.stop_sim = Some(now);
            }
        }
        self.advance();
    }

    // ----- JSON views ---------------------------------------------------------------------

    pub fn workspace_json(w: &Workspace) -> Value {
        json!({
            "id": w.id.to_string(),
            "tenantId": w.tenant_id.to_string(),
            "userId": w.user_id.to_string(),
            "name": w.name,
            "shortName": w.short_name,
            "description": w.description,
            "status": w.status,
            "createdAt": rfc3339(w.created_at),
            "updatedAt": rfc3339(w.updated_at),
        })
    }

    pub fn workbench_json(wb: &Workbench) -> Value {
        let conditions: Vec<Value> = wb
            .conditions
            .iter()
            .map(|c| {
                json!({
                    "type": c.kind,
                    "status": c.status.as_str(),
                    "reason": c.reason,
                    "message": c.message,
                    "lastTransitionTime": rfc3339(c.last_transition),
                    "observedGeneration": c.observed_generation,
                })
            })
            .collect();
        let mut m = Map::new();
        m.insert("id".into(), wb.id.to_string().into());
        m.insert("tenantId".into(), wb.tenant_id.to_string().into());
        m.insert("userId".into(), wb.user_id.to_string().into());
        m.insert("workspaceId".into(), wb.workspace_id.to_string().into());
        m.insert("name".into(), wb.name.clone().into());
        m.insert("shortName".into(), wb.short_name.clone().into());
        m.insert("description".into(), wb.description.clone().into());
        m.insert("status".into(), wb.status.clone().into());
        m.insert("k8sStatus".into(), wb.k8s_status.into());
        m.insert("serverPodStatus".into(), wb.server_pod_status.into());
        m.insert(
            "serverPodMessage".into(),
            wb.server_pod_message.clone().into(),
        );
        m.insert("initialResolutionWidth".into(), wb.width.into());
        m.insert("initialResolutionHeight".into(), wb.height.into());
        m.insert("createdAt".into(), rfc3339(wb.created_at).into());
        m.insert("updatedAt".into(), rfc3339(wb.updated_at).into());
        m.insert("generation".into(), wb.generation.into());
        m.insert("observedGeneration".into(), wb.observed_generation.into());
        m.insert("phase".into(), wb.phase.into());
        m.insert("conditions".into(), Value::Array(conditions));
        if let Some(t) = wb.start_time {
            m.insert("startTime".into(), rfc3339(t).into());
        }
        if let Some(t) = wb.completion_time {
            m.insert("completionTime".into(), rfc3339(t).into());
        }
        m.insert("jobName".into(), wb.job_name.clone().into());
        m.insert("runnerPodName".into(), wb.runner_pod_name.clone().into());
        Value::Object(m)
    }

    pub fn app_json(a: &App) -> Value {
        let initial = a.name.chars().next().unwrap_or('?');
        let svg = format!(
            "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' rx='6' fill='%233b5bdb'/><text x='16' y='22' font-size='18' text-anchor='middle' fill='white' font-family='sans-serif'>{initial}</text></svg>"
        );
        json!({
            "id": a.id.to_string(),
            "name": a.name,
            "description": a.description,
            "iconURL": format!("data:image/svg+xml;utf8,{}", svg.replace('#', "%23").replace('<', "%3C").replace('>', "%3E")),
            "dockerImageName": a.image,
            "dockerImageTag": a.tag,
        })
    }

    pub fn instance_json(i: &AppInstance) -> Value {
        json!({
            "id": i.id.to_string(),
            "tenantId": i.tenant_id.to_string(),
            "userId": i.user_id.to_string(),
            "workbenchId": i.workbench_id.to_string(),
            "workspaceId": i.workspace_id.to_string(),
            "appId": i.app_id.to_string(),
            "appName": i.app_name,
            "k8sStatus": i.k8s_status,
            "k8sMessage": i.k8s_message,
            "k8sState": i.k8s_state,
            "status": i.status,
            "createdAt": rfc3339(i.created_at),
            "updatedAt": rfc3339(i.updated_at),
        })
    }

    pub fn user_json(u: &User) -> Value {
        let mut names: Vec<&str> = Vec::new();
        for a in &u.roles {
            if !names.contains(&a.name.as_str()) {
                names.push(&a.name);
            }
        }
        let with_context: Vec<Value> = u
            .roles
            .iter()
            .map(|a| json!({"id": a.id.to_string(), "name": a.name, "context": a.context}))
            .collect();
        json!({
            "id": u.id.to_string(),
            "username": u.username,
            "firstName": u.first_name,
            "lastName": u.last_name,
            "email": u.email,
            "status": u.status,
            "source": u.source,
            "roles": names,
            "rolesWithContext": with_context,
            "createdAt": rfc3339(u.created_at),
            "updatedAt": rfc3339(u.updated_at),
        })
    }

    pub fn role_json(r: &Role) -> Value {
        json!({
            "name": r.name,
            "description": r.description,
            "scope": r.scope,
            "context": r.context,
            "permissions": r.permissions,
            "dynamic": r.dynamic,
        })
    }

    pub fn permissions_json() -> Vec<Value> {
        perms::PERMISSIONS
            .iter()
            .map(|(n, d, c)| json!({"name": n, "description": d, "context": c}))
            .collect()
    }
}

/// Applies a simulated job state; true when the status changed.
fn apply_job(j: &mut Job, s: &sim::JobSim, clock: &SimClock, now: f64, wall: SystemTime) -> bool {
    let at = |off: f64| clock.wall_of(j.created_sim + off, now, wall);
    if j.started_at.is_none() {
        j.started_at = s.started.map(at);
    }
    if j.finished_at.is_none() {
        j.finished_at = s.finished.map(at);
    }
    if j.error.is_none() {
        j.error = s.error.clone();
    }
    if j.status != s.status {
        j.status = s.status;
        true
    } else {
        false
    }
}

/// A build or run on the wire (`run` adds `buildId`); absent times are left out.
pub fn job_json(j: &Job, run: bool) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), j.id.to_string().into());
    m.insert("projectId".into(), j.project_id.to_string().into());
    if run {
        m.insert("buildId".into(), j.build_id.clone().into());
    }
    m.insert("status".into(), j.status.into());
    m.insert("createdAt".into(), rfc3339(j.created_at).into());
    for (k, v) in [("startedAt", j.started_at), ("finishedAt", j.finished_at)] {
        if v.is_some() {
            m.insert(k.into(), opt_time(v));
        }
    }
    if let Some(e) = &j.error {
        m.insert("error".into(), e.clone().into());
    }
    Value::Object(m)
}

/// Merges the simulated status into the stored one, Kubernetes-style.
fn reconcile_workbench(wb: &mut Workbench, clock: &SimClock, now: f64, wall: SystemTime) {
    let elapsed = now - wb.run_start;
    let stop = wb.stop_at.map(|s| s - wb.run_start);
    let s = sim::status_at(&wb.spec, elapsed, stop);
    let run_start = wb.run_start;
    let at = |off: f64| clock.wall_of(run_start + off, now, wall);
    let mut changed = false;
    if wb.phase != s.phase {
        wb.phase = s.phase;
        changed = true;
    }
    if wb.k8s_status != s.k8s_status {
        wb.k8s_status = s.k8s_status;
        changed = true;
    }
    if wb.server_pod_status != s.server_pod_status {
        wb.server_pod_status = s.server_pod_status;
        changed = true;
    }
    if wb.server_pod_message != s.server_pod_message {
        wb.server_pod_message = s.server_pod_message.clone();
        changed = true;
    }
    if s.observed {
        let gen = wb.generation;
        if wb.observed_generation != gen {
            wb.observed_generation = gen;
            changed = true;
        }
        let same_shape = wb.conditions.len() == s.conditions.len()
            && wb
                .conditions
                .iter()
                .zip(&s.conditions)
                .all(|(a, b)| a.kind == b.kind);
        if !same_shape {
            changed = true;
        }
        let mut merged = Vec::with_capacity(s.conditions.len());
        for d in &s.conditions {
            let old = wb.conditions.iter().find(|c| c.kind == d.kind);
            let last_transition = match old {
                Some(o) if o.status == d.status => {
                    if o.reason != d.reason
                        || o.message != d.message
                        || o.observed_generation != gen
                    {
                        changed = true;
                    }
                    o.last_transition
                }
                _ => {
                    changed = true;
                    at(d.since)
                }
            };
            merged.push(Condition {
                kind: d.kind,
                status: d.status,
                reason: d.reason,
                message: d.message.clone(),
                last_transition,
                observed_generation: gen,
            });
        }
        wb.conditions = merged;
        let job = s.job_name.clone().unwrap_or_default();
        if wb.job_name != job {
            wb.job_name = job;
            changed = true;
        }
        let pod = s.runner_pod_name.clone().unwrap_or_default();
        if wb.runner_pod_name != pod {
            wb.runner_pod_name = pod;
            changed = true;
        }
        match (wb.start_time, s.start_time) {
            (None, Some(o)) => {
                wb.start_time = Some(at(o));
                changed = true;
            }
            (Some(_), None) => {
                wb.start_time = None;
                changed = true;
            }
            _ => {}
        }
        match (wb.completion_time, s.completion_time) {
            (None, Some(o)) => {
                wb.completion_time = Some(at(o));
                changed = true;
            }
            (Some(_), None) => {
                wb.completion_time = None;
                changed = true;
            }
            _ => {}
        }
    }
    wb.ready_at = s.ready_since.map(|r| run_start + r);
    if changed {
        wb.updated_at = wall;
        wb.version += 1;
    }
}
