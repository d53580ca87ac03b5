//! The shared state of a running server: the store, the fault injection in force, the request
//! log, the `/config.json` override, the run-stream channel, the watch-stream count.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Instant, SystemTime};

use serde::Serialize;
use serde_json::Value;
use tokio::sync::broadcast;

use crate::config::{Config, Flavor};
use crate::store::files::Files;
use crate::store::{RunMsg, Store, WorkbenchMsg};
use crate::wire::View;

/// The login modes `GET /authentication/modes` offers (`PUT /api/dev/auth-modes`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct AuthModes {
    /// The username/password form.
    pub internal: bool,
    /// The fake identity provider `keycloak`.
    pub openid: bool,
    /// Self-registration (`internal.publicRegistrationEnabled`, anonymous `POST /users`): on,
    /// as CHORUS's `public_registration_enabled` by default.
    pub registration: bool,
}

impl AuthModes {
    /// Ours: the password form only. CHORUS: the form and Keycloak. Both let people register.
    pub fn of(flavor: Flavor) -> AuthModes {
        AuthModes {
            internal: true,
            openid: flavor == Flavor::Chorus,
            registration: true,
        }
    }

    /// Whether an anonymous `POST /users` may create an account: the `internal` mode is on and
    /// offers it.
    pub fn offers_registration(self) -> bool {
        self.internal && self.registration
    }
}

/// An OpenID login the server started (`…/oauth2/{id}/login`), keyed by its `state`.
#[derive(Clone, Debug)]
pub(crate) struct PendingLogin {
    pub provider: String,
    /// Where the identity provider returns the browser: the console's `/oauthredirect`.
    pub redirect_uri: String,
    /// Set once the user picked an account at the identity provider.
    pub approved: Option<Approval>,
    pub started: Instant,
}

#[derive(Clone, Debug)]
pub(crate) struct Approval {
    pub user_id: u64,
    pub code: String,
    pub session_state: String,
}

/// How long CHORUS's user cache keeps a user (ms; `pkg/user/service/middleware/caching.go`,
/// `GetUser`), until `POST /api/dev/user-cache` sets another.
pub(crate) const USER_CACHE_MS: u64 = 1_000;

/// A list cache of CHORUS's (chorus flavor): the page served for the same request (its filter
/// and pagination, whoever asked) within `ttl`, one second as on CHORUS; a write does not clear
/// it. Two: `ListUsers` (`pkg/user/service/middleware/caching.go`; `POST
/// /api/dev/user-list-cache?ms=…`) and `ListWorkbenches`
/// (`pkg/workbench/service/middleware/caching.go`, 0978bc77; `POST
/// /api/dev/session-list-cache?ms=…`: a list read again within the second still has a session
/// just deleted, seen on a running CHORUS: a reload 0.4 s after a delete listed it).
#[derive(Debug)]
pub(crate) struct ListCache {
    pub(crate) ttl: std::time::Duration,
    /// By request: when it was served, the rows it listed (whole, before the page is cut) and
    /// their order.
    pub(crate) pages: HashMap<String, (Instant, Vec<Value>, crate::reply::Sort)>,
}

impl Default for ListCache {
    fn default() -> Self {
        Self {
            ttl: std::time::Duration::from_secs(1),
            pages: HashMap::new(),
        }
    }
}

impl ListCache {
    /// The rows and order served for `key` within the cache's life, if any.
    pub(crate) fn get(&mut self, key: &str) -> Option<(Vec<Value>, crate::reply::Sort)> {
        let ttl = self.ttl;
        self.pages.retain(|_, (at, _, _)| at.elapsed() < ttl);
        self.pages
            .get(key)
            .map(|(_, rows, sort)| (rows.clone(), sort.clone()))
    }

    /// Keeps what was served for `key`.
    pub(crate) fn keep(&mut self, key: String, rows: &[Value], sort: &crate::reply::Sort) {
        self.pages
            .insert(key, (Instant::now(), rows.to_vec(), sort.clone()));
    }

