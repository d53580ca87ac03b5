//! `Search subfolders` (ui.md, "folder search"): CHORUS has no search or recursive listing
//! (api.md, "Folders"), so the page walks the tree below the folder shown, one folder at a time,
//! breadth first, and keeps the entries whose name holds the query. The walk is bounded: at most
//! [`MAX_ENTRIES`] entries read, then it stops and says how far it got.

use std::collections::VecDeque;

use super::files::Entry;
use super::folder_filter::key;
use super::text::{grouped, shown_string};

/// The most entries one search reads.
pub const MAX_ENTRIES: usize = 2_000;

/// Why a walk ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// Every folder below was read.
    Everything,
    /// [`MAX_ENTRIES`] were read: the folders left were not.
    Bound,
    /// The user pressed `Stop search`.
    Stopped,
}

/// A walk in progress (pure: the page reads the folders it asks for and hands their entries).
#[derive(Debug, Clone)]
pub struct Walk {
    query: String,
    limit: usize,
    /// Folders still to read (full paths, ending with `/`).
    pending: VecDeque<String>,
    /// A folder handed out by [`Walk::next_folder`] whose entries have not come: a stop now
    /// leaves it unsearched (its reply is dropped).
    reading: bool,
    pub read: usize,
    pub folders_read: usize,
    /// Folders that could not be listed: (path, why).
    pub unreadable: Vec<(String, String)>,
    pub found: Vec<Entry>,
}

impl Walk {
    /// A walk of the folders below `start` (a full path ending with `/`) for names holding
    /// `query` (case-insensitive).
    pub fn new(start: &str, query: &str) -> Self {
        Self::bounded(start, query, MAX_ENTRIES)
    }

    pub fn bounded(start: &str, query: &str, limit: usize) -> Self {
        Self {
            query: key(query.trim()),
            limit,
            pending: VecDeque::from([start.to_owned()]),
            reading: false,
            read: 0,
            folders_read: 0,
            unreadable: Vec::new(),
            found: Vec::new(),
        }
    }

    /// The next folder to read, or `None` when the walk is over (everything read, or the bound).
    pub fn next_folder(&mut self) -> Option<String> {
        if self.read >= self.limit {
            return None;
        }
        let next = self.pending.pop_front();
        self.reading = next.is_some();
        next
    }

    /// Folder `_path`'s entries: the matches kept (up to the bound: the entries past it are not
    /// counted as read), its folders queued.
    pub fn add(&mut self, entries: Vec<Entry>) {
        self.reading = false;
        self.folders_read += 1;
        for e in entries {
            if self.read >= self.limit {
                break;
            }
            self.read += 1;
            if e.is_folder {
                self.pending.push_back(e.path.clone());
            }
            if key(&e.name).contains(&self.query) {
                self.found.push(e);
            }
        }
    }

    /// A folder that could not be listed: said, and the walk goes on.
    pub fn failed(&mut self, path: String, why: String) {
        self.reading = false;
        self.unreadable.push((path, why));
    }

    /// Folders queued and not read (the one being read among them).
    pub fn left(&self) -> usize {
        self.pending.len() + usize::from(self.reading)
    }

    /// How the walk ended, once [`Walk::next_folder`] gave `None` (or the user stopped it).
    pub fn ended(&self, stopped: bool) -> Ended {
        if stopped && self.left() > 0 {
            Ended::Stopped
        } else if self.pending.is_empty() {
            Ended::Everything
        } else {
            Ended::Bound
        }
    }

