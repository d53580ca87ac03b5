//! The transfers list (ui.md, "transfers"), on the data page, a request's page and in the header's
//! panel, and the header's button that opens it while there are transfers.
use crate::components::live::live;
use leptos::prelude::*;

use crate::components::keyed::Keyed;
use crate::components::on::OnAttribute;
use crate::state::transfers::{ClashAnswer, TransferRow, TransferState, Transfers};
use crate::state::{Kept, Slot};

/// `<ul data-testid="transfers">`: one item per upload or download. Items are keyed by their id
/// alone and each part of an item follows only what it shows: progress moves the bar and the
/// figures, never the buttons (a button re-made under the pointer loses the click).
#[component]
pub(crate) fn TransfersList(transfers: Transfers) -> impl IntoView {
    let any_finished = move || {
        transfers
            .rows
            .with(|r| r.iter().any(|row| !row.state.running()))
    };
    view! {
        <div class="transfers">
            <ul data-testid="transfers" aria-label="Transfers" class="transfers-list">
                <Keyed
                    each=move || top_items(transfers)
                    key=|item| *item
                    children=move |(id, is_batch)| if is_batch {
                        super::transfer_batch::batch_item(transfers, id, transfer_item).into_any()
                    } else {
                        transfer_item(transfers, id).into_any()
                    }
                />
            </ul>
            {live(move || any_finished().then(|| view! {
                <button type="button" class="btn btn-small" on:click=move |_| transfers.clear_finished()>
                    "Clear finished"
                </button>
            }))}
        </div>
    }
}

/// The list's own items, in the order they began: the transfers of no folder, and the folder
/// uploads (`(id, true)`), whose files are listed inside them.
fn top_items(transfers: Transfers) -> Vec<(u64, bool)> {
    let mut items: Vec<(u64, bool)> = transfers.rows.with(|r| {
        r.iter()
            .filter(|row| row.batch.is_none())
            .map(|row| (row.id, false))
            .collect()
    });
    transfers
        .batches
        .with(|b| items.extend(b.iter().map(|batch| (batch.id, true))));
    crate::domain::sort_small(&mut items, |a, b| a.0.cmp(&b.0));
    items
}

