//! The tab's queue of uploads, by row id: one job runs at a time, in the order they were queued;
//! a job waiting for an answer (a name taken) or a Retry is parked; a Cancel is remembered, so a
//! run that ends after it ends cancelled. The jobs themselves (files, clients) are the engine's
//! (`state::uploads`): here they are any `J`.
use std::collections::VecDeque;

/// The queue (see the module).
#[derive(Debug)]
pub struct UploadQueue<J> {
    waiting: VecDeque<(u64, J)>,
    parked: Vec<(u64, J)>,
    cancelled: Vec<u64>,
    /// The run loop is on.
    busy: bool,
    /// The job that runs.
    current: Option<u64>,
}

/// What a Cancel found.
#[derive(Debug, PartialEq, Eq)]
pub struct Cancel<J> {
    /// It was waiting its turn: dropped.
    pub dropped: bool,
    /// It was parked: handed back (a failed one may hold an upload the backend keeps).
    pub parked: Option<J>,
    /// It runs: its run is to be stopped.
    pub running: bool,
}

impl<J> Default for UploadQueue<J> {
    fn default() -> Self {
        Self::new()
    }
}

impl<J> UploadQueue<J> {
    pub const fn new() -> Self {
        Self {
            waiting: VecDeque::new(),
            parked: Vec::new(),
            cancelled: Vec::new(),
            busy: false,
            current: None,
        }
    }

    /// Queues `jobs` (row id, job) after the others: whether the run loop is to be started (it
    /// was off; it is on now).
    pub fn enqueue(&mut self, jobs: impl IntoIterator<Item = (u64, J)>) -> bool {
        self.waiting.extend(jobs);
        !std::mem::replace(&mut self.busy, true)
    }

    /// The next job to run, now the current one; `None` when none waits: the loop is off.
    pub fn next(&mut self) -> Option<(u64, J)> {
        let next = self.waiting.pop_front();
        self.current = next.as_ref().map(|(id, _)| *id);
        self.busy = next.is_some();
        next
    }

    /// The current job's run ended (its outcome is settled next).
    pub fn finished(&mut self) {
        self.current = None;
    }

    /// Whether the run loop is on.
    pub fn busy(&self) -> bool {
        self.busy
    }

    /// Whether job `id` was cancelled.
    pub fn is_cancelled(&self, id: u64) -> bool {
        self.cancelled.contains(&id)
    }

    /// Job `id` waits for an answer or a Retry.
    pub fn park(&mut self, id: u64, job: J) {
        self.parked.push((id, job));
    }

    /// Parked job `id`, taken out (answered, retried, cancelled).
    pub fn unpark(&mut self, id: u64) -> Option<J> {
        let i = self.parked.iter().position(|(j, _)| *j == id)?;
        Some(self.parked.remove(i).1)
    }

    /// `Cancel` of job `id`, wherever it is.
    pub fn cancel(&mut self, id: u64) -> Cancel<J> {
        self.cancelled.push(id);
        let before = self.waiting.len();
        self.waiting.retain(|(j, _)| *j != id);
        Cancel {
            dropped: before != self.waiting.len(),
            parked: self.unpark(id),
            running: self.current == Some(id),
        }
    }

    /// Every job out of the queue (a sign-out): the waiting and the parked ones handed back, in
    /// that order, all of them and the running one cancelled; whether one runs (to be stopped).
    pub fn take_all(&mut self) -> (Vec<J>, bool) {
        let mut jobs: Vec<(u64, J)> = self.waiting.drain(..).collect();
        jobs.append(&mut self.parked);
        self.cancelled.extend(jobs.iter().map(|(id, _)| *id));
        self.cancelled.extend(self.current);
        (
            jobs.into_iter().map(|(_, j)| j).collect(),
            self.current.is_some(),
        )
    }
}
