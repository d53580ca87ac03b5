//! `Filter this folder` and select-all on the data page (issue 50): which entries a filter keeps
//! (a case-insensitive part of the name), what is said of it in words, and what the header's
//! checkbox selects. Selection is kept by path, never by row: a row's position changes with the
//! filter and with every reply.
use std::collections::HashSet;

use super::files::Entry;
use super::text::grouped;

/// What a name is matched by: its lower-case form (made once per reply, not per keystroke).
pub(crate) fn key(name: &str) -> String {
    name.to_lowercase()
}

/// The positions (in `keys`' order) of the names that contain `query`, case-insensitively;
/// every position for an empty query.
pub(crate) fn matching(keys: &[String], query: &str) -> Vec<u32> {
    let q = key(query);
    keys.iter()
        .enumerate()
        .filter(|(_, k)| q.is_empty() || k.contains(&q))
        .map(|(i, _)| i as u32)
        .collect()
}

fn entries(n: usize) -> String {
    match n {
        1 => "1 entry".to_owned(),
        n => format!("{} entries", grouped(n as u64)),
    }
}

/// What the filter leaves, in words: `10,000 entries.` without a filter, `3 of 10,000 entries
/// match.` with one, `No entry matches “x”.` when none does.
pub(crate) fn count_words(shown: usize, total: usize, query: &str) -> String {
    if query.is_empty() {
        return format!("{}.", entries(total));
    }
    match shown {
        0 => format!(
            "No entry matches “{}”.",
            crate::domain::text::shown_string(query)
        ),
        1 => format!("1 of {} matches.", entries(total)),
        n => format!("{} of {} match.", grouped(n as u64), entries(total)),
    }
}

/// The header checkbox's name: `Select all 10,000 entries`, or with a filter `Select the 3
/// matching entries`.
pub(crate) fn select_all_label(shown: usize, filtered: bool) -> String {
    match (filtered, shown) {
        (false, _) => format!("Select all {}", entries(shown)),
        (true, 1) => "Select the 1 matching entry".to_owned(),
        (true, n) => format!("Select the {} matching entries", grouped(n as u64)),
    }
}

/// How many of the `shown` entries are selected: none, some, or all (the header checkbox
/// unchecked, mixed, checked).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Selected {
    None,
    Some,
    All,
}

/// How many of `shown` are selected (`is_selected` looks a path up).
pub(crate) fn selected_of<'a>(
    shown: impl Iterator<Item = &'a Entry>,
    is_selected: impl Fn(&str) -> bool,
) -> Selected {
    let (mut yes, mut no) = (false, false);
    for e in shown {
        if is_selected(&e.path) {
            yes = true;
        } else {
            no = true;
        }
        if yes && no {
            return Selected::Some;
        }
    }
    if yes {
        Selected::All
    } else {
        Selected::None
    }
}

/// The header checkbox pressed: when every shown entry is selected, they are all unselected;
/// else the ones missing are added (after those selected before, which stay, in other folders
/// too).
pub(crate) fn toggle_all<'a>(
    selected: &mut Vec<Entry>,
    shown: impl Iterator<Item = &'a Entry> + Clone,
) {
    let mut paths: HashSet<String> = selected.iter().map(|e| e.path.clone()).collect();
    if selected_of(shown.clone(), |p| paths.contains(p)) == Selected::All {
        let gone: HashSet<&str> = shown.map(|e| e.path.as_str()).collect();
        selected.retain(|e| !gone.contains(e.path.as_str()));
    } else {
        // Each path once, even if a reply listed one twice.
        for e in shown {
            if paths.insert(e.path.clone()) {
                selected.push(e.clone());
            }
        }
    }
}

/// One row's checkbox pressed: its entry (by path) in or out of the selection.
pub(crate) fn toggle_one(selected: &mut Vec<Entry>, entry: &Entry) {
    if let Some(i) = selected.iter().position(|x| x.path == entry.path) {
        selected.remove(i);
    } else {
        selected.push(entry.clone());
    }
}

/// After a rename or a move: a selected file follows it to its new path and name.
pub(crate) fn renamed(selected: &mut [Entry], from: &str, to: &str, name: &str) {
    for e in selected.iter_mut().filter(|e| e.path == from) {
        e.path = to.to_owned();
        e.name = name.to_owned();
    }
}

/// After a folder's rename (`from` and `to` end with `/`): what was selected inside it follows,
/// at the same place under the new name.
pub(crate) fn folder_renamed(selected: &mut [Entry], from: &str, to: &str) {
    if !from.ends_with('/') || !to.ends_with('/') {
        return;
    }
    for e in selected.iter_mut() {
        if let Some(rest) = e.path.strip_prefix(from) {
            e.path = format!("{to}{rest}");
        }
    }
}

