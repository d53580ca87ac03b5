//! Rules of the source that keep the bundle small (issue 30), checked on the text of `src/`.
//! Leptos's reactive constructors are generic over the function they are given, so each call
//! compiles its own copy of the machinery under it; the console's wrappers box the function (or
//! erase the value) and share one copy. A call to the original anywhere else would bring a copy
//! back without any test noticing, so this test reads the source.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

/// What may not be written in `src/`, what to write instead, and the one file that may.
const RULES: &[(&str, &str, &str)] = &[
    ("Memo::new(", "crate::state::memo", "src/state/mod.rs"),
    ("Effect::new(", "crate::state::effect", "src/state/mod.rs"),
    (
        "LocalResource::new(",
        "crate::state::resource",
        "src/state/resource.rs",
    ),
    ("<Show", "components::when::When", "src/components/when.rs"),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src/") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Where `text`'s code (comments left out) writes one of the [`RULES`]' patterns, outside the
/// file allowed to: `file:line: pattern (use …)`.
fn breaches(file: &str, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for (pattern, instead, allowed) in RULES {
            // An occurrence counts when it starts a word (not `ArcMemo::new(`) and, for a tag,
            // ends the tag's name (not `<ShowLet`).
            let written = code.match_indices(pattern).any(|(i, _)| {
                let before = code[..i].chars().next_back();
                let after = code[i + pattern.len()..].chars().next();
                let inside_a_word = before.is_some_and(|c| c.is_alphanumeric() || c == '_');
                let longer_tag =
                    pattern.starts_with('<') && after.is_some_and(char::is_alphanumeric);
                !inside_a_word && !longer_tag
            });
            if written && file != *allowed {
                found.push(format!("{file}:{}: {pattern} (use {instead})", n + 1));
            }
        }
    }
    found
}

#[test]
fn reactive_constructors_go_through_the_shared_wrappers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    assert!(files.len() > 50, "found only {} files in src/", files.len());
    let mut found = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read a source file");
        let file = path
            .strip_prefix(root)
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        found.extend(breaches(&file, &text));
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_rules_see_what_they_forbid_and_nothing_else() {
    let text = "let a = Memo::new(move |_| 1);\n\
                // Memo::new( in a comment is fine\n\
                let b = ArcMemo::new(move |_| 1);\n\
                view! { <Show when=move || true>\"x\"</Show> }\n\
                view! { <ShowLet/> }\n\
                view! { <ShowLet/><Show when=f>\"y\"</Show> }\n\
                let r = LocalResource::new(f); let e = Effect::new(g);\n\
                let m = crate::state::memo(move |_| 1);";
    let found = breaches("src/x.rs", text);
    assert_eq!(
        found,
        [
            "src/x.rs:1: Memo::new( (use crate::state::memo)",
            "src/x.rs:4: <Show (use components::when::When)",
            "src/x.rs:6: <Show (use components::when::When)",
            "src/x.rs:7: Effect::new( (use crate::state::effect)",
            "src/x.rs:7: LocalResource::new( (use crate::state::resource)",
        ]
        .map(String::from)
    );
    assert!(breaches("src/state/mod.rs", "Memo::new(f)").is_empty());
}
