//! A server's text that may be any size (a session's `serverPodMessage`): its first
//! [`SHOWN_CHARS`] characters and `Show all <n> characters`, which shows the rest. A message of
//! 1 MB took the browser a second to lay out at every change (issue 56).
use crate::components::live::live;
use leptos::prelude::*;

use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::text::{excerpt, grouped, SHOWN_CHARS};
use crate::state::{Kept, Slot};

/// `text` as text, cut after [`SHOWN_CHARS`] characters with a button to show it all.
#[component]
pub fn LongText(#[prop(into)] text: String) -> impl IntoView {
    let Some(cut) = excerpt(&text, SHOWN_CHARS).map(str::to_owned) else {
        return text.into_any();
    };
    let total = text.chars().count();
    let text = Kept::new(text);
    let all = Slot::new(false);
    view! {
        <span class="long-text">
            {live(move || if all.get() { text.get_value() } else { format!("{cut}…") })}
        </span>
        <When when=move || !all.get()>
            " "
            <button type="button" class="btn btn-small btn-quiet long-text-all"
                on:click=move |_| all.set(true)>
                {format!("Show all {} characters", grouped(total as u64))}
            </button>
        </When>
    }
    .into_any()
}
