//! The audit log (ui.md, "audit"; api.md, "Audit service"): one view for `/admin/audit` (the
//! platform's, `auditPlatform`), `/workspaces/:workspaceId/audit` (a workspace's,
//! `auditWorkspace` there) and `/workspaces/:workspaceId/sessions/:sessionId/audit` (a
//! session's, `auditWorkbench` on it). Newest first, [`PAGE`] entries at a time with `Load
//! more`; filters `Who`, `Action`, `From`, `To` sent to the backend; each row's details on
//! demand; `Download CSV` fetches every page the filters select, [`CSV_PAGE`] at a time, and
//! writes them with `domain::audit_csv`.
use crate::components::live::live;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};

use crate::api::audit::{self as api, AuditPage};
use crate::api::{ApiClient, ApiError};
use crate::components::data_table::{Column, DataTable};
use crate::components::error_alert::ErrorAlert;
use crate::components::loaded::{from_resource, Loaded};
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::domain::audit::{action_words, known_actions, AuditEntry, AuditFilter, AuditScope};
use crate::domain::permissions::{Perm, Target};
use crate::domain::text::shown_string;
use crate::domain::time::{format_utc, relative_time};
use crate::state::auth::Auth;
use crate::state::{Kept, Slot};

/// Entries per page shown.
const PAGE: u32 = 20;
/// Entries per request of a CSV download (CHORUS's largest page).
const CSV_PAGE: u32 = 100;

const COLUMNS: &[Column] = &[
    Column::shown("When"),
    Column::shown("Who"),
    Column::shown("What"),
    Column::hidden("Details"),
];

/// The browser's time zone, in minutes east of UTC (the filter's days are the user's days).
fn utc_offset_minutes() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        -(js_sys::Date::new_0().get_timezone_offset() as i64)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

/// The route's audit log: which scope, and the check that opens it.
#[component]
pub(crate) fn AuditPage() -> impl IntoView {
    let params = use_params_map();
    let location = use_location();
    let scope = crate::state::memo(move |_| {
        let admin = location.pathname.with(|p| p.starts_with("/admin/"));
        params.with(
            |p| match (admin, p.get("workspaceId"), p.get("sessionId")) {
                (true, _, _) => (AuditScope::Platform, String::new()),
                (false, Some(ws), Some(s)) => (AuditScope::Workbench(s), ws),
                (false, Some(ws), None) => (AuditScope::Workspace(ws), String::new()),
                (false, None, _) => (AuditScope::Platform, String::new()),
            },
        )
    });
    let auth = Auth::use_auth();
    let allowed = crate::state::memo(move |_| {
        let (scope, ws) = scope.get();
        auth.grants().map(|g| match &scope {
            AuditScope::Platform => g.can_in(Perm::AuditPlatform, &Target::global()),
            AuditScope::Workspace(id) => g.can_in(Perm::AuditWorkspace, &Target::workspace(id)),
            AuditScope::Workbench(id) => {
                g.can_in(Perm::AuditWorkbench, &Target::workbench(&ws, id))
            }
            _ => false,
        })
    });
    let admin = move || scope.with(|(s, _)| *s == AuditScope::Platform);
    view! {
        <main class="page page-wide audit-page" id="main">
            {live(move || admin().then(|| view! {
                <crate::components::admin_nav::AdminNav current=crate::components::admin_nav::AdminPage::Audit/>
            }))}
            {live(move || {
                let (s, ws) = scope.get();
                let (title, back) = match &s {
                    AuditScope::Platform => ("Audit log".to_owned(), None),
                    AuditScope::Workspace(id) => (
                        "Workspace audit log".to_owned(),
                        Some((crate::routes::workspace_href(id), "Back to the workspace")),
                    ),
                    AuditScope::Workbench(id) => (
                        "Session audit log".to_owned(),
                        Some((
                            format!("{}/sessions/{}", crate::routes::workspace_href(&ws), crate::api::client::encode_component(id)),
                            "Back to the session",
                        )),
                    ),
                    _ => ("Audit log".to_owned(), None),
                };
                match allowed.get() {
                    None => view! { <crate::components::loading::Loading label="Checking your permissions…"/> }.into_any(),
                    Some(false) => view! {
                        <section class="no-access" aria-labelledby="no-access-title">
                            <h1 id="no-access-title">"No access"</h1>
                            <p>"You do not have permission to read this audit log. Ask an administrator if you need access."</p>
                            <p><a href="/workspaces">"Back to your workspaces"</a></p>
                        </section>
                    }.into_any(),
                    Some(true) => view! {
                        <h1>{title}</h1>
                        {back.map(|(href, words)| view! { <p><a href=href>{words}</a></p> })}
                        {matches!(s, AuditScope::Workspace(_)).then(|| view! {
                            <p class="muted" data-testid="audit-scope-note">
                                "Decisions on data requests and file downloads may not be listed here: CHORUS records them without their workspace, in the platform's audit log."
                            </p>
                        })}
                        <AuditLog scope=s/>
                    }.into_any(),
                }
            })}
        </main>
    }
}

