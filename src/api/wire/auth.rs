//! Authentication on the wire (`/api/rest/v1/authentication/…`) and its mapping to
//! [`crate::domain::auth`].
use serde::{Deserialize, Deserializer, Serialize};

use super::common::Fields;
use crate::domain::auth::LoginMode;

/// One entry of `GET /authentication/modes`: `{"type":"internal","internal":{…},"ButtonText"}`
/// or `{"type":"openid","openid":{"id":"keycloak"},"ButtonText"}` (capital `B`).
#[derive(Clone, Debug, Default)]
pub struct ModeDto {
    pub type_: String,
    pub internal: Option<InternalDto>,
    pub openid: Option<OpenIdDto>,
    pub button_text: String,
}

impl<'de> Deserialize<'de> for ModeDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            type_: f.string(&["type"]),
            internal: f.opt(&["internal"]),
            openid: f.opt(&["openid"]),
            button_text: f.string(&["ButtonText"]),
        })
    }
}

/// `{"publicRegistrationEnabled"}` of an `internal` mode.
#[derive(Clone, Debug, Default)]
pub struct InternalDto {
    pub public_registration_enabled: bool,
}

impl<'de> Deserialize<'de> for InternalDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            public_registration_enabled: f.bool(&["publicRegistrationEnabled"]),
        })
    }
}

#[derive(Clone, Debug, Default)]
pub struct OpenIdDto {
    pub id: String,
}

impl<'de> Deserialize<'de> for OpenIdDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            id: f.string(&["id"]),
        })
    }
}

/// `{"modes":[Mode]}` inside the envelope.
#[derive(Clone, Debug, Default)]
pub struct ModesResult {
    pub modes: Vec<ModeDto>,
}

impl ModesResult {
    /// The modes this console knows, in the backend's order (others left out).
    pub(crate) fn into_modes(self) -> Vec<LoginMode> {
        self.modes.into_iter().filter_map(Option::from).collect()
    }
}

impl<'de> Deserialize<'de> for ModesResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            modes: f.vec(&["modes"]),
        })
    }
}

impl From<ModeDto> for Option<LoginMode> {
    /// `None` for a mode this console does not know (or an OpenID one without an id).
    fn from(d: ModeDto) -> Self {
        match crate::domain::wire_word(&d.type_).as_str() {
            "internal" => Some(LoginMode::Password {
                registration: d.internal.is_some_and(|i| i.public_registration_enabled),
            }),
            "openid" => {
                let id = d.openid.map(|o| o.id).unwrap_or_default();
                let id = id.trim();
                (!id.is_empty()).then(|| LoginMode::Provider {
                    id: id.to_string(),
                    button_text: d.button_text.trim().to_string(),
                })
            }
            _ => None,
        }
    }
}

/// Body of `POST /authentication/login`; `totp` only when the backend asked for it.
#[derive(Clone, Serialize)]
pub struct LoginBody<'a> {
    pub username: &'a str,
    pub password: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub totp: Option<&'a str>,
}

/// Body of a self-registration, `POST /users` without a login (api.md, "Self-registration"):
/// what CHORUS reads there (it ignores the rest); no `email` when none was typed.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterBody<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub username: &'a str,
    pub password: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub email: &'a str,
}

/// `{"redirectURI"}` of `GET /authentication/oauth2/{id}/login`.
#[derive(Clone, Debug, Default)]
pub struct OAuthLoginResult {
    pub redirect_uri: String,
}

impl<'de> Deserialize<'de> for OAuthLoginResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            redirect_uri: f.string(&["redirectURI"]),
        })
    }
}

/// The reply of `POST /authentication/logout`: `{}` or `{"redirectURL":"…"}` (no envelope).
#[derive(Clone, Debug, Default)]
pub struct LogoutReply {
    pub redirect_url: Option<String>,
}

impl<'de> Deserialize<'de> for LogoutReply {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            redirect_url: Fields::of(d)?.opt_string(&["redirectURL"]),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::wire::common::Envelope;

    fn modes(text: &str) -> Vec<LoginMode> {
        let env: Envelope<ModesResult> = serde_json::from_str(text).unwrap();
        env.result
            .modes
            .into_iter()
            .filter_map(Option::<LoginMode>::from)
            .collect()
    }

    #[test]
    fn decodes_chorus_modes() {
        let got = modes(
            r#"{"result":{"modes":[
              {"type":"internal","internal":{"publicRegistrationEnabled":false},"ButtonText":""},
              {"type":"internal","internal":{"publicRegistrationEnabled":true},"ButtonText":"Login via local DB"},
              {"type":"internal","internal":{"publicRegistrationEnabled":"yes"}},
              {"type":"internal"},
              {"type":"openid","openid":{"id":"keycloak"},"ButtonText":"Sign in with Keycloak"},
              {"type":"OPENID","openid":{"id":" eduid "}},
              {"type":"openid","openid":null,"ButtonText":"broken"},
              {"type":"saml"},
              "junk"
            ]}}"#,
        );
        assert_eq!(
            got,
            vec![
                LoginMode::Password {
                    registration: false
                },
                LoginMode::Password { registration: true },
                LoginMode::Password {
                    registration: false
                },
                LoginMode::Password {
                    registration: false
                },
                LoginMode::Provider {
                    id: "keycloak".into(),
                    button_text: "Sign in with Keycloak".into()
                },
                LoginMode::Provider {
                    id: "eduid".into(),
                    button_text: String::new()
                },
            ]
        );
    }

    #[test]
    fn login_body_sends_totp_only_when_given() {
        let b = LoginBody {
            username: "carol",
            password: "pw",
            totp: None,
        };
        assert_eq!(
            serde_json::to_value(&b).unwrap(),
            serde_json::json!({"username":"carol","password":"pw"})
        );
        let b = LoginBody {
            totp: Some("123456"),
            ..b
        };
        assert_eq!(serde_json::to_value(&b).unwrap()["totp"], "123456");
    }

    #[test]
    fn register_body_is_what_chorus_reads() {
        let b = RegisterBody {
            first_name: "Rita",
            last_name: "Register",
            username: "rita",
            password: "Correct-horse-battery",
            email: "",
        };
        assert_eq!(
            serde_json::to_value(&b).unwrap(),
            serde_json::json!({"firstName":"Rita","lastName":"Register","username":"rita",
                "password":"Correct-horse-battery"})
        );
        let b = RegisterBody {
            email: "rita@example.org",
            ..b
        };
        assert_eq!(
            serde_json::to_value(&b).unwrap()["email"],
            "rita@example.org"
        );
    }

    #[test]
    fn logout_reply_with_or_without_redirect() {
        let r: LogoutReply = serde_json::from_str("{}").unwrap();
        assert_eq!(r.redirect_url, None);
        let r: LogoutReply =
            serde_json::from_str(r#"{"redirectURL":"https://idp.example/logout"}"#).unwrap();
        assert_eq!(
            r.redirect_url.as_deref(),
            Some("https://idp.example/logout")
        );
        let r: OAuthLoginResult =
            serde_json::from_str(r#"{"redirectURI":"https://idp.example/auth?state=x"}"#).unwrap();
        assert_eq!(r.redirect_uri, "https://idp.example/auth?state=x");
    }
}
