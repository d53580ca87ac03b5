//! Where to go after login (`/login?next=…`): the value is resolved the way a browser resolves a
//! link on this origin (the WHATWG URL standard's path rules, as far as a same-origin path
//! needs them), and accepted only when the result is a path of this app. The browser then gets
//! the resolved path, never the raw value: `/.//evil.example` resolves to `//evil.example`,
//! which the browser reads as another host (and `history.replaceState` refuses, which used to
//! panic the router), so it is refused here.

/// The first path segments of this app's routes (`app.rs`); `next` must start with one.
const APP_ROOTS: [&str; 5] = [
    "workspaces",
    "activity",
    "admin",
    "sessions",
    "public-workspaces",
];
/// Where to go when `next` is missing or refused.
pub const HOME: &str = "/workspaces";
/// Longer `next` values are refused (no route of the app is anywhere near).
const MAX_LEN: usize = 2048;

/// Where to go after login: `next` resolved like a browser would resolve it on this origin, when
/// that is a path of this app (`/workspaces…`, `/activity…`, `/admin…`); else `/workspaces`.
/// Never panics, whatever the input.
pub fn safe_next(next: Option<&str>) -> String {
    next.and_then(resolve_app_path)
        .unwrap_or_else(|| HOME.to_string())
}

/// `next` resolved against this origin (path, query and fragment, percent-encoded as a browser
/// would), or `None` when it leaves the origin or is not a path of this app.
pub fn resolve_app_path(next: &str) -> Option<String> {
    if next.len() > MAX_LEN {
        return None;
    }
    // The URL parser's first steps: leading and trailing C0 controls and spaces go, and so do
    // tabs and newlines anywhere.
    let trimmed = next.trim_matches(|c: char| c <= ' ');
    let input: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    // A path-absolute reference only: `/…` (or `\…`, which the parser reads as `/` for http
    // and https). `//host` and `\\host` name another host; `scheme:` another URL.
    let mut chars = input.chars();
    if !matches!(chars.next(), Some('/' | '\\')) || matches!(chars.next(), Some('/' | '\\')) {
        return None;
    }
    let (before_fragment, fragment) = match input.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (input.as_str(), None),
    };
    let (path, query) = match before_fragment.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (before_fragment, None),
    };
    let segments = resolve_segments(path);
    let first = segments.first().map(String::as_str).unwrap_or("");
    if !APP_ROOTS.contains(&first) {
        return None;
    }
    let mut out = String::with_capacity(input.len() + 8);
    for s in &segments {
        out.push('/');
        out.push_str(s);
    }
    if let Some(q) = query {
        out.push('?');
        encode_into(&mut out, q, in_query_set);
    }
    if let Some(f) = fragment {
        out.push('#');
        encode_into(&mut out, f, in_fragment_set);
    }
    Some(out)
}

/// The path's segments after the browser's dot-segment rules (`.`, `..` and their
/// percent-encoded spellings `%2e`, any case), each percent-encoded as the browser does.
fn resolve_segments(path: &str) -> Vec<String> {
    // Skip the leading slash; `\` is a separator too.
    let rest = path.get(1..).unwrap_or("");
    let parts: Vec<&str> = rest.split(['/', '\\']).collect();
    let last = parts.len().saturating_sub(1);
    let mut out: Vec<String> = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let is_last = i == last;
        if is_double_dot(part) {
            out.pop();
            if is_last {
                out.push(String::new());
            }
        } else if is_single_dot(part) {
            if is_last {
                out.push(String::new());
            }
        } else {
            let mut s = String::with_capacity(part.len());
            encode_into(&mut s, part, in_path_set);
            out.push(s);
        }
    }
    out
}

fn is_single_dot(s: &str) -> bool {
    s == "." || s.eq_ignore_ascii_case("%2e")
}

fn is_double_dot(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    matches!(l.as_str(), ".." | ".%2e" | "%2e." | "%2e%2e")
}

/// The path percent-encode set (C0 controls, space, `"`, `#`, `<`, `>`, `?`, `` ` ``, `{`, `}`).
fn in_path_set(c: char) -> bool {
    in_fragment_set(c) || matches!(c, '#' | '?' | '{' | '}')
}

/// The special-query percent-encode set (C0 controls, space, `"`, `#`, `<`, `>`, `'`).
fn in_query_set(c: char) -> bool {
    c <= ' ' || matches!(c, '"' | '#' | '<' | '>' | '\'')
}

/// The fragment percent-encode set (C0 controls, space, `"`, `<`, `>`, `` ` ``).
fn in_fragment_set(c: char) -> bool {
    c <= ' ' || matches!(c, '"' | '<' | '>' | '`')
}

/// Appends `s`, percent-encoding the characters of `set`, DEL and everything beyond ASCII.
fn encode_into(out: &mut String, s: &str, set: fn(char) -> bool) {
    for c in s.chars() {
        if c.is_ascii() && c != '\u{7f}' && !set(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
}

// Native only: the oracle (the `url` crate) is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "next_path_tests.rs"]
mod tests;
