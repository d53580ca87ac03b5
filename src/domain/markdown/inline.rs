//! Markdown's inlines: a paragraph's text into [`Node`]s, by CommonMark's rules for brackets and
//! delimiter runs (its "process emphasis", bounded per kind of delimiter so that no text makes
//! it quadratic).
use std::collections::HashMap;

use super::block::Refs;
use super::{allowed_href, height, plain_text, Node, MAX_DEPTH};

/// A piece of a paragraph while it is parsed.
enum Piece {
    Text(String),
    Node(Node),
    /// Nodes that emphasis too high for the tree left as they were.
    Flat(Vec<Node>),
    /// A run of `*`, `_` or `~`: what is left of it, its length at first, and what it may do.
    Delim {
        c: char,
        left: usize,
        len: usize,
        open: bool,
        close: bool,
    },
    /// `[` or `![`; `active`: it may still open a link. `at`: where its label starts in the
    /// text.
    Open {
        image: bool,
        active: bool,
        at: usize,
    },
}

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

/// `s` with its backslash escapes and character references decoded (a link's target or title).
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        if c == '\\' {
            if let Some(n) = s[i + 1..].chars().next().filter(char::is_ascii_punctuation) {
                out.push(n);
                i += 2;
                continue;
            }
        } else if c == '&' {
            if let Some((v, used)) = entity(&s[i..]) {
                out.push_str(&v);
                i += used;
                continue;
            }
        }
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// A label as references are matched: trimmed, white space collapsed, case ignored.
fn normalize(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// `s` from byte `i` on past spaces, tabs and at most one line break.
fn skip_space(s: &str, mut i: usize) -> usize {
    let b = s.as_bytes();
    let mut newline = false;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' => i += 1,
            b'\n' if !newline => {
                newline = true;
                i += 1;
            }
            _ => break,
        }
    }
    i
}

/// `s` from byte `i` on past spaces and tabs.
fn skip_blanks(s: &str, i: usize) -> usize {
    i + s[i..]
        .bytes()
        .take_while(|b| *b == b' ' || *b == b'\t')
        .count()
}

/// A link's destination at byte `i` of `s`: the raw target and the byte after it.
fn destination(s: &str, i: usize) -> Option<(String, usize)> {
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
fn title(s: &str, i: usize) -> Option<usize> {
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
fn punct(c: char) -> bool {
    c.is_ascii_punctuation() || !(c.is_alphanumeric() || c.is_whitespace() || c.is_control())
}

/// The parser of one paragraph's text.
struct Inline<'a> {
    text: &'a str,
    refs: &'a Refs,
    /// The highest a node may be here: the tree stays within `MAX_DEPTH + 2`.
    max_height: usize,
    pieces: Vec<Piece>,
    /// Indexes of the `[` and `![` not closed yet, innermost last.
    brackets: Vec<usize>,
    /// Below this many brackets, every `[` is inactive already.
    inactive_below: usize,
    buf: String,
    /// Where each run of backticks of a length starts (a code span's closing run).
    ticks: HashMap<usize, Vec<usize>>,
}

/// A paragraph's `text` as nodes at `level` of the tree.
pub(super) fn parse(text: &str, level: usize, refs: &Refs) -> Vec<Node> {
    let mut ticks: HashMap<usize, Vec<usize>> = HashMap::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'`' {
            let n = b[i..].iter().take_while(|&&x| x == b'`').count();
            ticks.entry(n).or_default().push(i);
            i += n;
        } else {
            i += 1;
        }
    }
    let mut p = Inline {
        text,
        refs,
        max_height: (MAX_DEPTH + 3).saturating_sub(level).max(1),
        pieces: Vec::new(),
        brackets: Vec::new(),
        inactive_below: 0,
        buf: String::new(),
        ticks,
    };
    p.run();
    p.flush();
    let pieces = std::mem::take(&mut p.pieces);
    finish(emphasis(pieces, p.max_height))
}