/// After a delete: the entry leaves the selection, and for a folder (its path ends with `/`)
/// everything selected inside it too.
pub(crate) fn deleted(selected: &mut Vec<Entry>, path: &str) {
    let folder = path.ends_with('/');
    selected.retain(|e| e.path != path && !(folder && e.path.starts_with(path)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str) -> Entry {
        Entry {
            path: format!("/disk/big/{name}"),
            name: name.to_owned(),
            is_folder: false,
            size: 3,
            mime_type: "text/csv".to_owned(),
            updated_at: String::new(),
        }
    }

    fn keys(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| key(n)).collect()
    }

    #[test]
    fn the_filter_keeps_names_holding_the_text_in_any_case() {
        let k = keys(&["Sample-0001.CSV", "sample-0002.csv", "notes.txt", "ÉTÉ.csv"]);
        assert_eq!(matching(&k, ""), [0, 1, 2, 3]);
        assert_eq!(matching(&k, "SAMPLE"), [0, 1]);
        assert_eq!(matching(&k, "0002"), [1]);
        assert_eq!(matching(&k, ".csv"), [0, 1, 3]);
        assert_eq!(matching(&k, "été"), [3]);
        assert_eq!(matching(&k, "nothing"), Vec::<u32>::new());
        // A part, not a pattern.
        assert_eq!(matching(&k, "s*"), Vec::<u32>::new());
    }

    #[test]
    fn ten_thousand_names_are_filtered_in_order() {
        let names: Vec<String> = (1..=10_000).map(|i| format!("sample-{i:06}.csv")).collect();
        let k: Vec<String> = names.iter().map(|n| key(n)).collect();
        let m = matching(&k, "-00999");
        assert_eq!(m.len(), 10);
        assert_eq!(m.first(), Some(&9_989));
        assert_eq!(m.last(), Some(&9_998));
        assert_eq!(matching(&k, "SAMPLE-010000.csv"), [9_999]);
        assert!(m.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn counts_are_said_in_words() {
        assert_eq!(count_words(4, 4, ""), "4 entries.");
        assert_eq!(count_words(1, 1, ""), "1 entry.");
        assert_eq!(count_words(10_000, 10_000, ""), "10,000 entries.");
        assert_eq!(count_words(3, 10_000, "abc"), "3 of 10,000 entries match.");
        assert_eq!(
            count_words(1, 10_000, "010000"),
            "1 of 10,000 entries matches."
        );
        assert_eq!(count_words(0, 4, "zz"), "No entry matches “zz”.");
        assert_eq!(
            count_words(0, 4, "a\u{202E}b"),
            "No entry matches “a<U+202E>b”."
        );
        assert_eq!(select_all_label(10_000, false), "Select all 10,000 entries");
        assert_eq!(select_all_label(1, false), "Select all 1 entry");
        assert_eq!(select_all_label(3, true), "Select the 3 matching entries");
        assert_eq!(select_all_label(1, true), "Select the 1 matching entry");
    }

    #[test]
    fn select_all_takes_the_shown_entries_and_keeps_the_others() {
        let folder: Vec<Entry> = ["a.csv", "b.csv", "c.txt"].map(entry).to_vec();
        let elsewhere = Entry {
            path: "/disk/other/x.csv".to_owned(),
            ..entry("x.csv")
        };
        let mut sel = vec![elsewhere.clone(), folder[1].clone()];
        let csv = || folder.iter().filter(|e| e.name.ends_with(".csv"));
        assert_eq!(
            selected_of(csv(), |p| sel.iter().any(|e| e.path == p)),
            Selected::Some
        );
        toggle_all(&mut sel, csv());
        assert_eq!(
            sel.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(),
            ["x.csv", "b.csv", "a.csv"]
        );
        assert_eq!(
            selected_of(csv(), |p| sel.iter().any(|e| e.path == p)),
            Selected::All
        );
        // Pressed again: the shown ones go, the one of another folder stays.
        toggle_all(&mut sel, csv());
        assert_eq!(sel.len(), 1);
        assert_eq!(sel[0], elsewhere);
        assert_eq!(
            selected_of(csv(), |p| sel.iter().any(|e| e.path == p)),
            Selected::None
        );
        // Nothing shown: nothing changes.
        toggle_all(&mut sel, folder.iter().filter(|_| false));
        assert_eq!(sel, [elsewhere]);
    }

    #[test]
    fn a_selected_file_follows_a_rename_and_leaves_with_a_delete() {
        let mut sel = vec![entry("a.csv"), entry("b.csv")];
        renamed(&mut sel, "/disk/big/b.csv", "/disk/big/z.csv", "z.csv");
        assert_eq!(sel[1].path, "/disk/big/z.csv");
        assert_eq!(sel[1].name, "z.csv");
        renamed(&mut sel, "/disk/big/nothing.csv", "/disk/x", "x");
        assert_eq!(sel[0], entry("a.csv"));
        deleted(&mut sel, "/disk/big/z.csv");
        assert_eq!(sel.len(), 1);
        // A folder takes what was selected inside it; a name that only starts alike stays.
        let beside = Entry {
            path: "/disk/bigger/c.csv".to_owned(),
            ..entry("c.csv")
        };
        sel.push(beside.clone());
        deleted(&mut sel, "/disk/big/");
        assert_eq!(sel.len(), 1);
        assert_eq!(sel[0], beside);
    }

    #[test]
    fn a_selection_inside_a_renamed_folder_follows_it() {
        let mut a = entry("a.csv");
        a.path = "/disk/old/a.csv".into();
        let mut b = entry("b.csv");
        b.path = "/disk/old/deep/b.csv".into();
        let mut c = entry("c.csv");
        c.path = "/disk/older/c.csv".into();
        let mut sel = vec![a, b, c];
        folder_renamed(&mut sel, "/disk/old/", "/disk/new/");
        let paths: Vec<&str> = sel.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/disk/new/a.csv",
                "/disk/new/deep/b.csv",
                "/disk/older/c.csv"
            ]
        );
        folder_renamed(&mut sel, "/disk/new", "/disk/x/");
        assert_eq!(
            sel[0].path, "/disk/new/a.csv",
            "not a folder's path: nothing moves"
        );
    }

    #[test]
    fn one_row_goes_in_and_out_by_its_path() {
        let mut sel = Vec::new();
        let a = entry("a.csv");
        toggle_one(&mut sel, &a);
        assert_eq!(sel.len(), 1);
        assert_eq!(sel[0].path, a.path);
        // The same path listed again (a later reply) is the same entry.
        let newer = Entry {
            size: 9,
            ..a.clone()
        };
        toggle_one(&mut sel, &newer);
        assert!(sel.is_empty());
    }
}