    /// The one record served by id for `key` within the cache's life, if any (a read cache of
    /// one-row pages: `GetWorkbench`, `GetApp`).
    pub(crate) fn one(&mut self, key: &str) -> Option<Value> {
        self.get(key).and_then(|(rows, _)| rows.into_iter().next())
    }

    /// Keeps the one record served by id for `key`.
    pub(crate) fn keep_one(&mut self, key: String, row: &Value) {
        self.keep(key, std::slice::from_ref(row), &Default::default());
    }

    /// A new life (`POST /api/dev/…-list-cache?ms=…`): nothing kept.
    pub(crate) fn set_ttl(&mut self, ttl: std::time::Duration) {
        self.ttl = ttl;
        self.pages.clear();
    }
}

/// CHORUS's notification caches (chorus flavor; api.md "Notifications, as an inbox"): the count
/// and each list request answered from what was served within `ttl` (2 s as on CHORUS; `POST
/// /api/dev/notification-cache?ms=…` sets it). A mark does not clear them.
#[derive(Debug)]
pub(crate) struct NoteCache {
    pub(crate) ttl: std::time::Duration,
    /// By user and request (`count` or the list's query): when it was served, and the reply.
    pub(crate) replies: HashMap<(u64, String), (Instant, Value)>,
}

impl Default for NoteCache {
    fn default() -> Self {
        Self {
            ttl: std::time::Duration::from_secs(2),
            replies: HashMap::new(),
        }
    }
}

/// `POST /api/dev/hold-refresh`: the next `refresh-token` reply waits, its token already
/// issued, until `POST /api/dev/release-refresh` (or a reset): a renewal still in flight when
/// the user signs out.
#[derive(Debug, Default)]
pub(crate) struct RefreshHold {
    /// The next `refresh-token` reply is held.
    pub armed: bool,
    /// The replies held: each goes on when its sender is used or dropped.
    pub held: Vec<tokio::sync::oneshot::Sender<()>>,
}

/// Fault injection in force (`--error-rate` … and `PUT /api/dev/faults`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Faults {
    pub error_rate: f64,
    pub latency_ms: u64,
    pub malformed_rate: f64,
    pub drop_sse_secs: f64,
    pub html_error_rate: f64,
    pub path_prefix: Option<String>,
}

impl Faults {
    fn from_config(c: &Config) -> Faults {
        Faults {
            error_rate: c.error_rate,
            latency_ms: c.latency_ms,
            malformed_rate: c.malformed_rate,
            drop_sse_secs: c.drop_sse_secs,
            ..Faults::default()
        }
    }

    fn active(&self) -> bool {
        self.error_rate > 0.0
            || self.latency_ms > 0
            || self.malformed_rate > 0.0
            || self.drop_sse_secs > 0.0
            || self.html_error_rate > 0.0
    }

    fn applies_to(&self, path: &str) -> bool {
        self.path_prefix
            .as_deref()
            .is_none_or(|p| path.starts_with(p))
    }
}

/// One line of the request log (`GET /api/dev/requests`).
#[derive(Clone, Debug)]
pub(crate) struct LogEntry {
    pub seq: u64,
    pub method: String,
    pub path: String,
    pub query: String,
    pub status: u16,
    pub if_none_match: Option<String>,
    /// The `complianceMessage` a file call carried and recorded (`routes/files/`).
    pub compliance: Option<String>,
    pub at: SystemTime,
}

#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    pub entries: VecDeque<LogEntry>,
    /// The highest sequence number handed out so far (never goes back, not even on reset).
    pub seq: u64,
}

/// The log keeps at most this many requests.
const LOG_CAPACITY: usize = 50_000;

impl RequestLog {
    pub fn push(&mut self, mut e: LogEntry) {
        self.seq += 1;
        e.seq = self.seq;
        if self.entries.len() >= LOG_CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(e);
    }
}

