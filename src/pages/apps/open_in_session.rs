//! `Open in session` on an app card: the user's own sessions that are ready (or running),
//! each a button named by the session and its workspace, and `Start a new session` in a
//! workspace where they may `createWorkbench`. Choosing goes to the session's page, whose app
//! tabs open the app as their own `Open app` does (`state::app_tabs::open_on_arrival`: the tab
//! at once, `POST /app-instances`, waiting while a new session starts); a new session is
//! started as everywhere else (`state::new_session`). Where the platform limits app instances
//! and the user's own reach it, that is said in words and the buttons are disabled (CHORUS
//! itself does not enforce it: api.md §4b); a session limit reached disables `Start session`.
use std::collections::HashMap;

use crate::components::live::live;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::{ApiClient, ApiError};
use crate::components::error_alert::ErrorAlert;
use crate::components::local_action;
use crate::components::my_workspaces::{names_of, use_my_workspaces};
use crate::components::on::OnAttribute;
use crate::components::session_status::live_all_sessions;
use crate::components::when::When;
use crate::domain::app_catalogue::AppRow;
use crate::domain::limits::{blocked, own_count, Kind, Limits};
use crate::domain::session_list::{check_name, MAX_NAME_CHARS};
use crate::domain::text::shown_string;
use crate::domain::workbench::Workbench;
use crate::routes::session_href;
use crate::state::activity::Activity;
use crate::state::app_tabs::open_on_arrival;
use crate::state::auth::Auth;
use crate::state::desktops::Desktops;
use crate::state::new_session::start_new_session;
use crate::state::{Derived, Kept, Slot};

/// Where an app can be opened, shared by the cards of the page.
#[derive(Clone, Copy)]
pub(super) struct Places {
    /// The user's own sessions that are ready or running (`None`: not loaded yet), newest first.
    sessions: Signal<Option<Vec<Workbench>>>,
    /// The user's own sessions that are not deleted (for the session limit).
    own_sessions: Signal<Option<u64>>,
    /// The workspaces where the user may start a session: (id, tenant, name shown).
    workspaces: Derived<Vec<(String, String, String)>>,
    /// The workspaces loaded (or failed).
    workspaces_known: Signal<bool>,
    /// Workspace id → name shown.
    names: Derived<HashMap<String, String>>,
    limits: Derived<Limits>,
    /// The user's own app instances (where limited), counted again when `recount` changes.
    apps_used: Signal<Option<u64>>,
    recount: Slot<u32>,
}

/// The page's [`Places`]: the user's sessions (live while any starts), their workspaces, the
/// platform's limits.
pub(super) fn use_places() -> Places {
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let me = crate::state::memo(move |_| {
        auth.user
            .with(|u| u.as_ref().map(|u| u.id.clone()))
            .unwrap_or_default()
    });
    let poll = live_all_sessions(api);
    let all = poll.latest().loadable();
    let sessions = Signal::derive(move || {
        let me = me.get();
        all.with(|l| {
            l.value().map(|rows| {
                rows.iter()
                    .filter(|w| w.user_id == me && !w.is_deleted())
                    .filter(|w| w.is_ready() || w.is_running())
                    .cloned()
                    .collect()
            })
        })
    });
    let own_sessions = Signal::derive(move || {
        let me = me.get();
        all.with(|l| {
            l.value()
                .map(|rows| own_count(rows, &me, |w| w.user_id.as_str(), Workbench::is_deleted))
        })
    });
    let mine = use_my_workspaces();
    let names = crate::state::memo(move |_| {
        mine.with(|m| m.value().map(|l| names_of(l)).unwrap_or_default())
    });
    let workspaces = crate::state::memo(move |_| {
        mine.with(|w| {
            w.value()
                .map(|l| crate::state::new_session::startable_workspaces(auth, l))
                .unwrap_or_default()
        })
    });
    let workspaces_known = Signal::derive(move || {
        mine.with(|m| !matches!(m, crate::domain::latest::Loadable::Loading))
    });
    let limits = crate::state::limits::use_limits();
    let recount = Slot::new(0u32);
    let apps_used = crate::state::limits::use_own_app_instances(limits, me.into(), recount.into());
    Places {
        sessions,
        own_sessions,
        workspaces,
        workspaces_known,
        names,
        limits,
        apps_used,
        recount,
    }
}

