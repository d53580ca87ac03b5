//! Markdown (the terms of use: api.md, "Terms-of-use service"; ui.md, "terms") → a small tree of
//! our own, which `components::markdown` turns into elements. Nothing here is HTML: raw HTML in
//! the text (inline or a block) becomes [`Node::Text`], shown literally; a link keeps its target
//! only when it is `http:`, `https:` or `mailto:` ([`allowed_href`]), else its words stay as
//! plain text; an image shows its alt text.
//!
//! Any text parses without a panic and without deep recursion: containers (quotes, lists,
//! emphasis…) nest at most [`MAX_DEPTH`] deep; deeper ones give their content to the last one
//! kept (10,000 `>` in a row is one text in a few quotes, not 10,000 frames on the stack when it
//! is built, rendered or dropped).
//!
//! The parser is the console's own (issue 58: pulldown-cmark, its entity table and its case
//! folding were 67 KB gzip of the unsplit release): CommonMark's blocks (ATX and setext headings,
//! paragraphs, quotes, bullet and ordered lists, tight or loose, fenced and indented code,
//! thematic breaks, HTML blocks) and inlines (emphasis and strong emphasis by CommonMark's
//! delimiter rules, ~~strikethrough~~, code spans, inline, full, collapsed and shortcut reference
//! links, images, autolinks, backslash escapes, hard and soft breaks, numeric character
//! references and the common named ones). It reads a text once per container level, and nothing
//! in it is worse than `n log n` in the text's length: a megabyte of hostile text parses at
//! once. Tables, footnotes and other extensions stay text.
use std::collections::HashMap;

mod block;
mod emphasis;
mod inline;
mod lines;
mod syntax;

/// Link reference definitions: normalized label → target (the first definition wins).
type Refs = HashMap<String, String>;

/// How deep containers nest in the tree (a list and its item count as two; an item of a list
/// that is kept is kept too, so the tree is at most `MAX_DEPTH + 2` deep).
pub const MAX_DEPTH: usize = 16;

/// One piece of the rendered text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// `<h1>`…`<h6>` (`level` 1–6).
    Heading {
        level: u8,
        children: Vec<Node>,
    },
    Paragraph(Vec<Node>),
    /// `start`: the first number of an ordered list (`None`: a bullet list).
    List {
        start: Option<u64>,
        items: Vec<Vec<Node>>,
    },
    BlockQuote(Vec<Node>),
    /// A fenced or indented block of code, its text verbatim (a last newline dropped).
    CodeBlock(String),
    /// `<hr>`.
    Rule,
    Emphasis(Vec<Node>),
    Strong(Vec<Node>),
    Strikethrough(Vec<Node>),
    /// Inline code.
    Code(String),
    /// A link whose target [`allowed_href`] kept; it opens outside the app.
    Link {
        href: String,
        children: Vec<Node>,
    },
    Text(String),
    /// `<br>`.
    LineBreak,
}

/// The target of a link as the console may use it, or `None` when it is refused: only
/// `http:`, `https:` and `mailto:` URLs are kept, read as a browser reads them (spaces and
/// control characters around the URL and tabs and newlines inside it are dropped, the scheme's
/// case ignored), so `" JaVa\tScRiPt:…"` is refused like `javascript:`. A target without a
/// scheme (a relative path, `#part`) is refused too: nothing inside the app is linked from
/// text the backend sends. The markdown parser has already decoded character references
/// (`&#106;avascript:` arrives as `javascript:`).
pub fn allowed_href(raw: &str) -> Option<String> {
    let href: String = raw
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = href.find(':')?;
    let scheme = &href[..colon];
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let known = ["http", "https", "mailto"]
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s));
    let rest = &href[colon + 1..];
    (valid && known && !rest.is_empty()).then_some(href)
}

/// The words of `nodes`, without their markup (an image's alt text; a code block's lines).
pub fn plain_text(nodes: &[Node]) -> String {
    let mut out = String::new();
    // An explicit stack: the tree is shallow, but nothing here should recurse on input.
    let mut todo: Vec<&Node> = nodes.iter().rev().collect();
    while let Some(node) = todo.pop() {
        match node {
            Node::Text(s) | Node::Code(s) | Node::CodeBlock(s) => out.push_str(s),
            Node::LineBreak => out.push('\n'),
            _ => todo.extend(inside(node).into_iter().rev().map(|(n, _)| n)),
        }
    }
    out
}

/// The nodes directly inside `node`, in order, each with how many levels below it it sits (a
/// list's items' nodes two: the list, then the item).
fn inside(node: &Node) -> Vec<(&Node, usize)> {
    match node {
        Node::Heading { children, .. }
        | Node::Link { children, .. }
        | Node::Paragraph(children)
        | Node::BlockQuote(children)
        | Node::Emphasis(children)
        | Node::Strong(children)
        | Node::Strikethrough(children) => children.iter().map(|c| (c, 1)).collect(),
        Node::List { items, .. } => items.iter().flatten().map(|c| (c, 2)).collect(),
        _ => Vec::new(),
    }
}

/// The height of a node's tree (a leaf is 1), without recursion.
fn height(node: &Node) -> usize {
    let mut deepest = 0;
    let mut todo = vec![(node, 1)];
    while let Some((n, d)) = todo.pop() {
        deepest = deepest.max(d);
        todo.extend(inside(n).into_iter().map(|(c, step)| (c, d + step)));
    }
    deepest
}

/// The tree of markdown `text` (CommonMark with ~~strikethrough~~), blocks at the top.
pub fn parse(text: &str) -> Vec<Node> {
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\0', "\u{fffd}");
    let lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let mut refs = HashMap::new();
    let blocks = block::blocks(&lines, 1, &mut refs);
    block::nodes(blocks, 1, &refs)
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
