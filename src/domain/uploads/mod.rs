//! An upload's rules (ui.md, "upload", "transfers"), which the engine (`state::uploads`) carries
//! out: the tab's queue itself ([`UploadQueue`]: what runs next, what waits for an answer or a
//! Retry, what was cancelled), what to do with a name already taken ([`on_clash`]), how a run
//! ended ([`Outcome`]), which parts are still to send ([`to_send`]), what a refusal says, an
//! upload the backend forgot ([`forgotten`]) and a transfer that stalls ([`stall_words`]); a folder upload's plan ([`folder`]).
pub(crate) mod folder;
mod forgotten;
mod queue;
mod stall;
#[cfg(test)]
mod tests;

use std::collections::VecDeque;

use super::files::{free_name, size_words, PartPlan};

pub use forgotten::{forgotten, FORGOTTEN, STARTED_AGAIN};
pub use queue::UploadQueue;
pub use stall::stall_words;

/// What to do with a file whose name is taken in its folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClashAnswer {
    Replace,
    KeepBoth,
    Skip,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Sent, with what happened on the way (replaced, saved under another name), if anything.
    Done(String),
    /// The name is taken: ask.
    Clash,
    Skipped,
    Cancelled,
    Failed(String),
    /// The backend no longer has the upload (a restart): what it answered, for `Technical
    /// details`. Only a new upload can go on.
    Forgotten(String),
}

impl Outcome {
    /// The outcome once the job's Cancel is known (a sign-out's too): a cancelled job is
    /// parked for neither an answer nor a Retry.
    pub fn unless_cancelled(self, cancelled: bool) -> Self {
        match self {
            Self::Clash | Self::Failed(_) | Self::Forgotten(_) if cancelled => Self::Cancelled,
            other => other,
        }
    }
}

/// Why a job stopped when its user's login was gone.
pub const SIGNED_OUT: &str = "Stopped: you were signed out. Sign in again, then Retry.";
/// The note of a job whose Cancel came once its last part was in and its completion sent: the
/// file is stored.
pub const CANCEL_TOO_LATE: &str =
    "Stored: Cancel came after the last part, while the file was being completed.";
/// The note of a job the user chose to skip.
pub const SKIPPED: &str = "Skipped: a file of that name is already there.";
/// The note of a job that replaced the file there.
pub const REPLACED: &str = "Replaced the file that was there.";
/// A Retry of a job whose upload the backend never started (it cannot happen).
pub const NOT_STARTED: &str = "The upload was not started.";

/// A transfer's bar as `<progress>` shows it (`value`, `max`, in bytes): a file of 0 bytes has
/// nothing to count, so its bar is empty until it is done and full then (a `max` of 0 would be
/// read as 1 by the browser, and the bar would stay empty next to `Done`).
pub fn bar(done: u64, total: u64, finished: bool) -> (u64, u64) {
    match total {
        0 if finished => (1, 1),
        0 => (0, 1),
        t => (done.min(t), t),
    }
}

/// The row's place: `Upload to disk` or `Upload to disk/a/b`.
pub fn place_words(store: &str, folder: &str) -> String {
    if folder.is_empty() {
        format!("Upload to {store}")
    } else {
        format!("Upload to {store}/{folder}")
    }
}

/// What a refusal (`status`, `message`) says, in words, for an upload.
pub fn failure_words(status: Option<u16>, message: &str) -> String {
    match status {
        Some(403) => format!("You may not upload here: {message}"),
        Some(s) if s >= 500 => format!("The backend failed ({s}): {message}"),
        _ => message.to_owned(),
    }
}

/// How a refused start (an empty file's creation, a multipart initiation) ends: a name taken
/// meanwhile (409) is asked about, unless the user answered already.
pub fn start_refused(status: Option<u16>, message: &str, answered: bool) -> Outcome {
    if status == Some(409) && !answered {
        Outcome::Clash
    } else {
        Outcome::Failed(failure_words(status, message))
    }
}

/// A name no store can keep, said before anything is sent.
pub fn bad_name_words(problem: &str) -> String {
    format!("{problem} Rename the file on this computer, then upload it again.")
}

/// The file there could not be deleted for a Replace.
pub fn replace_failed_words(message: &str) -> String {
    format!("Could not replace the file that is there: {message}")
}

/// What to do before an upload, given the names in its folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClashStep {
    /// The name is free: go on.
    Free,
    /// Taken, not asked yet: ask.
    Ask,
    Skip,
    /// Keep both: upload under this free name, with this note.
    KeepBoth {
        name: String,
        note: String,
    },
    /// Delete the file there first.
    Replace,
}

/// What to do with `name` among `taken`, given the user's answer (if asked).
pub fn on_clash(name: &str, taken: &[String], answer: Option<ClashAnswer>) -> ClashStep {
    if !taken.iter().any(|t| t == name) {
        return ClashStep::Free;
    }
    match answer {
        None => ClashStep::Ask,
        Some(ClashAnswer::Skip) => ClashStep::Skip,
        Some(ClashAnswer::Replace) => ClashStep::Replace,
        Some(ClashAnswer::KeepBoth) => {
            let name = free_name(name, taken);
            let note = format!("Saved as “{name}”.");
            ClashStep::KeepBoth { name, note }
        }
    }
}

/// The parts still to send, in order: those the backend has not acknowledged.
pub fn to_send(plan: &PartPlan, acked: &[(u64, String)]) -> VecDeque<u64> {
    (1..=plan.total_parts)
        .filter(|n| !acked.iter().any(|(a, _)| a == n))
        .collect()
}

/// The bytes of the parts the backend acknowledged.
pub fn bytes_sent(plan: &PartPlan, acked: &[(u64, String)]) -> u64 {
    acked
        .iter()
        .map(|(n, _)| {
            let (a, b) = plan.range(*n);
            b - a
        })
        .sum()
}

/// A part failed (`why`) with `acked` parts of `plan` acknowledged: what Retry does.
pub fn parts_left_words(why: &str, plan: &PartPlan, acked: usize) -> String {
    let left = plan.total_parts - acked as u64;
    format!(
        "{why} ({left} of {} parts still to send; Retry goes on from there.)",
        plan.total_parts
    )
}

/// The backend completed the upload with `kept` bytes of `size`: a short file is said (0: a
/// backend that does not say).
pub fn kept_problem(kept: u64, size: u64) -> Option<String> {
    (kept != size && kept != 0).then(|| {
        format!(
            "The backend kept {} of {}: upload it again.",
            size_words(kept),
            size_words(size)
        )
    })
}

/// The completion was refused.
pub fn complete_failed_words(status: Option<u16>, message: &str) -> String {
    format!(
        "Could not finish the upload: {}",
        failure_words(status, message)
    )
}

/// The note of a cancelled job: `abort` is the backend's answer to dropping what it received
/// (`None`: nothing to drop, or nobody signed in who may).
pub fn cancelled_words(abort: Option<Result<(), String>>) -> String {
    match abort {
        None => "Cancelled.".to_owned(),
        Some(Ok(())) => "Cancelled: the backend dropped what it had received.".to_owned(),
        Some(Err(why)) => {
            format!("Cancelled, but the backend did not confirm it dropped the parts: {why}")
        }
    }
}
