//! The forms of [`super`], in the `wsforms` chunk (pages/lazy.rs): `New workspace`, `Edit
//! workspace`, `Delete workspace`. Each reads what it works on from its button's context
//! ([`NewWorkspaceCtx`], [`SettingsCtx`]): a chunk's views take no arguments.
use crate::components::live::live;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{NewWorkspaceCtx, SettingsCtx};
use crate::api::{teams, ApiClient, ApiError};
use crate::components::conflict_panel::{take_resolved, ConflictPanel};
use crate::components::error_alert::ErrorAlert;
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::domain::text::bidi_problem_in;
use crate::domain::three_way::{Choice, Merge, Pending};
use crate::domain::workspace::Workspace;
use crate::state::auth::Auth;
use crate::state::desktops::Desktops;
use crate::state::fresh_save::merge_fresh;
use crate::state::resource::PAST_CHORUS_CACHE;
use crate::state::{Kept, Slot};

/// The three fields of a workspace, as typed.
#[derive(Clone, Copy)]
struct Fields {
    name: Slot<String>,
    short_name: Slot<String>,
    description: Slot<String>,
    error: Slot<Option<String>>,
}

impl Fields {
    fn new(w: Option<&Workspace>) -> Self {
        Self {
            name: Slot::new(w.map(|w| w.name.clone()).unwrap_or_default()),
            short_name: Slot::new(w.map(|w| w.short_name.clone()).unwrap_or_default()),
            description: Slot::new(w.map(|w| w.description.clone()).unwrap_or_default()),
            error: Slot::new(None),
        }
    }

    /// The name, trimmed; `None` (and the words under the field) when it is empty, or when it or
    /// the short name holds a bidirectional control (`domain::text`: it would read as something
    /// else).
    fn checked_name(self) -> Option<String> {
        let n = self.name.get_untracked().trim().to_owned();
        let problem = if n.is_empty() {
            Some("Enter a name for the workspace.".to_owned())
        } else {
            bidi_problem_in("The name", &n)
                .or_else(|| bidi_problem_in("The short name", &self.short_name.get_untracked()))
        };
        if let Some(p) = problem {
            self.error.set(Some(p));
            crate::components::focus_by_id("workspace-name");
            None
        } else {
            self.error.set(None);
            Some(n)
        }
    }
}

/// `Name`, `Short name`, `Description`.
fn field_inputs(f: Fields) -> impl IntoView {
    view! {
        <div class="field">
            <label for="workspace-name">"Name"</label>
            <input id="workspace-name" type="text" required=true maxlength="100" autocomplete="off"
                aria-invalid=move || f.error.with(Option::is_some).then_some("true")
                aria-describedby=move || f.error.with(Option::is_some).then_some("workspace-name-error")
                prop:value=move || f.name.get()
                on:input=move |ev| { f.name.set(event_target_value(&ev)); f.error.set(None); }/>
            {live(move || f.error.get().map(|m| view! { <p class="field-error" id="workspace-name-error">{m}</p> }))}
        </div>
        <div class="field">
            <label for="workspace-short-name">"Short name"</label>
            <input id="workspace-short-name" type="text" maxlength="32" autocomplete="off"
                prop:value=move || f.short_name.get()
                on:input=move |ev| f.short_name.set(event_target_value(&ev))/>
        </div>
        <div class="field">
            <label for="workspace-description">"Description"</label>
            <textarea id="workspace-description" rows="2"
                prop:value=move || f.description.get()
                on:input=move |ev| f.description.set(event_target_value(&ev))></textarea>
        </div>
    }
}

