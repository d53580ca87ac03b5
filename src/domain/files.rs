//! A workspace's files (api.md, "Workspace file service"; ui.md, "Data"): paths, names, sizes
//! in words, the order of a folder, the parts of an upload and how fast it goes.
//!
//! A path is `/<store>/<folder>/<name>`, a folder's ends with `/`. The console never sends a
//! segment `.` or `..`: a running CHORUS (0978bc77) resolves them and leaves the workspace
//! (`/disk/../../etc/x` was written outside it), so every name is checked here first.

use crate::domain::text::shown;

/// A store of the workspace as the console shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    pub name: String,
    pub kind: String,
    pub description: String,
    pub status: StoreStatus,
}

/// Whether a store can be opened (`ready`; CHORUS 0978bc77 wrote `Ready`, `Disabled`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreStatus {
    Ready,
    Disconnected,
    Disabled,
    Unknown(String),
}

impl StoreStatus {
    /// From the wire, whatever the case.
    pub fn parse(s: &str) -> Self {
        match s.trim().to_ascii_lowercase().as_str() {
            "ready" => Self::Ready,
            "disconnected" => Self::Disconnected,
            "disabled" => Self::Disabled,
            _ => Self::Unknown(s.trim().to_owned()),
        }
    }

    /// In words, for a store that cannot be opened.
    pub fn words(&self) -> String {
        match self {
            Self::Ready => "ready".to_owned(),
            Self::Disconnected => "not reachable".to_owned(),
            Self::Disabled => "turned off".to_owned(),
            Self::Unknown(s) if s.is_empty() => "status not reported".to_owned(),
            Self::Unknown(s) => format!("status “{s}”"),
        }
    }
}

/// One entry of a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The full path, `/<store>/…` (a folder's ends with `/`).
    pub path: String,
    pub name: String,
    pub is_folder: bool,
    pub size: u64,
    pub mime_type: String,
    /// RFC 3339 as sent (may be empty).
    pub updated_at: String,
}

/// Why `name` cannot be a file or folder name, in words (`None`: it can).
pub fn name_problem(name: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
        return Some("A name is needed.");
    }
    if name == "." || name == ".." {
        return Some("“.” and “..” are not names.");
    }
    if name.contains('/') || name.contains('\\') {
        return Some("A name cannot contain “/” or “\\”.");
    }
    if name.chars().any(char::is_control) {
        return Some("A name cannot contain control characters.");
    }
    if name.len() > 255 {
        return Some("A name can be at most 255 bytes long.");
    }
    None
}

/// Why `name` cannot be the name of a file or folder the console makes (a new folder, a rename,
/// an upload), in words: [`name_problem`], and no bidirectional control (`domain::text`). A
/// path that already holds one (written by other means) is still opened, renamed, deleted and
/// requested: [`name_problem`] alone guards paths, and views show such names with markers.
pub fn new_name_problem(name: &str) -> Option<&'static str> {
    name_problem(name).or_else(|| crate::domain::text::bidi_problem(name))
}

/// The segments of a folder path inside its store (`"/disk/a/b/"` → `["a", "b"]`), without empty
/// ones.
pub fn folder_segments(folder: &str) -> Vec<&str> {
    folder.split('/').filter(|s| !s.is_empty()).collect()
}

/// A folder path as kept in the page's address (`a/b`, no store, no slashes at the ends), made
/// safe: a segment `.`, `..` or with a control character ends it there (a hostile link).
pub fn clean_folder(folder: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for s in folder.split('/').filter(|s| !s.is_empty()) {
        if name_problem(s).is_some() {
            break;
        }
        out.push(s);
    }
    out.join("/")
}

/// The full path of `name` in `folder` of `store` (`/disk/a/b/name`, `/` added for a folder).
pub fn join(store: &str, folder: &str, name: &str, is_folder: bool) -> String {
    let mut p = format!("/{store}/");
    for s in folder_segments(folder) {
        p.push_str(s);
        p.push('/');
    }
    p.push_str(name);
    if is_folder {
        p.push('/');
    }
    p
}

/// The path segments after the store of a full path (`/disk/a/b.csv` → `["a", "b.csv"]`), or
/// `None` when it is not in `store` or a segment is not a name.
pub fn inner_segments<'a>(store: &str, path: &'a str) -> Option<Vec<&'a str>> {
    let mut parts = path.trim_start_matches('/').split('/');
    if parts.next()? != store {
        return None;
    }
    let segs: Vec<&str> = parts.filter(|s| !s.is_empty()).collect();
    segs.iter()
        .all(|s| name_problem(s).is_none())
        .then_some(segs)
}

