//! The workspace file service's storage (api.md, "Workspace file service"): real files on disk
//! under a temporary directory of this server, laid out as CHORUS's disk store lays them out —
//! `<base>/<store>/workspaces/workspace<ID>/<relative path>`, a multipart upload's parts under
//! `<base>/<store>/.multipart/<uploadId>/part-<n>` — plus what is kept in memory: the uploads
//! under way, the stores turned off through the dev API, the compliance messages received.
//!
//! Paths come from clients: [`FilePath::parse`] refuses every segment `.` or `..`, a NUL, a
//! backslash, an empty segment and a segment longer than 255 bytes before anything touches the
//! disk, so no path can leave its workspace (CHORUS resolves `..` and does leave it:
//! devserver/README.md, "Workspace files").

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::SystemTime;

use serde::Serialize;

use crate::config::Flavor;
use crate::error::{ApiError, ApiResult};

/// The configured stores, in CHORUS's order (`order` 1, 2): name, type, description (ours,
/// CHORUS's).
const STORES: [(&str, &str, &str, &str); 2] = [
    (
        "archive",
        "minio",
        "Object storage",
        "Object storage backed file store",
    ),
    (
        "disk",
        "disk",
        "Local disk storage",
        "Local disk storage - intended for local development only",
    ),
];

/// What CHORUS's disk store allows in one part at most: `min_part_size`, 5 MiB.
pub(crate) const MIN_PART_SIZE: u64 = 5 * 1024 * 1024;
/// `multipart_max_total_parts`.
pub(crate) const MAX_TOTAL_PARTS: u64 = 10_000;

/// `WorkspaceFileStoreInfo`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct StoreInfo {
    pub name: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub description: &'static str,
    pub status: &'static str,
}

/// A multipart upload under way.
#[derive(Clone, Debug)]
pub(crate) struct Upload {
    pub workspace: u64,
    pub store: String,
    /// Where the file goes (the URL's path, relative to the workspace).
    pub rel: String,
    /// The size declared at the start.
    pub size: u64,
    /// The parts received: number → (ETag, size).
    pub parts: BTreeMap<u64, (String, u64)>,
}

/// One compliance message (`complianceMessage` of a create or an upload's start).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Compliance {
    pub workspace_id: String,
    pub path: String,
    pub message: String,
}

#[derive(Default)]
pub(crate) struct FilesState {
    /// Stores turned off through `PUT /api/dev/stores`.
    pub disabled: BTreeSet<String>,
    pub uploads: HashMap<String, Upload>,
    /// Every compliance message, in the order received.
    pub compliance: Vec<Compliance>,
    /// The last one per workspace.
    pub last_compliance: BTreeMap<u64, String>,
}

/// The file area of a running server. Its directory goes when the server does.
pub(crate) struct Files {
    base: PathBuf,
    flavor: Flavor,
    state: Mutex<FilesState>,
}

/// A path as a client sent it, checked: `[/]<store>[/<relative>][/]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FilePath {
    /// As sent (error messages quote it so).
    pub raw: String,
    pub store: String,
    /// Relative to the workspace, without a leading or trailing `/`; `""` for its root.
    pub rel: String,
    /// It ended with `/`: a directory.
    pub dir: bool,
}

impl FilePath {
    /// `400 INVALID_REQUEST "Invalid path: <raw>"` for a segment `.` or `..`, an empty segment
    /// inside the path, a NUL, a backslash, or a segment longer than 255 bytes (a filesystem's
    /// limit). Names may hold spaces, any Unicode (also direction overrides) and markup.
    pub fn parse(raw: &str) -> ApiResult<FilePath> {
        let invalid = || ApiError::invalid(format!("Invalid path: {raw}"));
        if raw.contains('\0') || raw.contains('\\') {
            return Err(invalid());
        }
        let trimmed = raw.strip_prefix('/').unwrap_or(raw);
        let (store, rest) = trimmed.split_once('/').unwrap_or((trimmed, ""));
        let dir = rest.ends_with('/') || (rest.is_empty() && trimmed.ends_with('/'));
        let rel = rest.strip_suffix('/').unwrap_or(rest);
        let bad = |s: &str| s.is_empty() || s == "." || s == ".." || s.len() > 255;
        if (!store.is_empty() && bad(store)) || (!rel.is_empty() && rel.split('/').any(bad)) {
            return Err(invalid());
        }
        Ok(FilePath {
            raw: raw.to_string(),
            store: store.to_string(),
            rel: rel.to_string(),
            dir,
        })
    }

