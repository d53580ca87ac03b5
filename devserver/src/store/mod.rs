//! The in-memory store: the records (`model`), the seed (`seed`), the controller step that moves
//! them along the simulated clock (`reconcile`), and the operations of the API (`ops`). Wire
//! shapes live in `crate::wire`, never here.

pub(crate) mod app_ops;
pub(crate) mod app_row;
pub(crate) mod approvals;
mod area;
pub(crate) mod audit;
pub(crate) mod bulk;
pub(crate) mod chorus;
mod clock;
pub(crate) mod devstore;
pub(crate) mod files;
pub(crate) mod model;
pub(crate) mod notes;
mod ops;
pub(crate) mod organizations;
pub(crate) mod platform_settings;
mod reconcile;
pub(crate) mod seed;
mod seed_apps;
pub(crate) mod services;
pub(crate) mod terms;
pub(crate) mod workspace_cache;

use std::collections::{BTreeMap, HashMap};

use tokio::sync::broadcast;

use crate::config::{Flavor, Jobs};
use crate::error::{ApiError, ApiResult, Code};
use crate::perms::{self, Role, Target};
use crate::policy;
use crate::sim::Scenario;
use crate::tokens::{self, TokenTimes};

pub use app_row::App;
pub use clock::SimClock;
pub(crate) use model::{
    AppInstance, Job, RunMsg, TokenInfo, User, Workbench, WorkbenchMsg, Workspace,
};
pub(crate) use seed_apps::APP_REGISTRY;

pub(crate) const TENANT: u64 = 1;

pub struct Store {
    pub clock: SimClock,
    pub(crate) default_scenario: Scenario,
    pub(crate) workspaces: BTreeMap<u64, Workspace>,
    pub(crate) workbenches: BTreeMap<u64, Workbench>,
    pub apps: Vec<App>,
    /// CHORUS's 5-second cache of the app list (`app_ops.rs`).
    pub(crate) app_cache: app_ops::AppListCache,
    pub(crate) instances: BTreeMap<u64, AppInstance>,
    pub(crate) users: BTreeMap<u64, User>,
    pub(crate) roles: Vec<Role>,
    pub(crate) tokens: HashMap<String, TokenInfo>,
    pub(crate) builds: BTreeMap<u64, Job>,
    pub(crate) runs: BTreeMap<u64, Job>,
    /// Every user's notifications, oldest first (`notes`).
    pub(crate) notifications: Vec<notes::Notification>,
    /// The approval requests (`approvals`; their files staged by `approvals::staging`).
    pub(crate) approvals: approvals::Approvals,
    /// Terms-of-use versions and acceptances (`terms`, `routes/terms.rs`).
    pub(crate) terms: terms::Terms,
    /// The audit log (`audit`; written by `mw/audit.rs`, listed by `routes/audit/`).
    pub(crate) audit: audit::AuditLog,
    /// The dev store's entries (`devstore`, `routes/devstore.rs`).
    pub(crate) devstore: devstore::DevStore,
    /// The platform's settings and CHORUS's cache of them (`platform_settings`).
    pub(crate) platform: platform_settings::Platform,
    /// CHORUS's one-second workspace cache (chorus flavor; `workspace_cache`).
    pub(crate) workspace_cache: workspace_cache::WorkspaceCache,
    /// Workspace service instances and the operator's switch (`services`, `routes/services/`).
    pub(crate) services: services::Services,
    /// Participating organizations and CHORUS's 5-second cache of them (`organizations`).
    pub(crate) organizations: organizations::Organizations,
    next_workspace: u64,
    next_workbench: u64,
    next_instance: u64,
    next_user: u64,
    next_assignment: u64,
    next_build: u64,
    next_run: u64,
    runs_tx: broadcast::Sender<RunMsg>,
    /// Session changes, for the watch streams.
    workbench_tx: broadcast::Sender<WorkbenchMsg>,
    extra_users: usize,
    /// The job service's dialect (ids, project names, `run-log`).
    pub(crate) jobs: Jobs,
    /// Whose catalogue, demo roles and permission rule (`chorus`: CHORUS's).
    pub(crate) flavor: Flavor,
    /// Token lifetime and maximum refresh time in force.
    pub(crate) token_times: TokenTimes,
    /// Makes the tokens' signatures this server's.
    signing_key: u64,
    rng: fastrand::Rng,
}

