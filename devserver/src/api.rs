//! `/api/rest/v1`: authentication, workspaces, workbenches, apps, app instances, users, roles.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use crate::error::{ApiError, ApiResult, FieldError};
use crate::http_util::{
    envelope, inner_object, json_response, list_result, opt_i64, opt_id, opt_str, paginate,
    parse_id, read_object, result, tokens_from, Id, Id2, Params,
};
use crate::perms::{self, Target};
use crate::sim::Scenario;
use crate::store::{slug, valid_email, valid_role_name, valid_username, Store, TENANT};
use crate::Shared;

/// Default page size of workspaces, workbenches and app instances.
pub const DEFAULT_LIMIT: usize = 100;
/// Default page size of users.
pub const DEFAULT_USER_LIMIT: usize = 20;

fn cookie(value: &str, max_age: Option<u64>) -> HeaderValue {
    let mut s = format!("jwttoken={value}; HttpOnly; Path=/; SameSite=Lax");
    if let Some(a) = max_age {
        s.push_str(&format!("; Max-Age={a}"));
    }
    HeaderValue::from_str(&s).unwrap_or_else(|_| HeaderValue::from_static("jwttoken=; Path=/"))
}

/// `{"user": {...}}` or, leniently, the fields at top level.
fn wrapped(obj: Map<String, Value>, key: &str) -> ApiResult<Map<String, Value>> {
    if obj.contains_key(key) {
        inner_object(&obj, key)
    } else {
        Ok(obj)
    }
}

fn required_text(
    obj: &Map<String, Value>,
    key: &str,
    field: &str,
    max: usize,
    errs: &mut Vec<FieldError>,
) -> Option<String> {
    match opt_str(obj, key, field, errs) {
        Some(s) if s.trim().is_empty() => {
            errs.push(FieldError::new(field, "must not be empty"));
            None
        }
        Some(s) if s.chars().count() > max => {
            errs.push(FieldError::new(
                field,
                format!("must be at most {max} characters"),
            ));
            None
        }
        Some(s) => Some(s.trim().to_string()),
        None => {
            if !errs.iter().any(|e| e.field == field) {
                errs.push(FieldError::new(field, "is required"));
            }
            None
        }
    }
}

fn optional_text(
    obj: &Map<String, Value>,
    key: &str,
    field: &str,
    max: usize,
    errs: &mut Vec<FieldError>,
) -> Option<String> {
    let s = opt_str(obj, key, field, errs)?;
    if s.chars().count() > max {
        errs.push(FieldError::new(
            field,
            format!("must be at most {max} characters"),
        ));
        return None;
    }
    Some(s)
}

// ----- authentication -----------------------------------------------------------------------

pub async fn login(State(app): State<Shared>, body: Body) -> ApiResult<Response> {
    let obj = read_object(body, false).await?;
    let mut errs = Vec::new();
    let username = opt_str(&obj, "username", "username", &mut errs).unwrap_or_default();
    let password = opt_str(&obj, "password", "password", &mut errs).unwrap_or_default();
    let _totp = opt_str(&obj, "totp", "totp", &mut errs);
    if username.is_empty() && errs.iter().all(|e| e.field != "username") {
        errs.push(FieldError::new("username", "is required"));
    }
    if password.is_empty() && errs.iter().all(|e| e.field != "password") {
        errs.push(FieldError::new("password", "is required"));
    }
    ApiError::check(errs)?;
    let token = app.store().login(username.trim(), &password)?;
    let mut resp = result("token", Value::String(token.clone()));
    resp.headers_mut()
        .insert(header::SET_COOKIE, cookie(&token, None));
    Ok(resp)
}

pub async fn logout(State(app): State<Shared>, headers: HeaderMap) -> Response {
    let tokens = tokens_from(&headers);
    {
        let mut st = app.store_raw();
        for t in &tokens {
            st.tokens.remove(t);
        }
    }
    let mut resp = json_response(StatusCode::OK, &json!({}));
    resp.headers_mut()
        .insert(header::SET_COOKIE, cookie("", Some(0)));
    resp
}

pub async fn me(State(app): State<Shared>, headers: HeaderMap) -> ApiResult<Response> {
    let st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    let user = st.users.get(&uid).ok_or_else(ApiError::unauthenticated)?;
    Ok(result("me", Store::user_json(user)))
}

// ----- workspaces ---------------------------------------------------------------------------

