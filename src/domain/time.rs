//! Time helpers without a date library.
//!
//! - [`parse_rfc3339_ms`]: RFC 3339 timestamps (`2025-11-15T12:00:00Z`, `…T12:00:00.123+02:00`)
//!   to milliseconds since the Unix epoch (UTC). Invalid text gives `None`, never a panic.
//! - [`relative_time`]: "just now", "12 s ago", "3 min ago", "in 5 s", "yesterday".
//! - [`format_duration`]: "45 s", "2 min 5 s", "1 h 3 min".
//! - [`format_utc`]: the exact instant for a tooltip, "2025-11-15 12:00:05 UTC".
//!
//! All instants are `i64` milliseconds since 1970-01-01T00:00:00Z, the unit of JavaScript's
//! `Date.now()` (convert its `f64` with `as i64`).

/// Milliseconds in a second.
pub(crate) const MS_PER_SECOND: i64 = 1_000;
/// Milliseconds in a minute.
pub(crate) const MS_PER_MINUTE: i64 = 60 * MS_PER_SECOND;
/// Milliseconds in an hour.
pub(crate) const MS_PER_HOUR: i64 = 60 * MS_PER_MINUTE;
/// Milliseconds in a day.
pub(crate) const MS_PER_DAY: i64 = 24 * MS_PER_HOUR;

/// Below this distance (in either direction) [`relative_time`] says "just now".
const JUST_NOW_MS: u64 = 5_000;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
///
/// `month` is 1–12 and `day` 1–31; the caller validates them.
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // 0..=399
    let mp = (i64::from(month) + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1; // 0..=365
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // 0..=146096
    era * 146_097 + doe - 719_468
}

/// The date `(year, month 1–12, day 1–31)` of a day count since 1970-01-01 (H. Hinnant's
/// `civil_from_days`), the inverse of [`days_from_civil`].
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097; // 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // 0..=365
    let mp = (5 * doy + 2) / 153; // 0..=11
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // month is 1..=12 and day 1..=31 by construction, so the casts cannot truncate.
    (year, month as u32, day as u32)
}

/// Whether `year` is a Gregorian leap year.
pub(crate) fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days of `month` (1–12) in `year`; 0 for a month out of range.
pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A byte cursor over the timestamp text; every read is bounds-checked.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, accepted: &[u8]) -> Option<u8> {
        let b = self.peek().filter(|b| accepted.contains(b))?;
        self.pos += 1;
        Some(b)
    }

    /// Exactly `n` ASCII digits as a number.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let mut value: u32 = 0;
        for _ in 0..n {
            let b = self.peek().filter(u8::is_ascii_digit)?;
            value = value * 10 + u32::from(b - b'0');
            self.pos += 1;
        }
        Some(value)
    }

    /// One or more digits of a fraction of a second, as milliseconds (digits past the third are
    /// dropped, not rounded).
    fn fraction_ms(&mut self) -> Option<i64> {
        let mut ms: i64 = 0;
        let mut count = 0usize;
        while let Some(b) = self.peek().filter(u8::is_ascii_digit) {
            if count < 3 {
                ms = ms * 10 + i64::from(b - b'0');
            }
            count += 1;
            self.pos += 1;
        }
        if count == 0 {
            return None;
        }
        for _ in count..3 {
            ms *= 10;
        }
        Some(ms)
    }

    /// The zone designator as an offset from UTC in minutes: `Z`, `+02:00`, `-0530`. No
    /// designator at all is taken as UTC.
    fn offset_minutes(&mut self) -> Option<i64> {
        match self.peek() {
            None => Some(0),
            Some(b'Z' | b'z') => {
                self.pos += 1;
                Some(0)
            }
            Some(sign @ (b'+' | b'-')) => {
                self.pos += 1;
                let hours = self.digits(2)?;
                self.eat(b":");
                let minutes = self.digits(2)?;
                if hours > 23 || minutes > 59 {
                    return None;
                }
                let total = i64::from(hours * 60 + minutes);
                Some(if sign == b'-' { -total } else { total })
            }
            Some(_) => None,
        }
    }
}

