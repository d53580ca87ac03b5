//! The session and app "stream" pages: what the iframes of the console load.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::ApiResult;
use crate::extract::{Caller, Id};
use crate::state::Shared;

use super::html::{html, html_escape, page};
use super::lookup::{instance_for, workbench_for};

/// CHORUS's proxy when the desktop server does not answer yet (the body a running CHORUS
/// 0978bc77 gave, 2026-11-23, its cluster off: the address is the pod's on a real one).
fn bad_gateway() -> Response {
    let mut resp = (
        StatusCode::BAD_GATEWAY,
        "Proxy Error: dial tcp 127.0.0.1:0: connect: connection refused\n",
    )
        .into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    resp
}

/// How many desktop pages were served: each page shows its number, so that a test tells a page
/// loaded again from one kept.
static DESKTOPS_SERVED: AtomicU64 = AtomicU64::new(0);

/// The query parameters a desktop page was given (the Xpra client's settings, api.md "The
/// desktop's parameters"), shown on the page: `<dd data-testid="stream-param-<name>">`.
fn shown_params(query: Option<&str>) -> String {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .take(40)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if pairs.is_empty() {
        return "<p data-testid=\"stream-params\">No parameters</p>".to_owned();
    }
    let items: String = pairs
        .iter()
        .map(|(k, v)| {
            let k = html_escape(k);
            format!(
                "<dt>{k}</dt><dd data-testid=\"stream-param-{k}\">{}</dd>",
                html_escape(v)
            )
        })
        .collect();
    format!("<dl class=\"params\" data-testid=\"stream-params\">{items}</dl>")
}

/// `GET …/workbenches/{id}/stream/`: the session's "desktop" once the desktop server answers
/// (`k8sStatus` `Running` and `serverPodStatus` `Ready`); until then 503 with a page saying so
/// (ours), or the proxy's bare 502 (CHORUS). It shows the parameters it was given and its load
/// number (both flavors).
pub(crate) async fn workbench_stream(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
    RawQuery(query): RawQuery,
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
         <dt>Pod</dt><dd>{pod}</dd>\
         <dt>Load</dt><dd data-testid=\"stream-load\">{load}</dd></dl>{params}",
        ws = wb.workspace_id,
        w = wb.width,
        h = wb.height,
        pod = html_escape(&wb.runner_pod_name),
        load = DESKTOPS_SERVED.fetch_add(1, Ordering::Relaxed) + 1,
        params = shown_params(query.as_deref()),
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
