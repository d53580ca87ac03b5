//! The paths of the console's pages, for links and navigation. Below pages and components
//! alike: a component that links to a page uses these, never the page module.
use crate::api::client::encode_component;

/// The path of a workspace page (ids percent-encoded).
pub(crate) fn workspace_href(workspace_id: &str) -> String {
    format!("/workspaces/{}", encode_component(workspace_id))
}

/// The path of a session page (ids percent-encoded).
pub(crate) fn session_href(workspace_id: &str, session_id: &str) -> String {
    format!(
        "{}/sessions/{}",
        workspace_href(workspace_id),
        encode_component(session_id)
    )
}

/// The path of a data request's page (id percent-encoded).
pub(crate) fn request_href(request_id: &str) -> String {
    format!("/requests/{}", encode_component(request_id))
}

/// Every page the router knows, by its path pattern (`:name` a segment), and its title: most
/// specific first, `{workspace}` and `{session}` standing for the names the pages load
/// (state/page_title.rs puts them in, then the platform's name). The accessibility stage
/// (tests/e2e/axe) reads this table to visit every page; pages/lazy.rs's test keeps it complete.
pub const PAGES: &[(&str, &str)] = &[
    ("/", "Home"),
    ("/login", "Sign in"),
    ("/oauthredirect", "Signing in"),
    ("/register", "Create an account"),
    ("/workspaces", "Workspaces"),
    ("/sessions", "Sessions"),
    ("/requests", "Data requests"),
    ("/terms", "Terms of use"),
    ("/profile", "Profile"),
    ("/activity", "Activity"),
    ("/messages", "Messages"),
    ("/public-workspaces", "Public workspaces"),
    ("/apps", "Apps"),
    ("/organizations", "Organizations"),
    ("/requests/:requestId", "Request {request} · Data requests"),
    ("/data", "Data"),
    ("/admin", "Administration"),
    ("/admin/roles", "Roles · Administration"),
    ("/admin/users", "Users · Administration"),
    ("/admin/terms", "Terms of use · Administration"),
    ("/admin/audit", "Audit log · Administration"),
    ("/admin/apps", "Apps · Administration"),
    ("/admin/workspaces", "Workspaces · Administration"),
    ("/admin/sessions", "Sessions · Administration"),
    ("/admin/app-instances", "App instances · Administration"),
    ("/admin/settings", "Platform settings · Administration"),
    ("/admin/organizations", "Organizations · Administration"),
    ("/workspaces/:workspaceId", "{workspace} · Workspaces"),
    ("/workspaces/:workspaceId/members", "Members · {workspace}"),
    ("/workspaces/:workspaceId/data", "Data · {workspace}"),
    ("/workspaces/:workspaceId/audit", "Audit log · {workspace}"),
    (
        "/workspaces/:workspaceId/settings",
        "Settings · {workspace}",
    ),
    (
        "/workspaces/:workspaceId/services",
        "Services · {workspace}",
    ),
    (
        "/workspaces/:workspaceId/sessions/:sessionId",
        "{session} · {workspace}",
    ),
    (
        "/workspaces/:workspaceId/sessions/:sessionId/audit",
        "Audit log · {session} · {workspace}",
    ),
];

/// `s` with its `%XX` escapes decoded (as the router gives a segment to its page).
fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The title of a page not in [`PAGES`].
pub const NOT_FOUND_TITLE: &str = "Page not found";

/// The title template of `path` (a path as the browser has it, without query) and the ids its
/// `:name` segments hold (percent-decoded): `("Data · {workspace}", [("workspaceId", "1")])`.
pub(crate) fn page_of(path: &str) -> (&'static str, Vec<(&'static str, String)>) {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    for (pattern, title) in PAGES {
        let wanted: Vec<&str> = pattern.trim_end_matches('/').split('/').skip(1).collect();
        if wanted.len() != segments.len() {
            continue;
        }
        let mut ids = Vec::new();
        let fits = wanted
            .iter()
            .zip(&segments)
            .all(|(w, s)| match w.strip_prefix(':') {
                Some(name) if !s.is_empty() => {
                    ids.push((name, percent_decoded(s)));
                    true
                }
                Some(_) => false,
                None => w == s,
            });
        if fits {
            return (title, ids);
        }
    }
    (NOT_FOUND_TITLE, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_encoded() {
        assert_eq!(workspace_href("1"), "/workspaces/1");
        assert_eq!(
            session_href("a/b", "7 8"),
            "/workspaces/a%2Fb/sessions/7%208"
        );
        assert_eq!(request_href("7/../x"), "/requests/7%2F..%2Fx");
    }

    #[test]
    fn a_path_finds_its_page_and_ids() {
        assert_eq!(page_of("/"), ("Home", vec![]));
        assert_eq!(page_of("/admin/users"), ("Users · Administration", vec![]));
        assert_eq!(
            page_of("/workspaces/a%2Fb/data"),
            (
                "Data · {workspace}",
                vec![("workspaceId", "a/b".to_owned())]
            )
        );
        assert_eq!(
            page_of("/workspaces/1/sessions/7").0,
            "{session} · {workspace}"
        );
        assert_eq!(page_of("/nope/x").0, NOT_FOUND_TITLE);
        assert_eq!(page_of("/workspaces//data").0, NOT_FOUND_TITLE);
    }
}
