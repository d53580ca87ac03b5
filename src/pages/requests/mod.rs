//! `/requests`: data requests (ui.md, "requests"). Tabs `Mine` (the user's own) and `To review`
//! (those listing the user as an approver, for users who may decide some), narrowed by workspace
//! (`?workspace=<id>`) and status, newest first, a page of [`PAGE`] at a time. The tab, filters
//! and page live in the URL, so a link or a reload shows the same list. The parts:
//! `people.rs` (names of users and workspaces), `words.rs` (a status's badge, an error's words),
//! `page.rs` (`/requests/:requestId`), its `files.rs` (preview, download) and `decision.rs`
//! (decide, cancel).
mod decision;
mod files;
mod page;
pub(crate) mod people;
mod words;

use std::collections::BTreeMap;

use crate::components::live::live;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::requests::{self as api, ListQuery};
use crate::api::{ApiClient, ApiError};
use crate::components::data_table::{Column, DataTable};
use crate::components::loaded::{from_resource, Loaded};
use crate::components::on::OnAttribute;
use crate::domain::permissions::Perm;
use crate::domain::requests::{Request, Status};
use crate::domain::time::{format_rfc3339_utc, format_utc, parse_rfc3339_ms, relative_time};
use crate::state::auth::Auth;
use crate::state::notifications::Notifications;

pub(crate) use page::RequestPage;
use words::status_badge;

/// Rows per page.
pub(crate) const PAGE: u32 = 20;

/// May the user decide requests somewhere (the `To review` tab)? Whoever holds
/// `approveRequest` (CHORUS's workspace admins), or is named the approver of any request:
/// CHORUS names a workspace's data managers, who hold no `approveRequest` (their
/// `downloadFilesFromWorkspace` decides the step), and downloading alone makes nobody an
/// approver (our members may).
pub(crate) fn may_review(auth: Auth, named: u64) -> bool {
    named > 0 || auth.can_anywhere(Perm::ApproveRequest)
}

/// The href of the list with these settings.
fn list_href(review: bool, workspace: &str, status: &str, page: u64) -> String {
    let mut params: Vec<(&str, String)> = Vec::new();
    if review {
        params.push(("tab", "review".into()));
    }
    if !workspace.is_empty() {
        params.push(("workspace", workspace.to_owned()));
    }
    if !status.is_empty() {
        params.push(("status", status.to_owned()));
    }
    if page > 1 {
        params.push(("page", page.to_string()));
    }
    let query: Vec<String> = params
        .into_iter()
        .map(|(k, v)| format!("{k}={}", crate::api::client::encode_component(&v)))
        .collect();
    if query.is_empty() {
        "/requests".to_owned()
    } else {
        format!("/requests?{}", query.join("&"))
    }
}

