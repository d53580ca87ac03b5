//! `/profile` (ui.md, "profile"): the signed-in user's own account, through CHORUS's
//! self-service calls (api.md, "User self-service"): `Change password` (CHORUS's rule said
//! before anything is sent, `domain::password`), and `Two-factor sign-in`: set up (the password,
//! then a new secret as a QR code and as text, then a code from the app turns it on) or, when
//! on, turn off (CHORUS has no call for that: a new secret with the password leaves it off).
use leptos::prelude::*;

use crate::api::{account, ApiClient, ApiError};
use crate::components::error_alert::ErrorAlert;
use crate::components::local_action;
use crate::components::qr_code::QrCode;
use crate::domain::password;
use crate::domain::totp::{format_secret, otpauth_url, TotpEnrolment};
use crate::state::auth::Auth;

/// The issuer an authenticator app shows beside the account.
const ISSUER: &str = "Research Console";

/// A refusal of a password or code the user typed (401 `INVALID_CREDENTIALS`).
fn is_wrong_credentials(e: &ApiError) -> bool {
    e.status() == Some(401)
}

#[component]
pub(crate) fn ProfilePage() -> impl IntoView {
    let auth = Auth::use_auth();
    let name = move || {
        auth.user
            .with(|u| u.as_ref().map(|u| u.display_name()).unwrap_or_default())
    };
    let username = move || {
        auth.user
            .with(|u| u.as_ref().map(|u| u.username.clone()).unwrap_or_default())
    };
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
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(false);
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
                    <p class="field-hint muted" id="pw-rule">
                        "At least 14 characters, with a lowercase and an uppercase letter and a special character such as ! or %."
                    </p>
                </div>
                <div class="field">
                    <label for="pw-repeat">"Repeat new password"</label>
                    <input id="pw-repeat" type="password" autocomplete="new-password"
                        aria-describedby="pw-problems" aria-invalid=invalid
                        prop:value=move || repeat.get()
                        on:input=move |ev| repeat.set(event_target_value(&ev))/>
                </div>
                <div id="pw-problems">
                    {move || (!problems.with(Vec::is_empty)).then(|| view! {
                        <div class="alert alert-error" role="alert">
                            <p class="alert-title">"The password was not changed:"</p>
                            <ul>{problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                        </div>
                    })}
                </div>
                {move || error.get().map(|e| if is_wrong_credentials(&e) {
                    view! {
                        <div class="alert alert-error" role="alert">
                            <p class="alert-title">"Your current password is not right. The password was not changed."</p>
                        </div>
                    }.into_any()
                } else {
                    view! { <ErrorAlert title="Could not change your password" error=e/> }.into_any()
                })}
                {move || done.get().then(|| view! {
                    <p class="alert alert-success" role="status">"Your password was changed."</p>
                })}
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=pending>"Change password"</button>
                </div>
            </form>
        </section>
    }
}

/// Where the two-factor section stands.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    /// Nothing under way.
    Idle,
    /// `Set up`: asking for the password.
    SetUpPassword,
    /// A new secret to scan, and the code that confirms it.
    Scan(TotpEnrolment),
    /// `Turn off`: asking for the password.
    TurnOffPassword,
}

