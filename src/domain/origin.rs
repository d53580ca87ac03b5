//! Origins of frame URLs (README, "Deploying"; SECURITY.md): where a session's desktop or an
//! app's page runs, built from `streamBaseUrl`, and whether it would share an origin with the
//! console, the API or the other sessions.
//!
//! `streamBaseUrl` may name the session in its host (`https://s{session}.streams.example.org`):
//! each session's pages then get an origin of their own, and none can script another's (ui.md,
//! "Behaviour the tests check"). An id goes into a host name only when it is a host-name label;
//! otherwise the frame is refused with a reason the page shows.

/// What `streamBaseUrl` holds where the session's id goes.
pub const SESSION_PLACEHOLDER: &str = "{session}";

/// The longest label of a host name (RFC 1035).
const MAX_LABEL: usize = 63;

/// Why a session's desktop or an app's page is not shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrameRefusal {
    /// `streamBaseUrl` puts the session's id into a host name, and this id is not a host-name
    /// label (letters, digits and inner hyphens), or would make a label too long.
    NotAHostLabel(String),
    /// `streamBaseUrl` names the session, and the page's session is not known.
    NoSession,
    /// An id that would not stay one path segment (`.`, `..`, empty).
    NotAPathSegment(String),
}

impl FrameRefusal {
    /// One sentence for the page, with the id as plain, bounded text.
    pub fn message(&self) -> String {
        match self {
            FrameRefusal::NotAHostLabel(id) => format!(
                "Not shown: the session id \u{201c}{}\u{201d} cannot be part of a host name, and \
                 this deployment gives every session an origin of its own (streamBaseUrl). An id \
                 there may hold only letters, digits and hyphens.",
                shown_id(id)
            ),
            FrameRefusal::NoSession => {
                "Not shown: the session it belongs to is not known, and this \
                 deployment gives every session an origin of its own (streamBaseUrl)."
                    .to_string()
            }
            FrameRefusal::NotAPathSegment(id) => format!(
                "Not shown: the id \u{201c}{}\u{201d} cannot be part of an address.",
                shown_id(id)
            ),
        }
    }
}

/// An id as the page shows it: printable characters only, at most 40 of them.
fn shown_id(id: &str) -> String {
    let clean = crate::domain::start_log::plain_text(id);
    if clean.chars().count() <= 40 {
        clean
    } else {
        format!("{}…", clean.chars().take(40).collect::<String>())
    }
}

/// Whether `s` is a host-name label: 1 to 63 ASCII letters, digits and hyphens, neither first
/// nor last a hyphen (RFC 1123).
pub fn is_host_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= MAX_LABEL
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

/// The authority (`host[:port]`, after any `user@`) of an absolute or protocol-relative URL.
fn authority(url: &str) -> Option<&str> {
    let url = url.trim();
    let rest = match url.strip_prefix("//") {
        Some(rest) => rest,
        None => url.split_once("://")?.1,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    Some(authority.rsplit('@').next().unwrap_or(""))
}

/// Whether `template` (`streamBaseUrl`) gives each session an origin of its own: it names the
/// session (`{session}`) inside its host.
pub fn per_session_origin(template: &str) -> bool {
    authority(template).is_some_and(|a| {
        let host = a.rsplit_once(':').map_or(a, |(h, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                h
            } else {
                a
            }
        });
        host.contains(SESSION_PLACEHOLDER)
    })
}

/// The URL of a frame's page: `template` (`streamBaseUrl`, or `apiBaseUrl` when unset), with
/// every `{session}` replaced by `session`, then `path`. An id that is not a host-name label is
/// never put into the URL, nor one that would make a label of the host longer than 63.
pub fn frame_url(
    template: &str,
    session: Option<&str>,
    path: &str,
) -> Result<String, FrameRefusal> {
    if !template.contains(SESSION_PLACEHOLDER) {
        return Ok(format!("{template}{path}"));
    }
    let session = session.ok_or(FrameRefusal::NoSession)?;
    if !is_host_label(session) {
        return Err(FrameRefusal::NotAHostLabel(session.to_string()));
    }
    let base = template.replace(SESSION_PLACEHOLDER, session);
    let too_long = authority(&base).is_some_and(|a| {
        let host = a.split(':').next().unwrap_or(a);
        host.split('.').any(|label| label.len() > MAX_LABEL)
    });
    if too_long {
        return Err(FrameRefusal::NotAHostLabel(session.to_string()));
    }
    Ok(format!("{base}{path}"))
}

