//! Whether the document is visible, and whether the browser is online: one `visibilitychange`
//! and one `online`/`offline` listener for the whole app, shared by every poller and stream
//! (they pause while hidden or offline, and go on at once when visible and online again).
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
    // `visibilitychange` is fired at `document`: listen there, not on `window`, so an event that
    // does not bubble is seen too.
    on_document_event("visibilitychange", move || {
        set_visible.set(is_visible_now())
    });
    visible
}

/// `true` while the browser says it is online. Provided by the app shell; without it
/// (component tests) a fresh listener is made for the caller's owner.
pub fn use_online() -> Signal<bool> {
    match use_context::<Online>() {
        Some(v) => v.0.into(),
        None => watch_online().into(),
    }
}

#[derive(Clone, Copy)]
struct Online(ReadSignal<bool>);

/// Installs the app-wide online signal; called once by the shell.
pub fn provide_online() {
    let signal = watch_online();
    provide_context(Online(signal));
    crate::api::client::set_offline_pause(offline_pause);
}

/// While the browser is offline, a pause before the transport looks again (a quarter of a
/// second on the one clock); `None` when it is online.
fn offline_pause() -> Option<js_sys::Promise> {
    is_offline_now().then(|| crate::state::timer::sleep_promise(OFFLINE_LOOK_EVERY))
}

/// How often a request held while offline looks whether the browser is back.
const OFFLINE_LOOK_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

fn watch_online() -> ReadSignal<bool> {
    let (online, set_online) = signal(!is_offline_now());
    on_window_event("online", move || set_online.set(true));
    on_window_event("offline", move || set_online.set(false));
    online
}

/// Does the browser say it is offline right now (`navigator.onLine` false)? Never on the host.
pub fn is_offline_now() -> bool {
    crate::api::is_offline_now()
}

/// Calls `f` on every `name` event fired at `document` for as long as the current owner lives
/// (the listener is removed with it). The one place the console listens on `document`.
pub(crate) fn on_document_event(name: &'static str, f: impl Fn() + 'static) {
    #[cfg(target_arch = "wasm32")]
    listen(document().into(), name, f);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (name, f);
}

/// [`on_document_event`] for events fired at `window` (`online`, `offline`).
pub(crate) fn on_window_event(name: &'static str, f: impl Fn() + 'static) {
    #[cfg(target_arch = "wasm32")]
    listen(window().into(), name, f);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (name, f);
}

#[cfg(target_arch = "wasm32")]
fn listen(target: web_sys::EventTarget, name: &'static str, f: impl Fn() + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    use crate::state::Kept;
    let listener = Closure::<dyn Fn()>::new(f);
    if target
        .add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())
        .is_ok()
    {
        let stored = Kept::new(Some((target, listener)));
        on_cleanup(move || {
            if let Some((t, l)) = stored.try_update_value(Option::take).flatten() {
                let _ = t.remove_event_listener_with_callback(name, l.as_ref().unchecked_ref());
            }
        });
    }
}

fn is_visible_now() -> bool {
    !is_document_hidden()
}

/// Is the document hidden right now? (Never on the host.) For imperative pollers that check at
/// the moment they would fetch.
pub fn is_document_hidden() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        document().visibility_state() == web_sys::VisibilityState::Hidden
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        false
    }
}
