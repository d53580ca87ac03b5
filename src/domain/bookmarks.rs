//! Bookmarks (ui.md, "bookmarks"; api.md, "Bookmarks"): the user's own dev-store key
//! `user.bookmarks`, a JSON array `[{"route","label","icon"?,"addedAt"}]` that chorus-web-ui
//! reads too. Better than chorus-web-ui: the address keeps its query (a folder, a filter), the
//! order changes by buttons, at most [`MAX`] said in words, and a route that is not an address of
//! this console (`javascript:…`, `//elsewhere`, `https://…`) is kept but never made a link.
//!
//! A change is an [`Op`] applied to the list as read again just before the write ([`apply`]), so
//! that a change made meanwhile in another tab is kept. A stored value that cannot be read is an
//! error in words ([`parse`]) and nothing is written over it.
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The dev-store key (user scope).
pub const KEY: &str = "user.bookmarks";
/// The most bookmarks kept.
pub const MAX: usize = 50;
/// The longest label, in characters.
pub const LABEL_MAX: usize = 50;
/// The longest route kept.
const ROUTE_MAX: usize = 2_000;

/// One bookmark as stored; fields this console does not know are kept as they are.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bookmark {
    pub route: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<Value>,
    #[serde(rename = "addedAt", default, skip_serializing_if = "Value::is_null")]
    pub added_at: Value,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl Bookmark {
    /// The address to link to, or `None` when the stored route is not a path of this console.
    pub fn href(&self) -> Option<&str> {
        is_app_path(&self.route).then_some(self.route.as_str())
    }
}

/// A path of this console: `/…`, not `//host`, no backslash, no control or space characters.
pub fn is_app_path(route: &str) -> bool {
    route.starts_with('/')
        && !route.starts_with("//")
        && route.len() <= ROUTE_MAX
        && !route
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace())
}

/// Reads the stored value (`None`: not set, no bookmarks). A value that is not an array of
/// bookmarks is an error in words.
pub fn parse(raw: Option<&str>) -> Result<Vec<Bookmark>, String> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    if raw.trim().is_empty() {
        return Ok(Vec::new());
    }
    serde_json::from_str::<Vec<Bookmark>>(raw).map_err(|e| {
        format!(
            "Your stored bookmarks could not be read ({e}). They are kept as they are, and no bookmark can be added or changed until they are mended."
        )
    })
}

/// The stored value of `list`.
pub fn to_value(list: &[Bookmark]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".to_owned())
}

/// A label as kept: trimmed, 1 to [`LABEL_MAX`] characters.
pub fn check_label(label: &str) -> Result<String, String> {
    let label = label.trim();
    let n = label.chars().count();
    if n == 0 {
        Err("A label is needed (1 to 50 characters).".to_owned())
    } else if n > LABEL_MAX {
        Err(format!(
            "A label is at most {LABEL_MAX} characters; this one has {n}."
        ))
    } else {
        Ok(label.to_owned())
    }
}

/// A label made from a page's title: cut to [`LABEL_MAX`] characters (an ellipsis at the cut),
/// the route when the title is empty.
pub fn label_from(title: &str, route: &str) -> String {
    let t = title.trim();
    let t = if t.is_empty() { route } else { t };
    if t.chars().count() <= LABEL_MAX {
        t.to_owned()
    } else {
        let mut s: String = t.chars().take(LABEL_MAX - 1).collect();
        s = s.trim_end().to_owned();
        s.push('…');
        s
    }
}

/// A change to the list, by route (the same change applies to the list as read again).
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    Add {
        route: String,
        label: String,
        added_at: String,
    },
    Remove {
        route: String,
    },
    Rename {
        route: String,
        label: String,
    },
    Move {
        route: String,
        up: bool,
    },
}

