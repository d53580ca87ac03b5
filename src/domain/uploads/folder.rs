//! A folder upload's rules (ui.md, "folder upload"): which files are left out (hidden and system
//! files), the folders to make first (parents before children), the name the chosen folder gets
//! when one of that name is there already (`<name> (1)`), and what the batch says of itself.
use super::super::files::{new_name_problem, size_words};
use super::super::text::grouped;

/// Names a system writes beside the user's files: never uploaded.
const SYSTEM_NAMES: [&str; 4] = [".DS_Store", "Thumbs.db", "desktop.ini", "__MACOSX"];

/// Whether a file at relative path `rel` (`root/a/b.txt`) is left out: one of its segments is
/// hidden (starts with `.`) or a system name (`.DS_Store`, `Thumbs.db`, `desktop.ini`,
/// `__MACOSX`, whatever the case).
pub fn left_out(rel: &str) -> bool {
    rel.split('/')
        .filter(|s| !s.is_empty())
        .any(|s| s.starts_with('.') || SYSTEM_NAMES.iter().any(|n| n.eq_ignore_ascii_case(s)))
}

/// One chosen (or dropped) folder, ready to upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderPlan {
    /// The chosen folder's own name.
    pub root: String,
    /// The folders to make inside it, relative to it (`a`, `a/b`), parents first.
    pub folders: Vec<String>,
    /// The files to upload: (position in the input, path relative to the chosen folder).
    pub files: Vec<(usize, String)>,
    /// The files that cannot be uploaded: (path relative to the chosen folder, why).
    pub refused: Vec<(String, String)>,
    /// Hidden and system files left out.
    pub skipped: usize,
}

/// The folders of `paths` (each `root/a/b.txt`, the chosen folder first; a folder with nothing
/// in it ends with `/`), one plan per chosen folder, in the order they first appear. A path
/// without a folder (a loose file) belongs to none and is not in any plan.
pub fn plan_folders<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<FolderPlan> {
    let mut plans: Vec<FolderPlan> = Vec::new();
    for (i, path) in paths.into_iter().enumerate() {
        let is_dir = path.ends_with('/');
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let Some((&root, inner)) = segs.split_first() else {
            continue;
        };
        if inner.is_empty() && !is_dir {
            continue;
        }
        let at = match plans.iter().position(|p| p.root == root) {
            Some(at) => at,
            None => {
                plans.push(FolderPlan {
                    root: root.to_owned(),
                    folders: Vec::new(),
                    files: Vec::new(),
                    refused: Vec::new(),
                    skipped: 0,
                });
                plans.len() - 1
            }
        };
        let plan = &mut plans[at];
        let rel = inner.join("/");
        if left_out(&rel) {
            if !is_dir {
                plan.skipped += 1;
            }
            continue;
        }
        let dirs = if is_dir {
            inner
        } else {
            &inner[..inner.len() - 1]
        };
        let bad = std::iter::once(&root)
            .chain(dirs)
            .find_map(|d| new_name_problem(d).map(|p| (d, p)));
        if let Some(bad) = bad {
            if !is_dir {
                plan.refused.push((
                    rel,
                    format!("Its folder “{}” cannot be made: {}", bad.0, bad.1),
                ));
            }
            continue;
        }
        for depth in 1..=dirs.len() {
            let folder = dirs[..depth].join("/");
            if !plan.folders.contains(&folder) {
                plan.folders.push(folder);
            }
        }
        if !is_dir {
            plan.files.push((i, rel));
        }
    }
    for plan in &mut plans {
        // Parents first: a parent is a prefix of its children, segment by segment.
        crate::domain::sort_small(&mut plan.folders, |a, b| a.split('/').cmp(b.split('/')));
    }
    plans
}

/// The name the chosen folder gets among `taken` (the names in the folder it goes to): its own,
/// else `<name> (1)`, `<name> (2)`… (a folder's name keeps its dots: `v1.2 (1)`).
pub fn free_folder_name(root: &str, taken: &[String]) -> String {
    if !taken.iter().any(|t| t == root) {
        return root.to_owned();
    }
    (1..)
        .map(|n| format!("{root} ({n})"))
        .find(|c| !taken.iter().any(|t| t == c))
        .unwrap_or_else(|| root.to_owned())
}

fn files_words(n: usize) -> String {
    match n {
        1 => "1 file".to_owned(),
        n => format!("{} files", grouped(n as u64)),
    }
}

/// What the compliance dialog says of a folder: `tree: 50 files (3.4 MB); 2 hidden or system
/// files left out.`
pub fn folder_words(root: &str, files: usize, bytes: u64, skipped: usize) -> String {
    let mut out = format!("{root}: {} ({})", files_words(files), size_words(bytes));
    match skipped {
        0 => out.push('.'),
        1 => out.push_str("; 1 hidden or system file left out."),
        n => out.push_str(&format!(
            "; {} hidden or system files left out.",
            grouped(n as u64)
        )),
    }
    out
}

/// A batch's files and bytes in words: `12 of 50 files, 1.2 MB of 3.4 MB`.
pub fn batch_progress_words(files_done: usize, files: usize, done: u64, total: u64) -> String {
    format!(
        "{} of {}, {} of {}",
        grouped(files_done as u64),
        files_words(files),
        size_words(done),
        size_words(total)
    )
}

/// What a cancelled batch says: what was stored, and what was not.
pub fn batch_cancelled_words(stored: usize, files: usize, bytes: u64) -> String {
    match stored {
        0 => "Cancelled: no file of this folder was stored.".to_owned(),
        n => format!(
            "Cancelled: {} of {} stored ({}); the rest was not uploaded.",
            grouped(n as u64),
            files_words(files),
            size_words(bytes)
        ),
    }
}

