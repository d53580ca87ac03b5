//! An app's icon as the deployment shows it (issue 55, point 5). The deployed policy (`deploy/`:
//! `img-src 'self' data:` and the hosts its operator adds with `IMG_SRC_EXTRA`) draws an icon
//! given as an image data URI and one on a host the deployment allows; an `https://` address
//! anywhere else is blocked, and the catalogue showed a broken image. So:
//! - an icon is uploaded as a file, a PNG, JPEG or WebP image (checked by its first bytes, as
//!   the platform's logo) of at most [`MAX_ICON_FILE_BYTES`], kept as a data URI
//!   ([`check_icon_file`], [`icon_data_uri`]);
//! - a web address is accepted only on a host of `iconHosts` in `config.json` (none by
//!   default: the operator lists there the hosts the policy lets through), and the form says
//!   which ([`icon_hosts`], [`web_icon_problem`], [`form_hint`]);
//! - a stored web address on another host is drawn as the app's letter without being asked for
//!   ([`drawable`]), and an icon that fails to load is replaced by the letter too (the views'
//!   `error` handler).
use serde_json::Value;

use super::cover_image::sniff;

/// The largest icon file, in bytes.
pub const MAX_ICON_FILE_BYTES: u64 = 200 * 1024;

/// The longest icon data URI the console keeps and draws: that of the largest file.
pub const MAX_ICON_DATA_CHARS: usize =
    "data:image/jpeg;base64,".len() + (MAX_ICON_FILE_BYTES as usize).div_ceil(3) * 4;

/// What an icon file must be, said after each refusal.
const WANTED: &str = "The icon must be a PNG, JPEG or WebP image of at most 200 KB.";

/// The check before reading a file: the browser's type (`""` when it does not know) and the
/// size in bytes. `Err` says what is wrong in words.
pub fn check_icon_file(mime: &str, size: u64) -> Result<(), String> {
    let m = mime.trim().to_ascii_lowercase();
    let raster = matches!(
        m.as_str(),
        "" | "image/png" | "image/jpeg" | "image/jpg" | "image/pjpeg" | "image/webp"
    );
    let kind = (!raster).then(|| {
        format!(
            "This file is of type {}",
            super::text::shown_string(mime.trim())
        )
    });
    let big =
        (size > MAX_ICON_FILE_BYTES).then(|| format!("is {}", super::files::size_words(size)));
    match (kind, big) {
        (None, None) => Ok(()),
        (Some(k), None) => Err(format!("{k}. {WANTED}")),
        (None, Some(b)) => Err(format!("This file {b}. {WANTED}")),
        (Some(k), Some(b)) => Err(format!("{k} and {b}. {WANTED}")),
    }
}

/// The check after reading: the bytes → the data URI to keep, of the type the bytes show (not
/// the one the file's name gave).
pub fn icon_data_uri(bytes: &[u8]) -> Result<String, String> {
    check_icon_file("", bytes.len() as u64)?;
    match sniff(bytes) {
        Some(kind) => Ok(format!(
            "data:{};base64,{}",
            kind.mime(),
            super::cover_image::base64(bytes)
        )),
        None => Err(format!(
            "This file is not a PNG, JPEG or WebP image. {WANTED}"
        )),
    }
}

/// The hosts `config.json`'s `iconHosts` lists (`["icons.example.org"]`), lower case, a scheme
/// or a trailing `/` written by habit taken off; what is not a host name (with its port) is
/// left out. None when the field is missing or not a list.
pub fn icon_hosts(raw: Option<&Value>) -> Vec<String> {
    let Some(Value::Array(items)) = raw else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(Value::as_str)
        .map(|h| {
            let h = h.trim().to_ascii_lowercase();
            let h = h
                .strip_prefix("https://")
                .or_else(|| h.strip_prefix("http://"))
                .unwrap_or(&h);
            h.trim_end_matches('/').to_owned()
        })
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 253
                && !h.starts_with(['.', '-', ':'])
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'))
        })
        .collect()
}

/// The host (with its port) of an `http(s)` address, lower case; `None` for anything else or an
/// address with credentials.
pub fn web_host(url: &str) -> Option<String> {
    let u = url.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &u[8..]
    } else if lower.starts_with("http://") {
        &u[7..]
    } else {
        return None;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    (!host.is_empty() && !host.contains(['@', '\\']) && !host.contains(char::is_whitespace))
        .then(|| host.to_ascii_lowercase())
}

/// Whether an icon `src` the catalogue found safe (`app_catalogue::icon_source`) is drawn here:
/// a data URI, or a web address on one of `hosts`.
pub fn drawable(src: &str, hosts: &[String]) -> bool {
    match web_host(src) {
        Some(host) => hosts.contains(&host),
        None => src.trim_start().to_ascii_lowercase().starts_with("data:"),
    }
}

