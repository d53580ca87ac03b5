//! One's own account on the wire (api.md, "User self-service"): the bodies of a password
//! change and of the two-factor calls, and the reply of `ResetTotp`.
use serde::{Deserialize, Deserializer, Serialize};

use super::common::Fields;
use crate::domain::totp::TotpEnrolment;

/// Body of `PUT /users/me/password`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordBody<'a> {
    pub current_password: &'a str,
    pub new_password: &'a str,
}

/// Body of `POST /users/me/totp/enable`.
#[derive(Clone, Debug, Serialize)]
pub struct EnableTotpBody<'a> {
    pub totp: &'a str,
}

/// Body of `POST /users/me/totp/reset`.
#[derive(Clone, Debug, Serialize)]
pub struct ResetTotpBody<'a> {
    pub password: &'a str,
}

/// `{"totpSecret": "…", "totpRecoveryCodes": […]}`.
#[derive(Clone, Debug)]
pub struct ResetTotpResult(pub TotpEnrolment);

impl<'de> Deserialize<'de> for ResetTotpResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self(TotpEnrolment {
            secret: f.string(&["totpSecret"]).trim().to_owned(),
            recovery_codes: f.string_vec(&["totpRecoveryCodes"]),
        }))
    }
}

impl From<ResetTotpResult> for TotpEnrolment {
    fn from(dto: ResetTotpResult) -> Self {
        dto.0
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::Envelope;
    use super::*;

    #[test]
    fn what_api_md_shows_decodes() {
        let env: Envelope<ResetTotpResult> = serde_json::from_str(
            r#"{"result":{"totpSecret":"JBSWY3DPEHPK3PXP","totpRecoveryCodes":["a1b2c3","d4e5f6"]}}"#,
        )
        .unwrap();
        let e = TotpEnrolment::from(env.result);
        assert_eq!(e.secret, "JBSWY3DPEHPK3PXP");
        assert_eq!(e.recovery_codes, ["a1b2c3", "d4e5f6"]);
        // The other two replies are ignored whole: `{"result":{"user":null}}`, `{"result":{}}`.
        for reply in [r#"{"result":{"user":null}}"#, r#"{"result":{}}"#] {
            assert!(serde_json::from_str::<Envelope<serde_json::Value>>(reply).is_ok());
        }
    }

    #[test]
    fn odd_replies_do_not_panic() {
        let e: ResetTotpResult =
            serde_json::from_str(r#"{"totpSecret":null,"totpRecoveryCodes":"x"}"#).unwrap();
        assert_eq!(e.0.secret, "");
        assert!(e.0.recovery_codes.is_empty());
        let e: ResetTotpResult =
            serde_json::from_str(r#"{"totpRecoveryCodes":["a",1,null,""]}"#).unwrap();
        assert_eq!(e.0.recovery_codes, ["a", "1"]);
        assert!(serde_json::from_str::<ResetTotpResult>("\"secret\"").is_err());
    }

    #[test]
    fn bodies_are_exactly_the_fields_chorus_knows() {
        let s = |v: serde_json::Result<String>| v.unwrap();
        assert_eq!(
            s(serde_json::to_string(&PasswordBody {
                current_password: "old",
                new_password: "New-password-123"
            })),
            r#"{"currentPassword":"old","newPassword":"New-password-123"}"#
        );
        assert_eq!(
            s(serde_json::to_string(&EnableTotpBody { totp: "123456" })),
            r#"{"totp":"123456"}"#
        );
        assert_eq!(
            s(serde_json::to_string(&ResetTotpBody { password: "pw" })),
            r#"{"password":"pw"}"#
        );
    }
}
