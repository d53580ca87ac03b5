//! The session and app "stream" pages: what the iframes of the console load.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::ApiResult;
use crate::extract::{Caller, Id};
use crate::state::Shared;

use super::apps::instance_for;
use super::workbenches::workbench_for;

/// Escapes text for HTML.
pub(crate) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

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

pub(crate) fn page(title: &str, class: &str, body: &str, status_line: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head>\
         <body class=\"{class}\"><main>{body}</main>\
         <div class=\"bar\"><span><span class=\"dot\"></span>{status_line}</span>\
         <span>devserver</span></div></body></html>",
    )
}

pub(crate) fn html(status: StatusCode, body: String) -> Response {
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

/// CHORUS's proxy when the desktop server does not answer yet.
fn bad_gateway() -> Response {
    let mut resp = (
        StatusCode::BAD_GATEWAY,
        "502 Bad Gateway: the session's desktop server does not answer yet\n",
    )
        .into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    resp
}

/// `GET …/workbenches/{id}/stream/`: the session's "desktop" once the desktop server answers
/// (`k8sStatus` `Running` and `serverPodStatus` `Ready`); until then 503 with a page saying so
/// (ours), or the proxy's bare 502 (CHORUS).
pub(crate) async fn workbench_stream(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    let st = app.store();
    let wb = workbench_for(&st, uid, &id, "streamWorkbench")?;
    let wid = wb.id;
    let name = html_escape(&wb.name);
    let message = html_escape(&wb.server_pod_message);
    if wb.k8s_status != "Running" || wb.server_pod_status != "Ready" {
        if app.chorus() {
            return Ok(bad_gateway());
        }
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
pub(crate) async fn instance_stream(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    let st = app.store();
    let inst = instance_for(&st, uid, &id, "streamWorkbench")?;
    let iid = inst.id;
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