/// The hosts in words: `a.org`, `a.org and b.org`, `a.org, b.org and c.org`.
fn listed(hosts: &[String]) -> String {
    match hosts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Why a typed icon address cannot be kept: a web address on a host this deployment does not
/// show icons from (`None`: anything else, checked by `app_form::problems`).
pub fn web_icon_problem(icon: &str, hosts: &[String]) -> Option<String> {
    let host = web_host(icon)?;
    if hosts.contains(&host) {
        return None;
    }
    Some(if hosts.is_empty() {
        format!(
            "This deployment shows no icons from other sites, {host} included: upload the image as a file instead."
        )
    } else {
        format!(
            "This deployment shows icons only from {}, not from {host}: upload the image as a file instead.",
            listed(hosts)
        )
    })
}

/// What the form says under `Icon URL` and `Icon file`.
pub fn form_hint(hosts: &[String]) -> String {
    let web = if hosts.is_empty() {
        "A web address cannot be shown: this deployment shows icons from no other site.".to_owned()
    } else {
        format!(
            "A web address must be on {}: this deployment shows icons from no other site.",
            listed(hosts)
        )
    };
    format!("Upload a PNG, JPEG or WebP image of at most 200 KB: it is kept with the app. {web}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    fn hosts(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn an_icon_file_is_a_small_raster_image_checked_by_its_bytes() {
        assert!(check_icon_file("image/png", 1000).is_ok());
        assert!(check_icon_file("", 1000).is_ok());
        assert!(check_icon_file("image/webp", MAX_ICON_FILE_BYTES).is_ok());
        let e = check_icon_file("image/png", MAX_ICON_FILE_BYTES + 1).unwrap_err();
        assert!(e.starts_with("This file is ") && e.ends_with(WANTED), "{e}");
        let e = check_icon_file("image/svg+xml", 10).unwrap_err();
        assert_eq!(e, format!("This file is of type image/svg+xml. {WANTED}"));
        let e = check_icon_file("text/html\u{202e}", 10_000_000).unwrap_err();
        assert!(e.contains("<U+202E>") && e.contains(" and is "), "{e}");

        let uri = icon_data_uri(PNG).unwrap();
        assert!(
            uri.starts_with("data:image/png;base64,iVBORw0KGgo"),
            "{uri}"
        );
        let svg = icon_data_uri(b"<svg xmlns='http://www.w3.org/2000/svg'/>").unwrap_err();
        assert!(
            svg.starts_with("This file is not a PNG, JPEG or WebP image."),
            "{svg}"
        );
        let mut big = PNG.to_vec();
        big.resize(MAX_ICON_FILE_BYTES as usize, 0);
        let uri = icon_data_uri(&big).unwrap();
        assert!(uri.len() <= MAX_ICON_DATA_CHARS, "{}", uri.len());
        big.push(0);
        assert!(icon_data_uri(&big).is_err());
    }

    #[test]
    fn the_allowed_hosts_come_from_the_config_and_nothing_else() {
        let raw: Value = serde_json::json!([
            "Icons.Example.org",
            "https://cdn.example.org/",
            "host:8443",
            "",
            "evil.org/path",
            "a b",
            3,
            ".x"
        ]);
        assert_eq!(
            icon_hosts(Some(&raw)),
            hosts(&["icons.example.org", "cdn.example.org", "host:8443"])
        );
        assert!(icon_hosts(None).is_empty());
        assert!(icon_hosts(Some(&serde_json::json!("icons.example.org"))).is_empty());
    }

    #[test]
    fn a_web_icon_is_kept_and_drawn_only_from_an_allowed_host() {
        let allowed = hosts(&["icons.example.org"]);
        assert_eq!(
            web_host("HTTPS://Icons.Example.org/a.png?x#y").as_deref(),
            Some("icons.example.org")
        );
        assert_eq!(web_host("https://user@icons.example.org/a.png"), None);
        assert_eq!(web_host("data:image/png;base64,AAAA"), None);
        assert_eq!(web_host("https://"), None);

        assert_eq!(
            web_icon_problem("https://icons.example.org/a.png", &allowed),
            None
        );
        assert_eq!(
            web_icon_problem("data:image/png;base64,AAAA", &allowed),
            None
        );
        assert_eq!(web_icon_problem("", &[]), None);
        let e = web_icon_problem("https://cdn.other.org/a.png", &[]).unwrap();
        assert!(
            e.contains("no icons from other sites, cdn.other.org included"),
            "{e}"
        );
        let e = web_icon_problem("https://cdn.other.org/a.png", &allowed).unwrap();
        assert!(
            e.contains("only from icons.example.org, not from cdn.other.org"),
            "{e}"
        );

        assert!(drawable("data:image/svg+xml;utf8,%3Csvg%3E", &[]));
        assert!(drawable("data:image/png;base64,AAAA", &[]));
        assert!(drawable("https://icons.example.org/a.png", &allowed));
        assert!(!drawable("https://icons.example.org/a.png", &[]));
        assert!(!drawable(
            "https://icons.example.org.evil.org/a.png",
            &allowed
        ));
        assert!(!drawable("/api/rest/v1/users/me", &allowed));
    }

    #[test]
    fn the_form_says_which_hosts() {
        assert!(form_hint(&[]).contains("from no other site"));
        assert!(
            form_hint(&hosts(&["a.org", "b.org", "c.org"])).contains("on a.org, b.org and c.org")
        );
        assert!(form_hint(&hosts(&["a.org"])).contains("on a.org:"));
    }
}
