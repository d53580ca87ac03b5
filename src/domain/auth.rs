//! Signing in: the backend's login modes, where to go after login, and the OpenID `state`
//! round trip (api.md, "Authentication and the current user").

pub use super::next_path::safe_next;

/// A way to sign in offered by `GET /authentication/modes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LoginMode {
    /// The username/password form (`internal`); `registration`: whoever has no account may
    /// create one (`internal.publicRegistrationEnabled`).
    Password { registration: bool },
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
    vec![LoginMode::Password {
        registration: false,
    }]
}

/// Whether a mode lets people create their own account (`/register`).
pub(crate) fn registration_open(modes: &[LoginMode]) -> bool {
    modes
        .iter()
        .any(|m| matches!(m, LoginMode::Password { registration: true }))
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

/// How the backend refused a password login.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LoginFailure {
    /// 400 `TWO_FACTOR_REQUIRED`: the account needs a one-time code, none was sent.
    SecondFactorRequired,
    /// 401 `INVALID_CREDENTIALS`: a wrong password, or (at the code step) a wrong code.
    Refused,
    /// Anything else (network, server error).
    Other,
    /// The backend accepted the sign-in, but the browser did not keep its login cookie
    /// (`GET /users/me` right after answered 401); the cookie's size when that is why
    /// ([`cookie_over_limit`]).
    NotKept(Option<usize>),
}

/// What browsers keep of a cookie: its name and value together at most 4,096 bytes
/// (Chromium, Firefox; RFC 6265bis); a `Set-Cookie` over it is dropped whole.
pub(crate) const COOKIE_LIMIT: usize = 4096;

/// The login cookie's size (`jwttoken` and the token) when it is over [`COOKIE_LIMIT`]. CHORUS
/// writes every role of the user into the token (a running CHORUS: a steward in 350 roles, a
/// 4,277-byte token): such a sign-in is accepted and at once lost.
pub(crate) fn cookie_over_limit(token: &str) -> Option<usize> {
    let size = "jwttoken".len() + token.len();
    (size > COOKIE_LIMIT).then_some(size)
}

/// The words for a sign-in the browser did not keep (the login form, the OpenID return).
pub(crate) fn not_kept_text(cookie: Option<usize>) -> String {
    let why = match cookie {
        Some(size) => format!(
            "{} bytes, over the 4,096 it keeps, as the cookie lists every role of this account. An administrator can remove roles it no longer needs.",
            super::text::grouped(size as u64)
        ),
        None => "allow cookies for this site, then sign in again.".into(),
    };
    format!("The sign-in worked, but this browser refused its cookie: {why}")
}

/// What the login form says after a refusal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LoginMessage {
    CodeNeeded,
    CodeNotAccepted,
    WrongPassword,
    /// "Could not sign in." plus the error in words.
    Failed,
    /// Accepted, not kept ([`not_kept_text`]).
    NotKept(Option<usize>),
}

impl LoginMessage {
    pub(crate) fn text(self) -> String {
        match self {
            Self::CodeNeeded => "This account needs a one-time code: enter the code from your authenticator app, or one of your recovery codes.",
            Self::CodeNotAccepted => "That one-time code was not accepted. Enter the current code from your authenticator app, or an unused recovery code.",
            Self::WrongPassword => "Wrong username or password.",
            Self::Failed => "Could not sign in.",
            Self::NotKept(cookie) => return not_kept_text(cookie),
        }
        .into()
    }
}

/// The login form after a refusal: whether it asks for the one-time code, what it says, and
/// whether the focus goes to the code field (else the password field).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LoginStep {
    pub asks_code: bool,
    pub message: LoginMessage,
    pub focus_code: bool,
}

/// The second-factor rule (ui.md, "login form"): once the code step is shown it stays, and a
/// refusal there (CHORUS answers a wrong code with 401 `INVALID_CREDENTIALS`) is about the
/// code, never a request for the password again.
pub(crate) fn after_refusal(asked_code: bool, failure: LoginFailure) -> LoginStep {
    let (asks_code, message) = match (asked_code, failure) {
        (false, LoginFailure::SecondFactorRequired) => (true, LoginMessage::CodeNeeded),
        (true, LoginFailure::SecondFactorRequired | LoginFailure::Refused) => {
            (true, LoginMessage::CodeNotAccepted)
        }
        (false, LoginFailure::Refused) => (false, LoginMessage::WrongPassword),
        (asked, LoginFailure::Other) => (asked, LoginMessage::Failed),
        // Not the password's fault: the form stays as it was (a new code if one was asked).
        (asked, LoginFailure::NotKept(cookie)) => (asked, LoginMessage::NotKept(cookie)),
    };
    LoginStep {
        asks_code,
        message,
        focus_code: asks_code,
    }
}

/// Why an OpenID login cannot start or finish; each says so in words on the login page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum OAuthRefusal {
    /// `redirectURI` is not an `https:` or `http:` URL (a `javascript:` URL would run here).
    NotAWebPage,
    /// `redirectURI` carries no `state`: the return could not be checked.
    NoState,
    /// A return to `/oauthredirect` this browser tab did not start (or already finished).
    NotStartedHere,
    /// The identity provider sent an error back (`error`, bounded to a short code).
    ProviderError(Option<String>),
    /// Back without a code or a state.
    Incomplete,
}

