//! Keeps what this page load asked first ([`crate::domain::start_gets`]) for the next load of
//! the same page: the GETs the client sent from the start until [`KEEP_AFTER`] after the
//! sign-in check found the user signed in. A sign-out forgets every list (they name the
//! workspaces this browser's user opened), as it forgets the signed-in hint ([`forget`]).
use std::time::Duration;

use leptos::prelude::*;

use super::auth::{Auth, AuthStatus};
use super::storage::{self, Store};
use crate::api::early;
use crate::domain::start_gets::{needed_first, remember, remember_chunks, CHUNKS_KEY, KEY};
use crate::state::Kept;

/// How long after the sign-in check the list is closed: the page's first requests (its data,
/// the catalogues, the header's feeds) are out by then, its polls' repeats add nothing.
pub const KEEP_AFTER: Duration = Duration::from_secs(3);

/// Keeps the list once the sign-in check of this page load found the user signed in. Called
/// by the `app` chunk when it comes (`pages/lazy.rs`), which therefore holds this code and the
/// list's JSON, not the first load (issue 30).
pub fn keep(auth: Auth) {
    let path = early::start_path();
    let scheduled = Kept::new(false);
    crate::state::effect(move |_| match auth.status.get() {
        AuthStatus::Checking => {}
        AuthStatus::SignedIn => {
            if scheduled.get_value() {
                return;
            }
            scheduled.set_value(true);
            let path = path.clone();
            super::clock::set_timeout(
                move || {
                    let urls = early::stop_recording();
                    let chunks = take_chunks();
                    if path.is_empty() || !auth.is_signed_in_untracked() {
                        return;
                    }
                    // The chunks too (none where the wasm is not split): an empty list forgets
                    // the path's, as the page needs none of the chunks it named.
                    let kept = storage::get(Store::Local, CHUNKS_KEY);
                    storage::set(
                        Store::Local,
                        CHUNKS_KEY,
                        &remember_chunks(kept.as_deref(), &path, &needed_first(&chunks)),
                    );
                    if urls.is_empty() {
                        return;
                    }
                    let stored = storage::get(Store::Local, KEY);
                    storage::set(
                        Store::Local,
                        KEY,
                        &remember(stored.as_deref(), &path, &urls),
                    );
                },
                KEEP_AFTER,
            );
        }
        // A sign-out is the shell's ([`forget`]).
        AuthStatus::SignedOut => {}
        AuthStatus::Failed(_) => {
            early::stop_recording();
            take_chunks();
        }
    });
}

/// The name of the list the chunk loader adds each chunk it fetches to (`"<file> <digest> <split
/// point>"`, scripts/place-split.mjs) while it is an array without `done`: the start-up script
/// makes it (scripts/finish-dist.cjs).
#[cfg(target_arch = "wasm32")]
const NOTED: &str = "__consoleChunks";

/// The chunks this page load fetched first, as the chunk loader noted them; it notes no more.
fn take_chunks() -> Vec<String> {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::{JsCast, JsValue};
        let global = js_sys::global();
        let key = JsValue::from_str(NOTED);
        let list = js_sys::Reflect::get(&global, &key).ok();
        let _ = js_sys::Reflect::set(&global, &key, &JsValue::UNDEFINED);
        list.and_then(|l| l.dyn_into::<js_sys::Array>().ok())
            .map(|l| l.iter().filter_map(|v| v.as_string()).collect())
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    Vec::new()
}

/// A chunk fetched from now on is for a page the user may open later (the session page fetched
/// while the browser is idle, a group whose link the pointer reached): not one this page needs,
/// so the list of this load's chunks is closed (what it holds is kept as [`keep`] says).
pub fn chunks_for_later() {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsValue;
        if let Ok(list) = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(NOTED)) {
            if list.is_object() {
                let _ = js_sys::Reflect::set(&list, &JsValue::from_str("done"), &JsValue::TRUE);
            }
        }
    }
}

/// On a sign-out (the shell, in the first load): no list of this page load, and none kept.
pub fn forget() {
    early::stop_recording();
    storage::take(Store::Local, KEY);
}
