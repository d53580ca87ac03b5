//! Uploads and downloads of workspace files (ui.md, "transfers"): the list the data page and the
//! header show. It lives with the signed-in shell, so a transfer goes on when the user leaves
//! the data page; the engine that moves the bytes sits beside it (`state::uploads`),
//! and reaches the rows only through this list (its buttons are callbacks the engine set). A
//! sign-out empties it (`state::session_scope`).
use leptos::prelude::*;

use crate::domain::files::{rate_words, size_words, time_left_words, RateMeter};
use crate::state::{Kept, Slot};

/// Where a transfer is (`data-state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferState {
    Queued,
    Uploading,
    Done,
    Failed,
    Cancelled,
}

impl TransferState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Uploading => "uploading",
            Self::Done => "done",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }

    /// Still to finish (closing the tab asks first).
    pub fn running(self) -> bool {
        matches!(self, Self::Queued | Self::Uploading)
    }
}

/// What to do with a file whose name is taken in its folder (a rule of the upload queue's).
pub use crate::domain::uploads::ClashAnswer;

/// One upload or download.
#[derive(Clone)]
pub struct TransferRow {
    pub id: u64,
    /// The file's name as shown (`data-file`).
    pub name: String,
    /// `Upload to disk/raw` or `Download from …`, in words.
    pub place: String,
    pub state: TransferState,
    pub done: u64,
    pub total: u64,
    pub meter: RateMeter,
    /// Why it failed, or what happened (skipped, replaced), in words.
    pub note: Option<String>,
    /// The name is taken: the question waits for an answer.
    pub clash: Option<Callback<ClashAnswer>>,
    pub cancel: Option<Callback<()>>,
    pub retry: Option<Callback<()>>,
    /// What the backend answered, for `Technical details` (an upload it forgot).
    pub detail: Option<String>,
    /// `Start again`: a new upload of the same file from the first byte (one the backend forgot).
    pub start_again: Option<Callback<()>>,
    /// `Remove`: the row goes (and the job with it).
    pub remove: Option<Callback<()>>,
    /// The folder upload it belongs to ([`BatchRow`]'s id), if any.
    pub batch: Option<u64>,
}

/// A folder upload (ui.md, "folder upload"): its files are rows of their own (`batch`), shown
/// inside it, with its own progress and `Cancel <root>`.
#[derive(Clone)]
pub struct BatchRow {
    pub id: u64,
    /// The chosen folder's name as stored (`data-folder`): its own, or `<name> (1)` when one of
    /// that name was there.
    pub root: String,
    /// `Upload to disk/raw/tree (1)`, in words.
    pub place: String,
    /// What it is doing before its files go (making the folders), or how it ended, in words.
    pub note: Option<String>,
    /// Still making its folders: it runs although no file does yet.
    pub preparing: bool,
    /// Cancel was pressed.
    pub cancelled: bool,
    pub cancel: Option<Callback<()>>,
}

impl TransferRow {
    /// Bytes done and the total, in words: `4.2 MB of 210 MB`.
    pub fn bytes_words(&self) -> String {
        format!("{} of {}", size_words(self.done), size_words(self.total))
    }

    /// The rate and the time left, in words, while it runs; once nothing moved for a few
    /// seconds (by `now_ms`, `state::clock`'s), how long it has waited for the platform instead
    /// (`domain::uploads::stall_words`).
    pub fn speed_words(&self, now_ms: f64) -> String {
        if self.state != TransferState::Uploading {
            return String::new();
        }
        if let Some(waiting) = crate::domain::uploads::stall_words(self.meter.last_at(), now_ms) {
            return waiting;
        }
        match (self.meter.rate(), self.meter.seconds_left(self.total)) {
            (Some(r), Some(left)) => format!("{}, {}", rate_words(r), time_left_words(left)),
            (Some(r), None) => rate_words(r),
            _ => "measuring the speed…".to_owned(),
        }
    }
}

/// The app-wide list of transfers.
#[derive(Clone, Copy)]
pub struct Transfers {
    pub rows: Slot<Vec<TransferRow>>,
    pub batches: Slot<Vec<BatchRow>>,
    /// The header's panel is open (the data page then leaves the list to it: one list on screen).
    pub panel_open: Slot<bool>,
    next: Kept<u64>,
    /// The shell's owner: the rows' buttons are made in it, so that they outlive the page (and
    /// the dialog) that started the transfer.
    owner: Kept<Option<Owner>>,
}

impl Transfers {
    /// The list of the signed-in shell, if any.
    pub fn use_transfers() -> Option<Self> {
        use_context::<Self>()
    }

