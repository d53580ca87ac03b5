//! Markdown's small pieces of syntax: character references, backslash escapes, link targets and
//! titles, reference definitions, raw HTML's extent, what counts as punctuation.

/// The named character references the console decodes (others stay as written).
const ENTITIES: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", "\u{a0}"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("hellip", "…"),
    ("mdash", "—"),
    ("ndash", "–"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("euro", "€"),
    ("pound", "£"),
    ("deg", "°"),
    ("times", "×"),
    ("middot", "·"),
    ("bull", "•"),
    ("sect", "§"),
    ("para", "¶"),
    ("shy", "\u{ad}"),
];

/// The character reference at the start of `s` (`&…;`): what it stands for and its length.
fn entity(s: &str) -> Option<(String, usize)> {
    let end = s.as_bytes().iter().take(40).position(|&b| b == b';')?;
    let body = &s[1..end];
    let code = if let Some(hex) = body.strip_prefix(['#']) {
        let (digits, radix) = match hex.strip_prefix(['x', 'X']) {
            Some(h) if (1..=6).contains(&h.len()) => (h, 16),
            None if (1..=7).contains(&hex.len()) => (hex, 10),
            _ => return None,
        };
        if !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        let n = u32::from_str_radix(digits, radix).ok()?;
        // NUL and what is not a character stand for U+FFFD.
        char::from_u32(n)
            .filter(|c| *c != '\0')
            .unwrap_or('\u{fffd}')
            .to_string()
    } else {
        ENTITIES
            .iter()
            .find(|(name, _)| *name == body)
            .map(|(_, v)| (*v).to_owned())?
    };
    Some((code, end + 1))
}

/// The backslash escape or character reference at byte `i` of `s`: what it stands for and its
/// length.
fn decoded_at(s: &str, i: usize) -> Option<(String, usize)> {
    match s.as_bytes().get(i)? {
        b'\\' => {
            let n = *s
                .as_bytes()
                .get(i + 1)
                .filter(|n| n.is_ascii_punctuation())?;
            Some(((n as char).to_string(), 2))
        }
        b'&' => entity(&s[i..]),
        _ => None,
    }
}

/// Adds to `out` what the character of `s` at byte `i` stands for (a backslash escape or a
/// character reference decoded, else the character); returns the byte after it.
pub(super) fn push_decoded(out: &mut String, s: &str, i: usize) -> usize {
    match decoded_at(s, i) {
        Some((v, used)) => {
            out.push_str(&v);
            i + used
        }
        None => {
            let c = s[i..].chars().next().unwrap_or_default();
            out.push(c);
            i + c.len_utf8()
        }
    }
}

/// `s` with its backslash escapes and character references decoded (a link's target or title).
pub(super) fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < s.len() {
        i = push_decoded(&mut out, s, i);
    }
    out
}

/// A label as references are matched: trimmed, white space collapsed, case ignored.
pub(super) fn normalize(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// `s` from byte `i` on past spaces, tabs and at most one line break.
pub(super) fn skip_space(s: &str, i: usize) -> usize {
    let j = skip_blanks(s, i);
    if s.as_bytes().get(j) == Some(&b'\n') {
        skip_blanks(s, j + 1)
    } else {
        j
    }
}

/// `s` from byte `i` on past spaces and tabs.
pub(super) fn skip_blanks(s: &str, i: usize) -> usize {
    i + s[i..]
        .bytes()
        .take_while(|b| *b == b' ' || *b == b'\t')
        .count()
}

/// A link's destination at byte `i` of `s`: the raw target and the byte after it.
pub(super) fn destination(s: &str, i: usize) -> Option<(String, usize)> {
    let b = s.as_bytes();
    if b.get(i) == Some(&b'<') {
        let mut j = i + 1;
        while j < b.len() {
            match b[j] {
                b'>' => return Some((s[i + 1..j].to_owned(), j + 1)),
                b'\n' | b'<' => return None,
                b'\\' if j + 1 < b.len() => j += 2,
                _ => j += 1,
            }
        }
        return None;
    }
    let mut depth = 0usize;
    let mut j = i;
    while j < b.len() {
        match b[j] {
            b'\\' if j + 1 < b.len() && b[j + 1].is_ascii_punctuation() => j += 2,
            b'(' => {
                depth += 1;
                if depth > 32 {
                    return None;
                }
                j += 1;
            }
            b')' if depth == 0 => break,
            b')' => {
                depth -= 1;
                j += 1;
            }
            c if c <= b' ' => break,
            _ => j += 1,
        }
    }
    (j > i && depth == 0).then(|| (s[i..j].to_owned(), j))
}

/// A link's title at byte `i` of `s` (`"…"`, `'…'` or `(…)`): the byte after it.
pub(super) fn title(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let close = match b.get(i)? {
        b'"' => b'"',
        b'\'' => b'\'',
        b'(' => b')',
        _ => return None,
    };
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            c if c == close => return Some(j + 1),
            b'(' if close == b')' => return None,
            _ => j += 1,
        }
    }
    None
}