#[component]
fn TwoFactor() -> impl IntoView {
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    // What this page learned (set up, turned off) over what the user record said.
    let known = RwSignal::new(None::<bool>);
    let enabled = move || {
        known
            .get()
            .or_else(|| auth.user.with(|u| u.as_ref().and_then(|u| u.totp_enabled)))
    };
    let step = RwSignal::new(Step::Idle);
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<(&'static str, ApiError)>);
    let said = RwSignal::new(None::<&'static str>);
    let reset = local_action(move |turn_off: &bool| {
        let turn_off = *turn_off;
        async move {
            let pw = password.get_untracked();
            match account::reset_totp(api, &pw).await {
                Ok(enrolment) => {
                    password.set(String::new());
                    // From now on it is off until a code is confirmed (api.md).
                    known.set(Some(false));
                    if turn_off {
                        step.set(Step::Idle);
                        said.set(Some("Two-factor sign-in is off. Your authenticator app's codes and your recovery codes no longer work."));
                    } else {
                        code.set(String::new());
                        step.set(Step::Scan(enrolment));
                    }
                }
                Err(e) => error.set(Some(("password", e))),
            }
        }
    });
    let enable = local_action(move |_: &()| async move {
        let c = code.get_untracked();
        match account::enable_totp(api, &c).await {
            Ok(()) => {
                known.set(Some(true));
                step.set(Step::Idle);
                said.set(Some("Two-factor sign-in is on. From your next sign-in the console asks for a code from your app."));
            }
            Err(e) => error.set(Some(("code", e))),
        }
    });
    let resetting = reset.pending();
    let enabling = enable.pending();
    let error_view = move |which: &'static str| {
        move || {
            error.get().filter(|(w, _)| *w == which).map(|(_, e)| {
                if is_wrong_credentials(&e) {
                    let words = if which == "code" {
                        "The code was not accepted. Enter the code your app shows now (they change every 30 seconds); check that your device's clock is right."
                    } else {
                        "Your password is not right."
                    };
                    view! {
                        <div class="alert alert-error" role="alert"><p class="alert-title">{words}</p></div>
                    }
                    .into_any()
                } else {
                    view! { <ErrorAlert title="Could not change two-factor sign-in" error=e/> }.into_any()
                }
            })
        }
    };
    let start = move |s: Step| {
        error.set(None);
        said.set(None);
        password.set(String::new());
        step.set(s);
    };
    let password_form = move |turn_off: bool| {
        let (intro, button) = if turn_off {
            (
                "CHORUS has no switch to turn two-factor sign-in off: this makes a new secret that no app knows, and leaves two-factor sign-in off until you set it up again. Your recovery codes stop working.",
                "Turn off",
            )
        } else {
            (
                "Setting up makes a new secret for your authenticator app. Two-factor sign-in is off from then until you enter a code from the app; codes of an earlier set-up stop working.",
                "Continue",
            )
        };
        view! {
            <form class="form" on:submit=move |ev| {
                ev.prevent_default();
                error.set(None);
                reset.dispatch_local(turn_off);
            }>
                <p>{intro}</p>
                <div class="field">
                    <label for="totp-password">"Password"</label>
                    <input id="totp-password" type="password" autocomplete="current-password" required
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))/>
                </div>
                {error_view("password")}
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=resetting>{button}</button>
                    <button type="button" class="btn" on:click=move |_| start(Step::Idle)>"Cancel"</button>
                </div>
            </form>
        }
    };
    view! {
        <section class="card profile-section" aria-labelledby="totp-heading">
            <h2 id="totp-heading">"Two-factor sign-in"</h2>
            <p data-testid="totp-status">
                {move || match enabled() {
                    Some(true) => "Two-factor sign-in is on: signing in asks for a code from your authenticator app.",
                    Some(false) => "Two-factor sign-in is off.",
                    None => "This server does not say whether two-factor sign-in is on for your account.",
                }}
            </p>
            {move || said.get().map(|s| view! { <p class="alert alert-success" role="status">{s}</p> })}
            {move || match step.get() {
                Step::Idle => view! {
                    <div class="form-actions">
                        <button type="button" class="btn" on:click=move |_| start(Step::SetUpPassword)>
                            "Set up two-factor sign-in"
                        </button>
                        {move || (enabled() == Some(true)).then(|| view! {
                            <button type="button" class="btn" on:click=move |_| start(Step::TurnOffPassword)>
                                "Turn off two-factor sign-in"
                            </button>
                        })}
                    </div>
                }.into_any(),
                Step::SetUpPassword => password_form(false).into_any(),
                Step::TurnOffPassword => password_form(true).into_any(),
                Step::Scan(enrolment) => {
                    let account_name = auth.user.with_untracked(|u| u.as_ref().map(|u| u.username.clone()).unwrap_or_default());
                    let url = otpauth_url(ISSUER, &account_name, &enrolment.secret);
                    let codes = enrolment.recovery_codes.clone();
                    view! {
                        <div class="totp-setup">
                            <p>"Scan this code with your authenticator app, or type the secret into it."</p>
                            <QrCode text=url/>
                            <p>"Secret: " <code class="totp-secret" data-testid="totp-secret">{format_secret(&enrolment.secret)}</code></p>
                            {(!codes.is_empty()).then(|| view! {
                                <details class="recovery-codes">
                                    <summary>"Recovery codes (each works once instead of a code: keep them safe)"</summary>
                                    <ul>{codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}</ul>
                                </details>
                            })}
                            <form class="form" on:submit=move |ev| {
                                ev.prevent_default();
                                error.set(None);
                                enable.dispatch_local(());
                            }>
                                <div class="field">
                                    <label for="totp-code">"One-time code"</label>
                                    <input id="totp-code" type="text" inputmode="numeric" autocomplete="one-time-code"
                                        required spellcheck="false"
                                        prop:value=move || code.get()
                                        on:input=move |ev| code.set(event_target_value(&ev))/>
                                </div>
                                {error_view("code")}
                                <div class="form-actions">
                                    <button type="submit" class="btn btn-primary" disabled=enabling>"Enable"</button>
                                    <button type="button" class="btn" on:click=move |_| start(Step::Idle)>"Cancel"</button>
                                </div>
                            </form>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}