    /// What the walk says of itself, running (`None`) or ended.
    pub fn words(&self, ended: Option<Ended>) -> String {
        let q = shown_string(&self.query);
        let folders = match self.folders_read {
            1 => "1 folder".to_owned(),
            n => format!("{} folders", grouped(n as u64)),
        };
        let entries = match self.read {
            1 => "1 entry".to_owned(),
            n => format!("{} entries", grouped(n as u64)),
        };
        let found = match self.found.len() {
            0 => format!("no name holds “{q}”"),
            1 => "1 match".to_owned(),
            n => format!("{} matches", grouped(n as u64)),
        };
        let left = match self.left() {
            1 => "1 folder not searched".to_owned(),
            n => format!("{} folders not searched", grouped(n as u64)),
        };
        let unreadable = match self.unreadable.len() {
            0 => String::new(),
            1 => " 1 folder could not be read.".to_owned(),
            n => format!(" {} folders could not be read.", grouped(n as u64)),
        };
        let head = match ended {
            None => format!("Searching… {folders} and {entries} read: {found} so far."),
            Some(Ended::Everything) => {
                format!("Searched every folder below ({folders}, {entries}): {found}.")
            }
            Some(Ended::Bound) => format!(
                "Stopped after {entries} (the most one search reads) in {folders}, {left}: {found}. Open a folder further down to search there."
            ),
            Some(Ended::Stopped) => {
                format!("Search stopped: {folders} and {entries} read, {left}: {found}.")
            }
        };
        format!("{head}{unreadable}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str) -> Entry {
        let is_folder = path.ends_with('/');
        let name = path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        Entry {
            path: path.to_owned(),
            name,
            is_folder,
            size: 1,
            mime_type: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn the_walk_goes_breadth_first_and_keeps_matching_names() {
        let mut w = Walk::new("/disk/", "Deep");
        assert_eq!(w.next_folder().as_deref(), Some("/disk/"));
        w.add(vec![entry("/disk/a/"), entry("/disk/top.txt")]);
        assert_eq!(w.next_folder().as_deref(), Some("/disk/a/"));
        w.add(vec![entry("/disk/a/b/"), entry("/disk/a/deeper.csv")]);
        assert_eq!(w.next_folder().as_deref(), Some("/disk/a/b/"));
        w.add(vec![entry("/disk/a/b/DEEP.bin")]);
        assert_eq!(w.next_folder(), None);
        let found: Vec<&str> = w.found.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(found, ["/disk/a/deeper.csv", "/disk/a/b/DEEP.bin"]);
        assert_eq!((w.read, w.folders_read), (5, 3));
        assert_eq!(w.ended(false), Ended::Everything);
        assert_eq!(
            w.words(Some(Ended::Everything)),
            "Searched every folder below (3 folders, 5 entries): 2 matches."
        );
    }

    #[test]
    fn the_walk_stops_at_its_bound_and_says_what_it_left() {
        let mut w = Walk::bounded("/disk/", "x", 3);
        w.next_folder();
        w.add(vec![
            entry("/disk/a/"),
            entry("/disk/b/"),
            entry("/disk/c/"),
            entry("/disk/x1"),
        ]);
        assert_eq!(w.read, 3, "the entries past the bound are not read");
        assert_eq!(w.next_folder(), None, "the bound ends the walk");
        assert_eq!(w.ended(false), Ended::Bound);
        assert_eq!(w.left(), 3);
        assert!(w
            .words(Some(Ended::Bound))
            .starts_with("Stopped after 3 entries"));
        assert!(w
            .words(Some(Ended::Bound))
            .contains("3 folders not searched"));
        let full = Walk::new("/disk/", "x");
        assert_eq!(full.limit, MAX_ENTRIES);
    }

    #[test]
    fn a_stop_while_a_folder_is_read_is_a_stop_not_the_end() {
        // The first folder's reply not in yet (a slow backend, a quick Stop): nothing was
        // searched, and that is what is said (a full run found "Searched every folder below").
        let mut w = Walk::new("/disk/", "zzz");
        assert_eq!(w.next_folder().as_deref(), Some("/disk/"));
        assert_eq!(w.ended(true), Ended::Stopped);
        assert_eq!(
            w.words(Some(Ended::Stopped)),
            "Search stopped: 0 folders and 0 entries read, 1 folder not searched: no name holds “zzz”."
        );
        // The last folder's reply in: the walk ended by itself, everything was searched.
        w.add(vec![entry("/disk/b.txt")]);
        assert_eq!(w.next_folder(), None);
        assert_eq!(w.ended(false), Ended::Everything);
        assert_eq!(w.ended(true), Ended::Everything);
    }

    #[test]
    fn nothing_found_and_a_stop_are_said() {
        let mut w = Walk::new("/disk/", "zzz");
        w.next_folder();
        w.add(vec![entry("/disk/a/"), entry("/disk/b.txt")]);
        w.failed("/disk/a/".to_owned(), "500".to_owned());
        assert_eq!(w.ended(true), Ended::Stopped);
        assert_eq!(
            w.words(Some(Ended::Stopped)),
            "Search stopped: 1 folder and 2 entries read, 1 folder not searched: no name holds “zzz”. 1 folder could not be read."
        );
    }
}
