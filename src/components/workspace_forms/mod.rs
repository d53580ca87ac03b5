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
//! and the pages' chunks hand the buttons its loader ([`Forms`], a context).
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::when::When;
use crate::domain::permissions::{Perm, Target};
use crate::domain::workspace::Workspace;
use crate::state::auth::Auth;

pub(crate) mod forms;

/// The forms by number (0 `New workspace`, 1 `Edit workspace`, 2 `Delete workspace`), built in
/// their chunk.
pub(crate) type FormViews = fn(usize) -> AnyView;

/// Fetches the forms' chunk; `None` when it did not come.
pub(crate) type FormsLoader =
    fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<FormViews>>>>;

/// The forms' loader, provided by the chunks of the pages with these buttons
/// (`pages::lazy::workspace_forms`: a split point is the pages' to name). Without it a button
/// says that its form could not be loaded.
#[derive(Clone, Copy)]
pub(crate) struct Forms(pub FormsLoader);

/// What the `New workspace` form reads (a context: the chunk's views take no arguments).
#[derive(Clone, Copy)]
pub(crate) struct NewWorkspaceCtx {
    /// Whether the form is open (its `Cancel` closes it).
    pub open: RwSignal<bool>,
    /// The platform's workspace limit, in words, when reached.
    pub limit: Signal<Option<String>>,
}

/// What the `Edit workspace` and `Delete workspace` forms read.
#[derive(Clone, Copy)]
pub(crate) struct SettingsCtx {
    pub workspace: crate::state::Resource<Result<Workspace, ApiError>>,
    pub ws: StoredValue<String>,
    /// Which form is open.
    pub editing: RwSignal<bool>,
    pub deleting: RwSignal<bool>,
}

/// The forms' chunk: fetched once, when the pointer or the focus reaches a button that opens one
/// (most often before the click), else on the click; a click whose fetch fails says so.
#[derive(Clone, Copy)]
struct FormsChunk {
    load: Option<FormsLoader>,
    forms: RwSignal<Option<FormViews>>,
    failed: RwSignal<bool>,
}

impl FormsChunk {
    fn new() -> Self {
        Self {
            load: use_context::<Forms>().map(|f| f.0),
            forms: RwSignal::new(None),
            failed: RwSignal::new(false),
        }
    }

    /// Fetches the chunk if it is not in yet, then runs `then` (a click: `then` opens the form).
    fn fetch(self, then: Option<Box<dyn FnOnce()>>) {
        if self.forms.get_untracked().is_some() {
            if let Some(then) = then {
                then();
            }
            return;
        }
        leptos::task::spawn_local(async move {
            let forms = match self.load {
                Some(load) => load().await,
                None => None,
            };
            match forms {
                Some(forms) => {
                    self.forms.try_set(Some(forms));
                    self.failed.try_set(false);
                    if let Some(then) = then {
                        then();
                    }
                }
                // Only a click says so (a prefetch that failed is tried again by the click).
                None if then.is_some() => {
                    self.failed.try_set(true);
                }
                None => {}
            }
        });
    }

    fn prefetch(self) {
        self.fetch(None);
    }

    fn open(self, then: impl FnOnce() + 'static) {
        self.fetch(Some(Box::new(then)));
    }

    /// The button that opens a form: the pointer or the focus on it fetches the chunk, the click
    /// sets `open` once it is in and focuses the form's `field`.
    fn opener(
        self,
        label: &'static str,
        class: &'static str,
        disabled: Signal<bool>,
        open: RwSignal<bool>,
        field: &'static str,
    ) -> impl IntoView {
        view! {
            <button type="button" class=class disabled=move || disabled.get()
                on:pointerover=move |_| self.prefetch()
                on:focus=move |_| self.prefetch()
                on:click=move |_| self.open(move || {
                    open.set(true);
                    crate::components::focus_by_id(field);
                })>
                {label}
            </button>
        }
    }

    /// Form number `n` of the chunk (nothing until it is in).
    fn form(self, n: usize) -> impl IntoView {
        move || self.forms.get().map(|forms| forms(n))
    }

    /// What a click says when the chunk did not come.
    fn failure(self) -> impl IntoView {
        move || {
            self.failed.get().then(|| {
                view! {
                    <p class="alert alert-error form-chunk-error" role="alert" data-testid="form-chunk-error">
                        "This form could not be loaded. Check your connection, then try again."
                    </p>
                }
            })
        }
    }
}

/// `New workspace` and its form. On success the login is refreshed (the creator is now the
/// workspace's admin: the roles live in the token) and the new workspace opens.
#[component]
pub(crate) fn NewWorkspace() -> impl IntoView {
    let auth = Auth::use_auth();
    let open = RwSignal::new(false);
    let may = move || auth.can_in(Perm::CreateWorkspace, &Target::global());
    // The platform's workspace limit (CHORUS does not enforce it: components/create_limit.rs).
    let limit = crate::components::create_limit::use_workspace_limit();
    let at_limit = move || limit.with(Option::is_some);
    provide_context(NewWorkspaceCtx { open, limit });
    let chunk = FormsChunk::new();
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
    let ws = StoredValue::new(ws_id);
    let may_edit = move || auth.can_in(Perm::UpdateWorkspace, &Target::workspace(&ws.get_value()));
    let may_delete =
        move || auth.can_in(Perm::DeleteWorkspace, &Target::workspace(&ws.get_value()));
    let editing = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    provide_context(SettingsCtx {
        workspace,
        ws,
        editing,
        deleting,
    });
    let chunk = FormsChunk::new();
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
