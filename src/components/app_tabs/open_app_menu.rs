//! `Open app`: a disclosure button showing the catalogue (`GET /apps`) as buttons named by the
//! apps' names, with their icon (`iconURL`, an `<img alt="">`, never markup); loading and
//! errors inside; Escape closes it and returns focus to the button. A long catalogue (issue 50)
//! gets a `Search apps` box and draws at most 50 buttons (`domain::tabs::app_filter`). Where the
//! platform limits app instances and the user's own reach it, that is said in words and the app
//! buttons are disabled (`state::limits`; CHORUS does not enforce it). `Browse all apps` (the
//! catalogue, `/apps`) ends the list.
use crate::components::live::live;
use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::error_alert::ErrorAlert;
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::tabs::app_filter::{
    apps_shown, count_words, more_words, DRAWN_AT_MOST, FILTER_OVER,
};
use crate::domain::tabs::App;
use crate::state::app_tabs::Catalogue;
use crate::state::{Kept, Slot};

const MENU_ID: &str = "open-app-menu";

/// The app buttons of the open list (`ul > li > button`).
fn menu_buttons(menu: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let mut out = Vec::new();
    let Some(list) = menu.query_selector("ul").ok().flatten() else {
        return out;
    };
    let mut item = list.first_element_child();
    while let Some(li) = item {
        if let Some(b) = li
            .first_element_child()
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
        {
            out.push(b);
        }
        item = li.next_element_sibling();
    }
    out
}

/// Whether a key was pressed in the `Search apps` box.
fn in_filter(ev: &ev::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|t| t.class_list().contains("open-app-filter"))
}

