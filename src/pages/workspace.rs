//! `/workspaces/:workspaceId`: the workspace's sessions (a live workbench table) and the form to
//! start a new one.
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use wasm_bindgen::JsCast;
use web_sys::AbortController;

use crate::api::client::{encode_component, with_query};
use crate::api::wire::common::Envelope;
use crate::api::wire::workbench::{CreateWorkbenchRequest, WorkbenchListResult, WorkbenchResult};
use crate::api::wire::workspace::WorkspaceResult;
use crate::api::{ApiClient, ApiError, Conditional};
use crate::components::error_alert::ErrorAlert;
use crate::components::loading::Loading;
use crate::components::workbench_table::{is_settled, WorkbenchTable};
use crate::domain::poll::PollPolicy;
use crate::domain::workbench::Workbench;
use crate::domain::workspace::Workspace;
use crate::state::activity::Activity;
use crate::state::auth::Auth;
use crate::state::use_config;
use crate::state::visibility::{is_document_hidden, use_document_visible};

/// Longest session name accepted by the form (the dev server's limit).
const MAX_NAME_CHARS: usize = 128;

/// Checks a session name; `Err` says what is wrong in words.
pub fn validate_session_name(name: &str) -> Result<String, String> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err("Enter a name for the session.".to_owned());
    }
    if trimmed.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "The name is too long: at most {MAX_NAME_CHARS} characters."
        ));
    }
    Ok(trimmed.to_owned())
}

#[component]
pub fn WorkspacePage() -> impl IntoView {
    let params = use_params_map();
    let workspace_id =
        Memo::new(move |_| params.with(|p| p.get("workspaceId").unwrap_or_default()));
    view! {
        <main class="page workspace-page" id="main">
            {move || {
                let id = workspace_id.get();
                view! { <WorkspaceView workspace_id=id/> }
            }}
        </main>
    }
}

/// One workspace (re-created when the route's id changes).
#[component]
fn WorkspaceView(workspace_id: String) -> impl IntoView {
    let api = ApiClient::use_client();
    let ws_id = StoredValue::new(workspace_id);

    let workspace = LocalResource::new(move || async move {
        let id = ws_id.get_value();
        api.get::<WorkspaceResult>(&format!(
            "/api/rest/v1/workspaces/{}",
            encode_component(&id)
        ))
        .await
        .map(|env| Workspace::from(env.result.workspace))
    });
    let retry_workspace = Callback::new(move |_| workspace.refetch());

    let sessions = LiveSessions::start(api, ws_id.get_value());

    // What the sessions section shows; the table itself stays mounted while its rows update.
    let list_view = Memo::new(move |_| {
        sessions.list.with(|l| match l {
            None => ListView::Loading,
            Some(Err(e)) => ListView::Error(e.clone()),
            Some(Ok(rows)) if rows.is_empty() => ListView::Empty,
            Some(Ok(_)) => ListView::Rows,
        })
    });

    let heading = move || match workspace.get() {
        Some(Ok(ws)) => ws.display_name(),
        Some(Err(_)) => "Workspace".to_owned(),
        None => "Workspace".to_owned(),
    };

    view! {
        <h1>{heading}</h1>
        {move || match workspace.get() {
            Some(Err(e)) => {
                Some(
                    view! {
                        <ErrorAlert title="Could not load this workspace" error=e on_retry=retry_workspace/>
                    },
                )
            }
            _ => None,
        }}
        <section class="workspace-sessions" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">"Sessions"</h2>
            {move || match list_view.get() {
                ListView::Loading => view! { <Loading label="Loading the sessions…"/> }.into_any(),
                ListView::Error(e) => {
                    view! {
                        <ErrorAlert
                            title="Could not load the sessions"
                            error=e
                            on_retry=Callback::new(move |_| sessions.refresh())
                        />
                    }
                        .into_any()
                }
                ListView::Empty => {
                    view! { <p class="empty">"No sessions yet — start one below."</p> }.into_any()
                }
                ListView::Rows => {
                    view! {
                        <WorkbenchTable
                            workbenches=sessions.rows
                            workspace_id=Signal::derive(move || ws_id.get_value())
                            on_changed=Callback::new(move |_| sessions.refresh())
                        />
                    }
                        .into_any()
                }
            }}
        </section>
        <NewSessionForm workspace=workspace ws_id=ws_id.get_value()/>
    }
}

#[derive(Clone, Debug, PartialEq)]
enum ListView {
    Loading,
    Error(ApiError),
    Empty,
    Rows,
}

