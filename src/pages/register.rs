//! `/register` (ui.md, "register"): creating one's own account where the backend allows it
//! (`internal.publicRegistrationEnabled` of `GET /authentication/modes`; api.md,
//! "Self-registration"). The password rule of `Change password` is said under the field and
//! checked before anything is sent (CHORUS checks none here); a taken username (CHORUS's 500) is
//! said in words; a new account goes to `/login?username=<u>`, which says it was created. In the
//! `app` chunk, as the return from an identity provider (pages/lazy.rs): the login page fetches it
//! while the browser is idle.
use crate::components::live::live;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api::{auth as auth_api, ApiClient, ApiError};
use crate::components::loading::Loading;
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::domain::auth::registration_open;
use crate::domain::permissions::FieldError;
use crate::domain::registration::{problems, refusal, Refusal, Registration};
use crate::state::auth::{Auth, AuthStatus};
use crate::state::storage::{self, Store};
use crate::state::Slot;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let api = ApiClient::use_client();
    let navigate = use_navigate();
    // Signed in already: a new account is not made from inside another one.
    crate::state::effect(move |_| {
        if auth.status.get() == AuthStatus::SignedIn {
            navigate(
                crate::domain::next_path::HOME,
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    let modes = crate::state::resource(move || auth_api::modes(api));
    let retry = move |_| modes.refetch();
    view! {
        <main class="page login-page" id="main">
            <div class="card login-card register-card">
                <h1>"Create an account"</h1>
                {live(move || match modes.get() {
                    None => view! { <Loading label="Loading…"/> }.into_any(),
                    Some(Ok(list)) if registration_open(&list) => view! { <RegisterForm/> }.into_any(),
                    Some(Ok(_)) => view! {
                        <p class="alert" role="status" data-testid="registration-off">
                            "This platform does not let people create their own accounts. Ask its administrators for one, then "
                            <a href="/login">"sign in"</a> "."
                        </p>
                    }
                    .into_any(),
                    Some(Err(e)) => view! {
                        <div class="alert alert-warn" role="alert">
                            <p>"Could not learn whether accounts can be created here. " {e.words()}</p>
                            <button type="button" class="btn btn-small" on:click=retry>"Retry"</button>
                        </div>
                    }
                    .into_any(),
                })}
                <p class="login-switch">"Already have an account? " <a href="/login">"Sign in"</a></p>
            </div>
        </main>
    }
}

/// One field of the form: its label, its input, whether it has a problem.
fn field(
    key: &'static str,
    label: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    value: Slot<String>,
    found: Slot<Vec<FieldError>>,
    hint: Option<&'static str>,
) -> impl IntoView {
    let id = format!("register-{key}");
    let required = key != "email";
    let invalid = move || {
        found
            .with(|f| f.iter().any(|p| p.field == key))
            .then_some("true")
    };
    let described = if hint.is_some() {
        format!("register-{key}-hint register-problems")
    } else {
        "register-problems".to_string()
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id name=key type=kind autocomplete=autocomplete
                aria-describedby=described aria-invalid=invalid
                required=required
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
            {hint.map(|h| view! { <p class="field-hint muted" id=format!("register-{key}-hint")>{h}</p> })}
        </div>
    }
}

/// The form: checked whole before sending; a refusal said in words.
#[component]
fn RegisterForm() -> impl IntoView {
    let api = ApiClient::use_client();
    let navigate = use_navigate();
    let [first, last, username, email, password, repeat] =
        std::array::from_fn(|_| Slot::new(String::new()));
    let found = Slot::new(Vec::<FieldError>::new());
    let refused = Slot::new(None::<(Refusal, ApiError)>);
    let create = local_action(move |values: &[String; 6]| {
        let values = values.clone();
        let navigate = navigate.clone();
        async move {
            let [f, l, u, e, p, r] = &values;
            let account = Registration {
                first_name: f,
                last_name: l,
                username: u,
                email: e,
                password: p,
                repeat: r,
            };
            match auth_api::register(api, &account).await {
                Ok(()) => {
                    storage::set(Store::Session, super::login::CREATED_KEY, u.trim());
                    let to = format!(
                        "/login?username={}",
                        crate::api::client::encode_component(u.trim())
                    );
                    navigate(&to, NavigateOptions::default());
                }
                Err(err) => {
                    let why = refusal(err.status(), err.server_message(), u);
                    // A taken name: back to the field to change it (the alert says why).
                    let taken = matches!(why, Refusal::Taken(_));
                    refused.try_set(Some((why, err)));
                    if taken {
                        crate::components::focus_by_id("register-username");
                    }
                }
            }
        }
    });
    let pending = create.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        refused.set(None);
        let values = [first, last, username, email, password, repeat].map(|s| s.get_untracked());
        let [f, l, u, e, p, r] = &values;
        let now = problems(&Registration {
            first_name: f,
            last_name: l,
            username: u,
            email: e,
            password: p,
            repeat: r,
        });
        // Focus on the first field said to be wrong (`problems` gives them in the form's order).
        let first_wrong = now.first().map(|p| format!("register-{}", p.field));
        found.set(now);
        match first_wrong {
            None => {
                create.dispatch_local(values);
            }
            Some(id) => crate::components::focus_by_id(&id),
        }
    };
    view! {
        <form class="login-form register-form" on:submit=submit novalidate>
            {field("firstName", "First name", "text", "given-name", first, found, None)}
            {field("lastName", "Last name", "text", "family-name", last, found, None)}
            {field("username", "Username", "text", "username", username, found, None)}
            {field("email", "Email", "email", "email", email, found, None)}
            {field("password", "Password", "password", "new-password", password, found, Some(crate::domain::password::RULE))}
            {field("repeat", "Repeat password", "password", "new-password", repeat, found, None)}
            <div id="register-problems">
                {live(move || (!found.with(Vec::is_empty)).then(|| view! {
                    <div class="alert alert-error" role="alert">
                        <p class="alert-title">"The account was not created:"</p>
                        <ul>{found.get().into_iter().map(|p| view! { <li>{p.message}</li> }).collect_view()}</ul>
                    </div>
                }))}
                {live(move || refused.get().map(|(why, err)| view! {
                    <div class="alert alert-error" role="alert" data-testid="register-refused">
                        <p class="alert-title">{why.text()}</p>
                        {matches!(why, Refusal::Other { .. }).then(|| view! { <p>{err.words()}</p> })}
                    </div>
                }))}
            </div>
            <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                {live(move || if pending.get() { "Creating the account…" } else { "Create account" })}
            </button>
        </form>
    }
}
