//! `/terms` and the terms-of-use gate (ui.md, "terms"): while the published version is not
//! accepted ([`crate::state::terms_gate`]), every signed-in route shows [`TermsPage`] in its
//! place (the address stays, so that the page asked for opens after `Accept`), and the header
//! offers only `Sign out` ([`GatedHeader`]). Accepted, `/terms` shows the text and says so.
//! The gate and the header are in the `app` chunk; the page and its markdown in the `terms` chunk
//! (pages/lazy.rs), which the gate is given as `page`.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::ApiClient;
use crate::components::error_alert::ErrorAlert;
use crate::components::icon::{Icon, IconName};
use crate::components::loaded::{from_resource, Loaded};
use crate::components::loading::Loading;
use crate::components::local_action;
use crate::components::markdown::Markdown;
use crate::components::on::OnAttribute;
use crate::domain::terms::{accepted_other, before_accept, BeforeAccept, TermsVersion};
use crate::state::auth::Auth;
use crate::state::resource::PAST_CHORUS_CACHE;
use crate::state::terms_gate::{GateState, TermsGate};
use crate::state::Slot;

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
            {live(move || auth.sign_out_error.get().map(|e| view! {
                <div class="alert alert-error sign-out-error" role="alert">
                    <p class="alert-title">{e.title()}</p>
                    <p class="alert-message">{e.detail()}</p>
                </div>
            }))}
        </header>
    }
}

/// Why the page shows a version other than the one it loaded (`Accept` found another published).
#[derive(Clone, Debug, PartialEq)]
enum Notice {
    /// Another version was published before the acceptance went out: it is shown, and nothing
    /// was accepted.
    Changed,
    /// CHORUS recorded the acceptance of a version published as the user accepted (in the
    /// moment between the check and the acceptance): it is shown, and `Continue` opens the page.
    Recorded { user_id: String, version_id: String },
}

/// Why the version an acceptance recorded could not be shown.
#[derive(Clone, Debug)]
enum RecordedFailure {
    Api(crate::api::ApiError),
    /// Read [`RECORDED_TRIES`] times past CHORUS's cache, the published version was another.
    Superseded,
}

/// How many times the published version is read, a second apart, for the one an acceptance
/// recorded.
const RECORDED_TRIES: usize = 5;

