//! Command-line flags (parsed by hand: no argument crate needed).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

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
    pub extra_users: usize,
    pub quiet: bool,
    pub cors_origin: Option<String>,
    /// Period of the background controller tick.
    pub tick: Duration,
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
            extra_users: 0,
            quiet: false,
            cors_origin: None,
            tick: Duration::from_millis(200),
        }
    }
}

pub const USAGE: &str = "\
devserver — development backend of the console (see devserver/README.md)

USAGE: cargo run -p devserver --release -- [flags]

  --addr <host:port>        where to listen, loopback only      [127.0.0.1:3000]
  --speed <f>               time scale of the simulation        [1.0]
  --static <dir>            serve a built dist/ (index.html for unknown paths)
  --error-rate <0..1>       share of API replies turned into 500 [0]
  --latency-ms <n>          added latency on every API reply     [0]
  --malformed-rate <0..1>   share of API replies cut in half     [0]
  --drop-sse-secs <n>       close run streams after n seconds    [0 = off]
  --keepalive-secs <n>      run stream keep-alive period         [15]
  --extra-users <n>         seed n generated users more          [0]
  --cors-origin <origin>    allow this origin, with credentials  [off]
  --quiet                   no per-request log lines
  --help                    this text
";

pub enum Parsed {
    Run(Config),
    Help,
}

fn rate(flag: &str, v: &str) -> Result<f64, String> {
    let r: f64 = v
        .parse()
        .map_err(|_| format!("{flag}: '{v}' is not a number"))?;
    if !(0.0..=1.0).contains(&r) {
        return Err(format!("{flag}: {v} is not between 0 and 1"));
    }
    Ok(r)
}

fn nonneg(flag: &str, v: &str) -> Result<f64, String> {
    let r: f64 = v
        .parse()
        .map_err(|_| format!("{flag}: '{v}' is not a number"))?;
    if !r.is_finite() || r < 0.0 {
        return Err(format!("{flag}: {v} must be 0 or more"));
    }
    Ok(r)
}

/// Parses the flags after the program name. `--flag value` and `--flag=value` both work.
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Parsed, String> {
    let mut c = Config::default();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let value = |it: &mut I::IntoIter| -> Result<String, String> {
            match &inline {
                Some(v) => Ok(v.clone()),
                None => it.next().ok_or_else(|| format!("{flag} needs a value")),
            }
        };
        match flag.as_str() {
            "--help" | "-h" => return Ok(Parsed::Help),
            "--quiet" => c.quiet = true,
            "--addr" => {
                let v = value(&mut it)?;
                let addr: SocketAddr = v
                    .parse()
                    .or_else(|_| {
                        v.strip_prefix("localhost:")
                            .map(|p| format!("127.0.0.1:{p}"))
                            .unwrap_or_default()
                            .parse()
                    })
                    .map_err(|_| format!("--addr: '{v}' is not host:port"))?;
                if !addr.ip().is_loopback() {
                    return Err(format!(
                        "--addr: {v} is not a loopback address; the devserver listens on 127.0.0.1 (or ::1) only"
                    ));
                }
                c.addr = addr;
            }
            "--speed" => {
                let v = value(&mut it)?;
                let s = nonneg("--speed", &v)?;
                if s <= 0.0 || s > 10_000.0 {
                    return Err(format!("--speed: {v} must be above 0 and at most 10000"));
                }
                c.speed = s;
            }
            "--static" => c.static_dir = Some(PathBuf::from(value(&mut it)?)),
            "--error-rate" => c.error_rate = rate("--error-rate", &value(&mut it)?)?,
            "--malformed-rate" => c.malformed_rate = rate("--malformed-rate", &value(&mut it)?)?,
            "--latency-ms" => {
                let v = value(&mut it)?;
                c.latency_ms = v
                    .parse()
                    .map_err(|_| format!("--latency-ms: '{v}' is not a whole number"))?;
            }
            "--drop-sse-secs" => c.drop_sse_secs = nonneg("--drop-sse-secs", &value(&mut it)?)?,
            "--keepalive-secs" => {
                let v = value(&mut it)?;
                let s = nonneg("--keepalive-secs", &v)?;
                if s < 0.05 {
                    return Err("--keepalive-secs: must be at least 0.05".to_string());
                }
                c.keepalive = Duration::from_secs_f64(s);
            }
            "--extra-users" => {
                let v = value(&mut it)?;
                let n: usize = v
                    .parse()
                    .map_err(|_| format!("--extra-users: '{v}' is not a whole number"))?;
                if n > 200_000 {
                    return Err("--extra-users: at most 200000".to_string());
                }
                c.extra_users = n;
            }
            "--cors-origin" => {
                let v = value(&mut it)?;
                let v = v.trim_end_matches('/').to_string();
                if !(v.starts_with("http://") || v.starts_with("https://")) {
                    return Err(format!(
                        "--cors-origin: '{v}' is not an origin like http://localhost:8080"
                    ));
                }
                c.cors_origin = Some(v);
            }
            other => return Err(format!("unknown flag '{other}' (see --help)")),
        }
    }
    Ok(Parsed::Run(c))
}
