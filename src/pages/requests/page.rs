//! `/requests/:requestId`: one data request (ui.md, "request page"): its title, kind, status,
//! who asked and when, its files, its approval steps as a timeline, and what the user may do:
//! decide an open step (`Comment`, `Approve`, `Reject`: a rejection needs a comment), cancel
//! one's own pending request, download an approved extraction's files. Polled on the one poll
//! engine while it is pending (paused in hidden tabs), so a decision shows without a reload.
use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::requests as api;
use crate::api::{ApiClient, ApiError};
use crate::components::approval_steps::ApprovalSteps;
use crate::components::confirm_inline::{ConfirmInline, ConfirmLayout};
use crate::components::data_table::{Column, DataTable};
use crate::components::error_alert::ErrorAlert;
use crate::components::loaded::Loaded;
use crate::components::transfers::TransfersList;
use crate::components::when::When;
use crate::domain::files::size_words;
use crate::domain::permissions::{Perm, Target};
use crate::domain::poll::{PollPolicy, Readiness};
use crate::domain::requests::{previewable, refusal_words, Kind, Request, Status};
use crate::domain::text::shown_string;
use crate::domain::time::{format_rfc3339_utc, format_utc, parse_rfc3339_ms, relative_time};
use crate::state::auth::Auth;
use crate::state::notifications::Notifications;
use crate::state::poll::Poll;
use crate::state::transfers::{TransferState, Transfers};

use super::people;

/// An error of a request call in words: ours where the backend's message is known, else its own.
fn words_of(what: &str, e: &ApiError) -> String {
    match refusal_words(e.status(), &e.message()) {
        Some(w) => format!("{what}: {w}"),
        None => what.to_owned(),
    }
}

