//! The session's remote desktop in an iframe (ui.md, "session iframe").
use leptos::prelude::*;

use crate::api::client::encode_component;
use crate::domain::workbench::Workbench;
use crate::state::use_config;

/// `<iframe data-testid="session-iframe" title="Session <name>">` on
/// `apiBaseUrl + /api/rest/v1/workbenches/{id}/stream/`, rendered ONLY while `k8sStatus` is
/// `Running` (absent from the DOM otherwise). The frame is not re-created by status updates of
/// the same running session.
#[component]
pub fn BackgroundIframe(
    /// The session.
    #[prop(into)]
    workbench: Signal<Option<Workbench>>,
    /// Set to `true` by the frame's load event; back to `false` when the frame goes.
    #[prop(optional)]
    loaded: Option<RwSignal<bool>>,
) -> impl IntoView {
    let base = use_config().api_base_url;
    let loaded = loaded.unwrap_or_else(|| RwSignal::new(false));
    // (id, name) of the running session: a new frame only when these change.
    let frame = Memo::new(move |_| {
        workbench.with(|w| {
            w.as_ref()
                .filter(|w| w.is_running())
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
            let src = format!(
                "{base}/api/rest/v1/workbenches/{}/stream/",
                encode_component(&id)
            );
            view! {
                <iframe
                    data-testid="session-iframe"
                    class="session-iframe"
                    title=format!("Session {name}")
                    src=src
                    allow="autoplay; fullscreen; clipboard-write"
                    on:load=move |_| {
                        loaded.try_set(true);
                    }
                ></iframe>
            }
        })
    }
}
