//! What the parts of the data page share: [`Ctx`] (the workspace, store, folder, listing, the
//! page's messages and the selection), the [`Listing`] of a folder, what the forms in their
//! chunk read ([`Panels`]), a folder's address ([`data_href`]) and a refusal in words. The page's
//! files use this, never `mod.rs`.
use std::sync::Arc;

use leptos::prelude::*;

use crate::api::{ApiClient, ApiError};
use crate::components::lazy_forms::FormsChunk;
use crate::domain::files::Entry;
use crate::domain::permissions::{Perm, Target};
use crate::domain::text::shown_string;
use crate::state::auth::Auth;
use crate::state::transfers::Transfers;
use crate::state::{Kept, Slot};

/// The address of a folder of the data page.
pub(crate) fn data_href(ws: &str, store: &str, folder: &str) -> String {
    let base = format!("{}/data", crate::routes::workspace_href(ws));
    if store.is_empty() {
        return base;
    }
    let q = |s: &str| crate::api::client::encode_component(s);
    if folder.is_empty() {
        format!("{base}?store={}", q(store))
    } else {
        format!("{base}?store={}&path={}", q(store), q(folder))
    }
}

/// How long "Folder x created." and the like stay on screen, unless new work replaces them.
pub(super) const SAID_FOR: std::time::Duration = std::time::Duration::from_secs(8);

/// What the parts of the page share.
#[derive(Clone, Copy)]
pub(super) struct Ctx {
    pub api: ApiClient,
    pub auth: Auth,
    pub ws: Kept<String>,
    pub store: Signal<String>,
    pub folder: Signal<String>,
    pub listing: crate::state::Resource<Result<Listing, ApiError>>,
    pub said: Slot<Option<String>>,
    /// Takes a success message away after a while ([`SAID_FOR`]).
    pub fade: crate::state::timer::Delay,
    pub failed: Slot<Option<(String, ApiError)>>,
    /// The files picked for a data request (kept across folders, by path).
    pub selected: Slot<Vec<Entry>>,
    /// The backend was found to send a file's bytes (`download_probe.rs`): `Download` is
    /// offered from then on.
    pub download_checked: Slot<bool>,
    /// The selection's request form that is open.
    pub asking: Slot<Option<Asking>>,
    /// The chunk of the page's forms (`dataforms`, pages/lazy.rs), fetched once the page has
    /// shown for who may upload, and by the upload buttons, a drag over the table, the
    /// selection's request buttons; its failure is the upload's (the selection bar has its own:
    /// [`FormsChunk::apart`]).
    pub forms: FormsChunk,
}

/// Which of the selection's request forms is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Asking {
    Extraction,
    Transfer,
}

/// What the forms of the `dataforms` chunk work on (a chunk's forms take no arguments): the
/// page provides it, the request form and the compliance dialog read it.
#[derive(Clone, Copy)]
pub(super) struct Panels {
    pub ctx: Ctx,
    /// What was picked or dropped, waiting for the compliance dialog.
    pub pending_batch: Slot<Option<Pick>>,
    pub transfers: Transfers,
}

/// A folder's entries; `unlisted`: CHORUS could not list the store's root (it has no folder
/// for the workspace until the first file is written there).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Listing {
    /// Where it was listed: two folders with the same entries are still two listings (their
    /// rows' links differ).
    pub store: String,
    pub folder: String,
    /// Folders first, then by name (sorted once, when the reply came). Shared, never copied: a
    /// folder may hold 100,000 entries, and the page's signals pass this on many times.
    pub entries: Arc<Vec<Entry>>,
    pub unlisted: bool,
}

impl Ctx {
    pub fn ws(self) -> String {
        self.ws.try_get_value().unwrap_or_default()
    }

    pub fn may(self, perm: Perm) -> bool {
        self.auth.can_in(perm, &Target::workspace(&self.ws()))
    }

