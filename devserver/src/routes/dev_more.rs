//! More of the dev-control API: token lifetimes, and a session removed behind the console's
//! back (as CHORUS's idle clean-up does).

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::{BodySpec, Id, JsonBody};
use crate::reply;
use crate::state::Shared;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct TokenTimesIn {
    ttl_secs: Option<f64>,
    max_refresh_secs: Option<f64>,
}

impl BodySpec for TokenTimesIn {}

/// `GET /api/dev/token-times` → `{"ttlSecs","maxRefreshSecs"}`.
pub(crate) async fn get_token_times(State(app): State<Shared>) -> Response {
    reply::ok(&app.store_raw().token_times)
}

/// `PUT /api/dev/token-times {"ttlSecs":n,"maxRefreshSecs":m}` (both optional, above 0,
/// fractions allowed) → the times in force. Tokens issued from now on get them; the maximum
/// refresh time applies at once.
pub(crate) async fn put_token_times(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<TokenTimesIn>,
) -> ApiResult<Response> {
    let mut errs = Vec::new();
    let ok = |v: f64| v.is_finite() && v > 0.0 && v <= 31_536_000.0;
    if body.ttl_secs.is_some_and(|v| !ok(v)) {
        errs.push(FieldError::new("ttlSecs", "must be above 0 (seconds)"));
    }
    if body.max_refresh_secs.is_some_and(|v| !ok(v)) {
        errs.push(FieldError::new(
            "maxRefreshSecs",
            "must be above 0 (seconds)",
        ));
    }
    ApiError::check(errs)?;
    let mut st = app.store_raw();
    if let Some(v) = body.ttl_secs {
        st.token_times.ttl_secs = v;
    }
    if let Some(v) = body.max_refresh_secs {
        st.token_times.max_refresh_secs = v;
    }
    Ok(reply::ok(&st.token_times))
}

/// `POST /api/dev/workbenches/{id}/remove` → 204: the session and its app instances are gone
/// (a `GET` answers 404), as when the backend removes an idle one.
pub(crate) async fn remove_workbench(State(app): State<Shared>, id: Id) -> ApiResult<Response> {
    let wid = id.num("workbench")?;
    app.store()
        .remove_workbench(wid)
        .ok_or_else(|| ApiError::not_found("workbench", &id.raw))?;
    Ok(reply::no_content())
}
