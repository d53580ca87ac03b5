//! The dialog before an upload (ui.md, "upload"): the compliance statements, each checked before
//! the first byte; the batch then goes to the upload queue.
use leptos::prelude::*;

use super::ctx::Ctx;
use crate::domain::files::{compliance_message, size_words, COMPLIANCE_STATEMENTS};
use crate::domain::text::shown;
use crate::state::transfers::Transfers;
use crate::state::uploads;

/// `Before you upload` (ui.md, "upload"): every statement checked before the first byte; what
/// was confirmed is sent as the `complianceMessage`.
#[component]
pub(super) fn ComplianceDialog(
    ctx: Ctx,
    batch: Vec<web_sys::File>,
    pending_batch: RwSignal<Option<Vec<web_sys::File>>>,
    transfers: Transfers,
) -> impl IntoView {
    let checked = RwSignal::new(vec![false; COMPLIANCE_STATEMENTS.len()]);
    let all = move || checked.with(|c| c.iter().all(|x| *x));
    let total: u64 = batch.iter().map(|f| f.size().max(0.0) as u64).sum();
    let names = batch
        .iter()
        .map(|f| view! { <li>{format!("{} ({})", shown(&f.name()), size_words(f.size().max(0.0) as u64))}</li> })
        .collect_view();
    let count = batch.len();
    let batch = StoredValue::new_local(batch);
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
        let jobs = batch
            .get_value()
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
            .collect();
        uploads::enqueue(jobs);
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
                <ul class="compliance-files">{names}</ul>
                <ul class="compliance-statements">{boxes}</ul>
                <div class="dialog-buttons">
                    <button type="button" class="btn btn-primary" disabled=move || !all() on:click=start>"Upload"</button>
                    <button type="button" class="btn" on:click=move |_| close()>"Cancel"</button>
                </div>
        </crate::components::focus_return::Modal>
    }
}
