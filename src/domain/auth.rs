//! Signing in: the backend's login modes, where to go after login, and the OpenID `state`
//! round trip (api.md, "Authentication and the current user").

/// A way to sign in offered by `GET /authentication/modes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LoginMode {
    /// The username/password form (`internal`).
    Password,
    /// An identity provider (`openid`), with its button text (may be empty).
    Provider { id: String, button_text: String },
}

impl LoginMode {
    /// The provider's button: its `ButtonText`, else `Sign in with <id>`.
    pub(crate) fn button_label(id: &str, button_text: &str) -> String {
        if button_text.trim().is_empty() {
            format!("Sign in with {id}")
        } else {
            button_text.trim().to_string()
        }
    }
}

/// The modes of a backend without `/authentication/modes` (a 404): the password form only.
pub(crate) fn default_modes() -> Vec<LoginMode> {
    vec![LoginMode::Password]
}

/// Where to go after login: `next` when it is a path of this app, else `/workspaces`.
///
/// Refused: anything not starting with exactly one `/` (other origins: `//evil`, `https://…`),
/// any control character or backslash anywhere (browsers drop tabs and newlines and read `\` as
/// `/`, so `/%09/evil.example` decoded is `//evil.example` to them), and the login page itself.
pub fn safe_next(next: Option<&str>) -> String {
    const HOME: &str = "/workspaces";
    let Some(n) = next else {
        return HOME.to_string();
    };
    let bad_char = n.chars().any(|c| c.is_control() || c == '\\');
    let path = n.split(['?', '#']).next().unwrap_or("");
    let is_login = path == "/login" || path.starts_with("/login/");
    if bad_char || !n.starts_with('/') || n.starts_with("//") || is_login {
        return HOME.to_string();
    }
    n.to_string()
}

/// The identity provider's URL with `:<provider>` appended to its `state` parameter, as
/// CHORUS's own console does, so that the console knows the provider when the browser comes
/// back. A URL without a `state` parameter is returned unchanged.
pub(crate) fn with_provider_in_state(redirect_uri: &str, provider: &str) -> String {
    let (head, fragment) = match redirect_uri.split_once('#') {
        Some((h, f)) => (h, Some(f)),
        None => (redirect_uri, None),
    };
    let Some((base, query)) = head.split_once('?') else {
        return redirect_uri.to_string();
    };
    let mut found = false;
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some(("state", value)) if !found => {
                found = true;
                format!("state={value}%3A{}", encode(provider))
            }
            _ => pair.to_string(),
        })
        .collect();
    if !found {
        return redirect_uri.to_string();
    }
    let mut out = format!("{base}?{}", pairs.join("&"));
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// Splits the `state` the provider echoed at its last colon: `(state as the backend issued
/// it, provider id)`. `None` when there is no colon or either side is empty.
pub(crate) fn split_state(echoed: &str) -> Option<(&str, &str)> {
    let (state, provider) = echoed.rsplit_once(':')?;
    (!state.is_empty() && !provider.trim().is_empty()).then_some((state, provider.trim()))
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_inside_the_app() {
        assert_eq!(safe_next(Some("/workspaces/1")), "/workspaces/1");
        assert_eq!(safe_next(Some("/activity?x=1")), "/activity?x=1");
        assert_eq!(safe_next(Some("//evil.example")), "/workspaces");
        assert_eq!(safe_next(Some("https://evil.example")), "/workspaces");
        assert_eq!(safe_next(Some("/\\evil")), "/workspaces");
        assert_eq!(safe_next(Some("/login?next=/x")), "/workspaces");
        assert_eq!(safe_next(None), "/workspaces");
    }

    #[test]
    fn next_refuses_what_browsers_would_turn_into_another_origin() {
        // `?next=%2F%09%2Fevil.example`, decoded: the browser strips the tab.
        assert_eq!(safe_next(Some("/\t/evil.example")), "/workspaces");
        assert_eq!(safe_next(Some("/\n/evil.example")), "/workspaces");
        assert_eq!(safe_next(Some("/\r/evil.example")), "/workspaces");
        assert_eq!(safe_next(Some("/x\\..\\\\evil")), "/workspaces");
        assert_eq!(safe_next(Some("\u{0}//evil")), "/workspaces");
        assert_eq!(safe_next(Some(" //evil.example")), "/workspaces");
        assert_eq!(safe_next(Some("")), "/workspaces");
        assert_eq!(safe_next(Some("/login")), "/workspaces");
        assert_eq!(safe_next(Some("/login#x")), "/workspaces");
        // A path that merely starts with the word is fine.
        assert_eq!(safe_next(Some("/loginhelp")), "/loginhelp");
    }

    #[test]
    fn provider_goes_into_state_and_comes_back_out() {
        let url = "https://idp.example/auth?client_id=console&state=abc123&redirect_uri=https%3A%2F%2Fc.example%2Foauthredirect";
        let with = with_provider_in_state(url, "keycloak");
        assert_eq!(
            with,
            "https://idp.example/auth?client_id=console&state=abc123%3Akeycloak&redirect_uri=https%3A%2F%2Fc.example%2Foauthredirect"
        );
        assert_eq!(split_state("abc123:keycloak"), Some(("abc123", "keycloak")));
        // The backend's own state may hold colons: split at the last one.
        assert_eq!(split_state("a:b:keycloak"), Some(("a:b", "keycloak")));
        assert_eq!(split_state("abc123"), None);
        assert_eq!(split_state(":keycloak"), None);
        assert_eq!(split_state("abc:"), None);
        // No state parameter, no query: unchanged.
        assert_eq!(
            with_provider_in_state("https://idp.example/auth?x=1", "k"),
            "https://idp.example/auth?x=1"
        );
        assert_eq!(
            with_provider_in_state("https://idp.example/", "k"),
            "https://idp.example/"
        );
        assert_eq!(
            with_provider_in_state("https://idp.example/a?state=s#frag", "my id"),
            "https://idp.example/a?state=s%3Amy%20id#frag"
        );
    }

    #[test]
    fn button_labels() {
        assert_eq!(
            LoginMode::button_label("keycloak", ""),
            "Sign in with keycloak"
        );
        assert_eq!(
            LoginMode::button_label("keycloak", " Sign in with EPFL "),
            "Sign in with EPFL"
        );
        assert_eq!(default_modes(), vec![LoginMode::Password]);
    }
}
