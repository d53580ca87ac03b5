//! Rules of the source that keep the bundle small (issue 30), checked on the text of `src/`.
//! Leptos's reactive constructors are generic over the function they are given, so each call
//! compiles its own copy of the machinery under it; the console's wrappers box the function (or
//! erase the value) and share one copy. A call to the original anywhere else would bring a copy
//! back without any test noticing, so this test reads the source.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

/// What may not be written in `src/`, what to write instead, and the files that may (separated by
/// spaces).
const RULES: &[(&str, &str, &str)] = &[
    ("Memo::new(", "crate::state::memo", "src/state/derived.rs"),
    // `api/` sits below `state/`: its client keeps two counters of its own.
    (
        "RwSignal::new(",
        "crate::state::Slot",
        "src/state/slot.rs src/api/client/handle.rs",
    ),
    ("Effect::new(", "crate::state::effect", "src/state/mod.rs"),
    // `new` and `new_local`; `api/` sits below `state/`: its client keeps its two URLs.
    (
        "StoredValue::new",
        "crate::state::Kept",
        "src/state/kept.rs src/api/client/handle.rs",
    ),
    (
        "LocalResource::new(",
        "crate::state::resource",
        "src/state/resource.rs",
    ),
    ("<Show", "components::when::When", "src/components/when.rs"),
    (
        "<For",
        "components::keyed::Keyed",
        "src/components/keyed.rs",
    ),
    // A view's reactive child, boxed: one render effect for all of them (components/live.rs).
    ("{move ||", "{live(move || …)}, components::live::live", ""),
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
            if written && !allowed.split(' ').any(|a| a == file) {
                found.push(format!("{file}:{}: {pattern} (use {instead})", n + 1));
            }
        }
    }
    found.extend(derived_readers(file, text));
    // A view's `on:event=` goes through the console's `OnAttribute` (the handler boxed), which
    // the file's import puts in the place of Leptos's: without it, Leptos's compiles the
    // listener once per handler. The first such line says so.
    if !text.contains(HANDLERS_BOXED) {
        if let Some(n) = text
            .lines()
            .position(|line| names_a_handler(line.split("//").next().unwrap_or("")))
        {
            found.push(format!("{file}:{}: on: (import {HANDLERS_BOXED})", n + 1));
        }
    }
    found
}

/// The files that may derive `Deserialize`: values the user stored, read strictly (a value that
/// does not read is left as it is, never written over) with the fields this console does not
/// know kept (`#[serde(flatten)]`).
const DERIVED_READERS_ALLOWED: &[&str] = &["src/domain/bookmarks.rs", "src/domain/weblinks.rs"];

/// Where `text`'s code derives `Deserialize` outside [`DERIVED_READERS_ALLOWED`]: a derived
/// reader is serde's walk of the map compiled for each type (and for each `T` of a generic
/// one); the wire types read their fields through `api::wire::common::Fields` (stop 86:
/// 29.1 KB gzip less). A derive list may span lines.
fn derived_readers(file: &str, text: &str) -> Vec<String> {
    if DERIVED_READERS_ALLOWED.contains(&file) {
        return Vec::new();
    }
    let code: String = text
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    for (i, _) in code.match_indices("derive(") {
        let list = &code[i + "derive(".len()..];
        let list = &list[..list.find(')').unwrap_or(list.len())];
        let derives_it = list
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|word| word == "Deserialize");
        if derives_it {
            let line = code[..i].matches('\n').count() + 1;
            found.push(format!(
                "{file}:{line}: derive(Deserialize) (read through api::wire::common::Fields)"
            ));
        }
    }
    found
}

/// The import that boxes a file's event handlers (`src/components/on.rs`).
const HANDLERS_BOXED: &str = "crate::components::on::OnAttribute";

