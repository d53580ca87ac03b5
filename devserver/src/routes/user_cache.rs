//! CHORUS's user cache (`pkg/user/service/middleware/caching.go`): `GetUser` answers from a
//! copy up to a second old; the token renewal reads the roles from it. Shared by the user,
//! member and login routes.

use std::time::{Duration, Instant};

use axum::response::Response;
use serde_json::Value;

use crate::error::{ApiError, ApiResult};
use crate::reply;
use crate::state::{lock, Shared};
use crate::store::Store;

/// How long the user cache keeps a user.
pub(crate) const CACHE_TTL: Duration = Duration::from_secs(1);

/// The user as the cache has it: the copy served in the last second, else the current one
/// (which the cache then keeps).
pub(crate) fn cached_user(app: &Shared, st: &Store, id: u64) -> ApiResult<Response> {
    let mut cache = lock(&app.user_cache);
    cache.retain(|_, (at, _)| at.elapsed() < CACHE_TTL);
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
    roles.retain(|_, (at, _)| at.elapsed() < CACHE_TTL);
    roles
        .entry(id)
        .or_insert_with(|| (Instant::now(), u.roles.clone()));
    Ok(reply::result("user", v))
}
