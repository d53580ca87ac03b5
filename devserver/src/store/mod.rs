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
    rng: fastrand::Rng,
}

impl Store {
    pub(crate) fn new(speed: f64, extra_users: usize, runs_tx: broadcast::Sender<RunMsg>) -> Store {
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

    // ----- logins ---------------------------------------------------------------------------

    /// A new login token of `user_id`.
    fn issue_token(&mut self, user_id: u64, username: String) -> String {
        let token = format!("{:016x}{:016x}", self.rng.u64(..), self.rng.u64(..));
        self.tokens
            .insert(token.clone(), TokenInfo { user_id, username });
        token
    }

    pub(crate) fn login(&mut self, username: &str, password: &str) -> ApiResult<String> {
        let user = self
            .users
            .values()
            .find(|u| u.username == username && u.password == password)
            .ok_or_else(|| ApiError::new(Code::InvalidCredentials, "wrong username or password"))?;
        if user.status != "active" {
            return Err(ApiError::new(
                Code::InvalidCredentials,
                format!("user {} is disabled", user.username),
            ));
        }
        let (id, name) = (user.id, user.username.clone());
        Ok(self.issue_token(id, name))
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
