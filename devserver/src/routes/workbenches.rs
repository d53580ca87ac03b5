//! `/workbenches`: list, get (with ETag), create, delete, stop and start.

use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::time::SystemTime;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::Value;

use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::{unknown_field_error, BodySpec, Caller, Id, JsonBody, OptId, OptInt, Params};
use crate::order;
use crate::perms::Target;
use crate::reply::{self, Envelope};
use crate::sim::Scenario;
use crate::state::{lock, Shared};
use crate::store::{Store, Workbench, TENANT};
use crate::validate::{optional_text, required_text};

use super::lookup::{workbench_for, workbench_id_checked};
use super::params::DEFAULT_LIMIT;

pub(crate) async fn list(
    State(app): State<Shared>,
    Caller(uid): Caller,
    params: Params,
) -> ApiResult<Response> {
    let paging = params.paging(app.config.flavor, DEFAULT_LIMIT)?;
    let filter = params.ids("filter.workspaceIdsIn")?;
    let view = app.view();
    let st = app.store();
    if app.chorus() {
        // internal/api/v1/middleware/workbench-authorization.go ListWorkbenches: getWorkspace
        // on each filtered workspace, else the workspaces the token grants getWorkspace in.
        let scope = if filter.is_empty() {
            let scope = st.ids_with(uid, "getWorkspace", "workspace");
            if scope.as_ref().is_some_and(Vec::is_empty) {
                // No context: at once, without `pagination` (fixtures/chorus/admin_lists.json).
                return Ok(reply::result("workbenches", Vec::<()>::new()));
            }
            scope
        } else {
            for ws in &filter {
                st.require(uid, "getWorkspace", &Target::workspace(*ws))?;
            }
            Some(filter)
        };
        // CHORUS's one-second cache of the same request (`state::ListCache`).
        let key = format!("{scope:?} {}", super::user_cache::list_key(&params));
        let cached = lock(&app.session_lists).get(&key);
        if let Some((items, sorted)) = cached {
            return Ok(reply::page("workbenches", items, &paging, sorted));
        }
        let mut rows: Vec<&Workbench> = st
            .workbenches
            .values()
            .filter(|wb| wb.status != "deleted")
            .filter(|wb| scope.as_ref().is_none_or(|s| s.contains(&wb.workspace_id)))
            .collect();
        let sorted = order::arrange(&mut rows, paging.sort(), true);
        let items: Vec<Value> = rows
            .into_iter()
            .map(|wb| serde_json::to_value(view.workbench(wb)).unwrap_or(Value::Null))
            .collect();
        lock(&app.session_lists).keep(key, &items, &sorted);
        return Ok(reply::page("workbenches", items, &paging, sorted));
    }
    for ws in &filter {
        if st.workspaces.contains_key(ws) {
            st.require(uid, "listWorkbenches", &Target::workspace(*ws))?;
        }
    }
    let mut rows: Vec<&Workbench> = st
        .workbenches
        .values()
        .filter(|wb| filter.is_empty() || filter.contains(&wb.workspace_id))
        .filter(|wb| {
            st.allowed(
                uid,
                "getWorkbench",
                &Target::workbench(wb.workspace_id, wb.id),
            )
        })
        .collect();
    let sorted = order::arrange(&mut rows, paging.sort(), false);
    let items: Vec<_> = rows.into_iter().map(|wb| view.workbench(wb)).collect();
    Ok(reply::page("workbenches", items, &paging, sorted))
}

/// `POST /api/dev/session-list-cache?ms=…`: how long the chorus flavor's `ListWorkbenches`
/// cache keeps a page (1,000 as on CHORUS; 0: none, for a test of something else that reads a
/// list again at once; a reset sets it back). → `{"ttlMs": n}`.
pub(crate) async fn set_list_ttl(State(app): State<Shared>, params: Params) -> ApiResult<Response> {
    super::user_cache::set_list_cache_ttl(&app.session_lists, &params)
}

/// `POST /api/dev/session-cache?ms=…`: how long the chorus flavor's `GetWorkbench` cache keeps a
/// session (1,000 as on CHORUS; 0: none; a reset sets it back). → `{"ttlMs": n}`.
pub(crate) async fn set_read_ttl(State(app): State<Shared>, params: Params) -> ApiResult<Response> {
    super::user_cache::set_list_cache_ttl(&app.session_reads, &params)
}

