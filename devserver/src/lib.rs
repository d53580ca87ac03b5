//! devserver: the development backend of the console.
//!
//! Implements `shared/spec/api.md` with an in-memory [`store::Store`] and a simulated
//! Kubernetes controller ([`sim`]). See `devserver/README.md` for the operating contract.

pub mod api;
pub mod config;
pub mod dev;
pub mod error;
pub mod http_util;
pub mod jobs;
pub mod mw;
pub mod pages;
pub mod perms;
pub mod rng;
pub mod sim;
pub mod store;
pub mod timefmt;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use axum::routing::{get, post, put};
use axum::Router;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::broadcast;
use tokio::task::JoinHandle;

pub use config::Config;
use rng::Rng;
use store::{RunMsg, Store};

/// Fault injection in force (`--error-rate` … and `PUT /api/dev/faults`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Faults {
    pub error_rate: f64,
    pub latency_ms: u64,
    pub malformed_rate: f64,
    pub drop_sse_secs: f64,
    pub html_error_rate: f64,
    pub path_prefix: Option<String>,
}

impl Faults {
    pub fn from_config(c: &Config) -> Faults {
        Faults {
            error_rate: c.error_rate,
            latency_ms: c.latency_ms,
            malformed_rate: c.malformed_rate,
            drop_sse_secs: c.drop_sse_secs,
            html_error_rate: 0.0,
            path_prefix: None,
        }
    }

    pub fn active(&self) -> bool {
        self.error_rate > 0.0
            || self.latency_ms > 0
            || self.malformed_rate > 0.0
            || self.drop_sse_secs > 0.0
            || self.html_error_rate > 0.0
    }

    pub fn applies_to(&self, path: &str) -> bool {
        self.path_prefix
            .as_deref()
            .is_none_or(|p| path.starts_with(p))
    }

    pub fn json(&self) -> Value {
        json!({
            "errorRate": self.error_rate,
            "latencyMs": self.latency_ms,
            "malformedRate": self.malformed_rate,
            "dropSseSecs": self.drop_sse_secs,
            "htmlErrorRate": self.html_error_rate,
            "pathPrefix": self.path_prefix,
        })
    }
}

/// One line of the request log (`GET /api/dev/requests`).
#[derive(Clone, Debug)]
pub struct LogEntry {
    pub seq: u64,
    pub method: String,
    pub path: String,
    pub query: String,
    pub status: u16,
    pub if_none_match: Option<String>,
    pub at: SystemTime,
}

#[derive(Debug, Default)]
pub struct RequestLog {
    pub entries: VecDeque<LogEntry>,
    /// The highest sequence number handed out so far (never goes back, not even on reset).
    pub seq: u64,
}

/// The log keeps at most this many requests.
pub const LOG_CAPACITY: usize = 50_000;

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
    pub config: Config,
    pub store: Mutex<Store>,
    pub faults: Mutex<Faults>,
    pub log: Mutex<RequestLog>,
    /// `PUT /api/dev/config`: served as `/config.json`.
    pub config_override: Mutex<Option<Value>>,
    pub runs_tx: broadcast::Sender<RunMsg>,
    /// Run streams currently open.
    pub sse_clients: Arc<AtomicUsize>,
    pub rng: Mutex<Rng>,
}

pub type Shared = Arc<AppState>;

/// Locks a mutex, shrugging off poisoning (a panicking handler must not take the server down).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AppState {
    pub fn new(config: Config) -> Shared {
        let (runs_tx, _) = broadcast::channel(1024);
        let store = Store::new(config.speed, config.extra_users, runs_tx.clone());
        Arc::new(AppState {
            faults: Mutex::new(Faults::from_config(&config)),
            config,
            store: Mutex::new(store),
            log: Mutex::new(RequestLog::default()),
            config_override: Mutex::new(None),
            runs_tx,
            sse_clients: Arc::new(AtomicUsize::new(0)),
            rng: Mutex::new(Rng::from_entropy()),
        })
    }

    /// The store, moved to the current simulated time.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        let mut g = lock(&self.store);
        g.advance();
        g
    }

    /// The store as it is (no reconcile).
    pub fn store_raw(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    /// The caller's user id, or 401.
    pub fn auth(&self, headers: &axum::http::HeaderMap) -> error::ApiResult<u64> {
        let tokens = http_util::tokens_from(headers);
        self.store_raw().authenticate(&tokens)
    }

    pub fn faults_for(&self, path: &str) -> Option<Faults> {
        let f = lock(&self.faults);
        (f.active() && f.applies_to(path)).then(|| f.clone())
    }

    pub fn sse_client_count(&self) -> usize {
        self.sse_clients.load(Ordering::SeqCst)
    }
}

/// The application: state plus router.
#[derive(Clone)]
pub struct App {
    pub state: Shared,
}

impl App {
    pub fn new(config: Config) -> App {
        App {
            state: AppState::new(config),
        }
    }

    pub fn router(&self) -> Router {
        router(self.state.clone())
    }

    /// The controller tick: reconciles everything every `config.tick` (run-stream updates
    /// come from here). Ends when the app is dropped.
    pub fn spawn_ticker(&self) -> JoinHandle<()> {
        let weak = Arc::downgrade(&self.state);
        let period = self.state.config.tick.max(Duration::from_millis(10));
        tokio::spawn(async move {
            let mut iv = tokio::time::interval(period);
            iv.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            loop {
                iv.tick().await;
                let Some(state) = weak.upgrade() else { break };
                drop(state.store());
            }
        })
    }

    /// Serves on an already bound listener (with the ticker running).
    pub fn serve_on(&self, listener: TcpListener) -> JoinHandle<std::io::Result<()>> {
        self.spawn_ticker();
        let router = self.router();
        tokio::spawn(async move { axum::serve(nodelay(listener), router).await })
    }
}

