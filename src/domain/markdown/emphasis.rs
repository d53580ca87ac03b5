//! A paragraph's pieces while its inlines are parsed, and CommonMark's "process emphasis" over
//! them, bounded per kind of delimiter so that no text makes it quadratic.
use std::collections::HashMap;

use super::{height, Node};

/// A piece of a paragraph while it is parsed.
pub(super) enum Piece {
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

/// CommonMark's "process emphasis" over `pieces`: matched runs of delimiters become emphasis,
/// strong emphasis or strikethrough (no higher than `max_height`: beyond it their content
/// stays as it is); what is left of every run is text. The pieces are a list linked through
/// their indexes, which never move: a match takes what lies between its runs out of the list
/// and puts the new node in the place of the first of them, and the indexes keep the text's
/// order (a run of the same character next to another would be one run, so a match never has
/// nothing between its runs).
pub(super) fn emphasis(pieces: Vec<Piece>, max_height: usize) -> Vec<Piece> {
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
pub(super) fn finish(pieces: Vec<Piece>) -> Vec<Node> {
    let mut out: Vec<Node> = Vec::new();
    // A text goes on the text before it.
    let push = |out: &mut Vec<Node>, node: Node| match (out.last_mut(), node) {
        (_, Node::Text(s)) if s.is_empty() => {}
        (Some(Node::Text(t)), Node::Text(s)) => t.push_str(&s),
        (_, node) => out.push(node),
    };
    for piece in pieces {
        match piece {
            Piece::Text(s) => push(&mut out, Node::Text(s)),
            Piece::Node(node) => push(&mut out, node),
            Piece::Flat(kids) => kids.into_iter().for_each(|kid| push(&mut out, kid)),
            Piece::Delim { c, left, .. } => push(&mut out, Node::Text(c.to_string().repeat(left))),
            Piece::Open { image, .. } => push(
                &mut out,
                Node::Text(if image { "![" } else { "[" }.to_owned()),
            ),
        }
    }
    out
}
