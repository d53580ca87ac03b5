//! The house (issue 46): rooms of one size, arrows that point down, no circles. Read from the text
//! of `src/` and `devserver/src/`:
//!
//! - no file holds more than [`MAX_LINES`] lines of code, tests aside (blank lines, comments and
//!   `#[cfg(test)]` items do not count; `tests.rs` and `*_tests.rs` files are tests);
//! - in the console, a file imports only from its own layer or the layers below it ([`LAYERS`]);
//! - in both crates, no file imports (directly or through others) from a file that imports it
//!   back. A `pub use` re-export is followed to the file that defines the item, and a module's
//!   `mod child;` line is not an import, and what a folder's `mod.rs` (or the crate's root)
//!   shares with the modules under it is their commons: a child using it is not an arrow.
//!
//! Imports are the paths the code names: `use` lines (braces expanded) and paths written in the
//! code (`crate::state::memo(…)`, `super::Ctx`, `child::Thing`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Lines of code a source file may hold, tests aside.
pub const MAX_LINES: usize = 450;

/// The console's layers, lowest first: a file may import from its own layer and the ones before
/// it. A module's layer is that of its first path segment under `src/`.
pub const LAYERS: &[&[&str]] = &[
    &["domain"],
    &["config"],
    &["api"],
    &["routes"],
    &["state"],
    &["components"],
    &["pages"],
    &["app", "lib", "main"],
];

/// One crate's source: module path (`api::client`) → the file's code, tests removed.
pub struct Crate {
    pub files: BTreeMap<String, Source>,
}

pub struct Source {
    /// Its code with `#[cfg(test)]` items and comments removed.
    pub code: String,
    /// The child modules it declares (`mod child;`).
    pub children: BTreeSet<String>,
}

/// Whether a file is tests only by its name.
pub fn is_test_file(file: &str) -> bool {
    let name = file.rsplit('/').next().unwrap_or(file);
    name == "tests.rs" || name.ends_with("_tests.rs")
}