fn etag_of(body: &[u8]) -> String {
    let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(body);
    format!("\"{hash:016x}\"")
}

fn etag_matches(if_none_match: &str, etag: &str) -> bool {
    let bare = etag.trim_matches('"');
    if_none_match.split(',').any(|t| {
        let t = t.trim();
        t == "*" || t.trim_start_matches("W/").trim_matches('"') == bare
    })
}

/// `GET /workbenches/{id}`: with an `ETag` and `304` for a matching `If-None-Match` (an
/// extension: CHORUS has neither).
pub(crate) async fn get(
    State(app): State<Shared>,
    Caller(uid): Caller,
    headers: HeaderMap,
    id: Id,
) -> ApiResult<Response> {
    let body = {
        let st = app.store();
        if app.chorus() {
            // CHORUS checks the permission on the token, then answers from its one-second
            // `GetWorkbench` cache (`pkg/workbench/service/middleware/caching.go`, 0978bc77),
            // whoever asked and whatever was written since: seen on a running CHORUS, a read
            // right after a rename (`PUT /workbenches`, 200 with the new name) had the old one.
            let wid = workbench_id_checked(&st, uid, &id, "getWorkbench")?;
            if let Some(out) = lock(&app.session_reads).one(&wid.to_string()) {
                return Ok(reply::result("workbench", out));
            }
            let wb = workbench_for(&st, uid, &id, "getWorkbench")?;
            let out = serde_json::to_value(app.view().workbench(wb))
                .map_err(|e| ApiError::internal(e.to_string()))?;
            lock(&app.session_reads).keep_one(wid.to_string(), &out);
            return Ok(reply::result("workbench", out));
        }
        let wb = workbench_for(&st, uid, &id, "getWorkbench")?;
        let out = app.view().workbench(wb);
        serde_json::to_vec(&Envelope::new("workbench", out))
            .map_err(|e| ApiError::internal(e.to_string()))?
    };
    let etag = etag_of(&body);
    let inm = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok());
    let mut resp = if inm.is_some_and(|v| etag_matches(v, &etag)) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = (StatusCode::OK, body).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        r
    };
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(resp)
}

/// `POST /workbenches`: api.md's fields (CHORUS's `Workbench` message), and in our flavor the
/// dev addition `scenario`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct NewWorkbench {
    #[serde(default)]
    tenant_id: OptId,
    #[serde(default)]
    user_id: OptId,
    #[serde(default)]
    workspace_id: OptId,
    name: Option<String>,
    #[serde(rename = "shortName")]
    _short_name: Option<String>,
    description: Option<String>,
    status: Option<String>,
    #[serde(default)]
    initial_resolution_width: OptInt,
    #[serde(default)]
    initial_resolution_height: OptInt,
    /// Dev addition (our flavor only): the scenario of this session.
    scenario: Option<String>,
}

impl BodySpec for NewWorkbench {}

/// A resolution dimension: `default` when absent or 0, else within `lo..=hi`.
fn dimension(
    v: OptInt,
    key: &str,
    default: i64,
    lo: i64,
    hi: i64,
    errs: &mut Vec<FieldError>,
) -> i64 {
    match v.0 {
        None | Some(0) => default,
        Some(v) if (lo..=hi).contains(&v) => v,
        Some(_) => {
            errs.push(FieldError::new(
                key,
                format!("must be between {lo} and {hi}"),
            ));
            default
        }
    }
}