/// Whether `code` has a view's event handler, `on:` and an event's name (lower case) then `=`,
/// where `on` starts a word (not `Session:`).
fn names_a_handler(code: &str) -> bool {
    code.match_indices("on:").any(|(i, _)| {
        let before = code[..i].chars().next_back();
        let name: String = code[i + 3..]
            .chars()
            .take_while(|c| c.is_ascii_lowercase())
            .collect();
        let after = code[i + 3 + name.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !name.is_empty()
            && after == Some('=')
    })
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
                let m = crate::state::memo(move |_| 1);\n\
                let s = RwSignal::new(0); let t = ArcRwSignal::new(0);\n\
                let k = StoredValue::new_local(0); let l = ArcStoredValue::new(0);\n\
                view! { <p>{move || n.get()}</p><p>{live(move || n.get())}</p> }";
    let found = breaches("src/x.rs", text);
    assert_eq!(
        found,
        [
            "src/x.rs:1: Memo::new( (use crate::state::memo)",
            "src/x.rs:4: <Show (use components::when::When)",
            "src/x.rs:6: <Show (use components::when::When)",
            "src/x.rs:7: Effect::new( (use crate::state::effect)",
            "src/x.rs:7: LocalResource::new( (use crate::state::resource)",
            "src/x.rs:9: RwSignal::new( (use crate::state::Slot)",
            "src/x.rs:10: StoredValue::new (use crate::state::Kept)",
            "src/x.rs:11: {move || (use {live(move || …)}, components::live::live)",
        ]
        .map(String::from)
    );
    assert_eq!(
        breaches(
            "src/y.rs",
            "// on:click= in a comment\nlet s = \"Session:x=\";\nview! { <b on:click=f/> }"
        ),
        ["src/y.rs:3: on: (import crate::components::on::OnAttribute)"]
    );
    assert!(breaches(
        "src/y.rs",
        "use crate::components::on::OnAttribute;\nview! { <b on:click=f/> }"
    )
    .is_empty());
    assert_eq!(
        breaches(
            "src/api/wire/x.rs",
            "#[derive(Debug, Deserialize)]\nstruct A;\n// #[derive(Deserialize)]\n\
             #[derive(Serialize)]\nstruct B;\n#[derive(\n    Clone,\n    serde::Deserialize,\n)]\n\
             struct C;\nimpl<'de> Deserialize<'de> for B {}\nfn f<D: Deserializer>() {}"
        ),
        [
            "src/api/wire/x.rs:1: derive(Deserialize) (read through api::wire::common::Fields)",
            "src/api/wire/x.rs:6: derive(Deserialize) (read through api::wire::common::Fields)",
        ]
    );
    assert!(breaches(
        "src/domain/bookmarks.rs",
        "#[derive(Serialize, Deserialize)]"
    )
    .is_empty());
    assert!(breaches("src/state/derived.rs", "Memo::new(f)").is_empty());
    assert!(breaches("src/api/client/handle.rs", "RwSignal::new(0)").is_empty());
    assert!(breaches("src/state/kept.rs", "StoredValue::new_local(v)").is_empty());
}

#[path = "source_rules/house.rs"]
mod house;

/// The repository's root (the console crate's manifest directory).
fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn no_room_is_larger_than_the_limit() {
    let mut over = Vec::new();
    for src in ["src", "devserver/src"] {
        let mut files = Vec::new();
        rust_files(&repo().join(src), &mut files);
        for path in files {
            let file = path.strip_prefix(repo()).expect("under the repository");
            let file = file.to_string_lossy().replace('\\', "/");
            if house::is_test_file(&file) {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read a source file");
            let n = house::lines_of_code(&text);
            if n > house::MAX_LINES {
                over.push(format!(
                    "{file}: {n} lines of code (at most {})",
                    house::MAX_LINES
                ));
            }
        }
    }
    assert!(
        over.is_empty(),
        "split these by what changes together:\n{}",
        over.join("\n")
    );
}

#[test]
fn the_console_s_arrows_point_down_and_never_come_back() {
    let console = house::read_crate(repo(), "src");
    let graph = house::imports(&console);
    let unlayered: Vec<_> = graph.keys().filter(|m| house::layer(m).is_none()).collect();
    assert!(
        unlayered.is_empty(),
        "give these a layer in house::LAYERS: {unlayered:?}"
    );
    let mut up = house::upward(&graph);
    up.extend(house::upward(&house::named(&console)));
    assert!(
        up.is_empty(),
        "imports from a higher layer:\n{}",
        up.join("\n")
    );
    let round = house::circles(&graph);
    assert!(round.is_empty(), "import circles:\n{}", round.join("\n"));
}

#[test]
fn the_dev_server_s_modules_import_in_one_direction() {
    let devserver = house::read_crate(repo(), "devserver/src");
    let round = house::circles(&house::imports(&devserver));
    assert!(round.is_empty(), "import circles:\n{}", round.join("\n"));
}

#[test]
fn the_house_rules_see_sizes_arrows_and_circles() {
    let long = "fn f() {}\n".repeat(house::MAX_LINES + 1);
    let tested = format!(
        "{}// a comment\n\n#[cfg(test)]\nmod tests {{\n{}}}\n#[cfg(test)]\nmod more;\n",
        "fn f() {}\n".repeat(house::MAX_LINES),
        "    fn t() {}\n".repeat(50)
    );
    assert_eq!(house::lines_of_code(&long), house::MAX_LINES + 1);
    assert_eq!(house::lines_of_code(&tested), house::MAX_LINES);
    assert!(house::is_test_file("src/domain/tabs/tests.rs"));
    assert!(house::is_test_file("src/domain/members_tests.rs"));

    let krate = house::Crate::of(&[
        (
            "lib",
            "mod domain;\nmod pages;\nmod state;\npub struct Root;",
        ),
        (
            "domain",
            "mod rules;\npub use rules::Rule;\nuse crate::Root;",
        ),
        (
            "domain::rules",
            "pub struct Rule;\nfn f() { let _ = crate::pages::page_href(); }",
        ),
        (
            "state",
            "use crate::domain::{Rule, rules::Rule as R};\nuse super::Root;\n\
             pub fn watch() {}\n// crate::pages::a in a comment\nlet s = \"use crate::pages;\";",
        ),
        ("pages", "mod home;\nmod list;\npub fn page_href() {}"),
        (
            "pages::home",
            "use crate::state::{\n    watch,\n};\nfn v() { super::list::rows(); }",
        ),
        ("pages::list", "pub fn rows() { crate::pages::home::v(); }"),
        ("pages::home_href", "pub use crate::domain::Rule;"),
        ("state::links", "fn f() { crate::pages::home_href::Rule; }"),
    ]);
    let graph = house::imports(&krate);
    // The re-export is followed to the file that defines `Rule`; the root and a parent are the
    // commons of what is under them; a path in a comment is not an import.
    assert_eq!(graph["state"].iter().collect::<Vec<_>>(), ["domain::rules"]);
    assert!(graph["domain"].is_empty());
    assert_eq!(house::upward(&graph), ["domain::rules → pages".to_string()]);
    // Through a re-export the item lives lower, but the text names a higher layer.
    assert!(graph["state::links"].contains("domain::rules"));
    assert_eq!(
        house::upward(&house::named(&krate)),
        [
            "domain::rules → pages".to_string(),
            "state::links → pages".to_string()
        ]
    );
    let round = house::circles(&graph);
    assert_eq!(round.len(), 1, "{round:?}");
    assert!(
        round[0].starts_with("pages::home ⇄ pages::list\n"),
        "{round:?}"
    );
}
