//! `/api/dev/*`: the control API of the end-to-end tests (no login, never faulted, not logged).

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult, FieldError};
use crate::http_util::{
    json_response, no_content, opt_bool, opt_f64, opt_str, parse_id, read_json, read_object, Id,
    Params,
};
use crate::sim::Scenario;
use crate::timefmt::rfc3339_millis;
use crate::{lock, Faults, Shared};

pub async fn reset(State(app): State<Shared>) -> Response {
    lock(&app.store).reset();
    *lock(&app.faults) = Faults::default();
    *lock(&app.config_override) = None;
    lock(&app.log).entries.clear();
    no_content()
}

pub async fn requests(State(app): State<Shared>, RawQuery(q): RawQuery) -> ApiResult<Response> {
    let params = Params::parse(q.as_deref());
    let since = match params.get("since").map(str::trim) {
        None | Some("") => 0,
        Some(s) => s.parse::<u64>().map_err(|_| {
            ApiError::validation(vec![FieldError::new("since", "must be a whole number")])
        })?,
    };
    let log = lock(&app.log);
    let entries: Vec<Value> = log
        .entries
        .iter()
        .filter(|e| e.seq > since)
        .map(|e| {
            json!({
                "seq": e.seq,
                "method": e.method,
                "path": e.path,
                "query": e.query,
                "status": e.status,
                "ifNoneMatch": e.if_none_match,
                "at": rfc3339_millis(e.at),
            })
        })
        .collect();
    Ok(json_response(
        StatusCode::OK,
        &json!({"requests": entries, "next": log.seq}),
    ))
}

pub async fn clear_requests(State(app): State<Shared>) -> Response {
    lock(&app.log).entries.clear();
    no_content()
}

pub async fn get_faults(State(app): State<Shared>) -> Response {
    json_response(StatusCode::OK, &lock(&app.faults).json())
}

pub async fn put_faults(State(app): State<Shared>, body: Body) -> ApiResult<Response> {
    let obj = read_object(body, true).await?;
    let mut errs = Vec::new();
    let rate = |key: &str, errs: &mut Vec<FieldError>| {
        let v = opt_f64(&obj, key, errs)?;
        if (0.0..=1.0).contains(&v) {
            Some(v)
        } else {
            errs.push(FieldError::new(key, "must be between 0 and 1"));
            None
        }
    };
    let error_rate = rate("errorRate", &mut errs);
    let malformed_rate = rate("malformedRate", &mut errs);
    let html_error_rate = rate("htmlErrorRate", &mut errs);
    let latency = opt_f64(&obj, "latencyMs", &mut errs);
    if latency.is_some_and(|l| !(0.0..=600_000.0).contains(&l)) {
        errs.push(FieldError::new("latencyMs", "must be between 0 and 600000"));
    }
    let drop_sse = opt_f64(&obj, "dropSseSecs", &mut errs);
    if drop_sse.is_some_and(|d| !(0.0..=86_400.0).contains(&d)) {
        errs.push(FieldError::new(
            "dropSseSecs",
            "must be between 0 and 86400",
        ));
    }
    let prefix = match obj.get("pathPrefix") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(Value::String(s)) if s.is_empty() => Some(None),
        Some(Value::String(s)) => Some(Some(s.clone())),
        Some(_) => {
            errs.push(FieldError::new("pathPrefix", "must be a string or null"));
            None
        }
    };
    ApiError::check(errs)?;
    let mut f = lock(&app.faults);
    if let Some(v) = error_rate {
        f.error_rate = v;
    }
    if let Some(v) = malformed_rate {
        f.malformed_rate = v;
    }
    if let Some(v) = html_error_rate {
        f.html_error_rate = v;
    }
    if let Some(v) = latency {
        f.latency_ms = v.round() as u64;
    }
    if let Some(v) = drop_sse {
        f.drop_sse_secs = v;
    }
    if let Some(p) = prefix {
        f.path_prefix = p;
    }
    Ok(json_response(StatusCode::OK, &f.json()))
}

pub async fn put_config(State(app): State<Shared>, body: Body) -> ApiResult<Response> {
    match read_json(body, false).await? {
        v @ Value::Object(_) => {
            *lock(&app.config_override) = Some(v);
            Ok(no_content())
        }
        _ => Err(ApiError::invalid("the config must be a JSON object")),
    }
}

