//! CHORUS's audit service (api.md "Audit service"), both flavors: the five list routes, the hook
//! that writes an entry for every write the API answers (as CHORUS's `*-audit.go` middlewares
//! do), and the dev routes. The entries live in `store/audit.rs`.
//!
//! The hook ([`hook`], called by `mw::outer`) maps a request's method and path to CHORUS's
//! action (`pkg/audit/model/actions.go`), takes the actor from the login the request carried (a
//! login's from the token it issued), the ids from the path and, for a create, from the reply's
//! body, and the `complianceMessage` of a file call. Like CHORUS it records writes that
//! succeeded and writes that failed (with `error_message` and `grpc_status_code`), never a
//! failed login, and reads only through the audit lists' own failures (not recorded here).

use std::collections::BTreeMap;
use std::time::SystemTime;

use axum::body::Body;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ApiError, ApiResult, Code, FieldError};
use crate::extract::{BodySpec, Caller, Id, JsonBody, OptId, Params};
use crate::perms::Target;
use crate::reply::{self, Envelope, Keyed, Pagination, Sort};
use crate::state::{AppState, Shared};
use crate::store::audit::{Entry, Filter, NewEntry};
use crate::wire::{rfc3339, rfc3339_db};

/// CHORUS's page size when a page is asked without a limit (or with one above 100).
pub(crate) const DEFAULT_LIMIT: usize = 20;
pub(crate) const MAX_LIMIT: usize = 100;

// ----- shared with routes/terms.rs and routes/approvals.rs ------------------------------------------------------------

/// A query parameter's error: grpc-gateway's bare 400 (CHORUS) or ours naming it.
pub(crate) fn param_error(app: &Shared, key: &str, gateway: String, ours: &str) -> ApiError {
    if app.chorus() {
        ApiError::gateway(Code::InvalidRequest, StatusCode::BAD_REQUEST, 3, gateway)
    } else {
        ApiError::validation(vec![FieldError::new(key, ours)])
    }
}

/// An id filter (`0` or absent: none).
pub(crate) fn id_param(app: &Shared, params: &Params, key: &str) -> ApiResult<u64> {
    match params.get(key).map(str::trim) {
        None | Some("") => Ok(0),
        Some(v) => v.parse().map_err(|_| {
            param_error(
                app,
                key,
                format!(
                    "parsing field \"{key}\": strconv.ParseUint: parsing \"{v}\": invalid syntax"
                ),
                "must be an id",
            )
        }),
    }
}

/// A count (`pagination.offset`, `pagination.limit`); `None` when absent.
pub(crate) fn count_param(app: &Shared, params: &Params, key: &str) -> ApiResult<Option<usize>> {
    match params.get(key).map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| {
            param_error(
                app,
                key,
                format!("parsing field \"{key}\": strconv.ParseUint: invalid syntax"),
                "must be a whole number, 0 or more",
            )
        }),
    }
}

/// A page as CHORUS's `BuildPaginationClause` makes it: no parameters, every row (the reply's
/// `limit` 0); a limit of 0 or above 100 is 20.
pub(crate) struct Page {
    pub offset: usize,
    pub limit: usize,
    pub paged: bool,
    pub descending: bool,
    pub sort_type: Option<String>,
}

impl Page {
    pub fn of(app: &Shared, params: &Params) -> ApiResult<Page> {
        let offset = count_param(app, params, "pagination.offset")?;
        let limit = count_param(app, params, "pagination.limit")?;
        let ask = params.sort_ask(app.config.flavor)?;
        let paged = offset.is_some() || limit.is_some();
        let limit = match limit {
            _ if !paged => 0,
            Some(l) if (1..=MAX_LIMIT).contains(&l) => l,
            _ => DEFAULT_LIMIT,
        };
        Ok(Page {
            offset: offset.unwrap_or(0),
            limit,
            paged,
            descending: ask.as_ref().is_some_and(|a| a.descending),
            sort_type: ask.map(|a| a.kind.to_ascii_lowercase()),
        })
    }

