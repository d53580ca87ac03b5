//! Markdown's lines: what each starts (a heading, a fence, a list item, raw HTML…) and their
//! white space in columns (a tab to the next multiple of 4).
use super::syntax::{special_html, tag_name};

/// The columns of a line's leading white space (a tab to the next multiple of 4).
pub(super) fn indent(line: &str) -> usize {
    columns_from(line, 0)
}

/// The column where the white space at the start of `s` ends, `s` starting at column `col` of
/// its line (a tab to the next multiple of 4 of the line's columns).
fn columns_from(s: &str, mut col: usize) -> usize {
    for c in s.chars() {
        match c {
            ' ' => col += 1,
            '\t' => col += 4 - col % 4,
            _ => break,
        }
    }
    col
}

/// `line` without up to `n` columns of leading white space.
pub(super) fn strip_indent(line: &str, n: usize) -> String {
    let mut col = 0;
    for (i, c) in line.char_indices() {
        if col >= n {
            return line[i..].to_owned();
        }
        match c {
            ' ' => col += 1,
            '\t' => {
                let next = col + 4 - col % 4;
                if next > n {
                    // A tab across the cut: the columns past it stay, as spaces.
                    return " ".repeat(next - n) + &line[i + 1..];
                }
                col = next;
            }
            _ => return line[i..].to_owned(),
        }
    }
    String::new()
}

/// `s`, which starts at column `at` of its line, without the line's columns up to `n` (a list
/// item's content, a quote's after `>`): the tabs there counted in the line's columns and left
/// as spaces, so that what follows keeps the line's columns.
pub(super) fn from_column(s: &str, at: usize, n: usize) -> String {
    strip_indent(&expand_to(&(" ".repeat(at) + s), n), n)
}

/// `line` with the tabs of its leading white space as spaces (to the next multiple of 4), as far
/// as a few columns past column `n`: enough for [`strip_indent`] to cut at `n` between columns.
fn expand_to(line: &str, n: usize) -> String {
    let mut out = String::new();
    let mut col = 0;
    for (i, c) in line.char_indices() {
        match c {
            ' ' => {
                out.push(' ');
                col += 1;
            }
            '\t' => {
                let next = col + 4 - col % 4;
                out.extend(std::iter::repeat_n(' ', next - col));
                col = next;
            }
            _ => {
                out.push_str(&line[i..]);
                return out;
            }
        }
        if col > n + 4 {
            let rest = &line[i + c.len_utf8()..];
            out.push_str(rest);
            return out;
        }
    }
    out
}

pub(super) fn is_blank(line: &str) -> bool {
    line.chars().all(|c| c == ' ' || c == '\t')
}