pub async fn delete_config(State(app): State<Shared>) -> Response {
    *lock(&app.config_override) = None;
    no_content()
}

pub async fn get_scenario(State(app): State<Shared>) -> Response {
    let s = app.store_raw().default_scenario;
    json_response(StatusCode::OK, &json!({"scenario": s.as_str()}))
}

pub async fn put_scenario(State(app): State<Shared>, body: Body) -> ApiResult<Response> {
    let obj = read_object(body, false).await?;
    let mut errs = Vec::new();
    let name = opt_str(&obj, "scenario", "scenario", &mut errs).unwrap_or_default();
    let scenario = Scenario::parse(&name);
    if scenario.is_none() && errs.is_empty() {
        errs.push(FieldError::new(
            "scenario",
            format!("must be one of {}", Scenario::names()),
        ));
    }
    ApiError::check(errs)?;
    if let Some(s) = scenario {
        app.store().default_scenario = s;
    }
    Ok(no_content())
}

pub async fn get_speed(State(app): State<Shared>) -> Response {
    let s = app.store_raw().clock.speed();
    json_response(StatusCode::OK, &json!({"speed": s}))
}

pub async fn put_speed(State(app): State<Shared>, body: Body) -> ApiResult<Response> {
    let obj = read_object(body, false).await?;
    let mut errs = Vec::new();
    let speed = opt_f64(&obj, "speed", &mut errs);
    match speed {
        Some(s) if s > 0.0 && s <= 10_000.0 => {}
        _ if !errs.is_empty() => {}
        _ => errs.push(FieldError::new(
            "speed",
            "is required: a number above 0, at most 10000",
        )),
    }
    ApiError::check(errs)?;
    let mut st = app.store();
    st.clock.set_speed(speed.unwrap_or(1.0));
    Ok(no_content())
}

pub async fn put_app_failing(
    State(app): State<Shared>,
    Id(id): Id,
    body: Body,
) -> ApiResult<Response> {
    let obj = read_object(body, false).await?;
    let mut errs = Vec::new();
    let failing = opt_bool(&obj, "failing", &mut errs);
    if failing.is_none() && errs.is_empty() {
        errs.push(FieldError::new("failing", "is required (true or false)"));
    }
    ApiError::check(errs)?;
    let app_id = parse_id("app", &id)?;
    let mut st = app.store();
    let a = st
        .apps
        .iter_mut()
        .find(|a| a.id == app_id)
        .ok_or_else(|| ApiError::not_found("app", &id))?;
    a.failing = failing.unwrap_or(false);
    st.advance();
    Ok(no_content())
}

pub async fn expire_logins(State(app): State<Shared>) -> Response {
    lock(&app.store).tokens.clear();
    no_content()
}

/// Addition: `{"seconds": n}` jumps the simulated clock forward by n simulated seconds.
pub async fn advance(State(app): State<Shared>, body: Body) -> ApiResult<Response> {
    let obj = read_object(body, false).await?;
    let mut errs = Vec::new();
    let secs = opt_f64(&obj, "seconds", &mut errs);
    match secs {
        Some(s) if (0.0..=86_400.0).contains(&s) => {}
        _ if !errs.is_empty() => {}
        _ => errs.push(FieldError::new(
            "seconds",
            "is required: a number from 0 to 86400",
        )),
    }
    ApiError::check(errs)?;
    let mut st = lock(&app.store);
    st.clock.advance(secs.unwrap_or(0.0));
    st.advance();
    Ok(no_content())
}

/// Addition: counters for tests and the load check.
pub async fn stats(State(app): State<Shared>) -> Response {
    let (speed, scenario, sessions, logins) = {
        let st = app.store_raw();
        (
            st.clock.speed(),
            st.default_scenario.as_str(),
            st.workbenches.len(),
            st.tokens.len(),
        )
    };
    let log = lock(&app.log);
    json_response(
        StatusCode::OK,
        &json!({
            "sseClients": app.sse_client_count(),
            "speed": speed,
            "scenario": scenario,
            "sessions": sessions,
            "logins": logins,
            "requestsLogged": log.entries.len(),
            "lastSeq": log.seq,
        }),
    )
}