impl Inline<'_> {
    fn flush(&mut self) {
        if !self.buf.is_empty() {
            self.pieces.push(Piece::Text(std::mem::take(&mut self.buf)));
        }
    }

    fn push(&mut self, piece: Piece) {
        self.flush();
        self.pieces.push(piece);
    }

    fn run(&mut self) {
        let text = self.text;
        let b = text.as_bytes();
        let mut i = 0;
        while let Some(c) = text[i..].chars().next() {
            match c {
                '\\' => match b.get(i + 1) {
                    Some(b'\n') => {
                        self.push(Piece::Node(Node::LineBreak));
                        i = skip_blanks(text, i + 2);
                    }
                    Some(&n) if n.is_ascii_punctuation() => {
                        self.buf.push(n as char);
                        i += 2;
                    }
                    _ => {
                        self.buf.push('\\');
                        i += 1;
                    }
                },
                '\n' => {
                    // Two spaces (or tabs) or more before it: a hard break; else a space.
                    let trimmed = self.buf.trim_end_matches([' ', '\t']).len();
                    let hard = self.buf.len() - trimmed >= 2;
                    self.buf.truncate(trimmed);
                    if hard {
                        self.push(Piece::Node(Node::LineBreak));
                    } else {
                        self.buf.push(' ');
                    }
                    i = skip_blanks(text, i + 1);
                }
                '`' => i = self.code(i),
                '&' => match entity(&text[i..]) {
                    Some((v, used)) => {
                        self.buf.push_str(&v);
                        i += used;
                    }
                    None => {
                        self.buf.push('&');
                        i += 1;
                    }
                },
                '<' => i = self.autolink(i),
                '*' | '_' | '~' => i = self.delimiter(i, c),
                '!' if b.get(i + 1) == Some(&b'[') => {
                    self.brackets
                        .push(self.pieces.len() + usize::from(!self.buf.is_empty()));
                    self.push(Piece::Open {
                        image: true,
                        active: true,
                        at: i + 2,
                    });
                    i += 2;
                }
                '[' => {
                    self.brackets
                        .push(self.pieces.len() + usize::from(!self.buf.is_empty()));
                    self.push(Piece::Open {
                        image: false,
                        active: true,
                        at: i + 1,
                    });
                    i += 1;
                }
                ']' => i = self.close_bracket(i),
                _ => {
                    self.buf.push(c);
                    i += c.len_utf8();
                }
            }
        }
    }

    /// A code span at byte `i` (a run of backticks), or the run as text when none closes it.
    fn code(&mut self, i: usize) -> usize {
        let b = self.text.as_bytes();
        let n = b[i..].iter().take_while(|&&x| x == b'`').count();
        let close = self.ticks.get(&n).and_then(|runs| {
            let k = runs.partition_point(|&at| at <= i);
            runs.get(k).copied()
        });
        let Some(end) = close else {
            self.buf.push_str(&self.text[i..i + n]);
            return i + n;
        };
        let mut code = self.text[i + n..end].replace('\n', " ");
        if code.len() >= 2
            && code.starts_with(' ')
            && code.ends_with(' ')
            && !code.trim().is_empty()
        {
            code = code[1..code.len() - 1].to_owned();
        }
        self.push(Piece::Node(Node::Code(code)));
        end + n
    }

    /// An autolink at byte `i` (`<scheme:…>` or `<name@host>`), or `<` as text.
    fn autolink(&mut self, i: usize) -> usize {
        let rest = &self.text[i + 1..];
        let end = rest
            .bytes()
            .position(|b| b == b'>' || b == b'<' || b <= b' ')
            .filter(|&e| rest.as_bytes()[e] == b'>');
        let Some(end) = end else {
            return self.raw_html(i);
        };
        let inner = &rest[..end];
        let scheme = inner.find(':').map(|k| &inner[..k]);
        let is_uri = scheme.is_some_and(|s| {
            (2..=32).contains(&s.len())
                && s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        });
        let is_mail = !is_uri
            && inner.split_once('@').is_some_and(|(user, host)| {
                !user.is_empty()
                    && !host.is_empty()
                    && user
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c))
                    && host
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
            });
        if !is_uri && !is_mail {
            return self.raw_html(i);
        }
        let target = if is_mail {
            format!("mailto:{inner}")
        } else {
            inner.to_owned()
        };
        let words = Node::Text(inner.to_owned());
        match allowed_href(&target) {
            Some(href) if self.max_height >= 2 => self.push(Piece::Node(Node::Link {
                href,
                children: vec![words],
            })),
            _ => self.buf.push_str(inner),
        }
        i + 1 + end + 1
    }

    /// Raw HTML at byte `i` (a tag, a comment, `<?…?>`, `<!…>`, `<![CDATA[…]]>`) as text, its
    /// markdown characters too; or `<` as text.
    fn raw_html(&mut self, i: usize) -> usize {
        let end = raw_html_end(&self.text[i..]).map_or(1, |n| n);
        self.buf.push_str(&self.text[i..i + end]);
        i + end
    }

    /// A run of `c` at byte `i`: a delimiter, or text (`~` runs longer than two).
    fn delimiter(&mut self, i: usize, c: char) -> usize {
        let text = self.text;
        let n = text[i..].bytes().take_while(|&b| b == c as u8).count();
        if c == '~' && n > 2 {
            self.buf.push_str(&text[i..i + n]);
            return i + n;
        }
        let before = text[..i].chars().next_back().unwrap_or(' ');
        let after = text[i + n..].chars().next().unwrap_or(' ');
        let left =
            !after.is_whitespace() && (!punct(after) || before.is_whitespace() || punct(before));
        let right =
            !before.is_whitespace() && (!punct(before) || after.is_whitespace() || punct(after));
        // `~` as `_`: not inside a word.
        let (open, close) = if c == '_' || c == '~' {
            (
                left && (!right || punct(before)),
                right && (!left || punct(after)),
            )
        } else {
            (left, right)
        };
        self.push(Piece::Delim {
            c,
            left: n,
            len: n,
            open,
            close,
        });
        i + n
    }

    /// `]` at byte `i`: a link or an image when a `[` is open and a target follows.
    fn close_bracket(&mut self, i: usize) -> usize {
        let Some(opener) = self.brackets.pop() else {
            self.buf.push(']');
            return i + 1;
        };
        self.flush();
        let (image, active, at) = match self.pieces.get(opener) {
            Some(Piece::Open { image, active, at }) => (*image, *active, *at),
            _ => {
                self.buf.push(']');
                return i + 1;
            }
        };
        if self.brackets.len() < self.inactive_below {
            self.inactive_below = self.brackets.len();
        }
        let target = if active || image {
            self.link_target(at, i)
        } else {
            None
        };
        let Some((target, end)) = target else {
            self.pieces[opener] = Piece::Text(if image { "![" } else { "[" }.to_owned());
            self.buf.push(']');
            return i + 1;
        };
        let inner = self.pieces.split_off(opener + 1);
        self.pieces.pop();
        let children = finish(emphasis(inner, self.max_height));
        let height = 1 + children.iter().map(height).max().unwrap_or(0);
        if image {
            self.push(Piece::Node(Node::Text(plain_text(&children))));
        } else {
            // No link in a link: every `[` before this one is text from now on.
            for &k in &self.brackets[self.inactive_below.min(self.brackets.len())..] {
                if let Some(Piece::Open {
                    image: false,
                    active,
                    ..
                }) = self.pieces.get_mut(k)
                {
                    *active = false;
                }
            }
            self.inactive_below = self.brackets.len();
            match allowed_href(&target) {
                Some(href) if height <= self.max_height => {
                    self.push(Piece::Node(Node::Link { href, children }))
                }
                _ => {
                    self.flush();
                    self.pieces.extend(children.into_iter().map(Piece::Node));
                }
            }
        }
        end
    }

    /// What follows the `]` at byte `close` of a label that starts at byte `at`: an inline
    /// target `(…)`, a reference `[label]`, `[]` or the label itself; the target and the byte
    /// after it.
    fn link_target(&self, at: usize, close: usize) -> Option<(String, usize)> {
        let text = self.text;
        let b = text.as_bytes();
        let next = close + 1;
        if b.get(next) == Some(&b'(') {
            let j = skip_space(text, next + 1);
            let inline = if b.get(j) == Some(&b')') {
                Some((String::new(), j + 1))
            } else {
                destination(text, j).and_then(|(dest, k)| {
                    let t = skip_space(text, k);
                    let t = if t > k {
                        title(text, t).map_or(t, |e| skip_space(text, e))
                    } else {
                        t
                    };
                    (b.get(t) == Some(&b')')).then(|| (dest, t + 1))
                })
            };
            if let Some((dest, end)) = inline {
                return Some((unescape(&dest), end));
            }
        }
        let own = &text[at..close];
        if b.get(next) == Some(&b'[') {
            if let Some(len) = text[next + 1..].find(']').filter(|&l| l < 1000) {
                let label = &text[next + 1..next + 1 + len];
                let label = if label.trim().is_empty() { own } else { label };
                return self
                    .refs
                    .get(&normalize(label))
                    .map(|t| (t.clone(), next + 2 + len));
            }
        }
        (own.len() < 1000)
            .then(|| self.refs.get(&normalize(own)))
            .flatten()
            .map(|t| (t.clone(), next))
    }
}

