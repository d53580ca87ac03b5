//! Plain Rust types and rules. No web-sys, no signals: everything here runs under native `cargo test`.
//!
//! Where things are, and where a new rule goes:
//! - a session ("workbench"): the record and its statuses in [`workbench`]; its conditions, what
//!   their messages name and the **reason catalogue** in [`conditions`] (which knows nothing of
//!   the session); what the session page says about a start (stepper, overlay sentence, error
//!   box) in [`progress`]; the condition timeline in [`timeline`];
//! - the app tabs of a session, their states, waits and strip in [`tabs`];
//! - builds, runs and the header indicator in [`jobs`];
//! - roles, permission checks and the admin pages' rules (matrix, new role, user form) in
//!   [`permissions`]; users and their role assignments in [`user`]; workspaces in [`workspace`];
//! - the polling policy (rhythm, back-off, deadline) in [`poll`]: the engine that carries it out
//!   is `crate::state::poll`; the last good value of a fetch and its error, and what a view shows
//!   of them (loading, error, data), in [`latest`];
//! - logins in [`auth`]; the life of a sign-in (generations, what a failed `/users/me` means,
//!   the sign-out's check) in [`sign_in`]; times and durations in [`time`]; the order of every
//!   list shown (and the order asked of the backend) in [`order`].
//!
//! A rule that needs no browser goes here, next to the data it is about, with its tests; `state/`
//! and the views call it. Only what the browser tests (`tests/browser`) use is `pub`; the rest is
//! `pub(crate)`, so the compiler reports what nothing uses. Shared test fixtures are in
//! `fixtures.rs`; tests over ~300 lines live in a sibling file (`poll_tests.rs`, `jobs/tests.rs`).
pub mod auth;
pub mod conditions;
pub(crate) mod connection;
pub mod desktop_pool;
pub mod estimate;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod jobs;
pub mod latest;
pub mod members;
pub mod next_path;
pub mod notification;
pub(crate) mod order;
pub mod origin;
pub mod permissions;
pub(crate) mod poll;
pub(crate) mod progress;
pub(crate) mod resolution;
pub(crate) mod sign_in;
pub mod start_log;
pub mod tabs;
pub mod time;
pub mod timeline;
pub(crate) mod token;
pub mod user;
pub mod workbench;
pub mod workspace;

/// An enum's wire spelling as one lower-case word, for matching: surrounding spaces and case
/// are ignored, and a protobuf spelling loses its upper-case type prefix
/// (`WORKSPACE_STATUS_ACTIVE` → `active`, `K8S_STATUS_RUNNING` → `running`). Every enum of
/// this layer parses its wire value through this (`from_wire`); unknown words map to `Unknown`.
pub(crate) fn wire_word(s: &str) -> String {
    let s = s.trim();
    let protobuf = s.contains('_') && !s.bytes().any(|b| b.is_ascii_lowercase());
    let word = if protobuf {
        s.rsplit('_').next().unwrap_or(s)
    } else {
        s
    };
    word.to_ascii_lowercase()
}

/// Compares ids: numerically when both are decimal numbers (`"9"` before `"10"`), numbers
/// before other ids, others as text. Ids are opaque strings (api.md): this only orders them.
pub(crate) fn id_order(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<u128>(), b.parse::<u128>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    }
}

/// Sorts a short list stably by `cmp` (insertion sort). Every list the console sorts is short
/// (conditions, roles, jobs, tabs: tens to a few hundred items); one small loop per type keeps
/// the bundle smaller than the standard library's sort, which is instantiated in full for each
/// element type and comparator.
pub(crate) fn sort_small<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> std::cmp::Ordering) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && cmp(&v[j - 1], &v[j]) == std::cmp::Ordering::Greater {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{id_order, wire_word};

    #[test]
    fn wire_words_ignore_case_space_and_protobuf_prefixes() {
        assert_eq!(wire_word(" Running "), "running");
        assert_eq!(wire_word("WORKSPACE_STATUS_ACTIVE"), "active");
        assert_eq!(wire_word("WORKSPACE_STATUS_INACTIVE"), "inactive");
        assert_eq!(wire_word("USER_STATUS_DISABLED"), "disabled");
        assert_eq!(wire_word("WORKSPACE_STATUS_UNSPECIFIED"), "unspecified");
        assert_eq!(wire_word(""), "");
        // Lower-case words with underscores are not protobuf spellings.
        assert_eq!(wire_word("not_a_prefix"), "not_a_prefix");
    }

    #[test]
    fn id_order_numeric() {
        use std::cmp::Ordering::*;
        assert_eq!(id_order("9", "10"), Less);
        assert_eq!(id_order("10", "10"), Equal);
        assert_eq!(id_order("a", "10"), Greater);
        assert_eq!(id_order("a", "b"), Less);
    }

    #[test]
    fn short_lists_sort_stably() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        super::sort_small(&mut v, |a, b| a.0.cmp(&b.0));
        assert_eq!(v, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        let mut empty: Vec<u8> = vec![];
        super::sort_small(&mut empty, |a, b| a.cmp(b));
        assert!(empty.is_empty());
        // Against the standard sort on pseudo-random input.
        let mut x: u64 = 7;
        let mut data: Vec<u64> = (0..300)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % 50
            })
            .collect();
        let mut expected = data.clone();
        expected.sort();
        super::sort_small(&mut data, |a, b| a.cmp(b));
        assert_eq!(data, expected);
    }
}
