//! Markdown's inlines: a paragraph's text into [`Node`]s, by CommonMark's rules for code spans,
//! autolinks, brackets (links and images) and delimiter runs (`emphasis.rs`).
use std::collections::HashMap;

use super::emphasis::{emphasis, finish, Piece};
use super::syntax::{
    destination, normalize, punct, push_decoded, raw_html_end, skip_blanks, skip_space, title,
    unescape,
};
use super::{allowed_href, height, plain_text, Node, Refs, MAX_DEPTH};

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
                '\\' if b.get(i + 1) == Some(&b'\n') => {
                    self.push(Piece::Node(Node::LineBreak));
                    i = skip_blanks(text, i + 2);
                }
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
                '\\' | '&' => i = push_decoded(&mut self.buf, text, i),
                '<' => i = self.autolink(i),
                '*' | '_' | '~' => i = self.delimiter(i, c),
                '!' if b.get(i + 1) == Some(&b'[') => i = self.open_bracket(i + 2, true),
                '[' => i = self.open_bracket(i + 1, false),
                ']' => i = self.close_bracket(i),
                _ => {
                    self.buf.push(c);
                    i += c.len_utf8();
                }
            }
        }
    }

    /// `[` (or `![`: `image`) whose label starts at byte `at`; returns `at`.
    fn open_bracket(&mut self, at: usize, image: bool) -> usize {
        self.flush();
        self.brackets.push(self.pieces.len());
        self.pieces.push(Piece::Open {
            image,
            active: true,
            at,
        });
        at
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
        let end = raw_html_end(&self.text[i..]).unwrap_or(1);
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
