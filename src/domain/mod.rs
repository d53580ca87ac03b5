//! Plain Rust types and rules. No web-sys, no signals: everything here runs under native `cargo test`.
//!
//! Where things are, and where a new rule goes:
//! - a session ("workbench"): the record and its statuses in [`workbench`]; its conditions, what
//!   their messages name and the **reason catalogue** in [`conditions`] (which knows nothing of
//!   the session); what the session page says about a start (stepper, overlay sentence, error
//!   box) in [`progress`]; the condition timeline in [`timeline`];
//! - the app tabs of a session, their states, waits and strip in [`tabs`]; the app catalogue of
//!   `/apps` (versions grouped, what is hidden, search, category tabs, safe icons) in
//!   [`app_catalogue`];
//! - the catalogue admin's form (presets, checks, the whole-row body, an app's words) in
//!   [`app_form`], Kubernetes quantities in [`quantity`];
//! - builds, runs and the header indicator in [`jobs`];
//! - roles, permission checks and the admin pages' rules (matrix, new role, user form) in
//!   [`permissions`]; users and their role assignments in [`user`]; workspaces in [`workspace`]
//!   and their settings (network policy, clipboard, visibility) in [`workspace_settings`], the
//!   allowed hosts' rule in [`hosts`], the cover image's check in [`cover_image`] and the about
//!   text in the dev store's `config` in [`workspace_config`]; a workspace's services (their
//!   status in words, the actions offered, the checks of a new one and of its values) in
//!   [`services`], the charts of their presets in [`service_presets`];
//! - the polling policy (rhythm, back-off, deadline) in [`poll`]: the engine that carries it out
//!   is `crate::state::poll`; the last good value of a fetch and its error, and what a view shows
//!   of them (loading, error, data), in [`latest`];
//! - a change of someone's roles computed from them as read just before, and what is said
//!   from what is read back, in [`member_change`];
//! - logins in [`auth`]; the life of a sign-in (generations, what a failed `/users/me` means,
//!   the sign-out's check) in [`sign_in`]; times and durations in [`time`]; the order of every
//!   list shown (and the order asked of the backend) in [`order`];
//! - a workspace's files (paths, names, sizes in words, upload parts, transfer rates) in
//!   [`files`]; the upload queue and its rules (name clashes, parts still to send, outcomes) in
//!   [`uploads`] (an upload the backend forgot, a transfer that stalls); data requests (the airlock: kinds, statuses, steps, who may decide) in
//!   [`requests`];
//! - the terms of use (versions, acceptances) in [`terms`] and their markdown as a tree of our
//!   own (never HTML, links only to the web) in [`markdown`]; the audit log (entries, actions in
//!   words, filters as a query) in [`audit`] and its CSV download in [`audit_csv`]; one's own
//!   account: the password rule in [`password`], the two-factor set-up (key URI, secret, QR
//!   modules) in [`totp`]; creating one's own account (the form's checks, a taken username in words) in
//!   [`registration`];
//! - long lists drawn in part (the rows in view, the keys that move between rows) in
//!   [`virtual_rows`]; reading every page of a paged list (and its safety stop, in words) in
//!   [`paging`]; a row found by its key in O(1) in [`keyed`]; the data page's `Filter this folder` and select-all in [`folder_filter`], `Search subfolders` (the bounded walk) in [`folder_search`];
//! - participating organizations (the form's checks as CHORUS's validator, its refusals in
//!   words, the logo's check, the switch that shows them) in [`organizations`], countries by
//!   name in [`countries`] (the one table, also included by the dev server);
//! - names and text from others as shown (bidirectional controls as visible markers) and the
//!   rule that a name the console sends holds none, in [`text`];
//! - a session's desktop tuned to the researcher within the workspace's policy (keyboard layout
//!   from the browser's languages, the address's parameters, the frame's permissions) in
//!   [`desktop_settings`]; which desktops stay alive in [`desktop_pool`].
//! - no lost update: every edit form's save compares what it loaded, what the user has and a
//!   fresh read, field by field (theirs with my changes on top; conflicts held for a choice), in
//!   [`three_way`].
//! - the user's bookmarks (routes of this console, labels, order, the limit) in [`bookmarks`];
//!   the platform's web links (https only, the merge before a write) in [`weblinks`].
//!
//! A rule that needs no browser goes here, next to the data it is about, with its tests; `state/`
//! and the views call it. Only what the browser tests (`tests/browser`) use is `pub`; the rest is
//! `pub(crate)`, so the compiler reports what nothing uses. Shared test fixtures are in
//! `fixtures.rs`; tests over ~300 lines live in a sibling file (`poll_tests.rs`, `jobs/tests.rs`).
pub(crate) mod admin_lists;
pub(crate) mod admin_overview;
pub mod app_catalogue;
pub(crate) mod app_fields;
pub(crate) mod app_form;
pub mod app_icon;
pub mod audit;
pub mod audit_csv;
pub mod auth;
pub(crate) mod bookmarks;
pub mod branding;
pub mod conditions;
pub(crate) mod connection;
pub(crate) mod countries;
pub mod cover_image;
pub(crate) mod data_index;
pub mod desktop_pool;
pub mod desktop_settings;
pub mod estimate;
pub mod files;
#[cfg(test)]
pub(crate) mod fixtures;
pub(crate) mod folder_filter;
pub(crate) mod folder_search;
pub mod hosts;
pub mod inbox;
pub mod jobs;
pub(crate) mod keyed;
pub mod latest;
pub mod limits;
pub mod markdown;
pub mod member_change;
pub mod members;
pub mod next_path;
pub mod notification;
pub(crate) mod order;
pub mod organizations;
pub mod origin;
pub(crate) mod paging;
pub mod password;
pub mod permissions;
pub(crate) mod poll;
pub(crate) mod progress;
pub mod public_workspace;
pub(crate) mod quantity;
pub(crate) mod registration;
pub mod requests;
pub(crate) mod resolution;
pub(crate) mod server_clock;
pub mod service_presets;
pub mod services;
pub mod session_list;
pub(crate) mod sign_in;
pub mod start_gets;
pub mod start_log;
pub mod stored_keys;
pub mod tabs;
pub mod terms;
pub(crate) mod text;
pub mod three_way;
pub mod time;
pub mod timeline;
pub(crate) mod token;
pub mod totp;
pub(crate) mod uploads;
pub mod user;
pub(crate) mod virtual_rows;
pub(crate) mod weblinks;
pub mod workbench;
pub mod workspace;
pub mod workspace_config;
pub mod workspace_settings;

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