    /// A button's callback that lives as long as the list.
    pub fn callback<T: 'static>(self, f: impl Fn(T) + Send + Sync + 'static) -> Callback<T> {
        match self.owner.try_get_value().flatten() {
            Some(owner) => owner.with(|| Callback::new(f)),
            None => Callback::new(f),
        }
    }

    fn next_id(self) -> u64 {
        let id = self.next.try_get_value().unwrap_or(0) + 1;
        self.next.try_set_value(id);
        id
    }

    /// A new folder upload; its id (its files' rows name it).
    pub fn add_batch(self, root: &str, place: &str) -> u64 {
        let id = self.next_id();
        self.batches.try_update(|b| {
            b.push(BatchRow {
                id,
                root: root.to_owned(),
                place: place.to_owned(),
                note: None,
                preparing: true,
                cancelled: false,
                cancel: None,
            })
        });
        id
    }

    /// Changes folder upload `id` (nothing when it was cleared).
    pub fn update_batch(self, id: u64, f: impl FnOnce(&mut BatchRow)) {
        self.batches.try_update(|b| {
            if let Some(row) = b.iter_mut().find(|row| row.id == id) {
                f(row);
            }
        });
    }

    /// A new row; its id.
    pub fn add(self, name: &str, place: &str, total: u64) -> u64 {
        self.add_in(name, place, total, None)
    }

    /// A new row of folder upload `batch` (if any); its id.
    pub fn add_in(self, name: &str, place: &str, total: u64, batch: Option<u64>) -> u64 {
        let id = self.next_id();
        self.rows.try_update(|r| {
            r.push(TransferRow {
                id,
                name: name.to_owned(),
                place: place.to_owned(),
                state: TransferState::Queued,
                done: 0,
                total,
                meter: RateMeter::default(),
                note: None,
                clash: None,
                cancel: None,
                retry: None,
                detail: None,
                start_again: None,
                remove: None,
                batch,
            })
        });
        id
    }

    /// Changes row `id` (nothing when it was cleared).
    pub fn update(self, id: u64, f: impl FnOnce(&mut TransferRow)) {
        self.rows.try_update(|r| {
            if let Some(row) = r.iter_mut().find(|row| row.id == id) {
                f(row);
            }
        });
    }

    /// The state of row `id`.
    pub fn state_of(self, id: u64) -> Option<TransferState> {
        self.rows
            .try_with_untracked(|r| r.iter().find(|row| row.id == id).map(|row| row.state))
            .flatten()
    }

    /// How many still run.
    pub fn running(self) -> usize {
        self.rows
            .with(|r| r.iter().filter(|row| row.state.running()).count())
    }

    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    fn running_untracked(self) -> usize {
        self.rows
            .try_with_untracked(|r| r.iter().filter(|row| row.state.running()).count())
            .unwrap_or(0)
    }

    /// Drops every row, and closes the header's panel (a sign-out).
    pub fn forget(self) {
        self.rows.try_set(Vec::new());
        self.batches.try_set(Vec::new());
        self.panel_open.try_set(false);
    }

    /// Drops row `id`.
    pub fn remove(self, id: u64) {
        self.rows.try_update(|r| r.retain(|row| row.id != id));
    }

    /// Drops the rows that ended.
    pub fn clear_finished(self) {
        self.rows
            .try_update(|r| r.retain(|row| row.state.running()));
        let left: Vec<u64> = self
            .rows
            .try_with_untracked(|r| r.iter().filter_map(|row| row.batch).collect())
            .unwrap_or_default();
        self.batches
            .try_update(|b| b.retain(|batch| batch.preparing || left.contains(&batch.id)));
    }
}

/// What changed since the last look (`before`: each row's id and state then), in words for a
/// polite live region (ui.md, "Everyone"): a transfer that started, ended, failed or was
/// cancelled. Progress says nothing.
pub(crate) fn changes_said(before: &[(u64, TransferState)], rows: &[TransferRow]) -> Vec<String> {
    rows.iter()
        .filter(|row| row.batch.is_none())
        .filter_map(|row| {
            let was = before.iter().find(|(id, _)| *id == row.id).map(|(_, s)| *s);
            let what = match (was, row.state) {
                (Some(a), b) if a == b => return None,
                (None, s) if s.running() => "Started",
                (Some(_), s) if s.running() => return None,
                (_, TransferState::Done) => "Finished",
                (_, TransferState::Failed) => "Failed",
                (_, _) => "Cancelled",
            };
            let name = crate::domain::text::shown_string(&row.name);
            let note = match (row.state, &row.note) {
                (TransferState::Failed, Some(n)) => format!(": {n}"),
                _ => String::new(),
            };
            Some(format!("{what}: {name} ({}){note}.", row.place))
        })
        .collect()
}

