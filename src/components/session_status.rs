//! A session's status in words with its badge, as the workspace page's workbench table says it
//! (ui.md, "workbench table"): `Running`, `Starting` (Progressing), `Failed`, `Stopped` and
//! `Stopping` (a session its user stopped: its phase), `Unknown`; a
//! session the backend reported nothing about (CHORUS's empty status) reads `Starting` until the
//! start timeout counted from its creation, then `Did not start`. Used by the workspace page's
//! table, the home page and the list of all sessions.
use crate::components::live::live;
use leptos::prelude::*;

use crate::domain::workbench::{K8sWorkbenchStatus, Workbench};
use crate::state::Slot;

/// (badge class, icon token, words) of `wb` at `now` (epoch ms on this browser's clock).
pub(crate) fn status_of(
    wb: &Workbench,
    now: i64,
    timeout_ms: i64,
) -> (&'static str, &'static str, &'static str) {
    if wb.reports_no_status() {
        if let Some(created) = wb.created_at_ms() {
            let created = crate::api::client::server_to_local_ms(created);
            return if now - created >= timeout_ms {
                ("badge badge-danger", "not-started", "Did not start")
            } else {
                ("badge badge-info", "starting", "Starting")
            };
        }
    }
    // A stopped session says so, not `Unknown` (its `k8sStatus` is `""` once stopped).
    if let Some((token, words)) = crate::domain::session_list::stop_state(wb) {
        return ("badge badge-neutral", token, words);
    }
    let (class, token) = match wb.k8s_status {
        K8sWorkbenchStatus::Running => ("badge badge-ok", "running"),
        K8sWorkbenchStatus::Progressing => ("badge badge-info", "starting"),
        K8sWorkbenchStatus::Failed => ("badge badge-danger", "failed"),
        K8sWorkbenchStatus::Unreported | K8sWorkbenchStatus::Unknown => {
            ("badge badge-neutral", "unknown")
        }
    };
    (class, token, wb.k8s_status.label())
}

/// A session's status in the words of the admin lists (`/admin/sessions`) and the admin
/// overview's count: stopped or completed by its user (our phase) said so, not `Unknown`.
pub(crate) fn list_words(wb: &Workbench, now: i64, timeout_ms: i64) -> &'static str {
    use crate::domain::workbench::Phase;
    match wb.effective_phase() {
        Phase::Stopped => "Stopped",
        Phase::Stopping => "Stopping",
        Phase::Completed => "Completed",
        _ => status_of(wb, now, timeout_ms).2,
    }
}

/// A session's page, its name and its workspace's name, in words (`Workspace <id>` when the
/// name is not known): what a row of sessions across workspaces shows (home, `/sessions`).
pub(crate) struct SessionWords {
    pub href: String,
    pub name: String,
    pub workspace: String,
}

impl SessionWords {
    pub(crate) fn of(
        wb: &Workbench,
        workspace_names: &std::collections::HashMap<String, String>,
    ) -> Self {
        use crate::domain::text::shown_string;
        Self {
            href: crate::routes::session_href(&wb.workspace_id, &wb.id),
            name: shown_string(&wb.display_name()),
            workspace: match workspace_names.get(&wb.workspace_id) {
                Some(name) => shown_string(name),
                None => format!("Workspace {}", shown_string(&wb.workspace_id)),
            },
        }
    }
}

/// Whether a session will not change by itself (the list stops following it): ready, failed,
/// stopped or completed, or never reported on past the start timeout.
pub(crate) fn is_settled(wb: &Workbench, now: i64, timeout_ms: i64) -> bool {
    wb.is_ready()
        || (wb.is_terminal() && !wb.is_object_stale())
        || status_of(wb, now, timeout_ms).1 == "not-started"
}

/// The start timeout of the runtime configuration, in ms.
pub(crate) fn start_timeout_ms() -> i64 {
    i64::try_from(crate::state::use_config().start_timeout_ms).unwrap_or(i64::MAX)
}

/// The badge of session `wb` (nothing while it is gone); `clock` keeps `Starting` honest. A
/// status this console does not know reads `Unknown`, the value itself in the title for those
/// who look (issue 47). The workspace page's table, the home page and `/sessions` all show it.
#[component]
pub(crate) fn SessionStatus(
    #[prop(into)] wb: Signal<Option<Workbench>>,
    clock: Slot<i64>,
) -> impl IntoView {
    let timeout = start_timeout_ms();
    let shown = move || {
        wb.with(|w| {
            w.as_ref()
                .map(|w| status_of(w, clock.get(), timeout))
                .unwrap_or(("badge badge-neutral", "unknown", "Unknown"))
        })
    };
    let unknown_value = move || {
        wb.with(|w| {
            w.as_ref()
                .filter(|w| w.k8s_status == K8sWorkbenchStatus::Unknown)
                .map(|w| {
                    format!(
                        "The platform reports the status “{}”, which this console does not know.",
                        crate::domain::text::shown_string(&w.k8s_status_wire)
                    )
                })
        })
    };
    view! {
        <span class=move || shown().0 data-status=move || shown().1 title=unknown_value>
            {live(move || shown().2)}
        </span>
    }
}

/// Every session the user can see across workspaces, on the one poll engine: followed every
/// `pollIntervalMs` (with jitter) while any is on its way, backing off on errors, paused while
/// the tab is hidden, stopped with its owner. Its `latest()` keeps the last good list.
pub(crate) fn live_all_sessions(
    api: crate::api::ApiClient,
) -> crate::state::poll::Poll<crate::domain::poll::Readiness, Vec<Workbench>> {
    use crate::domain::poll::{PollPolicy, Readiness};
    let cfg = crate::state::use_config();
    let policy = PollPolicy::new(
        u64::from(cfg.poll_interval_ms),
        PollPolicy::MAX_TIMEOUT_MS,
        u64::from(cfg.backoff_max_ms),
    );
    let timeout = start_timeout_ms();
    let poll = crate::state::poll::Poll::fetching(
        policy,
        move |signal| async move { crate::api::workbenches::list_all(api, signal.as_ref()).await },
        move |rows: &Vec<Workbench>| {
            let now = crate::state::now_ms_i64();
            if rows.iter().all(|w| is_settled(w, now, timeout)) {
                Readiness::Ready
            } else {
                Readiness::Waiting
            }
        },
    );
    poll.start();
    poll
}