/// `text` with its comments removed and its string and character literals emptied (`""`), line
/// breaks kept: what is left is code only.
pub fn lex(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                if chars[i] == '\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 2;
        } else if c == '"' || (c == 'r' && matches!(next, Some('"' | '#')) && raw_start(&chars, i))
        {
            // A string: `"…"` with escapes, or a raw `r#"…"#`.
            let hashes = if c == 'r' {
                let mut n = 0;
                i += 1;
                while chars.get(i) == Some(&'#') {
                    n += 1;
                    i += 1;
                }
                Some(n)
            } else {
                None
            };
            i += 1;
            out.push_str("\"\"");
            while i < chars.len() {
                match (chars[i], hashes) {
                    ('\\', None) => i += 1,
                    ('"', None) => break,
                    ('"', Some(n)) if (1..=n).all(|k| chars.get(i + k) == Some(&'#')) => {
                        i += n;
                        break;
                    }
                    ('\n', _) => out.push('\n'),
                    _ => {}
                }
                i += 1;
            }
            i += 1;
        } else if c == '\'' && (chars.get(i + 2) == Some(&'\'') || next == Some('\\')) {
            // A character literal (`'"'`, `'\n'`); a lifetime (`'a`) is code.
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Whether an `r` at `i` starts a raw string (`r"` or `r#"`), not ends a word (`bar"`).
fn raw_start(chars: &[char], i: usize) -> bool {
    let word_before = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
    let mut j = i + 1;
    while chars.get(j) == Some(&'#') {
        j += 1;
    }
    !word_before && chars.get(j) == Some(&'"')
}

/// The code of `text` (see [`lex`]) without its `#[cfg(test)]` items (a `mod tests;` line or a
/// braced item), one entry per line that holds code.
pub fn code_of(text: &str) -> Vec<String> {
    let text = lex(text);
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.starts_with("#[cfg(test)]") {
            // Skip the item that follows: up to its `;` or its closing brace.
            let mut depth = 0i64;
            let mut opened = false;
            for item in lines.by_ref() {
                depth += item.matches('{').count() as i64 - item.matches('}').count() as i64;
                opened |= item.contains('{');
                if (opened && depth <= 0) || (!opened && item.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        if !trimmed.is_empty() {
            out.push(line.to_string());
        }
    }
    out
}

/// Lines of code, tests aside.
pub fn lines_of_code(text: &str) -> usize {
    code_of(text).len()
}

impl Crate {
    /// A crate from `(module, text)` pairs (for the rules' own test).
    pub fn of(sources: &[(&str, &str)]) -> Crate {
        let files = sources
            .iter()
            .map(|(module, text)| {
                let code = code_of(text).join("\n");
                let children = declared_modules(&code);
                (module.to_string(), Source { code, children })
            })
            .collect();
        Crate { files }
    }
}

/// Reads a crate's `src/`: module paths from file paths (`a/b.rs` and `a/b/mod.rs` are `a::b`;
/// `lib.rs` and `main.rs` are their own names, as roots).
pub fn read_crate(repo: &Path, src: &str) -> Crate {
    let mut paths = Vec::new();
    super::rust_files(&repo.join(src), &mut paths);
    let mut files = BTreeMap::new();
    for path in paths {
        let file = path
            .strip_prefix(repo)
            .expect("under the repository")
            .to_string_lossy()
            .replace('\\', "/");
        if is_test_file(&file) {
            continue;
        }
        let rel = file[src.len() + 1..].trim_end_matches(".rs");
        let module = rel.trim_end_matches("/mod").replace('/', "::");
        let text = std::fs::read_to_string(&path).expect("read a source file");
        let code = code_of(&text).join("\n");
        let children = declared_modules(&code);
        files.insert(module, Source { code, children });
    }
    Crate { files }
}

/// `mod x;` / `pub(crate) mod x;` lines.
fn declared_modules(code: &str) -> BTreeSet<String> {
    code.lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l.strip_suffix(';')?;
            let at = rest.find("mod ")?;
            let head = &rest[..at];
            let visibility_only = head.is_empty() || head.trim_start().starts_with("pub");
            let name = rest[at + 4..].trim();
            (visibility_only && is_ident(name)).then(|| name.to_string())
        })
        .collect()
}

fn is_ident(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

/// Whether a line starts a `use` statement, and after what (`pub use …` re-exports).
fn use_start(line: &str) -> Option<(bool, &str)> {
    let line = line.trim_start();
    if let Some(rest) = line.strip_prefix("use ") {
        return Some((false, rest));
    }
    let rest = line.strip_prefix("pub")?;
    let rest = match rest.strip_prefix('(') {
        Some(r) => &r[r.find(')')? + 1..],
        None => rest,
    };
    Some((true, rest.trim_start().strip_prefix("use ")?))
}

/// A `use` statement's paths with braces expanded, and whether it re-exports (`pub use`).
fn use_statements(code: &str) -> Vec<(bool, Vec<String>)> {
    let mut out = Vec::new();
    let mut lines = code.lines();
    while let Some(line) = lines.next() {
        let Some((public, first)) = use_start(line) else {
            continue;
        };
        let mut tree = first.to_string();
        while !tree.contains(';') {
            let Some(more) = lines.next() else { break };
            tree.push(' ');
            tree.push_str(more);
        }
        let tree = without_renames(tree.split(';').next().unwrap_or(""));
        let mut paths = Vec::new();
        expand("", &tree, &mut paths);
        out.push((public, paths));
    }
    out
}

/// The code without its `use` statements.
fn without_uses(code: &str) -> String {
    let mut out = Vec::new();
    let mut inside = false;
    for line in code.lines() {
        if !inside && use_start(line).is_some() {
            inside = !line.contains(';');
            continue;
        }
        if inside {
            inside = !line.contains(';');
            continue;
        }
        out.push(line);
    }
    out.join("\n")
}

/// A use tree with its whitespace and its `as` renames removed (`a::{B as C, d}` → `a::{B,d}`).
fn without_renames(tree: &str) -> String {
    let mut out = String::new();
    let mut tokens = tree.split_whitespace();
    while let Some(token) = tokens.next() {
        if token == "as" {
            // Keep what closes after the new name (`C},` → `},`).
            let name = tokens.next().unwrap_or("");
            out.extend(name.chars().filter(|c| matches!(c, ',' | '}')));
        } else {
            out.push_str(token);
        }
    }
    out
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e` (`self` is the module itself).
fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let join = |p: &str, s: &str| {
        if p.is_empty() {
            s.to_string()
        } else if s == "self" {
            p.trim_end_matches("::").to_string()
        } else {
            format!("{p}{s}")
        }
    };
    let Some(open) = tree.find('{') else {
        out.push(join(prefix, tree));
        return;
    };
    let head = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut depth = 0;
    let mut start = 0;
    let prefix = join(prefix, head);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                if !inner[start..i].is_empty() {
                    expand(&prefix, &inner[start..i], out);
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    if !inner[start..].is_empty() {
        expand(&prefix, &inner[start..], out);
    }
}

/// Paths written in the code outside `use` lines: `crate::…`, `super::…`, `self::…` and
/// `child::…` for a declared child module.
fn written_paths(code: &str, children: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i] as char;
        let starts_word = (c.is_ascii_alphabetic() || c == '_')
            && (i == 0 || {
                let b = bytes[i - 1] as char;
                !(b.is_ascii_alphanumeric() || b == '_' || b == ':')
            });
        if !starts_word {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < bytes.len() {
            let b = bytes[j] as char;
            if b.is_ascii_alphanumeric()
                || b == '_'
                || (b == ':' && bytes.get(j + 1) == Some(&b':'))
            {
                j += if b == ':' { 2 } else { 1 };
            } else {
                break;
            }
        }
        let path = code[i..j].trim_end_matches(':');
        let first = path.split("::").next().unwrap_or("");
        if path.contains("::")
            && (matches!(first, "crate" | "super" | "self") || children.contains(first))
        {
            out.push(path.to_string());
        }
        i = j.max(i + 1);
    }
    out
}

/// `path` as written in module `module` made absolute (`crate::a::b`), or `None` for another
/// crate's path.
fn absolute(module: &str, path: &str, children: &BTreeSet<String>) -> Option<Vec<String>> {
    let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<String> = if module == "lib" || module == "main" {
        Vec::new()
    } else {
        module.split("::").map(String::from).collect()
    };
    match segments.first().copied() {
        Some("crate") => {
            segments.remove(0);
            base.clear();
        }
        Some("self") => {
            segments.remove(0);
        }
        Some("super") => {
            while segments.first() == Some(&"super") {
                segments.remove(0);
                base.pop();
            }
        }
        Some(first) if children.contains(first) => {}
        _ => return None,
    }
    base.extend(segments.into_iter().map(String::from));
    Some(base)
}

/// The module a crate path lands in: its longest prefix that is a file, and the item named
/// after that prefix (if any), followed through that file's `pub use` re-exports.
fn resolve(krate: &Crate, path: &[String], hops: usize) -> Option<String> {
    let mut at = None;
    for n in (1..=path.len()).rev() {
        let module = path[..n].join("::");
        if krate.files.contains_key(&module) {
            at = Some((module, n));
            break;
        }
    }
    let (module, n) = at.or_else(|| krate.files.contains_key("lib").then(|| ("lib".into(), 0)))?;
    let Some(item) = path.get(n) else {
        return Some(module);
    };
    if hops > 8 {
        return Some(module);
    }
    let source = &krate.files[&module];
    for (public, paths) in use_statements(&source.code) {
        if !public {
            continue;
        }
        for p in paths {
            let last = p.rsplit("::").next().unwrap_or("");
            if last == item || last == "*" {
                if let Some(abs) = absolute(&module, &p, &source.children) {
                    let mut target = abs;
                    if last == "*" {
                        target.pop();
                        target.push(item.clone());
                    }
                    if let Some(found) = resolve(krate, &target, hops + 1) {
                        if found != module && (last != "*" || defines(krate, &found, item)) {
                            return Some(found);
                        }
                    }
                }
            }
        }
    }
    Some(module)
}

/// Whether a module's code seems to define `item` (for glob re-exports).
fn defines(krate: &Crate, module: &str, item: &str) -> bool {
    let code = &krate.files[module].code;
    [
        "fn ",
        "struct ",
        "enum ",
        "const ",
        "static ",
        "type ",
        "trait ",
        "mod ",
        "macro_rules! ",
    ]
    .iter()
    .any(|k| code.contains(&format!("{k}{item}")))
}

/// Whether `target` is `module` itself or one of its ancestors (the crate's root included): what a
/// folder's `mod.rs` shares with its children is the folder's commons, and a child using it is
/// not an arrow of its own (the parent naming its children is the folder's structure; a parent
/// that also uses a child's items would otherwise make every folder a circle).
fn is_commons(module: &str, target: &str) -> bool {
    target == module
        || target == "lib"
        || target == "main"
        || module.starts_with(&format!("{target}::"))
}

/// Module → the modules it imports (itself, its ancestors and `pub use` re-exports left out).
pub fn imports(krate: &Crate) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph = BTreeMap::new();
    for (module, source) in &krate.files {
        let mut to = BTreeSet::new();
        for abs in paths_of(module, source) {
            if let Some(target) = resolve(krate, &abs, 0) {
                if !is_commons(module, &target) {
                    to.insert(target);
                }
            }
        }
        graph.insert(module.clone(), to);
    }
    graph
}

/// Module → the top modules its paths name (`crate::pages::x` names `pages` even when `x` is a
/// re-export of something lower: the text still points up).
pub fn named(krate: &Crate) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for (module, source) in &krate.files {
        let tops = paths_of(module, source)
            .into_iter()
            .filter_map(|abs| abs.first().cloned())
            .filter(|top| krate.files.contains_key(top) && !is_commons(module, top))
            .collect();
        out.insert(module.clone(), tops);
    }
    out
}

/// The absolute paths a module's code names (`use` lines but re-exports, and written paths).
fn paths_of(module: &str, source: &Source) -> Vec<Vec<String>> {
    let mut wanted: Vec<String> = Vec::new();
    for (public, paths) in use_statements(&source.code) {
        if !public {
            wanted.extend(paths);
        }
    }
    wanted.extend(written_paths(&without_uses(&source.code), &source.children));
    wanted
        .iter()
        .filter_map(|path| absolute(module, path, &source.children))
        .collect()
}

/// A module's layer (its index in [`LAYERS`]), by its first segment.
pub fn layer(module: &str) -> Option<usize> {
    let first = module.split("::").next().unwrap_or(module);
    LAYERS.iter().position(|names| names.contains(&first))
}

/// `a → b` where `b` sits in a higher layer than `a`.
pub fn upward(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut found = Vec::new();
    for (from, tos) in graph {
        for to in tos {
            if let (Some(a), Some(b)) = (layer(from), layer(to)) {
                if b > a {
                    found.push(format!("{from} → {to}"));
                }
            }
        }
    }
    found
}

/// The import circles: each strongly connected group of more than one module, as `a ⇄ b ⇄ c`.
pub fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    // Tarjan's algorithm, iterative enough for a few hundred modules (recursion is fine here).
    struct Walk<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        groups: Vec<Vec<&'a str>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a str) {
            self.index.insert(v, self.next);
            self.low.insert(v, self.next);
            self.next += 1;
            self.stack.push(v);
            self.on_stack.insert(v);
            let graph = self.graph;
            for w in graph.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !graph.contains_key(w) {
                    continue;
                }
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.on_stack.contains(w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut group = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    group.push(w);
                    if w == v {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort_unstable();
                    self.groups.push(group);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        groups: Vec::new(),
    };
    for v in graph.keys() {
        if !walk.index.contains_key(v.as_str()) {
            walk.visit(v);
        }
    }
    let mut out: Vec<String> = walk
        .groups
        .iter()
        .map(|g| {
            let edges: Vec<String> = g
                .iter()
                .flat_map(|a| {
                    graph[*a]
                        .iter()
                        .filter(|b| g.contains(&b.as_str()))
                        .map(move |b| format!("    {a} → {b}"))
                })
                .collect();
            format!("{}\n{}", g.join(" ⇄ "), edges.join("\n"))
        })
        .collect();
    out.sort_unstable();
    out
}
