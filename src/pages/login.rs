use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::ErrorKind;
use crate::state::auth::{safe_next, Auth, AuthStatus};

/// `/login?next=/some/path`: the login form; returns to `next` after login.
#[component]
pub fn LoginPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let query = use_query_map();
    let navigate = use_navigate();
    let next = Memo::new(move |_| safe_next(query.with(|q| q.get("next")).as_deref()));

    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);

    // Already signed in (or just signed in): go where the user was going.
    {
        let navigate = navigate.clone();
        Effect::new(move |_| {
            if auth.status.get() == AuthStatus::SignedIn {
                navigate(
                    &next.get_untracked(),
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
            }
        });
    }

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
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            let result = auth.login(u.trim(), &p).await;
            pending.set(false);
            if let Err(e) = result {
                let text = match e.kind() {
                    ErrorKind::Unauthorized => "Wrong username or password.".to_string(),
                    _ => format!("Could not sign in. {}", e.message()),
                };
                error.set(Some(text));
            }
        });
    };

    view! {
        <main class="page login-page" id="main">
            <form class="card login-card" on:submit=on_submit novalidate>
                <h1>"Sign in"</h1>
                <p class="muted">"Research Console: your workspaces and sessions."</p>
                <div class="field">
                    <label for="login-username">"Username"</label>
                    <input id="login-username" name="username" type="text" autocomplete="username"
                        required autofocus
                        prop:value=move || username.get()
                        on:input=move |ev| username.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="login-password">"Password"</label>
                    <input id="login-password" name="password" type="password"
                        autocomplete="current-password" required
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))/>
                </div>
                {move || error.get().map(|e| view! { <p class="alert alert-error" role="alert">{e}</p> })}
                <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                    {move || if pending.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </main>
    }
}
