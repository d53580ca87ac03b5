//! `/authentication/*` and `/users/me`.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use serde::Deserialize;

use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::{tokens_from, BodySpec, Caller, JsonBody};
use crate::reply;
use crate::state::Shared;
use crate::wire;

/// The login cookie (`max_age` 0 clears it).
fn cookie(value: &str, max_age: Option<u64>) -> HeaderValue {
    let mut s = format!("jwttoken={value}; HttpOnly; Path=/; SameSite=Lax");
    if let Some(a) = max_age {
        s.push_str(&format!("; Max-Age={a}"));
    }
    HeaderValue::from_str(&s).unwrap_or_else(|_| HeaderValue::from_static("jwttoken=; Path=/"))
}

/// `{"result":{"token"}}` and the cookie.
fn token_reply(token: &str) -> Response {
    let mut resp = reply::result("token", token);
    resp.headers_mut()
        .insert(header::SET_COOKIE, cookie(token, None));
    resp
}

#[derive(Deserialize)]
pub(crate) struct Credentials {
    username: Option<String>,
    password: Option<String>,
    #[allow(dead_code)]
    totp: Option<String>,
}

impl BodySpec for Credentials {}

pub(crate) async fn login(
    State(app): State<Shared>,
    JsonBody(c): JsonBody<Credentials>,
) -> ApiResult<Response> {
    let username = c.username.unwrap_or_default();
    let password = c.password.unwrap_or_default();
    let mut errs = Vec::new();
    if username.is_empty() {
        errs.push(FieldError::new("username", "is required"));
    }
    if password.is_empty() {
        errs.push(FieldError::new("password", "is required"));
    }
    ApiError::check(errs)?;
    let token = app.store().login(username.trim(), &password)?;
    Ok(token_reply(&token))
}

pub(crate) async fn logout(State(app): State<Shared>, headers: HeaderMap) -> Response {
    {
        let mut st = app.store_raw();
        for t in tokens_from(&headers) {
            st.tokens.remove(&t);
        }
    }
    let mut resp = reply::ok(&serde_json::Map::new());
    resp.headers_mut()
        .insert(header::SET_COOKIE, cookie("", Some(0)));
    resp
}

pub(crate) async fn me(State(app): State<Shared>, Caller(uid): Caller) -> ApiResult<Response> {
    let st = app.store();
    let user = st.users.get(&uid).ok_or_else(ApiError::unauthenticated)?;
    Ok(reply::result("me", wire::user(user)))
}
