//! The upload engine (ui.md, "upload", "transfers", "Behaviour"): files queued one after the
//! other, each through api.md's multipart flow (start, parts, complete). A part is read from the
//! file with `Blob.slice` when it is sent and turned into its JSON body in JavaScript (base64
//! from a `FileReader` data URL): the file's bytes never enter the wasm memory, and at most
//! two parts (two workers) are read at once, whatever the file's size. Cancel aborts on the backend
//! (no half file is left); Retry goes on from the parts the backend acknowledged; a name already
//! taken is asked about (replace, keep both, skip).
//!
//! The queue lives as long as the tab (thread-locals and the app-wide
//! [`Transfers`](crate::state::transfers::Transfers)), not as long as the data page, and belongs
//! to the user who started it: nothing is sent for it while another user (or nobody) is signed
//! in, and a sign-out ends it ([`scope`]).
mod scope;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

use crate::api::{files, ApiClient, ApiError};
use crate::domain::files::{free_name, join, size_words, PartPlan};
use crate::state::transfers::{ClashAnswer, TransferState, Transfers};

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
    static QUEUE: RefCell<VecDeque<Job>> = const { RefCell::new(VecDeque::new()) };
    /// Jobs waiting for an answer or a Retry, by row id.
    static PARKED: RefCell<Vec<Job>> = const { RefCell::new(Vec::new()) };
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    /// The job that runs: its row id and how to stop it.
    static CURRENT: RefCell<Option<(u64, AbortController)>> = const { RefCell::new(None) };
    static CANCELLED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
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
        let place = if folder.is_empty() {
            format!("Upload to {store}")
        } else {
            format!("Upload to {store}/{folder}")
        };
        let id = transfers.add(&name, &place, file.size().max(0.0) as u64);
        transfers.update(id, |row| {
            row.cancel = Some(transfers.callback(move |()| cancel(transfers, id)));
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
    QUEUE.with(|q| q.borrow_mut().extend(jobs));
    kick();
}

fn kick() {
    if RUNNING.with(|r| r.replace(true)) {
        return;
    }
    spawn_local(async {
        while let Some(mut job) = QUEUE.with(|q| q.borrow_mut().pop_front()) {
            let controller = AbortController::new().ok();
            if let Some(c) = controller.clone() {
                CURRENT.with(|cur| *cur.borrow_mut() = Some((job.id, c)));
            }
            let outcome = run(&mut job, controller.as_ref()).await;
            CURRENT.with(|cur| *cur.borrow_mut() = None);
            settle(job, outcome).await;
        }
        RUNNING.with(|r| r.set(false));
        scope::idle();
    });
}

fn is_cancelled(id: u64) -> bool {
    CANCELLED.with(|c| c.borrow().contains(&id))
}

/// Whether the job's user is signed in: nothing is sent for it otherwise.
fn may_send(job: &Job) -> bool {
    crate::state::session_scope::may_act_for(&job.owner)
}

/// Why a job stopped when its user's login was gone.
const SIGNED_OUT: &str = "Stopped: you were signed out. Sign in again, then Retry.";

/// `Cancel <name>`: a queued or parked job is dropped; the running one is aborted (and its
/// upload abandoned on the backend by [`settle`]).
fn cancel(transfers: Transfers, id: u64) {
    CANCELLED.with(|c| c.borrow_mut().push(id));
    let queued = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        let before = q.len();
        q.retain(|j| j.id != id);
        before != q.len()
    });
    let parked = take_parked(id);
    if let Some(job) = parked {
        // A failed one may hold an upload the backend keeps: abandon it.
        spawn_local(abandon(job));
    }
    if queued {
        transfers.update(id, |row| {
            row.state = TransferState::Cancelled;
            row.clash = None;
        });
    }
    CURRENT.with(|cur| {
        if let Some((cur_id, c)) = cur.borrow().as_ref() {
            if *cur_id == id {
                c.abort();
            }
        }
    });
}

fn take_parked(id: u64) -> Option<Job> {
    PARKED.with(|p| {
        let mut p = p.borrow_mut();
        let i = p.iter().position(|j| j.id == id)?;
        Some(p.remove(i))
    })
}

