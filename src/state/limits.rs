//! The platform's per-user limits (dev-store global `instance.limits`, [`crate::domain::limits`])
//! as every view reads them: the home page's `Your usage`, and the app-instance limit of
//! `Open app` (a session) and `Open in session` (`/apps`). CHORUS enforces none of them (api.md
//! §4b): the console says a limit reached and disables its create buttons, as chorus-web-ui
//! does; a direct API call still creates past it.
use leptos::prelude::*;

use crate::api::devstore::{self, Scope};
use crate::api::{apps, ApiClient, ApiError};
use crate::domain::limits::{Kind, Limits, KEY};
use crate::state::Derived;

/// The limits, read once for the view that calls this (no limit until read; a value that
/// cannot be read is no limit).
pub(crate) fn use_limits() -> Derived<Limits> {
    let api = ApiClient::use_client();
    let read = crate::state::resource(move || async move {
        let raw = devstore::get(api, &Scope::Global, KEY).await;
        Ok::<_, ApiError>(Limits::parse(raw.ok().flatten().as_deref()))
    });
    crate::state::memo(move |_| read.get().and_then(Result::ok).unwrap_or_default())
}

/// The user's own app instances that are not deleted, counted only where the platform limits
/// them (`None`: no limit, or not counted yet). Counted again when `again` changes (a menu
/// opened, an app opened).
pub(crate) fn use_own_app_instances(
    limits: Derived<Limits>,
    me: Signal<String>,
    again: Signal<u32>,
) -> Signal<Option<u64>> {
    let api = ApiClient::use_client();
    let count = crate::state::resource(move || {
        let wanted = limits.get().app_instances.is_some();
        let me = me.get();
        again.track();
        async move {
            if wanted && !me.is_empty() {
                apps::own_instance_count(api, &me).await.map(Some)
            } else {
                Ok(None)
            }
        }
    });
    Signal::derive(move || count.get().and_then(Result::ok).flatten())
}

/// The app-instance limit reached, in words (`You have 3 of 3 apps open: the platform's
/// limit`), `None` while under it, unlimited or not counted yet.
pub(crate) fn app_limit_words(
    limits: Derived<Limits>,
    used: Signal<Option<u64>>,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        crate::domain::limits::blocked(limits.get(), Kind::AppInstances, used.get())
    })
}
