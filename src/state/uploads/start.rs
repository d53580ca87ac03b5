//! A new upload, up to the backend's plan of its parts: the name checked, a name taken in the
//! folder asked about (or skipped, replaced, kept beside), then the start (an empty file is
//! written at once: CHORUS cannot start an upload of 0 bytes).
use std::ops::ControlFlow;

use web_sys::AbortSignal;

use super::{is_cancelled, may_send, Job, Resume};
use crate::api::files;
use crate::domain::files::{join, new_name_problem, PartPlan};
use crate::domain::uploads::{
    bad_name_words, on_clash, replace_failed_words, start_refused, ClashStep, Outcome, REPLACED,
    SIGNED_OUT,
};

/// Starts `job` (`size` bytes) on the backend: its [`Resume`] set, or how it ended already.
pub(super) async fn start(
    job: &mut Job,
    size: u64,
    signal: Option<&AbortSignal>,
) -> ControlFlow<Outcome> {
    let t = job.transfers;
    let id = job.id;
    // A name no store can keep (too long, control characters) or that would read as
    // something else (bidirectional controls) is said before anything is sent.
    if let Some(problem) = new_name_problem(&job.name) {
        return ControlFlow::Break(Outcome::Failed(bad_name_words(problem)));
    }
    let note = match clash(job).await {
        ControlFlow::Continue(note) => note,
        ControlFlow::Break(outcome) => return ControlFlow::Break(outcome),
    };
    let path = join(&job.store, &job.folder, &job.name, false);
    let mime = job.file.type_();
    if is_cancelled(id) {
        return ControlFlow::Break(Outcome::Cancelled);
    }
    if !may_send(job) {
        return ControlFlow::Break(Outcome::Failed(SIGNED_OUT.to_owned()));
    }
    let answered = job.decision.is_some();
    if size == 0 {
        let created = files::create_empty(
            job.api,
            &job.ws,
            &path,
            &job.name,
            &mime,
            &job.compliance,
            signal,
        )
        .await;
        return ControlFlow::Break(match created {
            Ok(_) => Outcome::Done(note),
            Err(_) if is_cancelled(id) => Outcome::Cancelled,
            Err(e) => start_refused(e.status(), &e.message(), answered),
        });
    }
    let init = match files::initiate(
        job.api,
        &job.ws,
        &path,
        &job.name,
        size,
        &mime,
        &job.compliance,
        signal,
    )
    .await
    {
        Ok(init) => init,
        Err(_) if is_cancelled(id) => return ControlFlow::Break(Outcome::Cancelled),
        Err(e) => return ControlFlow::Break(start_refused(e.status(), &e.message(), answered)),
    };
    let plan = match PartPlan::new(size, init.part_size, init.total_parts) {
        Ok(p) => p,
        Err(why) => {
            if may_send(job) {
                let _ = files::abort(job.api, &job.ws, &path, &init.upload_id).await;
            }
            return ControlFlow::Break(Outcome::Failed(why));
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
    ControlFlow::Continue(())
}

/// The name against the folder's: what happened to it, in words (empty: nothing), or how the job
/// ended (asked, skipped, a Replace that failed).
async fn clash(job: &mut Job) -> ControlFlow<Outcome, String> {
    let folder_path = join(&job.store, &job.folder, "", false);
    let taken: Vec<String> = match files::list(job.api, &job.ws, &folder_path).await {
        Ok(entries) => entries.into_iter().map(|e| e.name).collect(),
        // A folder CHORUS cannot list yet (nothing written in the store) holds nothing.
        Err(_) => Vec::new(),
    };
    match on_clash(&job.name, &taken, job.decision) {
        ClashStep::Free => ControlFlow::Continue(String::new()),
        ClashStep::Ask => ControlFlow::Break(Outcome::Clash),
        ClashStep::Skip => ControlFlow::Break(Outcome::Skipped),
        ClashStep::KeepBoth { name, note } => {
            job.name = name;
            ControlFlow::Continue(note)
        }
        ClashStep::Replace => {
            if !may_send(job) {
                return ControlFlow::Break(Outcome::Failed(SIGNED_OUT.to_owned()));
            }
            let old = join(&job.store, &job.folder, &job.name, false);
            if let Err(e) = files::delete(job.api, &job.ws, &old).await {
                if e.status() != Some(404) {
                    return ControlFlow::Break(Outcome::Failed(replace_failed_words(&e.message())));
                }
            }
            ControlFlow::Continue(REPLACED.to_owned())
        }
    }
}