#[component]
pub(crate) fn RequestPage() -> impl IntoView {
    let params = use_params_map();
    let id = crate::state::memo(move |_| params.with(|p| p.get("requestId").unwrap_or_default()));
    view! {
        <main class="page request-page" id="main">
            <p class="breadcrumb"><a href="/requests">"Data requests"</a></p>
            {move || view! { <RequestView id=id.get()/> }}
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
    let rid = StoredValue::new(id);
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
    view! {
        <Loaded
            state=latest.loadable()
            loading="Loading the request…"
            error_title=Signal::derive(move || "Could not load this request".to_owned())
            on_retry=Callback::new(move |_| poll.start())
            stale_notice="Could not look again; this is how the request stood."
            let:request
        >
            <RequestBody request=request auth=auth refresh=Callback::new(move |_| refresh())/>
        </Loaded>
    }
}

const FILE_COLUMNS: &[Column] = &[
    Column::shown("Path"),
    Column::shown("Size"),
    Column::hidden("Actions"),
];

#[component]
fn RequestBody(request: Signal<Request>, auth: Auth, refresh: Callback<()>) -> impl IntoView {
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
    let title = move || {
        request.with(|r| {
            if r.title.trim().is_empty() {
                format!("Request {}", r.id)
            } else {
                shown_string(&r.title)
            }
        })
    };
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
    let comments_kept = Signal::derive(move || {
        // A backend that keeps comments sends them back with the decision (ours); CHORUS
        // never does.
        request.with(|r| {
            r.steps
                .iter()
                .any(|s| s.decision.as_ref().is_some_and(|d| d.comment.is_some()))
        })
    });
    let description = move || request.with(|r| shown_string(&r.description));
    view! {
        <h1 class="request-title">{title}</h1>
        <p class="request-meta">
            <span class="badge badge-neutral">{move || request.with(|r| r.kind.words())}</span>
            " "
            <span class=move || format!("badge {}", super::status_badge(status.get())) data-testid="request-status">
                {move || status.get().words()}
            </span>
            " "
            {move || {
                let (who, at) = asked();
                let now = crate::state::now_ms_i64();
                view! {
                    <span class="muted">"Asked by " {who}
                        {at.map(|at| view! { ", " <time datetime=format_rfc3339_utc(at) title=format_utc(at)>{relative_time(at, now)}</time> })}
                    "."</span>
                }
            }}
        </p>
        <p class="request-places">
            {move || {
                let (src, dest, kind) = places();
                let from = view! { <a href=crate::pages::workspace_href(&src)>{ws_name(&src)}</a> };
                match (kind, dest) {
                    (Kind::Transfer, Some(d)) => view! {
                        "From " {from} " to " <a href=crate::pages::workspace_href(&d)>{ws_name(&d)}</a> "."
                    }.into_any(),
                    _ => view! { "Out of " {from} "." }.into_any(),
                }
            }}
        </p>
        {move || {
            let d = description();
            (!d.trim().is_empty()).then(|| view! { <p class="request-description">{d}</p> })
        }}
        <p class="alert alert-info request-outcome" role="status">{move || request.with(Request::outcome_words)}</p>
        <Decide request=request me=me.into() refresh=refresh/>
        <h2>"Files"</h2>
        {move || {
            let r = request.get();
            let can_download = r.downloadable_by(&me.get());
            let source = Target::workspace(&r.source_workspace_id);
            let may_read = auth.can_in(Perm::DownloadFilesFromWorkspace, &source);
            let can_preview = r.previewable_by(&me.get(), may_read);
            let count = r.files.len();
            let total = size_words(r.total_size());
            let id = r.id.clone();
            let rows = r.files.into_iter().map(|f| {
                let path = f.source_path.clone();
                let size = f.size;
                let preview = (can_preview && previewable(&path, size)).then(|| RwSignal::new(None::<Preview>));
                view! {
                    <tr data-path=path.clone()>
                        <td class="file-name">{shown_string(&path)}</td>
                        <td class="file-size">{size_words(size)}</td>
                        <td class="row-actions">
                            {preview.map(|shown| view! { <PreviewButton id=id.clone() path=path.clone() shown=shown/> })}
                            {can_download.then(|| view! { <DownloadButton id=id.clone() path=path.clone() size=size/> })}
                        </td>
                    </tr>
                    {preview.map(|shown| view! { <PreviewRow path=path.clone() shown=shown/> })}
                }
            }).collect_view();
            view! {
                <DataTable testid="request-files" caption="The request's files" columns=FILE_COLUMNS>
                    {rows}
                </DataTable>
                <p class="muted">{format!("{count} {}, {total} in all.", if count == 1 { "file" } else { "files" })}</p>
            }
        }}
        <h2>"Approval"</h2>
        <ApprovalSteps steps=steps status=status names=names comments_kept=comments_kept/>
        <Cancel request=request me=me.into() auth=auth refresh=refresh/>
        {Transfers::use_transfers().map(|t| view! {
            <When when=move || t.rows.with(|r| !r.is_empty()) && !t.panel_open.get()>
                <section class="data-transfers" aria-labelledby="transfers-heading">
                    <h2 id="transfers-heading">"Transfers"</h2>
                    <TransfersList transfers=t/>
                </section>
            </When>
        })}
    }
}

/// `Comment`, `Approve`, `Reject` for an approver whose step is open.
#[component]
fn Decide(request: Signal<Request>, me: Signal<String>, refresh: Callback<()>) -> impl IntoView {
    let api = ApiClient::use_client();
    let open = move || request.with(|r| !r.open_steps_for(&me.get()).is_empty());
    let comment = RwSignal::new(String::new());
    let comment_error = RwSignal::new(None::<String>);
    let failed = RwSignal::new(None::<(String, ApiError)>);
    let done = RwSignal::new(None::<String>);
    let decide = crate::components::local_action(move |approve: &bool| {
        let approve = *approve;
        let id = request.with_untracked(|r| r.id.clone());
        let text = comment.get_untracked();
        async move {
            match api::decide(api, &id, approve, &text).await {
                Ok(_) => {
                    failed.try_set(None);
                    comment.try_set(String::new());
                    done.try_set(Some(
                        if approve {
                            "You approved it."
                        } else {
                            "You rejected it."
                        }
                        .to_owned(),
                    ));
                }
                Err(e) => {
                    let what = if approve {
                        "Could not approve it"
                    } else {
                        "Could not reject it"
                    };
                    failed.try_set(Some((words_of(what, &e), e)));
                }
            }
            refresh.run(());
        }
    });
    let busy = decide.pending();
    let on_reject = move |_| {
        if comment.get_untracked().trim().is_empty() {
            comment_error.set(Some(
                "Say why it is rejected: the requester reads it.".to_owned(),
            ));
            return;
        }
        comment_error.set(None);
        decide.dispatch_local(false);
    };
    let on_approve = move |_| {
        comment_error.set(None);
        decide.dispatch_local(true);
    };
    view! {
        {move || done.get().map(|w| view! { <p class="alert alert-ok" role="status">{w}</p> })}
        {move || failed.get().map(|(w, e)| view! { <ErrorAlert title=w error=e/> })}
        <When when=open>
            <section class="card decide" aria-labelledby="decide-heading">
                <h2 id="decide-heading">"Your decision"</h2>
                <p class="muted">"Look at the files first. Approving lets them leave; a rejection needs a comment for the requester."</p>
                <label for="decision-comment">"Comment"</label>
                <textarea id="decision-comment" rows="3" maxlength="2000"
                    prop:value=move || comment.get()
                    on:input=move |e| { comment.set(event_target_value(&e)); comment_error.set(None); }
                    aria-invalid=move || comment_error.with(Option::is_some).then_some("true")
                    aria-describedby=move || comment_error.with(Option::is_some).then_some("decision-comment-error")></textarea>
                {move || comment_error.get().map(|m| view! { <p id="decision-comment-error" class="field-error">{m}</p> })}
                <div class="form-actions">
                    <button type="button" class="btn btn-primary" disabled=move || busy.get() on:click=on_approve>"Approve"</button>
                    <button type="button" class="btn btn-danger" disabled=move || busy.get() on:click=on_reject>"Reject"</button>
                </div>
            </section>
        </When>
    }
}

/// `Cancel request`: the requester, while it is pending, where the backend lets them.
#[component]
fn Cancel(
    request: Signal<Request>,
    me: Signal<String>,
    auth: Auth,
    refresh: Callback<()>,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let navigate = leptos_router::hooks::use_navigate();
    let may = move || {
        request.with(|r| {
            r.status == Status::Pending
                && r.is_requester(&me.get())
                && auth.grants().is_some_and(|g| {
                    !g.knows(Perm::DeleteRequest)
                        || g.can_in(Perm::DeleteRequest, &Target::request(&r.id))
                })
        })
    };
    let asking = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let cancel = crate::components::local_action(move |_: &()| {
        let id = request.with_untracked(|r| r.id.clone());
        let navigate = navigate.clone();
        async move {
            match api::cancel(api, &id).await {
                Ok(()) => {
                    refresh.run(());
                    navigate("/requests", Default::default());
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        }
    });
    let busy = cancel.pending();
    view! {
        <When when=may>
            <div class="request-cancel">
                {move || if asking.get() {
                    view! {
                        <ConfirmInline layout=ConfirmLayout::Panel("cancel-request")
                            question="Cancel this request?"
                            detail="Nothing leaves the workspace, and the approvers are no longer asked."
                            confirm_label="Cancel request" busy=busy
                            on_confirm=Callback::new(move |_| { cancel.dispatch_local(()); })
                            on_cancel=Callback::new(move |_| { asking.set(false); error.set(None); })
                            error=error error_title="Could not cancel it"/>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="btn" on:click=move |_| asking.set(true)>"Cancel request"</button>
                    }.into_any()
                }}
            </div>
        </When>
    }
}

/// A file's preview on the request's page: loading, its text, or why not.
#[derive(Clone)]
enum Preview {
    Loading,
    Text(String),
    Refused(String, Option<ApiError>),
}

/// `Preview <path>` (a reviewer's, for a small text file): fetches the file once and shows it
/// in the row below; pressed again, hides it.
#[component]
fn PreviewButton(id: String, path: String, shown: RwSignal<Option<Preview>>) -> impl IntoView {
    let api = ApiClient::use_client();
    let (rid, p) = (StoredValue::new(id), StoredValue::new(path.clone()));
    let preview_id = preview_row_id(&path);
    let toggle = move |_| {
        if shown.with_untracked(Option::is_some) {
            shown.set(None);
            return;
        }
        shown.set(Some(Preview::Loading));
        let (id, path) = (rid.get_value(), p.get_value());
        leptos::task::spawn_local(async move {
            let got = match read_bytes(api, &id, &path).await {
                Ok(bytes) => match crate::domain::requests::preview_text(&bytes) {
                    Ok(text) => Preview::Text(text),
                    Err(why) => Preview::Refused(
                        format!("No preview of {}: {why}", shown_string(&path)),
                        None,
                    ),
                },
                Err(e) => Preview::Refused(
                    words_of(&format!("Could not preview {}", shown_string(&path)), &e),
                    Some(e),
                ),
            };
            // Hidden meanwhile (or the page gone): nothing to show.
            if shown.try_with_untracked(Option::is_some) == Some(true) {
                shown.try_set(Some(got));
            }
        });
    };
    view! {
        <button type="button" class="btn btn-small btn-quiet" aria-label=format!("Preview {}", shown_string(&path))
            aria-expanded=move || shown.with(Option::is_some).to_string() aria-controls=preview_id
            on:click=toggle>
            {move || if shown.with(Option::is_some) { "Hide preview" } else { "Preview" }}
        </button>
    }
}

/// The row under a file that shows its preview, while one is asked for.
#[component]
fn PreviewRow(path: String, shown: RwSignal<Option<Preview>>) -> impl IntoView {
    let id = preview_row_id(&path);
    move || {
        shown.get().map(|p| {
            let body = match p {
                Preview::Loading => view! { <p class="muted" role="status">"Loading the preview…"</p> }.into_any(),
                Preview::Text(t) if t.is_empty() => view! { <p class="muted">"The file is empty."</p> }.into_any(),
                Preview::Text(t) => view! {
                    <pre class="file-preview" tabindex="0" aria-label=format!("Preview of {}", shown_string(&path))>{shown_string(&t)}</pre>
                }.into_any(),
                Preview::Refused(w, Some(e)) => view! { <ErrorAlert title=w error=e/> }.into_any(),
                Preview::Refused(w, None) => view! { <p class="muted" role="status">{w}</p> }.into_any(),
            };
            view! {
                <tr class="file-preview-row" id=id.clone()>
                    <td colspan="3">{body}</td>
                </tr>
            }
        })
    }
}

/// The id of a file's preview row (`aria-controls` of its button).
fn preview_row_id(path: &str) -> String {
    let mut h: u32 = 2_166_136_261;
    for b in path.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(16_777_619);
    }
    format!("preview-{h:08x}")
}

/// The bytes of a request's file (the preview's: small, see `domain::requests::previewable`).
#[cfg(target_arch = "wasm32")]
async fn read_bytes(api: ApiClient, id: &str, path: &str) -> Result<Vec<u8>, ApiError> {
    let blob = api::download(api, id, path).await?;
    let buf = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
        .await
        .map_err(|_| ApiError::Decode("the browser could not read the file".into()))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

#[cfg(not(target_arch = "wasm32"))]
async fn read_bytes(_: ApiClient, _: &str, _: &str) -> Result<Vec<u8>, ApiError> {
    Err(ApiError::Decode("previews need a browser".into()))
}

/// `Download <path>`: the file comes whole in one reply (api.md), decoded a slice at a time into
/// a `Blob` the browser saves; its transfer row says how it went.
#[component]
fn DownloadButton(id: String, path: String, size: u64) -> impl IntoView {
    let api = ApiClient::use_client();
    let transfers = Transfers::use_transfers();
    let failed = RwSignal::new(None::<(String, ApiError)>);
    let (rid, p) = (StoredValue::new(id), StoredValue::new(path.clone()));
    let download = crate::components::local_action(move |_: &()| {
        let (id, path) = (rid.get_value(), p.get_value());
        async move {
            let name = path.rsplit('/').next().unwrap_or("file").to_owned();
            let row = transfers.map(|t| {
                let n = t.add(&name, "Download", size);
                t.update(n, |row| row.state = TransferState::Uploading);
                (t, n)
            });
            let result = save(api, &id, &path, &name).await;
            match result {
                Ok(()) => {
                    failed.try_set(None);
                    if let Some((t, n)) = row {
                        t.update(n, |row| {
                            row.state = TransferState::Done;
                            row.done = size;
                            row.note =
                                Some("Saved by your browser (see its downloads).".to_owned());
                        });
                    }
                }
                Err(e) => {
                    if let Some((t, n)) = row {
                        t.update(n, |row| {
                            row.state = TransferState::Failed;
                            row.note = Some(e.message());
                        });
                    }
                    failed.try_set(Some((
                        words_of(&format!("Could not download {}", shown_string(&path)), &e),
                        e,
                    )));
                }
            }
        }
    });
    let busy = download.pending();
    view! {
        <button type="button" class="btn btn-small" aria-label=format!("Download {}", shown_string(&path))
            disabled=move || busy.get() on:click=move |_| { download.dispatch_local(()); }>
            {move || if busy.get() { "Downloading…" } else { "Download" }}
        </button>
        {move || failed.get().map(|(w, e)| view! { <ErrorAlert title=w error=e/> })}
    }
}

/// Fetches the file and hands it to the browser as a download named `name`.
#[cfg(target_arch = "wasm32")]
async fn save(api: ApiClient, id: &str, path: &str, name: &str) -> Result<(), ApiError> {
    let blob = api::download(api, id, path).await?;
    crate::components::save_file::save_blob(&blob, name)
}

#[cfg(not(target_arch = "wasm32"))]
async fn save(_: ApiClient, _: &str, _: &str, _: &str) -> Result<(), ApiError> {
    Err(ApiError::Decode("downloads need a browser".into()))
}
