//! A transfer that stalls (issue 56): after [`STALL_AFTER_MS`] with no part acknowledged, its row
//! says that it waits for the platform and for how long, instead of the rate and time left it
//! measured before (which would go on promising a pace nothing moves at). The rate and time left
//! come back with the next part. The clock is the caller's (`state::clock` in the state layer).

/// How long without a part acknowledged before a running transfer is said to wait (ms).
pub const STALL_AFTER_MS: f64 = 4_000.0;

/// `12 s`, `1 min 5 s`, `2 h 3 min`: how long it has waited, in words (whole seconds, down).
pub fn waited_words(ms: f64) -> String {
    let s = (ms.max(0.0) / 1000.0).floor() as u64;
    match s {
        0..=59 => format!("{s} s"),
        60..=3_599 if s.is_multiple_of(60) => format!("{} min", s / 60),
        60..=3_599 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} h {} min", s / 3_600, (s % 3_600) / 60),
    }
}

/// What a running transfer's row says instead of its rate, when it stalls: `Some("Waiting for
/// the platform for 12 s")` once the last progress (`last_progress_ms`, `None`: none yet) lies
/// [`STALL_AFTER_MS`] or more before `now_ms`; `None` while it moves (the rate and time left are
/// said).
pub fn stall_words(last_progress_ms: Option<f64>, now_ms: f64) -> Option<String> {
    let waited = now_ms - last_progress_ms?;
    (waited >= STALL_AFTER_MS)
        .then(|| format!("Waiting for the platform for {}", waited_words(waited)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transfer_that_moves_shows_its_rate() {
        assert_eq!(stall_words(Some(10_000.0), 10_000.0), None);
        assert_eq!(stall_words(Some(10_000.0), 13_999.0), None);
        assert_eq!(
            stall_words(None, 1e9),
            None,
            "nothing started: no wait to say"
        );
    }

    #[test]
    fn a_stall_is_said_with_how_long_it_lasts() {
        assert_eq!(
            stall_words(Some(10_000.0), 14_000.0).as_deref(),
            Some("Waiting for the platform for 4 s")
        );
        assert_eq!(
            stall_words(Some(10_000.0), 22_500.0).as_deref(),
            Some("Waiting for the platform for 12 s")
        );
        assert_eq!(
            stall_words(Some(0.0), 65_000.0).as_deref(),
            Some("Waiting for the platform for 1 min 5 s")
        );
    }

    #[test]
    fn the_next_part_ends_the_stall() {
        // A part acknowledged at 40 s, after a wait from 10 s: at 41 s the row moves again.
        assert!(stall_words(Some(10_000.0), 39_000.0).is_some());
        assert_eq!(stall_words(Some(40_000.0), 41_000.0), None);
    }

    #[test]
    fn waits_in_words() {
        assert_eq!(waited_words(0.0), "0 s");
        assert_eq!(waited_words(59_999.0), "59 s");
        assert_eq!(waited_words(120_000.0), "2 min");
        assert_eq!(waited_words(7_380_000.0), "2 h 3 min");
        assert_eq!(waited_words(-5.0), "0 s", "a clock that stepped back");
    }
}
