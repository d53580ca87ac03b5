//! The upload engine (ui.md, "upload", "transfers", "Behaviour"): files queued one after the
//! other, each through api.md's multipart flow (start, parts, complete). A part is read from the
//! file with `Blob.slice` when it is sent and turned into its JSON body in JavaScript (base64
//! from a `FileReader` data URL): the file's bytes never enter the wasm memory, and at most
//! two parts (two workers) are read at once, whatever the file's size. Cancel aborts on the backend
//! (no half file is left); Retry goes on from the parts the backend acknowledged; a name already
//! taken is asked about (replace, keep both, skip).
//!
//! The queue lives as long as the tab (a thread-local [`UploadQueue`] and the app-wide
//! [`Transfers`] it feeds), not as long as the data page, which only hands it work ([`Job::new`],
//! [`enqueue`]); it belongs to the user who started it: nothing is sent for it while another user
//! (or nobody) is signed in, and a sign-out ends it ([`scope`]). Its rules (what runs next, a
//! name taken, the parts still to send, the words) are `domain::uploads`'s.
//!
//! - [`settle`]: how a run's outcome shows in its row (done, parked for an answer or a Retry,
//!   cancelled and abandoned on the backend), and the row's buttons (Cancel, the answer, Retry);
//! - [`start`]: a new upload up to the backend's plan (the name, a clash, the start);
//! - [`parts`]: the parts sent by two workers, and the completion;
//! - [`folder`]: a folder upload: its folders made first (parents first, one there already is
//!   fine), then its files as jobs of this queue, with the batch's Cancel.
mod folder;
mod parts;
mod scope;
mod settle;
mod start;

use std::cell::RefCell;
use std::ops::ControlFlow;
use std::rc::Rc;

use leptos::task::spawn_local;
use web_sys::AbortController;

use crate::api::{ApiClient, ApiError};
use crate::domain::files::PartPlan;
use crate::domain::uploads::{
    place_words, ClashAnswer, Outcome, UploadQueue, SIGNED_OUT, STARTED_AGAIN,
};
use crate::state::transfers::{TransferState, Transfers};

pub(crate) use folder::{start as start_folder, FolderUpload};

/// One file to upload.
pub(crate) struct Job {
    pub id: u64,
    pub api: ApiClient,
    pub transfers: Transfers,
    pub ws: String,
    pub store: String,
    /// Inside the store, `a/b` (no slashes at the ends).
    pub folder: String,
    pub file: web_sys::File,
    /// The name it gets (the file's own unless the user chose to keep both).
    pub name: String,
    /// What its row shows: its name, or in a folder upload its path in the chosen folder.
    pub shown: String,
    pub compliance: String,
    /// What to do when the name is taken (asked once).
    pub decision: Option<ClashAnswer>,
    /// Called when it is done (the page lists its folder again, if still shown: a plain
    /// closure, which outlives the page, over a resource whose refetch is then a no-op).
    pub on_done: Rc<dyn Fn()>,
    /// The user who started it: only their login sends anything for it.
    owner: String,
    resume: Option<Resume>,
}

/// An upload the backend has started: what Retry goes on from.
struct Resume {
    path: String,
    upload_id: String,
    plan: PartPlan,
    acked: Vec<(u64, String)>,
}

