//! An error as a person reads it (issue 47, "words, not codes"): what happened and what to do,
//! in words ([`ApiError::words`]), and apart from it the technical detail — the status, the
//! backend's code and message — for those who look ([`ApiError::detail`], shown behind a
//! disclosure), and whether a `Retry` can help at all ([`ApiError::retry_may_help`]).
use super::{truncate, ApiError, ErrorKind};

impl ApiError {
    /// Whether trying the same again may help: no reply, a reply the console could not read, a
    /// 5xx (the platform or its proxy in trouble) or a 429 (too many requests). A refusal, a
    /// thing that is not there or a request the backend did not accept stays so.
    pub fn retry_may_help(&self) -> bool {
        match self {
            ApiError::Network(_) | ApiError::Decode(_) => true,
            ApiError::Http { status, .. } => *status == 429 || (500..=599).contains(status),
            _ => false,
        }
    }

    /// Whether the reply came from a proxy in front of a platform that does not answer (502, 503,
    /// 504): the platform is down or restarting.
    pub fn platform_unreachable(&self) -> bool {
        matches!(self.status(), Some(502..=504)) || matches!(self, ApiError::Network(_))
    }

    /// What happened and what to do, in words: no status code, no code of the backend, no
    /// permission id (those are in [`Self::detail`]). A request the backend did not accept keeps
    /// the backend's own reason: it says what to change.
    pub fn words(&self) -> String {
        // One table of fixed sentences and one allocation: this is in the first load (the login
        // page and the sign-in check show it), where every byte counts (DEVELOPERS.md).
        const AGAIN: &str = "; if it happens again, tell the platform's administrators (the details below help them).";
        let (fixed, tail) = match self {
            ApiError::Network(_) => ("The platform cannot be reached right now. Check your connection; the console tries again where it can.", ""),
            ApiError::Decode(_) => ("The platform sent a reply the console could not read. Try again", AGAIN),
            ApiError::Http { status, .. } => match (*status, self.kind()) {
                (502..=504, _) => ("The platform cannot be reached right now: it may be restarting. Try again in a minute; if it lasts, tell the platform's administrators.", ""),
                (429, _) => ("The platform is busy (too many requests at once). Wait a moment and try again.", ""),
                (_, ErrorKind::Server) => ("The platform ran into a problem and could not do this. Try again in a minute", AGAIN),
                (_, ErrorKind::Unauthorized) if self.chorus_code() == Some("INVALID_CREDENTIALS") => {
                    ("The password or code was not accepted. Check it and try again.", "")
                }
                (_, ErrorKind::Unauthorized) => ("Your sign-in has ended. Sign in again to go on.", ""),
                (_, ErrorKind::Forbidden) => ("You may not do this: your roles do not allow it. If you need to, ask an administrator of the workspace or of the platform.", ""),
                (_, ErrorKind::NotFound) => ("It is not there: it may have been deleted or moved, or you may not see it.", ""),
                (_, ErrorKind::Conflict) => ("It clashes with something already there (the same name, or a change made meanwhile). Look again, or choose another name.", ""),
                _ => return self.not_accepted(),
            },
            other => return other.message(),
        };
        let mut w = String::with_capacity(fixed.len() + tail.len());
        w.push_str(fixed);
        w.push_str(tail);
        w
    }

    /// A request the backend did not accept (a 4xx but 401/403/404/409): its reason, or that it
    /// gave none.
    fn not_accepted(&self) -> String {
        let mut reasons = String::new();
        for v in self.validation_errors() {
            if !reasons.is_empty() {
                reasons.push_str("; ");
            }
            reasons.push_str(&v.field);
            reasons.push_str(": ");
            reasons.push_str(&v.reason);
        }
        let reason = if reasons.is_empty() {
            self.server_message()
        } else {
            Some(reasons.as_str())
        };
        match reason {
            Some(r) => {
                let mut w = String::from("The platform did not accept this: ");
                w.push_str(truncate(r, 300).trim_end_matches('.'));
                w.push('.');
                w
            }
            None => "The platform did not accept this, and said no more.".to_owned(),
        }
    }

    /// The technical detail, for the disclosure under the words: the HTTP status, the backend's
    /// code and its message (`HTTP 502 Bad Gateway`, `code NOT_FOUND`, …); what the browser said
    /// of a request that got no reply; `None` where the words say everything.
    pub fn detail(&self) -> Option<String> {
        let (mut d, text) = match self {
            ApiError::Network(m) => {
                let m = m.trim();
                (
                    String::from("No reply from the server. The browser said: "),
                    if m.is_empty() { "nothing" } else { m },
                )
            }
            ApiError::Decode(m) => (String::from("Unreadable reply: "), m.as_str()),
            ApiError::Http { .. } => {
                let mut d = self.status_words();
                if let Some(code) = self.chorus_code() {
                    d.push_str(" · code ");
                    d.push_str(code);
                }
                match self.server_message() {
                    Some(m) => {
                        d.push_str(" · message: ");
                        d.push_str(&truncate(m, 300));
                    }
                    None => d.push_str(" · no message"),
                }
                return Some(d);
            }
            _ => return None,
        };
        d.push_str(&truncate(text, 200));
        Some(d)
    }