/// A link reference definition at the start of a paragraph's `text` (`[label]: target "title"`):
/// its normalized label, its target and the bytes it takes (with its line break).
pub(super) fn reference_definition(text: &str) -> Option<(String, String, usize)> {
    let b = text.as_bytes();
    if b.first() != Some(&b'[') {
        return None;
    }
    let mut j = 1;
    while j < b.len() && j < 1000 {
        match b[j] {
            b']' => break,
            b'[' => return None,
            b'\\' => j += 2,
            _ => j += 1,
        }
    }
    if b.get(j) != Some(&b']') || b.get(j + 1) != Some(&b':') {
        return None;
    }
    let label = normalize(&text[1..j]);
    if label.is_empty() {
        return None;
    }
    let (target, after) = destination(text, skip_space(text, j + 2))?;
    let line_end = |k: usize| -> Option<usize> {
        let rest = &text[k..];
        let end = rest.find('\n').map_or(text.len(), |n| k + n + 1);
        text[k..end].trim().is_empty().then_some(end)
    };
    // A title on the same line or the next, else the line ends after the target.
    let with_title = {
        let t = skip_space(text, after);
        (t > after)
            .then(|| title(text, t))
            .flatten()
            .and_then(line_end)
    };
    let used = with_title.or_else(|| line_end(after))?;
    Some((label, unescape(&target), used))
}

/// Whether `c` counts as punctuation for delimiter runs.
pub(super) fn punct(c: char) -> bool {
    c.is_ascii_punctuation() || !(c.is_alphanumeric() || c.is_whitespace() || c.is_control())
}

/// Raw HTML at the start of `s` that ends at a text of its own, not at a tag's syntax: a comment
/// (`<!--`), `<?`, `<![CDATA[`, or a declaration (`<!` and a letter). The opener's length and
/// the text that ends it; for a block (`lines::html_block`) and inline ([`raw_html_end`]) alike.
pub(super) fn special_html(s: &str) -> Option<(usize, &'static str)> {
    const OPENERS: [(&str, &str); 3] = [("<!--", "-->"), ("<?", "?>"), ("<![CDATA[", "]]>")];
    if let Some((open, end)) = OPENERS.iter().find(|(open, _)| s.starts_with(open)) {
        return Some((open.len(), end));
    }
    s.strip_prefix("<!")
        .filter(|d| d.starts_with(|c: char| c.is_ascii_alphabetic()))
        .map(|_| (2, ">"))
}

/// A tag's name at the start of `s` (at `<` or `</`: a letter, then letters, digits and `-`):
/// whether it is a closing tag, and the byte after the name.
pub(super) fn tag_name(s: &str) -> Option<(bool, usize)> {
    let b = s.as_bytes();
    if b.first() != Some(&b'<') {
        return None;
    }
    let closing = b.get(1) == Some(&b'/');
    let start = if closing { 2 } else { 1 };
    if !b.get(start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let name = b[start..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
        .count();
    Some((closing, start + name))
}

/// How far raw HTML at the start of `s` (at `<`) goes, in bytes; `None` when it is none. The
/// search for an end stops after 8 KB (no text makes it quadratic).
pub(super) fn raw_html_end(s: &str) -> Option<usize> {
    const FAR: usize = 8 * 1024;
    if let Some((from, pat)) = special_html(s) {
        let stop = (from + FAR).min(s.len());
        let stop = (stop..=s.len()).find(|&k| s.is_char_boundary(k))?;
        return s.get(from..stop)?.find(pat).map(|k| from + k + pat.len());
    }
    let b = s.as_bytes();
    let (closing, mut j) = tag_name(s)?;
    let space = |j: &mut usize| {
        let at = *j;
        while b.get(*j).is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n')) {
            *j += 1;
        }
        *j > at
    };
    if closing {
        space(&mut j);
        return (b.get(j) == Some(&b'>')).then_some(j + 1);
    }
    // Attributes: a name, and maybe `=` and a value (unquoted, '…' or "…").
    loop {
        let spaced = space(&mut j);
        match b.get(j)? {
            b'>' => return Some(j + 1),
            b'/' => return (b.get(j + 1) == Some(&b'>')).then_some(j + 2),
            c if spaced && (c.is_ascii_alphabetic() || *c == b'_' || *c == b':') => {
                while b.get(j).is_some_and(|c| {
                    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b':' | b'-')
                }) {
                    j += 1;
                }
                let before = j;
                space(&mut j);
                if b.get(j) != Some(&b'=') {
                    j = before;
                    continue;
                }
                j += 1;
                space(&mut j);
                match b.get(j)? {
                    q @ (b'"' | b'\'') => {
                        let q = *q;
                        let close = s.get(j + 1..)?.bytes().take(FAR).position(|c| c == q)?;
                        j += close + 2;
                    }
                    _ => {
                        let at = j;
                        while b.get(j).is_some_and(|c| {
                            !matches!(
                                c,
                                b' ' | b'\t' | b'\n' | b'"' | b'\'' | b'=' | b'<' | b'>' | b'`'
                            )
                        }) {
                            j += 1;
                        }
                        if j == at {
                            return None;
                        }
                    }
                }
            }
            _ => return None,
        }
    }
}
