//! `Filter this folder` (issue 50): a part of a name narrows the table as it is typed, the count
//! of matches is said in words, Escape clears it, and the first match is one key away (Down or
//! Enter moves the focus to it).
use crate::components::live::live;
use leptos::prelude::*;

use crate::components::on::OnAttribute;
use crate::components::virtual_rows::VirtualRows;
use crate::domain::folder_filter::count_words;
use crate::state::Slot;

#[component]
pub(super) fn FilterBox(
    /// What is typed.
    query: Slot<String>,
    /// How many entries match it, of how many.
    shown: Signal<usize>,
    total: Signal<usize>,
    rows: VirtualRows,
) -> impl IntoView {
    let keys = move |e: leptos::ev::KeyboardEvent| match e.key().as_str() {
        "Escape" if !query.get_untracked().is_empty() => {
            e.prevent_default();
            query.set(String::new());
        }
        "ArrowDown" | "Enter" if shown.get_untracked() > 0 => {
            e.prevent_default();
            rows.focus(0);
        }
        _ => {}
    };
    view! {
        <div class="folder-filter">
            <label class="field field-inline">
                <span>"Filter this folder"</span>
                <input type="search" autocomplete="off" spellcheck="false"
                    prop:value=move || query.get()
                    on:input=move |e| query.set(event_target_value(&e))
                    on:keydown=keys/>
            </label>
            <p class="muted filter-count" role="status">
                {live(move || query.with(|q| count_words(shown.get(), total.get(), q)))}
            </p>
        </div>
    }
}
