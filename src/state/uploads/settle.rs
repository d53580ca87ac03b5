//! How a run's outcome shows in its row of the transfers list, and the row's buttons: Cancel, the
//! answer to a name taken, Retry.
use leptos::task::spawn_local;

use super::{abort_current, enqueue, is_cancelled, may_send, Job, QUEUE};
use crate::api::files;
use crate::domain::uploads::{
    cancelled_words, ClashAnswer, Outcome, FORGOTTEN, SKIPPED, STARTED_AGAIN,
};
use crate::state::transfers::{TransferState, Transfers};

/// `Cancel <name>`: a queued or parked job is dropped; the running one is aborted (and its
/// upload abandoned on the backend by [`settle`]).
pub(super) fn cancel(transfers: Transfers, id: u64) {
    let found = QUEUE.with(|q| q.borrow_mut().cancel(id));
    if let Some(job) = found.parked {
        // A failed one may hold an upload the backend keeps: abandon it.
        spawn_local(abandon(job));
    }
    if found.dropped {
        transfers.update(id, |row| {
            row.state = TransferState::Cancelled;
            row.clash = None;
        });
    }
    if found.running {
        if super::completing() {
            // Its completion is on its way: it ends as stored, and says Cancel came too late.
            transfers.update(id, |row| row.cancel = None);
        } else {
            abort_current();
        }
    }
}

/// A parked job dropped for good: its upload abandoned on the backend, its row cancelled.
pub(super) async fn abandon(job: Job) {
    let t = job.transfers;
    let id = job.id;
    let abort = match &job.resume {
        // Only the login of the user who started it may end it (after a sign-out the
        // sign-out ended it already, while it could: `scope`).
        Some(_) if !may_send(&job) => None,
        Some(r) => Some(
            files::abort(job.api, &job.ws, &r.path, &r.upload_id)
                .await
                .map_err(|e| e.message()),
        ),
        None => None,
    };
    let note = cancelled_words(abort);
    t.update(id, |row| {
        row.state = TransferState::Cancelled;
        row.clash = None;
        row.note = Some(note);
    });
}

/// Shows how `job`'s run ended; parks it for an answer or a Retry.
pub(super) async fn settle(job: Job, outcome: Outcome) {
    let t = job.transfers;
    let id = job.id;
    // Cancelled meanwhile (a sign-out too): nothing is parked for a Retry or an answer.
    match outcome.unless_cancelled(is_cancelled(id)) {
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
            row.note = Some(SKIPPED.to_owned());
        }),
        Outcome::Cancelled => abandon(job).await,
        Outcome::Clash => {
            t.update(id, |row| {
                row.state = TransferState::Queued;
                row.clash = Some(t.callback(move |answer| answered(id, answer)));
            });
            QUEUE.with(|q| q.borrow_mut().park(id, job));
        }
        Outcome::Failed(why) => {
            t.update(id, |row| {
                row.state = TransferState::Failed;
                row.note = Some(why);
                row.retry = Some(t.callback(move |()| retry(id)));
            });
            QUEUE.with(|q| q.borrow_mut().park(id, job));
        }
        Outcome::Forgotten(detail) => {
            // No Retry: the backend refuses every part of an upload it no longer has.
            t.update(id, |row| {
                row.state = TransferState::Failed;
                row.note = Some(FORGOTTEN.to_owned());
                row.detail = Some(detail);
                row.retry = None;
                row.start_again = Some(t.callback(move |()| start_again(id)));
                row.remove = Some(t.callback(move |()| remove(t, id)));
            });
            QUEUE.with(|q| q.borrow_mut().park(id, job));
        }
    }
}

/// `Start again`: a new upload of the same file (still in hand) from the first byte; the one the
/// backend forgot is dropped (it cannot be aborted: the backend no longer knows it).
fn start_again(id: u64) {
    if let Some(mut job) = unpark(id) {
        job.resume = None;
        job.transfers.update(id, |row| {
            row.state = TransferState::Queued;
            row.done = 0;
            row.note = Some(STARTED_AGAIN.to_owned());
            row.detail = None;
            row.start_again = None;
            row.remove = None;
        });
        enqueue(vec![job]);
    }
}

/// `Remove`: the row and its job go (nothing to abort on a backend that forgot the upload).
fn remove(transfers: Transfers, id: u64) {
    drop(unpark(id));
    transfers.remove(id);
}

fn unpark(id: u64) -> Option<Job> {
    QUEUE.with(|q| q.borrow_mut().unpark(id))
}

fn answered(id: u64, answer: ClashAnswer) {
    if let Some(mut job) = unpark(id) {
        job.decision = Some(answer);
        job.transfers.update(id, |row| row.clash = None);
        enqueue(vec![job]);
    }
}

fn retry(id: u64) {
    if let Some(job) = unpark(id) {
        job.transfers.update(id, |row| {
            row.state = TransferState::Queued;
            row.note = None;
            row.retry = None;
        });
        enqueue(vec![job]);
    }
}
