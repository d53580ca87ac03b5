//! The users search field: the query follows the text once typing pauses, and goes back to the
//! first page.
use std::time::Duration;

use leptos::prelude::*;

const SEARCH_DEBOUNCE_MS: u64 = 300;

pub(super) fn search_field(query: RwSignal<String>, offset: RwSignal<u64>) -> impl IntoView {
    let text = RwSignal::new(query.get_untracked());
    let timer: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let stop_timer = move || {
        if let Some(t) = timer.try_update_value(Option::take).flatten() {
            t.clear();
        }
    };
    on_cleanup(stop_timer);
    let on_input = move |ev| {
        let v = event_target_value(&ev);
        text.set(v.clone());
        stop_timer();
        let h = set_timeout_with_handle(
            move || {
                let v = v.trim().to_string();
                if query.try_get_untracked().is_some_and(|q| q != v) {
                    offset.try_set(0);
                    query.try_set(v);
                }
            },
            Duration::from_millis(SEARCH_DEBOUNCE_MS),
        )
        .ok();
        timer.set_value(h);
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
