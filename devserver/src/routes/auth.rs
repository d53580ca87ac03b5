//! `/authentication/*` and `/users/me`: password logins (with a one-time code where the account
//! has one), the login modes, OpenID logins through the fake identity provider ([`super::idp`]),
//! refresh and logout.

use std::time::Instant;

use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult, Code, FieldError};
use crate::extract::{tokens_from, BodySpec, Caller, Id, JsonBody, NoFields, Params};
use crate::reply;
use crate::state::{lock, PendingLogin, Shared};

use super::login_cookie::{cookie, renewed_token, token_reply};
use super::openid::{authorize_url, end_session_url, provider, Origins, LOGIN_TTL, PROVIDER};

/// `POST /authentication/login` (CHORUS's `Credentials`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Credentials {
    username: Option<String>,
    password: Option<String>,
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
    let token = app
        .store()
        .login(username.trim(), &password, c.totp.as_deref())?;
    Ok(token_reply(&token))
}

/// `POST /authentication/refresh-token`: a new token (with the user's current roles, the first
/// login's `iat`) and cookie; 401 once that login is older than the maximum refresh time.
pub(crate) async fn refresh(
    State(app): State<Shared>,
    headers: HeaderMap,
    Caller(_): Caller,
    JsonBody(NoFields {}): JsonBody<NoFields>,
) -> ApiResult<Response> {
    let token = renewed_token(&app, &headers)?;
    app.held_refresh().await;
    Ok(token_reply(&token))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogoutReply {
    #[serde(rename = "redirectURL", skip_serializing_if = "Option::is_none")]
    redirect_url: Option<String>,
}

/// `POST /authentication/logout`: clears the cookie; `401` (CHORUS's bare one) when there is
/// no login. As a running CHORUS 0978bc77 answers (2026-11-23): `{}` for a password login,
/// `{"redirectURL"}` for one through the identity provider (its end-session page, which links
/// back to the console's `/login`; CHORUS goes by the user's `source`, the dev server by how
/// the login began), no `result` envelope; and the token itself **stays valid** until its
/// `exp` (CHORUS only expires the cookie). Ours also forgets the token.
pub(crate) async fn logout(
    State(app): State<Shared>,
    headers: HeaderMap,
    Caller(_): Caller,
    JsonBody(NoFields {}): JsonBody<NoFields>,
) -> Response {
    let openid = {
        let mut st = app.store_raw();
        let candidates = tokens_from(&headers);
        let openid = candidates
            .iter()
            .any(|t| st.valid_token(t).is_some_and(|i| i.openid));
        if !app.chorus() {
            for t in candidates {
                st.tokens.remove(&t);
            }
        }
        openid
    };
    let redirect_url = (app.chorus() && openid).then(|| {
        let o = Origins::of(&app, &headers);
        end_session_url(&o)
    });
    let mut resp = reply::ok(&LogoutReply { redirect_url });
    resp.headers_mut()
        .insert(header::SET_COOKIE, cookie("", Some(0)));
    resp
}

pub(crate) async fn me(State(app): State<Shared>, Caller(uid): Caller) -> ApiResult<Response> {
    let st = app.store();
    if app.chorus() {
        // user-authorization.go GetUserMe: getMyOwnUser on oneself.
        st.require(uid, "getMyOwnUser", &crate::perms::Target::user(uid))?;
    }
    let user = st.users.get(&uid).ok_or_else(ApiError::unauthenticated)?;
    Ok(reply::result("me", app.view().user(user)))
}

// ----- login modes and OpenID -----------------------------------------------------------------

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Internal {
    public_registration_enabled: bool,
}

#[derive(Serialize)]
struct OpenId {
    id: &'static str,
}

#[derive(Serialize)]
struct Mode {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    internal: Option<Internal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    openid: Option<OpenId>,
    #[serde(rename = "ButtonText")]
    button_text: &'static str,
}

/// `GET /authentication/modes` (public).
pub(crate) async fn modes(State(app): State<Shared>) -> Response {
    let m = *lock(&app.auth_modes);
    let mut modes = Vec::new();
    if m.internal {
        modes.push(Mode {
            kind: "internal",
            internal: Some(Internal {
                public_registration_enabled: m.registration,
            }),
            openid: None,
            button_text: "",
        });
    }
    if m.openid {
        modes.push(Mode {
            kind: "openid",
            internal: None,
            openid: Some(OpenId { id: PROVIDER }),
            button_text: "Sign in with Keycloak",
        });
    }
    reply::result("modes", modes)
}

/// `GET /authentication/oauth2/{id}/login` (public): where to send the browser.
pub(crate) async fn oauth_login(
    State(app): State<Shared>,
    headers: HeaderMap,
    id: Id,
) -> ApiResult<Response> {
    let provider = provider(&app, &id)?;
    let o = Origins::of(&app, &headers);
    let state = app.store_raw().random_hex();
    let redirect_uri = format!("{}/oauthredirect", o.console);
    let uri = authorize_url(&o, provider, &state, &redirect_uri);
    let mut logins = lock(&app.logins);
    logins.retain(|_, l| l.started.elapsed() < LOGIN_TTL);
    logins.insert(
        state,
        PendingLogin {
            provider: provider.to_string(),
            redirect_uri,
            approved: None,
            started: Instant::now(),
        },
    );
    Ok(reply::result("redirectURI", uri))
}

/// `GET /authentication/oauth2/{id}/redirect?state&sessionState&code` (public): `state` must
/// be exactly what the login issued (without the console's `:provider` suffix), `code` what
/// the identity provider gave for it.
pub(crate) async fn oauth_redirect(
    State(app): State<Shared>,
    id: Id,
    params: Params,
) -> ApiResult<Response> {
    let provider = provider(&app, &id)?;
    let state = params.get("state").unwrap_or("");
    let code = params.get("code").unwrap_or("");
    let session_state = params
        .get("sessionState")
        .or_else(|| params.get("session_state"));
    let login = lock(&app.logins)
        .get(state)
        .filter(|l| l.provider == provider && l.started.elapsed() < LOGIN_TTL)
        .cloned()
        .ok_or_else(|| {
            ApiError::invalid(
                "the OpenID state does not match a login this server started (send it exactly as \
                 the login issued it, without anything appended)",
            )
        })?;
    let approval = login
        .approved
        .filter(|a| a.code == code && session_state.is_none_or(|s| s == a.session_state))
        .ok_or_else(|| {
            ApiError::new(
                Code::InvalidCredentials,
                "the authorization code is not the one the identity provider issued",
            )
        })?;
    lock(&app.logins).remove(state);
    let token = app.store_raw().issue_openid_token(approval.user_id)?;
    Ok(token_reply(&token))
}