pub async fn list_workspaces(
    State(app): State<Shared>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> ApiResult<Response> {
    let params = Params::parse(q.as_deref());
    let (offset, limit) = params.pagination(DEFAULT_LIMIT)?;
    let st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    st.require(uid, "listWorkspaces", &Target::none())?;
    let items: Vec<Value> = st
        .workspaces
        .values()
        .filter(|w| w.status != "deleted")
        .filter(|w| st.allowed(uid, "getWorkspace", &Target::workspace(w.id)))
        .map(Store::workspace_json)
        .collect();
    let (page, pagination) = paginate(items, offset, limit);
    Ok(list_result("workspaces", page, pagination))
}

pub async fn get_workspace(
    State(app): State<Shared>,
    headers: HeaderMap,
    Id(id): Id,
) -> ApiResult<Response> {
    let st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    let wid = parse_id("workspace", &id)?;
    let w = st
        .workspaces
        .get(&wid)
        .ok_or_else(|| ApiError::not_found("workspace", &id))?;
    st.require(uid, "getWorkspace", &Target::workspace(wid))?;
    Ok(result("workspace", Store::workspace_json(w)))
}

pub async fn create_workspace(
    State(app): State<Shared>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let uid = app.auth(&headers)?;
    let obj = wrapped(read_object(body, false).await?, "workspace")?;
    let mut st = app.store();
    st.require(uid, "createWorkspace", &Target::none())?;
    let mut errs = Vec::new();
    let name = required_text(&obj, "name", "name", 100, &mut errs);
    let short = optional_text(&obj, "shortName", "shortName", 32, &mut errs);
    let description =
        optional_text(&obj, "description", "description", 2000, &mut errs).unwrap_or_default();
    if let Some(s) = &short {
        let ok = (2..=32).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !ok {
            errs.push(FieldError::new(
                "shortName",
                "must be 2–32 characters of a-z, 0-9 and '-'",
            ));
        }
    }
    ApiError::check(errs)?;
    let name = name.unwrap_or_default();
    let short = short
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| slug(&name));
    if st.workspaces.values().any(|w| w.short_name == short) {
        return Err(ApiError::already_exists(format!(
            "a workspace with short name '{short}' already exists"
        )));
    }
    let id = st.workspaces.keys().max().copied().unwrap_or(0) + 1;
    let now = std::time::SystemTime::now();
    st.workspaces.insert(
        id,
        crate::store::Workspace {
            id,
            tenant_id: TENANT,
            user_id: uid,
            name,
            short_name: short,
            description,
            status: "active".into(),
            created_at: now,
            updated_at: now,
        },
    );
    if !st.allowed(uid, "getWorkspace", &Target::workspace(id)) {
        let ctx = [("workspace".to_string(), id.to_string())].into();
        let _ = st.add_assignment(uid, "WorkspaceAdmin".into(), ctx);
    }
    let w = st
        .workspaces
        .get(&id)
        .map(Store::workspace_json)
        .unwrap_or(Value::Null);
    Ok(result("workspace", w))
}

// ----- workbenches --------------------------------------------------------------------------

fn id_list(params: &Params, key: &str) -> ApiResult<Vec<u64>> {
    let mut errs = Vec::new();
    let mut ids = Vec::new();
    for v in params.all(key) {
        match v.parse::<u64>() {
            Ok(n) => ids.push(n),
            Err(_) => errs.push(FieldError::new(key, format!("'{v}' is not an id"))),
        }
    }
    ApiError::check(errs)?;
    Ok(ids)
}

pub async fn list_workbenches(
    State(app): State<Shared>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> ApiResult<Response> {
    let params = Params::parse(q.as_deref());
    let (offset, limit) = params.pagination(DEFAULT_LIMIT)?;
    let filter = id_list(&params, "filter.workspaceIdsIn")?;
    let st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    for ws in &filter {
        if st.workspaces.contains_key(ws) {
            st.require(uid, "listWorkbenches", &Target::workspace(*ws))?;
        }
    }
    let items: Vec<Value> = st
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
        .map(Store::workbench_json)
        .collect();
    let (page, pagination) = paginate(items, offset, limit);
    Ok(list_result("workbenches", page, pagination))
}

fn etag_of(body: &str) -> String {
    let mut h = DefaultHasher::new();
    body.hash(&mut h);
    format!("\"{:016x}\"", h.finish())
}

fn etag_matches(if_none_match: &str, etag: &str) -> bool {
    let bare = etag.trim_matches('"');
    if_none_match.split(',').any(|t| {
        let t = t.trim();
        t == "*" || t.trim_start_matches("W/").trim_matches('"') == bare
    })
}

pub async fn get_workbench(
    State(app): State<Shared>,
    headers: HeaderMap,
    Id(id): Id,
) -> ApiResult<Response> {
    let body = {
        let st = app.store();
        let uid = st.authenticate(&tokens_from(&headers))?;
        let wid = parse_id("workbench", &id)?;
        let wb = st
            .workbenches
            .get(&wid)
            .ok_or_else(|| ApiError::not_found("workbench", &id))?;
        st.require(
            uid,
            "getWorkbench",
            &Target::workbench(wb.workspace_id, wb.id),
        )?;
        envelope("workbench", Store::workbench_json(wb)).to_string()
    };
    let etag = etag_of(&body);
    let etag_value = HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"0\""));
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
    h.insert(header::ETAG, etag_value);
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(resp)
}