pub(crate) fn transfer_item(transfers: Transfers, id: u64) -> AnyView {
    let read = move |f: &dyn Fn(&TransferRow) -> Option<String>| {
        transfers
            .rows
            .with(|r| r.iter().find(|row| row.id == id).and_then(f))
    };
    let fixed = transfers.rows.with_untracked(|r| {
        r.iter()
            .find(|row| row.id == id)
            .map(|row| (row.name.clone(), row.place.clone()))
    });
    let (name, place) = fixed.unwrap_or_default();
    // Shown: a bidirectional control in a name or a place as a marker (`domain::text`).
    let name = Kept::new(crate::domain::text::shown_string(&name));
    let row_of = move |f: fn(&TransferRow) -> TransferState| {
        transfers
            .rows
            .with(|r| r.iter().find(|row| row.id == id).map(f))
            .unwrap_or(TransferState::Cancelled)
    };
    let state = crate::state::memo(move |_| row_of(|row| row.state));
    let asking = crate::state::memo(move |_| {
        transfers.rows.with(|r| {
            r.iter()
                .find(|row| row.id == id)
                .is_some_and(|row| row.clash.is_some())
        })
    });
    let note = crate::state::memo(move |_| read(&|row| row.note.clone()));
    let detail = crate::state::memo(move |_| read(&|row| row.detail.clone()));
    // The clock a stall is counted on (`state::clock`), moving only while the row runs.
    let now =
        crate::state::timer::ticking_now_while(std::time::Duration::from_secs(1), move || {
            state.get_untracked() == TransferState::Uploading
        });
    let figures = move || {
        let now = now.get() as f64;
        transfers.rows.with(|r| {
            r.iter().find(|row| row.id == id).map(|row| {
                let (value, max) = crate::domain::uploads::bar(
                    row.done,
                    row.total,
                    row.state == TransferState::Done,
                );
                (value, max, row.bytes_words(), row.speed_words(now))
            })
        })
    };
    let status = live(move || match state.get() {
        TransferState::Queued if asking.get() => "Waiting for your answer".to_owned(),
        TransferState::Queued => "Queued".to_owned(),
        TransferState::Uploading => figures().map(|f| f.3).unwrap_or_default(),
        TransferState::Done => "Done".to_owned(),
        TransferState::Failed => "Failed".to_owned(),
        TransferState::Cancelled => "Cancelled".to_owned(),
    });
    // Each button runs the callback the row holds when it is pressed.
    let callback = move |pick: fn(&TransferRow) -> Option<Callback<()>>| {
        transfers
            .rows
            .with_untracked(|r| r.iter().find(|row| row.id == id).and_then(pick))
    };
    let answer = move |a: ClashAnswer| {
        let cb = transfers
            .rows
            .with_untracked(|r| r.iter().find(|row| row.id == id).and_then(|row| row.clash));
        if let Some(cb) = cb {
            cb.run(a);
        }
    };
    let n = move || name.get_value();
    let clash = live(move || {
        asking.get().then(|| {
            view! {
                <p class="transfer-question" role="group" aria-label=format!("{} exists already", n())>
                    {format!("A file named “{}” is already there. ", n())}
                    <button type="button" class="btn btn-small" aria-label=format!("Replace {}", n())
                        on:click=move |_| answer(ClashAnswer::Replace)>"Replace"</button>
                    <button type="button" class="btn btn-small" aria-label=format!("Keep both {}", n())
                        on:click=move |_| answer(ClashAnswer::KeepBoth)>"Keep both"</button>
                    <button type="button" class="btn btn-small" aria-label=format!("Skip {}", n())
                        on:click=move |_| answer(ClashAnswer::Skip)>"Skip"</button>
                </p>
            }
        })
    });
    let cancel = live(move || {
        (state.get().running() && callback(|row| row.cancel).is_some()).then(|| {
            view! {
                <button type="button" class="btn btn-small" aria-label=format!("Cancel {}", n())
                    on:click=move |_| if let Some(c) = callback(|row| row.cancel) { c.run(()) }>"Cancel"</button>
            }
        })
    });
    let retry = live(move || {
        (state.get() == TransferState::Failed && callback(|row| row.retry).is_some()).then(|| {
            view! {
                <button type="button" class="btn btn-small" aria-label=format!("Retry {}", n())
                    on:click=move |_| if let Some(r) = callback(|row| row.retry) { r.run(()) }>"Retry"</button>
            }
        })
    });
    // An upload the backend forgot: a new one from the first byte, or the row away.
    let forgotten = live(move || {
        (state.get() == TransferState::Failed && callback(|row| row.start_again).is_some()).then(|| {
            view! {
                <button type="button" class="btn btn-small" aria-label=format!("Start again {}", n())
                    on:click=move |_| if let Some(r) = callback(|row| row.start_again) { r.run(()) }>"Start again"</button>
                <button type="button" class="btn btn-small" aria-label=format!("Remove {}", n())
                    on:click=move |_| if let Some(r) = callback(|row| row.remove) { r.run(()) }>"Remove"</button>
            }
        })
    });
    let note_class = move || {
        if state.get() == TransferState::Failed {
            "transfer-note alert-text"
        } else {
            "transfer-note muted"
        }
    };
    view! {
        <li class="transfer" data-file=n() data-state=move || state.get().as_str()>
            <div class="transfer-head">
                <span class="transfer-name">{n()}</span>
                <span class="transfer-place muted">{crate::domain::text::shown_string(&place)}</span>
            </div>
            <progress
                value=move || figures().map(|f| f.0).unwrap_or(0).to_string()
                max=move || figures().map(|f| f.1).unwrap_or(1).to_string()
                aria-label=format!("{} progress", n())
            ></progress>
            <div class="transfer-figures">
                <span>{live(move || figures().map(|f| f.2).unwrap_or_default())}</span>
                <span class="muted">{status}</span>
                {cancel}
                {retry}
                {forgotten}
            </div>
            {live(move || note.get().map(|text| view! { <p class=note_class>{text}</p> }))}
            {live(move || detail.get().map(|text| view! {
                <crate::components::error_alert::ErrorDetail detail=text/>
            }))}
            {clash}
        </li>
    }
    .into_any()
}