/// The workspace's sessions, re-fetched every `pollIntervalMs` (with jitter) while any row is
/// still on its way; paused while the document is hidden (re-fetched at once when visible);
/// stopped, with the in-flight request aborted, when the page goes.
#[derive(Clone, Copy)]
struct LiveSessions {
    /// `None` before the first reply; an error replaces the list only when there is none yet.
    list: RwSignal<Option<Result<Vec<Workbench>, ApiError>>>,
    /// The rows shown (the last good list).
    rows: Memo<Vec<Workbench>>,
    state: StoredValue<LoopState, LocalStorage>,
    api: ApiClient,
    path: StoredValue<String>,
    policy: PollPolicy,
}

struct LoopState {
    alive: bool,
    timer: Option<TimeoutHandle>,
    abort: Option<AbortController>,
    /// A fetch is due but the document is hidden.
    paused: bool,
    /// Bumped by every fetch: only the latest one's reply counts.
    epoch: u64,
    failures: u32,
}

impl LiveSessions {
    fn start(api: ApiClient, workspace_id: String) -> Self {
        let list = RwSignal::new(None::<Result<Vec<Workbench>, ApiError>>);
        let rows = Memo::new(move |_| {
            list.with(|l| match l {
                Some(Ok(rows)) => rows.clone(),
                _ => Vec::new(),
            })
        });
        let cfg = use_config();
        let policy = PollPolicy::from_config(
            Some(u64::from(cfg.poll_interval_ms)),
            None,
            Some(u64::from(cfg.backoff_max_ms)),
        );
        let path = with_query(
            "/api/rest/v1/workbenches",
            &[
                ("filter.workspaceIdsIn", workspace_id.as_str()),
                ("pagination.offset", "0"),
                ("pagination.limit", "100"),
            ],
        );
        let this = Self {
            list,
            rows,
            state: StoredValue::new_local(LoopState {
                alive: true,
                timer: None,
                abort: None,
                paused: false,
                epoch: 0,
                failures: 0,
            }),
            api,
            path: StoredValue::new(path),
            policy,
        };

        // Pause while the document is hidden; fetch at once when it shows again. The effect
        // belongs to the page, so it goes with it.
        let visible = use_document_visible();
        Effect::new(move |_| {
            if !visible.get() {
                this.state.try_update_value(|s| {
                    if let Some(t) = s.timer.take() {
                        t.clear();
                        s.paused = true;
                    }
                });
            } else {
                let resume = this
                    .state
                    .try_update_value(|s| std::mem::take(&mut s.paused))
                    .unwrap_or(false);
                if resume {
                    this.fetch_now();
                }
            }
        });

        on_cleanup(move || {
            this.state.try_update_value(|s| {
                s.alive = false;
                if let Some(t) = s.timer.take() {
                    t.clear();
                }
                if let Some(c) = s.abort.take() {
                    c.abort();
                }
            });
        });
        this.fetch_now();
        this
    }

    /// Re-fetches now (after a stop, start or delete, or on Retry).
    fn refresh(self) {
        self.fetch_now();
    }

    fn fetch_now(self) {
        let ticket = self
            .state
            .try_update_value(|s| {
                if !s.alive {
                    return None;
                }
                if let Some(t) = s.timer.take() {
                    t.clear();
                }
                // A newer fetch supersedes the one in flight.
                if let Some(c) = s.abort.take() {
                    c.abort();
                }
                if is_document_hidden() {
                    s.paused = true;
                    return None;
                }
                s.paused = false;
                s.epoch = s.epoch.wrapping_add(1);
                let controller = AbortController::new().ok();
                let signal = controller.as_ref().map(AbortController::signal);
                s.abort = controller;
                Some((signal, s.epoch))
            })
            .flatten();
        let Some((signal, epoch)) = ticket else {
            return;
        };
        let path = self.path.get_value();
        spawn_local(async move {
            let reply = self
                .api
                .get_conditional::<WorkbenchListResult>(&path, None, signal.as_ref())
                .await;
            let current = self
                .state
                .try_update_value(|s| {
                    let current = s.alive && s.epoch == epoch;
                    if current {
                        s.abort = None;
                    }
                    current
                })
                .unwrap_or(false);
            if !current {
                return;
            }
            let rand = js_sys::Math::random();
            let delay = match reply {
                Ok(Conditional::Fresh { value, .. }) => {
                    let rows: Vec<Workbench> = value
                        .result
                        .workbenches
                        .into_iter()
                        .map(Workbench::from)
                        .filter(|w| !w.is_deleted())
                        .collect();
                    let moving = rows.iter().any(|w| !is_settled(w));
                    self.list.try_set(Some(Ok(rows)));
                    self.state.update_value(|s| s.failures = 0);
                    moving.then(|| self.policy.normal_delay_ms(rand))
                }
                Ok(Conditional::NotModified) => Some(self.policy.normal_delay_ms(rand)),
                Err(e) => {
                    let failures = self
                        .state
                        .try_update_value(|s| {
                            s.failures = s.failures.saturating_add(1);
                            s.failures
                        })
                        .unwrap_or(1);
                    let have_rows = self.list.with_untracked(|l| matches!(l, Some(Ok(_))));
                    let transient = e.is_transient();
                    if !have_rows {
                        self.list.try_set(Some(Err(e)));
                    }
                    // Back off on transient trouble while the list is live or still loading.
                    let live = !have_rows
                        || self.list.with_untracked(
                            |l| matches!(l, Some(Ok(r)) if r.iter().any(|w| !is_settled(w))),
                        );
                    (transient && live).then(|| self.policy.backoff_delay_ms(failures, rand))
                }
            };
            if let Some(ms) = delay {
                self.schedule(ms);
            }
        });
    }