    /// `{"result":{key:[…]},"pagination":{…,"sort":{"order","type"}}}` of `rows` (already in
    /// order), `column` the sort column used.
    pub fn reply<T: Serialize>(&self, key: &str, rows: Vec<T>, column: &str) -> Response {
        let total = rows.len();
        let page: Vec<T> = rows
            .into_iter()
            .skip(self.offset)
            .take(if self.paged { self.limit } else { usize::MAX })
            .collect();
        reply::ok(&Envelope {
            result: Keyed(key, page),
            pagination: Some(Pagination {
                total,
                offset: self.offset,
                limit: self.limit,
                sort: Some(Sort {
                    order: if self.descending { "DESC" } else { "ASC" }.into(),
                    kind: column.into(),
                }),
            }),
        })
    }
}

/// A time as the flavor spells it.
pub(crate) fn stamp(app: &AppState, t: SystemTime) -> String {
    if app.chorus() {
        rfc3339_db(t)
    } else {
        rfc3339(t)
    }
}

// ----- the lists ------------------------------------------------------------------------------

/// `AuditEntry` as protojson writes it: ids as strings, the optional ids left out when unset
/// (CHORUS: protojson omits an unset `optional`) or `null` (ours).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EntryOut {
    id: String,
    actor_id: String,
    actor_username: String,
    correlation_id: String,
    action: String,
    #[serde(skip_serializing_if = "Unset::skip")]
    workspace_id: Unset,
    #[serde(skip_serializing_if = "Unset::skip")]
    workbench_id: Unset,
    #[serde(skip_serializing_if = "Unset::skip")]
    user_id: Unset,
    description: String,
    details: BTreeMap<String, String>,
    created_at: String,
}

/// An optional id: a string, `null`, or left out.
enum Unset {
    Id(u64),
    Null,
    Absent,
}

impl Unset {
    fn of(chorus: bool, id: u64) -> Unset {
        match (id, chorus) {
            (0, true) => Unset::Absent,
            (0, false) => Unset::Null,
            (n, _) => Unset::Id(n),
        }
    }

    fn skip(&self) -> bool {
        matches!(self, Unset::Absent)
    }
}

impl Serialize for Unset {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Unset::Id(n) => s.serialize_str(&n.to_string()),
            _ => s.serialize_none(),
        }
    }
}

fn out(app: &AppState, e: &Entry) -> EntryOut {
    let chorus = app.chorus();
    EntryOut {
        id: e.id.to_string(),
        actor_id: e.actor_id.to_string(),
        actor_username: e.actor_username.clone(),
        correlation_id: e.correlation_id.clone(),
        action: e.action.clone(),
        workspace_id: Unset::of(chorus, e.workspace_id),
        workbench_id: Unset::of(chorus, e.workbench_id),
        user_id: Unset::of(chorus, e.user_id),
        description: e.description.clone(),
        details: e.details.clone(),
        created_at: stamp(app, e.created_at),
    }
}

/// A `filter.fromTime`/`toTime`: RFC 3339; another is `400 invalid filter: …`.
fn time_param(params: &Params, key: &str, name: &str) -> ApiResult<Option<SystemTime>> {
    match params.get(key).map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc3339)
            .map(|t| Some(SystemTime::from(t)))
            .map_err(|e| {
                // A running CHORUS (0978bc77): grpc-gateway refuses it before the service, bare.
                ApiError::invalid(format!(
                    "invalid filter: unable to convert {name} timestamp: {v}: {e}"
                ))
                .chorus_bare(&format!(
                    "parsing field \"{name}\": parsing time \"{v}\" as \"2006-01-02T15:04:05.999999999Z07:00\": cannot parse \"{v}\" as \"2006\""
                ))
            }),
    }
}