    /// `/<store>/<rel>`, with the trailing `/` of a directory.
    pub fn wire(&self, is_dir: bool) -> String {
        let mut s = format!("/{}/{}", self.store, self.rel);
        if is_dir && !self.rel.is_empty() {
            s.push('/');
        }
        s
    }

    /// CHORUS's storage key: `workspaces/workspace<ID>/<rel>` (a directory's with its `/`).
    pub fn key(&self, workspace: u64, is_dir: bool) -> String {
        let mut s = format!("workspaces/workspace{workspace}/{}", self.rel);
        if is_dir && !self.rel.is_empty() {
            s.push('/');
        }
        s
    }

    /// The last segment (`""` for the root).
    pub fn name(&self) -> &str {
        self.rel.rsplit('/').next().unwrap_or("")
    }

    /// The path one level down.
    pub fn child(&self, name: &str) -> FilePath {
        let rel = if self.rel.is_empty() {
            name.to_string()
        } else {
            format!("{}/{name}", self.rel)
        };
        FilePath {
            raw: String::new(),
            store: self.store.clone(),
            rel,
            dir: false,
        }
    }
}

/// The MIME type a reply gives a file: CHORUS's disk store says `application/octet-stream` for
/// everything but `.txt` (seen); ours guesses from more extensions.
pub(crate) fn mime_type(name: &str, chorus: bool) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if chorus {
        return if ext == "txt" {
            "text/plain"
        } else {
            "application/octet-stream"
        };
    }
    match ext.as_str() {
        "txt" | "log" => "text/plain",
        "csv" => "text/csv",
        "tsv" => "text/tab-separated-values",
        "md" => "text/markdown",
        "html" | "htm" => "text/html",
        "json" => "application/json",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        "tar" => "application/x-tar",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "tif" | "tiff" => "image/tiff",
        "py" => "text/x-python",
        "r" => "text/x-r",
        "ipynb" => "application/x-ipynb+json",
        "parquet" => "application/vnd.apache.parquet",
        _ => "application/octet-stream",
    }
}

