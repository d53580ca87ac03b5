//! CHORUS's user cache (`pkg/user/service/middleware/caching.go`): `GetUser` answers from a
//! copy up to a second old; the token renewal reads the roles from it. Shared by the user,
//! member and login routes. `ListUsers` answers a request asked again within the second from
//! the page it served then (`list_key`, `cached_list`, `keep_list`).

use std::time::{Duration, Instant};

use axum::response::Response;
use serde_json::Value;

use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::Params;
use crate::reply;
use crate::state::{lock, Shared};
use crate::store::Store;

/// How long the user cache keeps a user: a second as on CHORUS, else what `POST
/// /api/dev/user-cache?ms=…` set.
pub(crate) fn cache_ttl(app: &Shared) -> Duration {
    Duration::from_millis(app.user_cache_ms.load(std::sync::atomic::Ordering::Relaxed))
}

/// `POST /api/dev/user-cache?ms=…`: how long the chorus flavor's user cache (`GetUser`, which the
/// token renewal reads the roles from) keeps a user: 1,000 as on CHORUS, longer for a test of a
/// race inside it that a loaded machine must not miss (a reset sets it back); empties it. →
/// `{"ttlMs": n}`.
pub(crate) async fn set_ttl(
    axum::extract::State(app): axum::extract::State<Shared>,
    params: Params,
) -> ApiResult<Response> {
    let ms = ttl_ms(&params)?;
    app.user_cache_ms
        .store(ms, std::sync::atomic::Ordering::Relaxed);
    lock(&app.user_cache).clear();
    lock(&app.role_cache).clear();
    Ok(reply::ok(&serde_json::json!({ "ttlMs": ms })))
}

/// The user as the cache has it: the copy served in the last second, else the current one
/// (which the cache then keeps).
pub(crate) fn cached_user(app: &Shared, st: &Store, id: u64) -> ApiResult<Response> {
    let ttl = cache_ttl(app);
    let mut cache = lock(&app.user_cache);
    cache.retain(|_, (at, _)| at.elapsed() < ttl);
    if let Some((_, v)) = cache.get(&id) {
        return Ok(reply::result("user", v.clone()));
    }
    let u = st
        .users
        .get(&id)
        .ok_or_else(|| ApiError::not_found("user", &id.to_string()))?;
    let v = serde_json::to_value(app.view().user(u)).unwrap_or(Value::Null);
    cache.insert(id, (Instant::now(), v.clone()));
    // The same cache entry as the token renewal reads (`GetUser` with the same request).
    let mut roles = lock(&app.role_cache);
    roles.retain(|_, (at, _)| at.elapsed() < ttl);
    roles
        .entry(id)
        .or_insert_with(|| (Instant::now(), u.roles.clone()));
    Ok(reply::result("user", v))
}

/// What CHORUS's `ListUsers` cache keys a request on (`cache.WithInterface(req)`, the request's
/// tenant, filter and pagination: never who asked), from the query: the `filter.*` and
/// `pagination.*` parameters (but `pagination.query`, which CHORUS drops before), in order.
pub(crate) fn list_key(params: &Params) -> String {
    let mut pairs: Vec<(&str, &str)> = params
        .pairs()
        .filter(|(k, _)| {
            (k.starts_with("filter.") || k.starts_with("pagination.")) && *k != "pagination.query"
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The users and order served for `key` within the cache's life, if any.
pub(crate) fn cached_list(app: &Shared, key: &str) -> Option<(Vec<Value>, crate::reply::Sort)> {
    lock(&app.user_lists).get(key)
}

/// Keeps what was served for `key`.
pub(crate) fn keep_list(app: &Shared, key: String, users: &[Value], sort: &crate::reply::Sort) {
    lock(&app.user_lists).keep(key, users, sort);
}

/// `POST /api/dev/user-list-cache?ms=…`: how long the chorus flavor's `ListUsers` cache keeps a
/// page (1,000 as on CHORUS; longer for a test that acts inside it; 0: no cache, for a test of
/// something else that reads a list again at once; a reset sets it back). →
/// `{"ttlMs": n}`.
pub(crate) async fn set_list_ttl(
    axum::extract::State(app): axum::extract::State<Shared>,
    params: Params,
) -> ApiResult<Response> {
    set_list_cache_ttl(&app.user_lists, &params)
}

/// Sets how long the list cache `cache` keeps a page from the knob's `ms` ([`ttl_ms`]),
/// emptying it (the users' and the sessions' knobs). → `{"ttlMs": n}`.
pub(crate) fn set_list_cache_ttl(
    cache: &std::sync::Mutex<crate::state::ListCache>,
    params: &Params,
) -> ApiResult<Response> {
    let ms = ttl_ms(params)?;
    lock(cache).set_ttl(Duration::from_millis(ms));
    Ok(reply::ok(&serde_json::json!({ "ttlMs": ms })))
}

/// The `ms` of a dev knob that sets how long a cache of the chorus flavor keeps a reply (the list
/// caches' and the notifications'): 0 to 600,000, else a validation error.
pub(crate) fn ttl_ms(params: &Params) -> ApiResult<u64> {
    params
        .get("ms")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|ms| *ms <= 600_000)
        .ok_or_else(|| {
            ApiError::validation(vec![FieldError::new(
                "ms",
                "must be a whole number of milliseconds from 0 to 600000",
            )])
        })
}