/// The breadcrumb of `folder` in `store`: `(label, folder)` from the store's root down (a
/// label shows a bidirectional control as a marker, `domain::text::shown`).
pub fn breadcrumb(store: &str, folder: &str) -> Vec<(String, String)> {
    let mut out = vec![(shown(store).into_owned(), String::new())];
    let mut acc = String::new();
    for s in folder_segments(folder) {
        if !acc.is_empty() {
            acc.push('/');
        }
        acc.push_str(s);
        out.push((shown(s).into_owned(), acc.clone()));
    }
    out
}

/// Folders first, then by name (case-insensitive, then exact), stable. Each name is lowered
/// once, not at each comparison (a folder of 100,000 entries: issue 50).
pub fn sort_entries(entries: &mut [Entry]) {
    let keys: Vec<(bool, String)> = entries
        .iter()
        .map(|e| (!e.is_folder, e.name.to_lowercase()))
        .collect();
    let mut order: Vec<usize> = (0..entries.len()).collect();
    crate::domain::sort_small(&mut order, |&a, &b| {
        keys[a]
            .cmp(&keys[b])
            .then_with(|| entries[a].name.cmp(&entries[b].name))
    });
    // Position i takes the entry now at order[i]: each cycle of the permutation in swaps.
    let mut placed = vec![false; order.len()];
    for start in 0..order.len() {
        let mut i = start;
        while !placed[i] {
            placed[i] = true;
            let from = order[i];
            if from == start {
                break;
            }
            entries.swap(i, from);
            i = from;
        }
    }
}

/// A size in words: `0 bytes`, `1 byte`, `512 bytes`, `1.4 MB` (powers of 1000, one decimal
/// below 10, a tie to the even digit). In whole numbers of 64 bits: with `f64` formatting, every
/// page that says a size waited for core's float printing (about 10 KB gzip of chunks, issue 58),
/// and `u128` would bring its own division and printing.
pub fn size_words(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["KB", "MB", "GB", "TB", "PB", "EB"];
    if bytes == 1 {
        return "1 byte".to_owned();
    }
    if bytes < 1000 {
        return format!("{bytes} bytes");
    }
    // Each unit is a power of 1000: even, and `unit / 20 * 19` is exactly 0.95 of it.
    let mut unit: u64 = 1000;
    let mut i = 0;
    loop {
        let (whole, rem) = (bytes / unit, bytes % unit);
        // At least 999.95 of this unit: said in the next.
        let next = whole > 999 || (whole == 999 && rem >= unit / 20 * 19);
        if !next || i + 1 == UNITS.len() {
            break;
        }
        unit *= 1000;
        i += 1;
    }
    let (whole, rem) = (bytes / unit, bytes % unit);
    if whole < 9 || (whole == 9 && rem < unit / 20 * 19) {
        let tenths_rem = rem * 10;
        let tenths = round_even(whole * 10 + tenths_rem / unit, tenths_rem % unit, unit);
        format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[i])
    } else {
        format!("{} {}", round_even(whole, rem, unit), UNITS[i])
    }
}

/// `whole + rem / unit` rounded to a whole number, a tie to the even one (`rem` < `unit`, `unit`
/// even).
pub fn round_even(whole: u64, rem: u64, unit: u64) -> u64 {
    let half = unit / 2;
    if rem > half || (rem == half && whole % 2 == 1) {
        whole + 1
    } else {
        whole
    }
}

/// A type in words from the MIME type and the name: `Folder`, `CSV`, `PDF`, else the name's
/// extension in capitals, else `File`.
pub fn kind_words(entry: &Entry) -> String {
    if entry.is_folder {
        return "Folder".to_owned();
    }
    match entry.name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() && ext.len() <= 8 => {
            ext.to_uppercase()
        }
        _ if !entry.mime_type.is_empty() && entry.mime_type != "application/octet-stream" => {
            entry.mime_type.clone()
        }
        _ => "File".to_owned(),
    }
}

/// A name like `name` that none of `taken` has: `report (1).csv`, `report (2).csv`…
pub fn free_name(name: &str, taken: &[String]) -> String {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, format!(".{e}")),
        _ => (name, String::new()),
    };
    (1..)
        .map(|n| format!("{stem} ({n}){ext}"))
        .find(|c| !taken.iter().any(|t| t == c))
        .unwrap_or_else(|| name.to_owned())
}

