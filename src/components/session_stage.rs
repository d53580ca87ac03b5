//! [`SessionStage`]: a session page's work area, the desktop (kept alive in the pool, or a frame
//! of its own without one) with the loading overlay over it, both fed by the shared status.
use leptos::prelude::*;

use crate::components::background_iframe::BackgroundIframe;
use crate::components::desktop_layer::DesktopSlot;
use crate::components::session_overlay::SessionOverlay;
use crate::components::start_new_session::use_start_new_session;
use crate::domain::estimate::Estimate;
use crate::state::desktops::Desktops;
use crate::state::workbench_status::{StatusSummary, WorkbenchStatus};
use crate::state::Slot;

/// The work area of a session page: the iframe (only while Running) with the overlay over it
/// until the frame has loaded, both fed by the shared poller.
#[component]
pub fn SessionStage(
    /// The shared status of the session (`use_workbench_status`).
    status: WorkbenchStatus,
    /// Where "Back to the workspace" goes.
    #[prop(into)]
    back_href: String,
    /// How long starts usually take in this workspace.
    #[prop(default = None)]
    estimate: Option<Estimate>,
) -> impl IntoView {
    let desktops = Desktops::use_desktops();
    // A desktop kept alive while the user was elsewhere has loaded already.
    let loaded = Slot::new(desktops.is_some_and(|d| d.is_warm_untracked(&status.id())));
    let start_new = use_start_new_session(status);
    // Stopped, failed or gone: its desktop leaves the pool.
    let gone = Signal::derive(move || {
        status.summary.with(|s| {
            matches!(
                s,
                StatusSummary::Failed
                    | StatusSummary::Stopped
                    | StatusSummary::NotFound
                    | StatusSummary::NoAccess
            )
        })
    });
    let frame = match desktops {
        Some(desktops) => view! {
            <DesktopSlot
                desktops=desktops
                id=status.id()
                workbench=status.workbench
                gone=gone
                loaded=loaded
            />
        }
        .into_any(),
        None => view! { <BackgroundIframe workbench=status.workbench loaded=loaded/> }.into_any(),
    };
    let action_error =
        Signal::derive(move || start_new.error.get().or_else(|| status.action_error.get()));
    view! {
        <div class="session-stage">
            {frame}
            <SessionOverlay
                workbench=status.workbench
                summary=status.summary
                frame_loaded=loaded
                started_at_ms=status.started_at_ms
                on_retry=Callback::new(move |_| status.retry())
                back_href=back_href
                timeout_ms=status.timeout_ms
                action_error=action_error
                estimate=estimate
                pod_failing_since_ms=status.pod_failing_since_ms
                on_start_new=start_new.offer
                start_new_pending=start_new.pending
                on_delete=start_new.delete
                deleting=start_new.deleting
                access_wait=status.access_wait
            />
        </div>
    }
}