    fn schedule(self, ms: u64) {
        self.state.try_update_value(|s| {
            if !s.alive {
                return;
            }
            if is_document_hidden() {
                s.paused = true;
                return;
            }
            s.timer =
                set_timeout_with_handle(move || self.fetch_now(), Duration::from_millis(ms)).ok();
        });
    }
}

/// The new-session form: `Session name` and `Start session`. On success it navigates to the
/// session page at once.
#[component]
fn NewSessionForm(
    workspace: LocalResource<Result<Workspace, ApiError>>,
    ws_id: String,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let auth = use_context::<Auth>();
    let activity = Activity::use_activity();
    let navigate = use_navigate();
    let may_create = Memo::new(move |_| auth.is_none_or(|a| a.can("createWorkbench")));
    let name = RwSignal::new(String::new());
    let name_error = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let ws_id = StoredValue::new(ws_id);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        failure.set(None);
        let checked = validate_session_name(&name.get_untracked());
        let value = match checked {
            Ok(v) => {
                name_error.set(None);
                v
            }
            Err(msg) => {
                name_error.set(Some(msg));
                focus_name_input();
                return;
            }
        };
        let user_id = auth
            .and_then(|a| a.user.with_untracked(|u| u.as_ref().map(|u| u.id.clone())))
            .unwrap_or_default();
        let ws = ws_id.get_value();
        let tenant_id = workspace
            .get_untracked()
            .and_then(|r| r.ok())
            .map(|w| w.tenant_id)
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| "1".to_owned());
        let body = CreateWorkbenchRequest::new(tenant_id, user_id, ws.clone(), value);
        pending.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let reply = activity
                .track(
                    "Starting session…",
                    api.post::<_, Envelope<WorkbenchResult>>("/api/rest/v1/workbenches", &body),
                )
                .await;
            pending.try_set(false);
            match reply {
                Ok(env) => {
                    let id = env.result.workbench.id;
                    if id.trim().is_empty() {
                        failure.try_set(Some(ApiError::Decode(
                            "the new session has no id".to_owned(),
                        )));
                        return;
                    }
                    navigate(
                        &format!(
                            "/workspaces/{}/sessions/{}",
                            encode_component(&ws),
                            encode_component(&id)
                        ),
                        Default::default(),
                    );
                }
                Err(e) => {
                    let by_field = e
                        .validation_errors()
                        .into_iter()
                        .find(|v| v.field == "name")
                        .map(|v| format!("The name {}.", v.reason.trim_end_matches('.')));
                    if by_field.is_some() {
                        name_error.try_set(by_field);
                        focus_name_input();
                    }
                    failure.try_set(Some(e));
                }
            }
        });
    };

    view! {
        <section class="new-session card" aria-labelledby="new-session-heading">
            <h2 id="new-session-heading">"Start a new session"</h2>
            <Show
                when=move || may_create.get()
                fallback=|| {
                    view! {
                        <p class="muted">"You may look at the sessions of this workspace, but not start new ones."</p>
                    }
                }
            >
                <form class="inline-form" on:submit=on_submit.clone() novalidate=true>
                    <div class="field">
                        <label for="new-session-name">"Session name"</label>
                        <input
                            id="new-session-name"
                            type="text"
                            name="name"
                            required=true
                            maxlength=MAX_NAME_CHARS.to_string()
                            autocomplete="off"
                            aria-invalid=move || name_error.with(Option::is_some).then_some("true")
                            aria-describedby=move || {
                                name_error.with(Option::is_some).then_some("new-session-name-error")
                            }
                            prop:value=move || name.get()
                            on:input=move |ev| {
                                name.set(event_target_value(&ev));
                                name_error.set(None);
                            }
                        />
                        {move || {
                            name_error
                                .get()
                                .map(|m| {
                                    view! {
                                        <p class="field-error" id="new-session-name-error">{m}</p>
                                    }
                                })
                        }}
                    </div>
                    <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                        "Start session"
                    </button>
                </form>
                {move || {
                    failure
                        .get()
                        .map(|e| view! { <ErrorAlert title="Could not start the session" error=e/> })
                }}
            </Show>
        </section>
    }
}

fn focus_name_input() {
    if let Some(el) = document()
        .get_element_by_id("new-session-name")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
