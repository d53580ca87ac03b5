//! Signing in and out, and the current user (`/api/rest/v1/authentication/…`, `/users/me`).
use super::client::{rest, with_query, ApiClient, EmptyBody};
use super::wire::auth::{LoginBody, LogoutReply, ModesResult, OAuthLoginResult, RegisterBody};
use super::wire::common::Envelope;
use super::wire::user::MeResult;
use super::ApiError;
use crate::domain::auth::{default_modes, LoginMode};
use crate::domain::user::User;
use web_sys::AbortSignal;

/// The ways to sign in. A backend without the route (404) has the password form only.
pub(crate) async fn modes(api: ApiClient) -> Result<Vec<LoginMode>, ApiError> {
    match api
        .get::<Envelope<ModesResult>>(&rest(&["authentication", "modes"]))
        .await
    {
        Ok(env) => {
            let modes: Vec<LoginMode> = env.result.into_modes();
            Ok(if modes.is_empty() {
                default_modes()
            } else {
                modes
            })
        }
        Err(e) if e.means_missing_route() => Ok(default_modes()),
        Err(e) => Err(e),
    }
}

/// Creates one's own account (`POST /users` without a login; api.md, "Self-registration"):
/// allowed where a mode says `registration`, else 403. The names, username and password are
/// trimmed as CHORUS trims them (but the password).
pub(crate) async fn register(
    api: ApiClient,
    account: &crate::domain::registration::Registration<'_>,
) -> Result<(), ApiError> {
    let body = RegisterBody {
        first_name: account.first_name.trim(),
        last_name: account.last_name.trim(),
        username: account.username.trim(),
        password: account.password,
        email: account.email.trim(),
    };
    api.post::<_, serde_json::Value>(&rest(&["users"]), &body)
        .await
        .map(drop)
}

/// Password login; `totp` once the backend asked for a one-time code (`TWO_FACTOR_REQUIRED`).
/// The backend sets the login cookie; the reply's token (kept in memory only, to read its
/// expiry) is returned when there is one. Like every call that sets the cookie, it is aborted
/// when `signal` fires (a sign-out).
pub(crate) async fn login(
    api: ApiClient,
    username: &str,
    password: &str,
    totp: Option<&str>,
    signal: Option<&AbortSignal>,
) -> Result<Option<String>, ApiError> {
    let body = LoginBody {
        username,
        password,
        totp,
    };
    api.post_abortable::<_, serde_json::Value>(&rest(&["authentication", "login"]), &body, signal)
        .await
        .map(|v| token_of(&v))
}

/// `result.token` of a login or refresh reply, when it is a non-empty string.
fn token_of(reply: &serde_json::Value) -> Option<String> {
    reply
        .get("result")?
        .get("token")?
        .as_str()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// The identity provider's login page for `provider`.
pub(crate) async fn oauth_login_url(api: ApiClient, provider: &str) -> Result<String, ApiError> {
    let env = api
        .get::<Envelope<OAuthLoginResult>>(&rest(&["authentication", "oauth2", provider, "login"]))
        .await?;
    let uri = env.result.redirect_uri.trim().to_string();
    if uri.is_empty() {
        return Err(ApiError::Decode(
            "the sign-in reply named no identity provider page".into(),
        ));
    }
    Ok(uri)
}

/// Finishes an OpenID login with what the provider sent back (`state` exactly as the backend
/// issued it). The backend sets the login cookie; the reply's token when there is one (to tell
/// why a browser did not keep the cookie). Aborted when `signal` fires.
pub(crate) async fn oauth_redirect(
    api: ApiClient,
    provider: &str,
    state: &str,
    session_state: Option<&str>,
    code: &str,
    signal: Option<&AbortSignal>,
) -> Result<Option<String>, ApiError> {
    let mut params = vec![("state", state), ("code", code)];
    if let Some(s) = session_state.filter(|s| !s.is_empty()) {
        params.push(("sessionState", s));
    }
    let path = with_query(
        &rest(&["authentication", "oauth2", provider, "redirect"]),
        &params,
    );
    api.get_abortable::<serde_json::Value>(&path, signal)
        .await
        .map(|v| token_of(&v))
}

/// A fresh token (and cookie) with the user's current roles; the token when the reply has one.
/// Aborted when `signal` fires.
pub(crate) async fn refresh_token(
    api: ApiClient,
    signal: Option<&AbortSignal>,
) -> Result<Option<String>, ApiError> {
    api.post_abortable::<_, serde_json::Value>(
        &rest(&["authentication", "refresh-token"]),
        &EmptyBody {},
        signal,
    )
    .await
    .map(|v| token_of(&v))
}

/// Signs out; `Some(url)`: the provider's end-session page to go to.
pub(crate) async fn logout(api: ApiClient) -> Result<Option<String>, ApiError> {
    api.post::<_, LogoutReply>(&rest(&["authentication", "logout"]), &EmptyBody {})
        .await
        .map(|r| r.redirect_url)
}

/// The signed-in user (a 401 when nobody is).
pub(crate) async fn me(api: ApiClient) -> Result<User, ApiError> {
    api.get::<Envelope<MeResult>>(&rest(&["users", "me"]))
        .await
        .map(|env| User::from(env.result.me))
}

#[cfg(test)]
mod tests {
    use super::token_of;
    use serde_json::json;

    #[test]
    fn the_token_of_a_reply() {
        assert_eq!(
            token_of(&json!({"result":{"token":"a.b.c"}})).as_deref(),
            Some("a.b.c")
        );
        for v in [
            json!({}),
            json!({"result":{}}),
            json!({"result":{"token":""}}),
            json!({"result":{"token":42}}),
            json!({"token":"a.b.c"}),
            json!(null),
        ] {
            assert_eq!(token_of(&v), None, "{v}");
        }
    }
}
