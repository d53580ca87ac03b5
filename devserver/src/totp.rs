//! One-time codes as CHORUS makes them (`internal/utils/crypto`, pquerna/otp): RFC 6238 TOTP,
//! HMAC-SHA1, 30-second steps, 6 digits, one step of skew either way; secrets of 20 random
//! bytes, written in base32 without padding.

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Length of a step in seconds.
pub const STEP: u64 = 30;
/// Bytes of a new secret.
pub const SECRET_LEN: usize = 20;
/// Recovery codes made by a reset (CHORUS's `daemon.totp.num_recovery_codes` default).
pub const RECOVERY_CODES: usize = 10;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32, upper case, no padding.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let mut buffer: u64 = 0;
    let mut bits = 0u32;
    for &b in bytes {
        buffer = (buffer << 8) | u64::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Base32 in either case, spaces and padding ignored; `None` for another character.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let mut buffer: u64 = 0;
    let mut bits = 0u32;
    for c in text.bytes() {
        if c == b'=' || c == b' ' {
            continue;
        }
        let v = ALPHABET.iter().position(|a| *a == c.to_ascii_uppercase())?;
        buffer = (buffer << 5) | v as u64;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// RFC 4226 HOTP of `counter`, 6 digits.
pub fn hotp(secret: &[u8], counter: u64) -> String {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let code = (u32::from(digest[offset] & 0x7f) << 24)
        | (u32::from(digest[offset + 1]) << 16)
        | (u32::from(digest[offset + 2]) << 8)
        | u32::from(digest[offset + 3]);
    format!("{:06}", code % 1_000_000)
}

/// The code of the step holding unix time `secs`.
pub fn code_at(secret: &[u8], secs: u64) -> String {
    hotp(secret, secs / STEP)
}

/// Whether `code` is the code of the step of `secs`, of the one before or of the one after.
pub fn verify_at(secret: &[u8], code: &str, secs: u64) -> bool {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let step = secs / STEP;
    [step.saturating_sub(1), step, step + 1]
        .iter()
        .any(|s| hotp(secret, *s) == code)
}

/// Unix time now, in whole seconds.
pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// [`verify_at`] now.
pub fn verify(secret: &[u8], code: &str) -> bool {
    verify_at(secret, code, now_secs())
}

/// A new secret.
pub fn new_secret(rng: &mut fastrand::Rng) -> Vec<u8> {
    (0..SECRET_LEN).map(|_| rng.u8(..)).collect()
}

/// New recovery codes: ten of ten lower-case letters and digits.
pub fn new_recovery_codes(rng: &mut fastrand::Rng) -> Vec<String> {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    (0..RECOVERY_CODES)
        .map(|_| {
            (0..10)
                .map(|_| char::from(CHARS[rng.usize(..CHARS.len())]))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6238_vectors() {
        // RFC 6238 appendix B, SHA1, the last 6 digits.
        let secret = b"12345678901234567890";
        assert_eq!(code_at(secret, 59), "287082");
        assert_eq!(code_at(secret, 1111111109), "081804");
        assert_eq!(code_at(secret, 1234567890), "005924");
        assert_eq!(code_at(secret, 2000000000), "279037");
    }

    #[test]
    fn base32_round_trip() {
        assert_eq!(base32_encode(b"Hello!\xde\xad\xbe\xef"), "JBSWY3DPEHPK3PXP");
        assert_eq!(
            base32_decode("jbswy3dpehpk3pxp").as_deref(),
            Some(&b"Hello!\xde\xad\xbe\xef"[..])
        );
        assert_eq!(base32_decode("JB1"), None);
        let mut rng = fastrand::Rng::with_seed(7);
        let s = new_secret(&mut rng);
        let text = base32_encode(&s);
        assert_eq!(text.len(), 32);
        assert_eq!(base32_decode(&text), Some(s));
    }

    #[test]
    fn skew_of_one_step() {
        let secret = b"12345678901234567890";
        let t = 1_000_000_000;
        assert!(verify_at(secret, &code_at(secret, t - 30), t));
        assert!(verify_at(secret, &code_at(secret, t + 30), t));
        assert!(!verify_at(secret, &code_at(secret, t + 90), t));
        assert!(!verify_at(secret, "12345", t));
        assert!(!verify_at(secret, "abcdef", t));
    }
}