/// A parked job dropped for good: its upload abandoned on the backend, its row cancelled.
async fn abandon(job: Job) {
    let t = job.transfers;
    let id = job.id;
    let note = match &job.resume {
        // Only the login of the user who started it may end it (after a sign-out the
        // sign-out ended it already, while it could: `scope`).
        Some(_) if !may_send(&job) => "Cancelled.".to_owned(),
        Some(r) => match files::abort(job.api, &job.ws, &r.path, &r.upload_id).await {
            Ok(()) => "Cancelled: the backend dropped what it had received.".to_owned(),
            Err(e) => format!(
                "Cancelled, but the backend did not confirm it dropped the parts: {}",
                e.message()
            ),
        },
        None => "Cancelled.".to_owned(),
    };
    t.update(id, |row| {
        row.state = TransferState::Cancelled;
        row.clash = None;
        row.note = Some(note);
    });
}

/// How a run ended.
enum Outcome {
    Done(String),
    /// The name is taken: ask.
    Clash,
    Skipped,
    Cancelled,
    Failed(String),
}

async fn settle(job: Job, outcome: Outcome) {
    let t = job.transfers;
    let id = job.id;
    // Cancelled meanwhile (a sign-out too): nothing is parked for a Retry or an answer.
    let outcome = match outcome {
        Outcome::Clash | Outcome::Failed(_) if is_cancelled(id) => Outcome::Cancelled,
        other => other,
    };
    match outcome {
        Outcome::Done(note) => {
            t.update(id, |row| {
                row.state = TransferState::Done;
                row.done = row.total;
                if !note.is_empty() {
                    row.note = Some(note);
                }
            });
            (job.on_done)();
        }
        Outcome::Skipped => t.update(id, |row| {
            row.state = TransferState::Cancelled;
            row.note = Some("Skipped: a file of that name is already there.".to_owned());
        }),
        Outcome::Cancelled => abandon(job).await,
        Outcome::Clash => {
            t.update(id, |row| {
                row.state = TransferState::Queued;
                row.clash = Some(t.callback(move |answer| answered(id, answer)));
            });
            PARKED.with(|p| p.borrow_mut().push(job));
        }
        Outcome::Failed(why) => {
            t.update(id, |row| {
                row.state = TransferState::Failed;
                row.note = Some(why);
                row.retry = Some(t.callback(move |()| retry(id)));
            });
            PARKED.with(|p| p.borrow_mut().push(job));
        }
    }
}

fn answered(id: u64, answer: ClashAnswer) {
    if let Some(mut job) = take_parked(id) {
        job.decision = Some(answer);
        job.transfers.update(id, |row| row.clash = None);
        enqueue(vec![job]);
    }
}

fn retry(id: u64) {
    if let Some(job) = take_parked(id) {
        job.transfers.update(id, |row| {
            row.state = TransferState::Queued;
            row.note = None;
            row.retry = None;
        });
        enqueue(vec![job]);
    }
}