/// The terms of use: the published version's text, and while it is not accepted the checkbox,
/// `Accept` and `Sign out`. `Accept` reads the published version first (past CHORUS's
/// one-second cache): CHORUS records whichever version is published when the acceptance
/// arrives, so one published while the user read is shown, never accepted unseen
/// ([`crate::domain::terms::before_accept`]).
#[component]
pub(crate) fn TermsPage() -> impl IntoView {
    let api = ApiClient::use_client();
    let gate = TermsGate::use_gate();
    let state = move || gate.map_or(GateState::Open, |g| g.state.get());
    // Opened on an open gate (`/terms` by a user who accepted): its last answer may be up to
    // [`crate::state::terms_gate::RECHECK_MS`] old, and a version published since would be
    // shown as accepted. Ask again, past CHORUS's second; "accepted" is said once it is in.
    if let Some(g) = gate {
        if g.state.get_untracked() == GateState::Open {
            g.check_past_cache();
        }
    }
    let checking = move || gate.is_some_and(|g| g.checking());
    let current = crate::state::resource(move || crate::api::terms::current(api));
    // A version read at `Accept` that replaces the one loaded with the page.
    let newer = Slot::new(None::<TermsVersion>);
    let notice = Slot::new(None::<Notice>);
    let agreed = Slot::new(false);
    let error = Slot::new(None::<crate::api::ApiError>);
    // The id of the version shown, if one is.
    let shown_id = move || {
        newer
            .with(|n| n.as_ref().map(|v| v.id.clone()))
            .or_else(|| {
                current.with(|r| match r {
                    Some(Ok(Some(v))) => Some(v.id.clone()),
                    _ => None,
                })
            })
    };
    // The version an acceptance recorded, when it is not the one shown. Only the published
    // version can be read (a researcher may not read one by id: `getTermsOfUseVersion` is the
    // terms managers'), and CHORUS keeps it a second: read past that until it is the one recorded.
    let recorded_error = Slot::new(None::<RecordedFailure>);
    let load_recorded = local_action(move |id: &String| {
        let id = id.clone();
        async move {
            recorded_error.set(None);
            for _ in 0..RECORDED_TRIES {
                crate::state::timer::sleep(PAST_CHORUS_CACHE).await;
                match crate::api::terms::current(api).await {
                    Ok(Some(v)) if v.id == id => {
                        newer.set(Some(v));
                        return;
                    }
                    Ok(_) => {}
                    Err(e) => {
                        recorded_error.set(Some(RecordedFailure::Api(e)));
                        return;
                    }
                }
            }
            recorded_error.set(Some(RecordedFailure::Superseded));
        }
    });
    let accept = local_action(move |_: &()| async move {
        error.set(None);
        let Some(shown) = untrack(shown_id) else {
            return;
        };
        // CHORUS keeps the published version a second, a publish since or not.
        crate::state::timer::sleep(PAST_CHORUS_CACHE).await;
        let now = match crate::api::terms::current(api).await {
            Ok(now) => now,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        match before_accept(&shown, now.as_ref().map(|v| v.id.as_str())) {
            BeforeAccept::Accept => {}
            BeforeAccept::Changed => {
                agreed.set(false);
                newer.set(now);
                notice.set(Some(Notice::Changed));
                return;
            }
            BeforeAccept::NoneLeft => {
                if let Some(g) = gate {
                    g.check();
                }
                current.refetch();
                return;
            }
        }
        match crate::api::terms::accept(api).await {
            Ok(a) if accepted_other(&shown, &a.version_id) => {
                agreed.set(false);
                load_recorded.dispatch_local(a.version_id.clone());
                notice.set(Some(Notice::Recorded {
                    user_id: a.user_id,
                    version_id: a.version_id,
                }));
            }
            Ok(a) => {
                if let Some(g) = gate {
                    g.accepted_version(&a.user_id, &a.version_id);
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
    let text_of = |text: Signal<String>| {
        view! {
            <div class="terms-text" tabindex="0" role="region" aria-label="Terms of use text">
                <Markdown text=text/>
            </div>
        }
    };
    let recorded_id = move || match notice.get() {
        Some(Notice::Recorded { version_id, .. }) => Some(version_id),
        _ => None,
    };
    // What the form depends on, as memos: it is drawn again only when one changes.
    let recorded = crate::state::memo(move |_| recorded_id().is_some());
    let any_shown = crate::state::memo(move |_| shown_id().is_some());
    view! {
        <main class="page page-narrow terms-page" id="main">
            <h1>"Terms of use"</h1>
            {live(move || match state() {
                GateState::Failed(e) => view! {
                    <ErrorAlert
                        title="Could not check whether you accepted the terms of use"
                        error=e
                        on_retry=Callback::new(move |_| { if let Some(g) = gate { g.check(); } })
                    />
                    <div class="form-actions">{sign_out_button()}</div>
                }.into_any(),
                _ => ().into_any(),
            })}
            {live(move || notice.get().map(|n| view! { <TermsNotice notice=n/> }))}
            {live(move || {
                // The version accepted, once it is in; never the one read before it meanwhile.
                let waiting = recorded_id()
                    .filter(|id| newer.with(|v| v.as_ref().is_none_or(|v| &v.id != id)));
                if let Some(id) = waiting {
                    let retry = Callback::new(move |_| { load_recorded.dispatch_local(id.clone()); });
                    match recorded_error.get() {
                        Some(RecordedFailure::Api(e)) => view! {
                            <ErrorAlert title="Could not load the version you accepted" error=e on_retry=retry/>
                        }.into_any(),
                        Some(RecordedFailure::Superseded) => view! {
                            <div class="alert alert-error" role="alert">
                                <p class="alert-title">"Could not load the version you accepted"</p>
                                <p class="alert-message">
                                    "The published version is not the one your acceptance was recorded for: another may have been published since. Try again in a moment."
                                </p>
                                <button type="button" class="btn" on:click=move |_| retry.run(())>"Try again"</button>
                            </div>
                        }.into_any(),
                        None => view! { <Loading label="Loading the version you accepted…"/> }.into_any(),
                    }
                } else if let Some(v) = newer.get() {
                    text_of(Signal::stored(v.content)).into_any()
                } else {
                    view! {
                        <Loaded
                            state=from_resource(current)
                            loading="Loading the terms of use…"
                            error_title="Could not load the terms of use"
                            on_retry=Callback::new(move |_| current.refetch())
                            let:version
                        >
                            {live(move || match version.get() {
                                None => view! {
                                    <p>"No terms of use are published: there is nothing to accept."</p>
                                }.into_any(),
                                Some(_) => text_of(Signal::derive(move || {
                                    version.with(|v| v.as_ref().map(|v| v.content.clone()).unwrap_or_default())
                                })).into_any(),
                            })}
                        </Loaded>
                    }.into_any()
                }
            })}
            {live(move || match state() {
                // Only a version shown can be accepted (none while it loads or failed to).
                GateState::Closed if !recorded.get() && any_shown.get() => view! {
                    <form class="terms-accept" on:submit=move |ev| {
                        ev.prevent_default();
                        if agreed.get_untracked() && !accepting.get_untracked() {
                            accept.dispatch_local(());
                        }
                    }>
                        <label class="checkbox">
                            <input type="checkbox" prop:checked=move || agreed.get()
                                on:change=move |ev| agreed.set(event_target_checked(&ev))/>
                            " I have read and accept these terms"
                        </label>
                        {live(move || error.get().map(|e| view! {
                            <ErrorAlert title="Could not accept the terms of use" error=e/>
                        }))}
                        <div class="form-actions">
                            // Busy, it keeps the focus (a disabled button would drop it to
                            // <body> for the second the check takes): the submit is ignored.
                            <button type="submit" class="btn btn-primary"
                                disabled=move || !agreed.get()
                                aria-disabled=move || accepting.get().then_some("true")>
                                {live(move || if accepting.get() { "Accepting…" } else { "Accept" })}
                            </button>
                            {sign_out_button()}
                        </div>
                    </form>
                }.into_any(),
                // Recorded for the version shown: `Continue`, below it, opens the page asked for.
                GateState::Closed => {
                    let go_on = match notice.get_untracked() {
                        Some(Notice::Recorded { user_id, version_id }) => Some(view! {
                            <button type="button" class="btn btn-primary" on:click=move |_| {
                                if let Some(g) = gate {
                                    g.accepted_version(&user_id, &version_id);
                                }
                            }>"Continue"</button>
                        }),
                        _ => None,
                    };
                    view! { <div class="form-actions">{go_on}{sign_out_button()}</div> }.into_any()
                }
                GateState::Open if checking() => view! {
                    <Loading label="Checking whether you accepted this version…"/>
                }.into_any(),
                GateState::Open => view! {
                    <p class="terms-accepted" role="status">"You have accepted these terms of use."</p>
                    <p><a href="/workspaces">"Go to your workspaces"</a></p>
                }.into_any(),
                _ => ().into_any(),
            })}
        </main>
    }
}

/// Says why the page shows another version than the one read; the focus goes to it (a submit's
/// result).
#[component]
fn TermsNotice(notice: Notice) -> impl IntoView {
    let title = NodeRef::<leptos::html::P>::new();
    crate::components::focus_on_mount(title);
    let (title_words, message) = match notice {
        Notice::Changed => (
            "The terms of use changed while you read them",
            "A new version was published: it is shown below, and nothing was accepted. Read it, then accept it.",
        ),
        Notice::Recorded { .. } => (
            "A new version was published as you accepted",
            "Your acceptance was recorded for the version shown below, which replaced the one you read. Read it now. If you do not agree with it, sign out and tell your platform's administrators.",
        ),
    };
    view! {
        <div class="alert alert-warn" role="alert" data-testid="terms-changed">
            <p class="alert-title" tabindex="-1" node_ref=title>{title_words}</p>
            <p class="alert-message">{message}</p>
        </div>
    }
}
