//! The header's bell (ui.md, "notifications"): a button named `Notifications` with the unread
//! count (`data-testid="notification-count"`, absent at 0); it opens the list (message, time)
//! with `Mark all read`. System notifications never show here (`state::notifications` acts on
//! them). Absent on a backend without the routes.
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::icon::{Icon, IconName};
use crate::components::local_action;
use crate::components::when::When;
use crate::domain::notification::{badge, Notification};
use crate::domain::time::{format_utc, parse_rfc3339_ms, relative_time};
use crate::state::notifications::Notifications;

#[component]
pub(crate) fn NotificationBell() -> impl IntoView {
    let notes = Notifications::use_notifications();
    let open = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let mark_all = local_action(move |_: &()| async move {
        error.try_set(None);
        if let Err(e) = notes.mark_all_read().await {
            error.try_set(Some(e));
        }
    });
    let marking = mark_all.pending();
    let count = move || notes.shown.with(|s| badge(s.len()));
    let described = move || {
        count()
            .map(|c| format!("{c} unread"))
            .unwrap_or_else(|| "none unread".into())
    };
    view! {
        <When when=move || notes.supported.get() == Some(true)>
            <div class="notifications"
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        open.set(false);
                    }
                }>
                <button type="button" class="btn btn-quiet bell"
                    aria-label="Notifications"
                    aria-describedby="notification-count-words"
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls="notification-panel"
                    on:click=move |_| open.update(|o| *o = !*o)>
                    <Icon name=IconName::Bell/>
                    {move || count().map(|c| view! {
                        <span class="badge notification-count" data-testid="notification-count">{c}</span>
                    })}
                </button>
                <span id="notification-count-words" class="visually-hidden">{described}</span>
                <When when=move || open.get()>
                    <section id="notification-panel" class="notification-panel"
                        aria-label="Notifications">
                        <div class="notification-panel-head">
                            <h2>"Notifications"</h2>
                            <button type="button" class="btn btn-small"
                                on:click=move |_| { mark_all.dispatch_local(()); }
                                disabled=move || marking.get() || notes.shown.with(Vec::is_empty)>
                                "Mark all read"
                            </button>
                        </div>
                        {move || error.get().map(|e| view! {
                            <p class="alert alert-error" role="alert">
                                "Could not mark them read: " {e.message()}
                            </p>
                        })}
                        {move || notification_list(notes.shown.get())}
                    </section>
                </When>
            </div>
        </When>
    }
}

fn notification_list(list: Vec<Notification>) -> AnyView {
    if list.is_empty() {
        return view! { <p class="muted empty">"No unread notifications."</p> }.into_any();
    }
    let now = crate::state::now_ms_i64();
    view! {
        <ul class="notification-list">
            {list
                .into_iter()
                .map(|n| {
                    let at = n.created_at.as_deref().and_then(parse_rfc3339_ms);
                    let when = at.map(|ms| relative_time(ms, now));
                    let title = at.map(format_utc);
                    view! {
                        <li class="notification">
                            <p class="notification-message">{n.message}</p>
                            {when.map(|w| view! {
                                <time class="muted" title=title>{w}</time>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
