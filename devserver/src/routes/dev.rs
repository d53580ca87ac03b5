//! `/api/dev/*`: the control API of the end-to-end tests (no login, never faulted, not logged).

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::{BodySpec, Id, JsonBody, Params};
use crate::reply;
use crate::sim::Scenario;
use crate::state::{lock, AuthModes, Shared};
use crate::wire::rfc3339_millis;

pub(crate) async fn reset(State(app): State<Shared>) -> Response {
    app.reset();
    reply::no_content()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LoggedRequest<'a> {
    seq: u64,
    method: &'a str,
    path: &'a str,
    query: &'a str,
    status: u16,
    if_none_match: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    compliance_message: Option<&'a str>,
    at: String,
}

#[derive(Serialize)]
struct RequestsReply<'a> {
    requests: Vec<LoggedRequest<'a>>,
    next: u64,
}

pub(crate) async fn requests(State(app): State<Shared>, params: Params) -> ApiResult<Response> {
    let since = match params.get("since").map(str::trim) {
        None | Some("") => 0,
        Some(s) => s.parse::<u64>().map_err(|_| {
            ApiError::validation(vec![FieldError::new("since", "must be a whole number")])
        })?,
    };
    let log = lock(&app.log);
    let requests = log
        .entries
        .iter()
        .filter(|e| e.seq > since)
        .map(|e| LoggedRequest {
            seq: e.seq,
            method: &e.method,
            path: &e.path,
            query: &e.query,
            status: e.status,
            if_none_match: e.if_none_match.as_deref(),
            compliance_message: e.compliance.as_deref(),
            at: rfc3339_millis(e.at),
        })
        .collect();
    Ok(reply::ok(&RequestsReply {
        requests,
        next: log.seq,
    }))
}

pub(crate) async fn clear_requests(State(app): State<Shared>) -> Response {
    lock(&app.log).entries.clear();
    reply::no_content()
}

pub(crate) async fn get_faults(State(app): State<Shared>) -> Response {
    reply::ok(&*lock(&app.faults))
}

/// Present (even as `null`) → `Some`; absent → `None` (with `#[serde(default)]`).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FaultsIn {
    error_rate: Option<f64>,
    malformed_rate: Option<f64>,
    html_error_rate: Option<f64>,
    latency_ms: Option<f64>,
    drop_sse_secs: Option<f64>,
    #[serde(default, deserialize_with = "present")]
    path_prefix: Option<Value>,
}

impl BodySpec for FaultsIn {
    const EMPTY_OK: bool = true;
}

/// `value` when it is within `range`, else an error naming `key`.
fn within(
    value: Option<f64>,
    key: &str,
    range: std::ops::RangeInclusive<f64>,
    errs: &mut Vec<FieldError>,
) -> Option<f64> {
    let v = value?;
    if range.contains(&v) {
        Some(v)
    } else {
        errs.push(FieldError::new(
            key,
            format!("must be between {} and {}", range.start(), range.end()),
        ));
        None
    }
}

pub(crate) async fn put_faults(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<FaultsIn>,
) -> ApiResult<Response> {
    let mut errs = Vec::new();
    let error_rate = within(body.error_rate, "errorRate", 0.0..=1.0, &mut errs);
    let malformed_rate = within(body.malformed_rate, "malformedRate", 0.0..=1.0, &mut errs);
    let html_error_rate = within(body.html_error_rate, "htmlErrorRate", 0.0..=1.0, &mut errs);
    let latency = within(body.latency_ms, "latencyMs", 0.0..=600_000.0, &mut errs);
    let drop_sse = within(body.drop_sse_secs, "dropSseSecs", 0.0..=86_400.0, &mut errs);
    let prefix = match body.path_prefix {
        None => None,
        Some(Value::Null) => Some(None),
        Some(Value::String(s)) => Some(Some(s).filter(|s| !s.is_empty())),
        Some(_) => {
            errs.push(FieldError::new("pathPrefix", "must be a string or null"));
            None
        }
    };
    ApiError::check(errs)?;
    let mut f = lock(&app.faults);
    f.error_rate = error_rate.unwrap_or(f.error_rate);
    f.malformed_rate = malformed_rate.unwrap_or(f.malformed_rate);
    f.html_error_rate = html_error_rate.unwrap_or(f.html_error_rate);
    f.latency_ms = latency.map_or(f.latency_ms, |v| v.round() as u64);
    f.drop_sse_secs = drop_sse.unwrap_or(f.drop_sse_secs);
    if let Some(p) = prefix {
        f.path_prefix = p;
    }
    Ok(reply::ok(&*f))
}

