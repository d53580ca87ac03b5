//! What a page load asked first, kept for the next load of the same page (issue 30): the GETs the
//! console sent from its start until shortly after the sign-in check answered, per page path,
//! in `localStorage` under [`KEY`]. On the next load of that path by a browser signed in before,
//! the start-up script (scripts/finish-dist.cjs) sends them at once, beside the first wasm, and
//! the client takes their replies instead of asking again (`crate::api::early`): the sign-in
//! check, the catalogues and the page's data no longer wait for the app to start, nor one for
//! the other. A list that is wrong (the page asks for something else now) costs one unused
//! request each and is replaced by what the load asked.
//!
//! The stored form, read by the start-up script too: a JSON array of `[path, [url, …]]`, the
//! most recent path first, at most [`MAX_PATHS`] paths of at most [`MAX_URLS`] URLs each.
use serde_json::Value;

/// The `localStorage` key (scripts/finish-dist.cjs reads it under this name).
pub const KEY: &str = "console.startGets";
/// Paths remembered.
pub const MAX_PATHS: usize = 6;
/// URLs remembered per path (the start-up script sends no more either).
pub const MAX_URLS: usize = 12;

/// Whether `url` may be remembered: a path on this origin (`/…`, not `//…`) or an `http(s)`
/// URL (a backend on another origin), without spaces or control characters, and never a call of
/// the sign-in itself (anything under `/authentication/`, or a URL carrying a `code` or `state`
/// parameter: the OpenID return, which a replay would sign in with again; issue 38). The
/// start-up script applies the same test before it sends anything.
pub fn rememberable(url: &str) -> bool {
    let shape = (url.starts_with('/') && !url.starts_with("//"))
        || url.starts_with("https://")
        || url.starts_with("http://");
    shape
        && url.len() <= 2048
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
        && !is_authentication(url)
}

/// A URL of the sign-in: under `/authentication/`, or with a `code=` / `state=` parameter.
fn is_authentication(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.contains("/authentication/")
        || ["?code=", "&code=", "?state=", "&state="]
            .iter()
            .any(|p| lower.contains(p))
}

/// The stored value with `urls` (in the order they were sent, repeats and the ones that may
/// not be remembered left out) as what `path` asked first, in front; no URL at all removes
/// `path`. A stored value that is not what this writes is replaced.
pub fn remember(stored: Option<&str>, path: &str, urls: &[String]) -> String {
    let mut entries: Vec<(String, Vec<String>)> = entries(stored)
        .into_iter()
        .filter(|(p, _)| p != path)
        .collect();
    let mut kept: Vec<String> = Vec::new();
    for u in urls {
        if kept.len() < MAX_URLS && rememberable(u) && !kept.contains(u) {
            kept.push(u.clone());
        }
    }
    if !kept.is_empty() {
        entries.insert(0, (path.to_string(), kept));
    }
    entries.truncate(MAX_PATHS);
    // Written by hand: serde_json's writer (and its number formatting) would join the first
    // load only for this (issue 30).
    let mut out = String::from("[");
    for (i, (p, us)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        push_json_string(&mut out, p);
        out.push_str(",[");
        for (j, u) in us.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            push_json_string(&mut out, u);
        }
        out.push_str("]]");
    }
    out.push(']');
    out
}

/// `s` as a JSON string.
fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// What `path` asked first, as stored (empty when nothing is): the start-up script's reading,
/// for the tests.
#[cfg(test)]
fn asked_first(stored: Option<&str>, path: &str) -> Vec<String> {
    entries(stored)
        .into_iter()
        .find(|(p, _)| p == path)
        .map(|(_, urls)| urls)
        .unwrap_or_default()
}

/// The well-formed entries of a stored value (none when it is not a JSON array).
fn entries(stored: Option<&str>) -> Vec<(String, Vec<String>)> {
    match stored.and_then(|s| serde_json::from_str::<Value>(s).ok()) {
        Some(Value::Array(items)) => items.into_iter().filter_map(entry).collect(),
        _ => Vec::new(),
    }
}

