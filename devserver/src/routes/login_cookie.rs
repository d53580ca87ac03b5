//! The login cookie, a login's token renewed (with CHORUS's user cache on the chorus flavor),
//! and CHORUS's `TriggerRefreshToken`. Shared by the login routes and the routes that renew
//! the caller's token (creating a workspace or a session).

use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;

use super::user_cache::cache_ttl;
use crate::error::ApiResult;
use crate::extract::tokens_from;
use crate::reply;
use crate::state::Shared;

/// The login cookie (`max_age` 0 clears it).
pub(crate) fn cookie(value: &str, max_age: Option<u64>) -> HeaderValue {
    let mut s = format!("jwttoken={value}; HttpOnly; Path=/; SameSite=Lax");
    if let Some(a) = max_age {
        s.push_str(&format!("; Max-Age={a}"));
    }
    HeaderValue::from_str(&s).unwrap_or_else(|_| HeaderValue::from_static("jwttoken=; Path=/"))
}

/// `{"result":{"token"}}` and the cookie.
pub(crate) fn token_reply(token: &str) -> Response {
    let mut resp = reply::result("token", token);
    resp.headers_mut()
        .insert(header::SET_COOKIE, cookie(token, None));
    resp
}

/// The renewed token of the caller. On the chorus flavor its roles come from CHORUS's user
/// cache (`pkg/user/service/middleware/caching.go`: `GetUser` answers from a copy up to a second
/// old; `RefreshToken` and `TriggerRefreshToken` read it, and fill it when it has none): a role
/// given in the second after an earlier renewal is missing from the token (seen on a running
/// CHORUS 0978bc77: a session created within a second of the page load's renewal was refused
/// to its creator, `required permission: getWorkbench@workbench=N`).
pub(crate) fn renewed_token(app: &Shared, headers: &HeaderMap) -> ApiResult<String> {
    let candidates = tokens_from(headers);
    if !app.chorus() {
        return app.store_raw().refresh(&candidates);
    }
    let mut st = app.store_raw();
    st.refresh_cached(&candidates, |user, current| {
        let ttl = cache_ttl(app);
        let mut cache = crate::state::lock(&app.role_cache);
        cache.retain(|_, (at, _)| at.elapsed() < ttl);
        cache
            .entry(user)
            .or_insert_with(|| (std::time::Instant::now(), current.to_vec()))
            .1
            .clone()
    })
}

/// CHORUS's `TriggerRefreshToken` (`internal/api/v1/middleware/authorization.go`): after some
/// calls (creating a session) the reply carries a fresh token in `Set-Cookie`.
pub(crate) fn refreshed_cookie(app: &Shared, headers: &HeaderMap) -> ApiResult<HeaderValue> {
    let token = renewed_token(app, headers)?;
    Ok(cookie(&token, None))
}
