use super::*;

fn text(s: &str) -> Node {
    Node::Text(s.to_owned())
}

fn para(children: Vec<Node>) -> Node {
    Node::Paragraph(children)
}

/// How deep the tree nests (an explicit stack: a deep tree must fail the test, not the stack).
fn depth(nodes: &[Node]) -> usize {
    let mut deepest = 0;
    let mut todo: Vec<(&Node, usize)> = nodes.iter().map(|n| (n, 1)).collect();
    while let Some((node, d)) = todo.pop() {
        deepest = deepest.max(d);
        match node {
            Node::Heading { children, .. }
            | Node::Link { children, .. }
            | Node::Paragraph(children)
            | Node::BlockQuote(children)
            | Node::Emphasis(children)
            | Node::Strong(children)
            | Node::Strikethrough(children) => todo.extend(children.iter().map(|c| (c, d + 1))),
            Node::List { items, .. } => {
                todo.extend(items.iter().flatten().map(|c| (c, d + 2)));
            }
            _ => {}
        }
    }
    deepest
}

/// Every link target in the tree.
fn hrefs(nodes: &[Node]) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo: Vec<&Node> = nodes.iter().collect();
    while let Some(node) = todo.pop() {
        match node {
            Node::Link { href, children } => {
                out.push(href.clone());
                todo.extend(children);
            }
            Node::Heading { children, .. }
            | Node::Paragraph(children)
            | Node::BlockQuote(children)
            | Node::Emphasis(children)
            | Node::Strong(children)
            | Node::Strikethrough(children) => todo.extend(children),
            Node::List { items, .. } => todo.extend(items.iter().flatten()),
            _ => {}
        }
    }
    out
}

#[test]
fn blocks_and_inlines() {
    let doc = parse(
        "# Terms\n\n## Use\n\nPlease read *this* and **that**, `code` and ~~old~~.\n\n\
         - one\n- two\n\n3. three\n4. four\n\n> quoted\n\n---\n\n```\nlet x = 1;\n```\n\nline  \nbreak",
    );
    assert_eq!(
        doc,
        [
            Node::Heading {
                level: 1,
                children: vec![text("Terms")]
            },
            Node::Heading {
                level: 2,
                children: vec![text("Use")]
            },
            para(vec![
                text("Please read "),
                Node::Emphasis(vec![text("this")]),
                text(" and "),
                Node::Strong(vec![text("that")]),
                text(", "),
                Node::Code("code".into()),
                text(" and "),
                Node::Strikethrough(vec![text("old")]),
                text("."),
            ]),
            Node::List {
                start: None,
                items: vec![vec![text("one")], vec![text("two")]]
            },
            Node::List {
                start: Some(3),
                items: vec![vec![text("three")], vec![text("four")]]
            },
            Node::BlockQuote(vec![para(vec![text("quoted")])]),
            Node::Rule,
            Node::CodeBlock("let x = 1;".into()),
            para(vec![text("line"), Node::LineBreak, text("break")]),
        ]
    );
}

#[test]
fn soft_breaks_are_spaces_and_loose_lists_keep_paragraphs() {
    assert_eq!(parse("a\nb"), [para(vec![text("a b")])]);
    assert_eq!(
        parse("- a\n\n- b\n"),
        [Node::List {
            start: None,
            items: vec![vec![para(vec![text("a")])], vec![para(vec![text("b")])]]
        }]
    );
}

#[test]
fn raw_html_is_text() {
    assert_eq!(
        parse("<script>alert(1)</script>"),
        [para(vec![text("<script>alert(1)</script>")])]
    );
    assert_eq!(
        parse("<div>\n<b>bold</b>\n</div>"),
        [para(vec![
            text("<div>"),
            Node::LineBreak,
            text("<b>bold</b>"),
            Node::LineBreak,
            text("</div>")
        ])]
    );
    assert_eq!(
        parse("Hi <img src=x onerror=alert(1)> there <b>x</b>"),
        [para(vec![text(
            "Hi <img src=x onerror=alert(1)> there <b>x</b>"
        )])]
    );
    // Entities are decoded to the characters they stand for, which stay text.
    assert_eq!(
        parse("&lt;script&gt; &amp;"),
        [para(vec![text("<script> &")])]
    );
}

#[test]
fn links_keep_only_web_and_mail_targets() {
    assert_eq!(
        parse("[site](https://example.org/a?b=1) and <mailto:a@b.org> and <HTTP://X.ORG>"),
        [para(vec![
            Node::Link {
                href: "https://example.org/a?b=1".into(),
                children: vec![text("site")]
            },
            text(" and "),
            Node::Link {
                href: "mailto:a@b.org".into(),
                children: vec![text("mailto:a@b.org")]
            },
            text(" and "),
            Node::Link {
                href: "HTTP://X.ORG".into(),
                children: vec![text("HTTP://X.ORG")]
            },
        ])]
    );
    // A reference link too.
    assert_eq!(
        hrefs(&parse("[x][r]\n\n[r]: http://example.org \"t\"")),
        ["http://example.org"]
    );
}

