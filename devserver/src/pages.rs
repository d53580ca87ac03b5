//! HTML: the session and app "stream" pages, static files (`--static`), `/config.json`, and
//! the fallbacks.

use std::path::{Component, Path, PathBuf};

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, ApiResult};
use crate::http_util::{html_escape, json_response, parse_id, tokens_from, Id};
use crate::perms::Target;
use crate::{lock, Shared};

const STYLE: &str = "\
*{box-sizing:border-box}\
html,body{margin:0;height:100%}\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#e8ecf4;\
background:radial-gradient(circle at 20% 20%,#2b4a7a 0,#16233d 45%,#0b1120 100%);\
display:flex;flex-direction:column}\
main{flex:1;display:flex;flex-direction:column;align-items:center;justify-content:center;\
padding:2rem;text-align:center}\
h1{font-size:clamp(2rem,6vw,4.5rem);margin:0 0 .5rem;line-height:1.1;word-break:break-word}\
.id{font-size:1.4rem;opacity:.85;margin:0 0 1.5rem}\
dl{display:grid;grid-template-columns:auto auto;gap:.3rem 1rem;margin:0;opacity:.8;text-align:left}\
dt{font-weight:600}dd{margin:0}\
.bar{height:2.2rem;background:rgba(0,0,0,.45);display:flex;align-items:center;\
justify-content:space-between;padding:0 1rem;font-size:.9rem}\
.dot{display:inline-block;width:.6rem;height:.6rem;border-radius:50%;background:#3ddc84;\
margin-right:.4rem}\
.wait .dot{background:#f5b942}\
";

fn page(title: &str, class: &str, body: &str, status_line: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head>\
         <body class=\"{class}\"><main>{body}</main>\
         <div class=\"bar\"><span><span class=\"dot\"></span>{status_line}</span>\
         <span>devserver</span></div></body></html>",
    )
}

fn html(status: StatusCode, body: String) -> Response {
    let mut resp = (status, body).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // Nothing on these pages may run or load anything.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
    );
    if status == StatusCode::SERVICE_UNAVAILABLE {
        h.insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
    }
    resp
}

/// `GET …/workbenches/{id}/stream/`: 503 until the session runs, then its "desktop".
pub async fn workbench_stream(
    State(app): State<Shared>,
    headers: HeaderMap,
    Id(id): Id,
) -> ApiResult<Response> {
    let st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    let wid = parse_id("workbench", &id)?;
    let wb = st
        .workbenches
        .get(&wid)
        .ok_or_else(|| ApiError::not_found("workbench", &id))?;
    st.require(
        uid,
        "streamWorkbench",
        &Target::workbench(wb.workspace_id, wb.id),
    )?;
    let name = html_escape(&wb.name);
    let message = html_escape(&wb.server_pod_message);
    if wb.k8s_status != "Running" {
        let heading = if matches!(wb.phase, "Failed" | "Stopped" | "Stopping") {
            "Session is not running"
        } else {
            "Session is starting"
        };
        let body = format!(
            "<h1>{heading}</h1><p class=\"id\" data-testid=\"stream-session\">{name} (session {wid})</p>\
             <p>{message}</p>"
        );
        return Ok(html(
            StatusCode::SERVICE_UNAVAILABLE,
            page(heading, "wait", &body, heading),
        ));
    }
    let body = format!(
        "<h1 data-testid=\"stream-title\" data-session-id=\"{wid}\">{name}</h1>\
         <p class=\"id\">Session {wid} · remote desktop</p>\
         <dl><dt>Workspace</dt><dd>{ws}</dd>\
         <dt>Resolution</dt><dd>{w}×{h}</dd>\
         <dt>Pod</dt><dd>{pod}</dd></dl>",
        ws = wb.workspace_id,
        w = wb.width,
        h = wb.height,
        pod = html_escape(&wb.runner_pod_name),
    );
    Ok(html(
        StatusCode::OK,
        page(
            &format!("Session {name}"),
            "",
            &body,
            &format!("Connected to {name}"),
        ),
    ))
}

