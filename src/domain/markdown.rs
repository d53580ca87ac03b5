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
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};

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

/// What a container being built will become.
enum Kind {
    /// Past [`MAX_DEPTH`], or a construct the console does not draw (a table, a footnote):
    /// its content goes to the container around it. `block`: a line break is left after it.
    Flat {
        block: bool,
    },
    Paragraph,
    Heading(u8),
    BlockQuote,
    List(Option<u64>),
    Item,
    Emphasis,
    Strong,
    Strikethrough,
    /// `None`: a refused target, its words stay as text.
    Link(Option<String>),
    /// Its alt text, as text.
    Image,
    CodeBlock,
    /// Raw HTML as lines of text.
    HtmlBlock,
}

struct Frame {
    kind: Kind,
    children: Vec<Node>,
    /// A list's items.
    items: Vec<Vec<Node>>,
}

impl Frame {
    fn new(kind: Kind) -> Self {
        Self {
            kind,
            children: Vec::new(),
            items: Vec::new(),
        }
    }

    fn is_flat(&self) -> bool {
        matches!(self.kind, Kind::Flat { .. })
    }
}

/// Builds the tree from the parser's events with a stack of its own (no recursion).
struct Builder {
    /// `stack[0]` is the document.
    stack: Vec<Frame>,
    /// Where the frames that are not flat are in the stack (the document's, 0, first): the
    /// depth of the tree, and the innermost one found without a walk down the flat ones.
    kept: Vec<usize>,
}

impl Builder {
    /// The innermost frame that is not flat: where content goes.
    fn target(&mut self) -> &mut Frame {
        let i = self.kept.last().copied().unwrap_or(0);
        &mut self.stack[i]
    }

    fn push_node(&mut self, node: Node) {
        let frame = self.target();
        if let Kind::List(_) = frame.kind {
            // Only items belong in a list; anything else is an item of its own.
            frame.items.push(vec![node]);
            return;
        }
        match (frame.children.last_mut(), node) {
            (Some(Node::Text(last)), Node::Text(more)) => last.push_str(&more),
            (_, node) => frame.children.push(node),
        }
    }

    fn text(&mut self, s: &str) {
        if !s.is_empty() {
            self.push_node(Node::Text(s.to_owned()));
        }
    }

