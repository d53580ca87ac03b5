//! The audit hook: CHORUS's `*-audit.go` middlewares. It writes an entry of the audit log
//! (`store/audit.rs`; the lists are `routes/audit/`) for every write the API answers.
//!
//! [`ask`] takes what the hook needs before the request runs, [`hook`] maps the request's
//! method and path to CHORUS's action (`pkg/audit/model/actions.go`, in [`actions`]), takes the
//! actor from the login the request carried (a login's from the token it issued), the ids from
//! the path and, for a create, from the reply's body, and the `complianceMessage` of a file
//! call. Like CHORUS it records writes that succeeded and writes that failed (with
//! `error_message` and `grpc_status_code`), never a failed login, and reads only through the
//! audit lists' own failures (not recorded here).

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::Method;
use axum::response::Response;
use serde_json::Value;

use crate::extract::Params;
use crate::state::Shared;
use crate::store::audit::NewEntry;
use crate::wire::V1;

mod actions;
use actions::{classify, describe};

/// What the hook needs of the request, taken before it runs.
pub(crate) struct Ask {
    pub method: Method,
    pub path: String,
    pub query: String,
    /// The caller (before a logout forgets its token).
    pub actor: Option<(u64, String)>,
}

/// The request as the hook sees it, if it is a write it records.
pub(crate) fn ask(
    app: &Shared,
    method: &Method,
    path: &str,
    query: &str,
    tokens: &[String],
) -> Option<Ask> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return None;
    }
    path.strip_prefix(V1)?;
    let actor = {
        let st = app.store_raw();
        tokens
            .iter()
            .find_map(|t| st.valid_token(t))
            .map(|i| (i.user_id, i.username.clone()))
    };
    Some(Ask {
        method: method.clone(),
        path: path.to_string(),
        query: query.to_string(),
        actor,
    })
}

/// Records the entry of a write the API answered (called by `mw::outer` with what [`ask`] took
/// before the request ran); gives the reply back unchanged.
pub(crate) async fn hook(app: &Shared, ask: Ask, resp: Response) -> Response {
    let Some(rest) = ask.path.strip_prefix(V1) else {
        return resp;
    };
    let Some(mut c) = classify(&ask.method, rest) else {
        return resp;
    };
    let ok = resp.status().is_success();
    if c.action == "LoginUser" && !ok {
        // CHORUS: "No audit on failure to prevent DDOS".
        return resp;
    }
    // The reply's body when the entry needs it (a create's id, an error's words): small JSON.
    let wants_body = !ok || c.created.is_some() || c.action == "LoginUser";
    let (resp, body) = if wants_body {
        let (parts, b) = resp.into_parts();
        match axum::body::to_bytes(b, 4 << 20).await {
            Ok(bytes) => {
                let v: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
                (Response::from_parts(parts, Body::from(bytes)), v)
            }
            Err(_) => (Response::from_parts(parts, Body::empty()), Value::Null),
        }
    } else {
        (resp, Value::Null)
    };
    let mut actor = ask.actor.clone();
    if c.action == "LoginUser" {
        let token = body["result"]["token"].as_str().unwrap_or("");
        let st = app.store_raw();
        actor = st
            .valid_token(token)
            .map(|i| (i.user_id, i.username.clone()));
        if let Some((_, name)) = &actor {
            c.details.push(("username", name.clone()));
        }
    }
    let Some((actor_id, actor_username)) = actor else {
        return resp;
    };
    if matches!(
        c.action,
        "ChangeUserPassword" | "EnableUserTotp" | "ResetUserTotp" | "AcceptTermsOfUse"
    ) {
        c.user = actor_id;
    }
    let id_of = |v: &Value| -> u64 {
        match v {
            Value::String(s) => s.parse().unwrap_or(0),
            Value::Number(n) => n.as_u64().unwrap_or(0),
            _ => 0,
        }
    };
    let mut subject = String::new();
    if let (true, Some(key)) = (ok, c.created) {
        let rec = &body["result"][key];
        let id = id_of(&rec["id"]);
        match key {
            "workspace" => c.workspace = id,
            "workbench" => {
                c.workbench = id;
                c.workspace = id_of(&rec["workspaceId"]);
            }
            "appInstance" => {
                c.workbench = id_of(&rec["workbenchId"]);
                c.workspace = id_of(&rec["workspaceId"]);
            }
            "user" => c.user = id,
            "approvalRequest" => {
                c.details.push(("request_id", id.to_string()));
                let src = &rec["dataExtraction"]["sourceWorkspaceId"];
                let src = if src.is_null() {
                    &rec["dataTransfer"]["sourceWorkspaceId"]
                } else {
                    src
                };
                c.workspace = id_of(src);
            }
            "file" => {
                if let Some(path) = rec["path"].as_str() {
                    c.details.push(("path", path.to_string()));
                }
            }
            "workspaceServiceInstance" => {
                c.workspace = id_of(&rec["workspaceId"]);
                c.details.push(("service_instance_id", id.to_string()));
            }
            "termsOfUseAcceptance" => {
                c.details
                    .push(("version_id", id_of(&rec["termsOfUseVersionId"]).to_string()));
            }
            _ => {}
        }
        if id != 0 && !matches!(key, "termsOfUseAcceptance" | "file") {
            subject = format!(" {id}");
        }
    }
    if c.workbench != 0 && c.workspace == 0 {
        let st = app.store_raw();
        c.workspace = st
            .workbenches
            .get(&c.workbench)
            .map(|w| w.workspace_id)
            .unwrap_or(0);
    }
    let path = c
        .details
        .iter()
        .find(|(k, _)| *k == "path" || *k == "old_path")
        .map(|(_, v)| v.clone());
    if let (true, Some(path)) = (subject.is_empty(), path) {
        subject = format!(" {path} in workspace {}", c.workspace);
    }
    if subject.is_empty() {
        for id in [c.workbench, c.workspace, c.user] {
            if id != 0 {
                subject = format!(" {id}");
                break;
            }
        }
    }
    if c.what.is_empty() {
        c.what = describe(c.action, ok, &subject);
    }
    let mut details: BTreeMap<String, String> = c
        .details
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    if c.workspace != 0 {
        details.insert("workspace_id".into(), c.workspace.to_string());
    }
    if let Some(m) = Params::parse(Some(&ask.query))
        .get("complianceMessage")
        .filter(|m| !m.is_empty())
    {
        if matches!(c.action, "CreateFile" | "InitiateFileUpload") {
            details.insert("compliance".into(), m.to_string());
        }
    }
    if !ok {
        let message = body["message"].as_str().unwrap_or("").to_string();
        details.insert("error_message".into(), message);
        let grpc = body["code"].as_i64().unwrap_or(0);
        details.insert("grpc_status_code".into(), grpc.to_string());
    }
    let mut st = app.store_raw();
    let correlation_id = st.uuid();
    st.audit.record(NewEntry {
        actor_id,
        actor_username,
        correlation_id,
        action: c.action.to_string(),
        workspace_id: c.workspace,
        workbench_id: c.workbench,
        user_id: c.user,
        description: c.what,
        details,
        created_at: None,
    });
    resp
}