/// Where a file of `folder` can be moved in one step (ui.md, "row actions"): up to the folder
/// above, or into one of the folders beside it (`siblings`, their names). Each is (the target
/// folder as kept in the address, its words for the `Move to` select). Going further takes
/// several moves, one level at a time.
pub fn move_targets(folder: &str, siblings: &[String]) -> Vec<(String, String)> {
    let segments = folder_segments(folder);
    let mut out = Vec::new();
    if let Some((_, above)) = segments.split_last() {
        let words = match above.last() {
            Some(parent) => format!("Up to {}", shown(parent)),
            None => "Up to the store's top folder".to_owned(),
        };
        out.push((above.join("/"), words));
    }
    for name in siblings {
        if name_problem(name).is_some() {
            continue;
        }
        let target = if segments.is_empty() {
            name.clone()
        } else {
            format!("{}/{name}", segments.join("/"))
        };
        out.push((target, format!("Into {}", shown(name))));
    }
    out
}

/// The folders beside the one a file is in (its parent's other folders, `parent_folders` by
/// name), as more places to [`move_targets`]: `Beside <current>: <name>`. Nothing for a file
/// at the store's top (it has no folder beside it).
pub fn beside_targets(folder: &str, parent_folders: &[String]) -> Vec<(String, String)> {
    let segments = folder_segments(folder);
    let Some((current, above)) = segments.split_last() else {
        return Vec::new();
    };
    parent_folders
        .iter()
        .filter(|name| name.as_str() != *current && name_problem(name).is_none())
        .map(|name| {
            let target = if above.is_empty() {
                name.clone()
            } else {
                format!("{}/{name}", above.join("/"))
            };
            (
                target,
                format!("Over to {} (beside {})", shown(name), shown(current)),
            )
        })
        .collect()
}

/// How the backend cut an upload: part `n` (1-based) is bytes `range(n)` of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartPlan {
    pub size: u64,
    pub part_size: u64,
    pub total_parts: u64,
}

impl PartPlan {
    /// The plan of an `initiate` reply, checked against the file's size: a reply that does not
    /// cover the file exactly is refused in words (nothing is sent).
    pub fn new(size: u64, part_size: u64, total_parts: u64) -> Result<Self, String> {
        if part_size == 0 || total_parts == 0 {
            return Err("The backend gave no part size for this upload.".to_owned());
        }
        if total_parts > 10_000 {
            return Err(format!(
                "The backend cut this upload into {total_parts} parts; at most 10000 are allowed."
            ));
        }
        if size.div_ceil(part_size) != total_parts {
            return Err(format!(
                "The backend's parts ({total_parts} of {}) do not cover a file of {}.",
                size_words(part_size),
                size_words(size)
            ));
        }
        Ok(Self {
            size,
            part_size,
            total_parts,
        })
    }

    /// Bytes `[start, end)` of part `n` (1-based).
    pub fn range(&self, n: u64) -> (u64, u64) {
        let start = (n - 1) * self.part_size;
        (start, (start + self.part_size).min(self.size))
    }
}

/// Whether the backend's receipt for part `asked` can be kept for the upload's completion: an
/// etag that is there, printable and of a sane length, for this part (CHORUS echoes the part's
/// number; a receipt without one is taken as this part's). Anything else is refused in words.
pub fn part_receipt(asked: u64, got_number: u64, etag: &str) -> Result<String, String> {
    let etag = etag.trim();
    if got_number != 0 && got_number != asked {
        return Err(format!(
            "The backend's receipt for part {asked} names part {got_number}."
        ));
    }
    if etag.is_empty() {
        return Err(format!(
            "The backend's receipt for part {asked} has no etag."
        ));
    }
    if etag.len() > 256 || etag.chars().any(|c| !c.is_ascii_graphic()) {
        return Err(format!(
            "The backend's receipt for part {asked} has an etag that cannot be one."
        ));
    }
    Ok(etag.to_owned())
}

/// How fast a transfer goes, from the last few seconds only (not from its start): samples of
/// (time in ms, bytes done).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RateMeter {
    samples: Vec<(f64, u64)>,
}

/// The window the rate is measured over (ms).
pub const RATE_WINDOW_MS: f64 = 5_000.0;

impl RateMeter {
    /// Notes that `done` bytes were done at `now_ms`.
    pub fn note(&mut self, now_ms: f64, done: u64) {
        self.samples.push((now_ms, done));
        // Keep one sample older than the window, so the window is always covered.
        while self.samples.len() > 2 && now_ms - self.samples[1].0 > RATE_WINDOW_MS {
            self.samples.remove(0);
        }
    }

