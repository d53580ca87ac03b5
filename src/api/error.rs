//! The one error type of every API call, and its words for the UI.
use super::extension::Extension;
use super::wire::common::{ErrorBody, ValidationError};

mod words;

/// Everything that can go wrong talking to the backend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// No reply: offline, DNS, CORS, connection reset, aborted.
    Network(String),
    /// A 4xx/5xx reply. `body` holds the backend's error body when the reply had that shape.
    Http {
        status: u16,
        status_text: String,
        body: Option<ErrorBody>,
    },
    /// A 2xx reply whose body was not what the contract says (malformed JSON, wrong shape).
    Decode(String),
    /// The backend lacks this extension route (api.md, "Extensions a backend does not have").
    Unsupported(Extension),
    /// Not sent: an id that would not stay one path segment (`.`, `..`, empty), which the
    /// browser would resolve as a step up the path ([`crate::api::client::path`]).
    NotAPathSegment(String),
    /// The sign-in this call belonged to ended (a sign-out here or in another tab) while it was
    /// under way: it was stopped, and whatever it answered changes nothing
    /// ([`crate::domain::sign_in::Generations`]).
    SignedOut,
}

/// A coarse classification, for retry policies and redirects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Network,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Invalid,
    Server,
    Decode,
    Unsupported,
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            ApiError::Network(_) => ErrorKind::Network,
            ApiError::Decode(_) => ErrorKind::Decode,
            ApiError::Unsupported(_) => ErrorKind::Unsupported,
            ApiError::NotAPathSegment(_) => ErrorKind::Invalid,
            ApiError::SignedOut => ErrorKind::Unauthorized,
            ApiError::Http { status, .. } => match status {
                401 => ErrorKind::Unauthorized,
                403 => ErrorKind::Forbidden,
                404 => ErrorKind::NotFound,
                409 => ErrorKind::Conflict,
                400..=499 => ErrorKind::Invalid,
                _ => ErrorKind::Server,
            },
        }
    }

    /// Worth trying again by itself (network trouble, 5xx, a garbled reply).
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::Network | ErrorKind::Server | ErrorKind::Decode
        )
    }

    /// Whether a refused `POST /app-instances` means "the session is not running yet": a 4xx (but
    /// 401/403/404) whose message or code says so (`not running`, `not ready`, `still starting`…).
    /// Such a tab waits for the session instead of turning to an error.
    pub fn is_session_not_running_refusal(&self) -> bool {
        let Some(status) = self.status() else {
            return false;
        };
        if !(400..500).contains(&status) || matches!(status, 401 | 403 | 404) {
            return false;
        }
        let text = format!(
            "{} {}",
            self.server_message().unwrap_or_default(),
            self.chorus_code().unwrap_or_default()
        )
        .to_ascii_lowercase()
        .replace(['_', '-'], " ");
        const PHRASES: [&str; 8] = [
            "not running",
            "not ready",
            "not started",
            "not yet running",
            "still starting",
            "is starting",
            "being provisioned",
            "not provisioned",
        ];
        PHRASES.iter().any(|p| text.contains(p))
    }

    /// Whether the reply says "no such route here" rather than "no such thing": 405, 501, or a
    /// 404 that names no resource (CHORUS's `{"code":5,"message":"Not Found","details":[]}`, a
    /// proxy's page). A 404 whose details say `NOT_FOUND` names a resource that is gone.
    pub fn means_missing_route(&self) -> bool {
        match self {
            ApiError::Http {
                status: 405 | 501, ..
            } => true,
            ApiError::Http {
                status: 404, body, ..
            } => !body.as_ref().is_some_and(|b| {
                b.chorus_code() == Some("NOT_FOUND") || {
                    let m = b.message.trim();
                    !m.is_empty() && !m.eq_ignore_ascii_case("not found")
                }
            }),
            _ => false,
        }
    }

    /// The backend's `chorusCode`, when it sent one.
    pub fn chorus_code(&self) -> Option<&str> {
        match self {
            ApiError::Http { body: Some(b), .. } => b.chorus_code(),
            _ => None,
        }
    }

    pub fn validation_errors(&self) -> Vec<ValidationError> {
        match self {
            ApiError::Http { body: Some(b), .. } => b.validation_errors().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// The backend's own message, when it sent one.
    pub fn server_message(&self) -> Option<&str> {
        match self {
            ApiError::Http { body: Some(b), .. } => {
                let detail = b
                    .details
                    .iter()
                    .map(|d| d.message.trim())
                    .find(|m| !m.is_empty());
                let top = Some(b.message.trim()).filter(|m| !m.is_empty());
                top.or(detail)
            }
            _ => None,
        }
    }

    /// `HTTP 502 Bad Gateway` (`HTTP 502` without a status text); empty without a reply.
    fn status_words(&self) -> String {
        let mut w = String::new();
        if let ApiError::Http {
            status,
            status_text,
            ..
        } = self
        {
            w.push_str("HTTP ");
            // The digits by hand: `to_string` would bring integer formatting in here.
            let mut unit = 10_000;
            while unit > 1 && *status < unit {
                unit /= 10;
            }
            while unit > 0 {
                w.push(char::from(b'0' + (*status / unit % 10) as u8));
                unit /= 10;
            }
            let text = status_text.trim();
            if !text.is_empty() {
                w.push(' ');
                w.push_str(text);
            }
        }
        w
    }

    /// One sentence for a person, always naming the HTTP status when there was one.
    pub fn message(&self) -> String {
        match self {
            ApiError::Network(_) => {
                "Cannot reach the server. Check your connection; the console will keep trying where it can."
                    .to_string()
            }
            ApiError::Decode(detail) => format!(
                "The server sent a reply the console could not read ({}).",
                truncate(detail, 160)
            ),
            ApiError::Unsupported(ext) => {
                format!("This deployment does not support {}.", ext.words())
            }
            ApiError::NotAPathSegment(id) => format!(
                "The console did not send this request: the id \u{201c}{}\u{201d} cannot be part of an address.",
                truncate(&crate::domain::start_log::plain_text(id), 40)
            ),
            ApiError::SignedOut => {
                "You signed out (in this tab or another tab of this browser) while this was under way, so it was stopped."
                    .to_string()
            }
            ApiError::Http { .. } => {
                let what = match self.kind() {
                    ErrorKind::Unauthorized => "Your sign-in has expired",
                    ErrorKind::Forbidden => "You do not have permission for this",
                    ErrorKind::NotFound => "Not found",
                    ErrorKind::Conflict => "This already exists",
                    ErrorKind::Invalid => "The request was not accepted",
                    _ => "The server had a problem",
                };
                // Pushed, not `format!`: this is in the first load.
                let mut w = String::from(what);
                let m = self.server_message();
                if let Some(m) = m {
                    w.push_str(": ");
                    w.push_str(&truncate(m, 300));
                }
                w.push_str(" (");
                w.push_str(&self.status_words());
                w.push_str(if m.is_some() {
                    ")."
                } else {
                    "), and it sent no details."
                });
                w
            }
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ApiError {}

fn truncate(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        s.to_string()
    } else {
        let mut cut: String = s.chars().take(max_chars).collect();
        cut.push('…');
        cut
    }
}

/// Builds the error for a non-2xx reply from its status and body text.
pub fn http_error(status: u16, status_text: &str, body_text: &str) -> ApiError {
    ApiError::Http {
        status,
        status_text: status_text.to_string(),
        body: ErrorBody::parse(body_text),
    }
}

/// Decodes a 2xx body, or says why it could not.
pub fn decode<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    // Through `Value`: every wire type then has one decoder (for `Value`), not a second one
    // for the text parser, which keeps the bundle smaller; the text's checks and the errors'
    // words in functions of their own, not in each wire type's copy of this one.
    serde_json::from_value(parse_json(text)?).map_err(shape_error)
}

/// The reply's text as JSON, or why it is none.
#[inline(never)]
fn parse_json(text: &str) -> Result<serde_json::Value, ApiError> {
    if text.trim().is_empty() {
        return Err(ApiError::Decode("the reply was empty".into()));
    }
    serde_json::from_str(text).map_err(|e| ApiError::Decode(format!("malformed JSON: {e}")))
}

#[inline(never)]
fn shape_error(e: serde_json::Error) -> ApiError {
    ApiError::Decode(format!("unexpected JSON shape: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::wire::common::Envelope;

    #[test]
    fn chorus_500_names_status_and_message() {
        let e = http_error(
            500,
            "Internal Server Error",
            r#"{"code": 13, "message": "database exploded",
                "details": [{"chorusCode": "INTERNAL_ERROR", "title": "Internal", "message": "database exploded"}]}"#,
        );
        assert_eq!(e.kind(), ErrorKind::Server);
        assert!(e.is_transient());
        assert_eq!(e.chorus_code(), Some("INTERNAL_ERROR"));
        let m = e.message();
        assert!(m.contains("500"), "{m}");
        assert!(m.contains("database exploded"), "{m}");
    }

    #[test]
    fn html_502_is_clear() {
        let e = http_error(
            502,
            "Bad Gateway",
            "<html><body><h1>502 Bad Gateway</h1></body></html>",
        );
        let m = e.message();
        assert!(m.contains("HTTP 502 Bad Gateway"), "{m}");
        assert!(!m.contains("<html>"), "{m}");
        assert_eq!(e.chorus_code(), None);
    }

    #[test]
    fn unauthorized_and_validation() {
        let e = http_error(
            401,
            "",
            r#"{"code": 16, "message": "login required", "details": [{"chorusCode": "UNAUTHENTICATED"}]}"#,
        );
        assert_eq!(e.kind(), ErrorKind::Unauthorized);
        assert!(!e.is_transient());
        let e = http_error(
            400,
            "Bad Request",
            r#"{"message": "invalid", "details": [{"chorusCode": "VALIDATION_ERROR",
                "validationErrors": [{"field": "email", "reason": "must be an email"}]}]}"#,
        );
        assert_eq!(e.kind(), ErrorKind::Invalid);
        assert_eq!(e.validation_errors()[0].field, "email");
    }

    #[test]
    fn malformed_json_is_a_decode_error() {
        let r: Result<Envelope<serde_json::Value>, _> = decode(r#"{"result": {"workbe"#);
        let e = r.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        assert!(e.message().contains("could not read"));
        let r: Result<Envelope<serde_json::Value>, _> = decode("");
        assert!(matches!(r, Err(ApiError::Decode(_))));
        let r: Result<Envelope<serde_json::Value>, _> = decode(r#"{"nope": 1}"#);
        assert!(r.unwrap_err().message().contains("unexpected JSON shape"));
    }

    #[test]
    fn missing_routes_are_told_from_missing_things() {
        // CHORUS without the route.
        assert!(
            http_error(404, "", r#"{"code":5,"message":"Not Found","details":[]}"#)
                .means_missing_route()
        );
        // A proxy's page, an empty body, the job service's word.
        assert!(http_error(404, "Not Found", "<html>404</html>").means_missing_route());
        assert!(http_error(404, "", "").means_missing_route());
        assert!(http_error(405, "", "").means_missing_route());
        assert!(http_error(501, "", r#"{"error":"not implemented"}"#).means_missing_route());
        // A resource that is gone.
        let gone = http_error(
            404,
            "",
            r#"{"code":5,"message":"workbench 99 not found","details":[{"chorusCode":"NOT_FOUND","message":"workbench 99 not found"}]}"#,
        );
        assert!(!gone.means_missing_route());
        assert!(!http_error(
            404,
            "",
            r#"{"message":"workbench 99 not found","details":[]}"#
        )
        .means_missing_route());
        assert!(!http_error(500, "", "").means_missing_route());
        assert!(!ApiError::Network("x".into()).means_missing_route());
        let words = ApiError::Unsupported(Extension::SessionStopStart).message();
        assert_eq!(
            words,
            "This deployment does not support stopping and starting sessions."
        );
    }

    #[test]
    fn long_server_messages_are_cut() {
        let long = "x".repeat(1000);
        let e = http_error(500, "", &format!(r#"{{"message": "{long}"}}"#));
        assert!(e.message().chars().count() < 400);
    }

    #[test]
    fn refusal_detection() {
        let e = http_error(
            409,
            "Conflict",
            r#"{"message":"workbench 5 is not running yet","details":[]}"#,
        );
        assert!(e.is_session_not_running_refusal());
        let e = http_error(
            400,
            "Bad Request",
            r#"{"message":"precondition","details":[{"chorusCode":"WORKBENCH_NOT_READY"}]}"#,
        );
        assert!(e.is_session_not_running_refusal());
        let e = http_error(
            422,
            "",
            r#"{"message":"The session is still starting","details":[]}"#,
        );
        assert!(e.is_session_not_running_refusal());
        // other 4xx, 5xx, auth, not found, network: not a refusal
        let e = http_error(400, "", r#"{"message":"unknown app '9'","details":[]}"#);
        assert!(!e.is_session_not_running_refusal());
        let e = http_error(
            503,
            "",
            r#"{"message":"workbench not running","details":[]}"#,
        );
        assert!(!e.is_session_not_running_refusal());
        let e = http_error(
            404,
            "",
            r#"{"message":"workbench not running","details":[]}"#,
        );
        assert!(!e.is_session_not_running_refusal());
        let e = http_error(409, "", "<html>not running</html>");
        assert!(!e.is_session_not_running_refusal());
        assert!(!ApiError::Network("not running".into()).is_session_not_running_refusal());
    }
}