impl Store {
    pub(crate) fn new(
        speed: f64,
        extra_users: usize,
        jobs: Jobs,
        flavor: Flavor,
        runs_tx: broadcast::Sender<RunMsg>,
        workbench_tx: broadcast::Sender<WorkbenchMsg>,
    ) -> Store {
        let mut rng = fastrand::Rng::new();
        let mut s = Store {
            clock: SimClock::new(speed),
            default_scenario: Scenario::Healthy,
            workspaces: BTreeMap::new(),
            workbenches: BTreeMap::new(),
            apps: Vec::new(),
            app_cache: Default::default(),
            instances: BTreeMap::new(),
            users: BTreeMap::new(),
            roles: match flavor {
                Flavor::Default => perms::seed_roles(),
                Flavor::Chorus => policy::seed_roles(),
            },
            tokens: HashMap::new(),
            builds: BTreeMap::new(),
            runs: BTreeMap::new(),
            notifications: Vec::new(),
            approvals: approvals::Approvals::default(),
            terms: terms::Terms::default(),
            audit: audit::AuditLog::default(),
            devstore: Default::default(),
            platform: Default::default(),
            workspace_cache: Default::default(),
            services: Default::default(),
            organizations: Default::default(),
            next_workspace: 1,
            next_workbench: 1,
            next_instance: 1,
            next_user: 1,
            next_assignment: 1,
            next_build: 1,
            next_run: 1,
            runs_tx,
            workbench_tx,
            extra_users,
            jobs,
            flavor,
            token_times: TokenTimes::default(),
            signing_key: rng.u64(..),
            rng,
        };
        s.seed();
        s.seed_trust();
        s.advance();
        s
    }

    /// Back to the seed. Logins of seeded users survive (same id, same username); the speed
    /// stays; streams resync.
    pub(crate) fn reset(&mut self) {
        let speed = self.clock.speed();
        let mut fresh = Store::new(
            speed,
            self.extra_users,
            self.jobs,
            self.flavor,
            self.runs_tx.clone(),
            self.workbench_tx.clone(),
        );
        fresh.signing_key = self.signing_key;
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
        let _ = self.workbench_tx.send(WorkbenchMsg::Resync);
    }

    // ----- session changes ------------------------------------------------------------------

    /// Tells the watch streams that session `id` may have changed (or is gone). Never waits:
    /// a stream that falls behind re-reads its session.
    pub(crate) fn workbench_changed(&self, id: u64) {
        let _ = self.workbench_tx.send(WorkbenchMsg::Changed(id));
    }

    /// A receiver of session changes. Subscribe under the store's lock, before reading the
    /// record, so that no change slips between the first event and the stream.
    pub(crate) fn watch_workbenches(&self) -> broadcast::Receiver<WorkbenchMsg> {
        self.workbench_tx.subscribe()
    }

    // ----- logins ---------------------------------------------------------------------------

    pub(crate) fn next_assignment_id(&mut self) -> u64 {
        let id = self.next_assignment;
        self.next_assignment += 1;
        id
    }

    /// 32 random hex digits: login tokens, OpenID states and codes.
    pub(crate) fn random_hex(&mut self) -> String {
        format!("{:016x}{:016x}", self.rng.u64(..), self.rng.u64(..))
    }

    /// A random version-4 UUID (mc dialect's job ids).
    pub(crate) fn uuid(&mut self) -> String {
        uuid_v4(self.rng.u64(..), self.rng.u64(..))
    }

    /// A new login token of an active user: `iat` now (a login) or `first_login` (a refresh).
    pub(crate) fn issue_token(&mut self, user_id: u64) -> ApiResult<String> {
        self.token_for(user_id, None, false)
    }

    /// A token of a login through the identity provider.
    pub(crate) fn issue_openid_token(&mut self, user_id: u64) -> ApiResult<String> {
        self.token_for(user_id, None, true)
    }