/// What an ended batch says: every file stored, or how many failed.
pub fn batch_end_words(stored: usize, failed: usize, cancelled: usize, files: usize) -> String {
    if stored == files {
        return format!("Done: {} stored.", files_words(files));
    }
    let mut parts = vec![format!(
        "{} of {} stored",
        grouped(stored as u64),
        files_words(files)
    )];
    if failed > 0 {
        parts.push(format!("{} failed (each says why)", grouped(failed as u64)));
    }
    if cancelled > 0 {
        parts.push(format!(
            "{} cancelled or skipped",
            grouped(cancelled as u64)
        ));
    }
    format!("{}.", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_and_system_files_are_left_out_and_counted() {
        assert!(left_out("a/.hidden"));
        assert!(left_out(".git/config"));
        assert!(left_out("a/.DS_Store"));
        assert!(left_out("THUMBS.DB"));
        assert!(left_out("b/Desktop.ini"));
        assert!(left_out("__MACOSX/a/._x.txt"));
        assert!(!left_out("a/b.c/notes.txt"));
        assert!(!left_out("a/readme"));
        let plans = plan_folders([
            "tree/top.txt",
            "tree/.secret",
            "tree/a/.DS_Store",
            "tree/a/b/deep.csv",
            "tree/__MACOSX/x",
            "tree/.git/HEAD",
        ]);
        assert_eq!(plans.len(), 1);
        let p = &plans[0];
        assert_eq!(p.root, "tree");
        assert_eq!(p.skipped, 4);
        assert_eq!(
            p.files,
            [(0, "top.txt".to_owned()), (3, "a/b/deep.csv".to_owned())]
        );
        assert_eq!(p.folders, ["a", "a/b"]);
    }

    #[test]
    fn folders_come_parents_first_whatever_the_order_of_the_files() {
        let plans = plan_folders([
            "r/z/y/x/f1",
            "r/a b/f2",
            "r/z/f3",
            "r/a b/c#d/f4",
            "r/empty/",
            "r/z/y/f5",
        ]);
        let p = &plans[0];
        assert_eq!(p.folders, ["a b", "a b/c#d", "empty", "z", "z/y", "z/y/x"]);
        for (i, f) in p.folders.iter().enumerate() {
            if let Some((parent, _)) = f.rsplit_once('/') {
                let at = p.folders.iter().position(|x| x == parent).unwrap();
                assert!(at < i, "{parent} before {f}");
            }
        }
        assert_eq!(p.files.len(), 5, "an empty folder is a folder, not a file");
    }

    #[test]
    fn loose_files_belong_to_no_folder_and_two_folders_are_two_plans() {
        let plans = plan_folders(["loose.txt", "one/a", "two/b/c", "one/d"]);
        let roots: Vec<&str> = plans.iter().map(|p| p.root.as_str()).collect();
        assert_eq!(roots, ["one", "two"]);
        assert_eq!(plans[0].files, [(1, "a".to_owned()), (3, "d".to_owned())]);
        assert_eq!(plans[1].folders, ["b"]);
    }

    #[test]
    fn a_folder_no_store_can_keep_refuses_its_files_and_says_why() {
        let plans = plan_folders(["r/ok/f", "r/bad\u{202e}/g"]);
        let p = &plans[0];
        assert_eq!(p.files, [(0, "ok/f".to_owned())]);
        assert_eq!(p.folders, ["ok"]);
        assert_eq!(p.refused.len(), 1);
        assert!(p.refused[0].1.contains("cannot be made"));
        let plans = plan_folders(["bad\u{202e}root/f"]);
        assert!(plans[0].files.is_empty());
        assert_eq!(
            plans[0].refused.len(),
            1,
            "a root no store can keep sends nothing"
        );
    }

    #[test]
    fn a_root_that_exists_becomes_name_1_then_2() {
        let taken = |n: &[&str]| n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(free_folder_name("tree", &taken(&["other"])), "tree");
        assert_eq!(free_folder_name("tree", &taken(&["tree"])), "tree (1)");
        assert_eq!(
            free_folder_name("tree", &taken(&["tree", "tree (1)"])),
            "tree (2)"
        );
        assert_eq!(free_folder_name("v1.2", &taken(&["v1.2"])), "v1.2 (1)");
        assert_eq!(free_folder_name("Tree", &taken(&["tree"])), "Tree");
    }

    #[test]
    fn the_batch_says_its_files_bytes_and_what_was_left_out() {
        assert_eq!(
            folder_words("tree", 3, 1500, 2),
            "tree: 3 files (1.5 KB); 2 hidden or system files left out."
        );
        assert_eq!(folder_words("t", 1, 1, 0), "t: 1 file (1 byte).");
        assert_eq!(
            batch_progress_words(1, 3, 500, 1500),
            "1 of 3 files, 500 bytes of 1.5 KB"
        );
        assert_eq!(
            batch_cancelled_words(2, 5, 2000),
            "Cancelled: 2 of 5 files stored (2.0 KB); the rest was not uploaded."
        );
        assert_eq!(
            batch_cancelled_words(0, 5, 0),
            "Cancelled: no file of this folder was stored."
        );
        assert_eq!(batch_end_words(3, 0, 0, 3), "Done: 3 files stored.");
        assert_eq!(
            batch_end_words(2, 1, 0, 3),
            "2 of 3 files stored, 1 failed (each says why)."
        );
    }
}
