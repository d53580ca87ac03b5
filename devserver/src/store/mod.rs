//! The in-memory store: the records (`model`), the seed (`seed`), the controller step that moves
//! them along the simulated clock (`reconcile`), and the operations of the API (`ops`). Wire
//! shapes live in `crate::wire`, never here.

mod clock;
pub(crate) mod model;
mod ops;
mod reconcile;
pub(crate) mod seed;

use std::collections::{BTreeMap, HashMap};

use tokio::sync::broadcast;

use crate::config::Jobs;
use crate::error::{ApiError, ApiResult, Code};
use crate::perms::{self, Role, Target};
use crate::sim::Scenario;

pub use clock::SimClock;
pub use model::App;
pub(crate) use model::{AppInstance, Job, RunMsg, TokenInfo, User, Workbench, Workspace};

pub(crate) const TENANT: u64 = 1;

pub struct Store {
    pub clock: SimClock,
    pub(crate) default_scenario: Scenario,
    pub(crate) workspaces: BTreeMap<u64, Workspace>,
    pub(crate) workbenches: BTreeMap<u64, Workbench>,
    pub apps: Vec<App>,
    pub(crate) instances: BTreeMap<u64, AppInstance>,
    pub(crate) users: BTreeMap<u64, User>,
    pub(crate) roles: Vec<Role>,
    pub(crate) tokens: HashMap<String, TokenInfo>,
    pub(crate) builds: BTreeMap<u64, Job>,
    pub(crate) runs: BTreeMap<u64, Job>,
    next_workspace: u64,
    next_workbench: u64,
    next_instance: u64,
    next_user: u64,
    next_assignment: u64,
    next_build: u64,
    next_run: u64,
    runs_tx: broadcast::Sender<RunMsg>,
    extra_users: usize,
    /// The job service's dialect (ids, project names, `run-log`).
    pub(crate) jobs: Jobs,
    rng: fastrand::Rng,
}

impl Store {
    pub(crate) fn new(
        speed: f64,
        extra_users: usize,
        jobs: Jobs,
        runs_tx: broadcast::Sender<RunMsg>,
    ) -> Store {
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
            jobs,
            rng: fastrand::Rng::new(),
        };
        s.seed();
        s.advance();
        s
    }

    /// Back to the seed. Logins of seeded users survive (same id, same username); the speed
    /// stays; streams resync.
    pub(crate) fn reset(&mut self) {
        let speed = self.clock.speed();
        let mut fresh = Store::new(speed, self.extra_users, self.jobs, self.runs_tx.clone());
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

    // ----- logins ---------------------------------------------------------------------------

    /// 32 random hex digits: login tokens, OpenID states and codes.
    pub(crate) fn random_hex(&mut self) -> String {
        format!("{:016x}{:016x}", self.rng.u64(..), self.rng.u64(..))
    }

    /// A random version-4 UUID (mc dialect's job ids).
    pub(crate) fn uuid(&mut self) -> String {
        let a = (self.rng.u64(..) & 0xffff_ffff_ffff_0fff) | 0x4000;
        let b = (self.rng.u64(..) & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xffff,
            b >> 48,
            b & 0xffff_ffff_ffff
        )
    }

    /// A new login token of an active user.
    pub(crate) fn issue_token(&mut self, user_id: u64) -> ApiResult<String> {
        let user = self
            .users
            .get(&user_id)
            .ok_or_else(|| ApiError::new(Code::InvalidCredentials, "no such user"))?;
        if user.status != "active" {
            return Err(ApiError::new(
                Code::InvalidCredentials,
                format!("user {} is disabled", user.username),
            ));
        }
        let username = user.username.clone();
        let token = self.random_hex();
        self.tokens
            .insert(token.clone(), TokenInfo { user_id, username });
        Ok(token)
    }

    /// A password login; an account with a one-time code needs `totp` too.
    pub(crate) fn login(
        &mut self,
        username: &str,
        password: &str,
        totp: Option<&str>,
    ) -> ApiResult<String> {
        let user = self
            .users
            .values()
            .find(|u| u.username == username && u.password == password)
            .ok_or_else(|| ApiError::new(Code::InvalidCredentials, "wrong username or password"))?;
        if let Some(code) = &user.totp {
            match totp.map(str::trim).filter(|t| !t.is_empty()) {
                None => {
                    return Err(ApiError::new(
                        Code::TwoFactorRequired,
                        "this account needs a one-time code: send it as totp",
                    ))
                }
                Some(t) if t != code => {
                    return Err(ApiError::new(
                        Code::TwoFactorRequired,
                        "the one-time code is wrong",
                    ))
                }
                Some(_) => {}
            }
        }
        let id = user.id;
        self.issue_token(id)
    }

    /// The active user a token belongs to.
    fn token_user(&self, token: &str) -> Option<u64> {
        let info = self.tokens.get(token)?;
        let user = self.users.get(&info.user_id)?;
        (user.username == info.username && user.status == "active").then_some(user.id)
    }

    /// The caller, from any of the candidate tokens (bearer header, cookie).
    pub(crate) fn authenticate(&self, tokens: &[String]) -> ApiResult<u64> {
        tokens
            .iter()
            .find_map(|t| self.token_user(t))
            .ok_or_else(ApiError::unauthenticated)
    }

    // ----- permissions ----------------------------------------------------------------------

    pub(crate) fn role(&self, name: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.name == name)
    }

    pub(crate) fn allowed(&self, uid: u64, perm: &str, target: &Target) -> bool {
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

    /// A project of the job service, as `(projectId, workspace)`: a workspace id, or in the
    /// mc dialect also one of its project slugs.
    pub(crate) fn project(&self, raw: &str) -> Option<(String, u64)> {
        let ws = match raw.parse::<u64>() {
            Ok(ws) => Some(ws).filter(|ws| self.workspaces.contains_key(ws)),
            Err(_) if self.jobs == Jobs::Mc => seed::MC_PROJECTS
                .iter()
                .find(|(slug, _)| *slug == raw)
                .map(|(_, ws)| *ws),
            Err(_) => None,
        }?;
        Some((raw.to_string(), ws))
    }

    pub(crate) fn require(&self, uid: u64, perm: &str, target: &Target) -> ApiResult<()> {
        if self.allowed(uid, perm, target) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "permission {perm} denied{}",
                target.describe()
            )))
        }
    }
}