pub(crate) async fn create(
    State(app): State<Shared>,
    Caller(uid): Caller,
    headers: HeaderMap,
    JsonBody(body): JsonBody<NewWorkbench>,
) -> ApiResult<Response> {
    if app.chorus() && body.scenario.is_some() {
        return Err(unknown_field_error("scenario"));
    }
    let mut st = app.store();
    let ws = if app.chorus() {
        // An absent workspace is 0 to protobuf: the permission check refuses it.
        body.workspace_id.0.unwrap_or(0)
    } else {
        body.workspace_id.required("workspaceId")?
    };
    if app.chorus() {
        st.require(uid, "createWorkbench", &Target::workspace(ws))?;
    }
    if !st.workspaces.contains_key(&ws) {
        return Err(ApiError::not_found("workspace", &ws.to_string()));
    }
    st.require(uid, "createWorkbench", &Target::workspace(ws))?;
    let mut errs = Vec::new();
    let name = required_text(body.name.as_deref(), "name", 128, &mut errs);
    let description = optional_text(body.description.as_deref(), "description", 2000, &mut errs)
        .unwrap_or_default();
    if let Some(t) = body.tenant_id.0.filter(|t| *t != TENANT) {
        errs.push(FieldError::new("tenantId", format!("unknown tenant '{t}'")));
    }
    // CHORUS's controller takes the owner from the token (workbench-controller.go).
    let owner = match body.user_id.0.filter(|_| !app.chorus()) {
        Some(u) if !st.users.contains_key(&u) => {
            errs.push(FieldError::new("userId", format!("unknown user '{u}'")));
            uid
        }
        Some(u) => u,
        None => uid,
    };
    if !matches!(
        body.status.as_deref(),
        None | Some("active" | "inactive" | "")
    ) {
        errs.push(FieldError::new("status", "must be active or inactive"));
    }
    let width = dimension(
        body.initial_resolution_width,
        "initialResolutionWidth",
        1920,
        320,
        7680,
        &mut errs,
    );
    let height = dimension(
        body.initial_resolution_height,
        "initialResolutionHeight",
        1080,
        200,
        4320,
        &mut errs,
    );
    let scenario = match body.scenario.as_deref() {
        Some(s) if !s.is_empty() => Scenario::parse(s).unwrap_or_else(|| {
            errs.push(FieldError::new(
                "scenario",
                format!("unknown scenario '{s}' ({})", Scenario::names()),
            ));
            Scenario::Healthy
        }),
        _ => st.default_scenario,
    };
    let (width, height) = if app.chorus() {
        // pkg/workbench/model/workbench.go has no validation tags: CHORUS checks no field, and
        // stores the resolution as sent, 0 × 0 when none is (seen on a running CHORUS
        // 0978bc77, 2026-11-23).
        errs.clear();
        (
            body.initial_resolution_width.0.unwrap_or(0),
            body.initial_resolution_height.0.unwrap_or(0),
        )
    } else {
        (width, height)
    };
    ApiError::check(errs)?;
    let name = name.unwrap_or_default();
    let id = st.create_workbench_record(owner, ws, &name, &description, width, height, scenario);
    st.on_workbench_created(owner, id);
    let out = st
        .workbenches
        .get(&id)
        .map(|wb| app.view().workbench(wb))
        .ok_or_else(|| ApiError::internal("the new session vanished"))?;
    drop(st);
    let mut resp = reply::result("workbench", out);
    if app.chorus() {
        // CreateWorkbench ends with TriggerRefreshToken: the new role is in the new cookie,
        // unless the renewal reads a user CHORUS cached in the second before (auth.rs).
        let cookie = super::login_cookie::refreshed_cookie(&app, &headers)?;
        resp.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(resp)
}

pub(crate) async fn delete(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    let mut st = app.store();
    let wid = workbench_for(&st, uid, &id, "deleteWorkbench")?.id;
    let mut wb = st
        .remove_workbench(wid)
        .ok_or_else(|| ApiError::not_found("workbench", &id.raw))?;
    if !app.chorus() {
        // CHORUS answers the row as it was (fixtures/chorus/admin_lists.json).
        wb.status = "deleted".into();
        wb.updated_at = SystemTime::now();
    }
    Ok(reply::result("workbench", app.view().workbench(&wb)))
}

/// Extension: `202 {"result":{"workbench"}}` after `act` on it.
fn accepted(app: &Shared, uid: u64, id: &Id, act: fn(&mut Store, u64)) -> ApiResult<Response> {
    let mut st = app.store();
    let wid = workbench_for(&st, uid, id, "updateWorkbench")?.id;
    act(&mut st, wid);
    let wb = st
        .workbenches
        .get(&wid)
        .ok_or_else(|| ApiError::not_found("workbench", &id.raw))?;
    Ok(reply::json(
        StatusCode::ACCEPTED,
        &Envelope::new("workbench", app.view().workbench(wb)),
    ))
}

/// Extension: the user stops a session.
pub(crate) async fn stop(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    accepted(&app, uid, &id, Store::stop_workbench)
}

/// Extension: a stopped or failed session starts again.
pub(crate) async fn start(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    accepted(&app, uid, &id, Store::start_workbench)
}
