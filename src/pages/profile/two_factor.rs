//! `Two-factor sign-in` of the profile page (ui.md, "profile"): set up (the password, then a new
//! secret as a QR code and as text with the recovery codes shown plainly, then a code from the
//! app turns it on) or, when on, turn off (CHORUS has no call for that: a new secret with the
//! password leaves it off). One sentence says whether it is on; once on, only `Turn off` is
//! offered (issue 47). Recovery codes not confirmed as kept by then stay on screen until they are.
use crate::components::live::live;
use leptos::prelude::*;

use super::is_wrong_credentials;
use super::recovery_codes::RecoveryCodes;
use crate::api::{account, ApiClient, ApiError};
use crate::components::error_alert::ErrorAlert;
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::components::qr_code::QrCode;
use crate::domain::totp::{format_secret, otpauth_url, TotpEnrolment};
use crate::state::auth::Auth;
use crate::state::{Kept, Slot};

/// The issuer an authenticator app shows beside the account.
const ISSUER: &str = "Research Console";

/// Where the two-factor section stands.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    /// Nothing under way.
    Idle,
    /// `Set up`: asking for the password.
    SetUpPassword,
    /// A new secret to scan, its recovery codes, and the code that confirms it.
    Scan(TotpEnrolment),
    /// `Turn off`: asking for the password.
    TurnOffPassword,
}

#[component]
pub(super) fn TwoFactor() -> impl IntoView {
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    // What this page learned (set up, turned off) over what the user record said.
    let known = Slot::new(None::<bool>);
    let enabled = move || {
        known
            .get()
            .or_else(|| auth.user.with(|u| u.as_ref().and_then(|u| u.totp_enabled)))
    };
    let step = Slot::new(Step::Idle);
    let password = Slot::new(String::new());
    let code = Slot::new(String::new());
    let error = Slot::new(None::<(&'static str, ApiError)>);
    let said = Slot::new(None::<&'static str>);
    // The user said they kept the recovery codes of this set-up.
    let kept = Slot::new(false);
    // Codes of a set-up turned on before the user said they kept them: shown until they do.
    let unconfirmed = Slot::new(None::<Vec<String>>);
    let account_name = move || {
        auth.user
            .with_untracked(|u| u.as_ref().map(|u| u.username.clone()).unwrap_or_default())
    };
    let reset = local_action(move |turn_off: &bool| {
        let turn_off = *turn_off;
        async move {
            let pw = password.get_untracked();
            match account::reset_totp(api, &pw).await {
                Ok(enrolment) => {
                    password.set(String::new());
                    // From now on it is off until a code is confirmed (api.md).
                    known.set(Some(false));
                    unconfirmed.set(None);
                    if turn_off {
                        step.set(Step::Idle);
                        said.set(Some("Your authenticator app's codes and your recovery codes no longer work."));
                    } else {
                        code.set(String::new());
                        kept.set(false);
                        step.set(Step::Scan(enrolment));
                    }
                }
                Err(e) => error.set(Some(("password", e))),
            }
        }
    });
    let enable = local_action(move |codes: &Vec<String>| {
        let codes = codes.clone();
        async move {
            let c = code.get_untracked();
            match account::enable_totp(api, &c).await {
                Ok(()) => {
                    known.set(Some(true));
                    if !codes.is_empty() && !kept.get_untracked() {
                        unconfirmed.set(Some(codes));
                    }
                    step.set(Step::Idle);
                }
                Err(e) => error.set(Some(("code", e))),
            }
        }
    });
    // Codes kept after all: they go.
    crate::state::effect(move |_| {
        if kept.get() && unconfirmed.with_untracked(Option::is_some) {
            unconfirmed.set(None);
        }
    });
    let resetting = reset.pending();
    let enabling = enable.pending();
    let error_view = move |which: &'static str| {
        live(move || {
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
        })
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
    let scan = move |enrolment: TotpEnrolment| {
        let account = account_name();
        let url = otpauth_url(ISSUER, &account, &enrolment.secret);
        let codes = enrolment.recovery_codes.clone();
        let codes_for_enable = Kept::new(codes.clone());
        view! {
            <div class="totp-setup">
                <p>"Scan this code with your authenticator app, or type the secret into it."</p>
                <QrCode text=url/>
                <p>"Secret: " <code class="totp-secret" data-testid="totp-secret">{format_secret(&enrolment.secret)}</code></p>
                {(!codes.is_empty()).then(|| view! { <RecoveryCodes codes=codes issuer=ISSUER account=account kept=kept/> })}
                <form class="form" on:submit=move |ev| {
                    ev.prevent_default();
                    error.set(None);
                    enable.dispatch_local(codes_for_enable.get_value());
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
        }
    };
    view! {
        <section class="card profile-section" aria-labelledby="totp-heading">
            <h2 id="totp-heading">"Two-factor sign-in"</h2>
            <p data-testid="totp-status">
                {live(move || match enabled() {
                    Some(true) => "Two-factor sign-in is on: signing in asks for a code from your authenticator app (or one of your recovery codes).",
                    Some(false) => "Two-factor sign-in is off.",
                    None => "This server does not say whether two-factor sign-in is on for your account.",
                })}
            </p>
            {live(move || said.get().map(|s| view! { <p class="alert alert-success" role="status">{s}</p> }))}
            {live(move || match step.get() {
                Step::Idle => view! {
                    {live(move || unconfirmed.get().map(|codes| view! {
                        <RecoveryCodes codes=codes issuer=ISSUER account=account_name() kept=kept/>
                    }))}
                    <div class="form-actions">
                        {live(move || if enabled() == Some(true) {
                            view! {
                                <button type="button" class="btn" on:click=move |_| start(Step::TurnOffPassword)>
                                    "Turn off two-factor sign-in"
                                </button>
                            }.into_any()
                        } else {
                            view! {
                                <button type="button" class="btn" on:click=move |_| start(Step::SetUpPassword)>
                                    "Set up two-factor sign-in"
                                </button>
                            }.into_any()
                        })}
                    </div>
                }.into_any(),
                Step::SetUpPassword => password_form(false).into_any(),
                Step::TurnOffPassword => password_form(true).into_any(),
                Step::Scan(enrolment) => scan(enrolment).into_any(),
            })}
        </section>
    }
}
