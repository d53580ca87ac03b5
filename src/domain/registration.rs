//! Creating one's own account (`/register`; api.md, "Self-registration"): the form checked
//! before it is sent, and CHORUS's refusals in words. CHORUS applies no password rule on this
//! route (only `PUT /users/me/password` does): the console asks for the rule of `Change password`
//! ([`crate::domain::password`]), so that the new account's password is one the profile page
//! would accept. A taken username is CHORUS's **500** `Unable to store user <u>` (a
//! unique-constraint error), another backend's 409.

use super::permissions::{validate_user_form, FieldError, UserFields};

/// The form's fields as typed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Registration<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub username: &'a str,
    pub email: &'a str,
    pub password: &'a str,
    pub repeat: &'a str,
}

/// The form's keys in the order the fields are shown (`repeat`: `Repeat password`).
pub(crate) const FIELDS: [&str; 6] = [
    "firstName",
    "lastName",
    "username",
    "email",
    "password",
    "repeat",
];

/// Everything wrong with the form before it is sent, in the order of its fields: the names,
/// the username and the password are required (CHORUS's 400 `firstName, lastName, username and
/// password are required`), the names and the username pass `generalstring`, the username has
/// no white space, an e-mail (optional) looks like one, the password follows the rule and is
/// repeated exactly. Empty when all is well.
pub(crate) fn problems(r: &Registration) -> Vec<FieldError> {
    let mut out = validate_user_form(&UserFields {
        username: r.username,
        first_name: r.first_name,
        last_name: r.last_name,
        email: r.email,
        password: Some(r.password),
    });
    for (field, value, words) in [
        ("firstName", r.first_name, "Enter your first name"),
        ("lastName", r.last_name, "Enter your last name"),
    ] {
        if value.trim().is_empty() {
            out.push(FieldError {
                field,
                message: words.to_string(),
            });
        }
    }
    if !r.password.is_empty() && r.password != r.repeat {
        out.push(FieldError {
            field: "repeat",
            message: "The repeated password is not the same as the password.".to_string(),
        });
    }
    let rank = |f: &FieldError| {
        FIELDS
            .iter()
            .position(|k| *k == f.field)
            .unwrap_or(FIELDS.len())
    };
    super::sort_small(&mut out, |a, b| rank(a).cmp(&rank(b)));
    out
}

/// Why the backend did not create the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The username belongs to someone already (CHORUS's 500 `Unable to store user <u>`, a 409).
    Taken(String),
    /// Self-registration is off (403 `Public user registration is disabled`).
    Disabled,
    /// A server error that may be a taken username (CHORUS says no more), or anything else.
    Other { may_be_taken: bool },
}

/// The refusal of `username`'s registration from the reply's status and message.
pub(crate) fn refusal(status: Option<u16>, message: Option<&str>, username: &str) -> Refusal {
    let message = message.unwrap_or_default().to_ascii_lowercase();
    match status {
        Some(409) => Refusal::Taken(username.trim().to_string()),
        Some(500) if message.contains("unable to store user") => {
            Refusal::Taken(username.trim().to_string())
        }
        Some(403) => Refusal::Disabled,
        Some(500) => Refusal::Other { may_be_taken: true },
        _ => Refusal::Other {
            may_be_taken: false,
        },
    }
}

impl Refusal {
    /// The refusal in words (for [`Refusal::Other`], the start of a sentence the error's own
    /// words follow).
    pub(crate) fn text(&self) -> String {
        match self {
            Self::Taken(u) => format!(
                "The username {} is already taken. Choose another one.",
                crate::domain::text::shown_string(u)
            ),
            Self::Disabled => {
                "This platform does not let people create their own accounts. Ask its \
                 administrators for one."
                    .to_string()
            }
            Self::Other { may_be_taken: true } => {
                "The account was not created: the username may already be taken. Try another \
                 one."
                    .to_string()
            }
            Self::Other {
                may_be_taken: false,
            } => "The account was not created.".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form<'a>(password: &'a str, repeat: &'a str) -> Registration<'a> {
        Registration {
            first_name: "Rita",
            last_name: "Register",
            username: "rita",
            email: "",
            password,
            repeat,
        }
    }

    fn fields(r: &Registration) -> Vec<&'static str> {
        problems(r).into_iter().map(|p| p.field).collect()
    }

    #[test]
    fn a_good_form_passes() {
        assert!(problems(&form("Correct-horse-battery", "Correct-horse-battery")).is_empty());
        let with_email = Registration {
            email: "rita@example.org",
            ..form("Correct-horse-battery", "Correct-horse-battery")
        };
        assert!(problems(&with_email).is_empty());
    }

    #[test]
    fn the_password_rule_of_change_password_is_checked() {
        let found = problems(&form("short", "short"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, "password");
        assert_eq!(
            found[0].message,
            "The password needs at least 14 characters, an uppercase letter and a special \
             character such as ! or %."
        );
        assert_eq!(fields(&form("", "")), ["password"]);
    }

    #[test]
    fn the_repeat_must_match() {
        let found = problems(&form("Correct-horse-battery", "Correct-horse-batter"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, "repeat");
        assert_eq!(
            found[0].message,
            "The repeated password is not the same as the password."
        );
    }

    #[test]
    fn every_required_field_is_said_in_the_order_of_the_form() {
        let empty = Registration::default();
        assert_eq!(
            fields(&empty),
            ["firstName", "lastName", "username", "password"]
        );
        let bad = Registration {
            first_name: "A|b",
            last_name: " ",
            username: "a b",
            email: "not-an-email",
            password: "Correct-horse-battery",
            repeat: "",
        };
        assert_eq!(
            fields(&bad),
            ["firstName", "lastName", "username", "email", "repeat"]
        );
    }

    #[test]
    fn a_taken_username_is_said_in_words() {
        let chorus = refusal(Some(500), Some("Unable to store user rita"), "rita");
        assert_eq!(chorus, Refusal::Taken("rita".into()));
        assert_eq!(
            chorus.text(),
            "The username rita is already taken. Choose another one."
        );
        assert_eq!(
            refusal(Some(409), Some("username 'rita' is taken"), " rita "),
            Refusal::Taken("rita".into())
        );
        assert_eq!(
            refusal(Some(500), Some("boom"), "rita"),
            Refusal::Other { may_be_taken: true }
        );
        assert_eq!(
            refusal(
                Some(403),
                Some("Public user registration is disabled"),
                "rita"
            ),
            Refusal::Disabled
        );
        assert_eq!(
            refusal(None, None, "rita"),
            Refusal::Other {
                may_be_taken: false
            }
        );
    }
}