/// What a refusal says, in words, for an upload.
fn failure_words(e: &ApiError) -> String {
    match e.status() {
        Some(403) => format!("You may not upload here: {}", e.message()),
        Some(s) if s >= 500 => format!("The backend failed ({s}): {}", e.message()),
        _ => e.message(),
    }
}

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
        row.note = None;
        row.retry = None;
    });
    if job.resume.is_none() {
        // A name no store can keep (too long, control characters) or that would read as
        // something else (bidirectional controls) is said before anything is sent.
        if let Some(problem) = crate::domain::files::new_name_problem(&job.name) {
            return Outcome::Failed(format!(
                "{problem} Rename the file on this computer, then upload it again."
            ));
        }
        let folder_path = join(&job.store, &job.folder, "", false);
        let taken: Vec<String> = match files::list(job.api, &job.ws, &folder_path).await {
            Ok(entries) => entries.into_iter().map(|e| e.name).collect(),
            // A folder CHORUS cannot list yet (nothing written in the store) holds nothing.
            Err(_) => Vec::new(),
        };
        let mut note = String::new();
        if taken.contains(&job.name) {
            match job.decision {
                None => return Outcome::Clash,
                Some(ClashAnswer::Skip) => return Outcome::Skipped,
                Some(ClashAnswer::KeepBoth) => {
                    job.name = free_name(&job.name, &taken);
                    note = format!("Saved as “{}”.", job.name);
                }
                Some(ClashAnswer::Replace) => {
                    if !may_send(job) {
                        return Outcome::Failed(SIGNED_OUT.to_owned());
                    }
                    let old = join(&job.store, &job.folder, &job.name, false);
                    if let Err(e) = files::delete(job.api, &job.ws, &old).await {
                        if e.status() != Some(404) {
                            return Outcome::Failed(format!(
                                "Could not replace the file that is there: {}",
                                e.message()
                            ));
                        }
                    }
                    note = "Replaced the file that was there.".to_owned();
                }
            }
        }
        let path = join(&job.store, &job.folder, &job.name, false);
        let mime = job.file.type_();
        if is_cancelled(id) {
            return Outcome::Cancelled;
        }
        if !may_send(job) {
            return Outcome::Failed(SIGNED_OUT.to_owned());
        }
        if size == 0 {
            return match files::create_empty(
                job.api,
                &job.ws,
                &path,
                &job.name,
                &mime,
                &job.compliance,
                signal.as_ref(),
            )
            .await
            {
                Ok(_) => Outcome::Done(note),
                Err(_) if is_cancelled(id) => Outcome::Cancelled,
                Err(e) if e.status() == Some(409) && job.decision.is_none() => Outcome::Clash,
                Err(e) => Outcome::Failed(failure_words(&e)),
            };
        }
        let init = match files::initiate(
            job.api,
            &job.ws,
            &path,
            &job.name,
            size,
            &mime,
            &job.compliance,
            signal.as_ref(),
        )
        .await
        {
            Ok(init) => init,
            Err(_) if is_cancelled(id) => return Outcome::Cancelled,
            Err(e) if e.status() == Some(409) && job.decision.is_none() => return Outcome::Clash,
            Err(e) => return Outcome::Failed(failure_words(&e)),
        };
        let plan = match PartPlan::new(size, init.part_size, init.total_parts) {
            Ok(p) => p,
            Err(why) => {
                if may_send(job) {
                    let _ = files::abort(job.api, &job.ws, &path, &init.upload_id).await;
                }
                return Outcome::Failed(why);
            }
        };
        job.resume = Some(Resume {
            path,
            upload_id: init.upload_id,
            plan,
            acked: Vec::new(),
        });
        if !note.is_empty() {
            t.update(id, |row| row.note = Some(note));
        }
    }
    let Some(resume) = job.resume.as_mut() else {
        return Outcome::Failed("The upload was not started.".to_owned());
    };
    let pending: VecDeque<u64> = (1..=resume.plan.total_parts)
        .filter(|n| !resume.acked.iter().any(|(a, _)| a == n))
        .collect();
    let done_before: u64 = resume
        .acked
        .iter()
        .map(|(n, _)| {
            let (a, b) = resume.plan.range(*n);
            b - a
        })
        .sum();
    t.update(id, |row| {
        row.done = done_before;
        row.meter = Default::default();
        row.meter.note(crate::state::now_ms(), done_before);
    });
    let shared = Rc::new(RefCell::new(Parts {
        pending,
        acked: std::mem::take(&mut resume.acked),
        done: done_before,
        error: None,
    }));
    let worker = |shared: Rc<RefCell<Parts>>| {
        let api = job.api;
        let ws = job.ws.clone();
        let path = resume.path.clone();
        let upload_id = resume.upload_id.clone();
        let plan = resume.plan;
        let file = job.file.clone();
        let signal = signal.clone();
        let owner = job.owner.clone();
        async move {
            loop {
                if is_cancelled(id) || shared.borrow().error.is_some() {
                    return;
                }
                if !crate::state::session_scope::may_act_for(&owner) {
                    shared.borrow_mut().error = Some(SIGNED_OUT.to_owned());
                    return;
                }
                let Some(n) = shared.borrow_mut().pending.pop_front() else {
                    return;
                };
                let (start, end) = plan.range(n);
                let sent = match part_body(&file, start, end, n).await {
                    Ok(body) => {
                        files::upload_part(api, &ws, &path, &upload_id, body, signal.as_ref())
                            .await
                            .map_err(|e| failure_words(&e))
                    }
                    Err(why) => Err(why),
                };
                let sent = sent.and_then(|part| {
                    crate::domain::files::part_receipt(n, part.part_number, &part.etag)
                });
                let mut s = shared.borrow_mut();
                match sent {
                    Ok(etag) => {
                        s.acked.push((n, etag));
                        s.done += end - start;
                        let done = s.done;
                        drop(s);
                        t.update(id, |row| {
                            row.done = done;
                            row.meter.note(crate::state::now_ms(), done);
                        });
                    }
                    Err(why) => {
                        s.pending.push_front(n);
                        s.error = Some(why);
                    }
                }
            }
        }
    };
    futures::future::join(worker(shared.clone()), worker(shared.clone())).await;
    let signed_in = may_send(job);
    let Some(resume) = job.resume.as_mut() else {
        return Outcome::Failed("The upload was not started.".to_owned());
    };
    let (acked, error) = {
        let mut s = shared.borrow_mut();
        (std::mem::take(&mut s.acked), s.error.take())
    };
    resume.acked = acked;
    if is_cancelled(id) {
        return Outcome::Cancelled;
    }
    if let Some(why) = error {
        let left = resume.plan.total_parts - resume.acked.len() as u64;
        return Outcome::Failed(format!(
            "{why} ({left} of {} parts still to send; Retry goes on from there.)",
            resume.plan.total_parts
        ));
    }
    if !signed_in {
        return Outcome::Failed(SIGNED_OUT.to_owned());
    }
    let mut parts = resume.acked.clone();
    crate::domain::sort_small(&mut parts, |a, b| a.0.cmp(&b.0));
    match files::complete(
        job.api,
        &job.ws,
        &resume.path,
        &resume.upload_id,
        &parts,
        signal.as_ref(),
    )
    .await
    {
        Ok(entry) if entry.size != size && entry.size != 0 => Outcome::Failed(format!(
            "The backend kept {} of {}: upload it again.",
            size_words(entry.size),
            size_words(size)
        )),
        Ok(_) => Outcome::Done(String::new()),
        Err(_) if is_cancelled(id) => Outcome::Cancelled,
        Err(e) => Outcome::Failed(format!(
            "Could not finish the upload: {}",
            failure_words(&e)
        )),
    }
}