/// The origin of an absolute `http:`/`https:` URL (`scheme://host[:port]`, lower case, the
/// default port dropped), or of a protocol-relative one (`//host/…`) under `base_scheme`.
/// `None` for a relative path or another scheme.
pub fn origin_of(url: &str, base_scheme: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = if let Some(rest) = url.strip_prefix("//") {
        (base_scheme.to_ascii_lowercase(), rest)
    } else {
        let (scheme, rest) = url.split_once("://")?;
        (scheme.to_ascii_lowercase(), rest)
    };
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority
        .rsplit('@')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let default = if scheme == "https" { ":443" } else { ":80" };
    let host_port = host_port.strip_suffix(default).unwrap_or(&host_port);
    (!host_port.is_empty()).then(|| format!("{scheme}://{host_port}"))
}

/// Whether a frame loading `frame_src` runs with the console's origin `console_origin`
/// (`https://console.example.org`): a relative URL does, and so does an absolute one of the
/// same origin.
pub fn frame_shares_origin(frame_src: &str, console_origin: &str) -> bool {
    let scheme = console_origin.split("://").next().unwrap_or("https");
    let Some(console) = origin_of(console_origin, scheme) else {
        return false;
    };
    match origin_of(frame_src, scheme) {
        Some(frame) => frame == console,
        None => !frame_src.contains(':') || frame_src.trim_start().starts_with('/'),
    }
}

/// What administrators are told about where a frame runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OriginNotice {
    /// The frame runs with the console's origin or the API's: its page can act as whoever
    /// opens it.
    pub shares_console_or_api: bool,
    /// Every session's pages share one origin (`streamBaseUrl` does not name the session in
    /// its host): a page of one session can script the others'.
    pub shared_between_sessions: bool,
}

impl OriginNotice {
    /// Whether there is anything to tell.
    pub fn any(&self) -> bool {
        self.shares_console_or_api || self.shared_between_sessions
    }

    /// What the notice says: the findings, then what to do.
    pub fn message(&self) -> String {
        let console =
            "this desktop is served from the console's own origin (or the API's), so its \
                       page could act as the signed-in user";
        let shared = "session desktops share one origin (streamBaseUrl has no {session} in its \
                      host), so one can script another";
        let findings = match (self.shares_console_or_api, self.shared_between_sessions) {
            (true, true) => format!("{console}; and {shared}"),
            (true, false) => console.to_string(),
            (false, true) => shared.to_string(),
            (false, false) => return String::new(),
        };
        format!(
            "Administrators: {findings}. Give every session an origin of its own: streamBaseUrl \
             like https://s{{session}}.streams.example.org (README, Deploying)."
        )
    }
}

