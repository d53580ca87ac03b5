//! Names and text that others wrote, as the console shows them, and the names it lets a user
//! give (issue 45).
//!
//! A *bidirectional control* (the embeddings and overrides U+202A–U+202E, the isolates
//! U+2066–U+2069, the marks U+200E, U+200F and U+061C) is invisible and reorders what follows
//! it: `counts\u{202E}xslx.txt` reads as `countstxt.xlsx`, and a reviewer would see a harmless
//! ending on a spreadsheet. So:
//! - a name the console sends (a file or folder, a rename, an upload, a workspace, a session, a
//!   request's title) may not hold one ([`bidi_problem`], called by each name rule);
//! - every name, path, title or audit text from the backend is shown through [`shown`], which
//!   writes each control as a visible, ASCII marker (`<U+202E>`): what one reads is then what
//!   is there. Letters of right-to-left scripts (Arabic, Hebrew) are text, not controls, and are
//!   shown as they are.
use std::borrow::Cow;

/// Whether `c` is a bidirectional control (see the module's words).
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Whether `s` holds a bidirectional control.
pub(crate) fn has_bidi_controls(s: &str) -> bool {
    s.chars().any(is_bidi_control)
}

/// The words of a refusal of `$what` (`"A name"`) holding a bidirectional control.
macro_rules! refusal {
    ($what:expr) => {
        concat!(
            $what,
            " cannot contain invisible characters that change the direction of text (such as \
             U+202E, right-to-left override): they make it read as something it is not."
        )
    };
}

/// Why a name holding a bidirectional control is refused, in words.
pub(crate) const BIDI_PROBLEM: &str = refusal!("A name");

/// [`BIDI_PROBLEM`] when `name` holds a bidirectional control (`None`: it holds none).
pub(crate) fn bidi_problem(name: &str) -> Option<&'static str> {
    has_bidi_controls(name).then_some(BIDI_PROBLEM)
}

/// The same of something else than a file's name (`what`: `A title`, `The name`), when `s`
/// holds a bidirectional control.
pub(crate) fn bidi_problem_in(what: &str, s: &str) -> Option<String> {
    const REST: &str = refusal!("");
    has_bidi_controls(s).then(|| format!("{what}{REST}"))
}

