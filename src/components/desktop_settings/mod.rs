//! The desktop's own settings in the session bar (ui.md, "The desktop's own settings"):
//! `Desktop settings` opens a panel (a modal dialog: Escape closes it, the focus goes into its
//! first field and back to its button, Tab stays inside) with the researcher's choices and the
//! workspace's policy in words; `Reconnect` reloads this desktop alone; and the bar says when the
//! workspace's policy changed under a desktop that runs. Nothing reconnects by itself.
//!
//! The button is here; the dialog it opens is in the `sessparts` chunk ([`dialog`], issue 58),
//! fetched when the pointer or the focus reaches the button, else on its click
//! ([`FormsChunk`]). Nothing here names [`dialog`]: only the split point does.
use leptos::prelude::*;

use crate::components::focus_by_id;
use crate::components::lazy_forms::{FormsChunk, SessionForms};
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::desktop_settings::{policy_differs, DesktopFrame};
use crate::state::desktop_tuning::DesktopTuning;
use crate::state::desktops::Desktops;
use crate::state::{Kept, Slot};

pub(crate) mod dialog;

const TOGGLE_ID: &str = "desktop-settings-toggle";

/// The desktop of session `id` runs with another frame than the settings and the policy would
/// give now: `(applied, wanted)` (tracked).
pub(crate) fn difference(
    desktops: Desktops,
    tuning: DesktopTuning,
    id: &str,
) -> Option<(DesktopFrame, DesktopFrame)> {
    let applied = desktops.frame(id)?;
    let wanted = tuning.wanted()?;
    (applied != wanted).then_some((applied, wanted))
}

/// What the dialog works on (a context: the chunk's views take no arguments).
#[derive(Clone, Copy)]
pub(crate) struct DialogCtx {
    pub tuning: DesktopTuning,
    pub desktops: Desktops,
    /// The session id.
    pub id: Kept<String>,
    /// Closes the dialog (the focus goes back to its button).
    pub on_close: Callback<()>,
}

/// `Desktop settings` and `Reconnect`, for the session bar's actions (nothing without the
/// session page's settings or the desktop pool).
#[component]
pub fn DesktopControls(
    /// The session id.
    id: String,
) -> impl IntoView {
    let (Some(tuning), Some(desktops)) = (DesktopTuning::use_tuning(), Desktops::use_desktops())
    else {
        return ().into_any();
    };
    let id = Kept::new(id);
    let open = Slot::new(false);
    let alive = move || desktops.frame(&id.get_value()).is_some();
    let close = move || {
        open.set(false);
        request_animation_frame(|| focus_by_id(TOGGLE_ID));
    };
    provide_context(DialogCtx {
        tuning,
        desktops,
        id,
        on_close: Callback::new(move |_| close()),
    });
    let chunk = FormsChunk::new(use_context::<SessionForms>().map(|f| f.0));
    view! {
        <span class="share">
            <button type="button" class="btn btn-small" id=TOGGLE_ID
                aria-haspopup="dialog"
                aria-expanded=move || open.get().to_string()
                on:pointerover=move |_| chunk.prefetch()
                on:focus=move |_| chunk.prefetch()
                on:click=move |_| chunk.open(move || open.set(true))>
                "Desktop settings"
            </button>
            {chunk.failure()}
        </span>
        <When when=alive>
            <button type="button" class="btn btn-small"
                disabled=move || tuning.reconnecting()
                title="Load this desktop again (the other desktops stay as they are)"
                on:click=move |_| tuning.reconnect(desktops)>
                "Reconnect"
            </button>
        </When>
        <When when=move || open.get()>{chunk.form(SessionForms::DESKTOP)}</When>
    }
    .into_any()
}

/// Under the session bar: the workspace's policy changed since this desktop connected.
#[component]
pub fn DesktopPolicyNotice(
    /// The session id.
    id: String,
) -> impl IntoView {
    let (Some(tuning), Some(desktops)) = (DesktopTuning::use_tuning(), Desktops::use_desktops())
    else {
        return ().into_any();
    };
    let changed =
        move || difference(desktops, tuning, &id).is_some_and(|(a, w)| policy_differs(&a, &w));
    view! {
        <When when=changed>
            <p class="alert alert-warn desktop-policy-notice" role="status" data-testid="desktop-policy-notice">
                "The workspace's clipboard setting changed: it applies when the desktop reconnects. "
                <button type="button" class="btn btn-small"
                    disabled=move || tuning.reconnecting()
                    on:click=move |_| tuning.reconnect(desktops)>
                    "Reconnect now"
                </button>
            </p>
        </When>
    }
    .into_any()
}
