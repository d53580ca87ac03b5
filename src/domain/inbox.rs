//! The inbox (`/messages`, ui.md "messages"; api.md "Notifications, as an inbox"): which
//! notifications are rows, how far the list is read (CHORUS has no search: the console pages
//! through the list itself, at most [`SEARCH_LIMIT`] notifications, and says where it stopped),
//! what `Mark all read` must do first (CHORUS's `markAll` marks the system notifications too),
//! and the marks made here that a cached reply must not undo (CHORUS caches count and list 2 s).
use std::collections::BTreeSet;

use super::notification::Notification;
use super::time::parse_rfc3339_ms;

/// How many notifications one request asks for.
pub const BACKEND_PAGE: u64 = 50;
/// How many rows are shown at first, and how many more `Load more` shows.
pub const SHOWN_PAGE: usize = 20;
/// The most notifications a search reads (system ones included).
pub const SEARCH_LIMIT: u64 = 200;

/// The page's tabs, kept in `?tab=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Unread,
    All,
}

impl Tab {
    /// `?tab=all` is `All`; anything else (or nothing) `Unread`.
    pub fn from_query(q: Option<&str>) -> Tab {
        if q == Some("all") {
            Tab::All
        } else {
            Tab::Unread
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Tab::Unread => "unread",
            Tab::All => "all",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Tab::Unread => "Unread",
            Tab::All => "All",
        }
    }
}

/// A notification that is a row: never a system one (`refreshJWTRequired`: acted on by the
/// console, never shown or counted here).
pub fn is_row(n: &Notification) -> bool {
    !n.refresh_jwt
}

/// A row's message in words (a data request's in the console's words).
pub fn row_text(n: &Notification) -> String {
    n.request_words().unwrap_or_else(|| n.message.clone())
}

/// How many rows a list holds: exact once the whole list was read, else at most this many.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    Exact(usize),
    AtMost(usize),
}

/// What was read of one list (a tab's), page by page, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Walk {
    /// The rows, in the backend's order, each once.
    pub rows: Vec<Notification>,
    /// Notifications read from the backend (system ones included).
    pub read: u64,
    /// The backend's `totalItems` in its last reply.
    pub total: u64,
    /// System notifications read (never rows).
    system: BTreeSet<String>,
    /// A page came back shorter than asked: nothing is left.
    ended: bool,
    /// The backend answered at least once.
    answered: bool,
    /// Rows of an unread list marked read since it was read: they left the backend's list, so
    /// the next page starts that much earlier.
    pub left: u64,
}

impl Walk {
    /// The next page's reply (`asked`: its limit).
    pub fn take(&mut self, page: Vec<Notification>, total: u64, asked: u64) {
        let n = page.len() as u64;
        self.read += n;
        self.total = total;
        self.answered = true;
        if n < asked {
            self.ended = true;
        }
        for x in page {
            if !is_row(&x) {
                self.system.insert(x.id);
            } else if !self.rows.iter().any(|r| r.id == x.id) {
                self.rows.push(x);
            }
        }
    }

    /// Whether the whole list was read.
    pub fn done(&self) -> bool {
        self.answered && (self.ended || self.read >= self.total)
    }

    /// Where the next page starts.
    pub fn next_offset(&self) -> u64 {
        self.read.saturating_sub(self.left)
    }

    /// Whether another page is needed: for `shown` rows, or for a search (up to
    /// [`SEARCH_LIMIT`] notifications read).
    pub fn wants_more(&self, shown: usize, searching: bool) -> bool {
        if self.done() {
            return false;
        }
        if searching {
            self.read < SEARCH_LIMIT
        } else {
            self.rows.len() < shown
        }
    }

    /// How many rows the list holds (system notifications never counted).
    pub fn count(&self) -> Count {
        if self.done() {
            Count::Exact(self.rows.len())
        } else {
            let system = self.system.len() as u64;
            let most = self.total.saturating_sub(system) as usize;
            Count::AtMost(most.max(self.rows.len()))
        }
    }

    /// The newest time among the rows (for [`Marks::mark_all`]).
    pub fn newest_ms(&self) -> Option<i64> {
        newest_ms(&self.rows)
    }
}

/// The newest `createdAt` of `list`, in ms.
pub fn newest_ms(list: &[Notification]) -> Option<i64> {
    list.iter()
        .filter_map(|n| n.created_at.as_deref().and_then(parse_rfc3339_ms))
        .max()
}

