//! Timestamps on the wire: whole seconds (our flavor), milliseconds (the mc dialect) and
//! protojson's 0, 3, 6 or 9 fractional digits (CHORUS).

use std::time::SystemTime;

use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::OffsetDateTime;

const SECONDS: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
const MILLIS: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
const MICROS: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");
const NANOS: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:9]Z");

fn format(t: SystemTime, f: &[BorrowedFormatItem<'_>]) -> String {
    OffsetDateTime::from(t).format(f).unwrap_or_default()
}

/// `2025-11-15T12:00:00Z` (whole seconds, UTC).
pub(crate) fn rfc3339(t: SystemTime) -> String {
    format(t, SECONDS)
}

/// `2025-11-15T12:00:00.123Z`
pub(crate) fn rfc3339_millis(t: SystemTime) -> String {
    format(t, MILLIS)
}

/// protojson's spelling: 0, 3, 6 or 9 fractional digits, as few as the value needs.
pub(crate) fn rfc3339_proto(t: SystemTime) -> String {
    let nanos = OffsetDateTime::from(t).nanosecond();
    let f = if nanos == 0 {
        SECONDS
    } else if nanos % 1_000_000 == 0 {
        MILLIS
    } else if nanos % 1_000 == 0 {
        MICROS
    } else {
        NANOS
    };
    format(t, f)
}

/// A time as CHORUS answers it: as PostgreSQL keeps it (microseconds: seen on a running CHORUS
/// 0978bc77, `2026-11-23T20:45:20.695728Z`), in protojson's spelling.
pub(crate) fn rfc3339_db(t: SystemTime) -> String {
    let nanos = OffsetDateTime::from(t).nanosecond();
    rfc3339_proto(t - std::time::Duration::from_nanos(u64::from(nanos % 1_000)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn formats() {
        let at = |s: u64| UNIX_EPOCH + Duration::from_secs(s);
        assert_eq!(rfc3339(at(0)), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(at(1_763_208_000)), "2025-11-15T12:00:00Z");
        assert_eq!(rfc3339(at(951_782_400)), "2000-02-29T00:00:00Z");
        assert_eq!(
            rfc3339(at(1_763_208_000) + Duration::from_millis(999)),
            "2025-11-15T12:00:00Z"
        );
        assert_eq!(
            rfc3339_millis(at(1_763_208_000) + Duration::from_millis(7)),
            "2025-11-15T12:00:00.007Z"
        );
        let t = at(1_763_208_000);
        assert_eq!(rfc3339_proto(t), "2025-11-15T12:00:00Z");
        assert_eq!(
            rfc3339_proto(t + Duration::from_millis(120)),
            "2025-11-15T12:00:00.120Z"
        );
        assert_eq!(
            rfc3339_proto(t + Duration::from_micros(123_456)),
            "2025-11-15T12:00:00.123456Z"
        );
        assert_eq!(
            rfc3339_proto(t + Duration::from_nanos(5)),
            "2025-11-15T12:00:00.000000005Z"
        );
        assert_eq!(
            rfc3339_db(t + Duration::from_nanos(695_728_913)),
            "2025-11-15T12:00:00.695728Z"
        );
        assert_eq!(
            rfc3339_db(t + Duration::from_nanos(5)),
            "2025-11-15T12:00:00Z"
        );
    }
}