/// The `New workspace` form. On success the login is refreshed (the creator is now the
/// workspace's admin: the roles live in the token) and the new workspace opens.
#[component]
pub(crate) fn NewWorkspaceForm() -> impl IntoView {
    let Some(NewWorkspaceCtx { open, limit }) = use_context::<NewWorkspaceCtx>() else {
        return ().into_any();
    };
    let auth = Auth::use_auth();
    let api = ApiClient::use_client();
    let navigate = use_navigate();
    let f = Fields::new(None);
    let failure = Slot::new(None::<ApiError>);
    let create = local_action(move |name: &String| {
        let name = name.clone();
        let navigate = navigate.clone();
        async move {
            failure.try_set(None);
            let short = f.short_name.get_untracked().trim().to_owned();
            let desc = f.description.get_untracked().trim().to_owned();
            match teams::create_workspace(api, &name, &short, &desc).await {
                Ok(w) => {
                    // The new role is in a fresh token (CHORUS also sets one): read it before
                    // the workspace's first page asks for anything.
                    if let Err(e) = auth.refresh().await {
                        leptos::logging::warn!("could not refresh the login: {e}");
                    }
                    navigate(&crate::routes::workspace_href(&w.id), Default::default());
                }
                Err(e) => {
                    failure.try_set(Some(e));
                }
            }
        }
    });
    let pending = create.pending();
    let at_limit = move || limit.with(Option::is_some);
    view! {
        <crate::components::focus_return::FocusReturn>
        <section class="card workspace-form" aria-labelledby="new-workspace-heading">
            <h2 id="new-workspace-heading">"New workspace"</h2>
            <form novalidate=true on:submit=move |ev| {
                ev.prevent_default();
                if at_limit() {
                    return;
                }
                if let Some(n) = f.checked_name() {
                    create.dispatch_local(n);
                }
            }>
                {field_inputs(f)}
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || pending.get() || at_limit()>
                        "Create workspace"
                    </button>
                    <button type="button" class="btn" on:click=move |_| open.set(false)>"Cancel"</button>
                </div>
            </form>
            {live(move || failure.get().map(|e| view! { <ErrorAlert title="Could not create the workspace" error=e/> }))}
        </section>
        </crate::components::focus_return::FocusReturn>
    }
    .into_any()
}

