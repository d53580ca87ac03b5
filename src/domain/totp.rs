//! Two-factor sign-in set-up (api.md, "User self-service": `ResetTotp` returns a base32 secret
//! and no URL, so the console builds the `otpauth://` URL itself): the URL an authenticator app
//! reads, the secret in groups people can type, and the QR code's modules, which
//! `components::qr_code` draws. CHORUS's codes are SHA1, 6 digits, 30 seconds.

/// The secret as CHORUS's codes use it: base32 letters and digits, upper case, without spaces,
/// dashes or `=` padding (a secret pasted back from its grouped form reads the same).
pub fn normalize_secret(secret: &str) -> String {
    secret
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The secret in groups of four for reading and typing: `JBSW Y3DP EHPK 3PXP`.
pub fn format_secret(secret: &str) -> String {
    let clean = normalize_secret(secret);
    let mut out = String::with_capacity(clean.len() + clean.len() / 4);
    for (i, c) in clean.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// What `ResetTotp` gives: a new secret (two-factor sign-in is off until a code made with it
/// is confirmed) and the recovery codes, each usable once in place of a code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TotpEnrolment {
    /// Base32, as sent.
    pub secret: String,
    pub recovery_codes: Vec<String>,
}

/// Percent-encodes a label or a query value (RFC 3986 unreserved characters stay; a space is
/// `%20`, as authenticator apps expect, and `:` of a name is `%3A`, not the label's separator).
fn encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// The key URI an authenticator app reads from the QR code:
/// `otpauth://totp/<issuer>:<account>?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30`.
/// The issuer (the platform's name) and the account (the username: CHORUS names its secret's
/// account so) are percent-encoded; without an issuer the label is the account alone.
pub fn otpauth_url(issuer: &str, account: &str, secret: &str) -> String {
    let issuer = issuer.trim();
    let label = if issuer.is_empty() {
        encode(account)
    } else {
        format!("{}:{}", encode(issuer), encode(account))
    };
    let mut url = format!("otpauth://totp/{label}?secret={}", normalize_secret(secret));
    if !issuer.is_empty() {
        url.push_str("&issuer=");
        url.push_str(&encode(issuer));
    }
    url.push_str("&algorithm=SHA1&digits=6&period=30");
    url
}

/// The light modules around a QR code that a reader needs to find it (ISO/IEC 18004: four).
pub const QUIET_ZONE: usize = 4;

/// A QR code as modules, its quiet zone included: `width × width`, row by row, `true` dark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrMatrix {
    pub width: usize,
    pub modules: Vec<bool>,
}

impl QrMatrix {
    /// The QR code of `text` (medium error correction, the smallest version it fits), or `None`
    /// when it is too long for any.
    pub fn of(text: &str) -> Option<Self> {
        let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
            .ok()?;
        let inner = code.width();
        let colors = code.to_colors();
        let width = inner + 2 * QUIET_ZONE;
        let mut modules = vec![false; width * width];
        for (i, color) in colors.iter().enumerate() {
            let (x, y) = (i % inner, i / inner);
            modules[(y + QUIET_ZONE) * width + x + QUIET_ZONE] = *color == qrcode::Color::Dark;
        }
        Some(Self { width, modules })
    }

    /// Whether the module at column `x`, row `y` is dark (outside: light).
    pub fn dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.modules[y * self.width + x]
    }

    /// The dark modules as horizontal runs `(x, y, length)`, row by row: one rectangle each
    /// for the view, a few hundred instead of a module each.
    pub fn runs(&self) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if self.dark(x, y) {
                    let start = x;
                    while x < self.width && self.dark(x, y) {
                        x += 1;
                    }
                    out.push((start, y, x - start));
                } else {
                    x += 1;
                }
            }
        }
        out
    }
}

impl QrMatrix {
    /// The dark modules as one SVG path (`M4 4h7v1h-7z…`: a rectangle per run of
    /// [`QrMatrix::runs`]), in module units, for a `viewBox` of `0 0 width width`.
    pub fn path_data(&self) -> String {
        let mut d = String::new();
        for (x, y, len) in self.runs() {
            d.push_str(&format!("M{x} {y}h{len}v1h-{len}z"));
        }
        d
    }
}

/// The text file of recovery codes a user keeps (issue 47): what they are for, one code a
/// line, so that a printout or a password manager's note says it all.
pub fn recovery_codes_text(issuer: &str, account: &str, codes: &[String]) -> String {
    let mut out = format!(
        "Recovery codes for {account} at {issuer}\n\nEach code works once, in place of a code from your authenticator app.\nKeep them somewhere safe; anyone who has them and your password can sign in as you.\n\n"
    );
    for c in codes {
        out.push_str(c.trim());
        out.push('\n');
    }
    out
}