pub async fn create_workbench(
    State(app): State<Shared>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let uid = app.auth(&headers)?;
    let obj = wrapped(read_object(body, false).await?, "workbench")?;
    let mut st = app.store();
    let mut errs = Vec::new();
    let ws = opt_id(&obj, "workspaceId", "workspaceId", &mut errs);
    match ws {
        None if errs.is_empty() => {
            return Err(ApiError::validation(vec![FieldError::new(
                "workspaceId",
                "is required",
            )]))
        }
        None => return Err(ApiError::validation(errs)),
        Some(ws) if !st.workspaces.contains_key(&ws) => {
            return Err(ApiError::not_found("workspace", &ws.to_string()))
        }
        Some(ws) => st.require(uid, "createWorkbench", &Target::workspace(ws))?,
    }
    let ws = ws.unwrap_or_default();
    let name = required_text(&obj, "name", "name", 128, &mut errs);
    let description =
        optional_text(&obj, "description", "description", 2000, &mut errs).unwrap_or_default();
    if let Some(t) = opt_id(&obj, "tenantId", "tenantId", &mut errs) {
        if t != TENANT {
            errs.push(FieldError::new("tenantId", format!("unknown tenant '{t}'")));
        }
    }
    let owner = match opt_id(&obj, "userId", "userId", &mut errs) {
        Some(u) if !st.users.contains_key(&u) => {
            errs.push(FieldError::new("userId", format!("unknown user '{u}'")));
            uid
        }
        Some(u) => u,
        None => uid,
    };
    if let Some(s) = opt_str(&obj, "status", "status", &mut errs) {
        if !matches!(s.as_str(), "active" | "inactive" | "") {
            errs.push(FieldError::new("status", "must be active or inactive"));
        }
    }
    let dim = |key: &str, default: i64, lo: i64, hi: i64, errs: &mut Vec<FieldError>| match opt_i64(
        &obj, key, key, errs,
    ) {
        Some(0) => default,
        Some(v) if !(lo..=hi).contains(&v) => {
            errs.push(FieldError::new(
                key,
                format!("must be between {lo} and {hi}"),
            ));
            default
        }
        Some(v) => v,
        None => default,
    };
    let width = dim("initialResolutionWidth", 1920, 320, 7680, &mut errs);
    let height = dim("initialResolutionHeight", 1080, 200, 4320, &mut errs);
    let scenario = match opt_str(&obj, "scenario", "scenario", &mut errs) {
        Some(s) if !s.is_empty() => Scenario::parse(&s).unwrap_or_else(|| {
            errs.push(FieldError::new(
                "scenario",
                format!("unknown scenario '{s}' ({})", Scenario::names()),
            ));
            Scenario::Healthy
        }),
        _ => st.default_scenario,
    };
    ApiError::check(errs)?;
    let id = st.create_workbench_record(
        owner,
        ws,
        &name.unwrap_or_default(),
        &description,
        width,
        height,
        scenario,
    );
    let v = st
        .workbenches
        .get(&id)
        .map(Store::workbench_json)
        .unwrap_or(Value::Null);
    Ok(result("workbench", v))
}

/// Looks a workbench up and checks `perm` on it.
fn workbench_for(st: &Store, uid: u64, id: &str, perm: &str) -> ApiResult<u64> {
    let wid = parse_id("workbench", id)?;
    let wb = st
        .workbenches
        .get(&wid)
        .ok_or_else(|| ApiError::not_found("workbench", id))?;
    st.require(uid, perm, &Target::workbench(wb.workspace_id, wb.id))?;
    Ok(wid)
}

pub async fn delete_workbench(
    State(app): State<Shared>,
    headers: HeaderMap,
    Id(id): Id,
) -> ApiResult<Response> {
    let mut st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    let wid = workbench_for(&st, uid, &id, "deleteWorkbench")?;
    let mut wb = st
        .workbenches
        .remove(&wid)
        .ok_or_else(|| ApiError::not_found("workbench", &id))?;
    st.instances.retain(|_, i| i.workbench_id != wid);
    wb.status = "deleted".into();
    wb.updated_at = std::time::SystemTime::now();
    Ok(result("workbench", Store::workbench_json(&wb)))
}

