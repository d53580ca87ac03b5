//! The form to start a session on a workspace's page (`Session name`, `Start session`), in the
//! `wsforms` chunk (pages/lazy.rs): the page shows its section and hands it what it works on
//! ([`NewSessionCtx`]). On success the session's page opens at once.
use crate::components::live::live;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{validate_session_name, NewSessionCtx, MAX_NAME_CHARS};
use crate::api::{ApiClient, ApiError};
use crate::components::error_alert::ErrorAlert;
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::state::activity::Activity;
use crate::state::auth::Auth;
use crate::state::desktops::Desktops;
use crate::state::new_session::start_new_session;
use crate::state::Slot;

/// The new-session form: `Session name` and `Start session`. On success it navigates to the
/// session page at once.
#[component]
pub(crate) fn NewSessionForm() -> impl IntoView {
    let Some(NewSessionCtx {
        workspace,
        ws: ws_id,
    }) = use_context::<NewSessionCtx>()
    else {
        return ().into_any();
    };
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let activity = Activity::use_activity();
    let desktops = Desktops::use_desktops();
    let navigate = use_navigate();
    let name = Slot::new(String::new());
    let name_error = Slot::new(None::<String>);

    // Creates the session the form names and opens its page; a failure shows under the form.
    let failure = Slot::new(None::<ApiError>);
    let create = local_action(move |_: &()| {
        let value = validate_session_name(&name.get_untracked()).unwrap_or_default();
        let ws = ws_id.get_value();
        let tenant_id = workspace
            .get_untracked()
            .and_then(|r| r.ok())
            .map(|w| w.tenant_id)
            .unwrap_or_default();
        let navigate = navigate.clone();
        async move {
            let reply =
                start_new_session(api, activity, auth, desktops, &tenant_id, &ws, &value).await;
            match reply {
                Ok(wb) => {
                    navigate(
                        &crate::routes::session_href(&ws, &wb.id),
                        Default::default(),
                    );
                }
                Err(e) => {
                    let by_field = e
                        .validation_errors()
                        .into_iter()
                        .find(|v| v.field == "name")
                        .map(|v| format!("The name {}.", v.reason.trim_end_matches('.')));
                    if by_field.is_some() {
                        name_error.try_set(by_field);
                        focus_name_input();
                    }
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
        match validate_session_name(&name.get_untracked()) {
            Ok(_) => {
                name_error.set(None);
                create.dispatch_local(());
            }
            Err(msg) => {
                name_error.set(Some(msg));
                focus_name_input();
            }
        }
    };

    view! {
        <crate::components::create_limit::LimitNote words=limit/>
        <form class="inline-form" on:submit=on_submit novalidate=true>
            <div class="field">
                <label for="new-session-name">"Session name"</label>
                <input
                    id="new-session-name"
                    type="text"
                    name="name"
                    required=true
                    maxlength=MAX_NAME_CHARS.to_string()
                    autocomplete="off"
                    aria-invalid=move || name_error.with(Option::is_some).then_some("true")
                    aria-describedby=move || {
                        name_error.with(Option::is_some).then_some("new-session-name-error")
                    }
                    prop:value=move || name.get()
                    on:input=move |ev| {
                        name.set(event_target_value(&ev));
                        name_error.set(None);
                    }
                />
                {live(move || {
                    name_error
                        .get()
                        .map(|m| {
                            view! {
                                <p class="field-error" id="new-session-name-error">{m}</p>
                            }
                        })
                })}
            </div>
            <button type="submit" class="btn btn-primary" disabled=move || pending.get() || at_limit()>
                "Start session"
            </button>
        </form>
        {live(move || {
            failure
                .get()
                .map(|e| view! { <ErrorAlert title="Could not start the session" error=e/> })
        })}
    }
    .into_any()
}

/// Puts the focus in `Session name` (a name refused).
fn focus_name_input() {
    crate::components::focus_by_id("new-session-name");
}
