//! The users search field: the query follows the text once typing pauses, and goes back to the
//! first page.
use std::time::Duration;

use leptos::prelude::*;

use crate::components::on::OnAttribute;
use crate::state::timer::Delay;
use crate::state::Slot;

const SEARCH_DEBOUNCE_MS: u64 = 300;

pub(super) fn search_field(query: Slot<String>, offset: Slot<u64>) -> impl IntoView {
    let text = Slot::new(query.get_untracked());
    let debounce = Delay::new();
    let on_input = move |ev| {
        let v = event_target_value(&ev);
        text.set(v.clone());
        debounce.start(Duration::from_millis(SEARCH_DEBOUNCE_MS), move || {
            let v = v.trim().to_string();
            if query.try_get_untracked().is_some_and(|q| q != v) {
                offset.try_set(0);
                query.try_set(v);
            }
        });
    };
    view! {
        <div class="users-toolbar">
            <div class="field">
                <label for="users-search">"Search users"</label>
                <input
                    id="users-search"
                    type="search"
                    placeholder="Username, name or email"
                    prop:value=move || text.get()
                    on:input=on_input
                />
            </div>
        </div>
    }
}
