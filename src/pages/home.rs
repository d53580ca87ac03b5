//! `/` (ui.md, "home"): where the user was and what waits for them, in sections that each show
//! as soon as their own list is in (never one wait for all): `Recent sessions` (their own,
//! newest first, with workspace and status, live on the one poll engine while any starts),
//! `Your workspaces` (the activity store's list, loaded at sign-in), `Waiting for you` (the
//! header's count of requests to review and the bell's unread notifications: nothing is asked
//! again), and `Your usage` against the platform's limits (dev-store `instance.limits`; the
//! section exists only where one is set).
use std::collections::HashMap;

use crate::components::live::live;
use leptos::prelude::*;

use crate::api::ApiClient;
use crate::components::keyed::Keyed;
use crate::components::lazy_forms::{FormsChunk, HomeParts};
use crate::components::loaded::{Load, Loaded};
use crate::components::my_workspaces::{names_of, use_my_workspaces};
use crate::components::session_status::{live_all_sessions, SessionStatus, SessionWords};
use crate::components::when::When;
use crate::domain::session_list::recent;
use crate::domain::text::shown_string;
use crate::domain::workbench::Workbench;
use crate::domain::workspace::Workspace;
use crate::state::auth::Auth;
use crate::state::notifications::Notifications;
use crate::state::requests::Waiting;
use crate::state::{Derived, Slot};

pub(crate) mod usage;

/// How many recent sessions the home page lists.
const RECENT: usize = 6;
/// How many workspaces before `All workspaces`.
const WORKSPACES: usize = 8;

#[component]
pub fn HomePage() -> impl IntoView {
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let me = crate::state::memo(move |_| {
        auth.user
            .with(|u| u.as_ref().map(|u| u.id.clone()))
            .unwrap_or_default()
    });
    let sessions = live_all_sessions(api);
    let workspaces = use_my_workspaces();
    let greeting = live(move || {
        auth.user.with(|u| {
            u.as_ref()
                .map(|u| format!("Welcome back, {}.", shown_string(&u.display_name())))
        })
    });
    view! {
        <main class="page home-page" id="main">
            <h1>"Home"</h1>
            <p class="muted lead">{greeting}</p>
            <div class="home-grid">
                <section class="card home-section" aria-labelledby="home-recent">
                    <h2 id="home-recent">"Recent sessions"</h2>
                    <Loaded
                        state=sessions.latest().loadable_fn()
                        loading="Loading your sessions…"
                        error_title="Could not load your sessions"
                        on_retry=Callback::new(move |_| sessions.start())
                        let:rows
                    >
                        {recent_list(rows, me, workspaces)}
                    </Loaded>
                    <p class="home-more"><a href="/sessions">"All sessions"</a></p>
                </section>
                <WaitingForYou/>
                <section class="card home-section" aria-labelledby="home-workspaces">
                    <h2 id="home-workspaces">"Your workspaces"</h2>
                    <Loaded
                        state=move || workspaces.get()
                        loading="Loading your workspaces…"
                        error_title="Could not load your workspaces"
                        let:list
                    >
                        {workspace_list(list)}
                    </Loaded>
                    <p class="home-more">
                        <a href="/workspaces">"All workspaces"</a>
                        " · "
                        <a href="/public-workspaces">"Public workspaces"</a>
                    </p>
                </section>
                <Usage me=me sessions=sessions.latest().loadable() workspaces=workspaces/>
            </div>
        </main>
    }
}

