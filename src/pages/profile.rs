//! `/profile` (ui.md, "profile"): the signed-in user's own account, through CHORUS's
//! self-service calls (api.md, "User self-service"): `Change password` (CHORUS's rule said
//! before anything is sent, `domain::password`), and `Two-factor sign-in`: set up (the password,
//! then a new secret as a QR code and as text, then a code from the app turns it on) or, when
//! on, turn off (CHORUS has no call for that: a new secret with the password leaves it off).
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{account, ApiClient, ApiError};
use crate::components::error_alert::ErrorAlert;
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::domain::password;
use crate::state::auth::Auth;
use crate::state::Slot;

use two_factor::TwoFactor;

mod recovery_codes;
mod two_factor;

/// A refusal of a password or code the user typed (401 `INVALID_CREDENTIALS`).
fn is_wrong_credentials(e: &ApiError) -> bool {
    e.status() == Some(401)
}

#[component]
pub(crate) fn ProfilePage() -> impl IntoView {
    let auth = Auth::use_auth();
    let name = live(move || {
        auth.user
            .with(|u| u.as_ref().map(|u| u.display_name()).unwrap_or_default())
    });
    let username = live(move || {
        auth.user
            .with(|u| u.as_ref().map(|u| u.username.clone()).unwrap_or_default())
    });
    view! {
        <main class="page page-narrow profile-page" id="main">
            <h1>"Your account"</h1>
            <p class="muted">{name} " (" {username} ")"</p>
            <ChangePassword/>
            <TwoFactor/>
        </main>
    }
}

#[component]
fn ChangePassword() -> impl IntoView {
    let api = ApiClient::use_client();
    let current = Slot::new(String::new());
    let new = Slot::new(String::new());
    let repeat = Slot::new(String::new());
    let problems = Slot::new(Vec::<String>::new());
    let error = Slot::new(None::<ApiError>);
    let done = Slot::new(false);
    let change = local_action(move |(c, n): &(String, String)| {
        let (c, n) = (c.clone(), n.clone());
        async move {
            match account::change_password(api, &c, &n).await {
                Ok(()) => {
                    done.set(true);
                    current.set(String::new());
                    new.set(String::new());
                    repeat.set(String::new());
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let pending = change.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        error.set(None);
        let (c, n, r) = (
            current.get_untracked(),
            new.get_untracked(),
            repeat.get_untracked(),
        );
        let found = password::change_problems(&c, &n, &r);
        let ok = found.is_empty();
        problems.set(found);
        if ok {
            change.dispatch_local((c, n));
        }
    };
    let invalid = move || (!problems.with(Vec::is_empty)).then_some("true");
    view! {
        <section class="card profile-section" aria-labelledby="password-heading">
            <h2 id="password-heading">"Change password"</h2>
            <form class="form" on:submit=submit aria-labelledby="password-heading">
                <div class="field">
                    <label for="pw-current">"Current password"</label>
                    <input id="pw-current" type="password" autocomplete="current-password"
                        prop:value=move || current.get()
                        on:input=move |ev| current.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="pw-new">"New password"</label>
                    <input id="pw-new" type="password" autocomplete="new-password"
                        aria-describedby="pw-rule pw-problems" aria-invalid=invalid
                        prop:value=move || new.get()
                        on:input=move |ev| new.set(event_target_value(&ev))/>
                    <p class="field-hint muted" id="pw-rule">{crate::domain::password::RULE}</p>
                </div>
                <div class="field">
                    <label for="pw-repeat">"Repeat new password"</label>
                    <input id="pw-repeat" type="password" autocomplete="new-password"
                        aria-describedby="pw-problems" aria-invalid=invalid
                        prop:value=move || repeat.get()
                        on:input=move |ev| repeat.set(event_target_value(&ev))/>
                </div>
                <div id="pw-problems">
                    {live(move || (!problems.with(Vec::is_empty)).then(|| view! {
                        <div class="alert alert-error" role="alert">
                            <p class="alert-title">"The password was not changed:"</p>
                            <ul>{problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                        </div>
                    }))}
                </div>
                {live(move || error.get().map(|e| if is_wrong_credentials(&e) {
                    view! {
                        <div class="alert alert-error" role="alert">
                            <p class="alert-title">"Your current password is not right. The password was not changed."</p>
                        </div>
                    }.into_any()
                } else {
                    view! { <ErrorAlert title="Could not change your password" error=e/> }.into_any()
                }))}
                {live(move || done.get().then(|| view! {
                    <p class="alert alert-success" role="status">"Your password was changed."</p>
                }))}
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=pending>"Change password"</button>
                </div>
            </form>
        </section>
    }
}
