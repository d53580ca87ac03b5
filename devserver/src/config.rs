//! Command-line flags ([`clap`]) and the resolved [`Config`].

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, ValueEnum};

/// Which backend the server behaves like (devserver/README.md, "Flavors").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Flavor {
    /// Our own dialect: every extension of api.md.
    #[default]
    Default,
    /// A real CHORUS backend (grpc-gateway over protobuf): no extensions, strict bodies.
    Chorus,
}

/// Which job service the server has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Jobs {
    /// api.md's job API.
    #[default]
    Default,
    /// An mc-server-manager-like dialect: UUIDs, project slugs, 202, `{"error"}`, `run-log`.
    Mc,
    /// No job service: every job route is 404.
    None,
}

impl Flavor {
    pub fn as_str(self) -> &'static str {
        match self {
            Flavor::Default => "default",
            Flavor::Chorus => "chorus",
        }
    }
}

impl Jobs {
    pub fn as_str(self) -> &'static str {
        match self {
            Jobs::Default => "default",
            Jobs::Mc => "mc",
            Jobs::None => "none",
        }
    }
}

/// How the server runs (the flags, resolved).
#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    pub speed: f64,
    pub static_dir: Option<PathBuf>,
    pub error_rate: f64,
    pub latency_ms: u64,
    pub malformed_rate: f64,
    pub drop_sse_secs: f64,
    pub keepalive: Duration,
    /// Period of `: keep-alive` comments on the session watch streams.
    pub watch_keepalive: Duration,
    pub extra_users: usize,
    /// `--big-folder <n>`: Demo's `disk` store has a folder `big` of n files (issue 50).
    pub big_folder: usize,
    pub quiet: bool,
    pub cors_origin: Option<String>,
    pub flavor: Flavor,
    pub jobs: Jobs,
    /// Period of the background controller tick.
    pub tick: Duration,
    /// How long a login token lives (`--token-ttl-secs`).
    pub token_ttl_secs: f64,
    /// How long after the first login a token may be refreshed (`--max-refresh-secs`).
    pub max_refresh_secs: f64,
    /// `--terms-required`: the demo users have not accepted the published terms of use.
    pub terms_required: bool,
    /// `--no-operator`: no workspace-service operator (CHORUS without its Kubernetes client).
    pub no_operator: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            speed: 1.0,
            static_dir: None,
            error_rate: 0.0,
            latency_ms: 0,
            malformed_rate: 0.0,
            drop_sse_secs: 0.0,
            keepalive: Duration::from_secs(15),
            watch_keepalive: Duration::from_secs(15),
            extra_users: 0,
            big_folder: 0,
            quiet: false,
            cors_origin: None,
            flavor: Flavor::Default,
            jobs: Jobs::Default,
            tick: Duration::from_millis(200),
            token_ttl_secs: crate::tokens::DEFAULT_TTL_SECS,
            max_refresh_secs: crate::tokens::DEFAULT_MAX_REFRESH_SECS,
            terms_required: false,
            no_operator: false,
        }
    }
}

/// devserver — development backend of the console (see devserver/README.md)
#[derive(Parser, Debug)]
#[command(name = "devserver", disable_version_flag = true)]
struct Cli {
    /// Where to listen, loopback only
    #[arg(long, value_name = "host:port", default_value = "127.0.0.1:3000", value_parser = addr)]
    addr: SocketAddr,
    /// Time scale of the simulation
    #[arg(long, value_name = "f", default_value_t = 1.0, value_parser = speed)]
    speed: f64,
    /// Serve a built dist/ (index.html for unknown paths)
    #[arg(long = "static", value_name = "dir")]
    static_dir: Option<PathBuf>,
    /// Share of API replies turned into 500
    #[arg(long, value_name = "0..1", default_value_t = 0.0, value_parser = rate)]
    error_rate: f64,
    /// Added latency on every API reply
    #[arg(long, value_name = "n", default_value_t = 0)]
    latency_ms: u64,
    /// Share of API replies cut in half
    #[arg(long, value_name = "0..1", default_value_t = 0.0, value_parser = rate)]
    malformed_rate: f64,
    /// Close run streams after n seconds (0 = off)
    #[arg(long, value_name = "n", default_value_t = 0.0, value_parser = non_negative)]
    drop_sse_secs: f64,
    /// Run stream keep-alive period [default: 15, 25 with --jobs mc]
    #[arg(long, value_name = "n", value_parser = keepalive)]
    keepalive_secs: Option<f64>,
    /// Session watch stream keep-alive period
    #[arg(long, value_name = "n", default_value_t = 15.0, value_parser = keepalive)]
    watch_keepalive_secs: f64,
    /// Seed n generated users more
    #[arg(long, value_name = "n", default_value_t = 0, value_parser = extra_users)]
    extra_users: usize,
    /// Seed a folder `big` of n small files in Demo's disk store
    #[arg(long, value_name = "n", default_value_t = 0, value_parser = extra_users)]
    big_folder: usize,
    /// Allow this origin, with credentials
    #[arg(long, value_name = "origin", value_parser = origin)]
    cors_origin: Option<String>,
    /// No per-request log lines
    #[arg(long)]
    quiet: bool,
    /// The demo users have not accepted the published terms of use yet
    #[arg(long)]
    terms_required: bool,
    /// No workspace-service operator: service statuses stay empty, as on a CHORUS without Kubernetes
    #[arg(long)]
    no_operator: bool,
    /// Behave like our own backend or like a real CHORUS
    #[arg(long, value_enum, default_value_t = Flavor::Default)]
    flavor: Flavor,
    /// The job service [default: default, none with --flavor chorus]
    #[arg(long, value_enum)]
    jobs: Option<Jobs>,
    /// Lifetime of a login token, in seconds
    #[arg(long, value_name = "n", default_value_t = crate::tokens::DEFAULT_TTL_SECS, value_parser = positive)]
    token_ttl_secs: f64,
    /// Refresh refused once the first login is older than this, in seconds
    #[arg(long, value_name = "n", default_value_t = crate::tokens::DEFAULT_MAX_REFRESH_SECS, value_parser = positive)]
    max_refresh_secs: f64,
}

