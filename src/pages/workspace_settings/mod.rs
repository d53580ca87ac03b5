//! `/workspaces/:workspaceId/settings` (ui.md, "workspace settings page"), for whoever may
//! `updateWorkspace` there (a workspace's own admin or maintainer, not only platform roles;
//! others see `No access`): tabs `General` (`general.rs`), `Security` (`security.rs`),
//! `Visibility` (`visibility.rs`) over one form (`form.rs`) and one `Save` (`save.rs`) that sends
//! every field of the workspace and keeps the about text and the cover where chorus-web-ui keeps
//! them (the dev store's workspace keys `config` and `image`), so both show the same.
use crate::components::live::live;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::devstore::{self, Scope};
use crate::api::{workspaces, ApiClient, ApiError};
use crate::components::conflict_panel::{take_resolved, ConflictPanel};
use crate::components::error_alert::ErrorAlert;
use crate::components::loaded::{from_resource, Loaded};
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::permissions::{Perm, Target};
use crate::domain::text::shown_string;
use crate::domain::three_way::Choice;
use crate::state::auth::Auth;
use crate::state::{Kept, Slot};

mod form;
mod general;
mod save;
mod security;
mod visibility;

use form::{Form, Stored, Tab};
use save::{Said, Saver};

#[component]
pub fn WorkspaceSettingsPage() -> impl IntoView {
    let params = use_params_map();
    let workspace_id =
        crate::state::memo(move |_| params.with(|p| p.get("workspaceId").unwrap_or_default()));
    let auth = Auth::use_auth();
    let allowed = crate::state::memo(move |_| {
        let id = workspace_id.get();
        auth.grants()
            .map(|g| g.can_in(Perm::UpdateWorkspace, &Target::workspace(&id)))
    });
    view! {
        <main class="page workspace-settings-page" id="main">
            {live(move || match allowed.get() {
                None => view! { <crate::components::loading::Loading label="Checking your permissions…"/> }.into_any(),
                Some(false) => view! {
                    <section class="no-access" aria-labelledby="no-access-title">
                        <h1 id="no-access-title">"No access"</h1>
                        <p>"You may not change this workspace's settings (permission updateWorkspace). Ask one of its administrators."</p>
                        <p><a href=crate::routes::workspace_href(&workspace_id.get_untracked())>"Back to the workspace"</a></p>
                    </section>
                }.into_any(),
                Some(true) => {
                    let id = workspace_id.get();
                    view! { <SettingsView workspace_id=id/> }.into_any()
                }
            })}
        </main>
    }
}