pub async fn stop_workbench(
    State(app): State<Shared>,
    headers: HeaderMap,
    Id(id): Id,
) -> ApiResult<Response> {
    let mut st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    let wid = workbench_for(&st, uid, &id, "updateWorkbench")?;
    st.stop_workbench(wid);
    let v = st
        .workbenches
        .get(&wid)
        .map(Store::workbench_json)
        .unwrap_or(Value::Null);
    Ok(json_response(
        StatusCode::ACCEPTED,
        &envelope("workbench", v),
    ))
}

pub async fn start_workbench(
    State(app): State<Shared>,
    headers: HeaderMap,
    Id(id): Id,
) -> ApiResult<Response> {
    let mut st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    let wid = workbench_for(&st, uid, &id, "updateWorkbench")?;
    st.start_workbench(wid);
    let v = st
        .workbenches
        .get(&wid)
        .map(Store::workbench_json)
        .unwrap_or(Value::Null);
    Ok(json_response(
        StatusCode::ACCEPTED,
        &envelope("workbench", v),
    ))
}

// ----- apps and app instances ---------------------------------------------------------------

pub async fn list_apps(State(app): State<Shared>, headers: HeaderMap) -> ApiResult<Response> {
    let st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    st.require(uid, "listApps", &Target::none())?;
    let apps: Vec<Value> = st.apps.iter().map(Store::app_json).collect();
    Ok(result("apps", Value::Array(apps)))
}

