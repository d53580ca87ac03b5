//! The parts of a started upload, sent by two workers (each part read from the file when it is
//! sent, its body made in JavaScript), then the completion with the parts in order. A Retry
//! sends only the parts the backend has not acknowledged.
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use super::{failure_words, is_cancelled, may_send, Job};
use crate::api::files;
use crate::domain::files::part_receipt;
use crate::domain::uploads::{
    bytes_sent, complete_failed_words, forgotten, kept_problem, parts_left_words, to_send, Outcome,
    CANCEL_TOO_LATE, NOT_STARTED, SIGNED_OUT,
};
use crate::state::session_scope::may_act_for;

/// What the two workers share.
struct Parts {
    pending: VecDeque<u64>,
    acked: Vec<(u64, String)>,
    done: u64,
    error: Option<String>,
    /// The backend no longer has the upload: what it answered (`Technical details`).
    forgotten: Option<String>,
}

/// Sends the parts of `job` (`size` bytes) still to send, then completes it.
pub(super) async fn send(job: &mut Job, size: u64, signal: Option<AbortSignal>) -> Outcome {
    let t = job.transfers;
    let id = job.id;
    let Some(resume) = job.resume.as_mut() else {
        return Outcome::Failed(NOT_STARTED.to_owned());
    };
    let done_before = bytes_sent(&resume.plan, &resume.acked);
    t.update(id, |row| {
        row.done = done_before;
        row.meter = Default::default();
        row.meter.note(crate::state::now_ms(), done_before);
    });
    let shared = Rc::new(RefCell::new(Parts {
        pending: to_send(&resume.plan, &resume.acked),
        acked: std::mem::take(&mut resume.acked),
        done: done_before,
        error: None,
        forgotten: None,
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
                if !may_act_for(&owner) {
                    shared.borrow_mut().error = Some(SIGNED_OUT.to_owned());
                    return;
                }
                let Some(n) = shared.borrow_mut().pending.pop_front() else {
                    return;
                };
                let (start, end) = plan.range(n);
                let mut lost = None;
                let sent = match part_body(&file, start, end, n).await {
                    Ok(body) => {
                        files::upload_part(api, &ws, &path, &upload_id, body, signal.as_ref())
                            .await
                            .map_err(|e| {
                                if forgotten(e.status(), &e.message(), &upload_id) {
                                    lost = Some(e.detail().unwrap_or_else(|| e.message()));
                                }
                                failure_words(&e)
                            })
                    }
                    Err(why) => Err(why),
                };
                let sent = sent.and_then(|part| part_receipt(n, part.part_number, &part.etag));
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
                        if lost.is_some() {
                            s.forgotten = lost;
                        }
                    }
                }
            }
        }
    };
    futures::future::join(worker(shared.clone()), worker(shared.clone())).await;
    let signed_in = may_send(job);
    let Some(resume) = job.resume.as_mut() else {
        return Outcome::Failed(NOT_STARTED.to_owned());
    };
    let (acked, error, lost) = {
        let mut s = shared.borrow_mut();
        (
            std::mem::take(&mut s.acked),
            s.error.take(),
            s.forgotten.take(),
        )
    };
    resume.acked = acked;
    if is_cancelled(id) {
        return Outcome::Cancelled;
    }
    if let Some(detail) = lost {
        return Outcome::Forgotten(detail);
    }
    if let Some(why) = error {
        return Outcome::Failed(parts_left_words(&why, &resume.plan, resume.acked.len()));
    }
    if !signed_in {
        return Outcome::Failed(SIGNED_OUT.to_owned());
    }
    let mut parts = resume.acked.clone();
    crate::domain::sort_small(&mut parts, |a, b| a.0.cmp(&b.0));
    super::COMPLETING.with(|c| c.set(true));
    let completed = files::complete(
        job.api,
        &job.ws,
        &resume.path,
        &resume.upload_id,
        &parts,
        signal.as_ref(),
    )
    .await;
    super::COMPLETING.with(|c| c.set(false));
    match completed {
        Ok(entry) => match kept_problem(entry.size, size) {
            Some(problem) => Outcome::Failed(problem),
            // A Cancel pressed while the completion was on its way came too late: said.
            None if is_cancelled(id) => Outcome::Done(CANCEL_TOO_LATE.to_owned()),
            None => Outcome::Done(String::new()),
        },
        Err(_) if is_cancelled(id) => Outcome::Cancelled,
        Err(e) if forgotten(e.status(), &e.message(), &resume.upload_id) => {
            Outcome::Forgotten(e.detail().unwrap_or_else(|| e.message()))
        }
        Err(e) => Outcome::Failed(complete_failed_words(e.status(), &e.message())),
    }
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
