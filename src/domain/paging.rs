//! Reading every page of a list CHORUS pages (members, sessions, workspaces): when to ask for
//! the next page, and the safety stop against a backend that never ends, which is said in words
//! ([`Cut::words`]), never silent.
use std::collections::HashSet;
use std::hash::Hash;

use super::text::grouped;

/// The safety stop: at most this many pages (of 100 rows: 10,000 rows) are read of one list.
pub(crate) const MAX_LIST_PAGES: u32 = 100;

/// CHORUS keeps a list of users it served for a second, keyed on the request whole (its
/// `ListUsers` cache, `pkg/user/service/middleware/caching.go`; a write does not clear it): a read
/// asked again within that second gets the copy from before any change made meanwhile. A read
/// that must see such a change (the read before acting and the read back after, issue 56) asks
/// pages of a size no other read of this console asked within the second: the `n`-th such read
/// asks pages of this many rows, 99 down to 60 and round again (the pages' own lists ask 100).
/// Seen on CHORUS 0978bc77: the Members page listed, a role given through the API 170 ms later,
/// the read before `Change role` (the page's own request again) still without it.
pub(crate) fn fresh_page_size(n: u32) -> u32 {
    const LARGEST: u32 = 99;
    const SIZES: u32 = 40;
    LARGEST - n % SIZES
}

/// A list read in part: the safety stop ended the reading while the backend said there were more.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cut {
    /// The rows read (and shown).
    pub(crate) shown: u64,
    /// The rows the backend says there are.
    pub(crate) total: u64,
}

impl Cut {
    /// "Only the first 10,000 of 12,345 members are shown." (`what` is the plural noun.)
    pub(crate) fn words(&self, what: &str) -> String {
        format!(
            "Only the first {} of {} {what} are shown: the console stops reading a list after {} pages.",
            grouped(self.shown),
            grouped(self.total),
            MAX_LIST_PAGES
        )
    }
}

/// The rows of a paged list, and whether the safety stop cut it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Listed<T> {
    pub(crate) rows: Vec<T>,
    pub(crate) cut: Option<Cut>,
}

/// The reading of one paged list: where the next page starts and whether there is one.
#[derive(Debug)]
pub(crate) struct PageWalk<K> {
    pages: u32,
    offset: u64,
    seen: HashSet<K>,
    cut: Option<Cut>,
}

impl<K: Eq + Hash> Default for PageWalk<K> {
    fn default() -> Self {
        Self {
            pages: 0,
            offset: 0,
            seen: HashSet::new(),
            cut: None,
        }
    }
}

impl<K: Eq + Hash> PageWalk<K> {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// The offset of the next page.
    pub(crate) fn offset(&self) -> u64 {
        self.offset
    }

    /// Whether the row keyed `key` was not seen yet (it is noted as seen): a row seen before
    /// (a backend that ignores the offset, or a list that shifted between pages) is left out.
    pub(crate) fn is_new(&mut self, key: K) -> bool {
        self.seen.insert(key)
    }

    /// After a page of `got` rows, of which `new` were not seen before, and the `total` the
    /// reply said (`None`: the reply had no pagination): whether to read another page. Stops at
    /// the end, on an empty page, on a page that adds nothing new, and at the safety stop
    /// ([`MAX_LIST_PAGES`]), which [`Self::cut`] then says.
    pub(crate) fn more(&mut self, got: u64, new: u64, total: Option<u64>) -> bool {
        self.pages += 1;
        self.offset += got;
        let Some(total) = total else {
            return false;
        };
        if got == 0 || new == 0 || self.offset >= total {
            return false;
        }
        if self.pages >= MAX_LIST_PAGES {
            self.cut = Some(Cut {
                shown: self.seen.len() as u64,
                total,
            });
            return false;
        }
        true
    }

    /// Takes one page into `rows`: each item of `page` not seen before (by its `key`) as its
    /// `row`; then whether to read another page ([`Self::more`], with the `total` the reply
    /// said).
    pub(crate) fn take<W, T>(
        &mut self,
        rows: &mut Vec<T>,
        page: Vec<W>,
        key: impl Fn(&W) -> K,
        row: impl Fn(W) -> T,
        total: Option<u64>,
    ) -> bool {
        let got = page.len() as u64;
        let before = rows.len();
        for item in page {
            if self.is_new(key(&item)) {
                rows.push(row(item));
            }
        }
        let new = (rows.len() - before) as u64;
        self.more(got, new, total)
    }

    /// Whether the safety stop ended the reading with rows still to read.
    pub(crate) fn cut(&self) -> Option<Cut> {
        self.cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a list of `total` rows served `page` at a time (ids from the offset, or from 0
    /// when `ignores_offset`): the rows read, the pages asked for, and the cut.
    fn read(total: u64, page: u64, ignores_offset: bool) -> (u64, u32, Option<Cut>) {
        let mut walk = PageWalk::new();
        let mut asked = 0u32;
        let mut rows: Vec<u64> = Vec::new();
        loop {
            asked += 1;
            let start = if ignores_offset { 0 } else { walk.offset() };
            let ids: Vec<u64> = (start..total.min(start + page)).collect();
            if !walk.take(&mut rows, ids, |id| *id, |id| id, Some(total)) {
                break;
            }
        }
        (rows.len() as u64, asked, walk.cut())
    }

    #[test]
    fn fresh_reads_turn_through_forty_page_sizes_below_a_pages_own() {
        let sizes: Vec<u32> = (0..40).map(fresh_page_size).collect();
        assert_eq!((sizes[0], sizes[39]), (99, 60));
        let distinct: HashSet<u32> = sizes.iter().copied().collect();
        assert_eq!(distinct.len(), 40);
        assert_eq!(fresh_page_size(40), 99);
        assert_eq!(fresh_page_size(u32::MAX), 99 - u32::MAX % 40);
        // Read in pages of 60, a list of 2,505 still comes whole.
        assert_eq!(read(2_505, 60, false), (2_505, 42, None));
    }

    #[test]
    fn reads_past_two_thousand_rows() {
        // 2,505 members in pages of 100: 26 pages, every row.
        assert_eq!(read(2_505, 100, false), (2_505, 26, None));
        assert_eq!(read(100, 100, false), (100, 1, None));
        assert_eq!(read(0, 100, false), (0, 1, None));
    }

    #[test]
    fn a_backend_ignoring_the_offset_stops_after_one_repeat() {
        assert_eq!(read(2_505, 100, true), (100, 2, None));
    }

    #[test]
    fn the_safety_stop_is_said() {
        let (rows, asked, cut) = read(12_345, 100, false);
        assert_eq!((rows, asked), (10_000, MAX_LIST_PAGES));
        let cut = cut.expect("cut");
        assert_eq!(
            cut,
            Cut {
                shown: 10_000,
                total: 12_345
            }
        );
        assert!(cut
            .words("members")
            .starts_with("Only the first 10,000 of 12,345 members are shown"));
    }

    #[test]
    fn no_pagination_means_one_page() {
        let mut walk = PageWalk::<u64>::new();
        assert!(!walk.more(100, 100, None));
        assert_eq!(walk.cut(), None);
    }
}