    /// The permission a 403 of CHORUS names (`required permission: listFilesInWorkspace`), if any.
    pub fn missing_permission(&self) -> Option<&str> {
        let m = self.server_message()?;
        let (_, rest) = m.split_once("required permission:")?;
        let perm = rest.trim().split(['@', ' ', ',']).next()?;
        (!perm.is_empty()).then_some(perm)
    }
}

#[cfg(test)]
mod tests {
    use super::super::http_error;
    use super::*;
    use crate::api::extension::Extension;

    #[test]
    fn a_proxy_502_is_said_in_words_with_the_status_in_the_detail() {
        let e = http_error(502, "Bad Gateway", "<html><h1>502 Bad Gateway</h1></html>");
        let w = e.words();
        assert!(
            w.starts_with("The platform cannot be reached right now"),
            "{w}"
        );
        assert!(!w.contains("502") && !w.contains("HTTP"), "{w}");
        assert_eq!(
            e.detail().as_deref(),
            Some("HTTP 502 Bad Gateway · no message")
        );
        assert!(e.retry_may_help());
        assert!(e.platform_unreachable());
        for s in [503, 504] {
            assert!(http_error(s, "", "").words().contains("cannot be reached"));
        }
    }

    #[test]
    fn a_missing_thing_is_words_and_no_retry() {
        let e = http_error(
            404,
            "Not Found",
            r#"{"code":5,"message":"Approval request not found","details":[{"chorusCode":"NOT_FOUND","message":"Approval request not found"}]}"#,
        );
        assert!(!e.retry_may_help());
        assert!(!e.words().contains("404"));
        let d = e.detail().unwrap_or_default();
        assert!(
            d.contains("HTTP 404 Not Found") && d.contains("code NOT_FOUND"),
            "{d}"
        );
        assert!(d.contains("Approval request not found"), "{d}");
    }

    #[test]
    fn a_refusal_keeps_the_permission_out_of_the_words() {
        let e = http_error(
            403,
            "Forbidden",
            r#"{"code":7,"message":"required permission: listFilesInWorkspace@workspace:3","details":[]}"#,
        );
        assert!(!e.words().contains("listFilesInWorkspace"));
        assert!(e
            .detail()
            .is_some_and(|d| d.contains("listFilesInWorkspace")));
        assert_eq!(e.missing_permission(), Some("listFilesInWorkspace"));
        assert!(!e.retry_may_help());
        assert_eq!(http_error(403, "", "").missing_permission(), None);
    }

    #[test]
    fn what_a_retry_can_fix() {
        assert!(ApiError::Network("reset".into()).retry_may_help());
        assert!(http_error(500, "", "").retry_may_help());
        assert!(http_error(429, "", "").retry_may_help());
        assert!(http_error(429, "", "").words().contains("busy"));
        for s in [400, 401, 403, 404, 409, 422] {
            assert!(!http_error(s, "", "").retry_may_help(), "{s}");
        }
        assert!(!ApiError::Unsupported(Extension::Jobs).retry_may_help());
        assert!(!ApiError::SignedOut.retry_may_help());
    }

    #[test]
    fn a_request_not_accepted_says_the_backends_reason() {
        let e = http_error(
            400,
            "Bad Request",
            r#"{"message":"invalid","details":[{"chorusCode":"VALIDATION_ERROR","validationErrors":[{"field":"email","reason":"must be an email"}]}]}"#,
        );
        assert_eq!(
            e.words(),
            "The platform did not accept this: email: must be an email."
        );
        let e = http_error(
            400,
            "",
            r#"{"message":"File store archive is disabled","details":[]}"#,
        );
        assert_eq!(
            e.words(),
            "The platform did not accept this: File store archive is disabled."
        );
        assert!(http_error(400, "", "").words().contains("said no more"));
        let e = ApiError::Network("TypeError: Failed to fetch".into());
        assert!(e.words().contains("cannot be reached"));
        assert!(e.detail().is_some_and(|d| d.contains("Failed to fetch")));
        assert_eq!(
            ApiError::Unsupported(Extension::Jobs).words(),
            ApiError::Unsupported(Extension::Jobs).message()
        );
        assert_eq!(ApiError::Unsupported(Extension::Jobs).detail(), None);
    }
}