/// The log of one scope: filters, table, more as one scrolls (or `Load more`), `Download CSV`.
#[component]
fn AuditLog(scope: AuditScope) -> impl IntoView {
    let api = ApiClient::use_client();
    let scope = Kept::new(scope);
    // The filters as typed, and as applied (what the list shows).
    let typed = Slot::new(AuditFilter::default());
    let applied = Slot::new(AuditFilter::default());
    let problem = Slot::new(None::<&'static str>);
    let first = crate::state::resource(move || {
        let f = applied.get();
        let scope = scope.get_value();
        async move { api::list(api, &scope, &f, utc_offset_minutes(), 0, PAGE).await }
    });
    // Later pages of the same filters.
    let more = Slot::new(Vec::<AuditEntry>::new());
    let total = Slot::new(None::<u64>);
    let more_error = Slot::new(None::<ApiError>);
    crate::state::effect(move |_| {
        applied.track();
        more.set(Vec::new());
        total.set(None);
        more_error.set(None);
    });
    // Who appears in the log (for the `Who` suggestions): username → id.
    let actors = Slot::new(Vec::<(String, String)>::new());
    let note_actors = move |entries: &[AuditEntry]| {
        actors.update(|known| {
            for e in entries {
                let name = e.actor_username.trim();
                if !e.actor_id.is_empty() && !known.iter().any(|(_, id)| *id == e.actor_id) {
                    known.push((name.to_owned(), e.actor_id.clone()));
                }
            }
        });
    };
    crate::state::effect(move |_| {
        first.with(|r| {
            if let Some(Ok(p)) = r {
                note_actors(&p.entries);
            }
        });
    });
    let load_more = local_action(move |_: &()| async move {
        let f = applied.get_untracked();
        let shown = first
            .get_untracked()
            .and_then(Result::ok)
            .map_or(0, |p| p.entries.len() as u64)
            + more.with_untracked(|m| m.len() as u64);
        let scope = scope.get_value();
        match api::list(api, &scope, &f, utc_offset_minutes(), shown, PAGE).await {
            Ok(page) => {
                if applied.get_untracked() != f {
                    return;
                }
                note_actors(&page.entries);
                total.set(Some(page.total));
                more.update(|m| m.extend(page.entries));
                more_error.set(None);
            }
            Err(e) => more_error.set(Some(e)),
        }
    });
    let loading_more = load_more.pending();
    // More load as one scrolls: the `Load more` row coming into view asks for the next page
    // (the button stays, for keyboards and for a failed page).
    let end = NodeRef::<leptos::html::Div>::new();
    let scrolled_to_end = move || {
        // `try_`: an observer's last call may come as the page goes.
        let idle = loading_more.try_get_untracked() == Some(false);
        if idle && more_error.try_with_untracked(Option::is_none) == Some(true) {
            load_more.dispatch_local(());
        }
    };
    watch_end(end, scrolled_to_end);
    let apply = move || {
        let mut f = typed.get_untracked();
        // A username from the log's own entries becomes its id; digits are an id already.
        let who = f.actor_id.trim().to_owned();
        if !who.is_empty() && !who.bytes().all(|b| b.is_ascii_digit()) {
            if let Some(id) = actors.with_untracked(|a| {
                a.iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(&who))
                    .map(|(_, id)| id.clone())
            }) {
                f.actor_id = id;
            } else {
                problem.set(Some(
                    "Who: no one of that name appears in this log yet. Enter a username shown in the list, or a user id.",
                ));
                return;
            }
        }
        problem.set(f.problem());
        if f.problem().is_none() && applied.get_untracked() != f {
            applied.set(f);
        }
    };
    let field = move |get: fn(&AuditFilter) -> &String, set: fn(&mut AuditFilter, String)| {
        (
            move || typed.with(|f| get(f).clone()),
            move |ev: leptos::ev::Event| {
                let v = event_target_value(&ev);
                typed.update(|f| set(f, v));
            },
        )
    };
    let (who_value, who_input) = field(|f| &f.actor_id, |f, v| f.actor_id = v);
    let (action_value, action_input) = field(|f| &f.action, |f, v| f.action = v);
    let (from_value, from_input) = field(|f| &f.from, |f, v| f.from = v);
    let (to_value, to_input) = field(|f| &f.to, |f, v| f.to = v);
    let action_options = known_actions()
        .map(|a| view! { <option value=a>{format!("{a} ({})", action_words(a))}</option> })
        .collect_view();
    view! {
        <form class="audit-filters" aria-label="Filters" on:submit=move |ev| {
            ev.prevent_default();
            apply();
        }>
            <div class="field">
                <label for="audit-who">"Who"</label>
                <input id="audit-who" type="text" list="audit-who-list" autocomplete="off"
                    spellcheck="false" placeholder="Username or user id"
                    prop:value=who_value on:input=who_input on:change=move |_| apply()/>
                <datalist id="audit-who-list">
                    {live(move || actors.get().into_iter().filter(|(n, _)| !n.is_empty())
                        .map(|(n, _)| view! { <option value=n/> }).collect_view())}
                </datalist>
            </div>
            <div class="field">
                <label for="audit-action">"Action"</label>
                <select id="audit-action" prop:value=action_value
                    on:change=move |ev| { action_input(ev); apply(); }>
                    <option value="">"Any action"</option>
                    {action_options}
                </select>
            </div>
            <div class="field">
                <label for="audit-from">"From"</label>
                <input id="audit-from" type="date" prop:value=from_value
                    on:input=from_input on:change=move |_| apply()/>
            </div>
            <div class="field">
                <label for="audit-to">"To"</label>
                <input id="audit-to" type="date" prop:value=to_value
                    on:input=to_input on:change=move |_| apply()/>
            </div>
            <div class="form-actions">
                <button type="submit" class="btn">"Apply filters"</button>
                <button type="button" class="btn btn-quiet" on:click=move |_| {
                    typed.set(AuditFilter::default());
                    problem.set(None);
                    applied.set(AuditFilter::default());
                }>"Clear filters"</button>
            </div>
            {live(move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> }))}
        </form>
        <CsvDownload scope=scope applied=applied/>
        <Loaded
            state=from_resource(first)
            loading="Loading the audit log…"
            error_title="Could not load the audit log"
            on_retry=Callback::new(move |_| first.refetch())
            let:page
        >
            {live(move || {
                let p: AuditPage = page.get();
                let all: Vec<AuditEntry> = p.entries.iter().cloned().chain(more.get()).collect();
                let total_now = total.get().unwrap_or(p.total).max(all.len() as u64);
                let now = crate::state::now_ms_i64();
                if all.is_empty() {
                    return view! {
                        <p class="empty" role="status">"No entries match these filters."</p>
                    }.into_any();
                }
                let count = format!("Showing {} of {} entries, newest first.", all.len(), total_now);
                let has_more = (all.len() as u64) < total_now;
                view! {
                    <p class="muted" role="status">{count}</p>
                    <DataTable testid="audit-table" caption="Audit log entries, newest first" columns=COLUMNS class="audit-table">
                        {all.into_iter().map(|e| view! { <AuditRow entry=e now=now/> }).collect_view()}
                    </DataTable>
                    {live(move || more_error.get().map(|e| view! {
                        <ErrorAlert title="Could not load more entries" error=e/>
                    }))}
                    {has_more.then(|| view! {
                        <div class="form-actions" node_ref=end>
                            <button type="button" class="btn" disabled=loading_more
                                on:click=move |_| { load_more.dispatch_local(()); }>
                                {live(move || if loading_more.get() { "Loading more…" } else { "Load more" })}
                            </button>
                        </div>
                    })}
                }.into_any()
            })}
        </Loaded>
    }
}

