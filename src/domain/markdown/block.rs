//! Markdown's blocks: lines into [`Block`]s (their inline text still raw), then into [`Node`]s
//! once every link reference definition of the text is known.
use super::lines::{
    atx, fence, from_column, goes_on_lazily, html_block, indent, is_blank, is_rule, lazy, marker,
    setext, strip_indent, Marker,
};
use super::{inline, syntax, Node, Refs, MAX_DEPTH};

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
                    inner.push(from_column(&r[1..], at, at + 1));
                } else if goes_on_lazily(inner.last(), l) {
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
        if let Some(h) = html_block(rest).filter(|h| para.is_empty() || h.interrupts) {
            paragraph(&mut para, &mut out, refs);
            let mut j = i;
            let mut html = Vec::new();
            let end = h.end;
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
            } else if goes_on_lazily(item.last(), l) {
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
    while let Some((label, target, used)) = syntax::reference_definition(&text[at..]) {
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