/// `GET …/app-instances/{id}/stream/`: 503 until the app runs, then its page.
pub async fn instance_stream(
    State(app): State<Shared>,
    headers: HeaderMap,
    Id(id): Id,
) -> ApiResult<Response> {
    let st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    let iid = parse_id("app instance", &id)?;
    let inst = st
        .instances
        .get(&iid)
        .ok_or_else(|| ApiError::not_found("app instance", &id))?;
    st.require(
        uid,
        "streamWorkbench",
        &Target::workbench(inst.workspace_id, inst.workbench_id),
    )?;
    let app_name = html_escape(&inst.app_name);
    let session = st
        .workbenches
        .get(&inst.workbench_id)
        .map(|w| html_escape(&w.name))
        .unwrap_or_default();
    let wbid = inst.workbench_id;
    if inst.k8s_status != "Running" {
        let heading = if inst.k8s_status == "Failed" {
            "App failed to start"
        } else {
            "App is starting"
        };
        let body = format!(
            "<h1>{heading}</h1><p class=\"id\">{app_name} (app instance {iid})</p><p>{}</p>",
            html_escape(&inst.k8s_message)
        );
        return Ok(html(
            StatusCode::SERVICE_UNAVAILABLE,
            page(heading, "wait", &body, heading),
        ));
    }
    let body = format!(
        "<h1 data-testid=\"stream-title\" data-app-instance-id=\"{iid}\">{app_name}</h1>\
         <p class=\"id\">App instance {iid} · in session {session} ({wbid})</p>"
    );
    Ok(html(
        StatusCode::OK,
        page(
            &format!("{app_name} — {session}"),
            "",
            &body,
            &format!("{app_name} running"),
        ),
    ))
}

/// `/config.json`: the dev override, else the file of `--static`, else 404.
pub async fn config_json(State(app): State<Shared>) -> Response {
    if let Some(v) = lock(&app.config_override).clone() {
        return json_response(StatusCode::OK, &v);
    }
    if let Some(dir) = &app.config.static_dir {
        if let Ok(bytes) = tokio::fs::read(dir.join("config.json")).await {
            return file_response(bytes, "application/json");
        }
    }
    (StatusCode::NOT_FOUND, "no config.json").into_response()
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("ico") => "image/x-icon",
        Some("webp") => "image/webp",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("ttf") => "font/ttf",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn file_response(bytes: Vec<u8>, ctype: &'static str) -> Response {
    let mut resp = (StatusCode::OK, bytes).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The file under `dir` a URL path names, refusing anything that would leave `dir`.
pub fn safe_join(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let mut out = dir.to_path_buf();
    for part in decoded.split('/') {
        if part.is_empty() || part == "." {
            continue;
        }
        let p = Path::new(part);
        let mut comps = p.components();
        match (comps.next(), comps.next()) {
            (Some(Component::Normal(c)), None) if !part.contains('\\') && !part.contains('\0') => {
                out.push(c)
            }
            _ => return None,
        }
    }
    Some(out)
}

async fn serve_static(dir: &Path, path: &str) -> Response {
    if let Some(p) = safe_join(dir, path) {
        let p = match tokio::fs::metadata(&p).await {
            Ok(m) if m.is_dir() => p.join("index.html"),
            _ => p,
        };
        if let Ok(bytes) = tokio::fs::read(&p).await {
            return file_response(bytes, content_type(&p));
        }
    }
    match tokio::fs::read(dir.join("index.html")).await {
        Ok(bytes) => file_response(bytes, "text/html; charset=utf-8"),
        Err(_) => (
            StatusCode::NOT_FOUND,
            "not found (and no index.html in --static)",
        )
            .into_response(),
    }
}

/// Unknown paths: a JSON 404 under `/api`, the static files (with `index.html` for deep links)
/// elsewhere.
pub async fn fallback(State(app): State<Shared>, method: Method, uri: Uri) -> Response {
    let path = uri.path();
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::new(
            crate::error::Code::NotFound,
            format!("no such endpoint: {method} {path}"),
        )
        .into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return ApiError::invalid(format!("{method} is not allowed here"))
            .with_status(StatusCode::METHOD_NOT_ALLOWED)
            .into_response();
    }
    match &app.config.static_dir {
        Some(dir) => serve_static(dir, path).await,
        None => html(
            StatusCode::NOT_FOUND,
            page(
                "devserver",
                "wait",
                "<h1>devserver</h1><p>This server answers <code>/api</code> only: start it with \
                 <code>--static dist</code> to serve the console.</p>",
                "API only",
            ),
        ),
    }
}

pub async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    ApiError::invalid(format!("{method} is not allowed on {}", uri.path()))
        .with_status(StatusCode::METHOD_NOT_ALLOWED)
        .into_response()
}