fn positive(v: &str) -> Result<f64, String> {
    let r = number(v)?;
    if r > 0.0 {
        Ok(r)
    } else {
        Err(format!("{v} must be above 0"))
    }
}

fn number(v: &str) -> Result<f64, String> {
    v.trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .ok_or_else(|| format!("'{v}' is not a number"))
}

fn rate(v: &str) -> Result<f64, String> {
    let r = number(v)?;
    if (0.0..=1.0).contains(&r) {
        Ok(r)
    } else {
        Err(format!("{v} is not between 0 and 1"))
    }
}

fn non_negative(v: &str) -> Result<f64, String> {
    let r = number(v)?;
    if r >= 0.0 {
        Ok(r)
    } else {
        Err(format!("{v} must be 0 or more"))
    }
}

fn speed(v: &str) -> Result<f64, String> {
    let s = number(v)?;
    if s > 0.0 && s <= 10_000.0 {
        Ok(s)
    } else {
        Err(format!("{v} must be above 0 and at most 10000"))
    }
}

fn keepalive(v: &str) -> Result<f64, String> {
    let s = number(v)?;
    if s >= 0.05 {
        Ok(s)
    } else {
        Err("must be at least 0.05".to_string())
    }
}

fn extra_users(v: &str) -> Result<usize, String> {
    match v.parse::<usize>() {
        Ok(n) if n <= 200_000 => Ok(n),
        Ok(_) => Err("at most 200000".to_string()),
        Err(_) => Err(format!("'{v}' is not a whole number")),
    }
}

/// `host:port` (or `localhost:port`) on a loopback address: the server never listens on a
/// network interface.
fn addr(v: &str) -> Result<SocketAddr, String> {
    let addr: SocketAddr = v
        .parse()
        .or_else(|_| match v.strip_prefix("localhost:") {
            Some(port) => format!("127.0.0.1:{port}").parse(),
            None => v.parse(),
        })
        .map_err(|_| format!("'{v}' is not host:port"))?;
    if addr.ip().is_loopback() {
        Ok(addr)
    } else {
        Err(format!(
            "{v} is not a loopback address; the devserver listens on 127.0.0.1 (or ::1) only"
        ))
    }
}

fn origin(v: &str) -> Result<String, String> {
    let v = v.trim_end_matches('/');
    if v.starts_with("http://") || v.starts_with("https://") {
        Ok(v.to_string())
    } else {
        Err(format!("'{v}' is not an origin like http://localhost:8080"))
    }
}

impl Cli {
    fn into_config(self) -> Config {
        let jobs = self.jobs.unwrap_or(match self.flavor {
            Flavor::Default => Jobs::Default,
            Flavor::Chorus => Jobs::None,
        });
        let keepalive = self.keepalive_secs.unwrap_or(match jobs {
            Jobs::Mc => 25.0,
            _ => 15.0,
        });
        Config {
            addr: self.addr,
            speed: self.speed,
            static_dir: self.static_dir,
            error_rate: self.error_rate,
            latency_ms: self.latency_ms,
            malformed_rate: self.malformed_rate,
            drop_sse_secs: self.drop_sse_secs,
            keepalive: Duration::from_secs_f64(keepalive),
            watch_keepalive: Duration::from_secs_f64(self.watch_keepalive_secs),
            extra_users: self.extra_users,
            big_folder: self.big_folder,
            quiet: self.quiet,
            cors_origin: self.cors_origin,
            flavor: self.flavor,
            jobs,
            token_ttl_secs: self.token_ttl_secs,
            max_refresh_secs: self.max_refresh_secs,
            terms_required: self.terms_required,
            no_operator: self.no_operator,
            ..Config::default()
        }
    }
}

/// What the command line asks for (made once, at the start: its size does not matter).
#[allow(clippy::large_enum_variant)]
pub enum Parsed {
    Run(Config),
    Help,
}

/// Parses the flags after the program name. `--flag value` and `--flag=value` both work.
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Parsed, String> {
    let argv = std::iter::once("devserver".to_string()).chain(args);
    match Cli::try_parse_from(argv) {
        Ok(cli) => Ok(Parsed::Run(cli.into_config())),
        Err(e) if e.kind() == ErrorKind::DisplayHelp => Ok(Parsed::Help),
        Err(e) => Err(e.to_string()),
    }
}

/// The `--help` text.
pub fn usage() -> String {
    Cli::command().render_help().to_string()
}
