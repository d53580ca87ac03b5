//! The data page's breadcrumb (ui.md, "folder"): the way up from the folder shown. The folder's
//! own name in it takes the focus after a move to another folder or store, as a new page's
//! heading does after a navigation (`components::page_change`).
use crate::components::live::live;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::ctx::{data_href, Ctx};
use crate::domain::files::breadcrumb;

/// `<nav aria-label="Folder">`: the way up, the first link named by the store.
#[component]
pub(super) fn FolderNav(ctx: Ctx) -> impl IntoView {
    live(move || {
        let ws = ctx.ws();
        let store = ctx.store.get();
        let crumbs = breadcrumb(&store, &ctx.folder.get());
        let last = crumbs.len().saturating_sub(1);
        let items = crumbs
            .into_iter()
            .enumerate()
            .map(|(i, (label, folder))| {
                if i == last {
                    view! { <li><span id=CURRENT_ID aria-current="page">{label}</span></li> }
                        .into_any()
                } else {
                    view! { <li><a href=data_href(&ws, &store, &folder)>{label}</a></li> }
                        .into_any()
                }
            })
            .collect_view();
        view! { <nav aria-label="Folder" class="folder-nav"><ol>{items}</ol></nav> }
    })
}

/// The DOM id of the folder's own name in the breadcrumb.
const CURRENT_ID: &str = "folder-current";

/// After the user moved to another folder or store: a focus that went with what was pressed
/// (a folder's link or a row, gone with the last folder's table; a link of the breadcrumb, drawn
/// again) goes to the new folder's name, which a screen reader reads with "current page". A
/// focus still somewhere (the `Store` select) stays there.
pub(super) fn focus_current_if_lost() {
    if !crate::components::focus_on_body() {
        return;
    }
    if let Some(el) = document()
        .get_element_by_id(CURRENT_ID)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        crate::components::page_change::focus_programmatically(&el);
    }
}