/// Parses an RFC 3339 date-time to milliseconds since the Unix epoch.
///
/// Accepts `2025-11-15T12:00:00Z`, fractional seconds of any length (`.5`, `.123456789`, only
/// milliseconds are kept), offsets `+02:00` / `-05:30` / `+0200`, a lowercase `t`/`z` or a space
/// instead of `T`, and surrounding whitespace. A missing zone designator is read as UTC (lenient).
/// A leap second (`:60`) counts as the next second. Anything else — an empty string, an
/// impossible date such as `2025-02-30`, trailing text — gives `None`.
///
/// ```text
/// parse_rfc3339_ms("1970-01-01T00:00:01Z")      == Some(1_000)
/// parse_rfc3339_ms("1970-01-01T02:00:00+02:00") == Some(0)
/// parse_rfc3339_ms("yesterday")                 == None
/// ```
pub fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    let mut c = Cursor {
        bytes: text.trim().as_bytes(),
        pos: 0,
    };
    let year = c.digits(4)?;
    c.eat(b"-")?;
    let month = c.digits(2)?;
    c.eat(b"-")?;
    let day = c.digits(2)?;
    c.eat(b"Tt ")?;
    let hour = c.digits(2)?;
    c.eat(b":")?;
    let minute = c.digits(2)?;
    c.eat(b":")?;
    let second = c.digits(2)?;
    let millis = if c.eat(b".,").is_some() {
        c.fraction_ms()?
    } else {
        0
    };
    let offset = c.offset_minutes()?;
    if c.pos != c.bytes.len() {
        return None;
    }
    let year = i64::from(year);
    let valid = (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month)
        && hour <= 23
        && minute <= 59
        && second <= 60;
    if !valid {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds_of_day = i64::from(hour * 3600 + minute * 60 + second);
    Some(days * MS_PER_DAY + seconds_of_day * MS_PER_SECOND + millis - offset * MS_PER_MINUTE)
}

/// Splits an instant into `(year, month, day, hour, minute, second)` in UTC.
fn utc_fields(ms: i64) -> (i64, u32, u32, i64, i64, i64) {
    let days = ms.div_euclid(MS_PER_DAY);
    let secs = ms.rem_euclid(MS_PER_DAY) / MS_PER_SECOND;
    let (y, m, d) = civil_from_days(days);
    (y, m, d, secs / 3600, (secs / 60) % 60, secs % 60)
}

/// The exact instant in UTC for a tooltip: `"2025-11-15 12:00:05 UTC"` (whole seconds).
pub(crate) fn format_utc(ms: i64) -> String {
    let (y, mo, d, h, mi, s) = utc_fields(ms);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC")
}