pub(crate) async fn put_config(
    State(app): State<Shared>,
    JsonBody(v): JsonBody<serde_json::Map<String, Value>>,
) -> Response {
    *lock(&app.config_override) = Some(Value::Object(v));
    reply::no_content()
}

pub(crate) async fn delete_config(State(app): State<Shared>) -> Response {
    *lock(&app.config_override) = None;
    reply::no_content()
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScenarioIn {
    scenario: Option<String>,
}

impl BodySpec for ScenarioIn {}

pub(crate) async fn get_scenario(State(app): State<Shared>) -> Response {
    let s = app.store_raw().default_scenario;
    reply::ok(&ScenarioIn {
        scenario: Some(s.as_str().to_string()),
    })
}

pub(crate) async fn put_scenario(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<ScenarioIn>,
) -> ApiResult<Response> {
    let scenario = body
        .scenario
        .as_deref()
        .and_then(Scenario::parse)
        .ok_or_else(|| {
            ApiError::validation(vec![FieldError::new(
                "scenario",
                format!("must be one of {}", Scenario::names()),
            )])
        })?;
    app.store().default_scenario = scenario;
    Ok(reply::no_content())
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SpeedIn {
    speed: Option<f64>,
}

impl BodySpec for SpeedIn {}

pub(crate) async fn get_speed(State(app): State<Shared>) -> Response {
    let speed = app.store_raw().clock.speed();
    reply::ok(&SpeedIn { speed: Some(speed) })
}

pub(crate) async fn put_speed(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<SpeedIn>,
) -> ApiResult<Response> {
    let speed = body
        .speed
        .filter(|s| *s > 0.0 && *s <= 10_000.0)
        .ok_or_else(|| {
            ApiError::validation(vec![FieldError::new(
                "speed",
                "is required: a number above 0, at most 10000",
            )])
        })?;
    app.store().clock.set_speed(speed);
    Ok(reply::no_content())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FailingIn {
    failing: Option<bool>,
}

impl BodySpec for FailingIn {}

pub(crate) async fn put_app_failing(
    State(app): State<Shared>,
    id: Id,
    JsonBody(body): JsonBody<FailingIn>,
) -> ApiResult<Response> {
    let failing = body.failing.ok_or_else(|| {
        ApiError::validation(vec![FieldError::new(
            "failing",
            "is required (true or false)",
        )])
    })?;
    let app_id = id.num("app")?;
    let mut st = app.store();
    let a = st
        .apps
        .iter_mut()
        .find(|a| a.id == app_id)
        .ok_or_else(|| ApiError::not_found("app", &id.raw))?;
    a.failing = failing;
    st.advance();
    Ok(reply::no_content())
}

pub(crate) async fn expire_logins(State(app): State<Shared>) -> Response {
    app.store_raw().tokens.clear();
    reply::no_content()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AdvanceIn {
    seconds: Option<f64>,
}

impl BodySpec for AdvanceIn {}

/// Addition: `{"seconds": n}` jumps the simulated clock forward by n simulated seconds.
pub(crate) async fn advance(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<AdvanceIn>,
) -> ApiResult<Response> {
    let secs = body
        .seconds
        .filter(|s| (0.0..=86_400.0).contains(s))
        .ok_or_else(|| {
            ApiError::validation(vec![FieldError::new(
                "seconds",
                "is required: a number from 0 to 86400",
            )])
        })?;
    let mut st = app.store_raw();
    st.clock.advance(secs);
    st.advance();
    Ok(reply::no_content())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Stats {
    flavor: &'static str,
    jobs: &'static str,
    sse_clients: usize,
    watch_clients: usize,
    speed: f64,
    scenario: &'static str,
    sessions: usize,
    logins: usize,
    requests_logged: usize,
    last_seq: u64,
    /// The call that stopped the backend (chorus flavor), if one did.
    stopped: Option<String>,
}

/// Addition: counters for tests and the load check.
pub(crate) async fn stats(State(app): State<Shared>) -> Response {
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
    reply::ok(&Stats {
        flavor: app.config.flavor.as_str(),
        jobs: app.config.jobs.as_str(),
        sse_clients: app.sse_client_count(),
        watch_clients: app.watch_client_count(),
        speed,
        scenario,
        sessions,
        logins,
        requests_logged: log.entries.len(),
        last_seq: log.seq,
        stopped: app.stopped(),
    })
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AuthModesIn {
    modes: Option<Vec<String>>,
    /// Self-registration (`internal.publicRegistrationEnabled`); absent: unchanged.
    registration: Option<bool>,
}

impl BodySpec for AuthModesIn {}

fn auth_modes_reply(m: AuthModes) -> Response {
    let modes = [("internal", m.internal), ("openid", m.openid)]
        .into_iter()
        .filter(|(_, on)| *on)
        .map(|(name, _)| name.to_string())
        .collect();
    reply::ok(&AuthModesIn {
        modes: Some(modes),
        registration: Some(m.registration),
    })
}

/// Addition: the login modes `GET /authentication/modes` offers.
pub(crate) async fn get_auth_modes(State(app): State<Shared>) -> Response {
    auth_modes_reply(*lock(&app.auth_modes))
}

/// Addition: `{"modes":["internal","openid"]}` (at least one) and/or `{"registration":false}`
/// (self-registration off) → the modes in force; what is absent stays.
pub(crate) async fn put_auth_modes(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<AuthModesIn>,
) -> ApiResult<Response> {
    let mut m = *lock(&app.auth_modes);
    if body.modes.is_some() || body.registration.is_none() {
        let modes = body.modes.unwrap_or_default();
        let bad = modes
            .iter()
            .any(|m| !matches!(m.as_str(), "internal" | "openid"));
        if modes.is_empty() || bad {
            return Err(ApiError::validation(vec![FieldError::new(
                "modes",
                "must list one or both of \"internal\" and \"openid\"",
            )]));
        }
        m.internal = modes.iter().any(|m| m == "internal");
        m.openid = modes.iter().any(|m| m == "openid");
    }
    if let Some(on) = body.registration {
        m.registration = on;
    }
    *lock(&app.auth_modes) = m;
    Ok(auth_modes_reply(m))
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoleFailuresIn {
    roles: Option<Vec<String>>,
}

impl BodySpec for RoleFailuresIn {}

/// Addition: the roles whose assignments fail with 500.
pub(crate) async fn get_role_failures(State(app): State<Shared>) -> Response {
    let roles = lock(&app.failing_roles).clone();
    reply::ok(&RoleFailuresIn { roles: Some(roles) })
}

/// Addition: `{"roles":["DataSteward"]}`: `POST /users/{id}/role` naming one of them answers
/// 500 (a partial failure of a user form); `[]` turns it off.
pub(crate) async fn put_role_failures(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<RoleFailuresIn>,
) -> ApiResult<Response> {
    let roles = body.roles.ok_or_else(|| {
        ApiError::validation(vec![FieldError::new(
            "roles",
            "is required: a list of role names",
        )])
    })?;
    *lock(&app.failing_roles) = roles.clone();
    Ok(reply::ok(&RoleFailuresIn { roles: Some(roles) }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WatchSwitch {
    enabled: bool,
}

impl BodySpec for WatchSwitch {}

/// `PUT /api/dev/watch {"enabled": bool}`: with `false`, `GET …/workbenches/{id}/watch`
/// answers 404 as on a backend without it, until reset. Streams already open go on.
pub(crate) async fn put_watch(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<WatchSwitch>,
) -> Response {
    app.watch_off
        .store(!body.enabled, std::sync::atomic::Ordering::SeqCst);
    reply::no_content()
}
