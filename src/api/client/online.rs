//! What the browser says of its connection, as the transport sees it: nothing is sent while it
//! says it is offline (ui.md, "Offline"). Polls and streams pause by themselves (state/poll,
//! state/stream); a request asked for meanwhile (a view that mounts, a press) waits for the
//! connection instead of being tried and failing, and goes at once when it is back.
use web_sys::AbortSignal;

/// Does the browser say it is offline right now (`navigator.onLine` false)? Never on the host.
pub fn is_offline_now() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window().is_some_and(|w| !w.navigator().on_line())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        false
    }
}

/// Waits while the browser says it is offline: until its `online` event, or until `signal`
/// aborts (the caller gave up: it then finds its request aborted).
pub(crate) async fn until_online(signal: Option<&AbortSignal>) {
    #[cfg(target_arch = "wasm32")]
    while is_offline_now() && !signal.is_some_and(AbortSignal::aborted) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let mut resolver = None;
        let promise = js_sys::Promise::new(&mut |resolve, _| resolver = Some(resolve));
        let Some(resolve) = resolver else { return };
        // Listened to before anything can run: no `online` event falls between the look above
        // and the listener.
        let _ = window.add_event_listener_with_callback("online", &resolve);
        if let Some(s) = signal {
            let _ = s.add_event_listener_with_callback("abort", &resolve);
        }
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        let _ = window.remove_event_listener_with_callback("online", &resolve);
        if let Some(s) = signal {
            let _ = s.remove_event_listener_with_callback("abort", &resolve);
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = signal;
}
