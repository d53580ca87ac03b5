//! The session's remote desktop in an iframe (ui.md, "session iframe").
use leptos::prelude::*;

use crate::api::{workbenches, ApiClient};
use crate::domain::workbench::Workbench;

/// What the desktop page may do: run its client, keep its own origin (its WebSocket and
/// storage), forms, downloads, pointer lock and dialogs; nothing else (no popups, no top
/// navigation). Safe only because the page comes from another origin than the console's
/// (`streamBaseUrl`, README "Deploying"): same-origin, `allow-scripts allow-same-origin`
/// would let it lift its own sandbox.
pub const DESKTOP_SANDBOX: &str =
    "allow-scripts allow-same-origin allow-forms allow-downloads allow-pointer-lock allow-modals";
/// Features delegated to the desktop page: pasting and copying, full screen, sound.
pub const DESKTOP_ALLOW: &str = "clipboard-read; clipboard-write; fullscreen; autoplay";

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
            view! {
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
