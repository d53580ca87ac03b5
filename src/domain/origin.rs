//! Origins of frame URLs: whether a session's desktop would run with the console's own origin
//! (`streamBaseUrl` unset or pointing at the console), where its `sandbox` is no barrier
//! (README, "Deploying"; SECURITY.md).

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
}