impl OAuthRefusal {
    /// The words for the login page: fixed sentences, plus at most a short, plain error code.
    pub(crate) fn text(&self) -> String {
        match self {
            Self::NotAWebPage => "Could not start the sign-in: the backend named an identity provider page that is not a web address.".into(),
            Self::NoState => "Could not start the sign-in: the backend's identity provider page carries no state to check the return with.".into(),
            Self::NotStartedHere => "Could not finish the sign-in: it was not started from this browser tab (or it was already used). Sign in again from this page.".into(),
            Self::ProviderError(Some(code)) => format!("The identity provider refused the sign-in (error code: {code}). Try again."),
            Self::ProviderError(None) => "The identity provider refused the sign-in. Try again.".into(),
            Self::Incomplete => "The identity provider sent the browser back without a sign-in code. Try again.".into(),
        }
    }
}

/// An OpenID login about to start: where to send the browser, and the `state` the identity
/// provider must echo for the return to be accepted (kept in `sessionStorage`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct OAuthStart {
    pub target: String,
    pub expected_state: String,
}

/// Checks the backend's `redirectURI` (an `https:` or `http:` URL with a `state` parameter) and
/// appends `:<provider>` to its state ([`with_provider_in_state`]).
pub(crate) fn start_oauth(redirect_uri: &str, provider: &str) -> Result<OAuthStart, OAuthRefusal> {
    let uri = redirect_uri.trim();
    let scheme = uri.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    let web = matches!(scheme.as_deref(), Some("https" | "http"))
        && uri
            .split_once(':')
            .is_some_and(|(_, rest)| rest.starts_with("//"));
    if !web || uri.chars().any(|c| c.is_control() || c == '\\' || c == ' ') {
        return Err(OAuthRefusal::NotAWebPage);
    }
    let head = uri.split('#').next().unwrap_or("");
    let state = head
        .split_once('?')
        .and_then(|(_, q)| {
            q.split('&')
                .find_map(|pair| pair.strip_prefix("state="))
                .map(percent_decode)
        })
        .filter(|s| !s.is_empty())
        .ok_or(OAuthRefusal::NoState)?;
    Ok(OAuthStart {
        target: with_provider_in_state(uri, provider),
        expected_state: format!("{state}:{provider}"),
    })
}

/// What `/oauthredirect` does with the identity provider's return.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct OAuthReturn {
    /// `state` exactly as the backend issued it (the console's `:provider` split off).
    pub state: String,
    pub provider: String,
}

/// The return's parameters, checked against the state this tab sent (`expected`, taken out of
/// `sessionStorage`): only a return this tab started goes on to the backend's `redirect`.
pub(crate) fn check_oauth_return(
    expected: Option<&str>,
    echoed_state: &str,
    code: &str,
    provider_error: Option<&str>,
) -> Result<OAuthReturn, OAuthRefusal> {
    if let Some(e) = provider_error {
        return Err(OAuthRefusal::ProviderError(short_code(e)));
    }
    if code.is_empty() || echoed_state.is_empty() {
        return Err(OAuthRefusal::Incomplete);
    }
    match expected {
        Some(exp) if !exp.is_empty() && exp == echoed_state => {}
        _ => return Err(OAuthRefusal::NotStartedHere),
    }
    let (state, provider) = split_state(echoed_state).ok_or(OAuthRefusal::NotStartedHere)?;
    Ok(OAuthReturn {
        state: state.to_string(),
        provider: provider.to_string(),
    })
}