    /// When progress was last noted (`None`: not yet): where a stall is counted from.
    pub fn last_at(&self) -> Option<f64> {
        self.samples.last().map(|(t, _)| *t)
    }

    /// Bytes per second over the window; `None` before a second's worth of samples.
    pub fn rate(&self) -> Option<f64> {
        let (t0, b0) = *self.samples.first()?;
        let (t1, b1) = *self.samples.last()?;
        let dt = t1 - t0;
        (dt >= 1_000.0 && b1 >= b0).then(|| (b1 - b0) as f64 * 1000.0 / dt)
    }

    /// Seconds left for `total` bytes at the current rate.
    pub fn seconds_left(&self, total: u64) -> Option<f64> {
        let rate = self.rate().filter(|r| *r > 0.0)?;
        let done = self.samples.last()?.1;
        Some(total.saturating_sub(done) as f64 / rate)
    }
}

/// A rate in words: `2.5 MB/s`.
pub fn rate_words(bytes_per_s: f64) -> String {
    format!("{}/s", size_words(bytes_per_s.max(0.0) as u64))
}

/// Time left in words: `about 5 s left`, `about 3 min left`, `about 2 h left`.
pub fn time_left_words(seconds: f64) -> String {
    let s = seconds.max(0.0).ceil() as u64;
    if s < 60 {
        format!("about {} s left", s.max(1))
    } else if s < 3_600 {
        format!("about {} min left", s.div_ceil(60))
    } else {
        format!("about {} h left", s.div_ceil(3_600))
    }
}

/// The compliance statements a user confirms before an upload (ui.md, "upload"); what is sent as
/// `complianceMessage` is [`compliance_message`] of them.
pub const COMPLIANCE_STATEMENTS: [&str; 3] = [
    "I am allowed to bring these files into this workspace.",
    "The files hold no personal data beyond what the project's approval covers.",
    "The files are free of malware, to the best of my knowledge.",
];