pub async fn list_instances(
    State(app): State<Shared>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> ApiResult<Response> {
    let params = Params::parse(q.as_deref());
    let (offset, limit) = params.pagination(DEFAULT_LIMIT)?;
    let wb_filter = id_list(&params, "filter.workbenchIdsIn")?;
    let ws_filter = id_list(&params, "filter.workspaceIdsIn")?;
    let st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    for id in &wb_filter {
        if let Some(wb) = st.workbenches.get(id) {
            st.require(
                uid,
                "listAppInstances",
                &Target::workbench(wb.workspace_id, wb.id),
            )?;
        }
    }
    let items: Vec<Value> = st
        .instances
        .values()
        .filter(|i| wb_filter.is_empty() || wb_filter.contains(&i.workbench_id))
        .filter(|i| ws_filter.is_empty() || ws_filter.contains(&i.workspace_id))
        .filter(|i| {
            st.allowed(
                uid,
                "listAppInstances",
                &Target::workbench(i.workspace_id, i.workbench_id),
            )
        })
        .map(Store::instance_json)
        .collect();
    let (page, pagination) = paginate(items, offset, limit);
    Ok(list_result("appInstances", page, pagination))
}

fn instance_for(st: &Store, uid: u64, id: &str, perm: &str) -> ApiResult<u64> {
    let iid = parse_id("app instance", id)?;
    let inst = st
        .instances
        .get(&iid)
        .ok_or_else(|| ApiError::not_found("app instance", id))?;
    st.require(
        uid,
        perm,
        &Target::workbench(inst.workspace_id, inst.workbench_id),
    )?;
    Ok(iid)
}

pub async fn get_instance(
    State(app): State<Shared>,
    headers: HeaderMap,
    Id(id): Id,
) -> ApiResult<Response> {
    let st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    let iid = instance_for(&st, uid, &id, "getAppInstance")?;
    let v = st
        .instances
        .get(&iid)
        .map(Store::instance_json)
        .unwrap_or(Value::Null);
    Ok(result("appInstance", v))
}

pub async fn create_instance(
    State(app): State<Shared>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let uid = app.auth(&headers)?;
    let obj = wrapped(read_object(body, false).await?, "appInstance")?;
    let mut st = app.store();
    let mut errs = Vec::new();
    let wb_id = opt_id(&obj, "workbenchId", "workbenchId", &mut errs);
    let app_id = opt_id(&obj, "appId", "appId", &mut errs);
    let ws_id = opt_id(&obj, "workspaceId", "workspaceId", &mut errs);
    let _ = opt_id(&obj, "tenantId", "tenantId", &mut errs);
    let _ = opt_id(&obj, "userId", "userId", &mut errs);
    if wb_id.is_none() && !errs.iter().any(|e| e.field == "workbenchId") {
        errs.push(FieldError::new("workbenchId", "is required"));
    }
    let Some(wb_id) = wb_id else {
        return Err(ApiError::validation(errs));
    };
    let wb = st
        .workbenches
        .get(&wb_id)
        .ok_or_else(|| ApiError::not_found("workbench", &wb_id.to_string()))?;
    let wb_ws = wb.workspace_id;
    st.require(uid, "createAppInstance", &Target::workbench(wb_ws, wb_id))?;
    match app_id {
        None if !errs.iter().any(|e| e.field == "appId") => {
            errs.push(FieldError::new("appId", "is required"))
        }
        Some(a) if !st.apps.iter().any(|x| x.id == a) => {
            errs.push(FieldError::new("appId", format!("unknown app '{a}'")))
        }
        _ => {}
    }
    if let Some(ws) = ws_id {
        if ws != wb_ws {
            errs.push(FieldError::new(
                "workspaceId",
                format!("workbench {wb_id} is in workspace {wb_ws}, not {ws}"),
            ));
        }
    }
    ApiError::check(errs)?;
    let iid = st
        .create_instance(uid, wb_id, app_id.unwrap_or_default())
        .ok_or_else(|| ApiError::internal("could not create the app instance"))?;
    let v = st
        .instances
        .get(&iid)
        .map(Store::instance_json)
        .unwrap_or(Value::Null);
    Ok(result("appInstance", v))
}

pub async fn delete_instance(
    State(app): State<Shared>,
    headers: HeaderMap,
    Id(id): Id,
) -> ApiResult<Response> {
    let mut st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    let iid = instance_for(&st, uid, &id, "deleteAppInstance")?;
    let mut inst = st
        .instances
        .remove(&iid)
        .ok_or_else(|| ApiError::not_found("app instance", &id))?;
    inst.status = "deleted".into();
    inst.k8s_state = "Killed";
    inst.updated_at = std::time::SystemTime::now();
    Ok(result("appInstance", Store::instance_json(&inst)))
}

// ----- users --------------------------------------------------------------------------------

pub async fn list_users(
    State(app): State<Shared>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> ApiResult<Response> {
    let params = Params::parse(q.as_deref());
    let (offset, limit) = params.pagination(DEFAULT_USER_LIMIT)?;
    let search = params
        .get("filter.search")
        .map(|s| s.trim().to_lowercase())
        .unwrap_or_default();
    let st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    st.require(uid, "listUsers", &Target::none())?;
    let items: Vec<Value> = st
        .users
        .values()
        .filter(|u| {
            search.is_empty() || {
                let full = format!("{} {}", u.first_name, u.last_name);
                [&u.username, &u.first_name, &u.last_name, &u.email, &full]
                    .iter()
                    .any(|f| f.to_lowercase().contains(&search))
            }
        })
        .map(Store::user_json)
        .collect();
    let (page, pagination) = paginate(items, offset, limit);
    Ok(list_result("users", page, pagination))
}

fn user_id_for(st: &Store, id: &str) -> ApiResult<u64> {
    let u = parse_id("user", id)?;
    if st.users.contains_key(&u) {
        Ok(u)
    } else {
        Err(ApiError::not_found("user", id))
    }
}

pub async fn get_user(
    State(app): State<Shared>,
    headers: HeaderMap,
    Id(id): Id,
) -> ApiResult<Response> {
    let st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    let target = user_id_for(&st, &id)?;
    if target != uid {
        st.require(uid, "getUser", &Target::user(target))?;
    }
    let v = st
        .users
        .get(&target)
        .map(Store::user_json)
        .unwrap_or(Value::Null);
    Ok(result("user", v))
}

fn status_field(obj: &Map<String, Value>, errs: &mut Vec<FieldError>) -> Option<String> {
    let s = opt_str(obj, "status", "user.status", errs)?;
    if matches!(s.as_str(), "active" | "disabled") {
        Some(s)
    } else {
        errs.push(FieldError::new("user.status", "must be active or disabled"));
        None
    }
}

pub async fn create_user(
    State(app): State<Shared>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let uid = app.auth(&headers)?;
    let obj = wrapped(read_object(body, false).await?, "user")?;
    let mut st = app.store();
    st.require(uid, "createUser", &Target::none())?;
    let mut errs = Vec::new();
    let username = opt_str(&obj, "username", "user.username", &mut errs).unwrap_or_default();
    if username.is_empty() {
        if !errs.iter().any(|e| e.field == "user.username") {
            errs.push(FieldError::new("user.username", "is required"));
        }
    } else if !valid_username(&username) {
        errs.push(FieldError::new(
            "user.username",
            "must be 3–32 characters of a-z, 0-9, '.', '_' and '-'",
        ));
    }
    let password = opt_str(&obj, "password", "user.password", &mut errs).unwrap_or_default();
    if password.chars().count() < 8 && !errs.iter().any(|e| e.field == "user.password") {
        errs.push(FieldError::new(
            "user.password",
            "must be at least 8 characters",
        ));
    }
    let email = optional_text(&obj, "email", "user.email", 254, &mut errs).unwrap_or_default();
    if !email.is_empty() && !valid_email(&email) {
        errs.push(FieldError::new("user.email", "is not an email address"));
    }
    let first =
        optional_text(&obj, "firstName", "user.firstName", 100, &mut errs).unwrap_or_default();
    let last = optional_text(&obj, "lastName", "user.lastName", 100, &mut errs).unwrap_or_default();
    let status = status_field(&obj, &mut errs).unwrap_or_else(|| "active".into());
    let source = optional_text(&obj, "source", "user.source", 64, &mut errs)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "internal".into());
    let mut roles = Vec::new();
    match obj.get("rolesWithContext") {
        None | Some(Value::Null) => {}
        Some(Value::Array(list)) => {
            for (i, v) in list.iter().enumerate() {
                if let Some(a) =
                    st.parse_assignment(v, &format!("user.rolesWithContext[{i}]"), &mut errs)
                {
                    if !roles.contains(&a) {
                        roles.push(a);
                    }
                }
            }
        }
        Some(_) => errs.push(FieldError::new(
            "user.rolesWithContext",
            "must be a list of {\"name\",\"context\"}",
        )),
    }
    ApiError::check(errs)?;
    if !roles.is_empty() {
        st.require(uid, "manageUserRoles", &Target::none())?;
    }
    if st.users.values().any(|u| u.username == username) {
        return Err(ApiError::already_exists(format!(
            "username '{username}' is taken"
        )));
    }
    let id = st.create_user(
        &username, &password, &first, &last, &email, &status, &source, roles,
    );
    let v = st
        .users
        .get(&id)
        .map(Store::user_json)
        .unwrap_or(Value::Null);
    Ok(result("user", v))
}

pub async fn update_user(
    State(app): State<Shared>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let uid = app.auth(&headers)?;
    let obj = wrapped(read_object(body, false).await?, "user")?;
    let mut st = app.store();
    let mut errs = Vec::new();
    let Some(target) = opt_id(&obj, "id", "user.id", &mut errs) else {
        if errs.is_empty() {
            errs.push(FieldError::new("user.id", "is required"));
        }
        return Err(ApiError::validation(errs));
    };
    if !st.users.contains_key(&target) {
        return Err(ApiError::not_found("user", &target.to_string()));
    }
    st.require(uid, "updateUser", &Target::user(target))?;
    let username = opt_str(&obj, "username", "user.username", &mut errs);
    if let Some(u) = &username {
        if !valid_username(u) {
            errs.push(FieldError::new(
                "user.username",
                "must be 3–32 characters of a-z, 0-9, '.', '_' and '-'",
            ));
        }
    }
    let email = optional_text(&obj, "email", "user.email", 254, &mut errs);
    if let Some(e) = &email {
        if !e.is_empty() && !valid_email(e) {
            errs.push(FieldError::new("user.email", "is not an email address"));
        }
    }
    let first = optional_text(&obj, "firstName", "user.firstName", 100, &mut errs);
    let last = optional_text(&obj, "lastName", "user.lastName", 100, &mut errs);
    let status = status_field(&obj, &mut errs);
    let password = opt_str(&obj, "password", "user.password", &mut errs).filter(|p| !p.is_empty());
    if password.as_ref().is_some_and(|p| p.chars().count() < 8) {
        errs.push(FieldError::new(
            "user.password",
            "must be at least 8 characters",
        ));
    }
    ApiError::check(errs)?;
    if let Some(u) = &username {
        if st
            .users
            .values()
            .any(|x| x.id != target && &x.username == u)
        {
            return Err(ApiError::already_exists(format!("username '{u}' is taken")));
        }
    }
    let user = st
        .users
        .get_mut(&target)
        .ok_or_else(|| ApiError::not_found("user", &target.to_string()))?;
    if let Some(u) = username {
        user.username = u;
    }
    if let Some(e) = email {
        user.email = e;
    }
    if let Some(f) = first {
        user.first_name = f;
    }
    if let Some(l) = last {
        user.last_name = l;
    }
    if let Some(s) = status {
        user.status = s;
    }
    if let Some(p) = password {
        user.password = p;
    }
    user.updated_at = std::time::SystemTime::now();
    Ok(result("user", Store::user_json(user)))
}

pub async fn delete_user(
    State(app): State<Shared>,
    headers: HeaderMap,
    Id(id): Id,
) -> ApiResult<Response> {
    let mut st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    let target = user_id_for(&st, &id)?;
    st.require(uid, "deleteUser", &Target::user(target))?;
    if target == uid {
        return Err(ApiError::forbidden("you cannot delete your own user"));
    }
    let mut user = st
        .users
        .remove(&target)
        .ok_or_else(|| ApiError::not_found("user", &id))?;
    st.tokens.retain(|_, t| t.user_id != target);
    user.status = "deleted".into();
    Ok(result("user", Store::user_json(&user)))
}

pub async fn add_user_role(
    State(app): State<Shared>,
    headers: HeaderMap,
    Id(id): Id,
    body: Body,
) -> ApiResult<Response> {
    let uid = app.auth(&headers)?;
    let obj = read_object(body, false).await?;
    let mut st = app.store();
    st.require(uid, "manageUserRoles", &Target::none())?;
    let target = user_id_for(&st, &id)?;
    let role_value = match obj.get("role") {
        Some(v) => v.clone(),
        None => Value::Object(obj.clone()),
    };
    let mut errs = Vec::new();
    let parsed = st.parse_assignment(&role_value, "role", &mut errs);
    ApiError::check(errs)?;
    let (name, context) =
        parsed.ok_or_else(|| ApiError::validation(vec![FieldError::new("role", "is invalid")]))?;
    st.add_assignment(target, name, context)?;
    let v = st
        .users
        .get(&target)
        .map(Store::user_json)
        .unwrap_or(Value::Null);
    Ok(result("user", v))
}

pub async fn remove_user_role(
    State(app): State<Shared>,
    headers: HeaderMap,
    Id2(id, role_id): Id2,
) -> ApiResult<Response> {
    let mut st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    st.require(uid, "manageUserRoles", &Target::none())?;
    let target = user_id_for(&st, &id)?;
    let user = st
        .users
        .get_mut(&target)
        .ok_or_else(|| ApiError::not_found("user", &id))?;
    let before = user.roles.len();
    let by_id = role_id.parse::<u64>().ok();
    user.roles.retain(|a| Some(a.id) != by_id);
    if user.roles.len() == before {
        // Lenient: a role name removes every assignment of that role.
        user.roles.retain(|a| a.name != role_id);
    }
    if user.roles.len() == before {
        return Err(ApiError::not_found("role assignment", &role_id));
    }
    user.updated_at = std::time::SystemTime::now();
    Ok(result("user", Store::user_json(user)))
}

// ----- roles and permissions ----------------------------------------------------------------

pub async fn list_roles(State(app): State<Shared>, headers: HeaderMap) -> ApiResult<Response> {
    let st = app.store_raw();
    st.authenticate(&tokens_from(&headers))?;
    let roles: Vec<Value> = st.roles.iter().map(Store::role_json).collect();
    Ok(result("roles", Value::Array(roles)))
}

pub async fn get_role(
    State(app): State<Shared>,
    headers: HeaderMap,
    Id(name): Id,
) -> ApiResult<Response> {
    let st = app.store_raw();
    st.authenticate(&tokens_from(&headers))?;
    let role = st
        .role(&name)
        .ok_or_else(|| ApiError::not_found("role", &name))?;
    Ok(result("role", Store::role_json(role)))
}

pub async fn list_permissions(
    State(app): State<Shared>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    app.auth(&headers)?;
    Ok(result(
        "permissions",
        Value::Array(Store::permissions_json()),
    ))
}

/// Validates the changeable fields of a role body.
struct RoleFields {
    description: Option<String>,
    scope: Option<String>,
    context: Option<Vec<String>>,
    permissions: Option<Vec<String>>,
}

fn role_fields(obj: &Map<String, Value>, errs: &mut Vec<FieldError>) -> RoleFields {
    let description = optional_text(obj, "description", "role.description", 500, errs);
    let scope = opt_str(obj, "scope", "role.scope", errs);
    if let Some(s) = &scope {
        if !matches!(
            s.as_str(),
            "system" | "platform" | "workspace" | "workbench"
        ) {
            errs.push(FieldError::new(
                "role.scope",
                "must be system, platform, workspace or workbench",
            ));
        }
    }
    let list = |key: &str, errs: &mut Vec<FieldError>| -> Option<Vec<String>> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => {
                let mut out: Vec<String> = Vec::new();
                for (i, v) in items.iter().enumerate() {
                    match v.as_str() {
                        Some(s) => {
                            if !out.iter().any(|o| o == s) {
                                out.push(s.to_string());
                            }
                        }
                        None => errs.push(FieldError::new(
                            format!("role.{key}[{i}]"),
                            "must be a string",
                        )),
                    }
                }
                Some(out)
            }
            Some(_) => {
                errs.push(FieldError::new(
                    format!("role.{key}"),
                    "must be a list of names",
                ));
                None
            }
        }
    };
    let context = list("context", errs);
    if let Some(c) = &context {
        for (i, d) in c.iter().enumerate() {
            if !perms::DIMENSIONS.contains(&d.as_str()) {
                errs.push(FieldError::new(
                    format!("role.context[{i}]"),
                    format!("unknown dimension '{d}' (workspace, workbench or user)"),
                ));
            }
        }
    }
    let permissions = list("permissions", errs);
    if let Some(p) = &permissions {
        for (i, name) in p.iter().enumerate() {
            if !perms::permission_exists(name) {
                errs.push(FieldError::new(
                    format!("role.permissions[{i}]"),
                    format!("unknown permission '{name}'"),
                ));
            }
        }
    }
    RoleFields {
        description,
        scope,
        context,
        permissions,
    }
}

