//! `/sessions` (ui.md, "sessions"): every session the user can see, across workspaces, in one
//! table (`data-testid="sessions-table"`, a row per session with `data-workbench-id`): its name
//! (a link to it), its workspace, its status in words (live while any is starting: the one poll
//! engine, as the workspace page), when it was created. `Search sessions` matches the session's
//! name, its workspace's name and the names of its apps (one list of app instances for all
//! sessions). `New session` opens a form ([`new_form`]). A long list is drawn in part
//! (`components::virtual_rows`) and each row finds its session by key in O(1).
pub(in crate::pages) mod new_form;

use std::collections::HashMap;

use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{apps, ApiClient};
use crate::components::loaded::Loaded;
use crate::components::my_workspaces::{names_of, use_my_workspaces};
use crate::components::on::OnAttribute;
use crate::components::session_status::{live_all_sessions, SessionStatus, SessionWords};
use crate::components::virtual_rows::{RowAt, VirtualRows, VirtualTable};
use crate::components::when::When;
use crate::domain::keyed::KeyIndex;
use crate::domain::session_list::{app_names_by_session, matches, query_words, Searchable};
use crate::domain::text::shown_string;
use crate::domain::time::{format_utc, relative_time};
use crate::domain::workbench::Workbench;
use crate::state::{Derived, Slot};

/// What every row reads besides its session.
#[derive(Clone, Copy)]
struct Lookups {
    /// Workspace id → name.
    names: Derived<HashMap<String, String>>,
    /// Session id → its apps' names.
    apps: Signal<HashMap<String, Vec<String>>>,
    /// Now, for relative times and `Starting` (ticks every 30 s).
    clock: Slot<i64>,
}

#[component]
pub fn SessionsPage() -> impl IntoView {
    let api = ApiClient::use_client();
    let poll = live_all_sessions(api);
    let mine = use_my_workspaces();
    let names = crate::state::memo(move |_| {
        mine.with(|m| m.value().map(|l| names_of(l)).unwrap_or_default())
    });
    // The app names of every session ([`app_names`]), listed again when the user's roles change (CHORUS lists the instances of the sessions the
    // login grants `getWorkbench` on: a session just shared, or one a stale login lacked).
    let notes = crate::state::notifications::Notifications::use_notifications();
    let app_lists = crate::state::resource(move || {
        notes.roles_changed();
        app_names(api)
    });
    let app_names =
        Signal::derive(move || app_lists.get().and_then(Result::ok).unwrap_or_default());
    let lookups = Lookups {
        names,
        apps: app_names,
        clock: crate::state::timer::ticking_now(std::time::Duration::from_secs(30)),
    };
    let query = Slot::new(String::new());
    view! {
        <main class="page sessions-page" id="main">
            <div class="page-head">
                <h1>"All sessions"</h1>
                <new_form::NewSession workspaces=mine/>
            </div>
            <div class="field search-field">
                <label for="sessions-search">"Search sessions"</label>
                <input id="sessions-search" type="search" autocomplete="off"
                    placeholder="A session, workspace or app name"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))/>
            </div>
            <Loaded
                state=poll.latest().loadable_fn()
                loading="Loading your sessions…"
                error_title="Could not load your sessions"
                on_retry=Callback::new(move |_| poll.start())
                let:rows
            >
                {sessions_table(rows, query, lookups)}
            </Loaded>
        </main>
    }
}

/// The app names of every session: one list of instances and the catalogue (for an instance
/// without its app's name). Without them the search still finds by the other names.
async fn app_names(api: ApiClient) -> Result<HashMap<String, Vec<String>>, crate::api::ApiError> {
    let (instances, catalogue) =
        futures::future::join(apps::all_instances(api), apps::list(api)).await;
    if let Err(e) = &instances {
        leptos::logging::warn!("could not list the app instances: {e}");
    }
    Ok(app_names_by_session(
        &instances.unwrap_or_default(),
        &catalogue.unwrap_or_default(),
    ))
}