    fn line_break(&mut self) {
        let frame = self.target();
        let in_list = matches!(frame.kind, Kind::List(_));
        if !in_list
            && frame
                .children
                .last()
                .is_some_and(|n| !matches!(n, Node::LineBreak))
        {
            frame.children.push(Node::LineBreak);
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        // A list item directly in a list that is kept is kept with it.
        let item_of_kept_list = matches!(tag, Tag::Item)
            && self
                .stack
                .last()
                .is_some_and(|f| matches!(f.kind, Kind::List(_)));
        if self.kept.len() > MAX_DEPTH && !item_of_kept_list {
            let block = !matches!(
                tag,
                Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Superscript
                    | Tag::Subscript
                    | Tag::Link { .. }
                    | Tag::Image { .. }
            );
            self.stack.push(Frame::new(Kind::Flat { block }));
            return;
        }
        let kind = match tag {
            Tag::Paragraph => Kind::Paragraph,
            Tag::Heading { level, .. } => Kind::Heading(level as u8),
            Tag::BlockQuote(_) => Kind::BlockQuote,
            Tag::CodeBlock(CodeBlockKind::Fenced(_) | CodeBlockKind::Indented) => Kind::CodeBlock,
            Tag::HtmlBlock => Kind::HtmlBlock,
            Tag::List(start) => Kind::List(start),
            Tag::Item if item_of_kept_list => Kind::Item,
            Tag::Emphasis => Kind::Emphasis,
            Tag::Strong => Kind::Strong,
            Tag::Strikethrough => Kind::Strikethrough,
            Tag::Link { dest_url, .. } => Kind::Link(allowed_href(&dest_url)),
            Tag::Image { .. } => Kind::Image,
            Tag::Superscript | Tag::Subscript => Kind::Flat { block: false },
            _ => Kind::Flat { block: true },
        };
        if !matches!(kind, Kind::Flat { .. }) {
            self.kept.push(self.stack.len());
        }
        self.stack.push(Frame::new(kind));
    }

    fn end(&mut self) {
        // The document itself is never ended by an event.
        if self.stack.len() < 2 {
            return;
        }
        let Some(frame) = self.stack.pop() else {
            return;
        };
        if !frame.is_flat() {
            self.kept.pop();
        }
        let children = frame.children;
        let node = match frame.kind {
            Kind::Flat { block } => {
                for child in children {
                    self.push_node(child);
                }
                if block {
                    self.line_break();
                }
                return;
            }
            Kind::Paragraph => Node::Paragraph(children),
            Kind::Heading(level) => Node::Heading {
                level: level.clamp(1, 6),
                children,
            },
            Kind::BlockQuote => Node::BlockQuote(children),
            Kind::List(start) => {
                let mut items = frame.items;
                if !children.is_empty() {
                    items.push(children);
                }
                Node::List { start, items }
            }
            Kind::Item => {
                let parent = self.target();
                if let Kind::List(_) = parent.kind {
                    parent.items.push(children);
                } else {
                    parent.children.extend(children);
                }
                return;
            }
            Kind::Emphasis => Node::Emphasis(children),
            Kind::Strong => Node::Strong(children),
            Kind::Strikethrough => Node::Strikethrough(children),
            Kind::Link(Some(href)) => Node::Link { href, children },
            Kind::Link(None) => {
                for child in children {
                    self.push_node(child);
                }
                return;
            }
            Kind::Image => Node::Text(plain_text(&children)),
            Kind::CodeBlock => {
                let mut text = plain_text(&children);
                if text.ends_with('\n') {
                    text.pop();
                }
                Node::CodeBlock(text)
            }
            Kind::HtmlBlock => {
                let text = plain_text(&children);
                let mut lines = Vec::new();
                for (i, line) in text.trim_end_matches('\n').split('\n').enumerate() {
                    if i > 0 {
                        lines.push(Node::LineBreak);
                    }
                    if !line.is_empty() {
                        lines.push(Node::Text(line.to_owned()));
                    }
                }
                Node::Paragraph(lines)
            }
        };
        self.push_node(node);
    }
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
            Node::Rule => {}
            Node::Heading { children, .. }
            | Node::Link { children, .. }
            | Node::Paragraph(children)
            | Node::BlockQuote(children)
            | Node::Emphasis(children)
            | Node::Strong(children)
            | Node::Strikethrough(children) => todo.extend(children.iter().rev()),
            Node::List { items, .. } => {
                todo.extend(items.iter().rev().flat_map(|i| i.iter().rev()))
            }
        }
    }
    out
}

/// The tree of markdown `text` (CommonMark with ~~strikethrough~~), blocks at the top.
pub fn parse(text: &str) -> Vec<Node> {
    let mut b = Builder {
        stack: vec![Frame::new(Kind::Paragraph)],
        kept: vec![0],
    };
    for event in Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(tag) => b.start(tag),
            Event::End(_) => b.end(),
            Event::Text(s) => b.text(&s),
            Event::Code(s) | Event::InlineMath(s) | Event::DisplayMath(s) => {
                b.push_node(Node::Code(s.into_string()))
            }
            // Raw HTML is shown as what it is: text.
            Event::Html(s) | Event::InlineHtml(s) => b.text(&s),
            Event::FootnoteReference(s) => b.text(&format!("[^{s}]")),
            Event::SoftBreak => b.text(" "),
            Event::HardBreak => b.push_node(Node::LineBreak),
            Event::Rule => b.push_node(Node::Rule),
            Event::TaskListMarker(done) => b.text(if done { "[x] " } else { "[ ] " }),
        }
    }
    // Whatever was left open (the parser closes everything; this is in case) is closed.
    while b.stack.len() > 1 {
        b.end();
    }
    b.stack.pop().map(|f| f.children).unwrap_or_default()
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