/// Sorts a list stably by `cmp`, in O(n log n). The console sorts with this, never with the
/// standard library's sorts: those are compiled in full (some 2–4 KB of wasm) for every element
/// type and comparator, this one once ([`stable_swaps`], on positions), plus a small loop of
/// swaps per type (issue 30).
pub(crate) fn sort_small<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> std::cmp::Ordering) {
    let swaps = stable_swaps(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
    for (a, b) in swaps {
        v.swap(a, b);
    }
}

/// The swaps that put `n` items in stable order by `cmp` (which compares the items at two
/// positions of the list as it is before the first swap): a bottom-up merge sort of the
/// positions, then the permutation as swaps.
fn stable_swaps(
    n: usize,
    cmp: &mut dyn FnMut(usize, usize) -> std::cmp::Ordering,
) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut merged = order.clone();
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut l, mut r) = (start, mid);
            for slot in &mut merged[start..end] {
                // The right run's item goes first only when strictly smaller: stable.
                let take_right =
                    l >= mid || (r < end && cmp(order[r], order[l]) == std::cmp::Ordering::Less);
                if take_right {
                    *slot = order[r];
                    r += 1;
                } else {
                    *slot = order[l];
                    l += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    // order[i]: the original position of the item that goes to position i.
    let mut at: Vec<usize> = (0..n).collect(); // original item → where it is now
    let mut holds: Vec<usize> = (0..n).collect(); // position → the original item there now
    let mut swaps = Vec::new();
    for (i, &want) in order.iter().enumerate() {
        let from = at[want];
        if from != i {
            let displaced = holds[i];
            swaps.push((i, from));
            holds.swap(i, from);
            at[displaced] = from;
            at[want] = i;
        }
    }
    swaps
}

#[cfg(test)]
mod tests {
    use super::{id_order, sort_small, wire_word};

    #[test]
    fn sort_small_agrees_with_the_standard_stable_sort() {
        // A small generator (no dependency): many lengths, many repeats, so that stability shows.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for len in (0..40).chain([63, 64, 65, 127, 128, 129, 500]) {
            let items: Vec<(u64, usize)> = (0..len).map(|i| (next() % 7, i)).collect();
            let mut ours = items.clone();
            sort_small(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std_sorted = items.clone();
            std_sorted.sort_by_key(|a| a.0);
            assert_eq!(ours, std_sorted, "length {len}");
            let mut desc = items;
            sort_small(&mut desc, |a, b| b.0.cmp(&a.0));
            assert!(desc
                .windows(2)
                .all(|w| w[0].0 > w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1)));
        }
        let mut words = vec!["b", "a", "c", "a"];
        sort_small(&mut words, |a, b| a.cmp(b));
        assert_eq!(words, ["a", "a", "b", "c"]);
    }

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
