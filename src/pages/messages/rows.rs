//! The messages table (ui.md, "messages"): a row per notification (`data-notification-id`,
//! `data-read`), its message as text, when (`<time datetime>`, relative), `Open request` for a
//! data request's, `Mark read` while unread (a mark made here shows at once and holds over a
//! cached reply: `domain::inbox::Marks`).
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::data_table::{Column, DataTable};
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::components::{focus_by_id, local_action};
use crate::domain::inbox::row_text;
use crate::domain::notification::Notification;
use crate::domain::text::shown_string;
use crate::domain::time::{format_rfc3339_utc, format_utc, parse_rfc3339_ms, relative_time};
use crate::state::notifications::Notifications;
use crate::state::Slot;

const COLUMNS: &[Column] = &[
    Column::shown("Message"),
    Column::shown("When"),
    Column::hidden("Actions"),
];

/// The id of a row's message cell (`Mark read` puts the focus there once it is gone).
fn message_id(n: &Notification) -> String {
    let safe: String =
        n.id.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(64)
            .collect();
    format!("message-{safe}")
}

#[component]
pub(super) fn MessagesTable(
    rows: Vec<Notification>,
    notes: Notifications,
    /// A row was marked read.
    on_marked: Callback<()>,
) -> impl IntoView {
    let now = crate::state::now_ms_i64();
    let rows = rows
        .into_iter()
        .map(|n| view! { <MessageRow n=n notes=notes now=now on_marked=on_marked/> })
        .collect_view();
    view! {
        <DataTable testid="messages-table" caption="Messages, newest first" columns=COLUMNS>
            {rows}
        </DataTable>
    }
}

#[component]
fn MessageRow(
    n: Notification,
    notes: Notifications,
    now: i64,
    on_marked: Callback<()>,
) -> impl IntoView {
    let error = Slot::new(None::<ApiError>);
    let read = {
        let n = n.clone();
        crate::state::memo(move |_| n.read || notes.marks.with(|m| m.covers(&n)))
    };
    let cell_id = message_id(&n);
    let mark = {
        let (id, cell_id) = (n.id.clone(), cell_id.clone());
        local_action(move |_: &()| {
            let (id, cell_id) = (id.clone(), cell_id.clone());
            async move {
                error.try_set(None);
                match notes.mark_read(vec![id]).await {
                    Ok(()) => {
                        on_marked.run(());
                        request_animation_frame(move || focus_by_id(&cell_id));
                    }
                    Err(e) => {
                        error.try_set(Some(e));
                    }
                }
            }
        })
    };
    let marking = mark.pending();
    let at = n.created_at.as_deref().and_then(parse_rfc3339_ms);
    let text = shown_string(&row_text(&n));
    let open = n.request_href();
    view! {
        <tr data-notification-id=n.id.clone()
            data-read=move || read.get().to_string()
            class=move || if read.get() { "message-read" } else { "message-unread" }>
            <td id=cell_id tabindex="-1">
                <When when=move || !read.get()>
                    <span class="visually-hidden">"Unread: "</span>
                </When>
                {text}
                {live(move || error.get().map(|e| view! {
                    <p class="alert alert-error" role="alert">"Could not mark it read: " {e.words()}</p>
                }))}
            </td>
            <td>{at.map(|at| view! {
                <time datetime=format_rfc3339_utc(at) title=format_utc(at)>{relative_time(at, now)}</time>
            })}</td>
            <td class="actions">
                {open.map(|href| view! { <a class="btn btn-small" href=href>"Open request"</a> })}
                <When when=move || !read.get()>
                    <button type="button" class="btn btn-small" disabled=move || marking.get()
                        on:click=move |_| { mark.dispatch_local(()); }>
                        "Mark read"
                    </button>
                </When>
            </td>
        </tr>
    }
}
