//! The backend's clock as the console sees it (issue 38): how far the browser's clock is from
//! the server's, learnt from replies' `Date` headers, so that a time the server wrote (a
//! session's `createdAt`) is compared with the browser's "now" fairly. A session created nine
//! minutes ago has waited nine minutes, whatever the browser's clock says.
//!
//! `Date` has a resolution of one second (the server's time is within `[date, date + 1 s)`), so
//! an offset under [`IGNORED_BELOW_MS`] is read as none: it is the header's rounding and the
//! reply's trip, not a wrong clock.
use crate::domain::time::days_from_civil;

/// Offsets smaller than this are noise (the header's second, the trip): read as 0.
pub const IGNORED_BELOW_MS: i64 = 2_000;

/// Parses an HTTP date (`Wed, 25 Nov 2026 02:41:07 GMT`, RFC 9110's IMF-fixdate, the one form
/// servers send) to epoch milliseconds; `None` for anything else.
pub fn parse_http_date_ms(text: &str) -> Option<i64> {
    let mut parts = text.split_ascii_whitespace();
    let _weekday = parts.next()?.strip_suffix(',')?;
    let day: u32 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':');
    let h: i64 = hms.next()?.parse().ok()?;
    let m: i64 = hms.next()?.parse().ok()?;
    let s: i64 = hms.next()?.parse().ok()?;
    if parts.next()? != "GMT" || parts.next().is_some() || hms.next().is_some() {
        return None;
    }
    let days_in = crate::domain::time::days_in_month(year, month);
    if !(1..=days_in).contains(&day) || h > 23 || m > 59 || s > 60 || !(1970..=9999).contains(&year)
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 24 + h) * 60 + m) * 60_000 + s * 1_000)
}

/// How far the server's clock is ahead of the browser's (ms; negative: behind), from a reply's
/// `Date` header read at the browser's `local_ms`; `None` when the header does not parse.
pub fn offset_from_date(date_header: &str, local_ms: i64) -> Option<i64> {
    let server = parse_http_date_ms(date_header)?;
    // The middle of the second the header names.
    let offset = server + 500 - local_ms;
    Some(if offset.abs() < IGNORED_BELOW_MS {
        0
    } else {
        offset
    })
}

/// A server time (`createdAt`) on the browser's clock, given the offset learnt.
pub fn to_local_ms(server_ms: i64, offset_ms: i64) -> i64 {
    server_ms.saturating_sub(offset_ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_rfc3339_ms;

    #[test]
    fn http_dates_parse_as_servers_send_them() {
        assert_eq!(
            parse_http_date_ms("Wed, 25 Nov 2026 02:41:07 GMT"),
            parse_rfc3339_ms("2026-11-25T02:41:07Z")
        );
        assert_eq!(parse_http_date_ms("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        for bad in [
            "",
            "yesterday",
            "Wed, 25 Nov 2026 02:41:07 UTC",
            "Wed, 31 Nov 2026 02:41:07 GMT",
            "Wed 25 Nov 2026 02:41:07 GMT",
            "Wed, 25 Foo 2026 02:41:07 GMT",
            "Wed, 25 Nov 2026 24:00:00 GMT",
            "Wed, 25 Nov 2026 02:41 GMT",
            "Wed, 25 Nov 2026 02:41:07 GMT extra",
        ] {
            assert_eq!(parse_http_date_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn small_offsets_are_noise_large_ones_count() {
        let t = parse_rfc3339_ms("2026-11-25T02:41:07Z").unwrap();
        let date = "Wed, 25 Nov 2026 02:41:07 GMT";
        assert_eq!(offset_from_date(date, t + 300), Some(0));
        assert_eq!(offset_from_date(date, t - 1_200), Some(0));
        // The browser is five minutes behind: the server is ahead.
        assert_eq!(offset_from_date(date, t - 300_000), Some(300_500));
        // The browser is a minute ahead.
        assert_eq!(offset_from_date(date, t + 60_000), Some(-59_500));
        assert_eq!(offset_from_date("junk", t), None);
    }

    #[test]
    fn server_times_move_onto_the_local_clock() {
        assert_eq!(to_local_ms(1_000_000, 300_000), 700_000);
        assert_eq!(to_local_ms(1_000_000, 0), 1_000_000);
        assert_eq!(to_local_ms(i64::MIN, 1), i64::MIN);
    }
}
