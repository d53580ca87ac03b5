//! `/requests/:requestId`: one data request (ui.md, "request page"): its title, kind, status,
//! who asked and when, its files, its approval steps as a timeline, and what the user may do:
//! decide an open step (`Comment`, `Approve`, `Reject`: a rejection needs a comment), cancel
//! one's own pending request, download an approved extraction's files. Polled on the one poll
//! engine while it is pending (paused in hidden tabs), so a decision shows without a reload.
use std::collections::BTreeMap;

use crate::components::live::live;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::requests as api;
use crate::api::ApiClient;
use crate::components::approval_steps::ApprovalSteps;
use crate::components::loaded::Loaded;
use crate::components::when::When;
use crate::domain::poll::{PollPolicy, Readiness};
use crate::domain::requests::{Kind, Request, Status};
use crate::domain::text::shown_string;
use crate::domain::time::{format_rfc3339_utc, format_utc, parse_rfc3339_ms, relative_time};
use crate::state::auth::Auth;
use crate::state::notifications::Notifications;
use crate::state::poll::Poll;
use crate::state::{Derived, Kept};

use super::decision::{Cancel, Decide};
use super::files::RequestFiles;
use super::people;
use super::words::status_badge;

#[component]
pub(crate) fn RequestPage() -> impl IntoView {
    let params = use_params_map();
    let id = crate::state::memo(move |_| params.with(|p| p.get("requestId").unwrap_or_default()));
    view! {
        <main class="page request-page" id="main">
            <p class="breadcrumb"><a href="/requests">"Data requests"</a></p>
            {live(move || view! { <RequestView id=id.get()/> })}
        </main>
    }
}

#[component]
fn RequestView(id: String) -> impl IntoView {
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let notes = use_context::<Notifications>();
    let waiting = use_context::<crate::state::requests::Waiting>();
    let cfg = crate::state::use_config();
    let policy = PollPolicy::new(
        u64::from(cfg.poll_interval_ms),
        PollPolicy::MAX_TIMEOUT_MS,
        u64::from(cfg.backoff_max_ms),
    );
    let rid = Kept::new(id);
    let poll = Poll::fetching(
        policy,
        move |_signal| {
            let id = rid.get_value();
            async move { api::get(api, &id).await }
        },
        |r: &Request| {
            if r.status == Status::Pending {
                Readiness::Waiting
            } else {
                Readiness::Ready
            }
        },
    );
    poll.start();
    // A request notification (a decision elsewhere): look now.
    if let Some(n) = notes {
        crate::state::effect(move |prev: Option<u64>| {
            let e = n.requests_changed();
            if prev.is_some_and(|p| p != e) {
                poll.start();
            }
            e
        });
    }
    let latest = poll.latest();
    let refresh = move || {
        poll.start();
        if let Some(w) = waiting {
            w.refresh();
        }
    };
    // Not there, or not for this user (CHORUS answers both with 404 or 403): said in words, with
    // the way back and no Retry, which cannot help (issue 47).
    let state = latest.loadable_fn();
    let gone = crate::state::memo(move |_| match state() {
        crate::domain::latest::Loadable::Failed(e)
            if matches!(
                e.kind(),
                crate::api::ErrorKind::NotFound | crate::api::ErrorKind::Forbidden
            ) =>
        {
            Some(e.detail().unwrap_or_default())
        }
        _ => None,
    });
    view! {
        {live(move || gone.get().map(|detail| view! {
            <div class="alert alert-error" role="alert">
                <p class="alert-title">"This request does not exist, or you may not see it."</p>
                <p>"Check the link, or look for the request among your " <a href="/requests">"data requests"</a> "."</p>
                <crate::components::error_alert::ErrorDetail detail=detail/>
            </div>
        }))}
        <When when=move || gone.with(Option::is_none)>
            <Loaded
                state=state
                loading="Loading the request…"
                error_title=Signal::derive(move || "Could not load this request".to_owned())
                on_retry=Callback::new(move |_| poll.start())
                stale_notice="Could not look again; this is how the request stood."
                let:request
            >
                <RequestBody request=request auth=auth refresh=Callback::new(move |_| refresh())/>
            </Loaded>
        </When>
    }
}