pub struct AppState {
    pub(crate) config: Config,
    store: Mutex<Store>,
    pub(crate) faults: Mutex<Faults>,
    pub(crate) log: Mutex<RequestLog>,
    /// `PUT /api/dev/config`: served as `/config.json`.
    pub(crate) config_override: Mutex<Option<Value>>,
    pub(crate) runs_tx: broadcast::Sender<RunMsg>,
    /// Run streams currently open.
    pub(crate) sse_clients: Arc<AtomicUsize>,
    /// Session watch streams currently open.
    pub(crate) watch_clients: Arc<AtomicUsize>,
    /// `PUT /api/dev/watch {"enabled": false}`: the watch route answers as on a backend
    /// without it (tests of the console's polling on this flavor).
    pub(crate) watch_off: AtomicBool,
    pub(crate) rng: Mutex<fastrand::Rng>,
    pub(crate) auth_modes: Mutex<AuthModes>,
    /// OpenID logins under way, by `state`.
    pub(crate) logins: Mutex<HashMap<String, PendingLogin>>,
    /// Role assignments naming these roles fail with 500 (`PUT /api/dev/role-failures`).
    pub(crate) failing_roles: Mutex<Vec<String>>,
    /// CHORUS's user cache (chorus flavor): users served in the last second, by id.
    pub(crate) user_cache: Mutex<HashMap<u64, (Instant, Value)>>,
    /// The same cache as the token renewal reads it (chorus flavor): the roles a refresh-token
    /// or a create's refreshed cookie was made from in the last second, by user id
    /// (`pkg/user/service/middleware/caching.go` `GetUser`, read by `RefreshToken`).
    pub(crate) role_cache: Mutex<HashMap<u64, (Instant, Vec<crate::store::model::Assignment>)>>,
    /// How long those two keep a user (ms; 1,000 as on CHORUS; `POST /api/dev/user-cache`).
    pub(crate) user_cache_ms: std::sync::atomic::AtomicU64,
    /// CHORUS's `ListUsers` cache (chorus flavor, [`ListCache`]).
    pub(crate) user_lists: Mutex<ListCache>,
    /// CHORUS's `ListWorkbenches` cache (chorus flavor, [`ListCache`]).
    pub(crate) session_lists: Mutex<ListCache>,
    /// CHORUS's `GetWorkbench` cache (chorus flavor): the session served by id within the last
    /// second, a write since or not; a [`ListCache`] of one-row pages.
    pub(crate) session_reads: Mutex<ListCache>,
    /// CHORUS's `ListAppInstances` cache (chorus flavor, [`ListCache`]).
    pub(crate) instance_lists: Mutex<ListCache>,
    /// CHORUS's `GetApp` cache (chorus flavor): the app served by id within the last second, a
    /// write since or not; a [`ListCache`] of one-row pages.
    pub(crate) app_reads: Mutex<ListCache>,
    /// CHORUS's `GetCurrentTermsOfUseVersion` cache (chorus flavor): the published version as
    /// served within the last second, whoever asked and whatever was published since; a
    /// [`ListCache`] of one-row pages under one key (one tenant).
    pub(crate) terms_current: Mutex<ListCache>,
    /// CHORUS's notification caches (chorus flavor, [`NoteCache`]).
    pub(crate) note_cache: Mutex<NoteCache>,
    /// `POST /api/dev/hold-refresh` (routes/dev_more.rs).
    pub(crate) refresh_hold: Mutex<RefreshHold>,
    /// The workspace file service's files, uploads and switches (store/files.rs).
    pub(crate) files: Files,
    /// Chorus flavor: the call that stopped the backend, once one did (CHORUS 0978bc77 exits on
    /// `RemoveUserFromWorkspace`). Every API call then answers as a proxy in front of a gone
    /// backend (`502`) until `POST /api/dev/reset`; `GET /api/dev/stats` says why.
    pub(crate) stopped: Mutex<Option<String>>,
    /// `POST /api/dev/pause?ms=…`: until then every API call is held, as by a paused backend
    /// (routes/dev_restart.rs).
    pub(crate) paused_until: Mutex<Option<Instant>>,
}

