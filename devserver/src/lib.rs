//! devserver: the development backend of the console.
//!
//! Implements `shared/spec/api.md` with an in-memory store ([`store`]) and a simulated
//! Kubernetes controller ([`sim`]). See `devserver/README.md` for the operating contract.
//!
//! Where things live: `config` (flags), `state` (what a running server shares), `store`
//! (records, seed, controller step, operations), `wire` (the JSON shapes sent), `extract` and
//! `reply` (request and reply plumbing), `order` (the order of list replies), `error` (the error body), `routes` (one module per
//! resource), `mw` (CORS, faults, request log), `perms` and `validate` (rules), `codec` (base64,
//! MD5 and percent-coding of the workspace file service, whose files live in `store::files`).

mod catalogue;
pub mod codec;
pub mod config;
mod error;
mod extract;
mod mw;
mod order;
mod perms;
mod policy;
mod reply;
mod routes;
pub mod sim;
pub mod state;
mod store;
pub mod tokens;
pub mod totp;
mod validate;
mod wire;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use config::Config;
use state::{AppState, Shared};

pub(crate) const LOGIN_PATH: &str = "/api/rest/v1/authentication/login";

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
        routes::router(self.state.clone())
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

/// The start banner.
pub fn banner(addr: SocketAddr, config: &Config) -> String {
    let url = format!("http://{addr}");
    let statics = config
        .static_dir
        .as_ref()
        .map(|d| d.display().to_string())
        .unwrap_or_else(|| "none (API only)".into());
    let logins = match config.flavor {
        config::Flavor::Default => {
            "\x20   admin / admin123   PlatformAdmin (everything)\n\
             \x20   alice / alice123   WorkspaceMember of Demo (1) and Genomics (2)\n\
             \x20   bob   / bob12345   WorkspaceViewer of Demo (1)\n"
        }
        config::Flavor::Chorus => {
            "\x20   admin / admin123   SuperAdmin (everything)\n\
             \x20   alice / alice123   WorkspaceMember of Demo (1) and Genomics (2), WorkbenchAdmin of the seeded sessions\n\
             \x20   bob   / bob12345   WorkspaceGuest of Demo (1)\n"
        }
    };
    let mut s = format!(
        "devserver listening on {url}\n\
         \x20 flavor {} · jobs {} · speed {}x · static: {statics} · run-stream keep-alive {:?}\n\
         \x20 tokens live {}s, renewable for {}s after the login\n\
         \x20 demo logins:\n\
         {logins}\
         \x20   dora  / dora12345  WorkspaceMember of Demo (1), one-time code {} (recovery codes {})\n\
         \x20   wendy / wendy123   WorkspaceAdmin of Demo (1), no platform role\n\
         \x20   nora  / nora1234   in no workspace\n\
         \x20   OpenID: \"Sign in with Keycloak\" picks any of them at a fake identity provider\n\
         \x20 dev API: {url}/api/dev/ (reset, requests, faults, config, scenario, speed, token-times, …)\n",
        config.flavor.as_str(),
        config.jobs.as_str(),
        config.speed,
        config.keepalive,
        config.token_ttl_secs,
        config.max_refresh_secs,
        store::seed::DORA_TOTP,
        store::chorus::DORA_RECOVERY_CODES.join(", "),
    );
    if let Some(o) = &config.cors_origin {
        s.push_str(&format!("  CORS: {o} allowed, with credentials\n"));
    }
    if config.big_folder > 0 {
        s.push_str(&format!(
            "  + a folder of {} files: Demo (1), store disk, big/\n",
            config.big_folder
        ));
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