/// The `filter.*` parameters.
fn filter_of(app: &Shared, params: &Params) -> ApiResult<Filter> {
    Ok(Filter {
        actor_id: id_param(app, params, "filter.actorId")?,
        workspace_id: id_param(app, params, "filter.workspaceId")?,
        workbench_id: id_param(app, params, "filter.workbenchId")?,
        user_id: id_param(app, params, "filter.userId")?,
        action: params
            .get("filter.action")
            .map(str::trim)
            .unwrap_or("")
            .to_string(),
        from: time_param(params, "filter.fromTime", "fromTime")?,
        to: time_param(params, "filter.toTime", "toTime")?,
    })
}

/// The reply of a list: the entries `filter` selects, by `createdat` (the only sort type CHORUS
/// takes; another is ignored), ascending unless `desc` (then newest first), ties by id.
fn list_reply(app: &Shared, params: &Params, filter: &Filter) -> ApiResult<Response> {
    let page = Page::of(app, params)?;
    let st = app.store();
    let mut rows: Vec<&Entry> = st.audit.select(filter);
    rows.sort_by(|a, b| {
        let o = a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id));
        if page.descending {
            o.reverse()
        } else {
            o
        }
    });
    let column = match page.sort_type.as_deref() {
        Some("createdat") => "createdat",
        _ => "",
    };
    let rows: Vec<EntryOut> = rows.into_iter().map(|e| out(app, e)).collect();
    Ok(page.reply("entries", rows, column))
}

/// Parses the filter before the permission (CHORUS's middleware reads the request first only
/// for its path; grpc-gateway parses the query before anything).
pub(crate) async fn platform(
    State(app): State<Shared>,
    Caller(uid): Caller,
    params: Params,
) -> ApiResult<Response> {
    let filter = filter_of(&app, &params)?;
    app.store().require(uid, "auditPlatform", &Target::none())?;
    list_reply(&app, &params, &filter)
}

pub(crate) async fn workspace(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
    params: Params,
) -> ApiResult<Response> {
    let ws = id.num("workspace")?;
    let mut filter = filter_of(&app, &params)?;
    app.store()
        .require(uid, "auditWorkspace", &Target::workspace(ws))?;
    filter.workspace_id = ws;
    list_reply(&app, &params, &filter)
}

/// The target of `auditWorkbench` on session `wb`: CHORUS names the session only; ours its
/// workspace too (the session's, else the one its entries name, else none: `0`).
fn workbench_target(app: &Shared, wb: u64) -> Target {
    if app.chorus() {
        return Target {
            workbench: Some(wb),
            ..Target::default()
        };
    }
    let st = app.store_raw();
    let ws = st
        .workbenches
        .get(&wb)
        .map(|w| w.workspace_id)
        .or_else(|| {
            st.audit
                .entries
                .iter()
                .find(|e| e.workbench_id == wb && e.workspace_id != 0)
                .map(|e| e.workspace_id)
        })
        .unwrap_or(0);
    Target::workbench(ws, wb)
}

pub(crate) async fn workbench(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
    params: Params,
) -> ApiResult<Response> {
    let wb = id.num("workbench")?;
    let mut filter = filter_of(&app, &params)?;
    let target = workbench_target(&app, wb);
    app.store().require(uid, "auditWorkbench", &target)?;
    filter.workbench_id = wb;
    list_reply(&app, &params, &filter)
}

/// Ours: `auditUser` is every logged-in user's (the implicit `Authenticated`), so on another
/// user it takes `auditPlatform` (CHORUS binds it to the caller's own id).
fn require_audit_user(app: &Shared, uid: u64, user: u64) -> ApiResult<()> {
    let st = app.store();
    if app.chorus() || user == uid {
        st.require(uid, "auditUser", &Target::user(user))
    } else {
        st.require(uid, "auditPlatform", &Target::none())
    }
}