/// Calls `reached` when the element of `end` comes into view (again after each new element
/// there: the row is made anew with every page, and a page that still leaves it in view asks for
/// the next).
fn watch_end(end: NodeRef<leptos::html::Div>, reached: impl Fn() + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    type Seen = Closure<dyn FnMut(js_sys::Array)>;
    let observer = Kept::new(None::<(web_sys::IntersectionObserver, Seen)>);
    let reached = std::rc::Rc::new(reached);
    crate::state::effect(move |_| {
        let Some(el) = end.get() else {
            return;
        };
        if observer.with_value(Option::is_none) {
            let reached = reached.clone();
            let seen: Seen = Closure::new(move |entries: js_sys::Array| {
                let visible = entries.iter().any(|e| {
                    e.dyn_into::<web_sys::IntersectionObserverEntry>()
                        .is_ok_and(|e| e.is_intersecting())
                });
                if visible {
                    reached();
                }
            });
            if let Ok(io) = web_sys::IntersectionObserver::new(seen.as_ref().unchecked_ref()) {
                observer.set_value(Some((io, seen)));
            }
        }
        observer.with_value(|o| {
            if let Some((io, _)) = o {
                io.disconnect();
                io.observe(&el);
            }
        });
    });
    on_cleanup(move || {
        if let Some((io, _seen)) = observer.try_update_value(Option::take).flatten() {
            io.disconnect();
        }
    });
}