/// The settings of one workspace (re-created when the route's id changes).
#[component]
fn SettingsView(workspace_id: String) -> impl IntoView {
    let api = ApiClient::use_client();
    let ws_id = Kept::new(workspace_id);
    let stored = crate::state::resource(move || {
        let ws = ws_id.try_get_value().unwrap_or_default();
        async move {
            let workspace = workspaces::get(api, &ws).await?;
            let entries = devstore::list(api, &Scope::Workspace(ws.clone())).await;
            Ok::<_, ApiError>(Stored { workspace, entries })
        }
    });
    crate::state::page_title::name_workspace(move || {
        let w = stored.get().and_then(Result::ok)?.workspace;
        Some((w.id.clone(), w.display_name()))
    });
    let form = Form::new();
    let tab = Slot::new(Tab::General);
    let said = Slot::new(Said::default());
    // The form is filled from what is stored when it first arrives and after a whole save;
    // never over what is being typed otherwise.
    let refill = Slot::new(true);
    // The last settings read (a failed re-read keeps them: the form never goes away under
    // what is typed).
    let last = Slot::new(None::<Stored>);
    let base = Slot::new(None);
    crate::state::effect(move |_| {
        if let Some(Ok(s)) = stored.get() {
            if refill.get_untracked() {
                refill.set(false);
                form.fill(&s);
                base.set(Some(save::record_of(&s)));
            }
            last.set(Some(s));
        }
    });
    let pending = Slot::new(None);
    let current = Signal::from(last);
    let saver = Saver {
        api,
        ws_id,
        form,
        stored,
        tab,
        said,
        refill,
        base,
        pending,
    };
    let save = local_action(move |job: &save::Job| {
        let job = job.clone();
        async move { saver.save(job).await }
    });
    // The user's choices over a held-back save: saved again, the fresh copy as its base.
    let resolve = Callback::new(move |choices: Vec<(String, Choice)>| {
        let Some(s) = last.get_untracked() else {
            return;
        };
        if let Some((theirs, mine)) = take_resolved(pending, &choices) {
            save.dispatch_local((s, theirs, mine));
        }
    });
    let saving = save.pending();
    let name = live(move || match stored.get() {
        Some(Ok(s)) => shown_string(&s.workspace.display_name()),
        _ => "the workspace".to_owned(),
    });
    view! {
        <p class="breadcrumb">
            <a href=move || crate::routes::workspace_href(&ws_id.get_value())>{name}</a>
        </p>
        <h1>"Workspace settings"</h1>
        <Loaded
            state=from_resource(stored)
            loading="Loading the settings…"
            error_title="Could not load this workspace's settings"
            on_retry=Callback::new(move |_| stored.refetch())
            let:_s
        >
            {live(move || ())}
        </Loaded>
        <When when=move || current.with(Option::is_some)>
            <form class="settings-form" novalidate=true on:submit=move |ev| {
                ev.prevent_default();
                if saving.get_untracked() {
                    return;
                }
                if let Some(pair) = saver.checked(last.get_untracked()) {
                    save.dispatch_local(pair);
                }
            }>
                {tab_list(tab)}
                <div role="tabpanel" id="ws-panel-general" aria-labelledby="ws-tab-general" class="settings-panel"
                    hidden=move || tab.get() != Tab::General>
                    <general::General form=form stored=current/>
                </div>
                <div role="tabpanel" id="ws-panel-security" aria-labelledby="ws-tab-security" class="settings-panel"
                    hidden=move || tab.get() != Tab::Security>
                    <security::Security form=form stored=current/>
                </div>
                <div role="tabpanel" id="ws-panel-visibility" aria-labelledby="ws-tab-visibility" class="settings-panel"
                    hidden=move || tab.get() != Tab::Visibility>
                    <visibility::VisibilityTab form=form ws_id=ws_id/>
                </div>
                <div class="form-actions settings-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || saving.get()>"Save"</button>
                    <When when=move || saving.get()>
                        <span class="muted" role="status">"Saving…"</span>
                    </When>
                </div>
                {live(move || pending.get().map(|p| view! {
                    <ConflictPanel id="ws-conflict" what="this workspace's settings"
                        conflicts=p.conflicts on_resolve=resolve/>
                }))}
                {live(move || said.get().done.map(|d| view! { <p class="alert alert-ok" role="status">{d}</p> }))}
                {live(move || said.get().failed.into_iter().map(|(t, e)| view! { <ErrorAlert title=t error=e/> }).collect_view())}
            </form>
        </When>
    }
}

/// The tab buttons (`role="tab"`; the arrow keys, Home and End move between them).
fn tab_list(tab: Slot<Tab>) -> impl IntoView {
    let go = move |t: Tab| {
        tab.set(t);
        crate::components::focus_by_id(&format!("ws-tab-{}", t.id()));
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let i = Tab::ALL
            .iter()
            .position(|t| *t == tab.get_untracked())
            .unwrap_or(0);
        let n = Tab::ALL.len();
        let next = match ev.key().as_str() {
            "ArrowRight" => (i + 1) % n,
            "ArrowLeft" => (i + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return,
        };
        ev.prevent_default();
        go(Tab::ALL[next]);
    };
    view! {
        <div class="settings-tabs" role="tablist" aria-label="Settings" on:keydown=on_key>
            {Tab::ALL.into_iter().map(|t| {
                let selected = move || tab.get() == t;
                view! {
                    <button type="button" role="tab" class="settings-tab" id=format!("ws-tab-{}", t.id())
                        aria-controls=format!("ws-panel-{}", t.id())
                        aria-selected=move || selected().to_string()
                        tabindex=move || if selected() { "0" } else { "-1" }
                        on:click=move |_| tab.set(t)>
                        {t.label()}
                    </button>
                }
            }).collect_view()}
        </div>
    }
}
