//! What the browser says of its connection, as the transport sees it: nothing is sent while it
//! says it is offline (ui.md, "Offline"). Polls and streams pause by themselves (state/poll,
//! state/stream); a request asked for meanwhile (a view that mounts, a press) waits for the
//! connection instead of being tried and failing, and goes once it is back.
//!
//! The pause is the shell's ([`set_offline_pause`]: the state layer's one clock, which this
//! layer does not know): a quarter of a second at a time while the browser is offline.
use std::cell::Cell;

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

/// A pause while the browser is offline (`None`: online, go).
type Pause = fn() -> Option<js_sys::Promise>;

thread_local! {
    static PAUSE: Cell<Option<Pause>> = const { Cell::new(None) };
}

/// Installs the pause (the shell, once).
pub fn set_offline_pause(pause: Pause) {
    PAUSE.with(|p| p.set(Some(pause)));
}

/// Before a request goes: pauses for as long as the browser says it is offline.
pub(crate) async fn before_sending() {
    while let Some(pause) = PAUSE.with(Cell::get).and_then(|p| p()) {
        let _ = wasm_bindgen_futures::JsFuture::from(pause).await;
    }
}
