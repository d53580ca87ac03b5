//! The login token's lifetime, read in memory and never stored: when it expires (`exp` of the
//! JWT the login or refresh reply carries) and when to renew it (api.md, "Authentication": the
//! console renews the token with `refresh-token` before it expires while the app is open).
//!
//! The token is only read, never checked: the backend signs and checks it. A token that cannot
//! be read (not a JWT, no `exp`) gives `None`, and the console then renews on a fixed rhythm
//! ([`FALLBACK_RENEW_MS`]).

/// Renewal rhythm when the token's expiry is unknown (a reply without a readable token).
pub(crate) const FALLBACK_RENEW_MS: u64 = 10 * 60 * 1000;
/// The earliest a renewal is made after the last one.
const MIN_RENEW_MS: u64 = 1_000;
/// The longest margin kept before expiry (browsers may delay timers of hidden tabs by up to a
/// minute; five leaves room for that and for a slow network).
const MAX_MARGIN_MS: u64 = 5 * 60 * 1000;
/// The longest delay planned: a browser timer takes a signed 32-bit number of milliseconds
/// (about 24.8 days), and Leptos's `set_timeout` throws on a longer one. A token that lives
/// longer (a far `exp`) is renewed after this, which only renews it early.
pub(crate) const MAX_DELAY_MS: u64 = i32::MAX as u64;

/// The `exp` claim (seconds since the epoch) of a JWT `header.payload.signature`, or `None`.
pub(crate) fn jwt_expiry_s(token: &str) -> Option<i64> {
    let mut parts = token.trim().split('.');
    let (_header, payload, _sig) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let bytes = base64url_decode(payload)?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    match claims.get("exp")? {
        serde_json::Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// How long to wait, from `now_ms`, before renewing a token that expires at `exp_s`: a quarter
/// of the time left before expiry is kept as margin (at most five minutes), so that an hour's
/// token is renewed after 55 minutes and a 20-second one after 15 s; never sooner than a
/// second, and never later than [`MAX_DELAY_MS`] (a far `exp`). An expiry already past gives
/// the minimum (the renewal then tells whether the login is still valid).
pub(crate) fn renew_delay_ms(now_ms: i64, exp_s: Option<i64>) -> u64 {
    let Some(exp_s) = exp_s else {
        return FALLBACK_RENEW_MS;
    };
    let left = exp_s.saturating_mul(1000).saturating_sub(now_ms);
    let Ok(left) = u64::try_from(left) else {
        return MIN_RENEW_MS;
    };
    let margin = (left / 4).min(MAX_MARGIN_MS);
    left.saturating_sub(margin)
        .clamp(MIN_RENEW_MS, MAX_DELAY_MS)
}

/// Decodes base64url without padding (padding and the standard alphabet are accepted too).
pub(crate) fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(bytes: &[u8]) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n =
                chunk.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
            for i in 0..=chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    }

    fn jwt(payload: &str) -> String {
        format!(
            "{}.{}.sig",
            b64(br#"{"alg":"HS256","typ":"JWT"}"#),
            b64(payload.as_bytes())
        )
    }

    #[test]
    fn reads_exp_of_a_chorus_shaped_token() {
        // CHORUS's claims (internal/jwt/model/jwt.go): id, tenantId, roles with context, exp, iat.
        let t = jwt(
            r#"{"id":2,"tenantId":1,"username":"alice","roles":[{"name":"WorkspaceMember","context":{"workspace":"1"}}],"exp":1763208000,"iat":1763204400}"#,
        );
        assert_eq!(jwt_expiry_s(&t), Some(1_763_208_000));
        // every payload length (padding-free base64url of 1, 2 or 3 trailing bytes)
        for extra in ["", " ", "  "] {
            assert_eq!(
                jwt_expiry_s(&jwt(&format!(r#"{{"exp":42{extra}}}"#))),
                Some(42)
            );
        }
        assert_eq!(jwt_expiry_s(&jwt(r#"{"exp":"17"}"#)), Some(17));
        assert_eq!(jwt_expiry_s(&jwt(r#"{"exp":17.9}"#)), Some(17));
    }

    #[test]
    fn unreadable_tokens_give_none() {
        for t in [
            "",
            "opaque-token",
            "a.b",
            "a.b.c.d",
            "x.%%%.y",
            &jwt(r#"{"iat":1}"#),
            &jwt(r#"{"exp":null}"#),
            &jwt("not json"),
            &jwt(r#"["exp",1]"#),
        ] {
            assert_eq!(jwt_expiry_s(t), None, "{t}");
        }
    }

    #[test]
    fn renews_before_expiry_with_a_margin() {
        let now = 1_000_000_000_i64;
        // an hour's token: five minutes before it expires
        assert_eq!(renew_delay_ms(now, Some(now / 1000 + 3600)), 55 * 60 * 1000);
        // a short one: with a quarter of its life left
        assert_eq!(renew_delay_ms(now, Some(now / 1000 + 20)), 15_000);
        // past or now: at once (the minimum)
        assert_eq!(renew_delay_ms(now, Some(now / 1000 - 50)), MIN_RENEW_MS);
        assert_eq!(renew_delay_ms(now, Some(now / 1000)), MIN_RENEW_MS);
        // unknown: the fallback rhythm
        assert_eq!(renew_delay_ms(now, None), FALLBACK_RENEW_MS);
        // absurd values do not overflow
        assert_eq!(renew_delay_ms(now, Some(i64::MIN)), MIN_RENEW_MS);
        assert!(renew_delay_ms(now, Some(i64::MAX)) > 0);
    }

    #[test]
    fn a_far_expiry_fits_a_browser_timer() {
        // A browser timer takes a signed 32-bit number of milliseconds; Leptos's set_timeout
        // throws on more. A token for a year (or a garbled `exp` in the year 33658) must still
        // give a delay a timer can take.
        let now = 1_763_204_400_000_i64;
        for exp_s in [
            now / 1000 + 25 * 86_400,
            now / 1000 + 365 * 86_400,
            999_999_999_999,
            i64::MAX,
        ] {
            let d = renew_delay_ms(now, Some(exp_s));
            assert!(i32::try_from(d).is_ok(), "{exp_s}: {d}");
            assert_eq!(d, MAX_DELAY_MS, "{exp_s}");
        }
        // Just under the limit is kept as it is.
        let d = renew_delay_ms(now, Some(now / 1000 + 20 * 86_400));
        assert_eq!(d, 20 * 86_400 * 1000 - MAX_MARGIN_MS);
        assert!(d < MAX_DELAY_MS);
        // The fallback rhythm fits too.
        assert!(i32::try_from(renew_delay_ms(now, None)).is_ok());
    }

    #[test]
    fn renewal_always_comes_before_expiry() {
        let now = 5_000_000_i64;
        for life_s in [2_i64, 5, 30, 61, 600, 3599, 86_400] {
            let d = renew_delay_ms(now, Some(now / 1000 + life_s)) as i64;
            assert!(d < life_s * 1000, "{life_s}: {d}");
            assert!(d >= 1000);
        }
    }
}
