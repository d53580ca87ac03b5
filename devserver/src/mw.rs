//! The one middleware around everything: CORS, fault injection, the request log, the
//! per-request log line.

use std::time::{Duration, Instant, SystemTime};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::{lock, LogEntry, Shared, LOGIN_PATH};

const PROXY_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

fn add_cors(resp: &mut Response, origin: &str) {
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(origin) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
    }
    h.insert(
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("ETag, Retry-After"),
    );
    h.append(header::VARY, HeaderValue::from_static("Origin"));
}

fn preflight() -> Response {
    let mut resp = StatusCode::NO_CONTENT.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, PUT, DELETE, OPTIONS"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Content-Type, Authorization, If-None-Match, Last-Event-ID"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
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

pub async fn outer(State(app): State<Shared>, req: Request, next: Next) -> Response {
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
    let cors_origin = match (&app.config.cors_origin, req.headers().get(header::ORIGIN)) {
        (Some(allowed), Some(o)) if o.as_bytes() == allowed.as_bytes() => Some(allowed.clone()),
        _ => None,
    };

    if let (Some(origin), true) = (&cors_origin, method == Method::OPTIONS) {
        let mut r = preflight();
        add_cors(&mut r, origin);
        return r;
    }
    let faults = if is_api && !is_dev && path != LOGIN_PATH {
        app.faults_for(&path)
    } else {
        None
    };
    let mut resp = {
        match faults {
            None => next.run(req).await,
            Some(f) => {
                if f.latency_ms > 0 {
                    tokio::time::sleep(Duration::from_millis(f.latency_ms)).await;
                }
                let (html, error, malformed) = {
                    let mut rng = lock(&app.rng);
                    (
                        rng.chance(f.html_error_rate),
                        rng.chance(f.error_rate),
                        rng.chance(f.malformed_rate),
                    )
                };
                if html {
                    let mut r = (StatusCode::BAD_GATEWAY, PROXY_502).into_response();
                    r.headers_mut()
                        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
                    r
                } else if error {
                    ApiError::internal("injected fault: internal error (devserver --error-rate)")
                        .into_response()
                } else if malformed {
                    cut_in_half(next.run(req).await).await
                } else {
                    next.run(req).await
                }
            }
        }
    };
    if let Some(origin) = &cors_origin {
        add_cors(&mut resp, origin);
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