/// The transfers under a page's content (the data page, a request) while the header's panel is
/// closed: `<section class="data-transfers">` with its heading and the list. It comes with the
/// header in the `chrome` chunk, which no page waits for, handed to those pages in a context
/// (`lazy_forms::PageTransfersView`). In their own chunks, the data and request pages waited for the
/// list's code before their heading (about 23 KB gzip, estimated by splitting one build each
/// way), for transfers a cold load never has.
#[component]
pub(crate) fn PageTransfers() -> impl IntoView {
    let Some(t) = Transfers::use_transfers() else {
        return ().into_any();
    };
    view! {
        <crate::components::when::When when=move || t.rows.with(|r| !r.is_empty()) && !t.panel_open.get()>
            <section class="data-transfers" aria-labelledby="transfers-heading">
                <h2 id="transfers-heading">"Transfers"</h2>
                <TransfersList transfers=t/>
            </section>
        </crate::components::when::When>
    }
    .into_any()
}

/// The header's `Transfers` button (while there are transfers): the count still running, and a
/// panel with the list.
#[component]
pub(crate) fn TransfersButton() -> impl IntoView {
    let Some(t) = Transfers::use_transfers() else {
        return ().into_any();
    };
    let any = move || t.rows.with(|r| !r.is_empty());
    let label = move || match t.running() {
        0 => "Transfers".to_owned(),
        n => format!("Transfers ({n} running)"),
    };
    view! {
        <TransfersSaid transfers=t/>
        <crate::components::when::When when=any>
            <div class="transfers-menu">
                <button
                    type="button"
                    class="btn btn-small"
                    data-testid="transfers-button"
                    aria-expanded=move || t.panel_open.get().to_string()
                    aria-controls="transfers-panel"
                    on:click=move |_| t.panel_open.update(|o| *o = !*o)
                >
                    {label}
                </button>
                <crate::components::when::When when=move || t.panel_open.get()>
                    <div id="transfers-panel" class="transfers-panel" role="region" aria-label="Transfers panel"
                        on:keydown=move |e| if e.key() == "Escape" { t.panel_open.set(false) }>
                        <TransfersList transfers=t/>
                    </div>
                </crate::components::when::When>
            </div>
        </crate::components::when::When>
    }
    .into_any()
}

/// A polite live region (always in the header, so that it is there before it speaks) saying each
/// transfer's start, end and failure (`state::transfers::changes_said`).
#[component]
fn TransfersSaid(transfers: Transfers) -> impl IntoView {
    let said = Slot::new(String::new());
    type Seen = (Vec<(u64, TransferState)>, Vec<(u64, bool)>);
    crate::state::effect(move |before: Option<Seen>| {
        transfers.rows.with(|rows| {
            transfers.batches.with(|batches| {
                let (words_b, batches_now) = crate::state::transfers::batch_changes_said(
                    before.as_ref().map_or(&[][..], |b| &b.1),
                    batches,
                    rows,
                );
                // The first look only remembers (a header drawn again mid-transfer says nothing).
                if let Some(before) = &before {
                    let mut words = crate::state::transfers::changes_said(&before.0, rows);
                    words.extend(words_b);
                    if !words.is_empty() {
                        said.set(words.join(" "));
                    }
                }
                (rows.iter().map(|r| (r.id, r.state)).collect(), batches_now)
            })
        })
    });
    view! {
        <div class="visually-hidden" role="status" aria-live="polite" data-testid="transfers-said">
            {live(move || said.get())}
        </div>
    }
}