/// An outside error code, shown only when it is short and plain (`access_denied`,
/// `login_required`): letters, digits, `_`, `-`, `.`; at most 40 of them.
pub(crate) fn short_code(raw: &str) -> Option<String> {
    let code = raw.trim();
    let plain = !code.is_empty()
        && code.len() <= 40
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    plain.then(|| code.to_string())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let v = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(u8::try_from(v).unwrap_or(b'?'));
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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
    fn a_refused_code_keeps_the_code_step() {
        use LoginFailure::*;
        let first = after_refusal(false, SecondFactorRequired);
        assert_eq!(
            first,
            LoginStep {
                asks_code: true,
                message: LoginMessage::CodeNeeded,
                focus_code: true
            }
        );
        // CHORUS: a wrong code (or a used recovery code) is a 401 INVALID_CREDENTIALS.
        let wrong = after_refusal(true, Refused);
        assert_eq!(wrong.message, LoginMessage::CodeNotAccepted);
        assert!(wrong.asks_code && wrong.focus_code);
        assert!(wrong.message.text().contains("not accepted"));
        // Other dialects ask again with TWO_FACTOR_REQUIRED.
        assert_eq!(
            after_refusal(true, SecondFactorRequired).message,
            LoginMessage::CodeNotAccepted
        );
        // Before the code step a 401 is the password.
        let pw = after_refusal(false, Refused);
        assert_eq!(pw.message, LoginMessage::WrongPassword);
        assert!(!pw.asks_code && !pw.focus_code);
        // A server error keeps whichever step it was on.
        assert!(after_refusal(true, Other).asks_code);
        assert!(!after_refusal(false, Other).asks_code);
        assert_eq!(after_refusal(true, Other).message, LoginMessage::Failed);
    }

    #[test]
    fn a_sign_in_the_browser_did_not_keep_is_not_a_wrong_password() {
        // The token of a running CHORUS's steward in 350 roles: 4,277 bytes.
        let big = "x".repeat(4277);
        assert_eq!(cookie_over_limit(&big), Some(4285));
        // Name and value at exactly the limit are kept.
        assert_eq!(cookie_over_limit(&"x".repeat(4088)), None);
        assert_eq!(cookie_over_limit(&"x".repeat(4089)), Some(4097));
        for asked in [false, true] {
            let step = after_refusal(asked, LoginFailure::NotKept(Some(4285)));
            assert_eq!(step.asks_code, asked);
            let text = step.message.text();
            assert!(text.contains("sign-in worked, but this browser refused its cookie: 4,285 bytes, over the 4,096 it keeps"), "{text}");
            assert!(!text.contains("Wrong"), "{text}");
        }
        let other = LoginMessage::NotKept(None).text();
        assert!(other.contains("allow cookies"), "{other}");
    }

    #[test]
    fn oauth_start_checks_the_scheme_and_keeps_the_state() {
        let ok = start_oauth(
            "https://idp.example/auth?client_id=c&state=ab%2Fc&x=1",
            "keycloak",
        )
        .expect("a web page with a state");
        assert_eq!(
            ok.target,
            "https://idp.example/auth?client_id=c&state=ab%2Fc%3Akeycloak&x=1"
        );
        assert_eq!(ok.expected_state, "ab/c:keycloak");
        assert_eq!(
            start_oauth(" HTTP://idp.example/a?state=s ", "k").map(|s| s.expected_state),
            Ok("s:k".to_string())
        );
        for bad in [
            "javascript:alert(1)//?state=s",
            "JavaScript:alert(1)",
            "data:text/html,x?state=s",
            "https:idp.example?state=s",
            "/relative?state=s",
            "https://idp.example/\u{0}?state=s",
            "https://idp.example/a b?state=s",
            "",
        ] {
            assert_eq!(
                start_oauth(bad, "k"),
                Err(OAuthRefusal::NotAWebPage),
                "{bad:?}"
            );
        }
        assert_eq!(
            start_oauth("https://idp.example/a?x=1", "k"),
            Err(OAuthRefusal::NoState)
        );
        assert_eq!(
            start_oauth("https://idp.example/a?state=", "k"),
            Err(OAuthRefusal::NoState)
        );
    }

    #[test]
    fn oauth_return_only_when_this_tab_started_it() {
        let ok = check_oauth_return(Some("abc:keycloak"), "abc:keycloak", "code", None);
        assert_eq!(
            ok,
            Ok(OAuthReturn {
                state: "abc".into(),
                provider: "keycloak".into()
            })
        );
        // A forged return: another state, or none kept in this tab.
        assert_eq!(
            check_oauth_return(Some("abc:keycloak"), "evil:keycloak", "code", None),
            Err(OAuthRefusal::NotStartedHere)
        );
        assert_eq!(
            check_oauth_return(None, "abc:keycloak", "code", None),
            Err(OAuthRefusal::NotStartedHere)
        );
        assert_eq!(
            check_oauth_return(Some(""), "", "code", None),
            Err(OAuthRefusal::Incomplete)
        );
        assert_eq!(
            check_oauth_return(Some("abc:k"), "abc:k", "", None),
            Err(OAuthRefusal::Incomplete)
        );
        // The provider's error: a fixed sentence and a short plain code, never its text.
        let e = check_oauth_return(Some("a:k"), "a:k", "", Some("access_denied")).unwrap_err();
        assert_eq!(e, OAuthRefusal::ProviderError(Some("access_denied".into())));
        assert!(e.text().contains("(error code: access_denied)"));
        let hostile = "<img src=x onerror=alert(1)> Your account is locked, call +1 555";
        let e = check_oauth_return(None, "", "", Some(hostile)).unwrap_err();
        assert_eq!(e, OAuthRefusal::ProviderError(None));
        assert!(!e.text().contains("locked"));
        assert_eq!(short_code(&"a".repeat(41)), None);
        assert_eq!(short_code("login_required"), Some("login_required".into()));
        assert_eq!(short_code("a\u{202e}b"), None);
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
        assert_eq!(
            default_modes(),
            vec![LoginMode::Password {
                registration: false
            }]
        );
        assert!(!registration_open(&default_modes()));
        assert!(registration_open(&[
            LoginMode::Provider {
                id: "keycloak".into(),
                button_text: String::new()
            },
            LoginMode::Password { registration: true }
        ]));
    }
}
