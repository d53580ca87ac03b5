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
        && is_list_or_catalogue(url)
}

/// The reads a page load may ask again by itself (issue 55): lists, catalogues and the records a
/// page is about, as paths below the API's `/api/` (`*`: one segment, an id). Nothing else, and
/// never a read that a click asks for (a service's `/secrets`, a file's content, an audit log):
/// a replay must not fetch what the user did not ask for this time. The start-up script
/// (scripts/finish-dist.cjs) applies the same list ([`REPLAYED_JS`] is its spelling).
pub const REPLAYED: [&str; 23] = [
    "rest/v1/users/me",
    "rest/v1/users",
    "rest/v1/workspaces",
    "rest/v1/workspaces/public",
    "rest/v1/workspaces/*",
    "rest/v1/workspaces/*/stores",
    "rest/v1/workbenches",
    "rest/v1/workbenches/*",
    "rest/v1/app-instances",
    "rest/v1/apps",
    "rest/v1/organizations",
    "rest/v1/approval-requests",
    "rest/v1/notifications",
    "rest/v1/notifications/count",
    "rest/v1/workspace-service-instances",
    "rest/v1/authorization/roles",
    "rest/v1/authorization/permissions",
    "rest/v1/platform-settings",
    "rest/v1/devstore/global",
    "rest/v1/terms-of-use/versions",
    "rest/v1/terms-of-use/acceptances",
    "rest/v1/terms-of-use/acceptances/status",
    "builds",
];

/// [`REPLAYED`] as the start-up script's regular expression spells it (scripts/finish-dist.cjs
/// holds this text; a test keeps the two lists equal). The segments before `/api/` (a prefix of
/// `apiBaseUrl`) are never `api` themselves: the first `api` segment is the API's.
pub const REPLAYED_JS: &str = "^(?:https?://[^/?#]+)?(?:/(?!api/)[^/?#]+)*/api/(?:builds|rest/v1/(?:users(?:/me)?|workspaces(?:/public|/[^/?#]+(?:/stores)?)?|workbenches(?:/[^/?#]+)?|app-instances|apps|organizations|approval-requests|notifications(?:/count)?|workspace-service-instances|authorization/(?:roles|permissions)|platform-settings|devstore/global|terms-of-use/(?:versions|acceptances(?:/status)?)))(?:[?]|$)";

/// Whether `url` is one of the [`REPLAYED`] reads: its path (the query aside), from its first
/// `api` segment on, is one of them.
pub fn is_list_or_catalogue(url: &str) -> bool {
    let rest = match url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    {
        Some(host_and_path) => match host_and_path.find(['/', '?', '#']) {
            Some(i) => &host_and_path[i..],
            None => return false,
        },
        None => url,
    };
    if rest.contains('#') {
        return false;
    }
    let path = rest.split('?').next().unwrap_or("");
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let Some(api) = segments.iter().position(|s| *s == "api") else {
        return false;
    };
    if segments[..api].iter().any(|s| s.is_empty()) {
        return false;
    }
    let asked = &segments[api + 1..];
    REPLAYED.iter().any(|pattern| {
        let want: Vec<&str> = pattern.split('/').collect();
        want.len() == asked.len()
            && want
                .iter()
                .zip(asked)
                .all(|(w, a)| !a.is_empty() && (*w == "*" || w == a))
    })
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
    remember_in(URLS, stored, path, urls)
}

/// The `localStorage` key of the chunks a page load fetched first (issue 58): the wasm files the
/// chunk loader fetched until the list closed (with the GETs' list, [`remember_chunks`]), which
/// the start-up script preloads on the next load of that path, beside the first wasm, instead of
/// after the app has started. Not the prefetches for a page the user may open next.
pub const CHUNKS_KEY: &str = "console.startChunks";
/// Chunk files remembered per path (the start-up script preloads no more either).
pub const MAX_CHUNKS: usize = 64;

/// The stored chunk lists with `chunks` (`"<file> <sha256 digest, base64>"`, as the chunk loader
/// notes each fetch) as what `path` fetched first: [`remember`]'s rules, for chunk files.
pub fn remember_chunks(stored: Option<&str>, path: &str, chunks: &[String]) -> String {
    remember_in(CHUNKS, stored, path, chunks)
}

