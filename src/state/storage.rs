//! The browser's `sessionStorage` and `localStorage`, for the few things the console keeps
//! there (the OpenID round trip, the start-time estimates). Never a token. Every call fails
//! soft: storage may be off (private mode, a policy), full, or absent (on the host).

/// Which storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    /// Per tab, gone when it closes.
    Session,
    /// Per origin, kept.
    Local,
}

#[cfg(target_arch = "wasm32")]
fn storage(which: Store) -> Option<web_sys::Storage> {
    let w = web_sys::window()?;
    match which {
        Store::Session => w.session_storage().ok().flatten(),
        Store::Local => w.local_storage().ok().flatten(),
    }
}

/// The value of `key`, if any.
pub fn get(which: Store, key: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        storage(which)?.get_item(key).ok().flatten()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (which, key);
        None
    }
}

/// Sets `key` (silently does nothing when storage is unavailable or full).
pub fn set(which: Store, key: &str, value: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(s) = storage(which) {
        let _ = s.set_item(key, value);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (which, key, value);
}

/// The value of `key`, removed.
pub fn take(which: Store, key: &str) -> Option<String> {
    let v = get(which, key);
    #[cfg(target_arch = "wasm32")]
    if let Some(s) = storage(which) {
        let _ = s.remove_item(key);
    }
    v
}

/// Removes every key of `which` that `doomed` says (silently does nothing when storage is
/// unavailable). The keys are read first: removing shifts the indexes.
pub fn remove_where(which: Store, doomed: impl Fn(&str) -> bool) {
    #[cfg(target_arch = "wasm32")]
    if let Some(s) = storage(which) {
        let n = s.length().unwrap_or(0);
        let keys: Vec<String> = (0..n).filter_map(|i| s.key(i).ok().flatten()).collect();
        for key in keys.iter().filter(|k| doomed(k)) {
            let _ = s.remove_item(key);
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (which, doomed);
}

/// Removes every key that starts with `prefix` (what a sign-out forgets of a kind kept per user).
pub fn remove_prefixed(which: Store, prefix: &str) {
    remove_where(which, |k| k.starts_with(prefix));
}
