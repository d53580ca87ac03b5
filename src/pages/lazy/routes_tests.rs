//! `routes::PAGES` (the titles, and the list the accessibility stage visits) holds every page
//! the router knows: the routes of app.rs and each segment the pages below pick
//! (`top_page`, `admin_page`, `workspace_section`). A page added there and not to the table fails
//! here.

/// The quoted segments of the `match` in function `name` of lazy.rs (`"roles" => …`).
fn segments_of(source: &str, name: &str) -> Vec<String> {
    let start = source
        .find(&format!("pub fn {name}()"))
        .unwrap_or_else(|| panic!("lazy.rs has no fn {name}"));
    let body = &source[start..];
    let end = body.find("\n}\n").unwrap_or(body.len());
    body[..end]
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l.strip_prefix('"')?;
            let (seg, after) = rest.split_once('"')?;
            after.trim_start().starts_with("=>").then(|| seg.to_owned())
        })
        .collect()
}

/// The paths of app.rs's `<Route path=at(path!("…"))>`.
fn app_routes(source: &str) -> Vec<String> {
    source
        .split("path!(\"")
        .skip(1)
        .filter_map(|s| s.split_once('"').map(|(p, _)| p.to_owned()))
        .collect()
}

#[test]
fn every_page_the_router_knows_has_a_title() {
    let lazy = include_str!("../lazy.rs");
    let app = include_str!("../../app.rs");
    let known: Vec<&str> = crate::routes::PAGES.iter().map(|(p, _)| *p).collect();
    let mut wanted: Vec<String> = Vec::new();
    for (function, prefix) in [
        ("top_page", ""),
        ("admin_page", "/admin"),
        ("workspace_section", "/workspaces/:workspaceId"),
    ] {
        let segments = segments_of(lazy, function);
        assert!(!segments.is_empty(), "no segments read from {function}");
        wanted.extend(segments.into_iter().map(|s| format!("{prefix}/{s}")));
    }
    let routes = app_routes(app);
    assert!(routes.len() >= 5, "routes read from app.rs: {routes:?}");
    // The routes that pick their page by a segment are the segments above.
    wanted.extend(
        routes
            .into_iter()
            .filter(|r| !r.ends_with("/:page") && !r.ends_with("/:section")),
    );
    for path in &wanted {
        assert!(
            known.contains(&path.as_str()),
            "{path} is a page of the router but not in routes::PAGES"
        );
    }
    for path in &known {
        assert!(
            wanted.iter().any(|w| w == path),
            "routes::PAGES lists {path}, which the router does not know"
        );
    }
}
