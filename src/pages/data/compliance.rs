//! The dialog before an upload (ui.md, "upload", "folder upload"): the compliance statements,
//! each checked before the first byte, once for everything picked (files, and whole folders with
//! what they leave out); the files then go to the upload queue, each folder as a batch. In the
//! `dataforms` chunk (pages/lazy.rs, issue 58), with the upload code only it starts: the page
//! fetches it on the pointer or the focus on its upload buttons, a drag over the table, and at
//! the latest once files are picked (which wait, picked, if it does not come).
use leptos::prelude::*;

use super::ctx::{Ctx, Panels, Pick};
use crate::components::on::OnAttribute;
use crate::domain::files::{compliance_message, size_words, COMPLIANCE_STATEMENTS};
use crate::domain::text::shown;
use crate::domain::uploads::folder::folder_words;
use crate::state::transfers::Transfers;
use crate::state::Slot;
use crate::state::{uploads, Kept};

/// The dialog for what is picked, as the `dataforms` chunk builds it (pages/lazy.rs): what it
/// works on comes from the page.
#[component]
pub(in crate::pages) fn CompliancePanel() -> impl IntoView {
    let Some(panels) = use_context::<Panels>() else {
        return ().into_any();
    };
    match panels.pending_batch.get_untracked() {
        Some(batch) => view! {
            <ComplianceDialog ctx=panels.ctx batch pending_batch=panels.pending_batch transfers=panels.transfers/>
        }
        .into_any(),
        None => ().into_any(),
    }
}

/// `Before you upload` (ui.md, "upload"): every statement checked before the first byte; what
/// was confirmed is sent as the `complianceMessage`.
#[component]
fn ComplianceDialog(
    ctx: Ctx,
    batch: Pick,
    pending_batch: Slot<Option<Pick>>,
    transfers: Transfers,
) -> impl IntoView {
    let checked = Slot::new(vec![false; COMPLIANCE_STATEMENTS.len()]);
    let all = move || checked.with(|c| c.iter().all(|x| *x));
    let loose_bytes: u64 = batch.files.iter().map(|f| f.size().max(0.0) as u64).sum();
    let total: u64 = loose_bytes + batch.folders.iter().map(|f| f.bytes).sum::<u64>();
    let count = batch.count();
    let names = batch
        .files
        .iter()
        .map(|f| view! { <li>{format!("{} ({})", shown(&f.name()), size_words(f.size().max(0.0) as u64))}</li> })
        .collect_view();
    let folders = batch
        .folders
        .iter()
        .map(|f| {
            let words = folder_words(
                &shown(&f.plan.root),
                f.files.len() + f.plan.refused.len(),
                f.bytes,
                f.plan.skipped,
            );
            view! { <li>{words}</li> }
        })
        .collect_view();
    let batch = Kept::new(batch);
    let close = move || pending_batch.set(None);
    let start = move |_| {
        if !all() {
            return;
        }
        let ws = ctx.ws();
        let store = ctx.store.get_untracked();
        let folder = ctx.folder.get_untracked();
        let message = compliance_message(&COMPLIANCE_STATEMENTS);
        let listing = ctx.listing;
        let on_done: std::rc::Rc<dyn Fn()> = std::rc::Rc::new(move || listing.refetch());
        let pick = batch.get_value();
        let jobs = pick
            .files
            .into_iter()
            .map(|f| {
                uploads::Job::new(
                    ctx.api,
                    transfers,
                    &ws,
                    &store,
                    &folder,
                    f,
                    &message,
                    on_done.clone(),
                )
            })
            .collect::<Vec<_>>();
        if !jobs.is_empty() {
            uploads::enqueue(jobs);
        }
        for f in pick.folders {
            uploads::start_folder(uploads::FolderUpload {
                api: ctx.api,
                transfers,
                ws: ws.clone(),
                store: store.clone(),
                folder: folder.clone(),
                root: f.plan.root,
                folders: f.plan.folders,
                files: f.files,
                refused: f.plan.refused,
                compliance: message.clone(),
                on_done: on_done.clone(),
            });
        }
        close();
    };
    let first = NodeRef::<leptos::html::Input>::new();
    crate::components::focus_on_mount(first);
    let boxes = COMPLIANCE_STATEMENTS
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let node = if i == 0 { first } else { NodeRef::new() };
            view! {
                <li><label class="check">
                    <input type="checkbox" node_ref=node prop:checked=move || checked.with(|c| c[i])
                        on:change=move |e| { let v = event_target_checked(&e); checked.update(|c| c[i] = v) }/>
                    <span>{*s}</span>
                </label></li>
            }
        })
        .collect_view();
    view! {
        <crate::components::focus_return::Modal labelledby="compliance-title"
            on_close=Callback::new(move |()| close())>
                <h2 id="compliance-title">"Before you upload"</h2>
                <p>{format!("{count} file{} ({}) into this workspace. Confirm each statement:", if count == 1 { "" } else { "s" }, size_words(total))}</p>
                <ul class="compliance-files">{names}{folders}</ul>
                <ul class="compliance-statements">{boxes}</ul>
                <div class="dialog-buttons">
                    <button type="button" class="btn btn-primary" disabled=move || !all() on:click=start>"Upload"</button>
                    <button type="button" class="btn" on:click=move |_| close()>"Cancel"</button>
                </div>
        </crate::components::focus_return::Modal>
    }
}