    fn token_for(
        &mut self,
        user_id: u64,
        first_login: Option<f64>,
        openid: bool,
    ) -> ApiResult<String> {
        self.token_with_roles(user_id, first_login, openid, None)
    }

    /// A token of `user_id` carrying `roles` (the user's current ones when `None`).
    fn token_with_roles(
        &mut self,
        user_id: u64,
        first_login: Option<f64>,
        openid: bool,
        roles: Option<Vec<model::Assignment>>,
    ) -> ApiResult<String> {
        let user = self
            .users
            .get(&user_id)
            .ok_or_else(|| ApiError::new(Code::InvalidCredentials, "no such user"))?;
        let user_roles = roles.unwrap_or_else(|| user.roles.clone());
        if user.status != "active" {
            return Err(ApiError::new(
                Code::InvalidCredentials,
                format!("user {} is disabled", user.username),
            ));
        }
        let now = tokens::unix_now();
        let issued_at = first_login.unwrap_or(now);
        let roles: Vec<tokens::ClaimRole> = user_roles
            .iter()
            .map(|a| tokens::ClaimRole {
                name: &a.name,
                context: &a.context,
            })
            .collect();
        let expires_at = now + self.token_times.ttl_secs;
        let claims = tokens::Claims {
            id: user.id,
            tenant_id: TENANT,
            first_name: &user.first_name,
            last_name: &user.last_name,
            r: tokens::packed_roles(&roles),
            roles,
            username: &user.username,
            email: &user.email,
            for_client: "",
            source: &user.source,
            exp: expires_at.floor() as i64,
            iat: issued_at.floor() as i64,
        };
        // The jti-like nonce keeps two tokens of the same second apart.
        let key = self.signing_key ^ self.rng.u64(..);
        let token = tokens::encode(&claims, key);
        let info = TokenInfo {
            user_id,
            username: user.username.clone(),
            issued_at,
            expires_at,
            roles: user_roles.clone(),
            openid,
        };
        self.tokens.insert(token.clone(), info);
        Ok(token)
    }

    /// `RefreshToken` as CHORUS makes it from its cached user: the roles are `cached(user id,
    /// current roles)`'s (the caller's cache decides whether they are the current ones).
    pub(crate) fn refresh_cached(
        &mut self,
        candidates: &[String],
        cached: impl FnOnce(u64, &[model::Assignment]) -> Vec<model::Assignment>,
    ) -> ApiResult<String> {
        let info = candidates
            .iter()
            .find_map(|t| self.valid_token(t))
            .cloned()
            .ok_or_else(|| self.why_unauthenticated(candidates))?;
        if tokens::unix_now() - info.issued_at > self.token_times.max_refresh_secs {
            return Err(ApiError::new(
                Code::Unauthenticated,
                "Session expired, please authenticate again",
            ));
        }
        let current = self
            .users
            .get(&info.user_id)
            .map(|u| u.roles.clone())
            .unwrap_or_default();
        let roles = cached(info.user_id, &current);
        self.token_with_roles(info.user_id, Some(info.issued_at), info.openid, Some(roles))
    }

    /// `RefreshToken`: a new token of the caller's current roles that keeps the first login's
    /// `iat`; 401 once that login is older than the maximum refresh time.
    pub(crate) fn refresh(&mut self, candidates: &[String]) -> ApiResult<String> {
        self.refresh_cached(candidates, |_, current| current.to_vec())
    }