/// What to tell administrators about a frame loading `src`, built from `template` (the
/// effective `streamBaseUrl`), for a console on `console_origin` whose API is `api_base`
/// (`apiBaseUrl`, `""` on the console's origin).
pub fn origin_notice(
    src: &str,
    template: &str,
    console_origin: &str,
    api_base: &str,
) -> OriginNotice {
    let scheme = console_origin.split("://").next().unwrap_or("https");
    let shares_api = origin_of(api_base, scheme)
        .is_some_and(|api| origin_of(src, scheme).is_some_and(|frame| frame == api));
    OriginNotice {
        shares_console_or_api: frame_shares_origin(src, console_origin) || shares_api,
        shared_between_sessions: !per_session_origin(template),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        assert_eq!(
            origin_of("https://Streams.Example.org:443/a/b?c", "http").as_deref(),
            Some("https://streams.example.org")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8089/x", "https").as_deref(),
            Some("http://127.0.0.1:8089")
        );
        assert_eq!(
            origin_of("//s.example.org/x", "https").as_deref(),
            Some("https://s.example.org")
        );
        assert_eq!(origin_of("/api/rest/v1/x", "https"), None);
        assert_eq!(origin_of("javascript://x", "https"), None);
    }

    #[test]
    fn a_frame_on_the_consoles_origin_is_noticed() {
        let console = "https://console.example.org";
        assert!(frame_shares_origin(
            "/api/rest/v1/workbenches/7/stream/",
            console
        ));
        assert!(frame_shares_origin(
            "https://console.example.org/api/rest/v1/workbenches/7/stream/",
            console
        ));
        assert!(frame_shares_origin("//console.example.org/x", console));
        assert!(!frame_shares_origin(
            "https://streams.example.org/api/rest/v1/workbenches/7/stream/",
            console
        ));
        assert!(!frame_shares_origin(
            "http://console.example.org/x",
            console
        ));
        assert!(!frame_shares_origin(
            "https://console.example.org:8443/x",
            console
        ));
        assert!(frame_shares_origin(
            "http://127.0.0.1:8088/x",
            "http://127.0.0.1:8088"
        ));
        assert!(!frame_shares_origin(
            "http://127.0.0.1:8089/x",
            "http://127.0.0.1:8088"
        ));
    }

    #[test]
    fn host_labels() {
        for ok in ["7", "21", "abc", "a-b", "A1", "x".repeat(63).as_str()] {
            assert!(is_host_label(ok), "{ok}");
        }
        for bad in [
            "",
            "-7",
            "7-",
            "a.b",
            "a_b",
            "a b",
            "a/b",
            "%41",
            "..",
            ".",
            "é",
            "x".repeat(64).as_str(),
            "7\n",
            "s@x",
            "a:1",
        ] {
            assert!(!is_host_label(bad), "{bad:?}");
        }
    }

    #[test]
    fn the_session_names_the_host() {
        let path = "/api/rest/v1/workbenches/21/stream/";
        let t = "https://s{session}.streams.example.org";
        assert_eq!(
            frame_url(t, Some("21"), path).as_deref(),
            Ok("https://s21.streams.example.org/api/rest/v1/workbenches/21/stream/")
        );
        assert!(per_session_origin(t));
        assert!(per_session_origin("http://s{session}.localhost:8089"));
        assert!(per_session_origin("//{session}.streams.example.org"));
        // Without {session}: the prefix as it is, whatever the id.
        assert_eq!(
            frame_url("https://streams.example.org", Some("a.b"), "/x").as_deref(),
            Ok("https://streams.example.org/x")
        );
        assert_eq!(frame_url("", None, "/x").as_deref(), Ok("/x"));
        assert!(!per_session_origin("https://streams.example.org"));
        assert!(!per_session_origin(""));
        // {session} outside the host gives no origin of its own (the id is still checked).
        assert!(!per_session_origin("https://streams.example.org/{session}"));
        assert!(!per_session_origin("/streams/{session}"));
        assert!(!per_session_origin(
            "https://u{session}@streams.example.org"
        ));
        assert_eq!(
            frame_url("https://streams.example.org/{session}", Some("a.b"), "/x"),
            Err(FrameRefusal::NotAHostLabel("a.b".into()))
        );
    }

    #[test]
    fn an_id_that_is_not_a_host_label_is_never_put_into_a_host() {
        let t = "https://s{session}.streams.example.org";
        for bad in [
            "a.b",
            "evil.example.org#",
            "x/../../y",
            "..",
            "",
            "-1",
            "7 ",
            "a@evil.example",
            "a:1",
            "%2e",
            "ä",
        ] {
            assert_eq!(
                frame_url(t, Some(bad), "/p"),
                Err(FrameRefusal::NotAHostLabel(bad.into())),
                "{bad:?}"
            );
        }
        assert_eq!(frame_url(t, None, "/p"), Err(FrameRefusal::NoSession));
        // A label of 63 fits by itself, not with the template's "s" in front.
        let long = "1".repeat(63);
        assert!(frame_url("https://{session}.example.org", Some(&long), "").is_ok());
        assert_eq!(
            frame_url(t, Some(&long), ""),
            Err(FrameRefusal::NotAHostLabel(long.clone()))
        );
    }

    #[test]
    fn refusals_say_why_in_plain_bounded_words() {
        let m = FrameRefusal::NotAHostLabel("a.b".into()).message();
        assert!(m.contains("\u{201c}a.b\u{201d}"), "{m}");
        assert!(m.contains("letters, digits and hyphens"), "{m}");
        let m = FrameRefusal::NotAHostLabel(format!("x\u{202e}\n{}", "y".repeat(100))).message();
        assert!(!m.contains('\u{202e}') && !m.contains('\n'), "{m}");
        assert!(m.contains('…'), "{m}");
        assert!(FrameRefusal::NoSession.message().contains("not known"));
    }

    #[test]
    fn administrators_hear_of_shared_origins() {
        let console = "https://console.example.org";
        let per = "https://s{session}.streams.example.org";
        let src = "https://s21.streams.example.org/api/rest/v1/workbenches/21/stream/";
        assert!(!origin_notice(src, per, console, "").any());
        // One stream origin for every session.
        let one = "https://streams.example.org";
        let n = origin_notice("https://streams.example.org/x", one, console, "");
        assert_eq!(
            n,
            OriginNotice {
                shares_console_or_api: false,
                shared_between_sessions: true
            }
        );
        assert_eq!(
            n.message(),
            "Administrators: session desktops share one origin (streamBaseUrl has no {session} in \
             its host), so one can script another. Give every session an origin of its own: \
             streamBaseUrl like https://s{session}.streams.example.org (README, Deploying)."
        );
        // On the console's origin (no streamBaseUrl, no apiBaseUrl).
        let n = origin_notice("/api/rest/v1/workbenches/7/stream/", "", console, "");
        assert!(n.shares_console_or_api && n.shared_between_sessions);
        assert!(n.message().starts_with(
            "Administrators: this desktop is served from the console's own origin (or the API's), \
             so its page could act as the signed-in user; and session desktops share one origin"
        ));
        // On the API's origin, in any spelling of it.
        let api = "https://API.example.org:443";
        let n = origin_notice(
            "https://api.example.org/api/rest/v1/workbenches/7/stream/",
            api,
            console,
            api,
        );
        assert!(n.shares_console_or_api);
        let n = origin_notice(src, per, console, api);
        assert!(!n.any());
    }
}
