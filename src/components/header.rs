//! The app header (ui.md, "header"): navigation, the activity indicator, the user and
//! `Sign out`. The header keeps one row at every width: up to 1139 px the navigation (and up
//! to 600 px the user's link) is behind `Menu` (components/nav_menu.rs, style/header.css).
//! `Admin` shows only to users who may see an admin page (read from the app-level [`Auth`]: fail
//! closed).
use crate::components::live::live;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::ApiClient;
use crate::components::activity_indicator::ActivityIndicator;
use crate::components::icon::{Icon, IconName};
use crate::components::local_action;
use crate::components::notification_bell::NotificationBell;
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::state::auth::Auth;

/// `Sign out` (the header's, and the terms page's): the backend's end-session page when it names
/// one (an identity provider's), else the login page.
pub(crate) fn sign_out_action() -> Action<(), ()> {
    let auth = Auth::use_auth();
    let navigate = use_navigate();
    local_action(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            if let Ok(end_session) = auth.logout().await {
                let gone = end_session.is_some_and(|url| {
                    web_sys::window().is_some_and(|w| w.location().assign(&url).is_ok())
                });
                if !gone {
                    navigate("/login", Default::default());
                }
            }
        }
    })
}

/// The app header: navigation, the activity indicator, the user and `Sign out`.
#[component]
pub(crate) fn Header() -> impl IntoView {
    let auth = Auth::use_auth();
    let location = leptos_router::hooks::use_location();
    // Why the last sign-out did not finish lives in the auth state (`auth.sign_out_error`): the
    // user is then still signed in, and this header says so with `Retry sign-out`.
    let sign_out = sign_out_action();
    let signing_out = sign_out.pending();
    let waiting = use_context::<crate::state::requests::Waiting>();
    let notes = use_context::<crate::state::notifications::Notifications>();
    // A version of the terms published while the user works: asked again at a navigation
    // (at most every 30 s; state/terms_gate.rs).
    if let Some(gate) = crate::state::terms_gate::TermsGate::use_gate() {
        crate::state::effect(move |_| {
            location.pathname.track();
            gate.recheck_if_stale();
        });
    }
    let user_name = move || {
        auth.user
            .with(|u| u.as_ref().map(|u| u.display_name()).unwrap_or_default())
    };
    // The platform's name and logo (state/branding.rs), else the console's own.
    let brand = crate::state::branding::use_live_brand(ApiClient::use_client());
    let has_logo = move || brand.with(|b| b.logo[0].is_some());
    // The user's bookmarks (components/bookmarks/): the button in the row, the bar below it.
    crate::components::bookmarks::Bookmarks::provide();
    let brand_name = live(move || {
        brand
            .with(|b| b.name.clone())
            .unwrap_or_else(|| "Research Console".to_owned())
    });
    view! {
        <header class="app-header">
            <a class="brand" href="/workspaces" data-testid="header-brand">
                <When
                    when=has_logo
                    fallback=|| view! { <span class="brand-mark"><Icon name=IconName::Diamond/></span> }
                >
                    <crate::components::brand::BrandLogo brand=brand/>
                </When>
                " "
                <span class="brand-name">{brand_name}</span>
            </a>
            // Up to 1139 px the links (up to 600 px the profile link too) are behind `Menu`, so
            // that the header keeps one row (issues 47 and 58); wider, they stand in the row.
            <crate::components::nav_menu::NavMenu>
                <nav class="main-nav" aria-label="Main">
                    <A href="/" exact=true>"Home"</A>
                    <A href="/workspaces">"Workspaces"</A>
                    // Every workspace whose files the user may list (ui.md, "data index").
                    <A href="/data">"Data"</A>
                    <A href="/apps">"Apps"</A>
                    <A href="/activity">"Activity"</A>
                    {live(move || {
                        // Data requests: for whoever the backend has the service for (ours and
                        // CHORUS both); the count of those waiting for the user's decision.
                        let shown = waiting.is_none_or(|w| w.supported.get() != Some(false));
                        shown.then(|| {
                            let count = move || waiting.map(|w| w.count.get()).unwrap_or(0);
                            view! {
                                // `To review` when that is where the count is (issue 47).
                                <A href=move || waiting.map_or("/requests", |w| w.link()).to_owned()>
                                    "Requests"
                                    {live(move || (count() > 0).then(|| view! {
                                        " "
                                        <span class="count-badge" data-testid="requests-count"
                                            title=format!("{} waiting for your decision", count())>
                                            {count().to_string()}
                                        </span>
                                    }))}
                                </A>
                            }
                        })
                    })}
                    // The inbox (`/messages`), where the backend has notifications.
                    {live(move || notes.is_some_and(|n| n.supported.get() == Some(true)).then(|| view! {
                        <A href="/messages">"Messages"</A>
                    }))}
                    {live(move || {
                        auth.may_see_admin()
                            .then(|| {
                                // The overview (ui.md, "admin overview"), marked on every admin page.
                                view! {
                                    <a
                                        href="/admin"
                                        aria-current=move || {
                                            location.pathname.with(|p| p == "/admin" || p.starts_with("/admin/")).then_some("page")
                                        }
                                    >
                                        "Admin"
                                    </a>
                                }
                            })
                    })}
                </nav>
                <A href="/profile" attr:class="user-name menu-only" attr:title="Your account">{user_name}</A>
            </crate::components::nav_menu::NavMenu>
            <ActivityIndicator/>
            <crate::components::bookmarks::BookmarkButton/>
            <crate::components::transfers::TransfersButton/>
            <NotificationBell/>
            <div class="user-menu">
                <A href="/profile" attr:class="user-name" attr:title="Your account">{user_name}</A>
                <button type="button" class="btn btn-quiet"
                    on:click=move |_| {
                        sign_out.dispatch_local(());
                    }
                    disabled=signing_out>
                    "Sign out"
                </button>
            </div>
            {live(move || auth.sign_out_error.get().map(|e| view! {
                <div class="alert alert-error sign-out-error" role="alert">
                    <p class="alert-title">{e.title()}</p>
                    <p class="alert-message">{e.detail()}</p>
                    <button type="button" class="btn btn-small"
                        on:click=move |_| {
                            sign_out.dispatch_local(());
                        }
                        disabled=signing_out>
                        "Retry sign-out"
                    </button>
                </div>
            }))}
            // A later reload of the user that failed: nothing is taken away (ui.md: only the
            // start-up check decides whether the user is signed in).
            {live(move || auth.notice.get().map(|e| view! {
                <div class="alert alert-warn auth-notice" role="status" data-testid="auth-notice">
                    <p class="alert-title">
                        "Could not reload your account from the server. You are still signed in, and your sessions stay open."
                    </p>
                    <p class="alert-message">{e.words()}</p>
                    {e.detail().map(|d| view! { <crate::components::error_alert::ErrorDetail detail=d/> })}
                    <button type="button" class="btn btn-small"
                        on:click=move |_| auth.notice.set(None)>
                        "Dismiss"
                    </button>
                </div>
            }))}
        </header>
        <crate::components::bookmarks::BookmarksBar/>
    }
}