    /// A password login; an account with a one-time code needs `totp` too (or one of its
    /// recovery codes, each good once).
    pub(crate) fn login(
        &mut self,
        username: &str,
        password: &str,
        totp: Option<&str>,
    ) -> ApiResult<String> {
        let invalid = || {
            ApiError::new(
                Code::InvalidCredentials,
                "The provided credentials are invalid.",
            )
        };
        let user = self
            .users
            .values_mut()
            .find(|u| u.username == username && u.password == password && u.status == "active")
            .ok_or_else(invalid)?;
        if user.totp_enabled {
            match totp.map(str::trim).filter(|t| !t.is_empty()) {
                None => {
                    // CHORUS's message is empty (seen on a running CHORUS 0978bc77).
                    return Err(ApiError::new(
                        Code::TwoFactorRequired,
                        "this account needs a one-time code: send it as totp",
                    )
                    .chorus_says(""));
                }
                Some(t) if user.totp.as_deref() == Some(t) => {}
                Some(t)
                    if user
                        .totp_secret
                        .as_deref()
                        .is_some_and(|secret| crate::totp::verify(secret, t)) => {}
                Some(t) => match user.recovery_codes.iter().position(|c| c == t) {
                    Some(i) => {
                        user.recovery_codes.remove(i);
                    }
                    None => return Err(invalid()),
                },
            }
        }
        let id = user.id;
        self.issue_token(id)
    }

    /// A token this server issued, not expired, of a user still active under that name.
    pub(crate) fn valid_token(&self, token: &str) -> Option<&TokenInfo> {
        let info = self.tokens.get(token)?;
        let user = self.users.get(&info.user_id)?;
        // CHORUS keeps a deleted user's tokens valid until they expire (seen on 0978bc77).
        let kept = self.flavor == Flavor::Chorus && user.status == "deleted";
        ((kept || (user.username == info.username && user.status == "active"))
            && tokens::unix_now() < info.expires_at)
            .then_some(info)
    }

    /// The caller, from any of the candidate tokens (bearer header, cookie).
    pub(crate) fn authenticate(&self, tokens: &[String]) -> ApiResult<u64> {
        tokens
            .iter()
            .find_map(|t| self.valid_token(t))
            .map(|i| i.user_id)
            .ok_or_else(|| self.why_unauthenticated(tokens))
    }

    /// Why none of the candidate tokens is a login, as CHORUS words it: none sent, one that
    /// expired (how long ago), one that is not a JWT.
    fn why_unauthenticated(&self, tokens: &[String]) -> ApiError {
        let now = tokens::unix_now();
        if let Some(ago) = tokens
            .iter()
            .filter_map(|t| self.tokens.get(t))
            .filter(|i| i.expires_at <= now)
            .map(|i| now - i.expires_at)
            .reduce(f64::min)
        {
            return ApiError::expired(ago.ceil().max(1.0) as u64);
        }
        if tokens.first().is_some_and(|t| t.split('.').count() != 3) {
            return ApiError::malformed_token();
        }
        ApiError::unauthenticated()
    }

    /// The roles the caller's token was issued with.
    pub(crate) fn token_roles(&self, tokens: &[String]) -> Option<Vec<model::Assignment>> {
        tokens
            .iter()
            .find_map(|t| self.valid_token(t))
            .map(|i| i.roles.clone())
    }

    // ----- permissions ----------------------------------------------------------------------

    pub(crate) fn role(&self, name: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.name == name)
    }

    pub(crate) fn allowed(&self, uid: u64, perm: &str, target: &Target) -> bool {
        let Some(user) = self.users.get(&uid) else {
            return false;
        };
        if self.flavor == Flavor::Chorus {
            let roles = policy::token_roles().unwrap_or_else(|| user.roles.clone());
            return policy::allowed(&self.roles, &roles, perm, &policy::context_of(target));
        }
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
        } else if self.flavor == Flavor::Chorus {
            // authorization.go permissionDenied: `required permission: name@dim=value&…`.
            let ctx = policy::context_of(target);
            let ctx: Vec<String> = ctx.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let at = if ctx.is_empty() {
                String::new()
            } else {
                format!("@{}", ctx.join("&"))
            };
            Err(ApiError::forbidden(format!(
                "required permission: {perm}{at}"
            )))
        } else {
            Err(ApiError::forbidden(format!(
                "permission {perm} denied{}",
                target.describe()
            )))
        }
    }
}

/// A version-4 UUID made of two random numbers (their version and variant bits set).
pub(crate) fn uuid_v4(a: u64, b: u64) -> String {
    let a = (a & 0xffff_ffff_ffff_0fff) | 0x4000;
    let b = (b & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}