fn default_context(scope: &str) -> Vec<String> {
    match scope {
        "workspace" => vec!["workspace".into()],
        "workbench" => vec!["workbench".into()],
        _ => Vec::new(),
    }
}

pub async fn create_role(
    State(app): State<Shared>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let uid = app.auth(&headers)?;
    let obj = wrapped(read_object(body, false).await?, "role")?;
    let mut st = app.store();
    st.require(uid, "manageDynamicRoles", &Target::none())?;
    let mut errs = Vec::new();
    let name = opt_str(&obj, "name", "role.name", &mut errs).unwrap_or_default();
    if name.is_empty() {
        if !errs.iter().any(|e| e.field == "role.name") {
            errs.push(FieldError::new("role.name", "is required"));
        }
    } else if !valid_role_name(&name) {
        errs.push(FieldError::new(
            "role.name",
            "must be PascalCase: a capital letter, then letters and digits (at most 64)",
        ));
    }
    let f = role_fields(&obj, &mut errs);
    ApiError::check(errs)?;
    if st.role(&name).is_some() {
        return Err(ApiError::already_exists(format!(
            "role '{name}' already exists"
        )));
    }
    let scope = f.scope.unwrap_or_else(|| "workspace".into());
    let role = perms::Role {
        context: f.context.unwrap_or_else(|| default_context(&scope)),
        name,
        description: f.description.unwrap_or_default(),
        scope,
        permissions: f.permissions.unwrap_or_default(),
        dynamic: true,
    };
    let v = Store::role_json(&role);
    st.roles.push(role);
    Ok(result("role", v))
}