#[component]
pub(crate) fn RequestsPage() -> impl IntoView {
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let notes = use_context::<Notifications>();
    let waiting = use_context::<crate::state::requests::Waiting>();
    let query = use_query_map();
    let review =
        crate::state::memo(move |_| query.with(|q| q.get("tab").as_deref() == Some("review")));
    let workspace =
        crate::state::memo(move |_| query.with(|q| q.get("workspace").unwrap_or_default()));
    let status = crate::state::memo(move |_| query.with(|q| q.get("status").unwrap_or_default()));
    let page = crate::state::memo(move |_| {
        query.with(|q| {
            q.get("page")
                .and_then(|p| p.parse::<u64>().ok())
                .filter(|p| *p >= 1 && *p < 1_000_000)
                .unwrap_or(1)
        })
    });
    let me = crate::state::memo(move |_| {
        auth.user
            .with(|u| u.as_ref().map(|u| u.id.clone()).unwrap_or_default())
    });
    let waiting_count = Signal::derive(move || waiting.map(|w| w.count.get()).unwrap_or(0));
    // How many requests name the user as an approver, whatever their status.
    let named = crate::state::resource(move || {
        let me = me.get();
        async move {
            if me.is_empty() {
                return 0;
            }
            api::named_approver_count(api, &me).await.unwrap_or(0)
        }
    });
    let named_count = Signal::derive(move || named.get().unwrap_or(0).max(waiting_count.get()));
    let workspaces = crate::state::resource(move || async move {
        crate::api::workspaces::list(api).await.unwrap_or_default()
    });
    let ws_names = Signal::derive(move || {
        workspaces
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|w| {
                (
                    w.id.clone(),
                    crate::domain::text::shown_string(&w.display_name()),
                )
            })
            .collect::<BTreeMap<_, _>>()
    });
    let rows = crate::state::resource(move || {
        let q = ListQuery {
            me: me.get(),
            to_review: review.get(),
            workspace: Some(workspace.get()).filter(|w| !w.is_empty()),
            status: Some(Status::from_wire(&status.get())).filter(|s| *s != Status::Unknown),
            offset: (page.get() - 1) * u64::from(PAGE),
            limit: PAGE,
        };
        // Reloaded when a request notification arrives (a decision, a new request).
        let _ = notes.map(|n| n.requests_changed());
        async move {
            if q.me.is_empty() {
                return Err(ApiError::Decode("who is signed in is not known yet".into()));
            }
            api::list(api, &q).await
        }
    });
    let navigate = use_navigate();
    let go = move |href: String| navigate(&href, Default::default());
    let go2 = go.clone();
    let tab = move |is_review: bool| {
        let selected = move || review.get() == is_review;
        let href = list_href(is_review, &workspace.get_untracked(), "", 1);
        let go = go.clone();
        view! {
            <a role="tab" class="tab" href=href.clone() aria-selected=move || selected().to_string()
                tabindex=move || if selected() { "0" } else { "-1" }
                on:click=move |e| { e.prevent_default(); go(href.clone()); }>
                {if is_review { "To review" } else { "Mine" }}
                {is_review.then(|| view! {
                    {live(move || (waiting_count.get() > 0).then(|| view! {
                        " " <span class="count-badge" data-testid="review-count">{waiting_count.get().to_string()}</span>
                    }))}
                })}
            </a>
        }
    };
    let on_workspace = {
        let go = go2.clone();
        move |e: leptos::ev::Event| {
            go(list_href(
                review.get_untracked(),
                &event_target_value(&e),
                &status.get_untracked(),
                1,
            ));
        }
    };
    let on_status = {
        let go = go2.clone();
        move |e: leptos::ev::Event| {
            go(list_href(
                review.get_untracked(),
                &workspace.get_untracked(),
                &event_target_value(&e),
                1,
            ));
        }
    };
    let tab_mine = tab.clone()(false);
    // Built again only when it comes or goes, not at each change of the count (the header's
    // poll) under the keyboard's focus.
    let show_review = crate::state::memo(move |_| may_review(auth, named_count.get()));
    view! {
        <main class="page requests-page" id="main">
            <h1>"Data requests"</h1>
            <p class="muted">"What leaves a workspace, or moves to another, goes only once someone else approved it. Ask from a workspace's Data page: select files, then Request extraction or Request transfer."</p>
            <div class="tabs" role="tablist" aria-label="Requests"
                on:keydown=crate::components::tablist::on_tablist_keydown>
                {tab_mine}
                {live(move || show_review.get().then(|| tab.clone()(true)))}
            </div>
            <div class="filters">
                <label>
                    "Workspace "
                    <select on:change=on_workspace prop:value=move || workspace.get()>
                        <option value="">"All workspaces"</option>
                        {live(move || ws_names.get().into_iter().map(|(id, name)| {
                            let sel = workspace.get() == id;
                            view! { <option value=id selected=sel>{name}</option> }
                        }).collect_view())}
                    </select>
                </label>
                <label>
                    "Status "
                    <select on:change=on_status prop:value=move || status.get()>
                        <option value="">"Any status"</option>
                        {live(move || crate::domain::requests::status_filters(Status::from_wire(&status.get())).into_iter().map(|s| {
                            let v = s.as_str();
                            view! { <option value=v selected=move || status.get() == v>{s.words()}</option> }
                        }).collect_view())}
                    </select>
                </label>
            </div>
            <div role="tabpanel">
                <Loaded
                    state=from_resource(rows)
                    loading="Loading the requests…"
                    error_title="Could not load the requests"
                    on_retry=Callback::new(move |_| rows.refetch())
                    let:list
                >
                    {live(move || {
                        let (items, total) = list.get();
                        requests_table(items, total, review.get(), page.get(), ws_names, me.get(), move |p| list_href(review.get_untracked(), &workspace.get_untracked(), &status.get_untracked(), p))
                    })}
                </Loaded>
            </div>
        </main>
    }
}

