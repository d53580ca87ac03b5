//! Whether the document is visible: one `visibilitychange` listener for the whole app, shared by
//! every poller (they pause while hidden and poll at once when visible again).
use leptos::prelude::*;

/// `true` while the page is visible. Provided by the app shell; without it (component tests) a
/// fresh listener is made for the caller's owner.
pub fn use_document_visible() -> Signal<bool> {
    match use_context::<DocumentVisible>() {
        Some(v) => v.0.into(),
        None => watch_visibility().into(),
    }
}

#[derive(Clone, Copy)]
struct DocumentVisible(ReadSignal<bool>);

/// Installs the app-wide signal; called once by the shell.
pub fn provide_document_visible() {
    let signal = watch_visibility();
    provide_context(DocumentVisible(signal));
}

fn watch_visibility() -> ReadSignal<bool> {
    let (visible, set_visible) = signal(is_visible_now());
    #[cfg(target_arch = "wasm32")]
    {
        let handle = window_event_listener_untyped("visibilitychange", move |_| {
            set_visible.set(is_visible_now());
        });
        // `visibilitychange` fires on `document` and bubbles to `window`.
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = set_visible;
    visible
}

fn is_visible_now() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        document().visibility_state() != web_sys::VisibilityState::Hidden
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        true
    }
}