/// The name of that file: `recovery-codes-<account>.txt`, the account reduced to letters,
/// digits, `-`, `_` and `.` (a file name, whatever the username holds).
pub fn recovery_codes_file_name(account: &str) -> String {
    let safe: String = account
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .take(64)
        .collect();
    let safe = safe.trim_matches('.');
    if safe.is_empty() {
        "recovery-codes.txt".to_owned()
    } else {
        format!("recovery-codes-{safe}.txt")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_go_into_a_file_one_a_line() {
        let codes = vec!["a1b2c3d4e5".to_owned(), " f6g7h8i9j0 ".to_owned()];
        let text = recovery_codes_text("Research Console", "dora", &codes);
        assert!(text.starts_with("Recovery codes for dora at Research Console\n"));
        assert!(text.ends_with("\na1b2c3d4e5\nf6g7h8i9j0\n"), "{text}");
        assert!(text.contains("works once"));
        assert_eq!(recovery_codes_file_name("dora"), "recovery-codes-dora.txt");
        assert_eq!(recovery_codes_file_name("../a b/"), "recovery-codes-ab.txt");
        assert_eq!(recovery_codes_file_name("..."), "recovery-codes.txt");
    }

    #[test]
    fn the_secret_is_shown_in_groups_of_four() {
        assert_eq!(format_secret("JBSWY3DPEHPK3PXP"), "JBSW Y3DP EHPK 3PXP");
        assert_eq!(
            format_secret("jbswy3dpehpk3pxpab"),
            "JBSW Y3DP EHPK 3PXP AB"
        );
        assert_eq!(format_secret(" JBSW-Y3DP==\n"), "JBSW Y3DP");
        assert_eq!(format_secret(""), "");
        assert_eq!(normalize_secret("JBSW Y3DP EHPK 3PXP"), "JBSWY3DPEHPK3PXP");
    }

    #[test]
    fn the_key_uri_follows_the_authenticator_format() {
        assert_eq!(
            otpauth_url("CHORUS", "alice", "jbsw y3dp ehpk 3pxp"),
            "otpauth://totp/CHORUS:alice?secret=JBSWY3DPEHPK3PXP&issuer=CHORUS\
             &algorithm=SHA1&digits=6&period=30"
        );
        assert_eq!(
            otpauth_url("Research Platform: EU", "a:b@example.org", "ABC"),
            "otpauth://totp/Research%20Platform%3A%20EU:a%3Ab%40example.org?secret=ABC\
             &issuer=Research%20Platform%3A%20EU&algorithm=SHA1&digits=6&period=30"
        );
        assert_eq!(
            otpauth_url(" ", "zoé&x=1", "ABC"),
            "otpauth://totp/zo%C3%A9%26x%3D1?secret=ABC&algorithm=SHA1&digits=6&period=30"
        );
    }

    #[test]
    fn the_matrix_is_square_with_its_quiet_zone() {
        let url = otpauth_url("CHORUS", "alice", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        let qr = QrMatrix::of(&url).expect("a QR code");
        assert_eq!(qr.modules.len(), qr.width * qr.width);
        // A version's width is 17 + 4 × version; the quiet zone adds four on each side.
        let inner = qr.width - 2 * QUIET_ZONE;
        assert_eq!((inner - 17) % 4, 0);
        let version = (inner - 17) / 4;
        assert!((1..=40).contains(&version), "version {version}");
        // The quiet zone is light all round.
        for i in 0..qr.width {
            for q in 0..QUIET_ZONE {
                assert!(!qr.dark(i, q) && !qr.dark(q, i));
                assert!(!qr.dark(i, qr.width - 1 - q) && !qr.dark(qr.width - 1 - q, i));
            }
        }
        // The finder pattern's corner: a dark module at the top left, inside the quiet zone;
        // its 7-module dark top edge is one run.
        assert!(qr.dark(QUIET_ZONE, QUIET_ZONE));
        assert!(qr.runs().contains(&(QUIET_ZONE, QUIET_ZONE, 7)));
        // The runs cover exactly the dark modules.
        let dark = qr.modules.iter().filter(|d| **d).count();
        assert_eq!(qr.runs().iter().map(|r| r.2).sum::<usize>(), dark);
        assert!(!qr.dark(qr.width, 0));
    }

    #[test]
    fn the_path_draws_one_rectangle_per_run() {
        let qr = QrMatrix::of("A").unwrap();
        let d = qr.path_data();
        assert!(d.starts_with("M4 4h7v1h-7z"), "{d}");
        assert_eq!(d.matches('M').count(), qr.runs().len());
        assert!(d
            .chars()
            .all(|c| c.is_ascii_digit() || "Mhvz- ".contains(c)));
    }

    #[test]
    fn the_version_grows_with_the_text_and_too_much_is_none() {
        let small = QrMatrix::of("A").unwrap();
        assert_eq!(small.width, 21 + 2 * QUIET_ZONE);
        let big = QrMatrix::of(&"A".repeat(500)).unwrap();
        assert!(big.width > small.width);
        assert_eq!(QrMatrix::of(&"x".repeat(5_000)), None);
    }
}