/// `GET /audit/users/{id}`: entries whose target user is `id`.
pub(crate) async fn user(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
    params: Params,
) -> ApiResult<Response> {
    let target = id.num("user")?;
    let mut filter = filter_of(&app, &params)?;
    if filter.workspace_id != 0 {
        app.store().require(
            uid,
            "auditWorkspace",
            &Target::workspace(filter.workspace_id),
        )?;
    } else if filter.workbench_id != 0 {
        let t = workbench_target(&app, filter.workbench_id);
        app.store().require(uid, "auditWorkbench", &t)?;
    } else {
        require_audit_user(&app, uid, target)?;
    }
    filter.user_id = target;
    list_reply(&app, &params, &filter)
}

/// `GET /audit/actors/{id}`: what `id` did.
pub(crate) async fn actor(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
    params: Params,
) -> ApiResult<Response> {
    let actor = id.num("user")?;
    let mut filter = filter_of(&app, &params)?;
    require_audit_user(&app, uid, actor)?;
    filter.actor_id = actor;
    list_reply(&app, &params, &filter)
}

/// The routes of the audit service.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route(&super::v1("/audit"), get(platform))
        .route(&super::v1("/audit/workspaces/{id}"), get(workspace))
        .route(&super::v1("/audit/workbenches/{id}"), get(workbench))
        .route(&super::v1("/audit/users/{id}"), get(user))
        .route(&super::v1("/audit/actors/{id}"), get(actor))
}

// ----- the hook -------------------------------------------------------------------------------

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
    path.strip_prefix(super::V1)?;
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

/// A number of a path segment (`0` when it is not one).
fn num(s: &str) -> u64 {
    s.parse().unwrap_or(0)
}

