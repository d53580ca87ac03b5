use crate::components::live::live;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::api::client::encode_component;
use crate::components::error_alert::ErrorAlert;
use crate::components::loading::Loading;
use crate::components::when::Draw;
use crate::state::auth::{Auth, AuthStatus};

/// Renders its children only for a signed-in user; a signed-out visitor goes to
/// `/login?next=<where they were>`.
#[component]
pub(crate) fn RequireAuth(children: Draw) -> impl IntoView {
    let auth = Auth::use_auth();
    let location = use_location();
    let navigate = use_navigate();
    let status = crate::state::memo(move |_| auth.status.get());
    crate::state::effect(move |_| {
        if status.get() == AuthStatus::SignedOut {
            let path = location.pathname.get_untracked();
            // Already on the way to the login page (`Sign out` goes there itself, and the
            // location may change before this runs): a `next` naming the login page would only
            // clutter its address.
            if path == "/login" {
                return;
            }
            let here = format!("{path}{}", location.search.get_untracked());
            navigate(
                &format!("/login?next={}", encode_component(&here)),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    live(move || match status.get() {
        AuthStatus::SignedIn => children.run(),
        AuthStatus::Checking => view! { <Loading label="Checking your sign-in…"/> }.into_any(),
        AuthStatus::SignedOut => {
            view! { <Loading label="Taking you to the sign-in page…"/> }.into_any()
        }
        AuthStatus::Failed(e) => view! {
            <ErrorAlert
                title="Could not check your sign-in"
                error=e
                on_retry=Callback::new(move |_| auth.check())
            />
        }
        .into_any(),
    })
}
