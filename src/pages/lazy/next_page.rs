//! What the login page fetches while the visitor types (issue 58): only the chunks of the page the
//! sign-in lands on (`next`, else the workspaces), once the browser is idle, at low priority, so
//! that they never go before the sign-in request. Before, every visitor fetched the `app` chunk
//! and the session page's whatever came next (825 KB gzip once idle, docs/measurements.md).
//!
//! The first load only sets the priority and asks for the `app` chunk when idle
//! (`pages::lazy::login`); the choice of the rest runs inside the `app` chunk (its `provide`, on
//! `/login`), so that the first load does not grow with it.

#[cfg(any(target_arch = "wasm32", test))]
use super::intent::{group_of, Group};

/// The chunks a page needs beyond the `app` chunk, which every page behind the login waits for.
#[cfg(any(target_arch = "wasm32", test))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Beyond {
    /// The `app` chunk is all (a path that is no page).
    Nothing,
    /// A session's page (the `session` chunk).
    Session,
    /// A page of a group's chunk.
    Group(Group),
}

/// What the page at `path` (an app path, as `domain::next_path::safe_next` gives it) needs
/// beyond the `app` chunk.
#[cfg(any(target_arch = "wasm32", test))]
pub(super) fn beyond_app(path: &str) -> Beyond {
    if let Some(group) = group_of(path) {
        return Beyond::Group(group);
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match parts.as_slice() {
        ["workspaces", ws, "sessions", s] if !ws.is_empty() && !s.is_empty() => Beyond::Session,
        _ => Beyond::Nothing,
    }
}

/// Whether the browser is on the login page (the `app` chunk came while the visitor types).
#[cfg(target_arch = "wasm32")]
pub(super) fn on_login_page() -> bool {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .is_some_and(|p| p == "/login")
}

/// Where the sign-in will land: the login page's `next` as the browser's URL has it, checked as
/// the login page checks it (`domain::next_path::safe_next`: else the workspaces).
#[cfg(target_arch = "wasm32")]
pub(super) fn landing() -> String {
    let next = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|p| p.get("next"));
    crate::domain::next_path::safe_next(next.as_deref())
}

/// The path of the page the browser is on.
#[cfg(target_arch = "wasm32")]
pub(super) fn this_page() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// The priority of the chunks' fetches: `low` while the login page prefetches, `auto` again
/// when it is gone. The release build's chunk loader reads `globalThis.consoleChunkPriority`
/// for each chunk's fetch (scripts/place-split.mjs); a chunk's stylesheets read
/// [`super::styles::set_low_priority`].
pub(super) fn set_chunk_priority(low: bool) {
    super::styles::set_low_priority(low);
    #[cfg(target_arch = "wasm32")]
    {
        let _ = js_sys::Reflect::set(
            &js_sys::global(),
            &wasm_bindgen::JsValue::from_str("consoleChunkPriority"),
            &wasm_bindgen::JsValue::from_str(if low { "low" } else { "auto" }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{beyond_app, Beyond};
    use crate::pages::lazy::intent::Group;

    #[test]
    fn the_chunks_of_the_page_a_sign_in_lands_on() {
        for path in ["/workspaces", "/workspaces?x=2"] {
            assert_eq!(beyond_app(path), Beyond::Group(Group::Overview), "{path}");
        }
        assert_eq!(beyond_app("/"), Beyond::Group(Group::Home));
        assert_eq!(beyond_app("/workspaces/1"), Beyond::Group(Group::Workspace));
        assert_eq!(beyond_app("/sessions"), Beyond::Group(Group::AllSessions));
        assert_eq!(beyond_app("/nope/nope"), Beyond::Nothing);
        assert_eq!(beyond_app("/workspaces/1/sessions/7"), Beyond::Session);
        assert_eq!(beyond_app("/workspaces/1/sessions/7#x"), Beyond::Session);
        assert_eq!(beyond_app("/workspaces/1/sessions/"), Beyond::Nothing);
        assert_eq!(
            beyond_app("/workspaces/1/sessions/7/audit"),
            Beyond::Group(Group::Audit)
        );
        assert_eq!(beyond_app("/workspaces/1/data"), Beyond::Group(Group::Data));
        assert_eq!(beyond_app("/requests/7"), Beyond::Group(Group::Request));
        assert_eq!(beyond_app("/admin/users"), Beyond::Group(Group::Users));
        assert_eq!(beyond_app("/activity"), Beyond::Group(Group::Profile));
        assert_eq!(beyond_app("/apps"), Beyond::Group(Group::Catalogue));
    }
}
