//! `/workspaces/:workspaceId`: the workspace's sessions (a live workbench table) and the form to
//! start a new one (`new_session.rs`, in the `wsforms` chunk). The table is the `wstable` chunk,
//! fetched once the page has shown its heading and actions ([`SessionsPart`], issue 58); the
//! sessions' poll starts with the page.
use crate::components::live::live;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use web_sys::AbortSignal;

use crate::api::{workbenches, workspaces, ApiClient, ApiError};
use crate::components::lazy_forms::{FormsChunk, WorkspaceForms, WorkspaceParts};
use crate::components::loaded::{from_resource, Loaded};
use crate::components::when::When;
use crate::components::workbench_table::{is_settled, WorkbenchTable};
use crate::domain::permissions::{Perm, Target};
use crate::domain::poll::{PollPolicy, Readiness};
use crate::domain::workbench::Workbench;
use crate::domain::workspace::Workspace;
use crate::state::auth::Auth;
use crate::state::desktops::Desktops;
use crate::state::poll::Poll;
use crate::state::{start_times, use_config};
use crate::state::{Derived, Kept};

pub(crate) mod new_session;

/// Longest session name accepted by the form (the dev server's limit).
pub(crate) const MAX_NAME_CHARS: usize = 128;

/// Checks a session name; `Err` says what is wrong in words.
pub(crate) fn validate_session_name(name: &str) -> Result<String, String> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err("Enter a name for the session.".to_owned());
    }
    if trimmed.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "The name is too long: at most {MAX_NAME_CHARS} characters."
        ));
    }
    if let Some(p) = crate::domain::text::bidi_problem_in("The name", trimmed) {
        return Err(p);
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod session_name_tests {
    use super::validate_session_name;

    #[test]
    fn a_session_name_that_would_read_as_something_else_is_refused() {
        assert_eq!(
            validate_session_name(" Analysis ").as_deref(),
            Ok("Analysis")
        );
        assert_eq!(validate_session_name("تحليل").as_deref(), Ok("تحليل"));
        let refused = validate_session_name("report\u{202e}fdp.exe").unwrap_err();
        assert!(
            refused.starts_with("The name cannot contain invisible characters"),
            "{refused}"
        );
        assert!(validate_session_name("\u{2066}x\u{2069}").is_err());
    }
}

#[component]
pub(crate) fn WorkspacePage() -> impl IntoView {
    // A session is the likely next page: pages/lazy.rs fetches its chunk around this page.
    let params = use_params_map();
    let workspace_id =
        crate::state::memo(move |_| params.with(|p| p.get("workspaceId").unwrap_or_default()));
    view! {
        <main class="page workspace-page" id="main">
            {live(move || {
                let id = workspace_id.get();
                view! { <WorkspaceView workspace_id=id/> }
            })}
        </main>
    }
}

/// One workspace (re-created when the route's id changes).
#[component]
fn WorkspaceView(workspace_id: String) -> impl IntoView {
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let ws_id = Kept::new(workspace_id);

    let workspace = crate::state::resource(move || {
        let ws = ws_id.try_get_value().unwrap_or_default();
        async move { workspaces::get(api, &ws).await }
    });
    crate::state::page_title::name_workspace(move || {
        workspace
            .get()
            .and_then(Result::ok)
            .map(|w| (w.id.clone(), w.display_name()))
    });
    let retry_workspace = Callback::new(move |_| workspace.refetch());

    let sessions = LiveSessions::start(api, ws_id.get_value());
    provide_context(SessionsCtx {
        sessions,
        ws: ws_id,
    });
    // The sessions' table, fetched once the page has shown (an effect runs after it).
    let table = FormsChunk::new(use_context::<WorkspaceParts>().map(|p| p.0));
    table.open_once(|| true);

    let heading = move || match workspace.get() {
        Some(Ok(ws)) => crate::domain::text::shown_string(&ws.display_name()),
        Some(Err(_)) => "Workspace".to_owned(),
        None => "Workspace".to_owned(),
    };

    view! {
        <h1>{heading}</h1>
        // Only the error is shown here (the heading says "Workspace" meanwhile).
        <Loaded
            state=from_resource(workspace)
            error_title="Could not load this workspace"
            on_retry=retry_workspace
            let:_workspace
        >
            {live(move || ())}
        </Loaded>
        // What one does here comes first, not below a long session table (issue 29).
        <div class="workspace-actions" role="group" aria-label="Workspace">
            <a class="btn" href=move || format!("{}/members", crate::routes::workspace_href(&ws_id.get_value()))>
                "Members"
            </a>
            <When when=move || auth.can_in(Perm::ListFilesInWorkspace, &Target::workspace(&ws_id.get_value()))>
                <a class="btn" href=move || format!("{}/data", crate::routes::workspace_href(&ws_id.get_value()))>
                    "Data"
                </a>
            </When>
            <When when=move || auth.can_in(Perm::AuditWorkspace, &Target::workspace(&ws_id.get_value()))>
                <a class="btn" href=move || format!("{}/audit", crate::routes::workspace_href(&ws_id.get_value()))>
                    "Audit"
                </a>
            </When>
            <a class="btn" href=move || format!("{}/services", crate::routes::workspace_href(&ws_id.get_value()))>
                "Services"
            </a>
            <When when=move || auth.can_in(Perm::UpdateWorkspace, &Target::workspace(&ws_id.get_value()))>
                <a class="btn" href=move || format!("{}/settings", crate::routes::workspace_href(&ws_id.get_value()))>
                    "Settings"
                </a>
            </When>
            <crate::components::workspace_forms::WorkspaceSettings workspace=workspace ws_id=ws_id.get_value()/>
        </div>
        // The cover and the about text, when set (the settings page writes them), below what one
        // does here.
        <crate::components::workspace_about::WorkspaceAbout ws_id=ws_id.get_value() name=Signal::derive(heading)/>
        <NewSession workspace=workspace ws_id=ws_id.get_value() after=table/>
        <section class="workspace-sessions" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">"Sessions"</h2>
            {table.part(
                WorkspaceParts::SESSIONS,
                "Loading the sessions…",
                "The sessions could not be shown.",
                "sessions-part-error",
                None,
            )}
        </section>
    }
}

/// What the sessions' part reads (a context: a chunk's views take no arguments).
#[derive(Clone, Copy)]
struct SessionsCtx {
    sessions: LiveSessions,
    ws: Kept<String>,
}

/// The workspace's sessions, from the `wstable` chunk: with the table and its rows' actions, the
/// page waited for 437 KB gzip before its heading on a cold load, over its 400 (issue 58). A
/// failed refresh keeps the last list (nothing is said: the next poll follows).
#[component]
pub(crate) fn SessionsPart() -> impl IntoView {
    let Some(SessionsCtx { sessions, ws }) = use_context::<SessionsCtx>() else {
        return ().into_any();
    };
    view! {
        <Loaded
            state=sessions.poll.latest().loadable_fn()
            loading="Loading the sessions…"
            error_title="Could not load the sessions"
            on_retry=Callback::new(move |_| sessions.refresh())
            let:rows
        >
            {sessions_list(rows, sessions, ws)}
        </Loaded>
    }
    .into_any()
}

/// The sessions: a line when there are none, else the table, which stays mounted while its
/// rows update.
fn sessions_list(
    rows: Derived<Vec<Workbench>>,
    sessions: LiveSessions,
    ws_id: Kept<String>,
) -> impl IntoView {
    let empty = crate::state::memo(move |_| rows.with(Vec::is_empty));
    live(move || {
        if empty.get() {
            view! { <p class="empty">"No sessions yet — start one above."</p> }.into_any()
        } else {
            view! {
                <WorkbenchTable
                    workbenches=rows
                    workspace_id=Signal::derive(move || ws_id.get_value())
                    on_changed=Callback::new(move |_| sessions.changed())
                />
            }
            .into_any()
        }
    })
}

/// The workspace's sessions, on the one poll engine, which keeps the last good list (an error
/// is shown only while there is none): re-fetched every `pollIntervalMs` (with jitter) while
/// any row is still on its way, backing off on errors, paused while the document is hidden,
/// stopped (the request in flight aborted) when the page goes.
#[derive(Clone, Copy)]
struct LiveSessions {
    poll: Poll<Readiness, Vec<Workbench>>,
}

impl LiveSessions {
    fn start(api: ApiClient, workspace_id: String) -> Self {
        let cfg = use_config();
        // No deadline: the table follows its sessions for as long as it is shown.
        let policy = PollPolicy::new(
            u64::from(cfg.poll_interval_ms),
            PollPolicy::MAX_TIMEOUT_MS,
            u64::from(cfg.backoff_max_ms),
        );
        let desktops = Desktops::use_desktops();
        let poll = Poll::fetching(
            policy,
            move |signal| {
                let ws = workspace_id.clone();
                async move { Self::fetch(api, &ws, signal, desktops).await }
            },
            |rows: &Vec<Workbench>| {
                if rows.iter().any(|w| !is_settled(w)) {
                    Readiness::Waiting
                } else {
                    Readiness::Ready
                }
            },
        );
        poll.start();
        Self { poll }
    }

    /// One request of the poll: the list (what the sessions tell is learned on the way), or
    /// the error. The poll keeps either.
    async fn fetch(
        api: ApiClient,
        workspace_id: &str,
        signal: Option<AbortSignal>,
        desktops: Option<Desktops>,
    ) -> Result<Vec<Workbench>, ApiError> {
        let rows = workbenches::list(api, workspace_id, signal.as_ref()).await?;
        // How long this workspace's sessions took to start (for the overlay's estimate).
        start_times::learn(workspace_id, &rows, false);
        // Desktops kept alive of sessions no longer ready go; ready ones can be switched to
        // from a session page.
        if let Some(d) = desktops {
            d.reconcile(workspace_id, &rows);
        }
        Ok(rows)
    }

    /// Re-fetches now and follows the rows again (on Retry).
    fn refresh(self) {
        self.poll.start();
    }

    /// After a stop, start or delete: the same, and once more past CHORUS's list cache (a
    /// deleted session's row is gone from the table already).
    fn changed(self) {
        self.poll.start_past_chorus_cache();
    }
}

/// What the new-session form reads (a context: a chunk's views take no arguments).
#[derive(Clone, Copy)]
pub(crate) struct NewSessionCtx {
    pub workspace: crate::state::Resource<Result<Workspace, ApiError>>,
    pub ws: Kept<String>,
}

/// `Start a new session`: its heading and, for who may start one here, the form, which is in
/// the `wsforms` chunk ([`new_session::NewSessionForm`]; with it, the page waited for the
/// session's start, its desktop's settings and their checks before its heading: issue 58). The
/// chunk is fetched once the page has shown and its sessions' chunk (`after`) is in or did not
/// come, for who may; while it comes, a loading line; when it does not, an alert with `Try
/// again`.
#[component]
fn NewSession(
    workspace: crate::state::Resource<Result<Workspace, ApiError>>,
    ws_id: String,
    after: FormsChunk,
) -> impl IntoView {
    let auth = Auth::use_auth();
    // None while the permissions load (nothing is said yet); then whether the user may start a
    // session in this workspace (CHORUS: `createWorkbench` in it).
    let ws_for_check = ws_id.clone();
    let may_create = crate::state::memo(move |_| {
        auth.permissions_known()
            .then(|| auth.can_in(Perm::CreateWorkbench, &Target::workspace(&ws_for_check)))
    });
    provide_context(NewSessionCtx {
        workspace,
        ws: Kept::new(ws_id),
    });
    let chunk = crate::components::workspace_forms::forms_chunk();
    // After the sessions' chunk (`after`), in or failed: fetched beside it, the form's chunk took
    // half the link while the table came.
    chunk.open_once(move || may_create.get() == Some(true) && (after.ready() || after.failed()));
    view! {
        <section class="new-session card" aria-labelledby="new-session-heading">
            <h2 id="new-session-heading">"Start a new session"</h2>
            {live(move || {
                (may_create.get() == Some(false))
                    .then(|| {
                        view! {
                            <p class="muted">
                                "You may look at the sessions of this workspace, but not start new ones."
                            </p>
                        }
                    })
            })}
            <When when=move || may_create.get() == Some(true)>
                {chunk.part(
                    WorkspaceForms::NEW_SESSION,
                    "Loading the form…",
                    "The form to start a session could not be loaded.",
                    "new-session-form-error",
                    Some("new-session-name"),
                )}
            </When>
        </section>
    }
}