/// The user's most recent sessions, each a link with its workspace and status in words.
fn recent_list(
    rows: Derived<Vec<Workbench>>,
    me: Derived<String>,
    workspaces: Signal<Load<Vec<Workspace>>>,
) -> impl IntoView {
    let names = crate::state::memo(move |_| {
        workspaces.with(|w| w.value().map(|l| names_of(l)).unwrap_or_default())
    });
    let shown = crate::state::memo(move |_| {
        rows.with(|l| {
            me.with(|me| {
                recent(l, me, RECENT)
                    .into_iter()
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    });
    let ids = move || shown.with(|l| l.iter().map(|w| w.id.clone()).collect::<Vec<_>>());
    let clock = crate::state::timer::ticking_now(std::time::Duration::from_secs(30));
    view! {
        <When
            when=move || shown.with(|l| !l.is_empty())
            fallback=|| view! {
                <p class="empty">"You have no sessions yet. Open a workspace to start one."</p>
            }
        >
            <ul class="home-list recent-sessions">
                <Keyed each=ids key=|id| id.clone() let:id>
                    {
                        let row_id = id.clone();
                        let wb = crate::state::memo(move |_| {
                            shown.with(|l| l.iter().find(|w| w.id == row_id).cloned())
                        });
                        recent_item(id, wb, names, clock)
                    }
                </Keyed>
            </ul>
        </When>
    }
}

/// One recent session: its name (a link), its workspace, its status.
fn recent_item(
    id: String,
    wb: Derived<Option<Workbench>>,
    names: Derived<HashMap<String, String>>,
    clock: Slot<i64>,
) -> impl IntoView {
    let words = move |pick: fn(SessionWords) -> String| {
        wb.with(|w| {
            w.as_ref()
                .map(|w| names.with(|n| pick(SessionWords::of(w, n))))
        })
        .unwrap_or_default()
    };
    let href = move || words(|w| w.href);
    let name = live(move || words(|w| w.name));
    let workspace = live(move || words(|w| w.workspace));
    view! {
        <li data-workbench-id=id>
            <a class="home-item-name" href=href>{name}</a>
            <span class="muted home-item-where">{workspace}</span>
            <span data-testid="k8s-status">
                <SessionStatus wb=Signal::derive(move || wb.get()) clock=clock/>
            </span>
        </li>
    }
}

/// The user's workspaces (the first few), each a link.
fn workspace_list(list: Derived<Vec<Workspace>>) -> impl IntoView {
    live(move || {
        let all = list.get();
        if all.is_empty() {
            return view! {
                <p class="empty">"You are not a member of any workspace yet. Ask an administrator to add you to one, or look at the public workspaces."</p>
            }
            .into_any();
        }
        let more = all.len().saturating_sub(WORKSPACES);
        view! {
            <ul class="home-list">
                {all.into_iter().take(WORKSPACES).map(|w| view! {
                    <li data-workspace-id=w.id.clone()>
                        <a class="home-item-name" href=crate::routes::workspace_href(&w.id)>
                            {shown_string(&w.display_name())}
                        </a>
                    </li>
                }).collect_view()}
            </ul>
            {(more > 0).then(|| view! { <p class="muted">{format!("and {more} more")}</p> })}
        }
        .into_any()
    })
}

/// `Waiting for you`: requests to review (the header's count) and unread notifications (the
/// bell's list), as the app already knows them.
#[component]
fn WaitingForYou() -> impl IntoView {
    let waiting = use_context::<Waiting>();
    let notes = use_context::<Notifications>();
    let requests = live(move || {
        let w = waiting?;
        match w.supported.get() {
            Some(false) => None,
            None => {
                Some(view! { <li class="muted">"Looking for requests to review…"</li> }.into_any())
            }
            Some(true) => {
                let n = w.count.get();
                Some(if n == 0 {
                    view! { <li data-testid="home-requests">"No data request waits for your review."</li> }
                        .into_any()
                } else {
                    let words = if n == 1 {
                        "1 data request to review".to_owned()
                    } else {
                        format!("{n} data requests to review")
                    };
                    view! {
                        <li data-testid="home-requests">
                            <a href="/requests?tab=review">{words}</a>
                        </li>
                    }
                    .into_any()
                })
            }
        }
    });
    let unread = live(move || {
        let n = notes?;
        if n.supported.get() != Some(true) {
            return None;
        }
        let list = n.shown.get();
        let count = list.len();
        let head = if count == 0 {
            "No unread notifications.".to_owned()
        } else if count == 1 {
            "1 unread notification".to_owned()
        } else {
            format!("{count} unread notifications")
        };
        Some(view! {
            <li data-testid="home-notifications">
                {head}
                {(count > 0).then(|| view! {
                    <ul class="home-notes">
                        {list.into_iter().take(3).map(|n| {
                            let words = shown_string(&n.request_words().unwrap_or_else(|| n.message.clone()));
                            match n.request_href() {
                                Some(href) => view! { <li><a href=href>{words}</a></li> }.into_any(),
                                None => view! { <li>{words}</li> }.into_any(),
                            }
                        }).collect_view()}
                    </ul>
                })}
            </li>
        })
    });
    view! {
        <section class="card home-section" aria-labelledby="home-waiting">
            <h2 id="home-waiting">"Waiting for you"</h2>
            <ul class="home-list waiting-list">
                {requests}
                {unread}
            </ul>
        </section>
    }
}

/// What `Your usage`'s list reads (a context: a chunk's views take no arguments).
#[derive(Clone, Copy)]
pub(crate) struct UsageCtx {
    pub me: Derived<String>,
    pub sessions: Signal<Load<Vec<Workbench>>>,
    pub workspaces: Signal<Load<Vec<Workspace>>>,
    pub limits: Derived<crate::domain::limits::Limits>,
}

/// `Your usage`: only where the platform sets a limit. Its list is in a chunk of its own
/// ([`usage::UsageList`], `homeparts`: with it, the home page waited for the app instances'
/// count and the limits' words before its heading, 17 KB gzip, where most platforms set no
/// limit), fetched once a limit is known to be set.
#[component]
fn Usage(
    me: Derived<String>,
    sessions: Signal<Load<Vec<Workbench>>>,
    workspaces: Signal<Load<Vec<Workspace>>>,
) -> impl IntoView {
    let limits = crate::state::limits::use_limits();
    provide_context(UsageCtx {
        me,
        sessions,
        workspaces,
        limits,
    });
    let chunk = FormsChunk::new(use_context::<HomeParts>().map(|p| p.0));
    chunk.open_once(move || limits.with(|l| l.any()));
    view! {
        <When when=move || limits.get().any()>
            <section class="card home-section" aria-labelledby="home-usage">
                <h2 id="home-usage">"Your usage"</h2>
                {chunk.part(
                    HomeParts::USAGE,
                    "Loading your usage…",
                    "Your usage could not be loaded.",
                    "usage-error",
                    None,
                )}
            </section>
        </When>
    }
}
