//! The layers around every route: CORS (tower-http), fault injection, the request log, the
//! per-request log line, the audit hook ([`audit`]).

use std::time::{Duration, Instant, SystemTime};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::config::Flavor;
use crate::error::ApiError;
use crate::state::{lock, LogEntry, Shared};
use crate::LOGIN_PATH;

mod audit;

const PROXY_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// `--cors-origin`: that one origin, with credentials; no CORS headers for any other. CHORUS
/// allows only the headers `Content-Type`, `Accept` and `Authorization`.
pub(crate) fn cors(origin: &str, flavor: Flavor) -> Option<CorsLayer> {
    let origin = HeaderValue::from_str(origin).ok()?;
    let headers = match flavor {
        Flavor::Default => vec![
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            header::IF_NONE_MATCH,
            HeaderName::from_static("last-event-id"),
        ],
        Flavor::Chorus => vec![header::CONTENT_TYPE, header::ACCEPT, header::AUTHORIZATION],
    };
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list([origin]))
            .allow_credentials(true)
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PUT,
                Method::DELETE,
                Method::OPTIONS,
            ])
            .allow_headers(headers)
            .max_age(Duration::from_secs(600)),
    )
}

/// Around [`cors`]: a preflight answers `204 No Content` (tower-http's answers 200), and in our
/// flavor an allowed origin may read `ETag` and `Retry-After` (CHORUS exposes no header).
pub(crate) async fn cors_finish(req: Request, next: Next, chorus: bool) -> Response {
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut resp = next.run(req).await;
    if preflight && resp.status() == StatusCode::OK {
        *resp.status_mut() = StatusCode::NO_CONTENT;
    }
    if !preflight
        && !chorus
        && resp
            .headers()
            .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
    {
        resp.headers_mut().insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("ETag, Retry-After"),
        );
    }
    resp
}

/// Cuts a JSON body in half (status 200): the malformed-reply fault.
async fn cut_in_half(resp: Response) -> Response {
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_json {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let half = bytes.slice(..bytes.len() / 2);
    parts.status = StatusCode::OK;
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::ETAG);
    Response::from_parts(parts, Body::from(half))
}

/// What a browser gets from the proxy when the backend does not answer (nginx's page).
pub(crate) fn proxy_502() -> Response {
    let mut r = (StatusCode::BAD_GATEWAY, PROXY_502).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
    r
}

/// Runs the request with the faults in force for its path.
async fn faulty(app: &Shared, path: &str, req: Request, next: Next) -> Response {
    let Some(f) = app.faults_for(path) else {
        return next.run(req).await;
    };
    if f.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(f.latency_ms)).await;
    }
    let (html, error, malformed) = {
        let mut rng = lock(&app.rng);
        let mut chance = |p: f64| p > 0.0 && rng.f64() < p;
        (
            chance(f.html_error_rate),
            chance(f.error_rate),
            chance(f.malformed_rate),
        )
    };
    if html {
        proxy_502()
    } else if error {
        ApiError::internal("injected fault: internal error (devserver --error-rate)")
            .into_response()
    } else if malformed {
        cut_in_half(next.run(req).await).await
    } else {
        next.run(req).await
    }
}

/// A `Host` on this machine: `127.x.x.x`, `localhost` or `[::1]`, any port.
fn loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((addr, rest)) if rest.is_empty() || rest.starts_with(':') => addr,
            _ => return false,
        },
        None => host.split(':').next().unwrap_or(""),
    };
    if name.eq_ignore_ascii_case("localhost") || name == "::1" {
        return true;
    }
    name.parse::<std::net::Ipv4Addr>()
        .is_ok_and(|ip| ip.octets()[0] == 127)
}

/// Around `/api/dev/*`: a loopback `Host` (403 otherwise: no DNS-rebound page may drive the dev
/// server) and, on everything but `GET`/`HEAD`, `Content-Type: application/json` (415 otherwise:
/// a cross-site form cannot send it without a CORS preflight).
pub(crate) async fn dev_guard(req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.to_string()));
    if !host.as_deref().is_some_and(loopback_host) {
        return ApiError::forbidden(
            "the dev-control API answers only requests for a loopback host (127.0.0.1, localhost, [::1])",
        )
        .into_response();
    }
    let json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"));
    if !matches!(*req.method(), Method::GET | Method::HEAD) && !json {
        return ApiError::invalid(
            "the dev-control API needs Content-Type: application/json on every request but GET and HEAD",
        )
        .with_status(StatusCode::UNSUPPORTED_MEDIA_TYPE)
        .into_response();
    }
    next.run(req).await
}

/// Paths the faults never touch: the dev API, the login, the fake identity provider.
fn fault_free(path: &str) -> bool {
    path == "/api/dev"
        || path.starts_with("/api/dev/")
        || path == LOGIN_PATH
        || path.starts_with("/api/fake-idp/")
}

