//! The page's title (`document.title`, ui.md "Everyone: accessibility the tests check"): where
//! one is, most specific first, then the platform's name: `Data · Demo · <platform name>`. The
//! route gives the words (`routes::PAGES`); the names in it (`{workspace}`, `{session}`) come
//! from the pages, which load them anyway and say them here ([`name_workspace`],
//! [`name_session`]); the platform's name from `state::branding` ([`set_platform`]; the name
//! kept in this browser at start, from `components::page_change`). One place sets the title:
//! `components::page_change`, from [`title_for`].
use std::collections::HashMap;

use leptos::prelude::*;

/// What the title shows when the platform has no name (as the header).
pub(crate) const DEFAULT_PLATFORM: &str = "Research Console";

/// Between the parts of a title.
const SEPARATOR: &str = " · ";

/// Reference-counted signals: no owner of a page (which goes with the page) owns them.
#[derive(Clone)]
struct Titles {
    /// `"workspaceId:<id>"` / `"sessionId:<id>"` → the name a page loaded.
    names: ArcRwSignal<HashMap<String, String>>,
    platform: ArcRwSignal<Option<String>>,
}

thread_local! {
    static TITLES: Titles = Titles {
        names: ArcRwSignal::new(HashMap::new()),
        platform: ArcRwSignal::new(None),
    };
}

fn titles() -> Titles {
    TITLES.with(Titles::clone)
}

/// The platform's name as the title ends (`None`: [`DEFAULT_PLATFORM`]).
pub(crate) fn set_platform(name: Option<&str>) {
    let name = name.map(str::to_owned);
    let t = titles();
    if t.platform.with_untracked(|p| *p != name) {
        t.platform.set(name);
    }
}

fn set_name(key: String, name: String) {
    let t = titles();
    if t.names.with_untracked(|n| n.get(&key) != Some(&name)) {
        t.names.update(|n| {
            n.insert(key, name);
        });
    }
}

/// A page that loaded a workspace says its `(id, name)` here (`f` is read in an effect).
pub(crate) fn name_workspace(f: impl Fn() -> Option<(String, String)> + 'static) {
    crate::state::effect(move |_| {
        if let Some((id, name)) = f() {
            set_name(format!("workspaceId:{id}"), name);
        }
    });
}

/// A page that loaded a session says its `(id, name)` here (`f` is read in an effect).
pub(crate) fn name_session(f: impl Fn() -> Option<(String, String)> + 'static) {
    crate::state::effect(move |_| {
        if let Some((id, name)) = f() {
            set_name(format!("sessionId:{id}"), name);
        }
    });
}

/// The title of the page at `path` (tracks the names and the platform's name).
pub(crate) fn title_for(path: &str) -> String {
    let (template, ids) = crate::routes::page_of(path);
    let t = titles();
    let platform = t.platform.get();
    t.names
        .with(|names| title_text(template, &ids, names, platform.as_deref()))
}

/// `template` with its names filled in (`{workspace}` by the name known for `workspaceId`, else
/// `Workspace`; `{session}` likewise; `{request}` by the id), then the platform's name.
pub(crate) fn title_text(
    template: &str,
    ids: &[(&str, String)],
    names: &HashMap<String, String>,
    platform: Option<&str>,
) -> String {
    let id = |param: &str| {
        ids.iter()
            .find(|(p, _)| *p == param)
            .map(|(_, v)| v.clone())
    };
    let name = |param: &str, fallback: &str| {
        id(param)
            .and_then(|i| names.get(&format!("{param}:{i}")).cloned())
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| fallback.to_owned())
    };
    let page = template
        .replace("{workspace}", &name("workspaceId", "Workspace"))
        .replace("{session}", &name("sessionId", "Session"))
        .replace("{request}", &id("requestId").unwrap_or_default());
    let platform = platform
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .unwrap_or(DEFAULT_PLATFORM);
    format!("{page}{SEPARATOR}{platform}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_specific_first_then_the_platform() {
        let mut names = HashMap::new();
        names.insert("workspaceId:1".to_owned(), "Demo".to_owned());
        names.insert("sessionId:7".to_owned(), "analysis".to_owned());
        let of = |path: &str, platform| {
            let (t, ids) = crate::routes::page_of(path);
            title_text(t, &ids, &names, platform)
        };
        assert_eq!(of("/workspaces/1/data", Some("Acme")), "Data · Demo · Acme");
        assert_eq!(
            of("/admin/users", None),
            "Users · Administration · Research Console"
        );
        assert_eq!(
            of("/workspaces/1/sessions/7", Some("Acme")),
            "analysis · Demo · Acme"
        );
        assert_eq!(
            of("/workspaces/2/members", Some(" ")),
            "Members · Workspace · Research Console"
        );
        assert_eq!(
            of("/requests/12", Some("Acme")),
            "Request 12 · Data requests · Acme"
        );
        assert_eq!(of("/nowhere", Some("Acme")), "Page not found · Acme");
    }

    #[test]
    fn every_route_has_its_own_title() {
        let titles: std::collections::HashSet<_> =
            crate::routes::PAGES.iter().map(|(_, t)| *t).collect();
        assert_eq!(titles.len(), crate::routes::PAGES.len());
    }
}