#[test]
fn hostile_link_targets_become_plain_text() {
    for md in [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](< javascript:alert(1)>)",
        "[click](&#106;avascript:alert(1))",
        "[click](&#x6A;&#x61;vascript:alert(1))",
        "[click](&#74;avascript:alert(1))",
        "[click](java&#x09;script:alert(1))",
        "[click](java&#10;script:alert(1))",
        "[click](&#x20;javascript:alert(1))",
        "[click](&#0;javascript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](vbscript:msgbox(1))",
        "[click](VBSCRIPT:msgbox(1))",
        "[click](file:///etc/passwd)",
        "[click](/workspaces/1)",
        "[click](#top)",
        "[click](//evil.example/x)",
        "[click](https)",
        "[click](https:)",
        "[click][r]\n\n[r]: javascript:alert(1)",
    ] {
        let doc = parse(md);
        assert!(hrefs(&doc).is_empty(), "{md}: {doc:?}");
        assert_eq!(doc.first(), Some(&para(vec![text("click")])), "{md}");
    }
    // An autolink with a refused scheme is its text.
    assert_eq!(
        parse("<javascript:alert(1)>"),
        [para(vec![text("javascript:alert(1)")])]
    );
}

#[test]
fn allowed_href_reads_urls_as_a_browser_does() {
    assert_eq!(
        allowed_href(" https://a.org/x "),
        Some("https://a.org/x".into())
    );
    assert_eq!(allowed_href("ht\ttp://a.org"), Some("http://a.org".into()));
    assert_eq!(
        allowed_href("\u{1}mailto:x@y.z"),
        Some("mailto:x@y.z".into())
    );
    for refused in [
        "",
        ":",
        "javascript:alert(1)",
        "\u{0}javascript:x",
        "java\nscript:x",
        " JAVASCRIPT :x",
        "jav&#x61;script:x",
        "data:,x",
        "vbscript:x",
        "https",
        "http:",
        "1http://x",
        "ftp://x",
        "./https://x",
        "/https://x",
    ] {
        assert_eq!(allowed_href(refused), None, "{refused:?}");
    }
}

#[test]
fn images_show_their_alt_text() {
    assert_eq!(
        parse("![a *logo*](https://x.org/l.png) ![x](javascript:alert(1))"),
        [para(vec![text("a logo x")])]
    );
    assert_eq!(
        parse("[![inner](i.png)](https://x.org)"),
        [para(vec![Node::Link {
            href: "https://x.org".into(),
            children: vec![text("inner")]
        }])]
    );
}

#[test]
fn deep_nesting_is_capped() {
    let quotes = format!("{} deep", ">".repeat(10_000));
    let lists = format!("{}deep", "- ".repeat(10_000));
    let ordered = format!("{}deep", "1. ".repeat(10_000));
    let stars = format!("{}deep{}", "*".repeat(10_000), "*".repeat(10_000));
    let mixed = format!("{}deep", "> - *".repeat(3_000));
    let links = format!(
        "{}deep{}",
        "[".repeat(10_000),
        "](https://x.org)".repeat(10_000)
    );
    for md in [quotes, lists, ordered, stars, mixed, links] {
        let doc = parse(&md);
        assert!(depth(&doc) <= MAX_DEPTH + 2, "{}", depth(&doc));
        assert!(plain_text(&doc).contains("deep"));
    }
    // What is nested less deeply keeps its shape.
    let doc = parse(&format!("{} x", ">".repeat(5)));
    assert_eq!(depth(&doc), 7, "five quotes, a paragraph, its text");
}

#[test]
fn a_megabyte_parses() {
    let page = "# Heading\n\nSome *text* with a [link](https://example.org) and `code`.\n\n\
                - item one\n- item two\n  1. nested\n\n> quote <b>html</b>\n\n";
    let mut big = String::new();
    while big.len() < 1_000_000 {
        big.push_str(page);
    }
    let doc = parse(&big);
    assert!(doc.len() > 10_000);
    assert!(depth(&doc) <= MAX_DEPTH + 2);

    // A megabyte of markdown's own characters in a pseudo-random order.
    let alphabet: Vec<char> = "#>*_-+`~[]()<>!\\&;:/\n \t1.xyzé|=".chars().collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut noise = String::new();
    while noise.len() < 1_000_000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        noise.push(alphabet[(seed % alphabet.len() as u64) as usize]);
    }
    let doc = parse(&noise);
    assert!(depth(&doc) <= MAX_DEPTH + 2);
    assert!(hrefs(&doc).iter().all(|h| allowed_href(h).is_some()));
}

