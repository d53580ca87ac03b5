//! `/login?next=/some/path` and `/oauthredirect`: signing in with the backend's modes
//! (`GET /authentication/modes`): the password form (with a one-time-code step when the account
//! needs one), a button per identity provider, or both. After login the user goes to `next` (a
//! path of this app only) or `/workspaces`.
use crate::components::live::live;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{auth as auth_api, ApiClient, ApiError};
use crate::components::loading::Loading;
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::auth::{
    after_refusal, check_oauth_return, not_kept_text, registration_open, safe_next, start_oauth,
    LoginFailure, LoginMessage, LoginMode, OAuthRefusal,
};
use crate::state::auth::{Auth, AuthStatus, LoginError};
use crate::state::storage::{self, Store};
use crate::state::{Derived, Kept, Slot};

/// `sessionStorage` keys of the OpenID round trip.
const NEXT_KEY: &str = "console.login.next";
const ERROR_KEY: &str = "console.login.error";
/// The `state` the identity provider must echo (the backend's, plus `:<provider>`).
const STATE_KEY: &str = "console.login.state";
/// The username of the account `/register` just created: the form says so and has it filled in
/// (`/login?username=<u>`).
pub(crate) const CREATED_KEY: &str = "console.login.created";

/// Where to go after login: [`safe_next`], then checked once more with the browser's own URL
/// parser (the resolved URL must stay on this origin and not start with `//`).
fn next_target(raw: Option<&str>) -> String {
    let target = safe_next(raw);
    let Some(origin) = web_sys::window().and_then(|w| w.location().origin().ok()) else {
        return target;
    };
    let same = web_sys::Url::new_with_base(&target, &origin)
        .is_ok_and(|u| u.origin() == origin && !u.pathname().starts_with("//"));
    if same {
        target
    } else {
        crate::domain::next_path::HOME.to_string()
    }
}

/// Whether the backend asks for a one-time code (400 `TWO_FACTOR_REQUIRED`).
fn needs_second_factor(e: &ApiError) -> bool {
    e.chorus_code() == Some("TWO_FACTOR_REQUIRED")
        || (e.status() == Some(400)
            && e.server_message()
                .is_some_and(|m| m.to_ascii_lowercase().contains("two factor")))
}