    pub fn fail(self, what: String, e: ApiError) {
        self.said.try_set(None);
        self.failed.try_set(Some((refusal(what, &e), e)));
    }

    /// Says that something was done (until the next action, another folder, or [`SAID_FOR`]),
    /// and lists the folder again.
    pub fn ok(self, words: String) {
        self.failed.try_set(None);
        self.said.try_set(Some(shown_string(&words)));
        let said = self.said;
        self.fade.start(SAID_FOR, move || {
            said.try_set(None);
        });
        self.listing.refetch();
    }

    /// New work begins (another folder, an action opened): what was said of the last one goes.
    pub fn quiet(self) {
        self.fade.cancel();
        if self.said.with_untracked(Option::is_some) {
            self.said.try_set(None);
        }
    }
}

/// A refusal names what is missing in words (`required permission: uploadFilesToWorkspace`
/// becomes "you may not upload files to this workspace"); the permission's id stays in the
/// error's technical detail.
fn refusal(what: String, e: &ApiError) -> String {
    if e.status() != Some(403) {
        return what;
    }
    let words = match e.missing_permission().unwrap_or("") {
        "uploadFilesToWorkspace" => "you may not upload files to this workspace",
        "modifyFilesInWorkspace" => "you may not change files in this workspace",
        "downloadFilesFromWorkspace" => "you may not download files from this workspace",
        "listFilesInWorkspace" => "you may not see this workspace's files",
        _ => return what,
    };
    format!("{what}: {words}.")
}

/// The files of a picker's or a drop's list.
pub(super) fn file_list(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// What was picked or dropped, waiting for the compliance dialog: loose files, and folders.
#[derive(Clone, Default)]
pub(super) struct Pick {
    pub files: Vec<web_sys::File>,
    pub folders: Vec<PickedFolder>,
}

/// A chosen (or dropped) folder, planned (`domain::uploads::folder::plan_folders`).
#[derive(Clone)]
pub(super) struct PickedFolder {
    pub plan: crate::domain::uploads::folder::FolderPlan,
    /// Its files to send: (path relative to it, the file).
    pub files: Vec<(String, web_sys::File)>,
    pub bytes: u64,
}

impl Pick {
    /// Files picked one by one.
    pub fn files(files: Vec<web_sys::File>) -> Self {
        Self {
            files,
            folders: Vec::new(),
        }
    }

    /// What a folder picker or a drop gave: each file with its path from the chosen folder
    /// (`tree/a/b.txt`; a loose file's is its name; an empty folder's ends with `/` and has no
    /// file).
    pub fn of(entries: Vec<(String, Option<web_sys::File>)>) -> Self {
        let plans =
            crate::domain::uploads::folder::plan_folders(entries.iter().map(|(p, _)| p.as_str()));
        let mut pick = Pick::default();
        for (path, file) in &entries {
            if !path.trim_matches('/').contains('/') && !path.ends_with('/') {
                if let Some(f) = file {
                    pick.files.push(f.clone());
                }
            }
        }
        for plan in plans {
            let files: Vec<(String, web_sys::File)> = plan
                .files
                .iter()
                .filter_map(|(i, rel)| Some((rel.clone(), entries.get(*i)?.1.clone()?)))
                .collect();
            let bytes = files.iter().map(|(_, f)| f.size().max(0.0) as u64).sum();
            pick.folders.push(PickedFolder { plan, files, bytes });
        }
        pick
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.folders.is_empty()
    }

    /// How many files go up: the loose ones and those of every folder.
    pub fn count(&self) -> usize {
        self.files.len() + self.folders.iter().map(|f| f.files.len()).sum::<usize>()
    }
}

/// A picked file's path from the chosen folder (`webkitRelativePath`; empty for a file picked
/// alone).
pub(super) fn relative_path(file: &web_sys::File) -> String {
    js_sys::Reflect::get(file, &"webkitRelativePath".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}