#[test]
fn odd_input_does_not_panic() {
    for md in [
        "",
        "\0",
        "\u{feff}# bom",
        "[",
        "]",
        "![",
        "*",
        "`",
        "```",
        "<",
        "<!--",
        "<![CDATA[",
        "[x]: ",
        "- \n-",
        "1.\n",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "[^1]\n\n[^1]: note",
        "\r\n\r\n",
        "\\",
    ] {
        let _ = parse(md);
    }
    assert!(parse("").is_empty());
}

#[test]
fn more_of_commonmark() {
    // Setext headings; a closing run of `#`; indented code; `)` lists; a lazy line.
    assert_eq!(
        parse("Title\n=====\n\nSub\n---\n\n## Two ##\n\n    code\n\n1) a\n2) b\n\n> quote\nlazy"),
        [
            Node::Heading {
                level: 1,
                children: vec![text("Title")]
            },
            Node::Heading {
                level: 2,
                children: vec![text("Sub")]
            },
            Node::Heading {
                level: 2,
                children: vec![text("Two")]
            },
            Node::CodeBlock("code".into()),
            Node::List {
                start: Some(1),
                items: vec![vec![text("a")], vec![text("b")]]
            },
            Node::BlockQuote(vec![para(vec![text("quote lazy")])]),
        ]
    );
    // A nested list in a tight item; a list that does not start at 1 does not end a paragraph.
    assert_eq!(
        parse("- a\n  - b\n\npara\n2. not a list"),
        [
            Node::List {
                start: None,
                items: vec![vec![
                    text("a"),
                    Node::List {
                        start: None,
                        items: vec![vec![text("b")]]
                    }
                ]]
            },
            para(vec![text("para 2. not a list")]),
        ]
    );
    // Emphasis by the delimiter rules: inside words with `*`, not with `_`.
    assert_eq!(
        parse("snake_case_word *a **b** c* x*y*z"),
        [para(vec![
            text("snake_case_word "),
            Node::Emphasis(vec![text("a "), Node::Strong(vec![text("b")]), text(" c")]),
            text(" x"),
            Node::Emphasis(vec![text("y")]),
            text("z"),
        ])]
    );
    // Inline HTML is text, its markdown characters too; an e-mail autolink; references.
    assert_eq!(
        parse("<span title=\"*a*\">x</span> <a@b.org> [r][] [R]\n\n[r]: <https://r.org> 'T'"),
        [para(vec![
            text("<span title=\"*a*\">x</span> "),
            Node::Link {
                href: "mailto:a@b.org".into(),
                children: vec![text("a@b.org")]
            },
            text(" "),
            Node::Link {
                href: "https://r.org".into(),
                children: vec![text("r")]
            },
            text(" "),
            Node::Link {
                href: "https://r.org".into(),
                children: vec![text("R")]
            },
        ])]
    );
    // Code spans, escapes, character references, a backslash line break.
    assert_eq!(
        parse("`` a ` b `` \\*no\\* &#65;&#x42;&copy;&nope; a\\\nb"),
        [para(vec![
            Node::Code("a ` b".into()),
            text(" *no* AB©&nope; a"),
            Node::LineBreak,
            text("b"),
        ])]
    );
    // An HTML comment is one block to its end, blank lines and all.
    assert_eq!(
        parse("<!-- a\n\nb -->\nafter"),
        [
            para(vec![
                text("<!-- a"),
                Node::LineBreak,
                Node::LineBreak,
                text("b -->")
            ]),
            para(vec![text("after")]),
        ]
    );
}

#[test]
fn hostile_runs_parse_in_one_pass() {
    // Each of these was quadratic in a first version of the parser (a megabyte of one took
    // minutes); 200 KB of each must come back at once, depth capped, the text kept.
    for (unit, n) in [
        ("*a", 100_000),
        ("_a_ ", 50_000),
        ("*_~", 60_000),
        ("[", 200_000),
        ("[a](", 50_000),
        ("<!--", 50_000),
        ("<a b=\"", 30_000),
        ("[a]: http://x\n", 15_000),
        ("> a\nb\n", 30_000),
    ] {
        let md = unit.repeat(n);
        let doc = parse(&md);
        assert!(depth(&doc) <= MAX_DEPTH + 2, "{unit}");
        assert!(
            hrefs(&doc).iter().all(|h| allowed_href(h).is_some()),
            "{unit}"
        );
    }
    assert_eq!(
        plain_text(&parse(&"*a".repeat(1_000))).matches('a').count(),
        1_000
    );
}
