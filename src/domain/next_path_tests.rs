//! `safe_next` against hand-picked and generated hostile values, with the `url` crate (a WHATWG
//! URL parser, as browsers implement it) as the oracle of where a value really leads.
use super::*;

const ORIGIN: &str = "https://console.example.org";

/// Where a browser on the login page goes with `target`: `(origin, path?query#fragment)`.
fn browser_resolves(target: &str) -> Option<(String, String)> {
    let base = url::Url::parse(&format!("{ORIGIN}/login?next=x")).ok()?;
    let u = base.join(target).ok()?;
    let mut rest = u.path().to_string();
    if let Some(q) = u.query() {
        rest.push('?');
        rest.push_str(q);
    }
    if let Some(f) = u.fragment() {
        rest.push('#');
        rest.push_str(f);
    }
    Some((u.origin().ascii_serialization(), rest))
}

/// What every accepted value must be: a path of this app on this origin, unchanged when the
/// browser resolves it again (so the router hands `replaceState` a same-origin path).
fn assert_app_path(input: &str, out: &str) {
    assert!(
        out.starts_with('/') && !out.starts_with("//"),
        "{input:?} -> {out:?}"
    );
    let first = out[1..].split(['/', '?', '#']).next().unwrap_or("");
    assert!(
        APP_ROOTS.contains(&first),
        "{input:?} -> {out:?}: not a route"
    );
    assert!(
        !out.chars().any(|c| c <= ' ' || !c.is_ascii()),
        "{input:?} -> {out:?}"
    );
    let path = out.split(['?', '#']).next().unwrap_or("");
    assert!(!path.contains('\\'), "{input:?} -> {out:?}");
    let (origin, rest) = browser_resolves(out).expect("a browser parses it");
    assert_eq!(origin, ORIGIN, "{input:?} -> {out:?} leaves the origin");
    assert_eq!(
        rest, out,
        "{input:?}: the browser reads {out:?} as {rest:?}"
    );
}

fn check(input: &str) -> String {
    let out = safe_next(Some(input));
    assert_app_path(input, &out);
    // Accepted: it is where the browser would have gone with the raw value too.
    if out != HOME || resolve_app_path(input).is_some() {
        let (origin, rest) = browser_resolves(input).expect("accepted, so parseable");
        assert_eq!(origin, ORIGIN, "{input:?}");
        assert_eq!(rest, out, "{input:?}");
    }
    out
}

#[test]
fn next_stays_inside_the_app() {
    assert_eq!(check("/workspaces/1"), "/workspaces/1");
    assert_eq!(check("/activity?x=1"), "/activity?x=1");
    assert_eq!(check("/admin/users#top"), "/admin/users#top");
    assert_eq!(check("//evil.example"), HOME);
    assert_eq!(check("https://evil.example"), HOME);
    assert_eq!(check("/\\evil"), HOME);
    assert_eq!(check("/login?next=/x"), HOME);
    assert_eq!(check("/oauthredirect?code=x"), HOME);
    assert_eq!(safe_next(None), HOME);
}

#[test]
fn the_issues_values_resolve_off_the_app_and_are_refused() {
    for hostile in [
        "/.//evil.example",
        "/%2e%2e//evil.example",
        "/%2E%2E//evil.example",
        "/%2e.//evil.example",
        "/.%2E//evil.example",
        "/%2e//evil.example",
        "/workspaces/..//evil.example",
        "/workspaces/%2e%2e/%2e%2e//evil.example",
        "/./\t/evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
        "\\\\evil.example",
        "/\\/evil.example",
        "http:evil.example",
        "https:/evil.example",
        "javascript:alert(1)",
        " //evil.example",
        "\u{0}//evil.example",
        "/%2F/evil.example",
        "",
        "/",
        "/login",
        "/login#x",
        "/loginhelp",
    ] {
        assert_eq!(check(hostile), HOME, "{hostile:?}");
    }
}

#[test]
fn dot_segments_inside_the_app_resolve_as_the_browser_does() {
    assert_eq!(check("/workspaces/1/../2"), "/workspaces/2");
    assert_eq!(check("/admin/./roles"), "/admin/roles");
    assert_eq!(check("/admin/%2E/roles"), "/admin/roles");
    assert_eq!(check("/workspaces/1/.."), "/workspaces/");
    assert_eq!(check("\\workspaces\\1"), "/workspaces/1");
    assert_eq!(check("  /workspaces/1 "), "/workspaces/1");
    assert_eq!(check("/work\tspaces"), "/workspaces");
    assert_eq!(
        check("/workspaces/a b?q=<x>#\"f\""),
        "/workspaces/a%20b?q=%3Cx%3E#%22f%22"
    );
    assert_eq!(check("/workspaces/é"), "/workspaces/%C3%A9");
}

/// xorshift64*: deterministic randomness for the generated cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n).unwrap_or(1)).unwrap_or(0)
    }
}

/// Pieces an attacker (or a fuzzer) would combine.
const PIECES: [&str; 34] = [
    "/",
    "//",
    "\\",
    ".",
    "..",
    "%2e",
    "%2E",
    "%2e%2e",
    ".%2E",
    "%2F",
    "%5C",
    "\t",
    "\n",
    "\r",
    " ",
    "\u{0}",
    "\u{7f}",
    "\u{202e}",
    "é",
    "?",
    "#",
    "&",
    "=",
    ":",
    "@",
    "evil.example",
    "workspaces",
    "activity",
    "admin",
    "login",
    "https:",
    "javascript:",
    "%",
    "1",
];

#[test]
fn generated_values_never_panic_and_never_leave_the_app() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut accepted = 0;
    for _ in 0..20_000 {
        let mut s = String::new();
        for _ in 0..rng.below(9) {
            if rng.below(4) == 0 {
                // Any character at all, now and then.
                let c = char::from_u32(u32::try_from(rng.next() % 0x11_0000).unwrap_or(0))
                    .unwrap_or('\u{fffd}');
                s.push(c);
            } else {
                s.push_str(PIECES[rng.below(PIECES.len())]);
            }
        }
        // Half start like a path of the app, as a forged link would.
        if rng.below(2) == 0 {
            s.insert_str(0, ["/workspaces", "/activity", "/admin", "/"][rng.below(4)]);
        }
        if check(&s) != HOME {
            accepted += 1;
        }
    }
    assert!(
        accepted > 1_000,
        "the generator reaches accepted values too ({accepted})"
    );
}

#[test]
fn long_values_are_refused_without_work() {
    let long = format!("/workspaces/{}", "a".repeat(10_000));
    assert_eq!(safe_next(Some(&long)), HOME);
}