/// Faults, the error spelling of the flavor, the request log and the log line.
/// The console's host when it is a name under `localhost` with a label of its own
/// (`app.localhost`, from `X-Forwarded-Host`, else `Host`; no port): the login cookie then gets
/// `Domain=<that host>`, so that the sessions' hosts under it (`s7.app.localhost`, one origin
/// per session: `streamBaseUrl` with `{session}`) get the login too, as CHORUS's configured
/// cookie domain does in a deployment. Browsers resolve every `*.localhost` to this machine; a
/// cookie for `localhost` itself reaches none of them.
pub(crate) fn localhost_cookie_domain(headers: &axum::http::HeaderMap) -> Option<String> {
    let host = headers
        .get("x-forwarded-host")
        .or_else(|| headers.get(header::HOST))?
        .to_str()
        .ok()?
        .split(',')
        .next()?
        .trim()
        .to_ascii_lowercase();
    let host = host.rsplit_once(':').map_or(host.as_str(), |(h, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            h
        } else {
            &host
        }
    });
    let name = host.strip_suffix(".localhost")?;
    let label = |l: &str| {
        !l.is_empty() && l.len() <= 63 && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    name.split('.').all(label).then(|| host.to_string())
}

/// Adds `Domain=<domain>` to the reply's login cookie (`jwttoken`, set or cleared).
fn scope_login_cookie(resp: &mut Response, domain: &str) {
    let cookies: Vec<HeaderValue> = resp
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .cloned()
        .collect();
    if !cookies
        .iter()
        .any(|c| c.as_bytes().starts_with(b"jwttoken="))
    {
        return;
    }
    resp.headers_mut().remove(header::SET_COOKIE);
    for c in cookies {
        let scoped = c
            .to_str()
            .ok()
            .filter(|v| v.starts_with("jwttoken="))
            .and_then(|v| HeaderValue::from_str(&format!("{v}; Domain={domain}")).ok())
            .unwrap_or(c);
        resp.headers_mut().append(header::SET_COOKIE, scoped);
    }
}

pub(crate) async fn outer(State(app): State<Shared>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let if_none_match = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let is_api = path == "/api" || path.starts_with("/api/");
    let is_dev = path == "/api/dev" || path.starts_with("/api/dev/");
    let cookie_domain = localhost_cookie_domain(req.headers());
    // CHORUS checks permissions against the roles in the caller's token.
    let token_roles = if app.chorus() && is_api && !is_dev {
        let tokens = crate::extract::tokens_from(req.headers());
        app.store_raw().token_roles(&tokens)
    } else {
        None
    };
    let audit = if is_api && !is_dev {
        let tokens = crate::extract::tokens_from(req.headers());
        audit::ask(&app, &method, &path, &query, &tokens)
    } else {
        None
    };
    let stopped = if is_api && !is_dev {
        app.stopped()
    } else {
        None
    };
    let run = async {
        if is_api && !is_dev {
            // A paused backend (`POST /api/dev/pause`): the call waits until it goes on.
            app.held().await;
        }
        if let Some(why) = stopped {
            // A proxy in front of a backend that has exited.
            let mut r = proxy_502();
            r.headers_mut().insert(
                "x-devserver-stopped",
                HeaderValue::from_str(&why.replace(|c: char| !c.is_ascii_graphic(), " "))
                    .unwrap_or(HeaderValue::from_static("stopped")),
            );
            r
        } else if is_api && !fault_free(&path) {
            faulty(&app, &path, req, next).await
        } else {
            next.run(req).await
        }
    };
    let mut resp = match token_roles {
        Some(roles) => crate::policy::TOKEN_ROLES.scope(roles, run).await,
        None => run.await,
    };
    if app.chorus() && !is_dev {
        if let Some(e) = resp.extensions_mut().remove::<ApiError>() {
            // CHORUS names the path decoded (Go's `URL.Path`).
            resp = e.chorus_response(&crate::codec::percent_decode(&path));
        }
    }
    if let Some(ask) = audit {
        resp = audit::hook(&app, ask, resp).await;
    }
    let compliance = resp
        .extensions_mut()
        .remove::<crate::reply::ComplianceNote>()
        .map(|n| n.0);
    if let Some(domain) = cookie_domain {
        scope_login_cookie(&mut resp, &domain);
    }
    if !is_dev {
        let status = resp.status().as_u16();
        if is_api {
            lock(&app.log).push(LogEntry {
                seq: 0,
                method: method.to_string(),
                path: path.clone(),
                query,
                status,
                if_none_match,
                compliance,
                at: SystemTime::now(),
            });
        }
        if !app.config.quiet {
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            // Never println!: a closed stdout must not take the server down.
            use std::io::Write;
            let _ = writeln!(
                std::io::stdout().lock(),
                "{method} {path} {status} {ms:.1}ms"
            );
        }
    }
    resp
}
