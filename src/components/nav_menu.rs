//! The header's `Menu` up to 1139 px (style/activity.css; issues 47 and 58): a button
//! (`aria-expanded`, `aria-controls`) that shows the navigation links (and, up to 600 px, the
//! user's profile link) as a panel under the header's one row. Escape closes it and returns the
//! focus to the button; choosing a link, a navigation, or the focus leaving it close it too.
//! Wider, the button is hidden and the panel's contents stand in the header's row.
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::icon::{Icon, IconName};
use crate::components::on::OnAttribute;
use crate::state::Slot;

/// Whether an event's target is inside an element matching `selector`.
fn within(target: Option<web_sys::EventTarget>, selector: &str) -> bool {
    target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| e.closest(selector).ok().flatten().is_some())
}

/// The menu button and its panel, holding `children` (the navigation and the profile link).
#[component]
pub(crate) fn NavMenu(children: Children) -> impl IntoView {
    let open = Slot::new(false);
    let button = NodeRef::<html::Button>::new();
    let location = leptos_router::hooks::use_location();
    let close = move || {
        if open.get_untracked() {
            open.set(false);
        }
    };
    crate::state::effect(move |_| {
        location.pathname.track();
        close();
    });
    view! {
        <div class="nav-menu" class:open=move || open.get()
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                if ev.key() == "Escape" && open.get_untracked() {
                    open.set(false);
                    if let Some(b) = button.get_untracked() {
                        let _ = b.focus();
                    }
                }
            }
            on:focusout=move |ev: web_sys::FocusEvent| {
                if !within(ev.related_target(), ".nav-menu") {
                    close();
                }
            }>
            <button type="button" class="btn btn-quiet menu-toggle" node_ref=button
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls="header-menu"
                on:click=move |_| open.update(|o| *o = !*o)>
                <Icon name=IconName::Menu/>
                " Menu"
            </button>
            <div class="header-menu" id="header-menu"
                on:click=move |ev: web_sys::MouseEvent| {
                    if within(ev.target(), "a") {
                        close();
                    }
                }>
                {children()}
            </div>
        </div>
    }
}
