//! The signed-in user's own account (`/api/rest/v1/users/me/…`; api.md, "User self-service"):
//! a new password, and two-factor sign-in (a new secret, then a code made with it turns it on).
use super::client::{rest, ApiClient};
use super::wire::account::{EnableTotpBody, PasswordBody, ResetTotpBody, ResetTotpResult};
use super::wire::common::Envelope;
use super::ApiError;
use crate::domain::totp::TotpEnrolment;

/// Changes the password. A wrong current password is a 401 `INVALID_CREDENTIALS` (not a lost
/// sign-in); a new one that breaks CHORUS's rule a 400 with the rule in words
/// (`domain::password` checks it before).
pub async fn change_password(api: ApiClient, current: &str, new: &str) -> Result<(), ApiError> {
    let body = PasswordBody {
        current_password: current,
        new_password: new,
    };
    api.put::<_, serde_json::Value>(&rest(&["users", "me", "password"]), &body)
        .await
        .map(drop)
}

/// Makes a new two-factor secret (and recovery codes) for the account, after its password:
/// two-factor sign-in is **off** from then until [`enable_totp`] confirms a code.
pub async fn reset_totp(api: ApiClient, password: &str) -> Result<TotpEnrolment, ApiError> {
    let route = rest(&["users", "me", "totp", "reset"]);
    let env = api
        .post::<_, Envelope<ResetTotpResult>>(&route, &ResetTotpBody { password })
        .await?;
    let enrolment = TotpEnrolment::from(env.result);
    if enrolment.secret.is_empty() {
        return Err(ApiError::Decode(
            "the backend sent no two-factor secret".into(),
        ));
    }
    Ok(enrolment)
}

/// Turns two-factor sign-in on with a code from the authenticator app (a wrong code is a 401
/// `INVALID_CREDENTIALS`).
pub async fn enable_totp(api: ApiClient, code: &str) -> Result<(), ApiError> {
    let route = rest(&["users", "me", "totp", "enable"]);
    api.post::<_, serde_json::Value>(&route, &EnableTotpBody { totp: code.trim() })
        .await
        .map(drop)
}