/// `Showing 1–20 of 34` (`Showing 1–20 of at most 60` while the list is not read to its end).
pub fn showing(shown: usize, count: Count) -> String {
    match count {
        Count::Exact(0) | Count::AtMost(0) => "Nothing to show.".to_owned(),
        Count::Exact(n) => format!("Showing 1–{} of {n}", shown.min(n)),
        Count::AtMost(n) => format!("Showing 1–{} of at most {n}", shown.min(n)),
    }
}

/// The words of a search (lower case, split at spaces); none: no search.
pub fn search_words(query: &str) -> Vec<String> {
    query
        .split_whitespace()
        .map(str::to_lowercase)
        .take(8)
        .collect()
}

/// Whether `text` holds every word.
pub fn matches(text: &str, words: &[String]) -> bool {
    let text = text.to_lowercase();
    words.iter().all(|w| text.contains(w.as_str()))
}

/// What a search says about how far it got: every notification searched, or where it stopped
/// and why.
pub fn search_note(walk: &Walk, hits: usize, searching_now: bool) -> String {
    let found = match hits {
        0 => "No message matches".to_owned(),
        1 => "1 message matches".to_owned(),
        n => format!("{n} messages match"),
    };
    if searching_now {
        format!("Searching… {found} so far.")
    } else if walk.done() {
        format!("{found}. Every message was searched.")
    } else {
        format!(
            "{found}. The search stopped after the newest {} notifications (it reads at most {SEARCH_LIMIT}): older ones were not searched.",
            walk.read
        )
    }
}

/// Marks made here, kept over the backend's replies until it agrees: CHORUS caches its count
/// and list for 2 s, so a reply soon after a mark may still say unread.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    ids: BTreeSet<String>,
    /// `Mark all read` was done when the newest notification was this old (ms): every one up
    /// to it is read.
    all_up_to: Option<i64>,
}

/// The most ids kept.
const MAX_MARKS: usize = 500;

impl Marks {
    /// These were marked read.
    pub fn mark(&mut self, ids: impl IntoIterator<Item = String>) {
        self.ids.extend(ids);
        while self.ids.len() > MAX_MARKS {
            self.ids.pop_first();
        }
    }

    /// Everything up to `newest` (ms, the newest notification then known) and `ids` was marked
    /// read.
    pub fn mark_all(&mut self, newest: Option<i64>, ids: impl IntoIterator<Item = String>) {
        self.mark(ids);
        if let Some(t) = newest {
            self.all_up_to = Some(self.all_up_to.map_or(t, |a| a.max(t)));
        }
    }

    /// Whether `n` was marked read here.
    pub fn covers(&self, n: &Notification) -> bool {
        self.ids.contains(&n.id)
            || self.all_up_to.is_some_and(|t| {
                n.created_at
                    .as_deref()
                    .and_then(parse_rfc3339_ms)
                    .is_some_and(|at| at <= t)
            })
    }

    /// A reply of the backend: what it says read, the marks need no longer keep; what was
    /// marked here stays read whatever the reply says.
    pub fn apply(&mut self, list: &mut [Notification]) {
        for n in list.iter_mut() {
            if n.read {
                self.ids.remove(&n.id);
            } else if self.covers(n) {
                n.read = true;
            }
        }
    }
}

/// What `Mark all read` sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MarkAll {
    /// `markAll: true`: every unread notification, system ones included.
    Everything,
    /// Only these (a role refresh that could not be done first must not be swallowed).
    Only(Vec<String>),
}

/// The unread role notifications the login was not yet refreshed for: `Mark all read` acts on
/// these first (CHORUS's `markAll` would mark them read, and the role change would be lost).
pub fn pending_refresh(unread: &[Notification], refreshed: &[String]) -> Vec<String> {
    unread
        .iter()
        .filter(|n| n.refresh_jwt && !n.read && !refreshed.contains(&n.id))
        .map(|n| n.id.clone())
        .collect()
}

/// What to send once the pending refresh was tried (`refreshed_now`: it succeeded, or none
/// was pending): everything, else only the rows (the system ones are left for the next look).
pub fn mark_all_body(unread: &[Notification], pending: &[String], refreshed_now: bool) -> MarkAll {
    if pending.is_empty() || refreshed_now {
        MarkAll::Everything
    } else {
        MarkAll::Only(
            unread
                .iter()
                .filter(|n| is_row(n) && !n.read)
                .map(|n| n.id.clone())
                .collect(),
        )
    }
}

#[cfg(test)]
#[path = "inbox_tests.rs"]
mod tests;
