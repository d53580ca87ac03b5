//! The transfers list (ui.md, "transfers"), on the data page and in the header's panel, and the
//! header's button that opens it while there are transfers.
use leptos::prelude::*;

use crate::state::transfers::{ClashAnswer, TransferRow, TransferState, Transfers};

/// `<ul data-testid="transfers">`: one item per upload or download.
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
                <For
                    each=move || transfers.rows.get()
                    key=|row| (row.id, row.state.as_str(), row.done, row.note.clone(), row.clash.is_some())
                    children=move |row| transfer_item(row)
                />
            </ul>
            {move || any_finished().then(|| view! {
                <button type="button" class="btn btn-small" on:click=move |_| transfers.clear_finished()>
                    "Clear finished"
                </button>
            })}
        </div>
    }
}

fn transfer_item(row: TransferRow) -> impl IntoView {
    let name = row.name.clone();
    let state = row.state;
    let status = match state {
        TransferState::Queued if row.clash.is_some() => "Waiting for your answer".to_owned(),
        TransferState::Queued => "Queued".to_owned(),
        TransferState::Uploading => row.speed_words(),
        TransferState::Done => "Done".to_owned(),
        TransferState::Failed => "Failed".to_owned(),
        TransferState::Cancelled => "Cancelled".to_owned(),
    };
    let clash = row.clash.map(|answer| {
        let n = name.clone();
        view! {
            <p class="transfer-question" role="group" aria-label=format!("{n} exists already")>
                {format!("A file named “{n}” is already there. ")}
                <button type="button" class="btn btn-small" aria-label=format!("Replace {n}")
                    on:click=move |_| answer.run(ClashAnswer::Replace)>"Replace"</button>
                <button type="button" class="btn btn-small" aria-label=format!("Keep both {n}")
                    on:click=move |_| answer.run(ClashAnswer::KeepBoth)>"Keep both"</button>
                <button type="button" class="btn btn-small" aria-label=format!("Skip {n}")
                    on:click=move |_| answer.run(ClashAnswer::Skip)>"Skip"</button>
            </p>
        }
    });
    let cancel = row.cancel.filter(|_| state.running()).map(|c| {
        view! {
            <button type="button" class="btn btn-small" aria-label=format!("Cancel {name}")
                on:click=move |_| c.run(())>"Cancel"</button>
        }
    });
    let retry = row
        .retry
        .filter(|_| state == TransferState::Failed)
        .map(|r| {
            view! {
                <button type="button" class="btn btn-small" aria-label=format!("Retry {}", row.name)
                    on:click=move |_| r.run(())>"Retry"</button>
            }
        });
    let note_class = if state == TransferState::Failed {
        "transfer-note alert-text"
    } else {
        "transfer-note muted"
    };
    view! {
        <li class="transfer" data-file=row.name.clone() data-state=state.as_str()>
            <div class="transfer-head">
                <span class="transfer-name">{row.name.clone()}</span>
                <span class="transfer-place muted">{row.place.clone()}</span>
            </div>
            <progress
                value=row.done.to_string()
                max=row.total.max(1).to_string()
                aria-label=format!("{} progress", row.name)
            ></progress>
            <div class="transfer-figures">
                <span>{row.bytes_words()}</span>
                <span class="muted">{status}</span>
                {cancel}
                {retry}
            </div>
            {row.note.map(|n| view! { <p class=note_class>{n}</p> })}
            {clash}
        </li>
    }
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