pub const LOGIN_PATH: &str = "/api/rest/v1/authentication/login";

pub fn router(state: Shared) -> Router {
    const V1: &str = "/api/rest/v1";
    let r = |p: &str| format!("{V1}{p}");
    Router::new()
        .route(LOGIN_PATH, post(api::login))
        .route(&r("/authentication/logout"), post(api::logout))
        .route(&r("/users/me"), get(api::me))
        .route(
            &r("/workspaces"),
            get(api::list_workspaces).post(api::create_workspace),
        )
        .route(&r("/workspaces/{id}"), get(api::get_workspace))
        .route(
            &r("/workbenches"),
            get(api::list_workbenches).post(api::create_workbench),
        )
        .route(
            &r("/workbenches/{id}"),
            get(api::get_workbench).delete(api::delete_workbench),
        )
        .route(&r("/workbenches/{id}/stop"), post(api::stop_workbench))
        .route(&r("/workbenches/{id}/start"), post(api::start_workbench))
        .route(
            &r("/workbenches/{id}/stream/"),
            get(pages::workbench_stream),
        )
        .route(&r("/workbenches/{id}/stream"), get(pages::workbench_stream))
        .route(&r("/apps"), get(api::list_apps))
        .route(
            &r("/app-instances"),
            get(api::list_instances).post(api::create_instance),
        )
        .route(
            &r("/app-instances/{id}"),
            get(api::get_instance).delete(api::delete_instance),
        )
        .route(
            &r("/app-instances/{id}/stream/"),
            get(pages::instance_stream),
        )
        .route(
            &r("/app-instances/{id}/stream"),
            get(pages::instance_stream),
        )
        .route(
            &r("/users"),
            get(api::list_users)
                .post(api::create_user)
                .put(api::update_user),
        )
        .route(
            &r("/users/{id}"),
            get(api::get_user).delete(api::delete_user),
        )
        .route(&r("/users/{id}/role"), post(api::add_user_role))
        .route(
            &r("/users/{id}/role/{role_id}"),
            axum::routing::delete(api::remove_user_role),
        )
        .route(
            &r("/authorization/roles"),
            get(api::list_roles).post(api::create_role),
        )
        .route(
            &r("/authorization/roles/{name}"),
            get(api::get_role)
                .put(api::update_role)
                .delete(api::delete_role),
        )
        .route(&r("/authorization/permissions"), get(api::list_permissions))
        .route("/api/builds", get(jobs::list_builds))
        .route("/api/projects/{id}/build", post(jobs::create_build))
        .route("/api/runs", get(jobs::list_runs))
        .route("/api/projects/{id}/run", post(jobs::create_run))
        .route("/api/runs/{id}/stop", post(jobs::stop_run))
        .route("/api/runs/stream", get(jobs::runs_stream))
        .route("/api/dev/reset", post(dev::reset))
        .route(
            "/api/dev/requests",
            get(dev::requests).delete(dev::clear_requests),
        )
        .route("/api/dev/faults", get(dev::get_faults).put(dev::put_faults))
        .route(
            "/api/dev/config",
            put(dev::put_config).delete(dev::delete_config),
        )
        .route(
            "/api/dev/scenario",
            get(dev::get_scenario).put(dev::put_scenario),
        )
        .route("/api/dev/speed", get(dev::get_speed).put(dev::put_speed))
        .route("/api/dev/apps/{id}/failing", put(dev::put_app_failing))
        .route("/api/dev/expire-logins", post(dev::expire_logins))
        .route("/api/dev/advance", post(dev::advance))
        .route("/api/dev/stats", get(dev::stats))
        .route("/config.json", get(pages::config_json))
        .fallback(pages::fallback)
        .method_not_allowed_fallback(pages::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            mw::outer,
        ))
        .with_state(state)
}

/// The start banner.
pub fn banner(addr: SocketAddr, config: &Config) -> String {
    let url = format!("http://{addr}");
    let statics = config
        .static_dir
        .as_ref()
        .map(|d| d.display().to_string())
        .unwrap_or_else(|| "none (API only)".into());
    let mut s = format!(
        "devserver listening on {url}\n\
         \x20 speed {}x · static: {statics} · run-stream keep-alive {:?}\n\
         \x20 demo logins:\n\
         \x20   admin / admin123   PlatformAdmin (everything)\n\
         \x20   alice / alice123   WorkspaceMember of Demo (1) and Genomics (2)\n\
         \x20   bob   / bob12345   WorkspaceViewer of Demo (1)\n\
         \x20 dev API: {url}/api/dev/ (reset, requests, faults, config, scenario, speed, …)\n",
        config.speed, config.keepalive
    );
    if let Some(o) = &config.cors_origin {
        s.push_str(&format!("  CORS: {o} allowed, with credentials\n"));
    }
    if config.extra_users > 0 {
        s.push_str(&format!(
            "  + {} generated users (user00001 … / password)\n",
            config.extra_users
        ));
    }
    s
}

/// Binds, prints the banner, serves until killed.
pub async fn run(config: Config) -> std::io::Result<()> {
    let listener = TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", banner(addr, &config));
        let _ = out.flush();
    }
    let app = App::new(config);
    app.spawn_ticker();
    axum::serve(nodelay(listener), app.router()).await
}

/// Small replies go out at once (no Nagle delay on keep-alive connections).
fn nodelay(
    listener: TcpListener,
) -> impl axum::serve::Listener<Io = tokio::net::TcpStream, Addr = SocketAddr> {
    use axum::serve::ListenerExt;
    listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    })
}
