//! `/messages`: the user's notifications (ui.md, "messages"; api.md "Notifications, as an
//! inbox"). Tabs `Unread` (default) and `All` in `?tab=`; the list is read page by page
//! (`domain::inbox::Walk`), as far as the rows shown need, and for a search (CHORUS has none) up
//! to 200 notifications, saying where it stopped. System notifications are never rows and never
//! counted. `Mark read` and `Mark all read` go through the app's notifications
//! (`state::notifications`): the marks hold over CHORUS's cached replies, and `Mark all read`
//! acts first on a role change it would swallow. The rows: `rows.rs`.
mod rows;

use crate::components::live::live;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{notifications as api, ApiClient, ApiError};
use crate::components::error_alert::ErrorAlert;
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::components::{focus_by_id, local_action};
use crate::domain::inbox::{
    matches, row_text, search_note, search_words, showing, Count, Tab, Walk, BACKEND_PAGE,
    SHOWN_PAGE,
};
use crate::state::notifications::Notifications;
use crate::state::{Kept, Slot};

use rows::MessagesTable;

/// The id of the line that says how many are shown (focus goes there when `Load more` leaves).
const SHOWING_ID: &str = "messages-showing";
/// The id of what `Mark all read` says.
const MARKED_ID: &str = "messages-marked";

#[component]
pub(crate) fn MessagesPage() -> impl IntoView {
    let notes = use_context::<Notifications>();
    view! {
        <main class="page messages-page" id="main">
            <h1>"Messages"</h1>
            {match notes {
                Some(notes) => view! { <Inbox notes=notes/> }.into_any(),
                None => view! { <p class="empty">"Messages are not available here."</p> }.into_any(),
            }}
        </main>
    }
}

