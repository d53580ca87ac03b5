//! App instances this tab closed a moment ago, kept in `sessionStorage` across a reload
//! (`state::app_tabs`). CHORUS answers `GET /app-instances` from a one-second cache that a delete
//! does not clear, so a reload right after closing an app listed the instance again: its tab came
//! back, then said "the app instance no longer exists". A tab's restore skips what was closed
//! within [`CLOSED_KEPT_MS`].
//!
//! The stored text is one `<closed at, ms> <instance id>` per line; lines of another shape are
//! dropped, never trusted.

/// How long a closed instance is not restored: well past CHORUS's one-second cache (and a
/// clock that moves a little).
pub const CLOSED_KEPT_MS: i64 = 10_000;

/// At most this many remembered (the oldest go first).
const MOST: usize = 20;

/// The entries of `raw` closed within [`CLOSED_KEPT_MS`] of `now_ms`, oldest first.
fn entries(raw: &str, now_ms: i64) -> Vec<(i64, &str)> {
    raw.lines()
        .filter_map(|line| {
            let (at, id) = line.split_once(' ')?;
            let at: i64 = at.parse().ok()?;
            let fresh = at <= now_ms.saturating_add(CLOSED_KEPT_MS)
                && now_ms.saturating_sub(at) < CLOSED_KEPT_MS;
            (fresh && !id.is_empty()).then_some((at, id))
        })
        .collect()
}

fn write(entries: &[(i64, &str)]) -> String {
    let skip = entries.len().saturating_sub(MOST);
    entries[skip..]
        .iter()
        .map(|(at, id)| format!("{at} {id}\n"))
        .collect()
}

/// The instance ids closed recently (what a restore skips).
pub fn recently_closed(raw: &str, now_ms: i64) -> Vec<String> {
    entries(raw, now_ms)
        .into_iter()
        .map(|(_, id)| id.to_owned())
        .collect()
}

/// `raw` with `instance_id` closed at `now_ms` (and without what is too old). An id holding a
/// line break is not kept (it could not be read back).
pub fn closed(raw: &str, instance_id: &str, now_ms: i64) -> String {
    let mut list: Vec<(i64, &str)> = entries(raw, now_ms)
        .into_iter()
        .filter(|(_, id)| *id != instance_id)
        .collect();
    if !instance_id.is_empty() && !instance_id.contains(['\n', '\r']) {
        list.push((now_ms, instance_id));
    }
    write(&list)
}

/// `raw` without `instance_id` (its close failed: it is there, and a reload shows it).
pub fn reopened(raw: &str, instance_id: &str, now_ms: i64) -> String {
    let list: Vec<(i64, &str)> = entries(raw, now_ms)
        .into_iter()
        .filter(|(_, id)| *id != instance_id)
        .collect();
    write(&list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instance_closed_a_moment_ago_is_skipped_then_forgotten() {
        let raw = closed("", "7", 1_000);
        assert_eq!(recently_closed(&raw, 1_500), vec!["7"]);
        assert_eq!(recently_closed(&raw, 1_000 + CLOSED_KEPT_MS - 1), vec!["7"]);
        assert!(recently_closed(&raw, 1_000 + CLOSED_KEPT_MS).is_empty());
        // Written again later: the old entries are dropped.
        let later = closed(&raw, "8", 1_000 + CLOSED_KEPT_MS + 5);
        assert_eq!(later, format!("{} 8\n", 1_000 + CLOSED_KEPT_MS + 5));
    }

    #[test]
    fn a_close_that_failed_is_taken_back() {
        let raw = closed(&closed("", "7", 1_000), "8", 1_100);
        assert_eq!(recently_closed(&raw, 1_200), vec!["7", "8"]);
        let raw = reopened(&raw, "7", 1_300);
        assert_eq!(recently_closed(&raw, 1_400), vec!["8"]);
    }

    #[test]
    fn the_same_instance_once_and_at_most_twenty() {
        let raw = closed(&closed("", "7", 1_000), "7", 1_100);
        assert_eq!(raw, "1100 7\n");
        let mut raw = String::new();
        for i in 0..30 {
            raw = closed(&raw, &i.to_string(), 2_000 + i);
        }
        let ids = recently_closed(&raw, 2_100);
        assert_eq!(ids.len(), 20);
        assert_eq!(ids.first().map(String::as_str), Some("10"));
        assert_eq!(ids.last().map(String::as_str), Some("29"));
    }

    #[test]
    fn hostile_text_is_dropped_never_trusted() {
        for raw in [
            "x 7\n",
            "1000\n",
            "1000 \n",
            "-99999999999999999999 7\n",
            "\u{0} \u{0}",
            "99999999999 7\n",
        ] {
            assert!(recently_closed(raw, 1_500).is_empty(), "{raw:?}");
        }
        // A line break in an id is never written.
        assert_eq!(closed("", "7\n1500 9", 1_000), "");
        // Spaces in an id are kept whole.
        assert_eq!(
            recently_closed(&closed("", "a b", 1_000), 1_200),
            vec!["a b"]
        );
        // A good line among bad ones is read.
        assert_eq!(recently_closed("junk\n1000 7\n", 1_200), vec!["7"]);
    }
}
