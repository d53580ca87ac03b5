//! Under the data page's table while files are selected (ui.md, "new request"): how many, their
//! size, `Clear selection`, and `Request extraction` / `Request transfer`, which open the form of
//! a data request (`request_form.rs`, in the `dataforms` chunk: the pointer or the focus on a
//! button fetches it, the click opens the form once it is in).
use crate::components::live::live;
use leptos::prelude::*;

use super::ctx::{Asking, Ctx};
use crate::components::lazy_forms::DataForms;
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::files::size_words;
use crate::domain::permissions::Perm;
use crate::domain::text::grouped;

/// May the user ask for a request out of this workspace? CHORUS's `createRequest`; a backend
/// whose catalogue has no such permission (ours) lets whoever sees the files ask.
fn may_ask(ctx: Ctx) -> bool {
    match ctx.auth.grants() {
        Some(g) if g.knows(Perm::CreateRequest) => ctx.may(Perm::CreateRequest),
        Some(_) => ctx.may(Perm::ListFilesInWorkspace),
        None => false,
    }
}

#[component]
pub(super) fn SelectionBar(ctx: Ctx) -> impl IntoView {
    let open = ctx.asking;
    let chunk = ctx.forms.apart();
    let count = move || ctx.selected.with(Vec::len);
    let total = move || size_words(ctx.selected.with(|s| s.iter().map(|e| e.size).sum()));
    let ask = move |asking: Asking, label: &'static str| {
        view! {
            <button type="button" class="btn btn-small"
                aria-expanded=move || (open.get() == Some(asking)).to_string()
                on:pointerover=move |_| chunk.prefetch()
                on:focus=move |_| chunk.prefetch()
                on:click=move |_| chunk.open(move || open.set(Some(asking)))>
                {label}
            </button>
        }
    };
    view! {
        <div class="selection-bar">
            <p class="muted" role="status">{live(move || format!("{} selected ({}).", grouped(count() as u64), total()))}</p>
            <When when=move || may_ask(ctx)>
                {ask(Asking::Extraction, "Request extraction")}
                {ask(Asking::Transfer, "Request transfer")}
            </When>
            <button type="button" class="btn btn-small btn-quiet" on:click=move |_| { ctx.selected.set(Vec::new()); open.set(None); }>"Clear selection"</button>
        </div>
        {chunk.failure()}
        {live(move || open.get().map(|_| view! {
            <crate::components::focus_return::FocusReturn>{chunk.form(DataForms::REQUEST)}</crate::components::focus_return::FocusReturn>
        }))}
    }
}