/// A workspace's demo files: `raw/` with two CSV files, `docs/README.txt`, an empty `scratch/`,
/// `notes.txt`.
fn seed_files(name: &str) -> [(&'static str, String); 4] {
    [
        (
            "raw/samples.csv",
            "sample_id,subject,collected_on,site,volume_ml\n\
             S-0001,P-017,2025-01-06,Lausanne,4.5\n\
             S-0002,P-017,2025-01-20,Lausanne,4.2\n\
             S-0003,P-023,2025-01-21,Geneva,5.0\n\
             S-0004,P-031,2025-02-03,Bern,3.8\n"
                .to_string(),
        ),
        (
            "raw/measurements.csv",
            "sample_id,assay,value,unit,qc\n\
             S-0001,glucose,5.4,mmol/L,pass\n\
             S-0001,hba1c,38,mmol/mol,pass\n\
             S-0002,glucose,6.1,mmol/L,pass\n\
             S-0003,glucose,4.9,mmol/L,fail\n\
             S-0004,hba1c,41,mmol/mol,pass\n"
                .to_string(),
        ),
        (
            "docs/README.txt",
            format!(
                "{name}: shared files\n\n\
                 raw/      data as it came from the instruments (do not edit)\n\
                 scratch/  anything temporary\n\n\
                 Data leaves this workspace only through an approved request.\n"
            ),
        ),
        (
            "notes.txt",
            format!("Notes of {name}\n- check the QC failures in raw/measurements.csv\n"),
        ),
    ]
}

impl Files {
    /// A fresh directory under the system's temporary one, with every workspace's demo files.
    pub(crate) fn new(flavor: Flavor, workspaces: &[(u64, String)]) -> Files {
        let mut rng = fastrand::Rng::new();
        let root = super::area::root();
        sweep_stale(&root);
        let base = root.join(format!(
            "devserver-files-{}-{:016x}",
            std::process::id(),
            rng.u64(..)
        ));
        let files = Files {
            base,
            flavor,
            state: Mutex::new(FilesState::default()),
        };
        files.reset(workspaces);
        files
    }

    fn chorus(&self) -> bool {
        self.flavor == Flavor::Chorus
    }

    /// Back to the seed: every file, upload, compliance message and dev switch gone.
    pub(crate) fn reset(&self, workspaces: &[(u64, String)]) {
        *self.state() = FilesState::default();
        let _ = std::fs::remove_dir_all(&self.base);
        let seeded: &[&str] = if self.chorus() {
            &["disk"]
        } else {
            &["archive", "disk"]
        };
        for store in seeded {
            for (ws, name) in workspaces {
                let root = self.workspace_dir(store, *ws);
                for (rel, text) in seed_files(name) {
                    let path = root.join(rel);
                    if let Some(parent) = path.parent() {
                        let _ = std::fs::create_dir_all(parent);
                    }
                    let _ = std::fs::write(path, text);
                }
                let _ = std::fs::create_dir_all(root.join("scratch"));
            }
        }
    }

    /// The state, poisoning shrugged off (as `state::lock`, which the store may not import).
    pub(crate) fn state(&self) -> MutexGuard<'_, FilesState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The directory the files live in.
    pub fn base(&self) -> &Path {
        &self.base
    }

    /// `GET …/stores`: both stores. CHORUS as a running one answered with MinIO off (status
    /// words capitalised: `Ready`, `Disabled`); ours both ready, lower case as api.md has it.
    pub(crate) fn store_infos(&self) -> Vec<StoreInfo> {
        let st = self.state();
        STORES
            .iter()
            .map(|&(name, kind, ours, theirs)| {
                let off = st.disabled.contains(name) || (self.chorus() && name == "archive");
                let status = match (self.chorus(), off) {
                    (true, true) => "Disabled",
                    (true, false) => "Ready",
                    (false, true) => "disabled",
                    (false, false) => "ready",
                };
                StoreInfo {
                    name,
                    kind,
                    description: if self.chorus() { theirs } else { ours },
                    status,
                }
            })
            .collect()
    }

    /// `400 Unknown file store: <name>` / `400 File store <name> is disabled`.
    pub(crate) fn check_store(&self, name: &str) -> ApiResult<()> {
        let Some(info) = self.store_infos().into_iter().find(|s| s.name == name) else {
            return Err(ApiError::invalid(format!("Unknown file store: {name}")));
        };
        if info.status.eq_ignore_ascii_case("disabled") {
            return Err(ApiError::invalid(format!("File store {name} is disabled")));
        }
        Ok(())
    }

    /// The names of the stores (for the dev API's check).
    pub(crate) fn store_names() -> impl Iterator<Item = &'static str> {
        STORES.iter().map(|s| s.0)
    }

    /// `<base>/<store>/workspaces/workspace<ID>`.
    pub(crate) fn workspace_dir(&self, store: &str, workspace: u64) -> PathBuf {
        self.base
            .join(store)
            .join("workspaces")
            .join(format!("workspace{workspace}"))
    }

    /// Where a checked path lives on disk.
    pub(crate) fn locate(&self, workspace: u64, p: &FilePath) -> PathBuf {
        let mut path = self.workspace_dir(&p.store, workspace);
        for seg in p.rel.split('/').filter(|s| !s.is_empty()) {
            path.push(seg);
        }
        path
    }

    /// `<base>/<store>/.multipart/<uploadId>` (the id is ours: 32 hex digits).
    pub(crate) fn upload_dir(&self, store: &str, upload_id: &str) -> PathBuf {
        self.base.join(store).join(".multipart").join(upload_id)
    }

    /// Records a compliance message (a non-empty one).
    pub(crate) fn comply(&self, workspace: u64, path: &str, message: &str) {
        if message.is_empty() {
            return;
        }
        let mut st = self.state();
        st.last_compliance.insert(workspace, message.to_string());
        st.compliance.push(Compliance {
            workspace_id: workspace.to_string(),
            path: path.to_string(),
            message: message.to_string(),
        });
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.base);
    }
}

