//! Workspaces as teams run them (ui.md, "new workspace", "workspace settings"): `New workspace`
//! on `/workspaces` for who may `createWorkspace`; `Edit workspace` (every field sent whole, the
//! edit on top of a fresh read: `state::fresh_save`, conflicts in the conflict panel) and
//! `Delete workspace` (after typing its name) on a workspace page for who may there.
//!
//! The buttons are here; the forms they open are in a chunk of their own ([`forms`], the
//! `wsforms` split point of pages/lazy.rs), fetched when the pointer or the focus reaches a
//! button, else on its click: with them, home, the workspaces and a workspace's page waited for
//! the merge of a fresh read, the conflict panel and the forms' actions before their heading
//! (issue 58, docs/measurements.md). Nothing here names [`forms`]: only the split point does,
//! and the pages' chunks hand the buttons its loader ([`WorkspaceForms`], a context; the
//! buttons' side of a chunk of forms is [`FormsChunk`]).
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::lazy_forms::{FormsChunk, WorkspaceForms};
use crate::components::when::When;
use crate::domain::permissions::{Perm, Target};
use crate::domain::workspace::Workspace;
use crate::state::auth::Auth;
use crate::state::{Kept, Slot};

pub(crate) mod forms;

/// What the `New workspace` form reads (a context: the chunk's views take no arguments).
#[derive(Clone, Copy)]
pub(crate) struct NewWorkspaceCtx {
    /// Whether the form is open (its `Cancel` closes it).
    pub open: Slot<bool>,
    /// The platform's workspace limit, in words, when reached.
    pub limit: Signal<Option<String>>,
}

/// What the `Edit workspace` and `Delete workspace` forms read.
#[derive(Clone, Copy)]
pub(crate) struct SettingsCtx {
    pub workspace: crate::state::Resource<Result<Workspace, ApiError>>,
    pub ws: Kept<String>,
    /// Which form is open.
    pub editing: Slot<bool>,
    pub deleting: Slot<bool>,
}

/// The workspace forms' chunk, as the loader the page's chunk provides fetches it (a workspace
/// page's new-session form too:
/// [`WorkspaceForms::NEW_SESSION`](crate::components::lazy_forms::WorkspaceForms::NEW_SESSION)).
pub(crate) fn forms_chunk() -> FormsChunk {
    FormsChunk::new(use_context::<WorkspaceForms>().map(|f| f.0))
}

/// `New workspace` and its form. On success the login is refreshed (the creator is now the
/// workspace's admin: the roles live in the token) and the new workspace opens.
#[component]
pub(crate) fn NewWorkspace() -> impl IntoView {
    let auth = Auth::use_auth();
    let open = Slot::new(false);
    let may = move || auth.can_in(Perm::CreateWorkspace, &Target::global());
    // The platform's workspace limit (CHORUS does not enforce it: components/create_limit.rs).
    let limit = crate::components::create_limit::use_workspace_limit();
    let at_limit = move || limit.with(Option::is_some);
    provide_context(NewWorkspaceCtx { open, limit });
    let chunk = forms_chunk();
    view! {
        <When when=may>
            <crate::components::create_limit::LimitNote words=limit/>
            <When when=move || !open.get()>
                {chunk.opener("New workspace", "btn btn-primary new-workspace-btn",
                    Signal::derive(at_limit), open, "workspace-name")}
                {chunk.failure()}
            </When>
            <When when=move || open.get()>{chunk.form(0)}</When>
        </When>
    }
}

/// `Edit workspace` and `Delete workspace` of one workspace, for who may.
#[component]
pub(crate) fn WorkspaceSettings(
    workspace: crate::state::Resource<Result<Workspace, ApiError>>,
    ws_id: String,
) -> impl IntoView {
    let auth = Auth::use_auth();
    let ws = Kept::new(ws_id);
    let may_edit = move || auth.can_in(Perm::UpdateWorkspace, &Target::workspace(&ws.get_value()));
    let may_delete =
        move || auth.can_in(Perm::DeleteWorkspace, &Target::workspace(&ws.get_value()));
    let editing = Slot::new(false);
    let deleting = Slot::new(false);
    provide_context(SettingsCtx {
        workspace,
        ws,
        editing,
        deleting,
    });
    let chunk = forms_chunk();
    let closed = move || !editing.get() && !deleting.get();
    view! {
        <When when=move || may_edit() && closed()>
            {chunk.opener("Edit workspace", "btn", Signal::stored(false), editing, "workspace-name")}
        </When>
        <When when=move || may_delete() && closed()>
            {chunk.opener("Delete workspace", "btn btn-danger", Signal::stored(false), deleting,
                "delete-workspace-name")}
        </When>
        <When when=closed>{chunk.failure()}</When>
        <When when=move || editing.get()>{chunk.form(1)}</When>
        <When when=move || deleting.get()>{chunk.form(2)}</When>
    }
}
