//! A folder upload in the transfers list (ui.md, "folder upload"): `<li data-folder="<root>">`
//! with the batch's progress in files and bytes, `Cancel <root>` while it runs, what it ended
//! with in words, and its files' own items inside it.
use crate::components::live::live;
use leptos::prelude::*;

use crate::components::keyed::Keyed;
use crate::components::on::OnAttribute;
use crate::domain::uploads::folder::{
    batch_cancelled_words, batch_end_words, batch_progress_words,
};
use crate::state::transfers::{BatchRow, TransferState, Transfers};

/// What the batch's files add up to.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
struct Sum {
    files: usize,
    stored: usize,
    failed: usize,
    ended_else: usize,
    running: usize,
    done: u64,
    total: u64,
    stored_bytes: u64,
}

fn sum(transfers: Transfers, id: u64) -> Sum {
    transfers.rows.with(|rows| {
        let mut s = Sum::default();
        for row in rows.iter().filter(|r| r.batch == Some(id)) {
            s.files += 1;
            s.total += row.total;
            match row.state {
                TransferState::Done => {
                    s.stored += 1;
                    s.done += row.total;
                    s.stored_bytes += row.total;
                }
                TransferState::Failed => s.failed += 1,
                TransferState::Cancelled => s.ended_else += 1,
                _ => {
                    s.running += 1;
                    s.done += row.done.min(row.total);
                }
            }
        }
        s
    })
}

/// The batch's item; `item` draws one of its files.
pub(crate) fn batch_item(
    transfers: Transfers,
    id: u64,
    item: fn(Transfers, u64) -> AnyView,
) -> impl IntoView {
    let read = move |f: &dyn Fn(&BatchRow) -> Option<String>| {
        transfers
            .batches
            .with(|b| b.iter().find(|x| x.id == id).and_then(f))
    };
    // Its own name, then the one it is stored under (`<name> (1)`).
    let root = crate::state::memo(move |_| read(&|b| Some(b.root.clone())).unwrap_or_default());
    let r = move || crate::domain::text::shown_string(&root.get());
    let place = crate::state::memo(move |_| read(&|b| Some(b.place.clone())).unwrap_or_default());
    let note = crate::state::memo(move |_| read(&|b| b.note.clone()));
    let flags = crate::state::memo(move |_| {
        transfers
            .batches
            .with(|b| {
                b.iter()
                    .find(|x| x.id == id)
                    .map(|x| (x.preparing, x.cancelled))
            })
            .unwrap_or((false, true))
    });
    let s = crate::state::memo(move |_| sum(transfers, id));
    let running = move || flags.get().0 || s.get().running > 0;
    let state = move || {
        let (_, cancelled) = flags.get();
        let s = s.get();
        if running() {
            "uploading"
        } else if cancelled {
            "cancelled"
        } else if s.failed > 0 {
            "failed"
        } else {
            "done"
        }
    };
    let figures = live(move || {
        let s = s.get();
        batch_progress_words(s.stored, s.files, s.done, s.total)
    });
    let ended = move || {
        if running() {
            return None;
        }
        let s = s.get();
        Some(if flags.get().1 {
            batch_cancelled_words(s.stored, s.files, s.stored_bytes)
        } else {
            batch_end_words(s.stored, s.failed, s.ended_else, s.files)
        })
    };
    let cancel_cb = move || {
        transfers
            .batches
            .with_untracked(|b| b.iter().find(|x| x.id == id).and_then(|x| x.cancel))
    };
    let has_cancel = crate::state::memo(move |_| {
        transfers.batches.with(|b| {
            b.iter()
                .find(|x| x.id == id)
                .is_some_and(|x| x.cancel.is_some())
        })
    });
    // A memo: progress moves the figures, never the button (one re-made under the pointer
    // would lose the click).
    let show_cancel = crate::state::memo(move |_| running() && has_cancel.get());
    let cancel = live(move || {
        show_cancel.get().then(|| {
            view! {
                <button type="button" class="btn btn-small" aria-label=move || format!("Cancel {}", r())
                    on:click=move |_| if let Some(c) = cancel_cb() { c.run(()) }>"Cancel"</button>
            }
        })
    });
    let files = move || {
        transfers.rows.with(|rows| {
            rows.iter()
                .filter(|row| row.batch == Some(id))
                .map(|row| row.id)
                .collect::<Vec<_>>()
        })
    };
    view! {
        <li class="transfer transfer-batch" data-folder=move || root.get() data-state=state>
            <div class="transfer-head">
                <span class="transfer-name">{live(move || format!("{}/", r()))}</span>
                <span class="transfer-place muted">{live(move || crate::domain::text::shown_string(&place.get()))}</span>
            </div>
            <progress
                value=move || { let s = s.get(); s.done.min(s.total).to_string() }
                max=move || s.get().total.max(1).to_string()
                aria-label=move || format!("{} progress", r())
            ></progress>
            <div class="transfer-figures">
                <span>{figures}</span>
                {cancel}
            </div>
            {live(move || note.get().map(|text| view! { <p class="transfer-note muted">{text}</p> }))}
            {live(move || ended().map(|text| view! { <p class="transfer-note" role="status">{text}</p> }))}
            <ul class="transfers-list transfer-files" aria-label=move || format!("Files of {}", r())>
                <Keyed each=files key=|id| *id children=move |file| item(transfers, file)/>
            </ul>
        </li>
    }
}