fn dynamic_role_index(st: &Store, name: &str) -> ApiResult<usize> {
    let i = st
        .roles
        .iter()
        .position(|r| r.name == name)
        .ok_or_else(|| ApiError::not_found("role", name))?;
    if !st.roles[i].dynamic {
        return Err(ApiError::forbidden(format!(
            "role {name} is built-in and cannot be changed"
        )));
    }
    Ok(i)
}

pub async fn update_role(
    State(app): State<Shared>,
    headers: HeaderMap,
    Id(name): Id,
    body: Body,
) -> ApiResult<Response> {
    let uid = app.auth(&headers)?;
    let obj = wrapped(read_object(body, false).await?, "role")?;
    let mut st = app.store();
    st.require(uid, "manageDynamicRoles", &Target::none())?;
    let i = dynamic_role_index(&st, &name)?;
    let mut errs = Vec::new();
    if let Some(n) = opt_str(&obj, "name", "role.name", &mut errs) {
        if n != name {
            errs.push(FieldError::new(
                "role.name",
                "cannot be changed (create a new role instead)",
            ));
        }
    }
    let f = role_fields(&obj, &mut errs);
    ApiError::check(errs)?;
    let role = &mut st.roles[i];
    if let Some(d) = f.description {
        role.description = d;
    }
    if let Some(s) = f.scope {
        role.scope = s;
    }
    if let Some(c) = f.context {
        role.context = c;
    }
    if let Some(p) = f.permissions {
        role.permissions = p;
    }
    Ok(result("role", Store::role_json(role)))
}

pub async fn delete_role(
    State(app): State<Shared>,
    headers: HeaderMap,
    Id(name): Id,
) -> ApiResult<Response> {
    let mut st = app.store();
    let uid = st.authenticate(&tokens_from(&headers))?;
    st.require(uid, "manageDynamicRoles", &Target::none())?;
    let i = dynamic_role_index(&st, &name)?;
    let role = st.roles.remove(i);
    for u in st.users.values_mut() {
        u.roles.retain(|a| a.name != name);
    }
    Ok(result("role", Store::role_json(&role)))
}
