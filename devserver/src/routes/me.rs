//! One's own account (api.md "User self-service", CHORUS's `UserService`), both flavors: change
//! the password, set up two-factor sign-in (`reset` gives a new secret and recovery codes and
//! turns the code off, `enable` turns it on with a code of that secret; `reset` with the password
//! is also how it is turned off). The one-time codes are RFC 6238's (`crate::totp`); the login
//! asks for one once `totpEnabled` (`Store::login`).

use axum::extract::State;
use axum::response::Response;
use axum::routing::{post, put};
use axum::Router;
use serde::Deserialize;

use crate::error::{ApiError, ApiResult, Code, FieldError};
use crate::extract::{BodySpec, Caller, JsonBody};
use crate::perms::Target;
use crate::reply;
use crate::state::Shared;
use crate::totp;
use crate::wire::v1;

/// CHORUS's `helper.SpecialChars`.
pub(crate) const SPECIAL_CHARS: &str = r##"%&'"#?!@$%^&*-.+/()= _^"##;

/// What a password that is easily guessed holds (a stand-in for CHORUS's zxcvbn score ≥ 3).
const GUESSABLE: &[&str] = &[
    "password",
    "passwort",
    "motdepasse",
    "qwerty",
    "azerty",
    "123456",
    "letmein",
    "welcome",
    "admin",
    "chorus",
    "abcdef",
    "iloveyou",
    "monkey",
    "dragon",
    "football",
];

/// `helper.IsStrongPassword`: at least 14 bytes, a lower-case and an upper-case letter, a digit
/// and a special character, and not easily guessed (here: none of a few common words, at
/// least 8 different characters).
pub(crate) fn strong(pwd: &str) -> bool {
    let lower = pwd.to_lowercase();
    let mut distinct: Vec<char> = pwd.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    pwd.len() >= 14
        && pwd.bytes().any(|b| b.is_ascii_lowercase())
        && pwd.bytes().any(|b| b.is_ascii_uppercase())
        && pwd.bytes().any(|b| b.is_ascii_digit())
        && pwd.chars().any(|c| SPECIAL_CHARS.contains(c))
        && distinct.len() >= 8
        && !GUESSABLE.iter().any(|w| lower.contains(w))
}

fn invalid_credentials() -> ApiError {
    ApiError::new(
        Code::InvalidCredentials,
        "The provided credentials are invalid.",
    )
}

/// A validation error as the flavor spells it: CHORUS names the Go field and the tag.
fn field_error(app: &Shared, ours: &str, theirs: &str, tag: &str, words: &str) -> ApiError {
    if app.chorus() {
        let mut e = ApiError::validation(vec![FieldError::new(theirs, tag)]);
        e.message = "Validation error".into();
        e
    } else {
        ApiError::validation(vec![FieldError::new(ours, words)])
    }
}

/// CHORUS's `generalstring`: none of `| < > ~`.
fn general(s: &str) -> bool {
    !s.contains(['|', '<', '>', '~'])
}

/// `PUT /users/me/password`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PasswordIn {
    current_password: Option<String>,
    new_password: Option<String>,
}

impl BodySpec for PasswordIn {}

pub(crate) async fn password(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<PasswordIn>,
) -> ApiResult<Response> {
    app.store()
        .require(uid, "updatePassword", &Target::user(uid))?;
    let current = body.current_password.unwrap_or_default();
    let new = body.new_password.unwrap_or_default();
    for (value, ours, theirs) in [
        (&current, "currentPassword", "CurrentPassword"),
        (&new, "newPassword", "NewPassword"),
    ] {
        if value.is_empty() {
            return Err(field_error(&app, ours, theirs, "required", "is required"));
        }
        if value.chars().count() > 254 {
            return Err(field_error(
                &app,
                ours,
                theirs,
                "max",
                "is longer than 254 characters",
            ));
        }
        if !general(value) {
            return Err(field_error(
                &app,
                ours,
                theirs,
                "generalstring",
                "must not hold | < > ~",
            ));
        }
    }
    let mut st = app.store();
    let user = st
        .users
        .get_mut(&uid)
        .ok_or_else(ApiError::unauthenticated)?;
    if user.password != current {
        return Err(invalid_credentials());
    }
    if !strong(&new) {
        return Err(ApiError::new(
            Code::ValidationError,
            format!(
                "Password does not meet security requirements: complex password (not easily \
                 guessable) with at least 14 characters, among which 1 lowercase, 1 uppercase \
                 and 1 special character: {SPECIAL_CHARS}"
            ),
        ));
    }
    user.password = new;
    user.password_changed = true;
    user.updated_at = std::time::SystemTime::now();
    Ok(reply::ok(
        &serde_json::json!({ "result": { "user": null } }),
    ))
}