/// What an entry says: CHORUS's action, the ids it names, a description.
struct Classified {
    action: &'static str,
    workspace: u64,
    workbench: u64,
    user: u64,
    /// What it did (`""`: the hook words it from the action).
    what: String,
    details: Vec<(&'static str, String)>,
    /// Which id of the reply's body the entry names (`result.<key>.id`).
    created: Option<&'static str>,
}

fn classify(method: &Method, rest: &str) -> Option<Classified> {
    let seg: Vec<&str> = rest.trim_matches('/').split('/').collect();
    let c = |action: &'static str, workspace: u64, workbench: u64, user: u64| Classified {
        action,
        workspace,
        workbench,
        user,
        what: String::new(),
        details: Vec::new(),
        created: None,
    };
    let m = method.as_str();
    let out = match (m, seg.as_slice()) {
        ("POST", ["authentication", "login"]) => c("LoginUser", 0, 0, 0),
        ("POST", ["authentication", "logout"]) => c("LogoutUser", 0, 0, 0),
        ("POST", ["workspaces"]) => Classified {
            created: Some("workspace"),
            ..c("CreateWorkspace", 0, 0, 0)
        },
        ("PUT", ["workspaces"]) => Classified {
            created: Some("workspace"),
            ..c("UpdateWorkspace", 0, 0, 0)
        },
        ("DELETE", ["workspaces", id]) => c("DeleteWorkspace", num(id), 0, 0),
        ("POST", ["workspaces", id, "user", user, "role"]) => {
            c("AddWorkspaceMember", num(id), 0, num(user))
        }
        ("DELETE", ["workspaces", id, "user", user, "role", role]) => Classified {
            details: vec![("role", role.to_string())],
            ..c("RemoveWorkspaceMember", num(id), 0, num(user))
        },
        ("DELETE", ["workspaces", id, "user", user]) => {
            c("RemoveWorkspaceMember", num(id), 0, num(user))
        }
        ("POST", ["workspaces", id, "file"]) => Classified {
            created: Some("file"),
            ..c("CreateFile", num(id), 0, 0)
        },
        ("POST", ["workspaces", id, "file", path @ ..]) if path.ends_with(&["upload"]) => {
            Classified {
                details: vec![("path", format!("/{}", path[..path.len() - 1].join("/")))],
                ..c("InitiateFileUpload", num(id), 0, 0)
            }
        }
        ("POST", ["workspaces", id, "file", path @ ..])
            if path.len() >= 3 && path.ends_with(&["complete"]) =>
        {
            Classified {
                details: vec![("path", format!("/{}", path[..path.len() - 3].join("/")))],
                ..c("CompleteFileUpload", num(id), 0, 0)
            }
        }
        ("PUT", ["workspaces", _, "file", path @ ..])
            if path.len() >= 2 && path[path.len() - 2] == "upload" =>
        {
            // A part: not audited by CHORUS.
            return None;
        }
        ("DELETE", ["workspaces", id, "file", path @ ..])
            if path.len() >= 2 && path[path.len() - 2] == "upload" =>
        {
            c("AbortFileUpload", num(id), 0, 0)
        }
        ("PUT", ["workspaces", id, "file", path @ ..]) => Classified {
            details: vec![("old_path", format!("/{}", path.join("/")))],
            ..c("UpdateFile", num(id), 0, 0)
        },
        ("DELETE", ["workspaces", id, "file", path @ ..]) => Classified {
            details: vec![("path", format!("/{}", path.join("/")))],
            ..c("DeleteFile", num(id), 0, 0)
        },
        ("POST", ["workbenches"]) => Classified {
            created: Some("workbench"),
            ..c("CreateWorkbench", 0, 0, 0)
        },
        ("DELETE", ["workbenches", id]) => c("DeleteWorkbench", 0, num(id), 0),
        ("POST", ["workbenches", id, "stop" | "start"]) => c("UpdateWorkbench", 0, num(id), 0),
        ("POST", ["workbenches", id, "user", user, "role"]) => {
            c("AddWorkbenchMember", 0, num(id), num(user))
        }
        ("DELETE", ["workbenches", id, "user", user]) => {
            c("RemoveWorkbenchMember", 0, num(id), num(user))
        }
        ("POST", ["app-instances"]) => Classified {
            created: Some("appInstance"),
            ..c("CreateAppInstance", 0, 0, 0)
        },
        ("DELETE", ["app-instances", _]) => c("DeleteAppInstance", 0, 0, 0),
        ("POST", ["users"]) => Classified {
            created: Some("user"),
            ..c("CreateUser", 0, 0, 0)
        },
        ("PUT", ["users"]) => Classified {
            created: Some("user"),
            ..c("UpdateUser", 0, 0, 0)
        },
        ("PUT", ["users", "me", "password"]) => c("ChangeUserPassword", 0, 0, 0),
        ("POST", ["users", "me", "totp", "enable"]) => c("EnableUserTotp", 0, 0, 0),
        ("POST", ["users", "me", "totp", "reset"]) => c("ResetUserTotp", 0, 0, 0),
        ("DELETE", ["users", id]) => c("DeleteUser", 0, 0, num(id)),
        ("POST", ["users", id, "role"]) => c("AssignUserRole", 0, 0, num(id)),
        ("DELETE", ["users", id, "role", _]) => c("RevokeUserRole", 0, 0, num(id)),
        ("POST", ["authorization", "roles"]) => c("CreateRole", 0, 0, 0),
        ("POST", ["approval-requests", "data-extraction"]) => Classified {
            created: Some("approvalRequest"),
            ..c("CreateDataExtractionRequest", 0, 0, 0)
        },
        ("POST", ["approval-requests", "data-transfer"]) => Classified {
            created: Some("approvalRequest"),
            ..c("CreateDataTransferRequest", 0, 0, 0)
        },
        ("POST", ["approval-requests", id, "approve"]) => Classified {
            details: vec![("request_id", id.to_string())],
            ..c("ApproveApprovalRequest", 0, 0, 0)
        },
        ("DELETE", ["approval-requests", id]) => Classified {
            details: vec![("request_id", id.to_string())],
            ..c("DeleteApprovalRequest", 0, 0, 0)
        },
        ("POST", ["terms-of-use", "versions"]) => Classified {
            created: Some("termsOfUseVersion"),
            ..c("CreateTermsOfUseVersion", 0, 0, 0)
        },
        ("PUT", ["terms-of-use", "versions", id]) => Classified {
            details: vec![("version_id", id.to_string())],
            ..c("UpdateTermsOfUseVersion", 0, 0, 0)
        },
        ("POST", ["terms-of-use", "versions", id, "publish"]) => Classified {
            details: vec![("version_id", id.to_string())],
            ..c("PublishTermsOfUseVersion", 0, 0, 0)
        },
        ("POST", ["terms-of-use", "acceptances"]) => Classified {
            created: Some("termsOfUseAcceptance"),
            ..c("AcceptTermsOfUse", 0, 0, 0)
        },
        _ => return None,
    };
    Some(out)
}