/// The split points a page fetches for what comes after its content, never before it: the
/// header and the desktop layer (`chrome`, fetched once the heading shows) and the forms behind
/// buttons (`wsforms`, `dataforms`). Their chunks are not preloaded: beside the page's own they
/// only took the link from them (a returning user's workspace page fetched 131 KB more before
/// its table, measured in docs/measurements.md); the app fetches them when it asks, as before.
pub const LATER: [&str; 3] = ["chrome", "wsforms", "dataforms"];

/// What the chunk loader noted (`"<file> <digest> <split point>"`, the split point whose load
/// fetched the file, empty where none was named) as the list keeps it (`"<file> <digest>"`),
/// without the files of the [`LATER`] split points, nor those of `app`: the start-up script
/// preloads those from index.html (`<meta name="console-chunk-wasm">`) for every page.
pub fn needed_first(noted: &[String]) -> Vec<String> {
    noted
        .iter()
        .filter_map(|n| {
            let mut parts = n.splitn(3, ' ');
            let (file, digest) = (parts.next()?, parts.next()?);
            let split = parts.next().unwrap_or("");
            (split != "app" && !LATER.contains(&split)).then(|| format!("{file} {digest}"))
        })
        .collect()
}

/// Whether `s` names a chunk file as the start-up script may preload it: its name as the build
/// writes it (`split_workspace-<16 hex digits>.wasm`, `chunk_12-…`: no path, no other origin)
/// and its sha256 digest in base64 (44 characters), which the preload asks the bytes to have, as
/// the chunk loader does. Anything else is never fetched.
pub fn chunk_entry(s: &str) -> bool {
    let Some((file, digest)) = s.split_once(' ') else {
        return false;
    };
    let Some((stem, hash)) = file.strip_suffix(".wasm").and_then(|f| f.rsplit_once('-')) else {
        return false;
    };
    (1..=64).contains(&stem.len())
        && stem.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && hash.len() == 16
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && digest.len() == 44
        && digest.ends_with('=')
        && digest[..43]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

/// One kind of list: how many items a path keeps, and which items may be kept.
#[derive(Clone, Copy)]
struct Kind {
    max: usize,
    ok: fn(&str) -> bool,
}

const URLS: Kind = Kind {
    max: MAX_URLS,
    ok: rememberable,
};
const CHUNKS: Kind = Kind {
    max: MAX_CHUNKS,
    ok: chunk_entry,
};

fn remember_in(kind: Kind, stored: Option<&str>, path: &str, items: &[String]) -> String {
    let mut entries: Vec<(String, Vec<String>)> = entries(kind, stored)
        .into_iter()
        .filter(|(p, _)| p != path)
        .collect();
    let mut kept: Vec<String> = Vec::new();
    for u in items {
        if kept.len() < kind.max && (kind.ok)(u) && !kept.contains(u) {
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
    entries(URLS, stored)
        .into_iter()
        .find(|(p, _)| p == path)
        .map(|(_, urls)| urls)
        .unwrap_or_default()
}

/// The well-formed entries of a stored value (none when it is not a JSON array).
fn entries(kind: Kind, stored: Option<&str>) -> Vec<(String, Vec<String>)> {
    match stored.and_then(|s| serde_json::from_str::<Value>(s).ok()) {
        Some(Value::Array(items)) => items.into_iter().filter_map(|v| entry(kind, v)).collect(),
        _ => Vec::new(),
    }
}

/// One well-formed `[path, [item, …]]`, its items filtered.
fn entry(kind: Kind, v: Value) -> Option<(String, Vec<String>)> {
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
            Value::String(u) if (kind.ok)(&u) => Some(u),
            _ => None,
        })
        .take(kind.max)
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
            &urls(&[
                "/api/rest/v1/workspaces/a",
                "/api/rest/v1/workspaces/b",
                "/api/rest/v1/workspaces/a",
            ]),
        );
        assert_eq!(
            first,
            r#"[["/workspaces/1",["/api/rest/v1/workspaces/a","/api/rest/v1/workspaces/b"]]]"#
        );
        let second = remember(
            Some(&first),
            "/workspaces",
            &urls(&["/api/rest/v1/workspaces/c"]),
        );
        assert_eq!(
            second,
            r#"[["/workspaces",["/api/rest/v1/workspaces/c"]],["/workspaces/1",["/api/rest/v1/workspaces/a","/api/rest/v1/workspaces/b"]]]"#
        );
        // The same path again replaces its list and comes to the front.
        let third = remember(
            Some(&second),
            "/workspaces/1",
            &urls(&["/api/rest/v1/workspaces/d"]),
        );
        assert_eq!(
            third,
            r#"[["/workspaces/1",["/api/rest/v1/workspaces/d"]],["/workspaces",["/api/rest/v1/workspaces/c"]]]"#
        );
        assert_eq!(
            asked_first(Some(&third), "/workspaces/1"),
            urls(&["/api/rest/v1/workspaces/d"])
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
            "/api/rest/v1/users?a=1&CODE=2",
            "/api/rest/v1/users?state=2",
        ] {
            assert!(!rememberable(url), "{url}");
        }
        for url in [
            "/api/rest/v1/users/me",
            "/api/rest/v1/workspaces?pagination.offset=0&pagination.limit=100",
            "/api/rest/v1/users?barcode=1&statement=2",
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
    fn only_lists_catalogues_and_a_pages_own_records_are_replayed() {
        // Issue 55: a `Show secrets` clicked in the first seconds was asked again by the next
        // load, before any click.
        for url in [
            "/api/rest/v1/users/me",
            "/api/rest/v1/users?pagination.offset=0",
            "/api/rest/v1/workspaces?pagination.limit=100",
            "/api/rest/v1/workspaces/12",
            "/api/rest/v1/workspaces/12/stores",
            "/api/rest/v1/workspaces/public",
            "/api/rest/v1/workbenches?filter.workspaceIdsIn=1",
            "/api/rest/v1/workbenches/5",
            "/api/rest/v1/workspace-service-instances?filter.workspaceIdsIn=1",
            "/api/rest/v1/authorization/roles",
            "/api/rest/v1/authorization/permissions",
            "/api/rest/v1/notifications/count",
            "/api/rest/v1/devstore/global",
            "/api/rest/v1/terms-of-use/acceptances/status",
            "/api/builds",
            "https://api.example.org/api/rest/v1/apps",
            "http://127.0.0.1:3000/api/rest/v1/users/me",
            "https://example.org/chorus/api/rest/v1/organizations",
            "/prefix/api/rest/v1/workspaces/a%2Fb",
        ] {
            assert!(is_list_or_catalogue(url), "{url}");
            assert!(rememberable(url), "{url}");
        }
        for url in [
            "/api/rest/v1/workspace-service-instances/3/secrets",
            "/api/rest/v1/workspace-service-instances/3",
            "/api/rest/v1/workspaces/1/file/disk/raw/a.csv",
            "/api/rest/v1/audit",
            "/api/rest/v1/audit/workspaces/1",
            "/api/rest/v1/approval-requests/4/files",
            "/api/rest/v1/devstore/user",
            "/api/rest/v1/users/7",
            "/api/rest/v1/users/me/totp",
            "/api/rest/v1/workspaces/",
            "/api/rest/v1/workspaces//stores",
            "/api/rest/v1/workbenches/5/stream/",
            "/api/rest/v1/apps#x",
            "/api/rest/v1/workspaces/1/api/builds",
            "/x//api/builds",
            "https://api.example.org",
            "/rest/v1/users/me",
            "/API/rest/v1/users/me",
            "",
        ] {
            assert!(!is_list_or_catalogue(url), "{url}");
            assert!(!rememberable(url), "{url}");
        }
        let stored = remember(
            None,
            "/workspaces/1/services",
            &urls(&[
                "/api/rest/v1/users/me",
                "/api/rest/v1/workspace-service-instances/3/secrets",
                "/api/rest/v1/workspace-service-instances?filter.workspaceIdsIn=1",
            ]),
        );
        assert_eq!(
            asked_first(Some(&stored), "/workspaces/1/services"),
            urls(&[
                "/api/rest/v1/users/me",
                "/api/rest/v1/workspace-service-instances?filter.workspaceIdsIn=1"
            ])
        );
        // A list stored before (by an older console) is read through the same rule.
        let old = r#"[["/p",["/api/rest/v1/workspace-service-instances/3/secrets","/api/rest/v1/apps"]]]"#;
        assert_eq!(asked_first(Some(old), "/p"), urls(&["/api/rest/v1/apps"]));
    }

    #[test]
    fn the_start_up_script_tests_urls_with_the_same_list() {
        let script = include_str!("../../scripts/finish-dist.cjs");
        assert!(
            script.contains(REPLAYED_JS),
            "scripts/finish-dist.cjs spells REPLAYED as REPLAYED_JS"
        );
        // Every pattern of the list appears in the expression, word for word.
        for pattern in REPLAYED {
            for word in pattern.split('/').filter(|w| *w != "*") {
                assert!(REPLAYED_JS.contains(word), "{pattern}: {word}");
            }
        }
        // The chunks: the same key, limit and test of an entry as [`chunk_entry`] (in the
        // script's template literal, `\\w` is `\w`).
        assert!(script.contains(&format!(
            "consoleKept(\"{CHUNKS_KEY}\").slice(0, {MAX_CHUNKS})"
        )));
        assert!(script.contains(&format!("consoleKept(\"{KEY}\")")));
        assert!(
            script.contains(r"/^(\\w{1,64}-[0-9a-f]{16}\\.wasm) ([A-Za-z0-9+/]{43}=)$/.exec(c)")
        );
        // The chunk loader notes no more than a path keeps.
        let loader = include_str!("../../scripts/place-split.mjs");
        assert!(loader.contains(&format!("r.length<{MAX_CHUNKS}&&r.push(")));
    }

    #[test]
    fn limits_hold() {
        let many: Vec<String> = (0..20)
            .map(|i| format!("/api/rest/v1/workspaces/{i}"))
            .collect();
        let mut stored = remember(None, "/p0", &many);
        assert_eq!(asked_first(Some(&stored), "/p0").len(), MAX_URLS);
        for i in 1..10 {
            stored = remember(
                Some(&stored),
                &format!("/p{i}"),
                &urls(&["/api/rest/v1/workspaces/x"]),
            );
        }
        let v: Value = serde_json::from_str(&stored).unwrap();
        assert_eq!(v.as_array().unwrap().len(), MAX_PATHS);
        assert_eq!(
            asked_first(Some(&stored), "/p9"),
            urls(&["/api/rest/v1/workspaces/x"])
        );
        assert!(asked_first(Some(&stored), "/p0").is_empty());
    }

    #[test]
    fn paths_are_written_as_json_strings() {
        let odd = "/a\"b\\c\u{1}é";
        let stored = remember(None, odd, &urls(&["/api/rest/v1/workspaces/x"]));
        let v: Value = serde_json::from_str(&stored).unwrap();
        assert_eq!(v[0][0], odd);
        assert_eq!(
            asked_first(Some(&stored), odd),
            urls(&["/api/rest/v1/workspaces/x"])
        );
    }

    #[test]
    fn nothing_asked_forgets_the_path() {
        let stored = remember(None, "/workspaces/1", &urls(&["/api/rest/v1/workspaces/a"]));
        assert_eq!(remember(Some(&stored), "/workspaces/1", &[]), "[]");
    }

    #[test]
    fn only_this_origin_paths_and_http_urls_are_kept() {
        for ok in [
            "/api/rest/v1/users/me",
            "https://api.example.org/api/rest/v1/apps?y=1",
            "http://127.0.0.1:3000/api/rest/v1/apps",
        ] {
            assert!(rememberable(ok), "{ok}");
        }
        for bad in [
            "//evil.example/x",
            "javascript:alert(1)",
            "data:text/plain,x",
            "api/x",
            "",
            "/api/rest/v1/apps x",
            "/api/rest/v1/apps\u{0}",
        ] {
            assert!(!rememberable(bad), "{bad:?}");
        }
        let stored = remember(
            None,
            "/p",
            &urls(&["//evil.example/x", "/api/rest/v1/users/me", "javascript:x"]),
        );
        assert_eq!(
            asked_first(Some(&stored), "/p"),
            urls(&["/api/rest/v1/users/me"])
        );
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
            r#"[["/p",[1,"//x","/api/builds"]],["/q","nope"],[3,[]]]"#,
        ] {
            let out = remember(Some(junk), "/new", &urls(&["/api/rest/v1/workspaces/n"]));
            let v: Value = serde_json::from_str(&out).unwrap();
            assert_eq!(v[0][0], "/new", "{junk}");
        }
        let mixed = r#"[["/p",[1,"//x","/api/builds"]],["/q","nope"],[3,[]]]"#;
        assert_eq!(asked_first(Some(mixed), "/p"), urls(&["/api/builds"]));
        assert!(asked_first(Some(mixed), "/q").is_empty());
    }

    #[test]
    fn chunk_lists_keep_only_files_named_as_built_with_their_digest() {
        let digest = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq8+/EjRWeJA=";
        let good = format!("split_workspace-0123456789abcdef.wasm {digest}");
        let shared = format!("chunk_12-fedcba9876543210.wasm {digest}");
        for bad in [
            String::new(),
            "split_workspace-0123456789abcdef.wasm".to_string(),
            format!("split workspace-0123456789abcdef.wasm {digest}"),
            format!("../x-0123456789abcdef.wasm {digest}"),
            format!("//evil.example/x-0123456789abcdef.wasm {digest}"),
            format!("split_workspace-0123456789ABCDEF.wasm {digest}"),
            format!("split_workspace-0123456789abcde.wasm {digest}"),
            format!("split_workspace-0123456789abcdef.js {digest}"),
            format!("split_workspace.wasm {digest}"),
            format!("split_workspace-0123456789abcdef.wasm {}", &digest[1..]),
            format!("split_workspace-0123456789abcdef.wasm {}x", &digest[..43]),
            format!(
                "split_workspace-0123456789abcdef.wasm {}",
                digest.replace('+', "-")
            ),
            format!("{}-0123456789abcdef.wasm {digest}", "a".repeat(65)),
            format!("split_workspace-0123456789abcdef.wasm {digest} more"),
        ] {
            assert!(!chunk_entry(&bad), "{bad}");
        }
        assert!(chunk_entry(&good) && chunk_entry(&shared));
        let list = |v: &[&String]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let stored = remember_chunks(
            None,
            "/workspaces/1",
            &list(&[&good, &"/api/rest/v1/users/me".to_string(), &shared, &good]),
        );
        assert_eq!(
            entries(CHUNKS, Some(&stored)),
            vec![("/workspaces/1".to_string(), list(&[&good, &shared]))]
        );
        // The URLs' list and the chunks' list do not read each other's items.
        assert!(asked_first(Some(&stored), "/workspaces/1").is_empty());
        let many: Vec<String> = (0..80)
            .map(|i| format!("chunk_{i}-0123456789abcdef.wasm {digest}"))
            .collect();
        let stored = remember_chunks(Some(&stored), "/", &many);
        assert_eq!(entries(CHUNKS, Some(&stored))[0].1.len(), MAX_CHUNKS);
        assert_eq!(entries(CHUNKS, Some(&stored))[1].0, "/workspaces/1");
    }

    #[test]
    fn the_chunks_of_what_comes_after_the_content_are_not_kept() {
        let noted: Vec<String> = [
            "split_app-0123456789abcdef.wasm d1 app",
            "chunk_3-0123456789abcdef.wasm d2 app",
            "split_workspace-0123456789abcdef.wasm d3 workspace",
            "split_chrome-0123456789abcdef.wasm d4 chrome",
            "chunk_9-0123456789abcdef.wasm d5 chrome",
            "split_wstable-0123456789abcdef.wasm d6 wstable",
            "split_wsforms-0123456789abcdef.wasm d7 wsforms",
            "split_dataforms-0123456789abcdef.wasm d8 dataforms",
            "chunk_4-0123456789abcdef.wasm d9 ",
            "chunk_5-0123456789abcdef.wasm d10",
            "nothing",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            needed_first(&noted),
            [
                "split_workspace-0123456789abcdef.wasm d3",
                "split_wstable-0123456789abcdef.wasm d6",
                "chunk_4-0123456789abcdef.wasm d9",
                "chunk_5-0123456789abcdef.wasm d10",
            ]
        );
    }
}