/// The instant as an RFC 3339 UTC timestamp with whole seconds: `"2025-11-15T12:00:05Z"`
/// (for a `<time datetime>` attribute, or tests).
pub fn format_rfc3339_utc(ms: i64) -> String {
    let (y, mo, d, h, mi, s) = utc_fields(ms);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// One unit of a distance in time, the coarsest that fits: "12 s", "3 min", "2 h", or a day
/// count (returned as `Err(days)` so the caller can say "yesterday").
fn coarse_distance(abs_ms: u64) -> Result<String, u64> {
    let secs = abs_ms / 1000;
    match secs {
        0..=59 => Ok(format!("{secs} s")),
        60..=3599 => Ok(format!("{} min", secs / 60)),
        3600..=86_399 => Ok(format!("{} h", secs / 3600)),
        _ => Err(secs / 86_400),
    }
}

/// How long ago (or how far ahead) `then_ms` is from `now_ms`, in words.
///
/// Past: `"just now"` (under 5 s), `"12 s ago"`, `"3 min ago"`, `"2 h ago"`, `"yesterday"`,
/// `"3 days ago"`. Future: `"in 5 s"`, `"in 3 min"`, `"in 2 h"`, `"tomorrow"`, `"in 3 days"`.
/// Units are truncated (119 s is "1 min ago").
pub(crate) fn relative_time(then_ms: i64, now_ms: i64) -> String {
    let diff = now_ms.saturating_sub(then_ms);
    let abs = diff.unsigned_abs();
    if abs < JUST_NOW_MS {
        return "just now".to_owned();
    }
    let future = diff < 0;
    match coarse_distance(abs) {
        Ok(distance) if future => format!("in {distance}"),
        Ok(distance) => format!("{distance} ago"),
        Err(1) if future => "tomorrow".to_owned(),
        Err(1) => "yesterday".to_owned(),
        Err(days) if future => format!("in {days} days"),
        Err(days) => format!("{days} days ago"),
    }
}

/// A duration in words with at most two units: `"0 s"`, `"45 s"`, `"2 min"`, `"2 min 5 s"`,
/// `"1 h 3 min"`, `"2 d 4 h"`. Truncates to whole seconds; a negative duration is `"0 s"`.
pub(crate) fn format_duration(ms: i64) -> String {
    let secs = ms.max(0) / MS_PER_SECOND;
    let pair = |big: i64, big_unit: &str, small: i64, small_unit: &str| {
        if small == 0 {
            format!("{big} {big_unit}")
        } else {
            format!("{big} {big_unit} {small} {small_unit}")
        }
    };
    match secs {
        0..=59 => format!("{secs} s"),
        60..=3599 => pair(secs / 60, "min", secs % 60, "s"),
        3600..=86_399 => pair(secs / 3600, "h", (secs / 60) % 60, "min"),
        _ => pair(secs / 86_400, "d", (secs / 3600) % 24, "h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: &str = "2025-11-15T12:00:00Z";
    const T0_MS: i64 = 1_763_208_000_000;

    #[test]
    fn parses_basic_utc() {
        assert_eq!(parse_rfc3339_ms(T0), Some(T0_MS));
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339_ms("2025-11-15T12:00:05Z"),
            Some(T0_MS + 5_000)
        );
    }

    #[test]
    fn parses_fractions_and_offsets() {
        assert_eq!(
            parse_rfc3339_ms("2025-11-15T12:00:00.5Z"),
            Some(T0_MS + 500)
        );
        assert_eq!(
            parse_rfc3339_ms("2025-11-15T12:00:00.123Z"),
            Some(T0_MS + 123)
        );
        assert_eq!(
            parse_rfc3339_ms("2025-11-15T12:00:00.123456789Z"),
            Some(T0_MS + 123)
        );
        assert_eq!(parse_rfc3339_ms("2025-11-15T14:00:00+02:00"), Some(T0_MS));
        assert_eq!(parse_rfc3339_ms("2025-11-15T06:30:00-05:30"), Some(T0_MS));
        assert_eq!(parse_rfc3339_ms("2025-11-15T14:00:00+0200"), Some(T0_MS));
        assert_eq!(parse_rfc3339_ms("2025-11-15t12:00:00z"), Some(T0_MS));
        assert_eq!(parse_rfc3339_ms("2025-11-15 12:00:00Z"), Some(T0_MS));
        assert_eq!(parse_rfc3339_ms("  2025-11-15T12:00:00Z\n"), Some(T0_MS));
        assert_eq!(parse_rfc3339_ms("2025-11-15T12:00:00"), Some(T0_MS));
        // Offset crossing midnight into the previous day.
        assert_eq!(parse_rfc3339_ms("2025-11-16T01:00:00+13:00"), Some(T0_MS));
    }

    #[test]
    fn leap_years_and_pre_epoch() {
        assert!(parse_rfc3339_ms("2024-02-29T00:00:00Z").is_some());
        assert_eq!(parse_rfc3339_ms("2025-02-29T00:00:00Z"), None);
        assert!(parse_rfc3339_ms("2000-02-29T00:00:00Z").is_some());
        assert_eq!(parse_rfc3339_ms("1900-02-29T00:00:00Z"), None);
        assert_eq!(parse_rfc3339_ms("1969-12-31T23:59:59Z"), Some(-1_000));
        assert_eq!(parse_rfc3339_ms("1969-12-31T23:59:59.5Z"), Some(-500));
    }

    #[test]
    fn rejects_invalid() {
        for bad in [
            "",
            "   ",
            "now",
            "2025-11-15",
            "2025-13-01T00:00:00Z",
            "2025-00-01T00:00:00Z",
            "2025-04-31T00:00:00Z",
            "2025-11-15T24:00:00Z",
            "2025-11-15T12:60:00Z",
            "2025-11-15T12:00:61Z",
            "2025-11-15T12:00:00.Z",
            "2025-11-15T12:00:00+24:00",
            "2025-11-15T12:00:00+02",
            "2025-11-15T12:00:00Zjunk",
            "25-11-15T12:00:00Z",
            "2025/11/15T12:00:00Z",
            "2025-11-15T12:00Z",
            "２０２５-11-15T12:00:00Z",
            "2025-11-15T12:00:00.１Z",
        ] {
            assert_eq!(parse_rfc3339_ms(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn civil_round_trip_over_many_days() {
        let mut day = -800_000i64;
        while day < 800_000 {
            let (y, m, d) = civil_from_days(day);
            assert!((1..=12).contains(&m));
            assert!(d >= 1 && d <= days_in_month(y, m));
            assert_eq!(days_from_civil(y, m, d), day);
            day += 7;
        }
    }

    #[test]
    fn format_round_trips_through_parse() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..5_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            // Instants between 1900 and 2100.
            let ms = (state % 6_311_390_400_000) as i64 - 2_208_988_800_000;
            let whole = ms.div_euclid(1000) * 1000;
            assert_eq!(parse_rfc3339_ms(&format_rfc3339_utc(ms)), Some(whole));
        }
    }

    #[test]
    fn formats_utc() {
        assert_eq!(format_utc(T0_MS + 5_000), "2025-11-15 12:00:05 UTC");
        assert_eq!(format_utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(format_utc(-1), "1969-12-31 23:59:59 UTC");
        assert_eq!(format_rfc3339_utc(T0_MS + 999), "2025-11-15T12:00:00Z");
        // Extreme inputs do not panic.
        let _ = format_utc(i64::MIN);
        let _ = format_utc(i64::MAX);
    }

    #[test]
    fn relative_past_and_future() {
        let now = T0_MS;
        assert_eq!(relative_time(now, now), "just now");
        assert_eq!(relative_time(now - 4_999, now), "just now");
        assert_eq!(relative_time(now + 3_000, now), "just now");
        assert_eq!(relative_time(now - 12_000, now), "12 s ago");
        assert_eq!(
            relative_time(now - 3 * MS_PER_MINUTE - 5_000, now),
            "3 min ago"
        );
        assert_eq!(relative_time(now - 2 * MS_PER_HOUR, now), "2 h ago");
        assert_eq!(relative_time(now - 30 * MS_PER_HOUR, now), "yesterday");
        assert_eq!(relative_time(now - 3 * MS_PER_DAY, now), "3 days ago");
        assert_eq!(relative_time(now + 5_000, now), "in 5 s");
        assert_eq!(relative_time(now + 3 * MS_PER_MINUTE, now), "in 3 min");
        assert_eq!(relative_time(now + 2 * MS_PER_HOUR, now), "in 2 h");
        assert_eq!(relative_time(now + MS_PER_DAY, now), "tomorrow");
        assert_eq!(relative_time(now + 4 * MS_PER_DAY, now), "in 4 days");
        let _ = relative_time(i64::MIN, i64::MAX);
        let _ = relative_time(i64::MAX, i64::MIN);
    }

    #[test]
    fn durations() {
        assert_eq!(format_duration(-5), "0 s");
        assert_eq!(format_duration(0), "0 s");
        assert_eq!(format_duration(999), "0 s");
        assert_eq!(format_duration(45_000), "45 s");
        assert_eq!(format_duration(120_000), "2 min");
        assert_eq!(format_duration(125_000), "2 min 5 s");
        assert_eq!(
            format_duration(MS_PER_HOUR + 3 * MS_PER_MINUTE + 7_000),
            "1 h 3 min"
        );
        assert_eq!(format_duration(MS_PER_HOUR), "1 h");
        assert_eq!(format_duration(2 * MS_PER_DAY + 4 * MS_PER_HOUR), "2 d 4 h");
        assert_eq!(format_duration(300_000), "5 min");
        let _ = format_duration(i64::MAX);
        let _ = format_duration(i64::MIN);
    }

    /// Property: random near-timestamps never panic, and whatever parses is consistent with
    /// the formatted value.
    #[test]
    fn prop_parse_never_panics() {
        const ALPHABET: &[u8] = b"0123456789-:T.Z+ zt,";
        let mut state = 0x1234_5678_u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut text: Vec<u8> = b"2025-11-15T12:00:00Z".to_vec();
            let edits = state % 4;
            for k in 0..edits {
                let pos = ((state >> (8 * k + 8)) as usize) % text.len();
                let ch = ALPHABET[((state >> (8 * k + 16)) as usize) % ALPHABET.len()];
                if let Some(slot) = text.get_mut(pos) {
                    *slot = ch;
                }
            }
            let text = String::from_utf8_lossy(&text).into_owned();
            if let Some(ms) = parse_rfc3339_ms(&text) {
                let _ = format_utc(ms);
                let _ = relative_time(ms, T0_MS);
            }
        }
    }
}