/// Words for an entry: `Created workspace 3.`, `Failed to create workspace.`.
fn describe(action: &str, ok: bool, ids: &str) -> String {
    let (verb, noun) = split_action(action);
    let past = match verb {
        "Create" => "Created",
        "Update" => "Updated",
        "Delete" => "Deleted",
        "Add" => "Added",
        "Remove" => "Removed",
        "Assign" => "Assigned",
        "Revoke" => "Revoked",
        "Approve" => "Decided",
        "Publish" => "Published",
        "Accept" => "Accepted",
        "Change" => "Changed",
        "Enable" => "Enabled",
        "Reset" => "Reset",
        "Initiate" => "Started",
        "Complete" => "Completed",
        "Abort" => "Aborted",
        "Login" => {
            return if ok {
                "User authenticated successfully.".into()
            } else {
                "Failed to authenticate user.".into()
            }
        }
        "Logout" => {
            return if ok {
                "User logged out successfully.".into()
            } else {
                "Failed to logout user.".into()
            }
        }
        other => other,
    };
    if ok {
        format!("{past} {noun}{ids}.")
    } else {
        format!("Failed to {} {noun}{ids}.", verb.to_ascii_lowercase())
    }
}

/// `CreateWorkspace` → (`Create`, `workspace`); `EnableUserTotp` → (`Enable`, `user totp`).
fn split_action(action: &str) -> (&str, String) {
    let cut = action
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_ascii_uppercase())
        .map(|(i, _)| i)
        .unwrap_or(action.len());
    let (verb, rest) = action.split_at(cut);
    let mut noun = String::new();
    for (i, c) in rest.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            noun.push(' ');
        }
        noun.push(c.to_ascii_lowercase());
    }
    (verb, noun)
}

/// Records the entry of a write the API answered (called by `mw::outer` with what [`ask`] took
/// before the request ran); gives the reply back unchanged.
pub(crate) async fn hook(app: &Shared, ask: Ask, resp: Response) -> Response {
    let Some(rest) = ask.path.strip_prefix(super::V1) else {
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

// ----- the dev API ----------------------------------------------------------------------------

/// `POST /api/dev/audit`: an entry as a test wants it (any action, any text).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct DevEntryIn {
    #[serde(default)]
    actor_id: OptId,
    action: Option<String>,
    #[serde(default)]
    workspace_id: OptId,
    #[serde(default)]
    workbench_id: OptId,
    #[serde(default)]
    user_id: OptId,
    description: Option<String>,
    details: Option<BTreeMap<String, String>>,
    /// RFC 3339; now when absent.
    created_at: Option<String>,
    /// The seeded hostile entry once more (the other fields then ignored).
    hostile: Option<bool>,
}

impl BodySpec for DevEntryIn {}

pub(crate) async fn dev_add(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<DevEntryIn>,
) -> ApiResult<Response> {
    let created_at = match body.created_at.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => Some(
            time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc3339)
                .map(SystemTime::from)
                .map_err(|_| {
                    ApiError::validation(vec![FieldError::new("createdAt", "must be RFC 3339")])
                })?,
        ),
    };
    let mut st = app.store_raw();
    let names: BTreeMap<u64, String> = st
        .users
        .values()
        .map(|u| (u.id, u.username.clone()))
        .collect();
    let new = if body.hostile == Some(true) {
        crate::store::audit::hostile(&names, created_at.unwrap_or_else(SystemTime::now))
    } else {
        let actor = body.actor_id.0.unwrap_or(1);
        NewEntry {
            actor_id: actor,
            actor_username: names.get(&actor).cloned().unwrap_or_default(),
            correlation_id: st.uuid(),
            action: body.action.unwrap_or_default(),
            workspace_id: body.workspace_id.0.unwrap_or(0),
            workbench_id: body.workbench_id.0.unwrap_or(0),
            user_id: body.user_id.0.unwrap_or(0),
            description: body.description.unwrap_or_default(),
            details: body.details.unwrap_or_default(),
            created_at,
        }
    };
    let id = st.audit.record(new).unwrap_or(0);
    Ok(reply::ok(&serde_json::json!({ "id": id.to_string() })))
}