/// `POST /users/me/totp/enable {"totp"}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EnableIn {
    totp: Option<String>,
}

impl BodySpec for EnableIn {}

pub(crate) async fn enable(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<EnableIn>,
) -> ApiResult<Response> {
    app.store().require(uid, "enableTotp", &Target::user(uid))?;
    let code = body.totp.unwrap_or_default();
    let len = code.chars().count();
    if len == 0 {
        return Err(field_error(&app, "totp", "Totp", "required", "is required"));
    }
    if !(6..=10).contains(&len) {
        let tag = if len < 6 { "min" } else { "max" };
        return Err(field_error(
            &app,
            "totp",
            "Totp",
            tag,
            "must be 6 to 10 characters",
        ));
    }
    if !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(field_error(
            &app,
            "totp",
            "Totp",
            "safestring",
            "must be letters and digits",
        ));
    }
    let mut st = app.store();
    let user = st
        .users
        .get_mut(&uid)
        .ok_or_else(ApiError::unauthenticated)?;
    let by_secret = user
        .totp_secret
        .as_deref()
        .is_some_and(|s| totp::verify(s, &code));
    let by_fixed = user.totp_secret.is_none() && user.totp.as_deref() == Some(code.as_str());
    if !(by_secret || by_fixed) {
        return Err(invalid_credentials());
    }
    user.totp_enabled = true;
    Ok(reply::empty_result())
}

/// `POST /users/me/totp/reset {"password"}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ResetIn {
    password: Option<String>,
}

impl BodySpec for ResetIn {}

pub(crate) async fn reset(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<ResetIn>,
) -> ApiResult<Response> {
    app.store().require(uid, "resetTotp", &Target::user(uid))?;
    let password = body.password.unwrap_or_default();
    let mut rng = fastrand::Rng::new();
    let secret = totp::new_secret(&mut rng);
    let codes = totp::new_recovery_codes(&mut rng);
    let mut st = app.store();
    let user = st
        .users
        .get_mut(&uid)
        .ok_or_else(ApiError::unauthenticated)?;
    if password.is_empty() || user.password != password {
        return Err(invalid_credentials());
    }
    user.totp = None;
    user.totp_enabled = false;
    user.totp_secret = Some(secret.clone());
    user.recovery_codes = codes.clone();
    Ok(reply::ok(&serde_json::json!({ "result": {
        "totpSecret": totp::base32_encode(&secret),
        "totpRecoveryCodes": codes,
    }})))
}

/// The routes of one's own account.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route(&v1("/users/me/password"), put(password))
        .route(&v1("/users/me/totp/enable"), post(enable))
        .route(&v1("/users/me/totp/reset"), post(reset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chorus_password_rule() {
        assert!(strong("Tr0ub4dor&3-Horse"));
        assert!(!strong("Short1!a"), "too short");
        assert!(!strong("alllowercase1234!"), "no upper case");
        assert!(!strong("NoSpecialChars1234"), "no special character");
        assert!(!strong("NoDigitsHere!!abc"), "no digit");
        assert!(!strong("MyPassword2024!!"), "a common word");
        assert!(!strong("Aa1!Aa1!Aa1!Aa1!"), "too few different characters");
    }
}