/// What the two workers share.
struct Parts {
    pending: VecDeque<u64>,
    acked: Vec<(u64, String)>,
    done: u64,
    error: Option<String>,
}

/// The JSON body of part `n`: bytes `[start, end)` of `file`, base64, made in JavaScript.
async fn part_body(
    file: &web_sys::File,
    start: u64,
    end: u64,
    n: u64,
) -> Result<wasm_bindgen::JsValue, String> {
    let words = || format!("Could not read part {n} of the file from this computer.");
    let fail = |_| words();
    let blob = file
        .slice_with_f64_and_f64(start as f64, end as f64)
        .map_err(fail)?;
    let reader = web_sys::FileReader::new().map_err(fail)?;
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        reader.set_onload(Some(resolve.unchecked_ref()));
        reader.set_onerror(Some(reject.unchecked_ref()));
    });
    reader.read_as_data_url(&blob).map_err(fail)?;
    wasm_bindgen_futures::JsFuture::from(done)
        .await
        .map_err(fail)?;
    reader.set_onload(None);
    reader.set_onerror(None);
    let url: js_sys::JsString = reader.result().map_err(fail)?.dyn_into().map_err(fail)?;
    let comma = url.index_of(",", 0);
    if comma < 0 {
        return Err(words());
    }
    let b64 = url.slice(comma as u32 + 1, url.length());
    let head = js_sys::JsString::from(format!("{{\"partNumber\":\"{n}\",\"data\":\""));
    Ok(head
        .concat(&b64)
        .concat(&js_sys::JsString::from("\"}"))
        .into())
}
