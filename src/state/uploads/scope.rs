//! The upload queue and the sign-in (issue 45; `state::session_scope`). A sign-out in this tab
//! first ends every upload, and abandons on the backend those it started, while the login still
//! allows it; every sign-out, and another user's sign-in, forgets the queue: its files, their
//! folders and confirmed statements, the failed uploads' Retry and the name clashes' question.
use std::cell::RefCell;

use futures::channel::oneshot;

use super::settle::abandon;
use super::{abort_current, Job, QUEUE};

thread_local! {
    /// Who waits for the queue to stop (a sign-out: the running upload abandoned on the backend).
    static IDLE: RefCell<Vec<oneshot::Sender<()>>> = const { RefCell::new(Vec::new()) };
}

/// Puts the queue under the session scope (the first upload does; again changes nothing).
pub(super) fn register() {
    crate::state::session_scope::on_forget("uploads", forget);
    crate::state::session_scope::on_sign_out("uploads", end);
}

/// The queue stopped: nothing runs.
pub(super) fn idle() {
    for waiter in IDLE.with(|w| std::mem::take(&mut *w.borrow_mut())) {
        let _ = waiter.send(());
    }
}

/// Every job out of the queue: the queued and the parked ones taken, the running one aborted
/// (its run ends as cancelled); all of them cancelled.
fn take_all() -> Vec<Job> {
    let (jobs, running) = QUEUE.with(|q| q.borrow_mut().take_all());
    if running {
        abort_current();
    }
    jobs
}

/// A sign-out in this tab, before its logout: every upload ends, and those the backend started
/// are abandoned there (the running one by its own run, which this waits for).
async fn end() {
    let jobs = take_all();
    let stopped = QUEUE.with(|q| q.borrow().busy()).then(|| {
        let (tx, rx) = oneshot::channel();
        IDLE.with(|w| w.borrow_mut().push(tx));
        rx
    });
    futures::future::join_all(jobs.into_iter().map(abandon)).await;
    if let Some(stopped) = stopped {
        let _ = stopped.await;
    }
}

/// Forgets the queue: nothing more is sent for it, its files are let go.
fn forget() {
    drop(take_all());
}
