//! More of the dev-control API: token lifetimes, a session removed behind the console's back
//! (as CHORUS's idle clean-up does), and a `refresh-token` reply held back (one still in flight
//! when the user signs out).

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::{BodySpec, Id, JsonBody};
use crate::reply;
use crate::state::{lock, Shared};

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

/// A body without fields (`{}`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Empty {}

impl BodySpec for Empty {
    const EMPTY_OK: bool = true;
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HoldState {
    /// The next `refresh-token` reply will be held.
    armed: bool,
    /// `refresh-token` replies waiting now (a client that gave up on one is not counted).
    held: usize,
}

fn hold_state(app: &Shared) -> Response {
    let h = lock(&app.refresh_hold);
    reply::ok(&HoldState {
        armed: h.armed,
        held: h.held.iter().filter(|tx| !tx.is_closed()).count(),
    })
}

/// `GET /api/dev/hold-refresh` → `{"armed","held"}`.
pub(crate) async fn get_refresh_hold(State(app): State<Shared>) -> Response {
    hold_state(&app)
}

/// `POST /api/dev/hold-refresh {}` → `{"armed":true,"held"}`: the next `refresh-token` is
/// answered as usual (its token issued, the old one still valid), but its reply waits until
/// `POST /api/dev/release-refresh` or a reset.
pub(crate) async fn hold_refresh(
    State(app): State<Shared>,
    JsonBody(Empty {}): JsonBody<Empty>,
) -> Response {
    lock(&app.refresh_hold).armed = true;
    hold_state(&app)
}

#[derive(Serialize)]
struct Released {
    released: usize,
}

/// `POST /api/dev/release-refresh {}` → `{"released":n}`: the held replies go out (`n` of
/// them still had a client waiting), and the next `refresh-token` is not held.
pub(crate) async fn release_refresh(
    State(app): State<Shared>,
    JsonBody(Empty {}): JsonBody<Empty>,
) -> Response {
    let held = {
        let mut h = lock(&app.refresh_hold);
        h.armed = false;
        std::mem::take(&mut h.held)
    };
    let released = held.into_iter().filter_map(|tx| tx.send(()).ok()).count();
    reply::ok(&Released { released })
}
