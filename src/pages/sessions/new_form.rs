//! `New session` on `/sessions` (ui.md, "sessions"): a form with `Workspace` (the user's
//! workspaces where they may `createWorkbench`), `Session name` and `Description`; it creates
//! the session as the workspace page's form does (`state::new_session`: the desktop's initial
//! size, the activity label, the user read again) and opens its page at once. The button is
//! here; the form is in the `wsforms` chunk ([`AnySessionForm`], issue 58), fetched when the
//! pointer or the focus reaches the button.
use crate::components::live::live;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::{ApiClient, ApiError};
use crate::components::error_alert::ErrorAlert;
use crate::components::lazy_forms::{FormsChunk, WorkspaceForms};
use crate::components::loaded::Load;
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::session_list::{check_description, check_name, MAX_NAME_CHARS};
use crate::domain::workspace::Workspace;
use crate::state::activity::Activity;
use crate::state::auth::Auth;
use crate::state::desktops::Desktops;
use crate::state::new_session::{start_described_session, NewSession as Wanted};
use crate::state::Slot;

/// What the form works on, in a context around it: the user's workspaces, and whether it is open.
#[derive(Clone, Copy)]
struct AnySession {
    workspaces: Signal<Load<Vec<Workspace>>>,
    open: Slot<bool>,
}

/// `New session`, and the form it opens once its chunk is in (a click whose fetch failed says so
/// by the button).
#[component]
pub(super) fn NewSession(workspaces: Signal<Load<Vec<Workspace>>>) -> impl IntoView {
    let open = Slot::new(false);
    let chunk = FormsChunk::new(use_context::<WorkspaceForms>().map(|f| f.0));
    provide_context(AnySession { workspaces, open });
    view! {
        <When when=move || !open.get()>
            {chunk.opener("New session", "btn btn-primary", Signal::stored(false), open, "any-session-workspace")}
            {chunk.failure()}
        </When>
        <When when=move || open.get()>
            {chunk.form(WorkspaceForms::ANY_SESSION)}
        </When>
    }
}

/// The form of `New session` ([`AnySession`] around it), from the `wsforms` chunk: the focus goes
/// to its first field.
#[component]
pub(in crate::pages) fn AnySessionForm() -> impl IntoView {
    let AnySession { workspaces, open } = expect_context::<AnySession>();
    request_animation_frame(|| crate::components::focus_by_id("any-session-workspace"));
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let activity = Activity::use_activity();
    let desktops = Desktops::use_desktops();
    let navigate = use_navigate();
    // The workspaces the user may start a session in: (id, tenant, name shown).
    let choices = crate::state::memo(move |_| {
        workspaces.with(|w| {
            w.value()
                .map(|l| crate::state::new_session::startable_workspaces(auth, l))
                .unwrap_or_default()
        })
    });
    let chosen = Slot::new(String::new());
    // The first workspace is chosen until the user picks another.
    crate::state::effect(move |_| {
        let first = choices.with(|c| c.first().map(|c| c.0.clone()));
        let known = choices.with(|c| chosen.with_untracked(|id| c.iter().any(|c| &c.0 == id)));
        if !known {
            chosen.set(first.unwrap_or_default());
        }
    });
    let name = Slot::new(String::new());
    let description = Slot::new(String::new());
    let name_error = Slot::new(None::<String>);
    let failure = Slot::new(None::<ApiError>);

    let create = local_action(move |(name, description): &(String, String)| {
        let (name, description) = (name.clone(), description.clone());
        let ws = chosen.get_untracked();
        let tenant = choices.with_untracked(|c| {
            c.iter()
                .find(|c| c.0 == ws)
                .map(|c| c.1.clone())
                .unwrap_or_default()
        });
        let navigate = navigate.clone();
        async move {
            let new = Wanted {
                tenant_id: &tenant,
                workspace_id: &ws,
                name: &name,
                description: &description,
            };
            match start_described_session(api, activity, auth, desktops, new).await {
                Ok(wb) => navigate(
                    &crate::routes::session_href(&ws, &wb.id),
                    Default::default(),
                ),
                Err(e) => {
                    failure.try_set(Some(e));
                }
            }
        }
    });
    let pending = create.pending();
    // The platform's session limit (CHORUS does not enforce it: components/create_limit.rs).
    let limit = crate::components::create_limit::use_session_limit();
    let at_limit = move || limit.with(Option::is_some);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() || limit.with_untracked(Option::is_some) {
            return;
        }
        failure.set(None);
        let checked = check_name(&name.get_untracked())
            .and_then(|n| check_description(&description.get_untracked()).map(|d| (n, d)));
        match checked {
            Ok(v) if !chosen.get_untracked().is_empty() => {
                name_error.set(None);
                create.dispatch_local(v);
            }
            Ok(_) => name_error.set(Some("Choose a workspace first.".to_owned())),
            Err(m) => {
                name_error.set(Some(m));
                crate::components::focus_by_id("any-session-name");
            }
        }
    };

    view! {
        <crate::components::focus_return::FocusReturn>
        <section class="card workspace-form new-any-session" aria-labelledby="any-session-heading">
            <h2 id="any-session-heading">"New session"</h2>
            <When
                when=move || choices.with(|c| !c.is_empty())
                fallback=move || view! {
                    <p class="muted">
                        {live(move || if workspaces.with(|w| w.value().is_none()) {
                            "Loading your workspaces…"
                        } else {
                            "You may not start sessions in any of your workspaces."
                        })}
                    </p>
                }
            >
                <form novalidate=true on:submit=on_submit>
                    <div class="field">
                        <label for="any-session-workspace">"Workspace"</label>
                        <select id="any-session-workspace"
                            on:change=move |ev| chosen.set(event_target_value(&ev))>
                            {live(move || choices.get().into_iter().map(|(id, _, label)| {
                                let sel = id.clone();
                                view! {
                                    <option value=id selected=move || chosen.with(|c| *c == sel)>{label}</option>
                                }
                            }).collect_view())}
                        </select>
                    </div>
                    <div class="field">
                        <label for="any-session-name">"Session name"</label>
                        <input id="any-session-name" type="text" required=true autocomplete="off"
                            maxlength=MAX_NAME_CHARS.to_string()
                            aria-invalid=move || name_error.with(Option::is_some).then_some("true")
                            aria-describedby=move || name_error.with(Option::is_some).then_some("any-session-error")
                            prop:value=move || name.get()
                            on:input=move |ev| { name.set(event_target_value(&ev)); name_error.set(None); }/>
                        {live(move || name_error.get().map(|m| view! { <p class="field-error" id="any-session-error">{m}</p> }))}
                    </div>
                    <div class="field">
                        <label for="any-session-description">"Description"</label>
                        <textarea id="any-session-description" rows="2"
                            prop:value=move || description.get()
                            on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                    </div>
                    <crate::components::create_limit::LimitNote words=limit/>
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary" disabled=move || pending.get() || at_limit()>
                            "Start session"
                        </button>
                        <button type="button" class="btn" on:click=move |_| open.set(false)>"Cancel"</button>
                    </div>
                </form>
            </When>
            {live(move || failure.get().map(|e| view! { <ErrorAlert title="Could not start the session" error=e/> }))}
        </section>
        </crate::components::focus_return::FocusReturn>
    }
}
