//! `Edit session` in the session bar (ui.md, "session edit"), for who may `updateWorkbench` on
//! the session: `Session name`, `Description`, `Save` → `PUT /workbenches` (CHORUS writes only
//! the name, short name and description). The page's status takes the saved session from the
//! reply and reads it again past CHORUS's one-second session cache, so the bar and the header
//! show the new name (`WorkbenchStatus::saved`). A save reads the session again first (past that
//! cache too) and puts the fields changed here on top (`state::fresh_save`); a field someone
//! else changed too waits for the user's choice (the conflict panel).
//!
//! The button is here; the form it opens is in the `sessparts` chunk ([`panel`], issue 58),
//! fetched when the pointer or the focus reaches the button, else on its click
//! ([`FormsChunk`]). Nothing here names [`panel`]: only the split point does.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::lazy_forms::{FormsChunk, SessionForms};
use crate::components::when::When;
use crate::domain::permissions::{Perm, Target};
use crate::domain::session_list::SessionText;
use crate::domain::three_way::Pending;
use crate::domain::workbench::Workbench;
use crate::state::auth::Auth;
use crate::state::{Kept, Slot};

pub(crate) mod panel;

/// What the form works on and keeps while it is closed (a context: the chunk's views take no
/// arguments).
#[derive(Clone, Copy)]
pub(crate) struct EditCtx {
    /// The session as the page knows it.
    pub workbench: Signal<Option<Workbench>>,
    /// After a save, with the session as the save's reply has it.
    pub on_saved: Callback<Workbench>,
    pub open: Slot<bool>,
    /// The fields as typed.
    pub name: Slot<String>,
    pub description: Slot<String>,
    /// What is wrong with the name or the description, in words.
    pub problem: Slot<Option<String>>,
    pub failure: Slot<Option<ApiError>>,
    /// `Saved.`, said by the button once the form has closed.
    pub said: Slot<Option<String>>,
    /// The session's text as the form opened on it (the base of the merge), and a save held back.
    pub base: Kept<Option<SessionText>>,
    pub held: Slot<Option<Pending<SessionText>>>,
}

#[component]
pub(crate) fn EditSession(
    /// The session as the page knows it.
    workbench: Signal<Option<Workbench>>,
    /// After a save, with the session as the save's reply has it.
    on_saved: Callback<Workbench>,
) -> impl IntoView {
    let auth = Auth::use_auth();
    let may = move || {
        workbench.with(|w| {
            w.as_ref().is_some_and(|w| {
                auth.can_in(
                    Perm::UpdateWorkbench,
                    &Target::workbench(&w.workspace_id, &w.id),
                )
            })
        })
    };
    let ctx = EditCtx {
        workbench,
        on_saved,
        open: Slot::new(false),
        name: Slot::new(String::new()),
        description: Slot::new(String::new()),
        problem: Slot::new(None),
        failure: Slot::new(None),
        said: Slot::new(None),
        base: Kept::new(None),
        held: Slot::new(None),
    };
    provide_context(ctx);
    let EditCtx { open, said, .. } = ctx;
    // The form starts from the session as it is when opened.
    let fill = move || {
        workbench.with_untracked(|w| {
            if let Some(w) = w {
                ctx.name.set(w.name.clone());
                ctx.description
                    .set(w.description.clone().unwrap_or_default());
                ctx.base.set_value(Some(SessionText::of(w)));
            }
        });
        ctx.held.set(None);
        ctx.problem.set(None);
        ctx.failure.set(None);
        said.set(None);
    };
    let chunk = FormsChunk::new(use_context::<SessionForms>().map(|f| f.0));
    view! {
        <When when=may>
            <div class="share edit-session">
                {chunk.toggle("edit-session-toggle", "edit-session-panel", "Edit session", open, move || {
                    fill();
                    request_animation_frame(|| crate::components::focus_by_id("edit-session-name"));
                })}
                {chunk.failure()}
                <When when=move || open.get()>{chunk.form(SessionForms::EDIT)}</When>
                {live(move || said.get().filter(|_| !open.get()).map(|s| view! {
                    <span class="visually-hidden" role="status">{s}</span>
                }))}
            </div>
        </When>
    }
}