fn replace() -> NavigateOptions {
    NavigateOptions {
        replace: true,
        ..Default::default()
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let api = ApiClient::use_client();
    let query = use_query_map();
    let navigate = use_navigate();
    let next = crate::state::memo(move |_| next_target(query.with(|q| q.get("next")).as_deref()));
    // An OpenID login that failed on `/oauthredirect` left its words here.
    let error = Slot::new(storage::take(Store::Session, ERROR_KEY));
    // The pages behind the login come in while the user types (pages/lazy.rs, around this page).

    // Already signed in (or just signed in): go where the user was going.
    crate::state::effect(move |_| {
        if auth.status.get() == AuthStatus::SignedIn {
            navigate(&next.get_untracked(), replace());
        }
    });

    let modes = crate::state::resource(move || auth_api::modes(api));
    let retry = move |_| modes.refetch();
    // The platform's name and logo: as this browser last read them, at once; read again beside
    // the form (state/branding.rs).
    let brand = Slot::new(crate::state::branding::cached());
    crate::state::branding::refresh(api, brand);

    view! {
        <main class="page login-page" id="main">
            <div class="card login-card">
                {live(move || brand.with(|b| b.name.is_some() || b.logo[0].is_some()).then(|| view! {
                    <p class="login-brand" data-testid="login-brand">
                        <crate::components::brand::BrandLogo brand=brand/>
                        <span>{live(move || brand.with(|b| b.name.clone()))}</span>
                    </p>
                }))}
                <h1>"Sign in"</h1>
                <p class="muted">"Research Console: your workspaces and sessions."</p>
                {live(move || error.get().map(|e| view! { <p class="alert alert-error" role="alert">{e}</p> }))}
                {live(move || auth.signed_out_elsewhere.get().then(|| view! {
                    <p class="alert alert-warn" role="status">
                        "You signed out in another tab of this browser. Sign in again to go on."
                    </p>
                }))}
                // Not `Loaded`: without the modes the password form is still shown, under a
                // warning with Retry (not the error box in place of the data).
                {live(move || match modes.get() {
                    None => view! { <Loading label="Loading the ways to sign in…"/> }.into_any(),
                    Some(Ok(list)) => view! { <LoginOptions modes=list next=next error=error/> }.into_any(),
                    // Without the list, the password form is the best guess (every backend
                    // without modes has it); say what went wrong.
                    Some(Err(e)) => view! {
                        <div class="alert alert-warn" role="status">
                            <p>"Could not load the ways to sign in. " {e.words()}</p>
                            <button type="button" class="btn btn-small" on:click=retry>"Retry"</button>
                        </div>
                        <PasswordForm error=error/>
                    }
                    .into_any(),
                })}
            </div>
        </main>
    }
}

/// The password form and the provider buttons of the backend's modes.
#[component]
fn LoginOptions(
    modes: Vec<LoginMode>,
    next: Derived<String>,
    error: Slot<Option<String>>,
) -> impl IntoView {
    let has_password = modes
        .iter()
        .any(|m| matches!(m, LoginMode::Password { .. }));
    let registration = registration_open(&modes);
    let providers: Vec<(String, String)> = modes
        .into_iter()
        .filter_map(|m| match m {
            LoginMode::Provider { id, button_text } => {
                let label = LoginMode::button_label(&id, &button_text);
                Some((id, label))
            }
            LoginMode::Password { .. } => None,
        })
        .collect();
    let both = has_password && !providers.is_empty();
    view! {
        {has_password.then(|| view! { <PasswordForm error=error/> })}
        {both.then(|| view! { <p class="login-or" aria-hidden="true"><span>"or"</span></p> })}
        {(!providers.is_empty()).then(|| view! { <ProviderButtons providers=providers next=next error=error/> })}
        {registration.then(|| view! {
            <p class="login-switch">"No account yet? " <a href="/register">"Create an account"</a></p>
        })}
    }
}

/// One button per identity provider: it asks the backend for the provider's page and goes
/// there, with the provider in `state` (and in `sessionStorage`) and `next` kept for the return.
#[component]
fn ProviderButtons(
    providers: Vec<(String, String)>,
    next: Derived<String>,
    error: Slot<Option<String>>,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let pending = Slot::new(None::<String>);
    let go = move |id: String| {
        if pending.get_untracked().is_some() {
            return;
        }
        pending.set(Some(id.clone()));
        error.set(None);
        spawn_local(async move {
            match auth_api::oauth_login_url(api, &id).await {
                Ok(url) => {
                    let start = match start_oauth(&url, &id) {
                        Ok(start) => start,
                        Err(refusal) => {
                            pending.try_set(None);
                            error.try_set(Some(refusal.text()));
                            return;
                        }
                    };
                    storage::set(
                        Store::Session,
                        NEXT_KEY,
                        &next.try_get_untracked().unwrap_or_default(),
                    );
                    storage::set(Store::Session, STATE_KEY, &start.expected_state);
                    let gone = web_sys::window()
                        .is_some_and(|w| w.location().assign(&start.target).is_ok());
                    if !gone {
                        pending.try_set(None);
                        error.try_set(Some(
                            "Could not open the identity provider's page.".to_string(),
                        ));
                    }
                }
                Err(e) => {
                    pending.try_set(None);
                    error.try_set(Some(
                        "Could not start the sign-in. ".to_owned() + &e.words(),
                    ));
                }
            }
        });
    };
    view! {
        <div class="login-providers">
            {providers
                .into_iter()
                .map(|(id, label)| {
                    let busy_id = id.clone();
                    view! {
                        <button
                            type="button"
                            class="btn btn-provider"
                            disabled=move || pending.get().is_some()
                            aria-busy=move || (pending.get().as_deref() == Some(busy_id.as_str())).then_some("true")
                            on:click=move |_| go(id.clone())
                        >
                            {label}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Username and password, and the one-time code once the backend asks for it (what was
/// typed is kept).
#[component]
fn PasswordForm(error: Slot<Option<String>>) -> impl IntoView {
    let auth = Auth::use_auth();
    // `/login?username=<u>`: the username filled in; after `/register`, said to be new.
    let given = use_query_map().with_untracked(|q| q.get("username"));
    let created = storage::take(Store::Session, CREATED_KEY)
        .filter(|c| given.as_deref().is_some_and(|g| g.trim() == c));
    let username = Slot::new(given.unwrap_or_default());
    let password = Slot::new(String::new());
    let totp = Slot::new(String::new());
    let asks_code = Slot::new(false);
    let pending = Slot::new(false);
    let code_ref = NodeRef::<leptos::html::Input>::new();
    let password_ref = NodeRef::<leptos::html::Input>::new();
    crate::components::focus_on_mount(code_ref);
    // After a refusal the focus goes back to the field to type again (the button it was on
    // was disabled meanwhile).
    let refocus = move |field: NodeRef<leptos::html::Input>| {
        if let Some(i) = field.get_untracked() {
            let _ = i.focus();
        }
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let (u, p) = (username.get_untracked(), password.get_untracked());
        if u.trim().is_empty() || p.is_empty() {
            error.set(Some("Enter your username and password.".into()));
            return;
        }
        let code = asks_code
            .get_untracked()
            .then(|| totp.get_untracked().trim().to_string());
        if code.as_deref() == Some("") {
            error.set(Some(
                "Enter the one-time code from your authenticator app, or a recovery code.".into(),
            ));
            return;
        }
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            let result = auth.login(u.trim(), &p, code.as_deref()).await;
            pending.try_set(false);
            let Err(e) = result else { return };
            let failure = match &e {
                LoginError::NotKept(cookie) => LoginFailure::NotKept(*cookie),
                LoginError::Backend(e) if needs_second_factor(e) => {
                    LoginFailure::SecondFactorRequired
                }
                // A real 401 (not a login a sign-out in another tab stopped).
                LoginError::Backend(e) if e.status() == Some(401) => LoginFailure::Refused,
                LoginError::Backend(_) => LoginFailure::Other,
            };
            let step = after_refusal(asks_code.try_get_untracked().unwrap_or(false), failure);
            asks_code.try_set(step.asks_code);
            if step.asks_code {
                totp.try_set(String::new());
            }
            // A field that just appeared takes the focus by itself (focus_on_mount).
            refocus(if step.focus_code {
                code_ref
            } else {
                password_ref
            });
            let text = match (step.message, &e) {
                (LoginMessage::Failed, LoginError::Backend(e)) => {
                    step.message.text() + " " + &e.words()
                }
                (m, _) => m.text(),
            };
            error.try_set(Some(text));
        });
    };

    view! {
        {created.map(|_| view! {
            <p class="alert alert-success" role="status" data-testid="account-created">
                "Account created. Sign in."
            </p>
        })}
        <form class="login-form" on:submit=on_submit novalidate>
            <div class="field">
                <label for="login-username">"Username"</label>
                <input id="login-username" name="username" type="text" autocomplete="username"
                    required
                    prop:value=move || username.get()
                    on:input=move |ev| username.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="login-password">"Password"</label>
                <input id="login-password" name="password" type="password"
                    autocomplete="current-password" required node_ref=password_ref
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))/>
            </div>
            <When when=move || asks_code.get()>
                <div class="field">
                    <label for="login-totp">"One-time code"</label>
                    <input id="login-totp" name="totp" type="text" autocapitalize="none"
                        spellcheck="false" aria-describedby="login-totp-hint"
                        autocomplete="one-time-code" required node_ref=code_ref
                        prop:value=move || totp.get()
                        on:input=move |ev| totp.set(event_target_value(&ev))/>
                    <p class="field-hint muted" id="login-totp-hint">
                        "From your authenticator app. A recovery code works here too."
                    </p>
                </div>
            </When>
            <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                {live(move || if pending.get() { "Signing in…" } else { "Sign in" })}
            </button>
        </form>
    }
}

/// `/oauthredirect?state=…&session_state=…&code=…`: the identity provider sent the browser
/// back. Finishes the login with the backend, then goes where the user was; a failure goes to
/// the login page with the error in words.
#[component]
pub fn OAuthRedirectPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let query = use_query_map();
    let navigate = use_navigate();
    let (echoed, session_state, code, provider_error) = query.with_untracked(|q| {
        (
            q.get("state").unwrap_or_default(),
            q.get("session_state"),
            q.get("code").unwrap_or_default(),
            q.get("error"),
        )
    });
    // Taken out at once: a state serves one return only.
    let expected = storage::take(Store::Session, STATE_KEY);
    let next = next_target(storage::take(Store::Session, NEXT_KEY).as_deref());
    let fail = {
        let navigate = navigate.clone();
        let back = format!(
            "/login?next={}",
            crate::api::client::encode_component(&next)
        );
        move |text: String| {
            storage::set(Store::Session, ERROR_KEY, &text);
            navigate(&back, replace());
        }
    };
    // Only a return this tab started reaches the backend (api.md: CHORUS does not check it).
    let checked = check_oauth_return(
        expected.as_deref(),
        &echoed,
        &code,
        provider_error.as_deref(),
    );
    if let Err(OAuthRefusal::NotStartedHere) = &checked {
        leptos::logging::warn!("refused an OpenID return this tab did not start");
    }
    let (problem, provider, state) = match checked {
        Ok(ret) => (None, ret.provider, ret.state),
        Err(refusal) => (Some(refusal.text()), String::new(), String::new()),
    };
    // Wait for the start-up check of the login to settle: its 401 (sent before the cookie
    // existed) must not sign out the user this page is about to sign in.
    let started = Kept::new(false);
    let work = Kept::new(Some((
        problem,
        provider,
        state,
        session_state,
        code,
        next,
        fail,
    )));
    crate::state::effect(move |_| {
        if auth.status.get() == AuthStatus::Checking || started.get_value() {
            return;
        }
        started.set_value(true);
        let Some((problem, provider, state, session_state, code, next, fail)) =
            work.try_update_value(Option::take).flatten()
        else {
            return;
        };
        match problem {
            Some(text) => fail(text),
            None => {
                let navigate = navigate.clone();
                spawn_local(async move {
                    match auth
                        .finish_oauth(&provider, &state, session_state.as_deref(), &code)
                        .await
                    {
                        Ok(()) => navigate(&next, replace()),
                        Err(LoginError::NotKept(cookie)) => fail(not_kept_text(cookie)),
                        Err(LoginError::Backend(e)) => {
                            fail(format!("Could not finish the sign-in. {}", e.words()))
                        }
                    }
                });
            }
        }
    });
    view! {
        <main class="page login-page" id="main">
            <div class="card login-card">
                <Loading label="Finishing your sign-in…"/>
            </div>
        </main>
    }
}