/// What changed in the folder uploads since the last look (`before`: each one's id and whether
/// it ran), in words for the same live region: one started, one ended and how (its files are
/// not said one by one).
pub(crate) fn batch_changes_said(
    before: &[(u64, bool)],
    batches: &[BatchRow],
    rows: &[TransferRow],
) -> (Vec<String>, Vec<(u64, bool)>) {
    use crate::domain::uploads::folder::{batch_cancelled_words, batch_end_words};
    let mut said = Vec::new();
    let mut now = Vec::new();
    for b in batches {
        let mine = || rows.iter().filter(|r| r.batch == Some(b.id));
        let running = b.preparing || mine().any(|r| r.state.running());
        now.push((b.id, running));
        let was = before.iter().find(|(id, _)| *id == b.id).map(|(_, r)| *r);
        let root = crate::domain::text::shown_string(&b.root);
        match (was, running) {
            (None, true) => said.push(format!("Started: folder {root} ({}).", b.place)),
            (Some(true), false) => {
                let count = |s: TransferState| mine().filter(|r| r.state == s).count();
                let stored = count(TransferState::Done);
                let files = mine().count();
                let words = if b.cancelled {
                    let bytes = mine()
                        .filter(|r| r.state == TransferState::Done)
                        .map(|r| r.total)
                        .sum();
                    batch_cancelled_words(stored, files, bytes)
                } else {
                    let failed = count(TransferState::Failed);
                    batch_end_words(stored, failed, files - stored - failed, files)
                };
                said.push(format!("Folder {root}: {words}"));
            }
            _ => {}
        }
    }
    (said, now)
}

/// Provides the list in the signed-in shell, and asks before the tab closes while a transfer
/// runs (`beforeunload`).
pub fn provide_transfers() {
    let t = Transfers {
        rows: Slot::new(Vec::new()),
        batches: Slot::new(Vec::new()),
        panel_open: Slot::new(false),
        next: Kept::new(0),
        owner: Kept::new(Owner::current()),
    };
    provide_context(t);
    // The list is the signed-in user's: a sign-out, or another user's sign-in, empties it (ids
    // go on: the upload engine's cancelled ones stay apart).
    crate::state::session_scope::on_forget("transfers", move || t.forget());
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let ask = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
            if t.running_untracked() > 0 {
                e.prevent_default();
                let _ = js_sys::Reflect::set(&e, &"returnValue".into(), &"".into());
            }
        });
        if let Some(w) = web_sys::window() {
            let _ =
                w.add_event_listener_with_callback("beforeunload", ask.as_ref().unchecked_ref());
            let stored = Kept::new(Some((w, ask)));
            on_cleanup(move || {
                if let Some((w, ask)) = stored.try_update_value(Option::take).flatten() {
                    let _ = w.remove_event_listener_with_callback(
                        "beforeunload",
                        ask.as_ref().unchecked_ref(),
                    );
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: u64, state: TransferState, note: Option<&str>) -> TransferRow {
        TransferRow {
            id,
            name: format!("f{id}.csv"),
            place: "Upload to disk/raw".to_owned(),
            state,
            done: 0,
            total: 10,
            meter: RateMeter::default(),
            note: note.map(str::to_owned),
            clash: None,
            cancel: None,
            retry: None,
            detail: None,
            start_again: None,
            remove: None,
            batch: None,
        }
    }

    #[test]
    fn a_folder_is_said_as_one_its_files_are_not() {
        use TransferState::*;
        let batch = |preparing, cancelled| BatchRow {
            id: 9,
            root: "tree".to_owned(),
            place: "Upload to disk/tree".to_owned(),
            note: None,
            preparing,
            cancelled,
            cancel: None,
        };
        let in_batch = |id, state| TransferRow {
            batch: Some(9),
            ..row(id, state, None)
        };
        let rows = [in_batch(1, Queued), in_batch(2, Queued)];
        assert!(
            changes_said(&[], &rows).is_empty(),
            "no file said one by one"
        );
        let (said, now) = batch_changes_said(&[], &[batch(true, false)], &rows);
        assert_eq!(said, ["Started: folder tree (Upload to disk/tree)."]);
        assert_eq!(now, [(9, true)]);
        let rows = [in_batch(1, Done), in_batch(2, Failed)];
        let (said, _) = batch_changes_said(&now, &[batch(false, false)], &rows);
        assert_eq!(
            said,
            ["Folder tree: 1 of 2 files stored, 1 failed (each says why)."]
        );
        let rows = [in_batch(1, Done), in_batch(2, Cancelled)];
        let (said, _) = batch_changes_said(&now, &[batch(false, true)], &rows);
        assert_eq!(
            said,
            ["Folder tree: Cancelled: 1 of 2 files stored (10 bytes); the rest was not uploaded."]
        );
    }

    #[test]
    fn start_end_and_failure_are_said_progress_is_not() {
        use TransferState::*;
        let rows = [row(1, Uploading, None), row(2, Queued, None)];
        assert_eq!(
            changes_said(&[], &rows),
            [
                "Started: f1.csv (Upload to disk/raw).",
                "Started: f2.csv (Upload to disk/raw)."
            ]
        );
        assert!(changes_said(&[(1, Queued), (2, Queued)], &rows).is_empty());
        let rows = [row(1, Done, None), row(2, Failed, Some("disk full"))];
        assert_eq!(
            changes_said(&[(1, Uploading), (2, Uploading)], &rows),
            [
                "Finished: f1.csv (Upload to disk/raw).",
                "Failed: f2.csv (Upload to disk/raw): disk full."
            ]
        );
        assert_eq!(
            changes_said(&[(1, Uploading)], &[row(1, Cancelled, None)]),
            ["Cancelled: f1.csv (Upload to disk/raw)."]
        );
    }
}