thread_local! {
    /// The jobs by row id: waiting, parked (for an answer or a Retry), cancelled, running.
    static QUEUE: RefCell<UploadQueue<Job>> = const { RefCell::new(UploadQueue::new()) };
    /// How to stop the job that runs.
    static CURRENT: RefCell<Option<AbortController>> = const { RefCell::new(None) };
    /// The running job has sent its completion: a Cancel now could not undo it (the backend may
    /// have stored the file already), so the run goes on and says so (issue 56: a row never says
    /// `Cancelled` over a stored file).
    static COMPLETING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl Job {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        api: ApiClient,
        transfers: Transfers,
        ws: &str,
        store: &str,
        folder: &str,
        file: web_sys::File,
        compliance: &str,
        on_done: Rc<dyn Fn()>,
    ) -> Self {
        let name = file.name();
        Self::in_batch(
            api, transfers, ws, store, folder, file, compliance, on_done, &name, None,
        )
    }

    /// A file of folder upload `batch` (if any), shown as `shown` (its path in the chosen
    /// folder); its own name is the file's.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn in_batch(
        api: ApiClient,
        transfers: Transfers,
        ws: &str,
        store: &str,
        folder: &str,
        file: web_sys::File,
        compliance: &str,
        on_done: Rc<dyn Fn()>,
        shown: &str,
        batch: Option<u64>,
    ) -> Self {
        let name = file.name();
        let id = transfers.add_in(
            shown,
            &place_words(store, folder),
            file.size().max(0.0) as u64,
            batch,
        );
        transfers.update(id, |row| {
            row.cancel = Some(transfers.callback(move |()| settle::cancel(transfers, id)));
        });
        Self {
            id,
            api,
            transfers,
            ws: ws.to_owned(),
            store: store.to_owned(),
            folder: folder.to_owned(),
            file,
            name,
            shown: shown.to_owned(),
            compliance: compliance.to_owned(),
            decision: None,
            on_done,
            owner: crate::state::session_scope::signed_in_user().unwrap_or_default(),
            resume: None,
        }
    }
}

/// Queues these jobs and starts the queue if it is idle.
pub(crate) fn enqueue(jobs: Vec<Job>) {
    scope::register();
    let start = QUEUE.with(|q| q.borrow_mut().enqueue(jobs.into_iter().map(|j| (j.id, j))));
    if start {
        spawn_local(run_queue());
    }
}

/// The run loop: one job after the other until none waits.
async fn run_queue() {
    while let Some((_, mut job)) = QUEUE.with(|q| q.borrow_mut().next()) {
        let controller = AbortController::new().ok();
        CURRENT.with(|cur| *cur.borrow_mut() = controller.clone());
        let outcome = run(&mut job, controller.as_ref()).await;
        CURRENT.with(|cur| *cur.borrow_mut() = None);
        QUEUE.with(|q| q.borrow_mut().finished());
        settle::settle(job, outcome).await;
    }
    scope::idle();
}

/// Whether the running job's completion is on its way ([`COMPLETING`]).
fn completing() -> bool {
    COMPLETING.with(std::cell::Cell::get)
}

/// Stops the job that runs (its run ends as cancelled).
fn abort_current() {
    CURRENT.with(|cur| {
        if let Some(c) = cur.borrow().as_ref() {
            c.abort();
        }
    });
}

fn is_cancelled(id: u64) -> bool {
    QUEUE.with(|q| q.borrow().is_cancelled(id))
}

/// Whether the job's user is signed in: nothing is sent for it otherwise.
fn may_send(job: &Job) -> bool {
    crate::state::session_scope::may_act_for(&job.owner)
}

/// What a refusal says, in words, for an upload.
fn failure_words(e: &ApiError) -> String {
    crate::domain::uploads::failure_words(e.status(), &e.message())
}

/// One run of `job`: from the start, or a Retry from the parts the backend acknowledged.
async fn run(job: &mut Job, controller: Option<&AbortController>) -> Outcome {
    let t = job.transfers;
    let id = job.id;
    if is_cancelled(id) {
        return Outcome::Cancelled;
    }
    if !may_send(job) {
        return Outcome::Failed(SIGNED_OUT.to_owned());
    }
    let signal = controller.map(AbortController::signal);
    let size = job.file.size().max(0.0) as u64;
    t.update(id, |row| {
        row.state = TransferState::Uploading;
        // A failure's words go; that the upload was started again stays.
        row.note = row.note.take().filter(|n| n == STARTED_AGAIN);
        row.retry = None;
        // A stall is counted from here until the first part (`domain::uploads::stall_words`).
        row.meter = Default::default();
        row.meter.note(crate::state::now_ms(), row.done);
    });
    if job.resume.is_none() {
        if let ControlFlow::Break(outcome) = start::start(job, size, signal.as_ref()).await {
            return outcome;
        }
    }
    parts::send(job, size, signal).await
}