/// `GET /api/dev/audit` → `{"enabled","total","entries":[…]}` (every entry, oldest first, in the
/// flavor's spelling; no login).
pub(crate) async fn dev_list(State(app): State<Shared>) -> Response {
    let st = app.store_raw();
    let entries: Vec<EntryOut> = st.audit.entries.iter().map(|e| out(&app, e)).collect();
    reply::ok(&serde_json::json!({
        "enabled": st.audit.enabled,
        "total": entries.len(),
        "entries": entries,
    }))
}

/// `PUT /api/dev/audit {"enabled":false}`: CHORUS's `services.audit_service.enabled` (off:
/// nothing is recorded, the lists are empty).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DevAuditIn {
    enabled: bool,
}

impl BodySpec for DevAuditIn {}

pub(crate) async fn dev_put(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<DevAuditIn>,
) -> Response {
    app.store_raw().audit.enabled = body.enabled;
    reply::no_content()
}

/// The dev routes of the audit log (behind the dev guard).
pub(crate) fn dev_routes() -> Router<Shared> {
    Router::new().route("/api/dev/audit", get(dev_list).post(dev_add).put(dev_put))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(
            describe("CreateWorkspace", true, " 3"),
            "Created workspace 3."
        );
        assert_eq!(
            describe("EnableUserTotp", false, ""),
            "Failed to enable user totp."
        );
        assert_eq!(split_action("AcceptTermsOfUse").1, "terms of use");
    }

    #[test]
    fn actions_of_paths() {
        let m = |s: &str| Method::from_bytes(s.as_bytes()).unwrap_or(Method::GET);
        let a = |meth: &str, p: &str| classify(&m(meth), p).map(|c| c.action);
        assert_eq!(a("POST", "/workspaces/1/file"), Some("CreateFile"));
        assert_eq!(
            a("POST", "/workspaces/1/file/disk/a.bin/upload"),
            Some("InitiateFileUpload")
        );
        assert_eq!(
            a("POST", "/workspaces/1/file/disk/a.bin/upload/abc/complete"),
            Some("CompleteFileUpload")
        );
        assert_eq!(a("PUT", "/workspaces/1/file/disk/a.bin/upload/abc"), None);
        assert_eq!(
            a("PUT", "/workspaces/1/file/disk/a.bin"),
            Some("UpdateFile")
        );
        assert_eq!(
            a("DELETE", "/workspaces/1/file/disk/a.bin"),
            Some("DeleteFile")
        );
        assert_eq!(
            a("DELETE", "/workspaces/1/user/2/role/WorkspaceMember"),
            Some("RemoveWorkspaceMember")
        );
        assert_eq!(
            a("POST", "/terms-of-use/versions/3/publish"),
            Some("PublishTermsOfUseVersion")
        );
        assert_eq!(a("PUT", "/users/me/password"), Some("ChangeUserPassword"));
        assert_eq!(a("GET", "/workspaces"), None);
    }
}
