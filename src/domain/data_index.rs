//! The data index (`/data`; ui.md, "data index"; issue 60.3): every workspace whose files the
//! user may list (`listFilesInWorkspace` there, wildcard roles included: the caller asks
//! `Grants::can_in` per workspace, which honours a `"*"` binding), its stores with their status
//! in words, whether the user may upload, and `Search workspaces`. No file counts: CHORUS counts
//! none (api.md, "Data index"), and a number nobody read is not shown.
use super::files::{Store, StoreStatus};

/// A workspace's stores in words: `files (ready)`, `files (ready), archive (turned off)`; none:
/// `No file store`.
pub(crate) fn stores_words(stores: &[Store]) -> String {
    if stores.is_empty() {
        return "No file store".to_owned();
    }
    stores
        .iter()
        .map(|s| {
            let name = if s.name.trim().is_empty() {
                "unnamed store"
            } else {
                s.name.as_str()
            };
            format!("{name} ({})", s.status.words())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether at least one store can be opened now.
pub(crate) fn any_ready(stores: &[Store]) -> bool {
    stores.iter().any(|s| s.status == StoreStatus::Ready)
}

/// Whether the user may upload there, in words.
pub(crate) fn upload_words(may: bool) -> &'static str {
    if may {
        "You may upload"
    } else {
        "Read only"
    }
}

/// Whether a workspace named `name` (or of id `id`) is kept by `query`: every word of the query
/// in the name or the id, whatever the case.
pub(crate) fn matches(query: &str, name: &str, id: &str) -> bool {
    let hay = format!("{} {}", name.to_lowercase(), id.to_lowercase());
    query
        .split_whitespace()
        .all(|w| hay.contains(&w.to_lowercase()))
}

/// `2 of 5 shown`, or `5 workspaces` when all are shown (the admin lists' words).
pub(crate) fn shown_words(shown: usize, all: usize) -> String {
    super::admin_lists::count_words(shown, all, "workspaces")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(name: &str, status: &str) -> Store {
        Store {
            name: name.into(),
            kind: String::new(),
            description: String::new(),
            status: StoreStatus::parse(status),
        }
    }

    #[test]
    fn stores_are_said_with_their_status() {
        assert_eq!(stores_words(&[]), "No file store");
        assert_eq!(stores_words(&[store("files", "Ready")]), "files (ready)");
        let two = [store("files", "ready"), store("archive", "Disabled")];
        assert_eq!(stores_words(&two), "files (ready), archive (turned off)");
        assert_eq!(
            stores_words(&[store("", "")]),
            "unnamed store (status not reported)"
        );
        assert!(any_ready(&two));
        assert!(!any_ready(&[store("a", "disconnected")]));
    }

    #[test]
    fn search_keeps_every_word_in_name_or_id() {
        assert!(matches("", "Demo", "1"));
        assert!(matches("gen", "Genomics", "2"));
        assert!(matches("GEN omics", "Genomics", "2"));
        assert!(!matches("demo", "Genomics", "2"));
        assert!(matches("2", "Genomics", "2"));
    }

    #[test]
    fn upload_and_count_in_words() {
        assert_eq!(upload_words(true), "You may upload");
        assert_eq!(upload_words(false), "Read only");
        assert_eq!(shown_words(3, 3), "3 workspaces");
        assert_eq!(shown_words(1, 1), "1 workspace");
        assert_eq!(shown_words(1, 3), "1 of 3 shown");
    }
}