/// The apps as buttons: every one of a short catalogue; for a long one (more than
/// [`FILTER_OVER`]) a `Search apps` box, the first [`DRAWN_AT_MOST`] matches and the count of
/// the others. Enter in the box opens the first match. `full`: the limit is reached (the buttons
/// are disabled, Enter does nothing).
#[component]
fn AppList(
    apps: Vec<App>,
    query: Slot<String>,
    on_pick: Callback<App>,
    full: Signal<bool>,
) -> impl IntoView {
    let total = apps.len();
    let long = total > FILTER_OVER;
    let apps = Kept::new(apps);
    let shown = crate::state::memo(move |_| {
        let q = if long { query.get() } else { String::new() };
        apps.with_value(|a| apps_shown(a, &q, DRAWN_AT_MOST))
    });
    let app_at = move |i: usize| apps.with_value(|a| a.get(i).cloned());
    let on_filter_key = move |ev: ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            if full.get_untracked() {
                return;
            }
            if let Some(app) = shown
                .with_untracked(|s| s.drawn.first().copied())
                .and_then(app_at)
            {
                on_pick.run(app);
            }
        }
    };
    let filter = long.then(|| {
        view! {
            <input
                type="search"
                class="open-app-filter"
                aria-label="Search apps"
                placeholder="Search apps"
                autocomplete="off"
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
                on:keydown=on_filter_key
            />
            <p class="muted open-app-count" role="status">
                {live(move || shown.with(|s| count_words(s.matches, total, &query.get())))}
            </p>
        }
    });
    let buttons = live(move || {
        shown
            .with(|s| s.drawn.clone())
            .into_iter()
            .filter_map(app_at)
            .map(|app| {
                let name = app.name.clone();
                let description = app.description.clone();
                // The backend's image URL, as an image only (never markup).
                let icon = app.icon_url.clone().filter(|u| {
                    u.starts_with("https://") || u.starts_with("http://") || u.starts_with('/')
                });
                view! {
                    <li>
                        <button
                            type="button"
                            class="open-app-item"
                            title=description
                            disabled=move || full.get()
                            on:click=move |_| on_pick.run(app.clone())
                        >
                            {icon.map(|src| view! {
                                <img class="open-app-icon" src=src alt="" width="20" height="20" loading="lazy"/>
                            })}
                            <span>{name}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    });
    let more = move || shown.with(|s| more_words(s.more()));
    view! {
        {filter}
        <ul class="open-app-list">{buttons}</ul>
        {live(move || more().map(|w| view! { <p class="muted open-app-more">{w}</p> }))}
    }
}

/// `Open app`: a disclosure button and the list of apps as buttons.
#[component]
pub(super) fn OpenAppMenu(
    catalogue: Signal<Catalogue>,
    on_choose: Callback<App>,
    on_reload: Option<Callback<()>>,
) -> impl IntoView {
    let open = Slot::new(false);
    // The platform's app-instance limit: the user's own apps counted again each time the list
    // opens (they may have opened or closed one since).
    let auth = crate::state::auth::Auth::use_auth();
    let me = Signal::derive(move || {
        auth.user
            .with(|u| u.as_ref().map(|u| u.id.clone()))
            .unwrap_or_default()
    });
    let opened = Slot::new(0u32);
    let limits = crate::state::limits::use_limits();
    let used = crate::state::limits::use_own_app_instances(limits, me, opened.into());
    let limit_words = crate::state::limits::app_limit_words(limits, used);
    let full = Signal::derive(move || limit_words.with(Option::is_some));
    // `Search apps` (a long catalogue): empty again each time the list opens.
    let query = Slot::new(String::new());
    let button_ref = NodeRef::<html::Button>::new();
    let menu_ref = NodeRef::<html::Div>::new();
    let wrapper_ref = NodeRef::<html::Div>::new();

    let focus_first = move || {
        request_animation_frame(move || {
            let Some(menu) = menu_ref.get_untracked() else {
                return;
            };
            // The filter box when there is one, else the first app.
            let target = menu
                .query_selector("input.open-app-filter, button")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            let _ = match target {
                Some(b) => b.focus(),
                None => menu.focus(),
            };
        });
    };
    let close_menu = move |refocus: bool| {
        open.set(false);
        if refocus {
            if let Some(b) = button_ref.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    let toggle = move |_| {
        if open.get_untracked() {
            close_menu(false);
        } else {
            query.set(String::new());
            opened.update(|n| *n += 1);
            open.set(true);
            focus_first();
        }
    };
    let on_keydown = move |ev: ev::KeyboardEvent| {
        if !open.get_untracked() {
            return;
        }
        match ev.key().as_str() {
            // Escape in a filter with text clears it; else it closes the list.
            "Escape" | "Esc" if in_filter(&ev) && !query.with_untracked(String::is_empty) => {
                ev.prevent_default();
                query.set(String::new());
            }
            "Escape" | "Esc" => {
                ev.prevent_default();
                close_menu(true);
            }
            k @ ("ArrowDown" | "ArrowUp") => {
                let Some(menu) = menu_ref.get_untracked() else {
                    return;
                };
                let items = menu_buttons(&menu);
                if items.is_empty() {
                    return;
                }
                ev.prevent_default();
                let active = document().active_element();
                let cur = items.iter().position(|e| {
                    active
                        .as_ref()
                        .is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>())
                });
                let next = match (k, cur) {
                    ("ArrowDown", Some(i)) => (i + 1) % items.len(),
                    ("ArrowDown", None) => 0,
                    (_, Some(i)) => (i + items.len() - 1) % items.len(),
                    (_, None) => items.len() - 1,
                };
                let _ = items[next].focus();
            }
            _ => {}
        }
    };
    // Focus moving elsewhere (Tab away) closes the list; so does a press outside it. (A focusout
    // without a new focus target is left alone: some browsers do not focus clicked buttons.)
    let is_inside = move |node: Option<web_sys::Node>| match (wrapper_ref.get_untracked(), node) {
        (Some(w), Some(n)) => w.contains(Some(&n)),
        _ => false,
    };
    let on_focusout = move |ev: ev::FocusEvent| {
        if let Some(t) = ev.related_target() {
            if !is_inside(t.dyn_into::<web_sys::Node>().ok()) && open.get_untracked() {
                open.set(false);
            }
        }
    };
    let outside = window_event_listener_untyped("pointerdown", move |ev: web_sys::Event| {
        if open.try_get_untracked().unwrap_or(false)
            && !is_inside(ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()))
        {
            open.try_set(false);
        }
    });
    on_cleanup(move || outside.remove());

    let pick = Callback::new(move |app: App| {
        open.set(false);
        on_choose.run(app);
    });
    let list = move || match catalogue.get() {
        Catalogue::Loading => view! {
            <p class="loading" role="status">
                <span class="spinner" aria-hidden="true"></span>
                "Loading apps…"
            </p>
        }
        .into_any(),
        Catalogue::Failed(e) => view! {
            <ErrorAlert
                title="Could not load the apps"
                error=e
                on_retry=Callback::new(move |_| {
                    if let Some(cb) = on_reload {
                        cb.run(());
                        focus_first();
                    }
                })
            />
        }
        .into_any(),
        Catalogue::Loaded(apps) if apps.is_empty() => {
            view! { <p class="muted">"No apps are available."</p> }.into_any()
        }
        Catalogue::Loaded(apps) => view! {
            <AppList apps=apps query=query on_pick=pick full=full/>
        }
        .into_any(),
    };

    view! {
        <div class="open-app" node_ref=wrapper_ref on:keydown=on_keydown on:focusout=on_focusout>
            <button
                type="button"
                class="btn btn-small open-app-button"
                node_ref=button_ref
                aria-expanded=move || open.get().to_string()
                aria-controls=move || open.get().then_some(MENU_ID)
                on:click=toggle
            >
                "Open app"
            </button>
            <When when=move || open.get()>
                <div
                    id=MENU_ID
                    class="open-app-menu"
                    role="group"
                    aria-label="Apps"
                    tabindex="-1"
                    node_ref=menu_ref
                >
                    {live(move || limit_words.get().map(|w| view! {
                        <p class="alert alert-warn app-limit" role="status">{w}". Close one to open another."</p>
                    }))}
                    {list}
                    <p class="open-app-browse">
                        <a href="/apps">"Browse all apps"</a>
                    </p>
                </div>
            </When>
        </div>
    }
}
