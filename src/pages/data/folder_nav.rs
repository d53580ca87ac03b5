//! The data page's breadcrumb (ui.md, "folder"): the way up from the folder shown.
use leptos::prelude::*;

use super::ctx::{data_href, Ctx};
use crate::domain::files::breadcrumb;

/// `<nav aria-label="Folder">`: the way up, the first link named by the store.
#[component]
pub(super) fn FolderNav(ctx: Ctx) -> impl IntoView {
    move || {
        let ws = ctx.ws();
        let store = ctx.store.get();
        let crumbs = breadcrumb(&store, &ctx.folder.get());
        let last = crumbs.len().saturating_sub(1);
        let items = crumbs
            .into_iter()
            .enumerate()
            .map(|(i, (label, folder))| {
                if i == last {
                    view! { <li><span aria-current="page">{label}</span></li> }.into_any()
                } else {
                    view! { <li><a href=data_href(&ws, &store, &folder)>{label}</a></li> }
                        .into_any()
                }
            })
            .collect_view();
        view! { <nav aria-label="Folder" class="folder-nav"><ol>{items}</ol></nav> }
    }
}