/// Removes the file areas of servers that were killed (no `Drop`): `devserver-files-<pid>-…`
/// whose process is gone (or a zombie). Only where `/proc` tells (Linux).
fn sweep_stale(tmp: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix("devserver-files-")
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        // Gone, or a zombie (`/proc/<pid>/stat`: `pid (name) Z …`).
        let alive = std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|stat| {
                let state = stat.rsplit_once(") ")?.1.chars().next()?;
                Some(state != 'Z' && state != 'X')
            })
            .unwrap_or(false);
        if !alive {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// `(partSize, totalParts)` of a file of `size` bytes (CHORUS's `computePartSize`).
pub(crate) fn part_plan(size: u64) -> (u64, u64) {
    if size <= MIN_PART_SIZE {
        return (size, 1);
    }
    let part = MIN_PART_SIZE.max(size.div_ceil(MAX_TOTAL_PARTS));
    (part, size.div_ceil(part))
}

/// An entry's modification time.
pub(crate) fn modified(meta: &std::fs::Metadata) -> SystemTime {
    meta.modified().unwrap_or_else(|_| SystemTime::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_checked() {
        let ok = |s: &str| FilePath::parse(s).expect(s);
        let p = ok("/disk/docs/a b.csv");
        assert_eq!(
            (p.store.as_str(), p.rel.as_str(), p.dir),
            ("disk", "docs/a b.csv", false)
        );
        assert_eq!(p.wire(false), "/disk/docs/a b.csv");
        assert_eq!(p.key(1, false), "workspaces/workspace1/docs/a b.csv");
        let d = ok("disk/docs/");
        assert_eq!((d.rel.as_str(), d.dir, d.name()), ("docs", true, "docs"));
        assert_eq!(d.wire(true), "/disk/docs/");
        let root = ok("disk/");
        assert_eq!((root.rel.as_str(), root.dir), ("", true));
        let root = ok("disk");
        assert_eq!((root.store.as_str(), root.rel.as_str()), ("disk", ""));
        ok("/disk/\u{202e}gpj.exe <b>x</b> é");
        for bad in [
            "/disk/../../etc/x",
            "disk/..",
            "disk/./x",
            "../disk/x",
            "disk//x",
            "disk/a\\b",
            "disk/a\0b",
            &format!("disk/{}", "x".repeat(256)),
        ] {
            let e = FilePath::parse(bad).expect_err(bad);
            assert_eq!(e.message, format!("Invalid path: {bad}"));
        }
        ok(&format!("disk/{}", "x".repeat(255)));
    }

    #[test]
    fn parts_as_chorus_plans_them() {
        const MIB: u64 = 1024 * 1024;
        assert_eq!(part_plan(3), (3, 1));
        assert_eq!(part_plan(5 * MIB), (5 * MIB, 1));
        assert_eq!(part_plan(12 * MIB), (5 * MIB, 3));
        let huge = 100_000 * MIB;
        assert_eq!(part_plan(huge), (10 * MIB, 10_000));
    }
}