#[component]
fn RequestBody(request: Derived<Request>, auth: Auth, refresh: Callback<()>) -> impl IntoView {
    let api = ApiClient::use_client();
    let me = crate::state::memo(move |_| {
        auth.user
            .with(|u| u.as_ref().map(|u| u.id.clone()))
            .unwrap_or_default()
    });
    let people_ids = crate::state::memo(move |_| request.with(Request::people));
    let names: Signal<BTreeMap<String, String>> = Signal::derive({
        let per_ids = crate::state::memo(move |_| {
            let ids = people_ids.get();
            untrack(|| people::names_of(ids))
        });
        move || per_ids.get().get()
    });
    let workspaces = crate::state::resource(move || async move {
        crate::api::workspaces::list(api).await.unwrap_or_default()
    });
    let ws_name = move |id: &str| {
        workspaces
            .get()
            .unwrap_or_default()
            .into_iter()
            .find(|w| w.id == id)
            .map(|w| shown_string(&w.display_name()))
            .unwrap_or_else(|| format!("workspace {id}"))
    };
    let status = crate::state::memo(move |_| request.with(|r| r.status));
    let title = live(move || {
        request.with(|r| {
            if r.title.trim().is_empty() {
                format!("Request {}", r.id)
            } else {
                shown_string(&r.title)
            }
        })
    });
    let asked = move || {
        request.with(|r| {
            let who = if r.is_requester(&me.get()) {
                "you".to_owned()
            } else {
                names.with(|n| people::person(n, &r.requester_id))
            };
            let at = r.created_at.as_deref().and_then(parse_rfc3339_ms);
            (who, at)
        })
    };
    let places = move || {
        request.with(|r| {
            let src = r.source_workspace_id.clone();
            let dest = r.destination_workspace_id.clone();
            (src, dest, r.kind)
        })
    };
    let steps = Signal::derive(move || request.with(|r| r.steps.clone()));
    // Once nothing is left for this approver to decide, the notifications that asked them are
    // answered: marked read (once per request on this page).
    let answered = Kept::new(false);
    crate::state::effect(move |_| {
        let done = request.with(|r| r.answered_by(&me.get()));
        if done && !answered.get_value() {
            answered.set_value(true);
            crate::state::requests::answer_notifications(
                api,
                request.with_untracked(|r| r.id.clone()),
            );
        }
    });
    let description = move || request.with(|r| shown_string(&r.description));
    view! {
        <h1 class="request-title">{title}</h1>
        <p class="request-meta">
            <span class="badge badge-neutral">{live(move || request.with(|r| r.kind.words()))}</span>
            " "
            <span class=move || format!("badge {}", status_badge(status.get())) data-testid="request-status">
                {live(move || status.get().words())}
            </span>
            " "
            {live(move || {
                let (who, at) = asked();
                let now = crate::state::now_ms_i64();
                view! {
                    <span class="muted">"Asked by " {who}
                        {at.map(|at| view! { ", " <time datetime=format_rfc3339_utc(at) title=format_utc(at)>{relative_time(at, now)}</time> })}
                    "."</span>
                }
            })}
        </p>
        <p class="request-places">
            {live(move || {
                let (src, dest, kind) = places();
                let from = view! { <a href=crate::routes::workspace_href(&src)>{ws_name(&src)}</a> };
                match (kind, dest) {
                    (Kind::Transfer, Some(d)) => view! {
                        "From " {from} " to " <a href=crate::routes::workspace_href(&d)>{ws_name(&d)}</a> "."
                    }.into_any(),
                    _ => view! { "Out of " {from} "." }.into_any(),
                }
            })}
        </p>
        {live(move || {
            let d = description();
            (!d.trim().is_empty()).then(|| view! { <p class="request-description">{d}</p> })
        })}
        <p class="alert alert-info request-outcome" role="status">{live(move || request.with(Request::outcome_words))}</p>
        <Decide request=request me=me.into() refresh=refresh/>
        <h2>"Files"</h2>
        <RequestFiles request=request me=me.into() auth=auth/>
        <h2>"Approval"</h2>
        <ApprovalSteps steps=steps status=status names=names/>
        <Cancel request=request me=me.into() auth=auth refresh=refresh/>
        {crate::components::lazy_forms::PageTransfersView::view()}
    }
}