/// `#`–`######` then a space or the end: the level and the heading's text.
pub(super) fn atx(rest: &str) -> Option<(u8, String)> {
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let after = &rest[hashes..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let mut text = after.trim();
    // A closing sequence of `#`s, after a space (or alone), is not the heading's.
    let without = text.trim_end_matches('#');
    if without.is_empty() || without.ends_with([' ', '\t']) {
        text = without.trim_end();
    }
    Some((hashes as u8, text.to_owned()))
}

/// A thematic break: three or more `-`, `*` or `_` (the same), spaces between allowed.
pub(super) fn is_rule(rest: &str) -> bool {
    let mut mark = None;
    let mut count = 0;
    for c in rest.chars() {
        match c {
            ' ' | '\t' => {}
            '-' | '*' | '_' if mark.is_none() || mark == Some(c) => {
                mark = Some(c);
                count += 1;
            }
            _ => return false,
        }
    }
    count >= 3
}

/// A setext underline: `=`s (level 1) or `-`s (level 2), trailing spaces allowed.
pub(super) fn setext(rest: &str) -> Option<u8> {
    let t = rest.trim_end();
    if !t.is_empty() && t.bytes().all(|b| b == b'=') {
        Some(1)
    } else if !t.is_empty() && t.bytes().all(|b| b == b'-') {
        Some(2)
    } else {
        None
    }
}

/// A code fence's opening: its character and length, or `None`.
pub(super) fn fence(rest: &str) -> Option<(char, usize)> {
    let c = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = rest.chars().take_while(|x| *x == c).count();
    // A backtick fence's info string has no backtick.
    (n >= 3 && !(c == '`' && rest[n..].contains('`'))).then_some((c, n))
}

/// A list marker opening an item.
#[derive(Clone, Copy)]
pub(super) struct Marker {
    /// `-`, `+` or `*` for a bullet list; `.` or `)` for an ordered one.
    pub(super) mark: char,
    pub(super) ordered: bool,
    pub(super) start: u64,
    /// The column the item's content starts at.
    pub(super) content: usize,
    /// Nothing after the marker.
    pub(super) empty: bool,
}

pub(super) fn marker(line: &str) -> Option<(Marker, String)> {
    let ind = indent(line);
    if ind >= 4 {
        return None;
    }
    let rest = line.trim_start_matches([' ', '\t']);
    let (mark, ordered, start, width) = match rest.chars().next()? {
        c @ ('-' | '+' | '*') => (c, false, 0, 1),
        c if c.is_ascii_digit() => {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let delim = rest[digits..].chars().next()?;
            if digits > 9 || !(delim == '.' || delim == ')') {
                return None;
            }
            let start = rest[..digits].parse().ok()?;
            (delim, true, start, digits + 1)
        }
        _ => return None,
    };
    let after = &rest[width..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let empty = is_blank(after);
    // The content starts after one to four columns of white space (a tab to the next multiple
    // of 4 of the line's columns); five or more: one, the rest is code.
    let at = ind + width;
    let gap = columns_from(after, at) - at;
    let gap = if empty || gap > 4 { 1 } else { gap };
    let content = at + gap;
    let first = if empty {
        String::new()
    } else {
        from_column(after, at, content)
    };
    Some((
        Marker {
            mark,
            ordered,
            start,
            content,
            empty,
        },
        first,
    ))
}

/// Tags whose line starts an HTML block whatever follows them (CommonMark's kinds 1 and 6).
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "pre",
    "script",
    "search",
    "section",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// An HTML block's start, as CommonMark's kinds tell it.
#[derive(Clone, Copy)]
pub(super) struct Html {
    /// It may end a paragraph (all but a tag of no special kind alone on its line: kind 7).
    pub(super) interrupts: bool,
    /// What ends it: a text on one of its lines (kinds 1–5), or `None` for a blank line.
    pub(super) end: Option<&'static str>,
}

/// The HTML block that starts with `rest`, if one does: a comment, `<?`, `<!` and a letter,
/// `<![CDATA[`, a block-level tag, or any other tag alone on its line.
pub(super) fn html_block(rest: &str) -> Option<Html> {
    if let Some((_, end)) = special_html(rest) {
        return Some(Html {
            interrupts: true,
            end: Some(end),
        });
    }
    let (closing, name_end) = tag_name(rest)?;
    let start = if closing { 2 } else { 1 };
    let tag = &rest[start..];
    let name = name_end - start;
    let next = tag.as_bytes().get(name);
    if !matches!(next, None | Some(b' ' | b'\t' | b'>' | b'/')) {
        return None;
    }
    let lower = tag[..name].to_ascii_lowercase();
    if BLOCK_TAGS.contains(&lower.as_str()) {
        // Kind 1 (not a closing tag, nor `/` after the name) ends at its closing tag.
        let end = match lower.as_str() {
            _ if closing || next == Some(&b'/') => None,
            "script" => Some("</script>"),
            "pre" => Some("</pre>"),
            "style" => Some("</style>"),
            "textarea" => Some("</textarea>"),
            _ => None,
        };
        return Some(Html {
            interrupts: true,
            end,
        });
    }
    // Another tag: only when nothing but white space follows it on the line.
    tag.find('>')
        .is_some_and(|end| tag[end + 1..].trim().is_empty())
        .then_some(Html {
            interrupts: false,
            end: None,
        })
}

/// Whether a line may go on a paragraph lazily (without its container's marker): the line
/// before it was a paragraph's (not blank, not a heading, a rule or a fence).
fn paragraph_line(line: &str) -> bool {
    let rest = line.trim_start_matches(['>', ' ', '\t']);
    indent(line) < 4
        && !rest.is_empty()
        && atx(rest).is_none()
        && !is_rule(rest)
        && fence(rest).is_none()
        && !marker(rest).is_some_and(|(m, _)| m.empty)
}

/// A lazy line as its container's content: it only goes on the paragraph (a line of `=` would
/// underline the paragraph as a heading, which a lazy line never does).
pub(super) fn lazy(line: &str) -> String {
    // Marked by a NUL (`parse` has made every NUL of the text U+FFFD): no block starts with it,
    // and the paragraph drops it.
    format!("\0{line}")
}

/// Whether a line that is not a paragraph's starts a block of its own (it ends a lazy
/// continuation). Raw HTML that may end a paragraph does so at any indentation.
fn starts_block(line: &str) -> bool {
    let rest = line.trim_start_matches([' ', '\t']);
    (indent(line) < 4
        && (rest.starts_with('>')
            || atx(rest).is_some()
            || fence(rest).is_some()
            || is_rule(rest)
            || marker(line).is_some()))
        || html_block(rest).is_some_and(|h| h.interrupts)
}

/// Whether `line`, without its container's marker, goes on the paragraph that `last` (the
/// container's last line so far) is in: a lazy line (a quote's or a list item's).
pub(super) fn goes_on_lazily(last: Option<&String>, line: &str) -> bool {
    !is_blank(line) && last.is_some_and(|x| paragraph_line(x)) && !starts_block(line)
}
