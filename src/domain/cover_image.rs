//! A workspace's cover image (ui.md, "workspace settings page"): a PNG, JPEG or WebP file of at
//! most 512 KB, kept as chorus-web-ui keeps it, a base64 data URI in the workspace's dev-store
//! key `image` (api.md, "The dev store").
//!
//! A file is checked twice before anything is sent: by what the browser says of it (its type
//! and size, before a byte is read: a 20 MB file is never read) and by its first bytes (a file
//! named `.png` that is something else is refused). The data URI is built from the type the
//! bytes show, not the one the file name gave. A stored value is shown only when it is a data
//! URI of an image type a browser draws safely in `<img>` ([`shown_cover`]).

/// The largest cover, in bytes (512 KiB, as CHORUS's organization logos).
pub const MAX_COVER_BYTES: u64 = 512 * 1024;

/// An image type the cover may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
    Webp,
}

impl ImageKind {
    pub fn mime(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Webp => "image/webp",
        }
    }

    fn words(self) -> &'static str {
        match self {
            Self::Png => "a PNG image",
            Self::Jpeg => "a JPEG image",
            Self::Webp => "a WebP image",
        }
    }

    fn of_mime(mime: &str) -> Option<Self> {
        match mime.trim().to_ascii_lowercase().as_str() {
            "image/png" => Some(Self::Png),
            "image/jpeg" | "image/jpg" | "image/pjpeg" => Some(Self::Jpeg),
            "image/webp" => Some(Self::Webp),
            _ => None,
        }
    }
}

/// What the cover must be, said after each refusal.
const WANTED: &str = "The cover must be a PNG, JPEG or WebP image of at most 512 KB.";

/// The check before reading: the browser's type (`""` when it does not know) and the size in
/// bytes. `Err` says what is wrong in words.
pub fn check_file(mime: &str, size: u64) -> Result<(), String> {
    let type_problem = match (mime.trim(), ImageKind::of_mime(mime)) {
        (_, Some(_)) | ("", None) => None,
        (other, None) => Some(format!(
            "This file is of type {}",
            crate::domain::text::shown_string(other)
        )),
    };
    let size_problem =
        (size > MAX_COVER_BYTES).then(|| format!("is {}", crate::domain::files::size_words(size)));
    match (type_problem, size_problem) {
        (None, None) => Ok(()),
        (Some(t), None) => Err(format!("{t}. {WANTED}")),
        (None, Some(s)) => Err(format!("This file {s}. {WANTED}")),
        (Some(t), Some(s)) => Err(format!("{t} and {s}. {WANTED}")),
    }
}

/// The image type the first bytes show, if one of the three.
pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageKind::Png)
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some(ImageKind::Jpeg)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(ImageKind::Webp)
    } else {
        None
    }
}

/// The check after reading: the bytes (and the browser's type, for the words) → the data URI
/// to store.
pub fn cover_data_uri(mime: &str, bytes: &[u8]) -> Result<String, String> {
    check_file("", bytes.len() as u64)?;
    match sniff(bytes) {
        Some(kind) => Ok(format!("data:{};base64,{}", kind.mime(), base64(bytes))),
        None => Err(match ImageKind::of_mime(mime) {
            Some(k) => format!(
                "This file is named as {} but its content is not one. {WANTED}",
                k.words()
            ),
            None => format!("This file is not a PNG, JPEG or WebP image. {WANTED}"),
        }),
    }
}

/// A stored cover as an `<img>` may show it: a base64 data URI of a PNG, JPEG, WebP or GIF
/// (chorus-web-ui stores what its file input read); anything else (a URL that would be fetched,
/// SVG, text) is not shown.
pub fn shown_cover(stored: &str) -> Option<&str> {
    let s = stored.trim();
    let rest = s.strip_prefix("data:")?;
    let (head, data) = rest.split_once(',')?;
    let mime = head.strip_suffix(";base64")?;
    let allowed = matches!(
        mime.to_ascii_lowercase().as_str(),
        "image/png" | "image/jpeg" | "image/jpg" | "image/webp" | "image/gif"
    );
    let clean = !data.is_empty()
        && data
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
    (allowed && clean).then_some(s)
}

/// Standard base64 with padding.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn base64_is_the_standard_one() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
    }

    #[test]
    fn type_and_size_are_checked_before_reading() {
        assert_eq!(check_file("image/png", 1000), Ok(()));
        assert_eq!(check_file("image/webp", MAX_COVER_BYTES), Ok(()));
        // The browser does not always know: the bytes decide.
        assert_eq!(check_file("", 10), Ok(()));
        let big = check_file("image/jpeg", 20_000_000).unwrap_err();
        assert_eq!(
            big,
            "This file is 20 MB. The cover must be a PNG, JPEG or WebP image of at most 512 KB."
        );
        assert!(check_file("image/png", MAX_COVER_BYTES + 1).is_err());
        let gif = check_file("image/gif", 10).unwrap_err();
        assert!(gif.starts_with("This file is of type image/gif."), "{gif}");
        let both = check_file("application/pdf", 20_000_000).unwrap_err();
        assert!(
            both.starts_with("This file is of type application/pdf and is 20 MB."),
            "{both}"
        );
    }

    #[test]
    fn the_bytes_decide_the_type() {
        assert_eq!(sniff(PNG), Some(ImageKind::Png));
        assert_eq!(sniff(&[0xff, 0xd8, 0xff, 0xe0]), Some(ImageKind::Jpeg));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(ImageKind::Webp));
        assert_eq!(sniff(b"RIFF\0\0\0\0WAVE"), None);
        assert_eq!(sniff(b"<svg onload=alert(1)>"), None);
        assert_eq!(sniff(b""), None);
        let uri = cover_data_uri("image/jpeg", PNG).unwrap();
        assert!(
            uri.starts_with("data:image/png;base64,iVBORw0KGgo"),
            "{uri}"
        );
        let fake = cover_data_uri("image/png", b"<svg/>").unwrap_err();
        assert!(
            fake.contains("named as a PNG image but its content is not one"),
            "{fake}"
        );
        let text = cover_data_uri("", b"hello").unwrap_err();
        assert!(text.starts_with("This file is not a PNG"), "{text}");
        let mut huge = PNG.to_vec();
        huge.resize(MAX_COVER_BYTES as usize + 1, 0);
        assert!(cover_data_uri("image/png", &huge).is_err());
    }

    #[test]
    fn only_image_data_uris_are_shown() {
        let ok = "data:image/png;base64,iVBORw0KGgo=";
        assert_eq!(shown_cover(ok), Some(ok));
        assert!(shown_cover("data:image/gif;base64,R0lGOD").is_some());
        for bad in [
            "",
            "https://example.org/x.png",
            "javascript:alert(1)",
            "data:image/svg+xml;base64,PHN2Zz4=",
            "data:text/html;base64,PHNjcmlwdD4=",
            "data:image/png,<svg>",
            "data:image/png;base64,\"><script>",
            "data:image/png;base64,",
        ] {
            assert_eq!(shown_cover(bad), None, "{bad}");
        }
    }
}
