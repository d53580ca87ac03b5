//! Markdown's blocks: lines into [`Block`]s (their inline text still raw), then into [`Node`]s
//! once every link reference definition of the text is known.
use std::collections::HashMap;

use super::{inline, Node, MAX_DEPTH};

/// Link reference definitions: normalized label → target (the first definition wins).
pub(super) type Refs = HashMap<String, String>;

/// A block, its inline text not parsed yet.
pub(super) enum Block {
    Paragraph(String),
    Heading(u8, String),
    Quote(Vec<Block>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
        loose: bool,
    },
    Code(String),
    /// Raw HTML, as its lines.
    Html(Vec<String>),
    Rule,
}

/// The columns of a line's leading white space (a tab to the next multiple of 4).
fn indent(line: &str) -> usize {
    let mut col = 0;
    for c in line.chars() {
        match c {
            ' ' => col += 1,
            '\t' => col += 4 - col % 4,
            _ => break,
        }
    }
    col
}

/// `line` without up to `n` columns of leading white space.
fn strip_indent(line: &str, n: usize) -> String {
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

/// `line` with the tabs of its leading white space that reach past column `n` as spaces.
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

fn is_blank(line: &str) -> bool {
    line.chars().all(|c| c == ' ' || c == '\t')
}

/// `#`–`######` then a space or the end: the level and the heading's text.
fn atx(rest: &str) -> Option<(u8, String)> {
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
fn is_rule(rest: &str) -> bool {
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
fn setext(rest: &str) -> Option<u8> {
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
fn fence(rest: &str) -> Option<(char, usize)> {
    let c = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = rest.chars().take_while(|x| *x == c).count();
    // A backtick fence's info string has no backtick.
    (n >= 3 && !(c == '`' && rest[n..].contains('`'))).then_some((c, n))
}

/// A list marker opening an item.
#[derive(Clone, Copy)]
struct Marker {
    /// `-`, `+` or `*` for a bullet list; `.` or `)` for an ordered one.
    mark: char,
    ordered: bool,
    start: u64,
    /// The column the item's content starts at.
    content: usize,
    /// Nothing after the marker.
    empty: bool,
}

fn marker(line: &str) -> Option<(Marker, String)> {
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
    let mut col = at;
    for c in after.chars() {
        match c {
            ' ' => col += 1,
            '\t' => col += 4 - col % 4,
            _ => break,
        }
    }
    let gap = if empty || col - at > 4 { 1 } else { col - at };
    let content = at + gap;
    let first = if empty {
        String::new()
    } else {
        // The line's own columns from the content's on.
        let line_cols = " ".repeat(at) + after;
        strip_indent(&expand_to(&line_cols, content), content)
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

/// Whether raw HTML starts a block here: a comment, `<?`, `<!` and a letter, `<![CDATA[`, a
/// block-level tag, or any other tag alone on its line.
fn html_start(rest: &str) -> bool {
    html_kind(rest).is_some()
}

/// Whether raw HTML starting here may end a paragraph (all but a tag of no special kind alone on
/// its line: CommonMark's kind 7).
fn html_interrupts(rest: &str) -> bool {
    html_kind(rest) == Some(true)
}

/// `Some(true)`: an HTML block that may interrupt a paragraph; `Some(false)`: one that may not.
fn html_kind(rest: &str) -> Option<bool> {
    let after = rest.strip_prefix('<')?;
    if after.starts_with("!--") || after.starts_with('?') || after.starts_with("![CDATA[") {
        return Some(true);
    }
    if let Some(decl) = after.strip_prefix('!') {
        return decl
            .starts_with(|c: char| c.is_ascii_alphabetic())
            .then_some(true);
    }
    let tag = after.strip_prefix('/').unwrap_or(after);
    let name = tag
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    if name == 0 || !tag.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let next = tag.as_bytes().get(name);
    if !matches!(next, None | Some(b' ' | b'\t' | b'>' | b'/')) {
        return None;
    }
    let lower = tag[..name].to_ascii_lowercase();
    if BLOCK_TAGS.contains(&lower.as_str()) {
        return Some(true);
    }
    // Another tag: only when nothing but white space follows it on the line.
    tag.find('>')
        .is_some_and(|end| tag[end + 1..].trim().is_empty())
        .then_some(false)
}

/// What ends an HTML block that starts with `rest`: a text on one of its lines, or `None` for a
/// blank line (CommonMark's kinds 1–5, then 6 and 7).
fn html_end(rest: &str) -> Option<&'static str> {
    let lower = rest.get(..12).unwrap_or(rest).to_ascii_lowercase();
    for (tag, end) in [
        ("<script", "</script>"),
        ("<pre", "</pre>"),
        ("<style", "</style>"),
        ("<textarea", "</textarea>"),
    ] {
        if lower.starts_with(tag)
            && matches!(
                lower.as_bytes().get(tag.len()),
                None | Some(b' ' | b'\t' | b'>')
            )
        {
            return Some(end);
        }
    }
    if rest.starts_with("<!--") {
        Some("-->")
    } else if rest.starts_with("<?") {
        Some("?>")
    } else if rest.starts_with("<![CDATA[") {
        Some("]]>")
    } else if rest.starts_with("<!") {
        Some(">")
    } else {
        None
    }
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
fn lazy(line: &str) -> String {
    // Marked by a NUL (`parse` has made every NUL of the text U+FFFD): no block starts with it,
    // and the paragraph drops it.
    format!("\0{line}")
}

/// Whether a line that is not a paragraph's starts a block of its own (it ends a lazy
/// continuation).
fn starts_block(line: &str) -> bool {
    let rest = line.trim_start_matches([' ', '\t']);
    indent(line) < 4
        && (rest.starts_with('>')
            || atx(rest).is_some()
            || fence(rest).is_some()
            || is_rule(rest)
            || marker(line).is_some())
}

/// The blocks of `lines`, whose nodes sit at `level` of the tree (the document's at 1).
pub(super) fn blocks(lines: &[String], level: usize, refs: &mut Refs) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].as_str();
        let ind = indent(line);
        let rest = line.trim_start_matches([' ', '\t']);
        if rest.is_empty() {
            paragraph(&mut para, &mut out, refs);
            i += 1;
            continue;
        }
        if ind >= 4 {
            if !para.is_empty() {
                para.push(line);
                i += 1;
                continue;
            }
            // Indented code, to the last indented line (blank lines inside kept).
            let mut j = i;
            let mut end = i;
            while j < lines.len() && (is_blank(&lines[j]) || indent(&lines[j]) >= 4) {
                if !is_blank(&lines[j]) {
                    end = j + 1;
                }
                j += 1;
            }
            let code: Vec<String> = lines[i..end].iter().map(|l| strip_indent(l, 4)).collect();
            out.push(Block::Code(code.join("\n")));
            i = end;
            continue;
        }
        if let Some((c, n)) = fence(rest) {
            paragraph(&mut para, &mut out, refs);
            let mut code = Vec::new();
            let mut j = i + 1;
            while j < lines.len() {
                let l = lines[j].trim_start_matches([' ', '\t']);
                let closing = indent(&lines[j]) < 4
                    && l.chars().take_while(|x| *x == c).count() >= n
                    && l.trim_start_matches(c).trim().is_empty();
                if closing {
                    j += 1;
                    break;
                }
                code.push(strip_indent(&lines[j], ind));
                j += 1;
            }
            out.push(Block::Code(code.join("\n")));
            i = j;
            continue;
        }
        if let Some((lvl, text)) = atx(rest) {
            paragraph(&mut para, &mut out, refs);
            out.push(Block::Heading(lvl, text));
            i += 1;
            continue;
        }
        if !para.is_empty() {
            if let Some(lvl) = setext(rest) {
                let text = para.iter().map(|l| l.trim()).collect::<Vec<_>>().join("\n");
                para.clear();
                out.push(Block::Heading(lvl, text));
                i += 1;
                continue;
            }
        }
        if is_rule(rest) {
            paragraph(&mut para, &mut out, refs);
            out.push(Block::Rule);
            i += 1;
            continue;
        }
        if rest.starts_with('>') && level < MAX_DEPTH {
            paragraph(&mut para, &mut out, refs);
            let mut inner = Vec::new();
            let mut j = i;
            while j < lines.len() {
                let l = lines[j].as_str();
                let r = l.trim_start_matches([' ', '\t']);
                if indent(l) < 4 && r.starts_with('>') {
                    // After `>` and one column of white space, in the line's own columns.
                    let at = indent(l) + 1;
                    let q = " ".repeat(at) + &r[1..];
                    let q = strip_indent(&expand_to(&q, at + 1), at + 1);
                    inner.push(q);
                } else if !r.is_empty()
                    && inner.last().is_some_and(|x| paragraph_line(x))
                    && !starts_block(l)
                    && !html_interrupts(r)
                {
                    // A lazy line: the quote's paragraph goes on.
                    inner.push(lazy(l));
                } else {
                    break;
                }
                j += 1;
            }
            out.push(Block::Quote(blocks(&inner, level + 1, refs)));
            i = j;
            continue;
        }
        if let Some((m, first)) = marker(line) {
            // An empty item, or a list not starting at 1, does not interrupt a paragraph.
            let interrupts = !m.empty && (!m.ordered || m.start == 1);
            if level + 2 <= MAX_DEPTH && (para.is_empty() || interrupts) {
                paragraph(&mut para, &mut out, refs);
                i = list(lines, i, m, first, level, refs, &mut out);
                continue;
            }
        }
        if (para.is_empty() && html_start(rest)) || html_interrupts(rest) {
            paragraph(&mut para, &mut out, refs);
            let mut j = i;
            let mut html = Vec::new();
            let end = html_end(rest);
            while j < lines.len() {
                let l = &lines[j];
                match end {
                    None if is_blank(l) => break,
                    Some(e) if l.to_ascii_lowercase().contains(e) => {
                        html.push(l.clone());
                        j += 1;
                        break;
                    }
                    _ => {}
                }
                html.push(l.clone());
                j += 1;
            }
            out.push(Block::Html(html));
            i = j;
            continue;
        }
        para.push(line);
        i += 1;
    }
    paragraph(&mut para, &mut out, refs);
    out
}

/// The list whose first item's marker `m` is on line `i`; returns the line after it.
fn list(
    lines: &[String],
    mut i: usize,
    mut m: Marker,
    mut first: String,
    level: usize,
    refs: &mut Refs,
    out: &mut Vec<Block>,
) -> usize {
    let start = m.ordered.then_some(m.start);
    let mark = m.mark;
    let mut items = Vec::new();
    let mut loose = false;
    loop {
        let mut item = vec![first];
        let mut j = i + 1;
        while j < lines.len() {
            let l = lines[j].as_str();
            if is_blank(l) {
                item.push(String::new());
            } else if indent(l) >= m.content {
                item.push(strip_indent(l, m.content));
            } else if item.last().is_some_and(|x| paragraph_line(x))
                && !starts_block(l)
                && !html_interrupts(l.trim_start())
            {
                // A lazy line of the item's paragraph.
                item.push(lazy(l));
            } else {
                break;
            }
            j += 1;
        }
        let mut trailing = 0;
        while item.len() > 1 && item.last().is_some_and(|x| is_blank(x)) {
            item.pop();
            trailing += 1;
        }
        // A blank line between two of the item's blocks makes the list loose (a fenced code
        // block's own blank lines aside: close enough for text like the terms of use).
        if item.iter().skip(1).any(|x| is_blank(x)) {
            loose = true;
        }
        items.push(blocks(&item, level + 2, refs));
        i = j;
        match lines.get(i).and_then(|l| marker(l)) {
            Some((next, text)) if next.mark == mark && next.ordered == m.ordered => {
                if trailing > 0 {
                    loose = true;
                }
                m = next;
                first = text;
            }
            _ => break,
        }
    }
    out.push(Block::List {
        start,
        items,
        loose,
    });
    i
}

/// Ends the paragraph being gathered: its link reference definitions are noted, the rest is a
/// paragraph.
fn paragraph(para: &mut Vec<&str>, out: &mut Vec<Block>, refs: &mut Refs) {
    if para.is_empty() {
        return;
    }
    let text = para
        .iter()
        .map(|l| l.trim_start_matches([' ', '\t', '\0']))
        .collect::<Vec<_>>()
        .join("\n");
    para.clear();
    let mut at = 0;
    while let Some((label, target, used)) = inline::reference_definition(&text[at..]) {
        refs.entry(label).or_insert(target);
        at += used;
    }
    let text = text[at..].trim_end();
    if !text.is_empty() {
        out.push(Block::Paragraph(text.to_owned()));
    }
}

/// The nodes of `blocks`, at `level` of the tree.
pub(super) fn nodes(blocks: Vec<Block>, level: usize, refs: &Refs) -> Vec<Node> {
    let mut out = Vec::new();
    for block in blocks {
        out.push(match block {
            Block::Paragraph(text) => Node::Paragraph(inline::parse(&text, level + 1, refs)),
            Block::Heading(lvl, text) => Node::Heading {
                level: lvl.clamp(1, 6),
                children: inline::parse(&text, level + 1, refs),
            },
            Block::Quote(inner) => Node::BlockQuote(nodes(inner, level + 1, refs)),
            Block::List {
                start,
                items,
                loose,
            } => Node::List {
                start,
                items: items
                    .into_iter()
                    .map(|item| {
                        if loose {
                            return nodes(item, level + 2, refs);
                        }
                        // A tight list's paragraphs are their text alone.
                        let mut kids = Vec::new();
                        for b in item {
                            match b {
                                Block::Paragraph(text) => {
                                    kids.extend(inline::parse(&text, level + 2, refs))
                                }
                                other => kids.extend(nodes(vec![other], level + 2, refs)),
                            }
                        }
                        kids
                    })
                    .collect(),
            },
            Block::Code(text) => Node::CodeBlock(text),
            Block::Html(lines) => {
                let mut kids = Vec::new();
                for (i, line) in lines.into_iter().enumerate() {
                    if i > 0 {
                        kids.push(Node::LineBreak);
                    }
                    if !line.is_empty() {
                        kids.push(Node::Text(line));
                    }
                }
                Node::Paragraph(kids)
            }
            Block::Rule => Node::Rule,
        });
    }
    out
}