/// One entry: when, who, what in words, and its details on demand.
#[component]
fn AuditRow(entry: AuditEntry, now: i64) -> impl IntoView {
    let open = Slot::new(false);
    let details_id = format!("audit-details-{}", entry.id);
    let (when, when_title) = match entry.created_at_ms() {
        Some(ms) => (relative_time(ms, now), format_utc(ms)),
        None => ("unknown time".to_owned(), entry.created_at.clone()),
    };
    let who = entry.who();
    let what = entry.what();
    let action = entry.action.clone();
    let e = Kept::new(entry);
    let did = details_id.clone();
    view! {
        <tr data-action=action>
            <td><span title=when_title>{when}</span></td>
            <td>{who}</td>
            <td class="audit-what">{what}</td>
            <td>
                <button type="button" class="btn btn-small" aria-expanded=move || open.get().to_string()
                    aria-controls=did.clone() on:click=move |_| open.update(|o| *o = !*o)>
                    {live(move || if open.get() { "Hide details" } else { "Details" })}
                </button>
            </td>
        </tr>
        {live(move || open.get().then(|| {
            let e = e.get_value();
            let mut facts: Vec<(String, String)> = vec![
                ("Action".into(), e.action.clone()),
                ("When (UTC)".into(), e.created_at_ms().map(format_utc).unwrap_or_else(|| e.created_at.clone())),
                ("Who (user id)".into(), e.actor_id.clone()),
                ("Request".into(), e.correlation_id.clone()),
            ];
            for (k, v) in [("Workspace", &e.workspace_id), ("Session", &e.workbench_id), ("User", &e.user_id)] {
                if let Some(v) = v {
                    facts.push((k.into(), v.clone()));
                }
            }
            facts.extend(e.details.iter().cloned());
            view! {
                <tr class="audit-details-row">
                    <td colspan="4" id=details_id.clone()>
                        <dl class="audit-details">
                            {facts.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| view! {
                                <dt>{shown_string(&k)}</dt>
                                <dd>{shown_string(&v)}</dd>
                            }).collect_view()}
                        </dl>
                    </td>
                </tr>
            }
        }))}
    }
}

/// `Download CSV`: every page the applied filters select, fetched one after the other, written
/// into a file the browser saves.
#[component]
fn CsvDownload(scope: Kept<AuditScope>, applied: Slot<AuditFilter>) -> impl IntoView {
    let api = ApiClient::use_client();
    let progress = Slot::new(None::<String>);
    let error = Slot::new(None::<ApiError>);
    let done = Slot::new(None::<String>);
    let download = local_action(move |_: &()| async move {
        error.set(None);
        done.set(None);
        let f = applied.get_untracked();
        let scope = scope.get_value();
        let tz = utc_offset_minutes();
        let mut parts: Vec<String> = vec![crate::domain::audit_csv::header()];
        let mut offset = 0u64;
        let mut page_no = 1u64;
        let mut rows = 0u64;
        loop {
            let page = match api::list(api, &scope, &f, tz, offset, CSV_PAGE).await {
                Ok(p) => p,
                Err(e) => {
                    progress.set(None);
                    error.set(Some(e));
                    return;
                }
            };
            let of = page.total.div_ceil(u64::from(CSV_PAGE)).max(1);
            progress.set(Some(format!("Page {page_no} of {of}…")));
            rows += page.entries.len() as u64;
            parts.push(crate::domain::audit_csv::rows(&page.entries));
            offset += page.entries.len() as u64;
            if page.entries.is_empty() || !page.has_more() {
                break;
            }
            page_no += 1;
        }
        progress.set(None);
        let name = crate::domain::audit_csv::file_name(&scope, crate::state::now_ms_i64());
        match crate::components::save_file::save_text(&parts, &name) {
            Ok(()) => done.set(Some(format!("Downloaded {rows} entries as {name}."))),
            Err(e) => error.set(Some(e)),
        }
    });
    let busy = download.pending();
    view! {
        <div class="audit-download">
            <button type="button" class="btn" disabled=busy
                on:click=move |_| { download.dispatch_local(()); }>
                "Download CSV"
            </button>
            <span class="muted" role="status">
                {live(move || progress.get().or_else(|| done.get()))}
            </span>
            {live(move || error.get().map(|e| view! { <ErrorAlert title="Could not download the audit log" error=e/> }))}
        </div>
    }
}
