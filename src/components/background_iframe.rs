//! The session's remote desktop in an iframe (ui.md, "session iframe").
use leptos::prelude::*;

use crate::api::{workbenches, ApiClient};
use crate::domain::origin::frame_shares_origin;
use crate::domain::workbench::Workbench;
use crate::state::auth::Auth;

/// Whether `src` would run with the console's own origin (`streamBaseUrl` unset or pointing
/// at the console): then its sandbox is no barrier. Logged, and told to administrators.
pub(crate) fn shares_console_origin(src: &str) -> bool {
    let origin = web_sys::window().and_then(|w| w.location().origin().ok());
    let shared = origin.is_some_and(|o| frame_shares_origin(src, &o));
    if shared {
        leptos::logging::warn!(
            "the session desktop {src} is served from the console's own origin: its page can act \
             as the signed-in user. Set streamBaseUrl to a stream origin (README, Deploying)."
        );
    }
    shared
}

/// What the desktop page may do: run its client, keep its own origin (its WebSocket and
/// storage), forms, downloads, pointer lock and dialogs; nothing else (no popups, no top
/// navigation). Safe only because the page comes from another origin than the console's
/// (`streamBaseUrl`, README "Deploying"): same-origin, `allow-scripts allow-same-origin`
/// would let it lift its own sandbox.
pub const DESKTOP_SANDBOX: &str =
    "allow-scripts allow-same-origin allow-forms allow-downloads allow-pointer-lock allow-modals";
/// Features delegated to the desktop and app pages: copying out, full screen, sound. Not
/// `clipboard-read`: a page of someone's app must not read what the user copied elsewhere
/// (the desktop's own paste still works through the keyboard).
pub const DESKTOP_ALLOW: &str = "clipboard-write; fullscreen; autoplay";

/// `<iframe data-testid="session-iframe" title="Session <name>">` on the session's
/// `…/stream/` page, rendered ONLY while the session is ready (`k8sStatus` `Running` and the
/// desktop server answering; absent from the DOM otherwise). The frame is not re-created by
/// status updates of the same ready session.
#[component]
pub fn BackgroundIframe(
    /// The session.
    #[prop(into)]
    workbench: Signal<Option<Workbench>>,
    /// Set to `true` by the frame's load event; back to `false` when the frame goes.
    #[prop(optional)]
    loaded: Option<RwSignal<bool>>,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let loaded = loaded.unwrap_or_else(|| RwSignal::new(false));
    // (id, name) of the running session: a new frame only when these change.
    let frame = Memo::new(move |_| {
        workbench.with(|w| {
            w.as_ref()
                .filter(|w| w.is_ready())
                .map(|w| (w.id.clone(), w.display_name()))
        })
    });
    Effect::new(move |_| {
        if frame.with(Option::is_none) {
            loaded.try_set(false);
        }
    });
    move || {
        frame.get().map(|(id, name)| {
            let src = workbenches::stream_url(api, &id);
            let shared = shares_console_origin(&src);
            view! {
                <StreamOriginNotice shared=shared/>
                <iframe
                    data-testid="session-iframe"
                    class="session-iframe"
                    title=format!("Session {name}")
                    src=src
                    sandbox=DESKTOP_SANDBOX
                    allow=DESKTOP_ALLOW
                    on:load=move |_| {
                        loaded.try_set(true);
                    }
                ></iframe>
            }
        })
    }
}

/// Tells administrators that a desktop shares the console's origin (`shared`); nothing
/// otherwise. Its own reactive part: the roles arriving later must not re-create the frame.
#[component]
pub fn StreamOriginNotice(shared: bool) -> impl IntoView {
    let admin = use_context::<Auth>();
    move || {
        (shared && admin.is_some_and(|a| a.may_see_admin())).then(|| {
            view! {
                <p class="alert alert-warn stream-origin-notice" role="note"
                    data-testid="stream-origin-notice">
                    "Administrators: this desktop is served from the console's own origin, so \
                     its page could act as the signed-in user. Serve streams from their own \
                     origin (streamBaseUrl; README, Deploying)."
                </p>
            }
        })
    }
}