/// One well-formed `[path, [url, …]]`, its URLs filtered.
fn entry(v: Value) -> Option<(String, Vec<String>)> {
    let Value::Array(mut pair) = v else {
        return None;
    };
    if pair.len() != 2 {
        return None;
    }
    let urls = pair.pop()?;
    let path = pair.pop()?;
    let (Value::String(path), Value::Array(urls)) = (path, urls) else {
        return None;
    };
    let urls: Vec<String> = urls
        .into_iter()
        .filter_map(|u| match u {
            Value::String(u) if rememberable(&u) => Some(u),
            _ => None,
        })
        .take(MAX_URLS)
        .collect();
    Some((path, urls))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_load_is_remembered_in_front_without_repeats() {
        let first = remember(
            None,
            "/workspaces/1",
            &urls(&["/api/a", "/api/b", "/api/a"]),
        );
        assert_eq!(first, r#"[["/workspaces/1",["/api/a","/api/b"]]]"#);
        let second = remember(Some(&first), "/workspaces", &urls(&["/api/c"]));
        assert_eq!(
            second,
            r#"[["/workspaces",["/api/c"]],["/workspaces/1",["/api/a","/api/b"]]]"#
        );
        // The same path again replaces its list and comes to the front.
        let third = remember(Some(&second), "/workspaces/1", &urls(&["/api/d"]));
        assert_eq!(
            third,
            r#"[["/workspaces/1",["/api/d"]],["/workspaces",["/api/c"]]]"#
        );
        assert_eq!(
            asked_first(Some(&third), "/workspaces/1"),
            urls(&["/api/d"])
        );
        assert_eq!(asked_first(Some(&third), "/activity"), Vec::<String>::new());
    }

    #[test]
    fn the_sign_in_is_never_remembered() {
        // Issue 38: the OpenID return, replayed by the next load, would sign in again.
        for url in [
            "/api/rest/v1/authentication/oauth2/fake/redirect?state=s&code=c",
            "https://api.example.org/api/rest/v1/Authentication/modes",
            "/oauthredirect?state=x&code=y",
            "/api/rest/v1/x?a=1&CODE=2",
            "/api/rest/v1/x?state=2",
        ] {
            assert!(!rememberable(url), "{url}");
        }
        for url in [
            "/api/rest/v1/users/me",
            "/api/rest/v1/workspaces?pagination.offset=0&pagination.limit=100",
            "/api/rest/v1/x?barcode=1&statement=2",
        ] {
            assert!(rememberable(url), "{url}");
        }
        let stored = remember(
            None,
            "/oauthredirect",
            &urls(&[
                "/api/rest/v1/authentication/oauth2/fake/redirect?state=s&code=c",
                "/api/rest/v1/users/me",
            ]),
        );
        assert_eq!(stored, r#"[["/oauthredirect",["/api/rest/v1/users/me"]]]"#);
    }

    #[test]
    fn limits_hold() {
        let many: Vec<String> = (0..20).map(|i| format!("/api/{i}")).collect();
        let mut stored = remember(None, "/p0", &many);
        assert_eq!(asked_first(Some(&stored), "/p0").len(), MAX_URLS);
        for i in 1..10 {
            stored = remember(Some(&stored), &format!("/p{i}"), &urls(&["/api/x"]));
        }
        let v: Value = serde_json::from_str(&stored).unwrap();
        assert_eq!(v.as_array().unwrap().len(), MAX_PATHS);
        assert_eq!(asked_first(Some(&stored), "/p9"), urls(&["/api/x"]));
        assert!(asked_first(Some(&stored), "/p0").is_empty());
    }

    #[test]
    fn paths_are_written_as_json_strings() {
        let odd = "/a\"b\\c\u{1}é";
        let stored = remember(None, odd, &urls(&["/api/x"]));
        let v: Value = serde_json::from_str(&stored).unwrap();
        assert_eq!(v[0][0], odd);
        assert_eq!(asked_first(Some(&stored), odd), urls(&["/api/x"]));
    }

    #[test]
    fn nothing_asked_forgets_the_path() {
        let stored = remember(None, "/workspaces/1", &urls(&["/api/a"]));
        assert_eq!(remember(Some(&stored), "/workspaces/1", &[]), "[]");
    }

    #[test]
    fn only_this_origin_paths_and_http_urls_are_kept() {
        for ok in [
            "/api/rest/v1/users/me",
            "https://api.example.org/x?y=1",
            "http://127.0.0.1:3000/api/x",
        ] {
            assert!(rememberable(ok), "{ok}");
        }
        for bad in [
            "//evil.example/x",
            "javascript:alert(1)",
            "data:text/plain,x",
            "api/x",
            "",
            "/api/x y",
            "/api/\u{0}",
        ] {
            assert!(!rememberable(bad), "{bad:?}");
        }
        let stored = remember(
            None,
            "/p",
            &urls(&["//evil.example/x", "/api/ok", "javascript:x"]),
        );
        assert_eq!(asked_first(Some(&stored), "/p"), urls(&["/api/ok"]));
    }

    #[test]
    fn a_stored_value_of_another_shape_is_replaced_and_never_panics() {
        for junk in [
            "",
            "not json",
            "{}",
            "null",
            "[1,2,3]",
            r#"[["/p"]]"#,
            r#"[["/p",[1,"//x","/ok"]],["/q","nope"],[3,[]]]"#,
        ] {
            let out = remember(Some(junk), "/new", &urls(&["/api/n"]));
            let v: Value = serde_json::from_str(&out).unwrap();
            assert_eq!(v[0][0], "/new", "{junk}");
        }
        let mixed = r#"[["/p",[1,"//x","/ok"]],["/q","nope"],[3,[]]]"#;
        assert_eq!(asked_first(Some(mixed), "/p"), urls(&["/ok"]));
        assert!(asked_first(Some(mixed), "/q").is_empty());
    }
}