/// `list` with `op` applied, or why not in words. Adding a route already there, or removing one
/// already gone, leaves the list as it is.
pub fn apply(mut list: Vec<Bookmark>, op: &Op) -> Result<Vec<Bookmark>, String> {
    let at = |list: &[Bookmark], route: &str| list.iter().position(|b| b.route == route);
    match op {
        Op::Add {
            route,
            label,
            added_at,
        } => {
            if !is_app_path(route) {
                return Err("Only a page of this console can be bookmarked.".to_owned());
            }
            let label = check_label(label)?;
            if at(&list, route).is_some() {
                return Ok(list);
            }
            if list.len() >= MAX {
                return Err(format!(
                    "You have {} bookmarks, the most there can be: remove one to bookmark this page.",
                    list.len()
                ));
            }
            list.push(Bookmark {
                route: route.clone(),
                label,
                icon: None,
                added_at: Value::String(added_at.clone()),
                other: Map::new(),
            });
        }
        Op::Remove { route } => list.retain(|b| b.route != *route),
        Op::Rename { route, label } => {
            let label = check_label(label)?;
            let i = at(&list, route).ok_or_else(|| {
                "This bookmark was removed meanwhile (in another tab?).".to_owned()
            })?;
            list[i].label = label;
        }
        Op::Move { route, up } => {
            let i = at(&list, route).ok_or_else(|| {
                "This bookmark was removed meanwhile (in another tab?).".to_owned()
            })?;
            let j = if *up { i.checked_sub(1) } else { Some(i + 1) };
            if let Some(j) = j.filter(|j| *j < list.len()) {
                list.swap(i, j);
            }
        }
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(route: &str, label: &str) -> Op {
        Op::Add {
            route: route.into(),
            label: label.into(),
            added_at: "2026-11-26T10:00:00.000Z".into(),
        }
    }

    fn routes(list: &[Bookmark]) -> Vec<&str> {
        list.iter().map(|b| b.route.as_str()).collect()
    }

    #[test]
    fn parse_reads_chorus_web_ui_values_and_keeps_unknown_fields() {
        assert_eq!(parse(None).unwrap(), vec![]);
        assert_eq!(parse(Some("")).unwrap(), vec![]);
        let raw = r#"[{"route":"/workspaces/2/data?path=a%2Fb","label":"Raw","icon":"folder","addedAt":"2026-01-01","pinned":true}]"#;
        let list = parse(Some(raw)).unwrap();
        assert_eq!(list[0].href(), Some("/workspaces/2/data?path=a%2Fb"));
        assert_eq!(list[0].other.get("pinned"), Some(&Value::Bool(true)));
        let back: Value = serde_json::from_str(&to_value(&list)).unwrap();
        assert_eq!(back, serde_json::from_str::<Value>(raw).unwrap());
    }

    #[test]
    fn a_value_that_is_not_a_list_of_bookmarks_is_an_error_in_words() {
        for raw in [
            "{\"route\":\"/\"}",
            "not json",
            "[{\"label\":\"x\"}]",
            "[1]",
        ] {
            let e = parse(Some(raw)).unwrap_err();
            assert!(e.contains("could not be read"), "{raw}: {e}");
            assert!(e.contains("kept as they are"));
        }
    }

    #[test]
    fn only_paths_of_the_console_become_links() {
        for ok in ["/", "/workspaces/1/data?path=x&q=a", "/apps#top"] {
            assert!(is_app_path(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "//evil.example/",
            "/\\evil.example",
            "https://evil.example/",
            "/a b",
            "",
            "/a\nb",
        ] {
            assert!(!is_app_path(bad), "{bad}");
        }
        let list = parse(Some(r#"[{"route":"javascript:alert(1)","label":"x"}]"#)).unwrap();
        assert_eq!(list[0].href(), None);
        assert!(apply(vec![], &add("javascript:alert(1)", "x")).is_err());
    }

    #[test]
    fn labels_are_1_to_50_characters() {
        assert_eq!(check_label("  Raw data ").unwrap(), "Raw data");
        assert!(check_label("   ").is_err());
        assert!(check_label(&"é".repeat(50)).is_ok());
        assert_eq!(
            check_label(&"é".repeat(51)).unwrap_err(),
            "A label is at most 50 characters; this one has 51."
        );
        let long = label_from(&"x".repeat(80), "/");
        assert_eq!(long.chars().count(), 50);
        assert!(long.ends_with('…'));
        assert_eq!(label_from("  ", "/apps"), "/apps");
    }

    #[test]
    fn add_keeps_the_query_refuses_the_51st_and_ignores_a_second_add() {
        let mut list = vec![];
        for i in 0..MAX {
            list = apply(list, &add(&format!("/w?n={i}"), "n")).unwrap();
        }
        assert_eq!(list[7].route, "/w?n=7");
        let again = apply(list.clone(), &add("/w?n=7", "again")).unwrap();
        assert_eq!(again, list);
        let e = apply(list, &add("/w?n=50", "n")).unwrap_err();
        assert_eq!(
            e,
            "You have 50 bookmarks, the most there can be: remove one to bookmark this page."
        );
    }

    #[test]
    fn rename_move_and_remove_by_route() {
        let mut list = vec![];
        for r in ["/a", "/b", "/c"] {
            list = apply(list, &add(r, r)).unwrap();
        }
        let mv = |route: &str, up| Op::Move {
            route: route.into(),
            up,
        };
        list = apply(list, &mv("/c", true)).unwrap();
        assert_eq!(routes(&list), ["/a", "/c", "/b"]);
        list = apply(list, &mv("/a", true)).unwrap();
        assert_eq!(routes(&list), ["/a", "/c", "/b"]);
        list = apply(list, &mv("/b", false)).unwrap();
        assert_eq!(routes(&list), ["/a", "/c", "/b"]);
        list = apply(list, &mv("/a", false)).unwrap();
        assert_eq!(routes(&list), ["/c", "/a", "/b"]);
        let rename = Op::Rename {
            route: "/a".into(),
            label: " A ".into(),
        };
        list = apply(list, &rename).unwrap();
        assert_eq!(list[1].label, "A");
        let bad = Op::Rename {
            route: "/a".into(),
            label: "".into(),
        };
        assert!(apply(list.clone(), &bad).is_err());
        list = apply(list, &Op::Remove { route: "/a".into() }).unwrap();
        assert_eq!(routes(&list), ["/c", "/b"]);
        assert!(apply(list, &rename)
            .unwrap_err()
            .contains("removed meanwhile"));
    }

    #[test]
    fn a_change_applies_to_the_list_as_read_again() {
        // Another tab added /x meanwhile: removing /a here keeps it.
        let mut fresh = vec![];
        for r in ["/a", "/x"] {
            fresh = apply(fresh, &add(r, r)).unwrap();
        }
        let after = apply(fresh, &Op::Remove { route: "/a".into() }).unwrap();
        assert_eq!(routes(&after), ["/x"]);
    }
}
