//! The header's bell (ui.md, "notifications"): a button named `Notifications` with the unread
//! count (`data-testid="notification-count"`, absent at 0); it opens the list (message, time)
//! with `Mark all read`. System notifications are acted on (`state::notifications`); those that
//! name a role given in a workspace or session are listed in words with a link to it. Absent on
//! a backend without the routes. The list ends with a link `All messages` (`/messages`).
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::icon::{Icon, IconName};
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::notification::{badge, Notification};
use crate::domain::text::shown_string;
use crate::domain::time::{format_utc, parse_rfc3339_ms, relative_time};
use crate::state::notifications::Notifications;
use crate::state::Slot;

#[component]
pub(crate) fn NotificationBell() -> impl IntoView {
    let notes = Notifications::use_notifications();
    let open = Slot::new(false);
    let error = Slot::new(None::<ApiError>);
    let mark_all = local_action(move |_: &()| async move {
        error.try_set(None);
        if let Err(e) = notes.mark_all_read().await {
            error.try_set(Some(e));
        }
    });
    let marking = mark_all.pending();
    // CHORUS names the workspace of a workspace role by its id: its name is looked up (the
    // user may read it once the role is theirs).
    let api = crate::api::ApiClient::use_client();
    let has_feed = use_context::<crate::state::activity::Activity>().is_some();
    let activity = crate::state::activity::Activity::use_activity();
    let names = crate::state::resource(move || {
        // Again once the login was renewed for the new role: the list before it lacks the
        // workspace.
        notes.roles_changed();
        let ids: Vec<String> = notes.shown.with(|s| {
            s.iter()
                .filter_map(Notification::grant)
                .filter(|g| g.names_by_id())
                .filter_map(|g| g.workspace_id)
                .collect()
        });
        // The activity feed reads the user's workspaces at its start: while its list is on
        // its way, wait for it (read again when it is in), and take the names it gave when it
        // has all of them: one page load asks for the list once (daily.spec).
        let feed_loading = has_feed && activity.workspaces.with(Option::is_none);
        let known = activity.names.with_untracked(|m| {
            ids.iter()
                .all(|id| m.contains_key(id))
                .then(|| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        });
        async move {
            if ids.is_empty() || feed_loading {
                return Vec::new();
            }
            if let Some(known) = known {
                return known;
            }
            // The list of the user's workspaces: what a guest may read (`getWorkspace` of one
            // may be refused to them).
            crate::api::workspaces::list(api)
                .await
                .map(|list| {
                    list.into_iter()
                        .map(|w| (w.id.clone(), w.display_name()))
                        .collect()
                })
                .unwrap_or_default()
        }
    });
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
                    on:click=move |_| {
                        let now_open = !open.get_untracked();
                        open.set(now_open);
                        if now_open {
                            notes.list_opened();
                        }
                    }>
                    <Icon name=IconName::Bell/>
                    {live(move || count().map(|c| view! {
                        <span class="badge notification-count" data-testid="notification-count">{c}</span>
                    }))}
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
                        {live(move || error.get().map(|e| view! {
                            <p class="alert alert-error" role="alert">
                                "Could not mark them read: " {e.words()}
                            </p>
                        }))}
                        {live(move || notification_list(notes.shown.get(), names.get().unwrap_or_default()))}
                        // ui.md: the list ends with `All messages` (the inbox, `/messages`).
                        <p class="notification-all">
                            <a href="/messages" on:click=move |_| open.set(false)>"All messages"</a>
                        </p>
                    </section>
                </When>
            </div>
        </When>
    }
}

fn notification_list(list: Vec<Notification>, names: Vec<(String, String)>) -> AnyView {
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
                    let grant = n.grant().map(|g| {
                        let looked_up = g
                            .names_by_id()
                            .then(|| names.iter().find(|(id, _)| Some(id) == g.workspace_id.as_ref()))
                            .flatten()
                            .map(|(_, name)| name.clone());
                        match looked_up {
                            Some(name) => g.named(&name),
                            None => g,
                        }
                    });
                    let message = match &grant {
                        Some(g) => match g.href() {
                            Some(href) => view! {
                                <p class="notification-message"><a href=href>{shown_string(&g.words())}</a></p>
                            }
                            .into_any(),
                            None => view! { <p class="notification-message">{shown_string(&g.words())}</p> }.into_any(),
                        },
                        None => match (n.request_words(), n.request_href()) {
                            (Some(words), Some(href)) => view! {
                                <p class="notification-message"><a href=href>{shown_string(&words)}</a></p>
                            }
                            .into_any(),
                            (Some(words), None) => view! { <p class="notification-message">{shown_string(&words)}</p> }.into_any(),
                            _ => view! { <p class="notification-message">{shown_string(&n.message)}</p> }.into_any(),
                        },
                    };
                    let kind = if grant.is_some() {
                        "role"
                    } else if n.request_id.is_some() {
                        "request"
                    } else {
                        "message"
                    };
                    view! {
                        <li class="notification" data-kind=kind>
                            {message}
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
