//! Which keys of the browser's storage hold something of the signed-in user, forgotten at a
//! sign-out (issue 55): every `console.*` key of `localStorage` and `sessionStorage` but the few of
//! [`KEPT`], each kept for a reason that names no user. A key the console adds later is
//! forgotten by default; keeping one takes a line here with its reason.

/// The keys (or, ending in `.`, the prefixes) a sign-out keeps, and why.
pub const KEPT: [(&str, &str); 3] = [
    (
        "console.brand.name",
        "the platform's name, public (the global dev store answers without a login): the login \
         page shows it before any request",
    ),
    (
        "console.brand.logo",
        "the platform's logo, public, for the login page as its name",
    ),
    (
        "console.login.",
        "the sign-in under way in this tab (sessionStorage: the page to open after it, the \
         OpenID state to check, an error to say): the next person's, written after the sign-out",
    ),
];

/// Whether `key` holds something of the signed-in user: a `console.` key not [`KEPT`]
/// (`console.refreshedFor`, `console.missingExtensions:…`, `console.startTimes.<id>`,
/// `console.termsAccepted`, `console.startGets`, `console.signedIn`, …).
pub fn per_user(key: &str) -> bool {
    key.starts_with("console.")
        && !KEPT.iter().any(|(k, _)| {
            if k.ends_with('.') {
                key.starts_with(k)
            } else {
                key == *k
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_of_the_user_is_forgotten_the_platforms_and_the_next_sign_in_stay() {
        for key in [
            "console.refreshedFor",
            "console.missingExtensions:http://127.0.0.1:3000",
            "console.startTimes.1",
            "console.startTimes.a b",
            "console.termsAccepted",
            "console.startGets",
            "console.signedIn",
            "console.anythingNew",
            "console.brand.nameX",
            "console.brand",
        ] {
            assert!(per_user(key), "{key}");
        }
        for key in [
            "console.brand.name",
            "console.brand.logo",
            "console.login.next",
            "console.login.state",
            "console.login.error",
            // Not the console's.
            "other.app",
            "consoleX",
            "",
        ] {
            assert!(!per_user(key), "{key}");
        }
        // Each kept key says why.
        assert!(KEPT.iter().all(|(_, why)| why.len() > 20));
    }
}
