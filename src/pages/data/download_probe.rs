//! Whether this backend sends a workspace file's bytes (`GET …/raw/{path}`, an extension: a
//! running CHORUS has none), found out before anyone presses `Download` (issue 47): the first
//! folder with a file that the user may download asks once, in the background; a missing route
//! is remembered per API origin like every extension (`ApiClient::extension`), so later visits
//! never ask. Until the answer, `Download` is not offered; with no such route the page offers
//! the way that works, an extraction request.
use std::cell::Cell;

use leptos::prelude::*;

use super::ctx::Ctx;
use crate::api::extension::Extension;
use crate::api::{files, ApiError};
use crate::domain::permissions::Perm;
use crate::state::Kept;

thread_local! {
    /// This page load found the route there (it is not asked again until a reload).
    static THERE: Cell<bool> = const { Cell::new(false) };
}

/// Watches the page's listings: sets `ctx.download_checked` once the backend is known to send
/// files (at once when this page load found out before).
pub(super) fn watch(ctx: Ctx) {
    let asked = Kept::new(false);
    crate::state::effect(move |_| {
        if THERE.with(Cell::get) {
            ctx.download_checked.set(true);
            return;
        }
        let first_file = ctx.listing.with(|l| match l {
            Some(Ok(l)) => l
                .entries
                .iter()
                .find(|e| !e.is_folder)
                .map(|e| e.path.clone()),
            _ => None,
        });
        let Some(path) = first_file else { return };
        if asked.get_value()
            || !ctx.api.supports(Extension::FileDownload)
            || !ctx.may(Perm::DownloadFilesFromWorkspace)
        {
            return;
        }
        asked.set_value(true);
        let api = ctx.api;
        leptos::task::spawn_local(async move {
            let Ok(url) = files::raw_url(api, &ctx.ws(), &path) else {
                return;
            };
            match api
                .extension(Extension::FileDownload, api.check_stream(&url))
                .await
            {
                // Not there: `supports` says so now, and the page offers an extraction request.
                Err(ApiError::Unsupported(_)) => {}
                Ok(()) => {
                    THERE.with(|t| t.set(true));
                    ctx.download_checked.try_set(true);
                }
                // Something else went wrong: offer it; a press says what happens then.
                Err(_) => {
                    ctx.download_checked.try_set(true);
                }
            }
        });
    });
}
