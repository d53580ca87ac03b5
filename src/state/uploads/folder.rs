//! A folder upload (ui.md, "folder upload"): one batch in the transfers list, its files rows of
//! their own inside it. First its folders are made, parents first (one that is there already is
//! fine: CHORUS answers 409), the chosen folder under a free name (`<name> (1)`), then its files
//! go to the one queue as ordinary jobs (resume, Retry, the name question: as for any file).
//! `Cancel <root>` stops what has not finished: the folders not made yet, the files queued, the
//! one running.
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{enqueue, settle, Job};
use crate::api::{files, ApiClient};
use crate::domain::files::join;
use crate::domain::uploads::folder::free_folder_name;
use crate::domain::uploads::place_words;
use crate::state::session_scope::{may_act_for, signed_in_user};
use crate::state::transfers::{TransferState, Transfers};

/// A chosen (or dropped) folder, ready to go.
pub(crate) struct FolderUpload {
    pub api: ApiClient,
    pub transfers: Transfers,
    pub ws: String,
    pub store: String,
    /// Where the chosen folder goes, inside the store (`a/b`).
    pub folder: String,
    /// The chosen folder's own name.
    pub root: String,
    /// Its folders, relative to it, parents first (`domain::uploads::folder::plan_folders`).
    pub folders: Vec<String>,
    /// Its files: (path relative to it, the file).
    pub files: Vec<(String, web_sys::File)>,
    /// The files that cannot go: (path relative to it, why).
    pub refused: Vec<(String, String)>,
    pub compliance: String,
    pub on_done: Rc<dyn Fn()>,
}

/// The folder of `rel` (`a/b/c.txt` → `a/b`), inside the chosen folder.
fn dir_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

/// Inside the store: where the chosen folder (named `root`) puts `dir`.
fn inside(folder: &str, root: &str, dir: &str) -> String {
    [folder, root, dir]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("/")
}

/// Starts the folder upload: its batch and rows at once, its folders, then its files.
pub(crate) fn start(u: FolderUpload) {
    let t = u.transfers;
    let batch = t.add_batch(
        &u.root,
        &place_words(&u.store, &inside(&u.folder, &u.root, "")),
    );
    let jobs: Vec<Job> = u
        .files
        .into_iter()
        .map(|(rel, file)| {
            let dir = inside(&u.folder, &u.root, dir_of(&rel));
            Job::in_batch(
                u.api,
                t,
                &u.ws,
                &u.store,
                &dir,
                file,
                &u.compliance,
                u.on_done.clone(),
                &rel,
                Some(batch),
            )
        })
        .collect();
    for (rel, why) in &u.refused {
        let id = t.add_in(rel, &place_words(&u.store, &u.folder), 0, Some(batch));
        t.update(id, |row| {
            row.state = TransferState::Failed;
            row.note = Some(why.clone());
        });
    }
    let ids: Vec<u64> = jobs.iter().map(|j| j.id).collect();
    t.update_batch(batch, |b| {
        b.cancel = Some(t.callback(move |()| cancel(t, batch, &ids)));
    });
    let owner = signed_in_user().unwrap_or_default();
    let api = u.api;
    let ws = u.ws;
    let store = u.store;
    let folder = u.folder;
    let root = u.root;
    let folders = u.folders;
    let compliance = u.compliance;
    let on_done = u.on_done;
    spawn_local(async move {
        let cancelled = move || {
            t.batches
                .try_with_untracked(|b| {
                    b.iter().find(|x| x.id == batch).is_none_or(|x| x.cancelled)
                })
                .unwrap_or(true)
        };
        // The chosen folder's name, free where it goes.
        let parent = join(&store, &folder, "", true);
        let taken: Vec<String> = match files::list(api, &ws, &parent).await {
            Ok(entries) => entries.into_iter().map(|e| e.name).collect(),
            // A store CHORUS cannot list yet (nothing written there) holds nothing.
            Err(_) => Vec::new(),
        };
        let name = free_folder_name(&root, &taken);
        let renamed = (name != root)
            .then(|| format!("Saved as “{name}”: a folder “{root}” is there already."));
        t.update_batch(batch, |b| {
            b.root = name.clone();
            b.place = place_words(&store, &inside(&folder, &name, ""));
        });
        let mut jobs = jobs;
        for job in &mut jobs {
            job.folder = inside(&folder, &name, dir_of(&job.shown));
            let place = place_words(&store, &job.folder);
            t.update(job.id, |row| row.place = place);
        }
        // Its folders, parents first; the failures by folder (relative to the chosen one).
        let all: Vec<String> = std::iter::once(String::new()).chain(folders).collect();
        let mut failed: Vec<(String, String)> = Vec::new();
        for (i, dir) in all.iter().enumerate() {
            if cancelled() || !may_act_for(&owner) {
                break;
            }
            t.update_batch(batch, |b| {
                b.note = Some(format!("Making its folders: {} of {}…", i + 1, all.len()));
            });
            if failed.iter().any(|(f, _)| under(dir, f)) {
                continue;
            }
            let at = inside(&folder, &name, dir);
            let leaf = at.rsplit('/').next().unwrap_or_default().to_owned();
            let parent = at.rsplit_once('/').map_or("", |(p, _)| p);
            let path = join(&store, parent, &leaf, true);
            match files::create_upload_folder(api, &ws, &path, &leaf, &compliance).await {
                Ok(()) => {}
                // There already: fine (api.md, "Folders").
                Err(e) if e.status() == Some(409) => {}
                Err(e) => failed.push((dir.clone(), super::failure_words(&e))),
            }
            if i == 0 {
                on_done();
            }
        }
        if cancelled() || !may_act_for(&owner) {
            for job in &jobs {
                t.update(job.id, |row| {
                    row.state = TransferState::Cancelled;
                    row.note = Some("Cancelled before it was sent.".to_owned());
                });
            }
            t.update_batch(batch, |b| {
                b.preparing = false;
                b.note = None;
            });
            return;
        }
        let mut go = Vec::new();
        for job in jobs {
            let dir = dir_of(&job.shown).to_owned();
            match failed.iter().find(|(f, _)| under(&dir, f)) {
                Some((f, why)) => {
                    let shown = if f.is_empty() {
                        name.clone()
                    } else {
                        format!("{name}/{f}")
                    };
                    t.update(job.id, |row| {
                        row.state = TransferState::Failed;
                        row.note = Some(format!(
                            "Not sent: the folder “{shown}” could not be made: {why}"
                        ));
                    });
                }
                None => go.push(job),
            }
        }
        t.update_batch(batch, |b| {
            b.preparing = false;
            b.note = renamed;
        });
        if !go.is_empty() {
            enqueue(go);
        }
    });
}

/// Whether folder `dir` is `f` or inside it (both relative to the chosen folder; `""` is it).
fn under(dir: &str, f: &str) -> bool {
    f.is_empty() || dir == f || dir.starts_with(&format!("{f}/"))
}

/// `Cancel <root>`: the folders not made yet are not made, every file not finished stops.
fn cancel(t: Transfers, batch: u64, ids: &[u64]) {
    t.update_batch(batch, |b| {
        b.cancelled = true;
        b.cancel = None;
    });
    for &id in ids {
        if t.state_of(id).is_some_and(TransferState::running) {
            settle::cancel(t, id);
        }
    }
}
