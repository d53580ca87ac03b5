//! The `Store` select of the data page (ui.md, "stores"): each store by name; one that is not
//! ready is listed with its status in words and cannot be opened. That is said once, quietly, in
//! its option (issue 47: not as a note on every visit).
use leptos::prelude::*;

use super::ctx::{data_href, Ctx};
use crate::components::on::OnAttribute;
use crate::domain::files::{Store, StoreStatus};

/// The `Store` select (more than one store), or what the one store is; a store that is not
/// ready says so in words and cannot be opened.
pub(super) fn store_picker(ctx: Ctx, list: Vec<Store>) -> AnyView {
    if list.is_empty() {
        return view! { <p class="empty">"This workspace has no file store: the deployment configures none."</p> }.into_any();
    }
    let ws = ctx.ws();
    // Made here, in the page's owner: an event handler has none to find the router in.
    let navigate = leptos_router::hooks::use_navigate();
    let current = ctx.store.get_untracked();
    let none_ready = list.iter().all(|s| s.status != StoreStatus::Ready);
    let picker = if list.len() > 1 {
        let options = list
            .iter()
            .map(|s| {
                let label = if s.status == StoreStatus::Ready {
                    s.name.clone()
                } else {
                    format!("{} ({})", s.name, s.status.words())
                };
                view! {
                    <option value=s.name.clone() selected=s.name == current disabled=s.status != StoreStatus::Ready>
                        {label}
                    </option>
                }
            })
            .collect_view();
        view! {
            <div class="field field-inline">
                <label for="data-store">"Store"</label>
                <select id="data-store" on:change=move |e| {
                    let v = event_target_value(&e);
                    let href = data_href(&ws, &v, "");
                    navigate(&href, Default::default());
                }>{options}</select>
            </div>
        }
        .into_any()
    } else if list[0].status == StoreStatus::Ready {
        view! { <p class="muted">{format!("Store: {}", list[0].name)}</p> }.into_any()
    } else {
        let s = &list[0];
        view! { <p class="muted">{format!("Store: {} ({}: it cannot be opened)", s.name, s.status.words())}</p> }.into_any()
    };
    view! {
        <div class="data-stores">
            {picker}
            {none_ready.then(|| view! { <p class="alert alert-warn" role="status">"No store of this workspace can be opened now."</p> })}
        </div>
    }
    .into_any()
}