const COLUMNS: &[Column] = &[
    Column::shown("Title"),
    Column::shown("Kind"),
    Column::shown("Workspace"),
    Column::shown("Asked by"),
    Column::shown("When"),
    Column::shown("Status"),
];

fn requests_table(
    items: Vec<Request>,
    total: u64,
    review: bool,
    page: u64,
    ws_names: Signal<BTreeMap<String, String>>,
    me: String,
    href_of: impl Fn(u64) -> String + 'static,
) -> AnyView {
    if items.is_empty() && page <= 1 {
        let words = if review {
            "Nothing waits for your decision, and you decided none yet."
        } else {
            "You have not asked for any data request yet. Select files on a workspace's Data page to ask for one."
        };
        return view! { <p class="empty">{words}</p> }.into_any();
    }
    let now = crate::state::now_ms_i64();
    let ids: Vec<String> = items.iter().map(|r| r.requester_id.clone()).collect();
    let names = people::names_of(ids);
    let rows = items
        .into_iter()
        .map(|r| {
            let ws = r.source_workspace_id.clone();
            let ws_label = {
                let ws = ws.clone();
                let dest = r.destination_workspace_id.clone();
                live(move || {
                    let n = ws_names.get();
                    let name = |id: &str| n.get(id).cloned().unwrap_or_else(|| format!("workspace {id}"));
                    match &dest {
                        Some(d) => format!("{} → {}", name(&ws), name(d)),
                        None => name(&ws),
                    }
                })
            };
            let requester = r.requester_id.clone();
            let is_me = requester == me;
            let who = live(move || {
                if is_me {
                    "You".to_owned()
                } else {
                    names.with(|n| people::person(n, &requester))
                }
            });
            let at = r.created_at.as_deref().and_then(parse_rfc3339_ms);
            let title = if r.title.trim().is_empty() {
                format!("Request {}", r.id)
            } else {
                crate::domain::text::shown_string(&r.title)
            };
            view! {
                <tr data-request-id=r.id.clone() data-status=r.status.as_str()>
                    <td><a href=crate::routes::request_href(&r.id)>{title}</a></td>
                    <td>{r.kind.words()}</td>
                    <td>{ws_label}</td>
                    <td>{who}</td>
                    <td>{at.map(|at| view! { <time datetime=format_rfc3339_utc(at) title=format_utc(at)>{relative_time(at, now)}</time> })}</td>
                    <td><span class=format!("badge {}", status_badge(r.status))>{r.status.words()}</span></td>
                </tr>
            }
        })
        .collect_view();
    let pages = total.div_ceil(u64::from(PAGE)).max(1);
    let prev = (page > 1).then(|| href_of(page - 1));
    let next = (page < pages).then(|| href_of(page + 1));
    view! {
        <DataTable testid="requests-table" caption="Data requests, newest first" columns=COLUMNS>
            {rows}
        </DataTable>
        <nav class="pager" aria-label="Pages">
            {prev.map(|h| view! { <a class="btn btn-small" href=h rel="prev">"Previous"</a> })}
            <span class="muted">{format!("Page {page} of {pages} · {total} in all")}</span>
            {next.map(|h| view! { <a class="btn btn-small" href=h rel="next">"Next"</a> })}
        </nav>
    }
    .into_any()
}
