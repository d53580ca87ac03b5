//! `/terms` and the terms-of-use gate (ui.md, "terms"): while the published version is not
//! accepted ([`crate::state::terms_gate`]), every signed-in route shows [`TermsPage`] in its
//! place (the address stays, so that the page asked for opens after `Accept`), and the header
//! offers only `Sign out` ([`GatedHeader`]). Accepted, `/terms` shows the text and says so.
//! The gate and the header are in the `app` chunk; the page and its markdown in the `terms` chunk
//! (pages/lazy.rs), which the gate is given as `page`.
use leptos::prelude::*;

use crate::api::ApiClient;
use crate::components::error_alert::ErrorAlert;
use crate::components::icon::{Icon, IconName};
use crate::components::loaded::{from_resource, Loaded};
use crate::components::loading::Loading;
use crate::components::local_action;
use crate::components::markdown::Markdown;
use crate::state::auth::Auth;
use crate::state::terms_gate::{GateState, TermsGate};

/// What a signed-in route shows instead of its page while the gate is not open; `None` when it
/// is (or when no gate is provided). `page` makes the [`TermsPage`] (lazy.rs: its chunk).
pub(crate) fn gated_view(page: fn() -> AnyView) -> Option<AnyView> {
    let gate = TermsGate::use_gate()?;
    // A route's view is made at each navigation: ask again when the last answer is old.
    untrack(|| gate.recheck_if_stale());
    if gate.is_open() {
        return None;
    }
    let view = match gate.state.get() {
        GateState::Closed | GateState::Failed(_) => page(),
        GateState::Checking | GateState::Open => view! {
            <main class="page page-narrow" id="main">
                <Loading label="Checking the terms of use…"/>
            </main>
        }
        .into_any(),
    };
    Some(view)
}

/// The header while the terms wait for acceptance: the brand and `Sign out`, nothing else.
#[component]
pub(crate) fn GatedHeader() -> impl IntoView {
    let auth = Auth::use_auth();
    let sign_out = crate::components::header::sign_out_action();
    let pending = sign_out.pending();
    view! {
        <header class="app-header">
            <span class="brand">
                <span class="brand-mark"><Icon name=IconName::Diamond/></span>
                " Research Console"
            </span>
            <div class="user-menu">
                <button type="button" class="btn btn-quiet" disabled=pending
                    on:click=move |_| { sign_out.dispatch_local(()); }>
                    "Sign out"
                </button>
            </div>
            {move || auth.sign_out_error.get().map(|e| view! {
                <div class="alert alert-error sign-out-error" role="alert">
                    <p class="alert-title">{e.title()}</p>
                    <p class="alert-message">{e.detail()}</p>
                </div>
            })}
        </header>
    }
}

/// The terms of use: the published version's text, and while it is not accepted the checkbox,
/// `Accept` and `Sign out`.
#[component]
pub(crate) fn TermsPage() -> impl IntoView {
    let api = ApiClient::use_client();
    let gate = TermsGate::use_gate();
    let state = move || gate.map_or(GateState::Open, |g| g.state.get());
    let current = crate::state::resource(move || crate::api::terms::current(api));
    let agreed = RwSignal::new(false);
    let error = RwSignal::new(None::<crate::api::ApiError>);
    let accept = local_action(move |_: &()| async move {
        error.set(None);
        match crate::api::terms::accept(api).await {
            Ok(acceptance) => {
                if let Some(g) = gate {
                    g.accepted_version(&acceptance.user_id, &acceptance.version_id);
                }
            }
            // Accepted already (CHORUS: 500 on a second acceptance), or no version any more:
            // ask where things stand.
            Err(e) if matches!(e.status(), Some(404 | 500)) => {
                if let Some(g) = gate {
                    g.check();
                }
                current.refetch();
                error.set(Some(e));
            }
            Err(e) => error.set(Some(e)),
        }
    });
    let accepting = accept.pending();
    let sign_out = crate::components::header::sign_out_action();
    let signing_out = sign_out.pending();
    let sign_out_button = move || {
        view! {
            <button type="button" class="btn" disabled=signing_out
                on:click=move |_| { sign_out.dispatch_local(()); }>
                "Sign out"
            </button>
        }
    };
    view! {
        <main class="page page-narrow terms-page" id="main">
            <h1>"Terms of use"</h1>
            {move || match state() {
                GateState::Failed(e) => view! {
                    <ErrorAlert
                        title="Could not check whether you accepted the terms of use"
                        error=e
                        on_retry=Callback::new(move |_| { if let Some(g) = gate { g.check(); } })
                    />
                    <div class="form-actions">{sign_out_button()}</div>
                }.into_any(),
                _ => ().into_any(),
            }}
            <Loaded
                state=from_resource(current)
                loading="Loading the terms of use…"
                error_title="Could not load the terms of use"
                on_retry=Callback::new(move |_| current.refetch())
                let:version
            >
                {move || match version.get() {
                    None => view! {
                        <p>"No terms of use are published: there is nothing to accept."</p>
                    }.into_any(),
                    Some(_) => {
                        let text = Signal::derive(move || {
                            version.with(|v| v.as_ref().map(|v| v.content.clone()).unwrap_or_default())
                        });
                        view! {
                            <div class="terms-text" tabindex="0" role="region" aria-label="Terms of use text">
                                <Markdown text=text/>
                            </div>
                        }.into_any()
                    }
                }}
            </Loaded>
            {move || match state() {
                GateState::Closed => view! {
                    <form class="terms-accept" on:submit=move |ev| {
                        ev.prevent_default();
                        if agreed.get_untracked() {
                            accept.dispatch_local(());
                        }
                    }>
                        <label class="checkbox">
                            <input type="checkbox" prop:checked=move || agreed.get()
                                on:change=move |ev| agreed.set(event_target_checked(&ev))/>
                            " I have read and accept these terms"
                        </label>
                        {move || error.get().map(|e| view! {
                            <ErrorAlert title="Could not accept the terms of use" error=e/>
                        })}
                        <div class="form-actions">
                            <button type="submit" class="btn btn-primary"
                                disabled=move || !agreed.get() || accepting.get()>
                                {move || if accepting.get() { "Accepting…" } else { "Accept" }}
                            </button>
                            {sign_out_button()}
                        </div>
                    </form>
                }.into_any(),
                GateState::Open => view! {
                    <p class="terms-accepted" role="status">"You have accepted these terms of use."</p>
                    <p><a href="/workspaces">"Go to your workspaces"</a></p>
                }.into_any(),
                _ => ().into_any(),
            }}
        </main>
    }
}