/// `s` as the console shows it: each bidirectional control replaced by a visible marker,
/// `<U+XXXX>` (its code point in upper-case hex). Borrowed, untouched, when it holds none.
pub(crate) fn shown(s: &str) -> Cow<'_, str> {
    if !has_bidi_controls(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_bidi_control(c) {
            out.push_str(&marker(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`shown`] as an owned `String`, for a view.
pub(crate) fn shown_string(s: &str) -> String {
    shown(s).into_owned()
}

/// A digest of a text (SipHash with fixed keys, and the length): equal texts, equal digests; two
/// replies of a poll compared without keeping the first.
pub(crate) fn digest(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// Characters of a server's message shown before `Show all` (a message may be any size: one of
/// 1 MB took the browser a second to lay out, issue 56).
pub(crate) const SHOWN_CHARS: usize = 2_000;

/// The first `max_chars` characters of `s` when it has more (`None` when it is shown whole);
/// reads no further than that.
pub(crate) fn excerpt(s: &str, max_chars: usize) -> Option<&str> {
    let (cut, _) = s.char_indices().nth(max_chars)?;
    s.get(..cut)
}

/// `s` cut to its first `max_chars` characters and `…` when it has more.
pub(crate) fn bounded(s: String, max_chars: usize) -> String {
    match excerpt(&s, max_chars) {
        Some(cut) => format!("{cut}…"),
        None => s,
    }
}

/// [`bounded`] of a borrowed text.
pub(crate) fn shortened(s: &str, max_chars: usize) -> String {
    match excerpt(s, max_chars) {
        Some(cut) => format!("{cut}…"),
        None => s.to_owned(),
    }
}

/// The visible marker of `c`: `<U+202E>`.
pub(crate) fn marker(c: char) -> String {
    format!("<U+{:04X}>", u32::from(c))
}

/// `12,345`: a count as people read it (thousands separated by commas).
pub(crate) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_and_digests() {
        assert_eq!(excerpt("short", 10), None);
        assert_eq!(excerpt("exactly10!", 10), None);
        assert_eq!(excerpt("éééé", 2), Some("éé"));
        let huge = "A".repeat(1_000_000);
        assert_eq!(excerpt(&huge, SHOWN_CHARS).map(str::len), Some(SHOWN_CHARS));
        assert_eq!(digest("a reply"), digest(&String::from("a reply")));
        assert_ne!(digest("a reply"), digest("a reply "));
        assert_eq!(bounded("abcdef".into(), 3), "abc…");
        assert_eq!(bounded("abc".into(), 3), "abc");
    }

    /// Every bidirectional control, by the names Unicode gives them.
    const CONTROLS: [(char, &str); 12] = [
        ('\u{202a}', "<U+202A>"), // left-to-right embedding
        ('\u{202b}', "<U+202B>"), // right-to-left embedding
        ('\u{202c}', "<U+202C>"), // pop directional formatting
        ('\u{202d}', "<U+202D>"), // left-to-right override
        ('\u{202e}', "<U+202E>"), // right-to-left override
        ('\u{2066}', "<U+2066>"), // left-to-right isolate
        ('\u{2067}', "<U+2067>"), // right-to-left isolate
        ('\u{2068}', "<U+2068>"), // first strong isolate
        ('\u{2069}', "<U+2069>"), // pop directional isolate
        ('\u{200e}', "<U+200E>"), // left-to-right mark
        ('\u{200f}', "<U+200F>"), // right-to-left mark
        ('\u{061c}', "<U+061C>"), // Arabic letter mark
    ];

    #[test]
    fn every_control_is_one_and_is_marked() {
        for (c, mark) in CONTROLS {
            assert!(is_bidi_control(c), "{:04X}", u32::from(c));
            let alone = c.to_string();
            assert!(has_bidi_controls(&alone));
            assert_eq!(shown(&alone), mark);
            assert_eq!(bidi_problem(&format!("a{c}b")), Some(BIDI_PROBLEM));
            assert_eq!(shown(&format!("a{c}b")), format!("a{mark}b"));
        }
    }

    #[test]
    fn the_refusal_is_in_words() {
        assert_eq!(
            bidi_problem_in("A name", "a\u{202e}b").as_deref(),
            Some(BIDI_PROBLEM)
        );
        let title = bidi_problem_in("A title", "\u{2066}").unwrap_or_default();
        assert!(title.starts_with("A title cannot contain"), "{title}");
        assert!(title.contains("U+202E, right-to-left override"), "{title}");
        assert_eq!(bidi_problem_in("A title", "Results 2024"), None);
        assert_eq!(bidi_problem("Results 2024"), None);
    }

    #[test]
    fn the_neighbours_of_the_ranges_are_not_controls() {
        for c in [
            '\u{2029}', '\u{202f}', '\u{2065}', '\u{206a}', '\u{200d}', '\u{2010}', '\u{061b}',
            '\u{061d}', '\u{feff}', '\u{200b}',
        ] {
            assert!(!is_bidi_control(c), "{:04X}", u32::from(c));
        }
    }

    #[test]
    fn the_issues_example_reads_as_it_is() {
        let name = "counts\u{202e}xslx.txt";
        assert_eq!(shown(name), "counts<U+202E>xslx.txt");
        assert_eq!(bidi_problem(name), Some(BIDI_PROBLEM));
        assert!(!shown(name).chars().any(is_bidi_control));
    }

    #[test]
    fn mixed_strings_mark_each_control_and_keep_the_rest() {
        let s = "/disk/\u{2067}a\u{2069}/é 漢字\u{200f}\u{200f}.csv";
        assert_eq!(
            shown(s),
            "/disk/<U+2067>a<U+2069>/é 漢字<U+200F><U+200F>.csv"
        );
        assert_eq!(shown_string(s), shown(s));
    }

    #[test]
    fn right_to_left_letters_are_text_not_controls() {
        for s in [
            "تقرير.csv",
            "דוח-שנתי.txt",
            "data ملف 2024",
            "שלום عالم",
            "plain.txt",
            "",
        ] {
            assert!(!has_bidi_controls(s), "{s}");
            assert_eq!(bidi_problem(s), None);
            assert!(matches!(shown(s), Cow::Borrowed(b) if b == s), "{s}");
        }
        // An Arabic name with a letter mark in it: the letters stay, the mark is shown.
        assert_eq!(shown("ملف\u{061c}.csv"), "ملف<U+061C>.csv");
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(100_000), "100,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }
}