/// What the chooser of one card works on, in a context around it: it comes in the `wsforms`
/// chunk (issue 58: with it, `/apps` waited for the code it shares with the session page's
/// tabs, the app's opening and a session's start, over the 500 KB of a signed-in page).
#[derive(Clone, Copy)]
pub(super) struct OpenIn {
    pub version: Derived<AppRow>,
    pub places: Places,
    pub on_close: Callback<()>,
}

/// The chooser of the card around it ([`OpenIn`]), from the `wsforms` chunk.
#[component]
pub(in crate::pages) fn OpenInSessionForm() -> impl IntoView {
    let OpenIn {
        version,
        places,
        on_close,
    } = expect_context::<OpenIn>();
    view! { <OpenInSession version=version places=places on_close=on_close/> }
}

/// The chooser under a card's `Open in session` (Escape or `Cancel` closes it).
#[component]
fn OpenInSession(
    version: Derived<AppRow>,
    places: Places,
    on_close: Callback<()>,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let activity = Activity::use_activity();
    let desktops = Desktops::use_desktops();
    let navigate = use_navigate();
    let key = version.with_untracked(|v| v.id.clone());
    let group_id = format!("open-in-{key}");
    let ws_id = Kept::new(format!("new-session-ws-{key}"));
    let name_id = Kept::new(format!("new-session-name-{key}"));
    let err_id = Kept::new(format!("new-session-error-{key}"));
    // Count the user's apps again each time a chooser opens (they may have opened one since).
    places.recount.update(|n| *n += 1);
    let app_limit = crate::state::limits::app_limit_words(places.limits, places.apps_used);
    let session_limit = Signal::derive(move || {
        blocked(
            places.limits.get(),
            Kind::Sessions,
            places.own_sessions.get(),
        )
    });
    let full = move || app_limit.with(Option::is_some);
    let nav = navigate.clone();
    let go = move |wb: &Workbench| {
        open_on_arrival(&wb.id, version.get_untracked().tab_app());
        nav(&session_href(&wb.workspace_id, &wb.id), Default::default());
    };
    let sessions = live(move || {
        let names = places.names.get();
        let go = go.clone();
        match places.sessions.get() {
            None => view! { <p class="muted" role="status">"Loading your sessions…"</p> }.into_any(),
            Some(list) if list.is_empty() => {
                view! { <p class="muted">"You have no session ready."</p> }.into_any()
            }
            Some(list) => view! {
                <ul class="open-in-session-list">
                    {list.into_iter().map(|wb| {
                        let ws = names.get(&wb.workspace_id).cloned().unwrap_or_else(|| format!("workspace {}", wb.workspace_id));
                        let name = shown_string(&wb.display_name());
                        let go = go.clone();
                        let state = if wb.is_ready() { "" } else { " (starting its desktop)" };
                        view! {
                            <li>
                                <button type="button" class="btn open-in-session-item"
                                    disabled=full
                                    on:click=move |_| go(&wb)>
                                    <span class="session-name">{name}</span>
                                    <span class="muted">{format!(" in {}{state}", shown_string(&ws))}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any(),
        }
    });

    // `Start a new session`.
    let new_open = Slot::new(false);
    let chosen = Slot::new(String::new());
    crate::state::effect(move |_| {
        let first = places.workspaces.with(|c| c.first().map(|c| c.0.clone()));
        let known = places
            .workspaces
            .with(|c| chosen.with_untracked(|id| c.iter().any(|c| &c.0 == id)));
        if !known {
            chosen.set(first.unwrap_or_default());
        }
    });
    let name = Slot::new(version.with_untracked(|v| {
        v.name
            .trim()
            .chars()
            .take(MAX_NAME_CHARS)
            .collect::<String>()
    }));
    let name_error = Slot::new(None::<String>);
    let failure = Slot::new(None::<ApiError>);
    let start = local_action(move |name: &String| {
        let name = name.clone();
        let ws = chosen.get_untracked();
        let tenant = places.workspaces.with_untracked(|c| {
            c.iter()
                .find(|c| c.0 == ws)
                .map(|c| c.1.clone())
                .unwrap_or_default()
        });
        let navigate = navigate.clone();
        let app = version.get_untracked().tab_app();
        async move {
            match start_new_session(api, activity, auth, desktops, &tenant, &ws, &name).await {
                Ok(wb) => {
                    open_on_arrival(&wb.id, app);
                    navigate(&session_href(&ws, &wb.id), Default::default());
                }
                Err(e) => {
                    failure.try_set(Some(e));
                }
            }
        }
    });
    let pending = start.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() || full() || session_limit.with_untracked(Option::is_some) {
            return;
        }
        failure.set(None);
        match check_name(&name.get_untracked()) {
            Ok(n) => {
                name_error.set(None);
                start.dispatch_local(n);
            }
            Err(m) => {
                name_error.set(Some(m));
                crate::components::focus_by_id(&name_id.get_value());
            }
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if matches!(ev.key().as_str(), "Escape" | "Esc") {
            ev.prevent_default();
            on_close.run(());
        }
    };
    let g = group_id.clone();
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(&g).and_then(|e| {
            e.query_selector("button:not([disabled]), select, input")
                .ok()
                .flatten()
        }) {
            use wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
    let label = move || {
        format!(
            "Open {} in a session",
            shown_string(&version.with(|v| v.name.clone()))
        )
    };
    view! {
        <div class="open-in-session" id=group_id role="group" aria-label=label on:keydown=on_keydown>
            {live(move || app_limit.get().map(|w| view! {
                <p class="alert alert-warn app-limit" role="status">{w}". Close an app in one of your sessions to open another."</p>
            }))}
            <p class="open-in-session-heading">"Your sessions"</p>
            {sessions}
            <When
                when=move || !places.workspaces.with(Vec::is_empty)
                fallback=move || view! {
                    <p class="muted">{live(move || if places.workspaces_known.get() {
                        "You may not start sessions in any of your workspaces."
                    } else {
                        "Loading your workspaces…"
                    })}</p>
                }
            >
                <When when=move || !new_open.get()>
                    <button type="button" class="btn open-in-session-new" disabled=full
                        on:click=move |_| {
                            new_open.set(true);
                            request_animation_frame(move || crate::components::focus_by_id(&ws_id.get_value()));
                        }>
                        "Start a new session"
                    </button>
                </When>
                <When when=move || new_open.get()>
                    <form class="open-in-session-form" novalidate=true on:submit=on_submit>
                        <div class="field">
                            <label for=ws_id.get_value()>"Workspace"</label>
                            <select id=ws_id.get_value() on:change=move |ev| chosen.set(event_target_value(&ev))>
                                {live(move || places.workspaces.get().into_iter().map(|(id, _, label)| {
                                    let sel = id.clone();
                                    view! { <option value=id selected=move || chosen.with(|c| *c == sel)>{label}</option> }
                                }).collect_view())}
                            </select>
                        </div>
                        <div class="field">
                            <label for=name_id.get_value()>"Session name"</label>
                            <input id=name_id.get_value() type="text" required=true autocomplete="off"
                                maxlength=MAX_NAME_CHARS.to_string()
                                aria-invalid=move || name_error.with(Option::is_some).then_some("true")
                                aria-describedby=move || name_error.with(Option::is_some).then(|| err_id.get_value())
                                prop:value=move || name.get()
                                on:input=move |ev| { name.set(event_target_value(&ev)); name_error.set(None); }/>
                            {live(move || name_error.get().map(|m| view! { <p class="field-error" id=err_id.get_value()>{m}</p> }))}
                        </div>
                        {live(move || session_limit.get().map(|w| view! { <p class="alert alert-warn session-limit" role="status">{w}"."</p> }))}
                        <div class="form-actions">
                            <button type="submit" class="btn btn-primary"
                                disabled=move || pending.get() || full() || session_limit.with(Option::is_some)>
                                "Start session"
                            </button>
                        </div>
                    </form>
                </When>
            </When>
            {live(move || failure.get().map(|e| view! { <ErrorAlert title="Could not start the session" error=e/> }))}
            <div class="form-actions">
                <button type="button" class="btn btn-quiet" on:click=move |_| on_close.run(())>"Cancel"</button>
            </div>
        </div>
    }
}