#[component]
fn Inbox(notes: Notifications) -> impl IntoView {
    let api = ApiClient::use_client();
    let query = use_query_map();
    let tab = crate::state::memo(move |_| Tab::from_query(query.with(|q| q.get("tab")).as_deref()));
    let walk = Slot::new(Walk::default());
    let shown = Slot::new(SHOWN_PAGE);
    let search = Slot::new(String::new());
    let words = crate::state::memo(move |_| search.with(|s| search_words(s)));
    let loading = Slot::new(false);
    let error = Slot::new(None::<ApiError>);
    let generation = Kept::new(0u64);
    let reload = Slot::new(0u64);
    // Another tab (or Retry): the list is read again from its start.
    crate::state::effect(move |_| {
        tab.track();
        reload.track();
        generation.update_value(|g| *g += 1);
        walk.set(Walk::default());
        shown.set(SHOWN_PAGE);
        error.set(None);
        loading.set(false);
    });
    // The next page while the rows shown or a search need one (one request at a time).
    crate::state::effect(move |_| {
        let want = shown.get();
        let searching = words.with(|w| !w.is_empty());
        let needed = walk.with(|w| w.wants_more(want, searching));
        if !needed || loading.get() || error.with(Option::is_some) {
            return;
        }
        loading.set(true);
        let gen = generation.get_value();
        let unread = tab.get_untracked() == Tab::Unread;
        let offset = walk.with_untracked(Walk::next_offset);
        leptos::task::spawn_local(async move {
            let reply = api::page(api, unread, offset, BACKEND_PAGE).await;
            if generation.try_get_value() != Some(gen) {
                return;
            }
            match reply {
                Ok((mut page, total)) => {
                    // A reply from CHORUS's 2-s cache must not undo a mark made here.
                    notes.marks.try_update(|m| m.apply(&mut page));
                    walk.try_update(|w| w.take(page, total, BACKEND_PAGE));
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
            loading.try_set(false);
        });
    });
    let visible = crate::state::memo(move |_| {
        let w = words.get();
        walk.with(|wk| {
            wk.rows
                .iter()
                .filter(|n| w.is_empty() || matches(&row_text(n), &w))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let count = move || {
        if words.with(Vec::is_empty) {
            walk.with(Walk::count)
        } else {
            Count::Exact(visible.with(Vec::len))
        }
    };
    let more = move || {
        visible.with(Vec::len) > shown.get()
            || (words.with(Vec::is_empty) && walk.with(|w| !w.done()))
    };
    let marked = Slot::new(None::<String>);
    let mark_all = local_action(move |_: &()| async move {
        marked.try_set(None);
        match notes.mark_all_read().await {
            Ok(()) => {
                // Everything that was unread left the backend's unread list.
                walk.try_update(|w| w.left = w.read);
                marked.try_set(Some("All messages are marked read.".to_owned()));
                request_animation_frame(|| focus_by_id(MARKED_ID));
            }
            Err(e) => {
                marked.try_set(Some(format!("Could not mark them read: {}", e.words())));
            }
        }
    });
    let marking_all = mark_all.pending();
    let any_unread = move || {
        let marks = notes.marks.get();
        walk.with(|w| w.rows.iter().any(|n| !n.read && !marks.covers(n)))
    };
    let navigate = use_navigate();
    let tab_link = move |t: Tab| {
        let selected = move || tab.get() == t;
        let href = format!("/messages?tab={}", t.as_str());
        let navigate = navigate.clone();
        view! {
            <a role="tab" class="tab" id=format!("messages-tab-{}", t.as_str()) href=href.clone()
                aria-controls="messages-panel"
                aria-selected=move || selected().to_string()
                tabindex=move || if selected() { "0" } else { "-1" }
                on:click=move |e| {
                    e.prevent_default();
                    navigate(&href, Default::default());
                }>
                {t.words()}
            </a>
        }
    };
    let tab_unread = tab_link.clone()(Tab::Unread);
    let tab_all = tab_link(Tab::All);
    let empty_words = move || match tab.get() {
        Tab::Unread => "No unread messages.",
        Tab::All => "No messages yet.",
    };
    view! {
        <p class="muted">"What the platform told you: decisions on data requests and other news. Changes to your roles are applied by themselves and not listed."</p>
        <div class="tabs" role="tablist" aria-label="Messages"
            on:keydown=crate::components::tablist::on_tablist_keydown>
            {tab_unread}
            {tab_all}
        </div>
        <div class="filters">
            <label>
                "Search messages "
                <input type="search" prop:value=move || search.get()
                    on:input=move |e| search.set(event_target_value(&e))/>
            </label>
            <When when=move || tab.get() == Tab::Unread>
                <button type="button" class="btn btn-small"
                    on:click=move |_| { mark_all.dispatch_local(()); }
                    disabled=move || marking_all.get() || !any_unread()>
                    "Mark all read"
                </button>
            </When>
        </div>
        {live(move || marked.get().map(|m| view! {
            <p class="notice" role="status" id=MARKED_ID tabindex="-1">{m}</p>
        }))}
        {live(move || (!words.with(Vec::is_empty)).then(|| {
            let note = search_note(&walk.get(), visible.with(Vec::len), loading.get());
            view! { <p class="muted search-note" role="status">{note}</p> }
        }))}
        <div role="tabpanel" id="messages-panel"
            aria-labelledby=move || format!("messages-tab-{}", tab.get().as_str())>
            {live(move || error.get().map(|e| view! {
                <ErrorAlert title="Could not load your messages" error=e
                    on_retry=Callback::new(move |_| reload.update(|r| *r += 1))/>
            }))}
            {live(move || {
                let rows = visible.get();
                if rows.is_empty() {
                    let busy = loading.get() || walk.with(|w| !w.done());
                    return if busy && error.with(Option::is_none) {
                        view! { <p class="muted">"Loading your messages…"</p> }.into_any()
                    } else if words.with(Vec::is_empty) {
                        view! { <p class="empty">{empty_words()}</p> }.into_any()
                    } else {
                        ().into_any()
                    };
                }
                let first: Vec<_> = rows.into_iter().take(shown.get()).collect();
                view! {
                    <MessagesTable rows=first notes=notes on_marked=Callback::new(move |_| {
                        if tab.get_untracked() == Tab::Unread {
                            walk.update(|w| w.left += 1);
                        }
                    })/>
                }
                .into_any()
            })}
            <p class="muted" id=SHOWING_ID tabindex="-1">{live(move || {
                let n = count();
                (n != Count::Exact(0)).then(|| showing(shown.get(), n))
            })}</p>
            <When when=more>
                <button type="button" class="btn" disabled=move || loading.get()
                    on:click=move |_| {
                        shown.update(|s| *s += SHOWN_PAGE);
                        if !more() {
                            request_animation_frame(|| focus_by_id(SHOWING_ID));
                        }
                    }>
                    "Load more"
                </button>
            </When>
        </div>
    }
}