/// How far raw HTML at the start of `s` (at `<`) goes, in bytes; `None` when it is none. The
/// search for an end stops after 8 KB (no text makes it quadratic).
fn raw_html_end(s: &str) -> Option<usize> {
    const FAR: usize = 8 * 1024;
    let within = |from: usize, pat: &str| -> Option<usize> {
        let stop = (from + FAR).min(s.len());
        let stop = (stop..=s.len()).find(|&k| s.is_char_boundary(k))?;
        s.get(from..stop)?.find(pat).map(|k| from + k + pat.len())
    };
    let b = s.as_bytes();
    if s.starts_with("<!--") {
        return within(4, "-->");
    }
    if s.starts_with("<?") {
        return within(2, "?>");
    }
    if s.starts_with("<![CDATA[") {
        return within(9, "]]>");
    }
    if s.starts_with("<!") {
        return b
            .get(2)
            .is_some_and(u8::is_ascii_alphabetic)
            .then(|| within(2, ">"))
            .flatten();
    }
    let closing = b.get(1) == Some(&b'/');
    let mut j = if closing { 2 } else { 1 };
    if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    while b
        .get(j)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-')
    {
        j += 1;
    }
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

/// CommonMark's "process emphasis" over `pieces`: matched runs of delimiters become emphasis,
/// strong emphasis or strikethrough (no higher than `max_height`: beyond it their content
/// stays as it is); what is left of every run is text. The pieces are a list linked through
/// their indexes, which never move: a match takes what lies between its runs out of the list
/// and puts the new node in the place of the first of them, and the indexes keep the text's
/// order (a run of the same character next to another would be one run, so a match never has
/// nothing between its runs).
fn emphasis(pieces: Vec<Piece>, max_height: usize) -> Vec<Piece> {
    const NONE: usize = usize::MAX;
    let n = pieces.len();
    let mut slots: Vec<Option<Piece>> = pieces.into_iter().map(Some).collect();
    let mut next: Vec<usize> = (1..=n).map(|k| if k == n { NONE } else { k }).collect();
    let mut prev: Vec<usize> = (0..n).map(|k| k.checked_sub(1).unwrap_or(NONE)).collect();
    // For each kind of closer, the index at or below which no opener was found for it.
    let mut bottom: HashMap<(char, bool, usize), usize> = HashMap::new();
    let mut c = if n == 0 { NONE } else { 0 };
    while c != NONE {
        let (ch, left, len, open) = match &slots[c] {
            Some(Piece::Delim {
                c,
                left,
                len,
                open,
                close: true,
            }) if *left > 0 => (*c, *left, *len, *open),
            _ => {
                c = next[c];
                continue;
            }
        };
        let key = (ch, open, len % 3);
        let floor = bottom.get(&key).copied();
        let mut found = None;
        let mut o = prev[c];
        while o != NONE && floor.is_none_or(|f| o > f) {
            if let Some(Piece::Delim {
                c: oc,
                left: ol,
                len: olen,
                open: oo,
                close: ocl,
            }) = &slots[o]
            {
                let fits = if ch == '~' {
                    *ol == left && *olen == len
                } else {
                    !((*ocl || open) && (olen + len) % 3 == 0 && !(olen % 3 == 0 && len % 3 == 0))
                };
                if *oc == ch && *oo && *ol > 0 && fits {
                    found = Some(o);
                    break;
                }
            }
            o = prev[o];
        }
        let Some(o) = found else {
            bottom.insert(key, prev[c]);
            if !open {
                // Neither closes nor opens any more: text.
                if let Some(Piece::Delim { close, .. }) = &mut slots[c] {
                    *close = false;
                }
            }
            c = next[c];
            continue;
        };
        let ol = match &slots[o] {
            Some(Piece::Delim { left, .. }) => *left,
            _ => 0,
        };
        let used = if ch == '~' {
            left
        } else if ol >= 2 && left >= 2 {
            2
        } else {
            1
        };
        for k in [o, c] {
            if let Some(Piece::Delim { left, .. }) = &mut slots[k] {
                *left -= used;
            }
        }
        // What is between them becomes the node's children (runs between them are text).
        let first = next[o];
        let mut inner = Vec::new();
        let mut k = first;
        while k != c && k != NONE {
            inner.extend(slots[k].take());
            k = next[k];
        }
        let children = finish(inner);
        let height = 1 + children.iter().map(height).max().unwrap_or(0);
        let piece = if height <= max_height {
            Piece::Node(match (ch, used) {
                ('~', _) => Node::Strikethrough(children),
                (_, 2) => Node::Strong(children),
                _ => Node::Emphasis(children),
            })
        } else {
            // Too high: the content as it is.
            Piece::Flat(children)
        };
        if first != c && first != NONE {
            slots[first] = Some(piece);
            next[first] = c;
            prev[c] = first;
        }
    }
    let mut out = Vec::with_capacity(n);
    let mut k = if n == 0 { NONE } else { 0 };
    while k != NONE {
        match slots[k].take() {
            Some(Piece::Flat(kids)) => out.extend(kids.into_iter().map(Piece::Node)),
            Some(piece) => out.push(piece),
            None => {}
        }
        k = next[k];
    }
    out
}

/// The nodes of `pieces`: texts merged, what is left of delimiter runs and brackets as text.
fn finish(pieces: Vec<Piece>) -> Vec<Node> {
    let mut out: Vec<Node> = Vec::new();
    let push_text = |out: &mut Vec<Node>, s: &str| {
        if s.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(Node::Text(t)) => t.push_str(s),
            _ => out.push(Node::Text(s.to_owned())),
        }
    };
    for piece in pieces {
        match piece {
            Piece::Text(s) => push_text(&mut out, &s),
            Piece::Node(Node::Text(s)) => push_text(&mut out, &s),
            Piece::Node(node) => out.push(node),
            Piece::Flat(kids) => {
                for kid in kids {
                    match kid {
                        Node::Text(s) => push_text(&mut out, &s),
                        kid => out.push(kid),
                    }
                }
            }
            Piece::Delim { c, left, .. } => {
                let mut s = String::new();
                for _ in 0..left {
                    s.push(c);
                }
                push_text(&mut out, &s);
            }
            Piece::Open { image, .. } => push_text(&mut out, if image { "![" } else { "[" }),
        }
    }
    out
}