pub type Shared = Arc<AppState>;

impl AppState {
    /// Sessions written behind CHORUS's back (the dev API's seeding): its session caches forget
    /// what they kept, so that the next reads have them (a write through the API does not
    /// empty them: CHORUS's caches keep their second).
    pub(crate) fn forget_session_caches(&self) {
        lock(&self.session_lists).pages.clear();
        lock(&self.session_reads).pages.clear();
        lock(&self.instance_lists).pages.clear();
    }
}

/// Locks a mutex, shrugging off poisoning (a panicking handler must not take the server down).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AppState {
    pub(crate) fn new(config: Config) -> Shared {
        let (runs_tx, _) = broadcast::channel(1024);
        let (workbench_tx, _) = broadcast::channel::<WorkbenchMsg>(1024);
        let store = Store::new(
            config.speed,
            config.extra_users,
            config.jobs,
            config.flavor,
            runs_tx.clone(),
            workbench_tx,
        );
        let mut store = store;
        store.token_times = Self::token_times_of(&config);
        store.seed_services(&config);
        let files = Files::new(config.flavor, &Self::workspace_names(&store));
        crate::store::bulk::seed_start(&files, &config);
        let app = Arc::new(AppState {
            files,
            auth_modes: Mutex::new(AuthModes::of(config.flavor)),
            logins: Mutex::new(HashMap::new()),
            failing_roles: Mutex::new(Vec::new()),
            user_cache: Mutex::new(HashMap::new()),
            role_cache: Mutex::new(HashMap::new()),
            user_cache_ms: std::sync::atomic::AtomicU64::new(USER_CACHE_MS),
            user_lists: Mutex::new(ListCache::default()),
            session_lists: Mutex::new(ListCache::default()),
            session_reads: Mutex::new(ListCache::default()),
            instance_lists: Mutex::new(ListCache::default()),
            app_reads: Mutex::new(ListCache::default()),
            terms_current: Mutex::new(ListCache::default()),
            note_cache: Mutex::new(NoteCache::default()),
            refresh_hold: Mutex::new(RefreshHold::default()),
            stopped: Mutex::new(None),
            paused_until: Mutex::new(None),
            faults: Mutex::new(Faults::from_config(&config)),
            config,
            store: Mutex::new(store),
            log: Mutex::new(RequestLog::default()),
            config_override: Mutex::new(None),
            runs_tx,
            sse_clients: Arc::new(AtomicUsize::new(0)),
            watch_clients: Arc::new(AtomicUsize::new(0)),
            watch_off: AtomicBool::new(false),
            rng: Mutex::new(fastrand::Rng::new()),
        });
        app.seed_trust();
        app
    }

    /// How records are spelled in this server's flavor.
    pub(crate) fn view(&self) -> View {
        View::new(self.config.flavor)
    }

    /// A time as the flavor spells it (CHORUS: as its database gives it back).
    pub(crate) fn stamp(&self, t: SystemTime) -> String {
        if self.chorus() {
            crate::wire::rfc3339_db(t)
        } else {
            crate::wire::rfc3339(t)
        }
    }

    /// The demo's approval requests (their files staged again) and `--terms-required` (every
    /// user accepted terms version 1 unless it is set). Called after the store and the files
    /// were (re)seeded.
    fn seed_trust(&self) {
        let mut st = lock(&self.store);
        crate::store::approvals::seed(&mut st, &self.files);
        if self.config.terms_required {
            st.terms.forget_current();
        }
    }

    pub(crate) fn chorus(&self) -> bool {
        self.config.flavor == Flavor::Chorus
    }

    /// The backend exits, as CHORUS does on `call` (chorus flavor): every API call from now on
    /// is a proxy's `502`.
    pub(crate) fn stop_backend(&self, call: String) {
        eprintln!("devserver: the backend stopped, as CHORUS does, on {call}");
        lock(&self.stopped).get_or_insert(call);
    }

    /// Why the backend stopped, if it did.
    pub(crate) fn stopped(&self) -> Option<String> {
        lock(&self.stopped).clone()
    }

    /// Every workspace's id and name (the file service seeds each).
    fn workspace_names(st: &Store) -> Vec<(u64, String)> {
        st.workspaces
            .values()
            .map(|w| (w.id, w.name.clone()))
            .collect()
    }

    fn token_times_of(config: &Config) -> crate::tokens::TokenTimes {
        crate::tokens::TokenTimes {
            ttl_secs: config.token_ttl_secs,
            max_refresh_secs: config.max_refresh_secs,
        }
    }

    /// Every dev knob back to how the server started.
    pub(crate) fn reset(&self) {
        {
            let mut st = lock(&self.store);
            st.reset();
            st.token_times = Self::token_times_of(&self.config);
            st.seed_services(&self.config);
            self.files.reset(&Self::workspace_names(&st));
            crate::store::bulk::seed_start(&self.files, &self.config);
        }
        // The demo's approval requests, their files staged again.
        self.seed_trust();
        *lock(&self.faults) = Faults::default();
        *lock(&self.config_override) = None;
        lock(&self.log).entries.clear();
        *lock(&self.auth_modes) = AuthModes::of(self.config.flavor);
        lock(&self.logins).clear();
        lock(&self.failing_roles).clear();
        lock(&self.user_cache).clear();
        lock(&self.role_cache).clear();
        self.user_cache_ms
            .store(USER_CACHE_MS, std::sync::atomic::Ordering::Relaxed);
        *lock(&self.user_lists) = ListCache::default();
        *lock(&self.session_lists) = ListCache::default();
        *lock(&self.session_reads) = ListCache::default();
        *lock(&self.instance_lists) = ListCache::default();
        *lock(&self.app_reads) = ListCache::default();
        *lock(&self.terms_current) = ListCache::default();
        *lock(&self.note_cache) = NoteCache::default();
        *lock(&self.stopped) = None;
        *lock(&self.paused_until) = None;
        // Held refresh replies go on (their senders dropped).
        *lock(&self.refresh_hold) = RefreshHold::default();
        self.watch_off.store(false, Ordering::SeqCst);
    }

    /// The hook of `refresh-token` (routes/auth.rs), after the new token is issued: when the
    /// hold is armed (`POST /api/dev/hold-refresh`), this reply waits until released (and
    /// disarms it: only the next one is held).
    pub(crate) async fn held_refresh(&self) {
        let wait = {
            let mut h = lock(&self.refresh_hold);
            if !std::mem::take(&mut h.armed) {
                return;
            }
            let (tx, rx) = tokio::sync::oneshot::channel();
            h.held.push(tx);
            rx
        };
        let _ = wait.await;
    }

    /// Waits while the backend is paused (`POST /api/dev/pause`; a longer pause set meanwhile
    /// holds on).
    pub(crate) async fn held(&self) {
        loop {
            let until = *lock(&self.paused_until);
            match until.map(|u| u.saturating_duration_since(Instant::now())) {
                Some(left) if !left.is_zero() => tokio::time::sleep(left).await,
                _ => return,
            }
        }
    }

    /// The store, moved to the current simulated time.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        let mut g = lock(&self.store);
        g.advance();
        g
    }

    /// The store as it is (no reconcile).
    pub fn store_raw(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    /// The faults that apply to a request for `path`, if any.
    pub(crate) fn faults_for(&self, path: &str) -> Option<Faults> {
        let f = lock(&self.faults);
        (f.active() && f.applies_to(path)).then(|| f.clone())
    }

    /// Run streams currently open.
    pub fn sse_client_count(&self) -> usize {
        self.sse_clients.load(Ordering::SeqCst)
    }

    /// Session watch streams currently open.
    pub fn watch_client_count(&self) -> usize {
        self.watch_clients.load(Ordering::SeqCst)
    }
}