/// The `complianceMessage` of the confirmed statements.
pub fn compliance_message(statements: &[&str]) -> String {
    format!("Confirmed: {}", statements.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, folder: bool) -> Entry {
        Entry {
            path: join("disk", "", name, folder),
            name: name.to_owned(),
            is_folder: folder,
            size: 0,
            mime_type: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn names_that_would_leave_the_folder_are_refused() {
        for bad in [
            "",
            " ",
            ".",
            "..",
            "a/b",
            "a\\b",
            "a\0b",
            "a\nb",
            &"x".repeat(256),
        ] {
            assert!(name_problem(bad).is_some(), "{bad:?}");
        }
        for good in [
            "a b.csv",
            "..hidden",
            "résumé.pdf",
            "\u{202e}txt.exe",
            "<img src=x onerror=alert(1)>",
            &"x".repeat(255),
        ] {
            assert!(name_problem(good).is_none(), "{good:?}");
        }
    }

    #[test]
    fn a_hostile_folder_in_the_address_stops_at_the_first_bad_segment() {
        assert_eq!(clean_folder("/a//b/"), "a/b");
        assert_eq!(clean_folder("a/../../etc"), "a");
        assert_eq!(clean_folder("./x"), "");
        assert_eq!(clean_folder("a/b\0c/d"), "a");
    }

    #[test]
    fn paths_join_and_split() {
        assert_eq!(join("disk", "a/b", "c d.csv", false), "/disk/a/b/c d.csv");
        assert_eq!(join("disk", "", "new", true), "/disk/new/");
        assert_eq!(
            inner_segments("disk", "/disk/a/b.csv"),
            Some(vec!["a", "b.csv"])
        );
        assert_eq!(inner_segments("disk", "/disk/a/"), Some(vec!["a"]));
        assert_eq!(inner_segments("disk", "/archive/a"), None);
        assert_eq!(inner_segments("disk", "/disk/../x"), None);
    }

    #[test]
    fn the_breadcrumb_leads_up_the_path() {
        assert_eq!(
            breadcrumb("disk", "a/b"),
            vec![
                ("disk".to_owned(), String::new()),
                ("a".to_owned(), "a".to_owned()),
                ("b".to_owned(), "a/b".to_owned())
            ]
        );
        assert_eq!(
            breadcrumb("disk", "a\u{202e}b"),
            vec![
                ("disk".to_owned(), String::new()),
                ("a<U+202E>b".to_owned(), "a\u{202e}b".to_owned())
            ]
        );
    }

    #[test]
    fn folders_come_first_then_names() {
        let mut v = vec![
            entry("b.csv", false),
            entry("Zed", true),
            entry("a.csv", false),
            entry("apple", true),
        ];
        sort_entries(&mut v);
        let names: Vec<_> = v.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["apple", "Zed", "a.csv", "b.csv"]);
        // Many entries in a scrambled order: the same as sorting by the rule directly, stable
        // (the two `X.csv` keep their order, as do entries of the same name).
        let mut many: Vec<Entry> = (0..2_000u32)
            .map(|i| {
                let n = i.wrapping_mul(7_919) % 600;
                let mut e = entry(
                    &format!("{}{n}.csv", if n % 3 == 0 { "S" } else { "s" }),
                    n % 5 == 0,
                );
                e.size = u64::from(i);
                e
            })
            .collect();
        let mut want = many.clone();
        crate::domain::sort_small(&mut want, |a, b| {
            b.is_folder
                .cmp(&a.is_folder)
                .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
                .then_with(|| a.name.cmp(&b.name))
        });
        sort_entries(&mut many);
        assert_eq!(many, want);
    }

    #[test]
    fn sizes_in_words() {
        assert_eq!(size_words(0), "0 bytes");
        assert_eq!(size_words(1), "1 byte");
        assert_eq!(size_words(999), "999 bytes");
        assert_eq!(size_words(1_400_000), "1.4 MB");
        assert_eq!(size_words(209_715_200), "210 MB");
        assert_eq!(size_words(999_999), "1.0 MB");
        assert_eq!(size_words(u64::MAX), "18 EB");
        // The edges of each form, in whole numbers as `f64` formatting would say them.
        assert_eq!(size_words(1_000), "1.0 KB");
        assert_eq!(size_words(9_949), "9.9 KB");
        assert_eq!(size_words(9_950), "10 KB");
        assert_eq!(size_words(999_949), "1000 KB");
        assert_eq!(size_words(999_950), "1.0 MB");
        assert_eq!(size_words(1_250), "1.2 KB");
        assert_eq!(size_words(1_350), "1.4 KB");
        assert_eq!(size_words(12_500_000_000), "12 GB");
        assert_eq!(size_words(5_000_000_000_000_000_000), "5.0 EB");
    }

    #[test]
    fn kinds_in_words() {
        assert_eq!(kind_words(&entry("x", true)), "Folder");
        assert_eq!(kind_words(&entry("a.csv", false)), "CSV");
        assert_eq!(kind_words(&entry(".bashrc", false)), "File");
        let mut e = entry("README", false);
        e.mime_type = "text/plain".to_owned();
        assert_eq!(kind_words(&e), "text/plain");
    }

    #[test]
    fn keep_both_finds_a_free_name() {
        let taken = vec!["a.csv".to_owned(), "a (1).csv".to_owned()];
        assert_eq!(free_name("a.csv", &taken), "a (2).csv");
        assert_eq!(free_name("README", &[]), "README (1)");
        assert_eq!(free_name(".env", &[]), ".env (1)");
    }

    #[test]
    fn a_part_plan_must_cover_the_file() {
        let p = PartPlan::new(12_582_912, 5_242_880, 3).unwrap();
        assert_eq!(p.range(1), (0, 5_242_880));
        assert_eq!(p.range(3), (10_485_760, 12_582_912));
        assert!(PartPlan::new(12_582_912, 5_242_880, 2).is_err());
        assert!(PartPlan::new(10, 0, 1).is_err());
        assert!(PartPlan::new(10, 1, 10).is_ok());
        assert!(PartPlan::new(20_000, 1, 20_000).is_err());
        assert!(PartPlan::new(3, 3, 1).is_ok());
    }

    #[test]
    fn the_rate_comes_from_the_last_seconds() {
        let mut m = RateMeter::default();
        m.note(0.0, 0);
        assert_eq!(m.rate(), None);
        // Slow at first…
        for t in 1u32..=10 {
            m.note(f64::from(t) * 1000.0, u64::from(t) * 1_000);
        }
        // …then fast: the rate is the recent one, not the average since the start.
        for t in 11u32..=20 {
            m.note(
                f64::from(t) * 1000.0,
                10_000 + u64::from(t - 10) * 1_000_000,
            );
        }
        let r = m.rate().unwrap();
        assert!((r - 1_000_000.0).abs() < 1.0, "{r}");
        let left = m.seconds_left(20_000_000).unwrap();
        assert!((left - 9.99).abs() < 0.1, "{left}");
        assert_eq!(time_left_words(9.99), "about 10 s left");
        assert_eq!(time_left_words(61.0), "about 2 min left");
        assert_eq!(time_left_words(3_601.0), "about 2 h left");
        assert_eq!(rate_words(2_500_000.0), "2.5 MB/s");
    }

    #[test]
    fn store_status_in_any_case() {
        assert_eq!(StoreStatus::parse("Ready"), StoreStatus::Ready);
        assert_eq!(StoreStatus::parse("disabled"), StoreStatus::Disabled);
        assert_eq!(
            StoreStatus::parse("Disconnected"),
            StoreStatus::Disconnected
        );
        assert_eq!(StoreStatus::parse("odd").words(), "status “odd”");
    }

    #[test]
    fn a_receipt_is_kept_only_for_its_part_with_a_sane_etag() {
        assert_eq!(
            part_receipt(3, 3, " \"d41d8cd98f00b204e9800998ecf8427e\" ").unwrap(),
            "\"d41d8cd98f00b204e9800998ecf8427e\""
        );
        assert_eq!(part_receipt(3, 0, "abc").unwrap(), "abc");
        for (n, etag, words) in [
            (4, "abc", "names part 4"),
            (3, "", "has no etag"),
            (3, "   ", "has no etag"),
            (3, "ab\u{0}c", "cannot be one"),
            (3, "ab c", "cannot be one"),
            (3, "\u{202e}abc", "cannot be one"),
        ] {
            let e = part_receipt(3, n, etag).unwrap_err();
            assert!(e.contains(words), "{etag:?}: {e}");
        }
        assert!(part_receipt(1, 1, &"a".repeat(257)).is_err());
    }

    #[test]
    fn a_file_moves_over_to_a_folder_beside_its_own() {
        let parent = vec![
            "results 2025".to_owned(),
            "results 2026".to_owned(),
            "..".to_owned(),
            "raw".to_owned(),
        ];
        assert_eq!(
            beside_targets("results 2026", &parent),
            vec![
                (
                    "results 2025".to_owned(),
                    "Over to results 2025 (beside results 2026)".to_owned()
                ),
                (
                    "raw".to_owned(),
                    "Over to raw (beside results 2026)".to_owned()
                )
            ]
        );
        assert_eq!(
            beside_targets("a/b", &["c".to_owned(), "b".to_owned()]),
            vec![("a/c".to_owned(), "Over to c (beside b)".to_owned())]
        );
        assert!(beside_targets("", &parent).is_empty());
    }

    #[test]
    fn a_file_moves_up_or_into_a_folder_beside_it() {
        let siblings = vec!["raw".to_owned(), "..".to_owned(), "b c".to_owned()];
        assert_eq!(
            move_targets("", &siblings),
            vec![
                ("raw".to_owned(), "Into raw".to_owned()),
                ("b c".to_owned(), "Into b c".to_owned())
            ]
        );
        assert_eq!(
            move_targets("x/y", &["z".to_owned()]),
            vec![
                ("x".to_owned(), "Up to x".to_owned()),
                ("x/y/z".to_owned(), "Into z".to_owned())
            ]
        );
        assert_eq!(
            move_targets("x", &[]),
            vec![(String::new(), "Up to the store's top folder".to_owned())]
        );
        // Their words show a bidirectional control as a marker; the folder is as it is.
        assert_eq!(
            move_targets("a\u{202e}b/c", &["d\u{2067}".to_owned()]),
            vec![
                ("a\u{202e}b".to_owned(), "Up to a<U+202E>b".to_owned()),
                (
                    "a\u{202e}b/c/d\u{2067}".to_owned(),
                    "Into d<U+2067>".to_owned()
                )
            ]
        );
    }

    #[test]
    fn a_new_name_holds_no_bidirectional_control() {
        for c in [
            '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{200e}', '\u{200f}', '\u{061c}',
        ] {
            let name = format!("counts{c}xslx.txt");
            assert_eq!(name_problem(&name), None, "a path may hold one");
            assert_eq!(
                new_name_problem(&name),
                Some(crate::domain::text::BIDI_PROBLEM)
            );
        }
        assert_eq!(new_name_problem(".."), name_problem(".."));
        assert_eq!(new_name_problem("a/b"), name_problem("a/b"));
        for good in ["a b.csv", "résumé.pdf", "تقرير.csv", "דוח.txt"] {
            assert_eq!(new_name_problem(good), None, "{good}");
        }
    }
}