/// The `Edit workspace` form, filled from the workspace as it opens (the base of the merge with
/// a fresh read when saving).
#[component]
pub(crate) fn EditWorkspaceForm() -> impl IntoView {
    let Some(SettingsCtx {
        workspace, editing, ..
    }) = use_context::<SettingsCtx>()
    else {
        return ().into_any();
    };
    let api = ApiClient::use_client();
    // The workspace as the form was opened on it (its fields, and the base of the merge), and a
    // save held back by someone else's change of the same field.
    let opened = workspace.get_untracked().and_then(Result::ok);
    let f = Fields::new(opened.as_ref());
    let failure = Slot::new(None::<(&'static str, ApiError)>);
    let base = Kept::new(opened);
    let pending = Slot::new(None::<Pending<Workspace>>);
    let save = local_action(move |(base, mine): &(Workspace, Workspace)| {
        let (base, mine) = (base.clone(), mine.clone());
        async move {
            failure.try_set(None);
            pending.try_set(None);
            let id = mine.id.clone();
            let w = match merge_fresh(&base, &mine, PAST_CHORUS_CACHE, || {
                crate::api::workspaces::get(api, &id)
            })
            .await
            {
                Ok(Merge::Send(w)) => w,
                Ok(Merge::Conflicts(p)) => {
                    pending.try_set(Some(p));
                    return;
                }
                Err(e) => {
                    failure.try_set(Some((
                        "Could not read the workspace again before saving",
                        e,
                    )));
                    return;
                }
            };
            match teams::update_workspace(api, &w).await {
                Ok(saved) => {
                    editing.try_set(false);
                    // The reply is the workspace as stored. CHORUS serves `GET /workspaces/{id}`
                    // from a cache for a second after an update (seen on 0978bc77: the old
                    // settings 0.3 s after the PUT), and a form filled from that copy would send
                    // them back: the reply now, the backend's copy once the cache has let go
                    // (the workspace is the page's: this form is gone by then).
                    workspace.try_set(Some(Ok(saved)));
                    crate::state::timer::sleep(PAST_CHORUS_CACHE).await;
                    workspace.refetch();
                }
                Err(e) => {
                    failure.try_set(Some(("Could not save the workspace", e)));
                }
            }
        }
    });
    let resolve = Callback::new(move |choices: Vec<(String, Choice)>| {
        if let Some((theirs, mine)) = take_resolved(pending, &choices) {
            save.dispatch_local((theirs, mine));
        }
    });
    let saving = save.pending();
    view! {
        <crate::components::focus_return::FocusReturn>
        <section class="card workspace-form" aria-labelledby="edit-workspace-heading">
            <h2 id="edit-workspace-heading">"Edit workspace"</h2>
            <form novalidate=true on:submit=move |ev| {
                ev.prevent_default();
                let (Some(n), Some(b)) = (f.checked_name(), base.get_value()) else {
                    return;
                };
                let mut mine = b.clone();
                mine.name = n;
                mine.short_name = f.short_name.get_untracked().trim().to_owned();
                mine.description = f.description.get_untracked().trim().to_owned();
                save.dispatch_local((b, mine));
            }>
                {field_inputs(f)}
                {live(move || pending.get().map(|p| view! {
                    <ConflictPanel id="edit-workspace-conflict" what="this workspace"
                        conflicts=p.conflicts on_resolve=resolve/>
                }))}
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || saving.get()>"Save"</button>
                    <button type="button" class="btn" on:click=move |_| editing.set(false)>"Cancel"</button>
                </div>
            </form>
        </section>
        </crate::components::focus_return::FocusReturn>
        {live(move || failure.get().map(|(t, e)| view! { <ErrorAlert title=t error=e/> }))}
    }
    .into_any()
}

/// The `Delete workspace` form: the workspace goes once its name is typed.
#[component]
pub(crate) fn DeleteWorkspaceForm() -> impl IntoView {
    let Some(SettingsCtx {
        workspace,
        ws,
        deleting,
        ..
    }) = use_context::<SettingsCtx>()
    else {
        return ().into_any();
    };
    let auth = Auth::use_auth();
    let api = ApiClient::use_client();
    let navigate = use_navigate();
    let loaded = move || workspace.get().and_then(Result::ok);
    let typed = Slot::new(String::new());
    let failure = Slot::new(None::<ApiError>);
    let delete = local_action(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            failure.try_set(None);
            let id = ws.try_get_value().unwrap_or_default();
            match teams::delete_workspace(api, &id).await {
                Ok(()) => {
                    // Its desktops go at once; the list forgets it (it is loaded again).
                    if let Some(d) = Desktops::use_desktops() {
                        d.reconcile(&id, &[]);
                    }
                    let _ = auth.refresh().await;
                    navigate("/workspaces", Default::default());
                }
                Err(e) => {
                    failure.try_set(Some(e));
                }
            }
        }
    });
    let removing = delete.pending();
    let name_matches =
        move || loaded().is_some_and(|w| !w.name.is_empty() && typed.get().trim() == w.name.trim());
    view! {
        <crate::components::focus_return::FocusReturn>
        <section class="card workspace-form danger-zone" role="alertdialog"
            aria-labelledby="delete-workspace-heading" aria-describedby="delete-workspace-desc">
            <h2 id="delete-workspace-heading">"Delete workspace"</h2>
            <p id="delete-workspace-desc">
                "This deletes the workspace and every session in it, for everyone. Type its name, "
                <strong>{live(move || loaded().map(|w| w.name).unwrap_or_default())}</strong>
                ", to confirm."
            </p>
            <form on:submit=move |ev| {
                ev.prevent_default();
                if name_matches() {
                    delete.dispatch_local(());
                }
            }>
                <div class="field">
                    <label for="delete-workspace-name">"Workspace name"</label>
                    <input id="delete-workspace-name" type="text" autocomplete="off"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))/>
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-danger"
                        disabled=move || removing.get() || !name_matches()>"Delete workspace"</button>
                    <button type="button" class="btn" on:click=move |_| deleting.set(false)>"Cancel"</button>
                </div>
            </form>
        </section>
        </crate::components::focus_return::FocusReturn>
        {live(move || failure.get().map(|e| view! { <ErrorAlert title="Could not delete the workspace" error=e/> }))}
    }
    .into_any()
}