/// A key for a session's row (FNV-1a of its id).
fn key_of(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The table of the sessions the search keeps (a line when there are none).
fn sessions_table(
    rows: Derived<Vec<Workbench>>,
    query: Slot<String>,
    lookups: Lookups,
) -> impl IntoView {
    // Built once per list (per poll reply): each row finds its session in O(1).
    let index =
        crate::state::memo(move |_| rows.with(|l| KeyIndex::of(l.iter().map(|w| w.id.as_str()))));
    let shown_ids = crate::state::memo(move |_| {
        let words = query_words(&query.get());
        rows.with(|l| {
            lookups.names.with(|names| {
                lookups.apps.with(|apps| {
                    l.iter()
                        .filter(|w| {
                            let none: &[String] = &[];
                            matches(
                                &words,
                                &Searchable {
                                    session: &w.display_name(),
                                    workspace: names
                                        .get(&w.workspace_id)
                                        .map_or("", String::as_str),
                                    apps: apps.get(&w.id).map_or(none, Vec::as_slice),
                                },
                            )
                        })
                        .map(|w| w.id.clone())
                        .collect::<Vec<_>>()
                })
            })
        })
    });
    let total = Signal::derive(move || rows.with(Vec::len));
    let count = Signal::derive(move || shown_ids.with(Vec::len));
    let vrows = VirtualRows::new(count);
    let key = Callback::new(move |p: usize| {
        shown_ids.with(|ids| ids.get(p).map_or(u64::MAX, |id| key_of(id)))
    });
    let row = Callback::new(move |at: RowAt| {
        let Some(id) = shown_ids.with_untracked(|ids| ids.get(at.position).cloned()) else {
            return ().into_any();
        };
        session_row(id, at, rows, index, lookups).into_any()
    });
    let none_match = move || total.get() > 0 && count.get() == 0;
    let some_shown = move || count.get() > 0;
    let counted = move || {
        let (n, all) = (count.get(), total.get());
        if n == all {
            format!("{all} {}", if all == 1 { "session" } else { "sessions" })
        } else {
            format!("{n} of {all} sessions match")
        }
    };
    view! {
        <When when=move || total.get() == 0>
            <p class="empty">"You have no sessions yet. Start one with New session."</p>
        </When>
        <When when=none_match>
            <p class="empty" role="status">"No session matches this search."</p>
        </When>
        <When when=some_shown>
            <VirtualTable rows=vrows testid="sessions-table" caption="Your sessions in every workspace" columns=4 key=key row=row>
                <th scope="col">"Session"</th>
                <th scope="col">"Workspace"</th>
                <th scope="col">"Status"</th>
                <th scope="col">"Created"</th>
            </VirtualTable>
            <p class="muted table-count" role="status">{counted}</p>
        </When>
    }
}

/// One session's row: it follows its session (status, name) without being drawn again.
fn session_row(
    id: String,
    at: RowAt,
    rows: Derived<Vec<Workbench>>,
    index: Derived<KeyIndex>,
    lookups: Lookups,
) -> impl IntoView {
    let row_id = id.clone();
    let attr_id = id.clone();
    let wb = crate::state::memo(move |_| {
        index.with(|ix| rows.with(|l| ix.find(l, &row_id, |w| &w.id).cloned()))
    });
    let words = move |pick: fn(SessionWords) -> String| {
        wb.with(|w| {
            w.as_ref()
                .map(|w| lookups.names.with(|n| pick(SessionWords::of(w, n))))
        })
        .unwrap_or_default()
    };
    let href = move || words(|w| w.href);
    let name = live(move || words(|w| w.name));
    let workspace = live(move || words(|w| w.workspace));
    let apps = move || {
        lookups
            .apps
            .with(|a| a.get(&id).map(|names| shown_string(&names.join(", "))))
    };
    let created = move || {
        wb.with(|w| {
            w.as_ref().and_then(|w| {
                let ms = w.created_at_ms()?;
                Some((
                    w.created_at.clone().unwrap_or_default(),
                    format_utc(ms),
                    relative_time(ms, lookups.clock.get()),
                ))
            })
        })
    };
    let ws_href = move || {
        wb.with(|w| {
            w.as_ref()
                .map(|w| crate::routes::workspace_href(&w.workspace_id))
                .unwrap_or_default()
        })
    };
    view! {
        <tr data-workbench-id=attr_id
            aria-rowindex=at.aria_rowindex() tabindex=at.tabindex()>
            <td class="name">
                <a href=href>{name}</a>
                {live(move || apps().map(|a| view! { <span class="muted session-apps">{a}</span> }))}
            </td>
            <td class="workspace"><a href=ws_href>{workspace}</a></td>
            <td data-testid="k8s-status">
                <SessionStatus wb=Signal::derive(move || wb.get()) clock=lookups.clock/>
            </td>
            <td class="created">
                {live(move || match created() {
                    Some((raw, exact, rel)) => {
                        view! { <time datetime=raw title=exact>{rel}</time> }.into_any()
                    }
                    None => view! { <span class="muted">"—"</span> }.into_any(),
                })}
            </td>
        </tr>
    }
}
