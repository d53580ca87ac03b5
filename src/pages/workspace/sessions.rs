//! A workspace's sessions, live (a workbench table that follows its rows), in the `wsforms`
//! chunk (pages/lazy/forms.rs): the page shows its section and its heading, and hands the part
//! the workspace it lists ([`SessionsCtx`]). With it, a workspace's page waited for the
//! sessions' wire shapes, their poll, the table and its row actions before its heading (108 KB
//! gzip of chunks, estimated with the section left out: issue 58).
use leptos::prelude::*;
use web_sys::AbortSignal;

use crate::api::{workbenches, ApiClient, ApiError};
use crate::components::loaded::Loaded;
use crate::components::workbench_table::{is_settled, WorkbenchTable};
use crate::domain::poll::{PollPolicy, Readiness};
use crate::domain::workbench::Workbench;
use crate::state::desktops::Desktops;
use crate::state::poll::Poll;
use crate::state::{start_times, use_config};

/// What the sessions part reads (a context: a chunk's views take no arguments): the id of the
/// workspace whose sessions it lists.
#[derive(Clone, Copy)]
pub(crate) struct SessionsCtx {
    pub ws: StoredValue<String>,
}

/// The workspace's sessions: `Loading the sessions…`, then a line when there are none, else the
/// table; an error with `Retry` while there is no list (a failed refresh keeps the last one:
/// nothing is said, the next poll follows).
#[component]
pub(crate) fn SessionsPart() -> impl IntoView {
    let Some(SessionsCtx { ws: ws_id }) = use_context::<SessionsCtx>() else {
        return ().into_any();
    };
    let api = ApiClient::use_client();
    let sessions = LiveSessions::start(api, ws_id.get_value());
    view! {
        <Loaded
            state=sessions.poll.latest().loadable()
            loading="Loading the sessions…"
            error_title="Could not load the sessions"
            on_retry=Callback::new(move |_| sessions.refresh())
            let:rows
        >
            {sessions_list(rows, sessions, ws_id)}
        </Loaded>
    }
    .into_any()
}

/// The sessions: a line when there are none, else the table, which stays mounted while its
/// rows update.
fn sessions_list(
    rows: Signal<Vec<Workbench>>,
    sessions: LiveSessions,
    ws_id: StoredValue<String>,
) -> impl IntoView {
    let empty = crate::state::memo(move |_| rows.with(Vec::is_empty));
    move || {
        if empty.get() {
            view! { <p class="empty">"No sessions yet — start one above."</p> }.into_any()
        } else {
            view! {
                <WorkbenchTable
                    workbenches=rows
                    workspace_id=Signal::derive(move || ws_id.get_value())
                    on_changed=Callback::new(move |_| sessions.refresh())
                />
            }
            .into_any()
        }
    }
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

    /// Re-fetches now and follows the rows again (after a stop, start or delete, or on Retry).
    fn refresh(self) {
        self.poll.start();
    }
}
