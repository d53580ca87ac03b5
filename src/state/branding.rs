//! The platform's name and logos as the login page and the header show them (dev store
//! `instance.name`, `instance.logo`; api.md §4b). The last values read are kept in
//! `localStorage`, so that the login page shows them at once, before any request; each page that
//! shows them reads them again in the background and keeps what it read. Not a secret: the
//! global dev store is public on CHORUS.
use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;

use crate::api::devstore::{self, Scope};
use crate::api::ApiClient;
use crate::domain::branding::{
    logo_for, parse_logo, parse_theme, shown_name, theme_variables, Theme, LOGO, NAME,
    THEME as THEME_KEY,
};
use crate::state::storage::{self, Store};
use crate::state::Slot;

const NAME_KEY: &str = "console.brand.name";
const LOGO_KEY: &str = "console.brand.logo";
/// The window event said after the kept values changed (the settings page's save).
pub(crate) const CHANGED: &str = "console-brand";

/// The name (as shown) and the logo's address for each theme, light then dark.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Brand {
    pub name: Option<String>,
    pub logo: [Option<String>; 2],
}

/// `Brand` of the raw dev-store values.
fn brand_of(name: Option<&str>, logo: Option<&str>) -> Brand {
    let logo = logo.and_then(|l| parse_logo(l).ok()).unwrap_or_default();
    Brand {
        name: name.and_then(shown_name),
        logo: [false, true].map(|dark| logo_for(&logo, dark).map(str::to_owned)),
    }
}

/// What this browser kept of the last read.
pub(crate) fn cached() -> Brand {
    brand_of(
        storage::get(Store::Local, NAME_KEY).as_deref(),
        storage::get(Store::Local, LOGO_KEY).as_deref(),
    )
}

/// Keeps the raw values read (`None`: the key is not set: forgotten here too).
pub(crate) fn remember(name: Option<&str>, logo: Option<&str>) {
    for (key, value) in [(NAME_KEY, name), (LOGO_KEY, logo)] {
        match value {
            Some(v) => storage::set(Store::Local, key, v),
            None => {
                storage::take(Store::Local, key);
            }
        }
    }
}

/// Tells the views that show the brand that it changed (they read [`cached`] again).
pub(crate) fn announce() {
    if let Some(w) = web_sys::window() {
        if let Ok(ev) = web_sys::Event::new(CHANGED) {
            let _ = w.dispatch_event(&ev);
        }
    }
}

/// Reads the name and the logo again (public: no login needed), keeps them, and sets `into`. A
/// failed read changes nothing.
pub(crate) fn refresh(api: ApiClient, into: Slot<Brand>) {
    leptos::task::spawn_local(async move {
        let name = devstore::get(api, &Scope::Global, NAME).await;
        let logo = devstore::get(api, &Scope::Global, LOGO).await;
        if let (Ok(name), Ok(logo)) = (name, logo) {
            remember(name.as_deref(), logo.as_deref());
            into.try_set(brand_of(name.as_deref(), logo.as_deref()));
        }
    });
}

thread_local! {
    /// The platform's theme as last read (`apply_theme`).
    static THEME: RefCell<Option<Theme>> = const { RefCell::new(None) };
    /// `(prefers-color-scheme: dark)`, once its listener is in place.
    static DARK: RefCell<Option<web_sys::MediaQueryList>> = const { RefCell::new(None) };
}

/// The platform's theme colours (`instance.theme`) as the console's CSS variables, set on the
/// root element through the CSSOM (`style.setProperty`), which the deployed
/// Content-Security-Policy allows, where an inline `<style>` is blocked by its `style-src 'self'`
/// (issue 55): the light theme's colours, or the dark theme's while the browser prefers a dark
/// scheme, swapped when that preference changes. Only valid colours reach it
/// (`Theme::properties`); `None` clears them.
pub(crate) fn apply_theme(theme: Option<Theme>) {
    THEME.with(|t| *t.borrow_mut() = theme);
    follow_scheme();
    paint_theme();
}

/// The current theme's variables on the root element, those of the theme before removed.
fn paint_theme() {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let style = root.style();
    for name in theme_variables() {
        let _ = style.remove_property(name);
    }
    let dark = DARK.with(|d| d.borrow().as_ref().is_some_and(|q| q.matches()));
    THEME.with(|t| {
        for (name, colour) in t.borrow().iter().flat_map(|t| t.properties(dark)) {
            let _ = style.set_property(name, &colour);
        }
    });
}

/// Paints the theme again whenever the browser's colour scheme changes (set up once).
fn follow_scheme() {
    if DARK.with(|d| d.borrow().is_some()) {
        return;
    }
    let Some(query) = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok())
        .flatten()
    else {
        return;
    };
    let changed = Closure::<dyn Fn()>::new(paint_theme);
    let _ = query.add_event_listener_with_callback("change", changed.as_ref().unchecked_ref());
    // Lives as long as the page, as the query does.
    changed.forget();
    DARK.with(|d| *d.borrow_mut() = Some(query));
}

/// The page's title ends with the platform's name (state/page_title.rs).
pub(crate) fn apply_title(name: Option<&str>) {
    crate::state::page_title::set_platform(name);
}

/// For the header: the kept brand at once, then every global entry read again (name, logo and
/// theme in one request), the theme applied, the title set; read again from what was kept when
/// the settings page says it changed.
pub(crate) fn use_live_brand(api: ApiClient) -> Slot<Brand> {
    let brand = Slot::new(cached());
    apply_title(brand.with_untracked(|b| b.name.clone()).as_deref());
    leptos::task::spawn_local(async move {
        let Ok(all) = devstore::list(api, &Scope::Global).await else {
            return;
        };
        let (name, logo) = (all.get(NAME), all.get(LOGO));
        remember(name.map(String::as_str), logo.map(String::as_str));
        let read = brand_of(name.map(String::as_str), logo.map(String::as_str));
        apply_title(read.name.as_deref());
        brand.try_set(read);
        apply_theme(all.get(THEME_KEY).and_then(|t| parse_theme(t).ok()));
    });
    let changed = leptos::prelude::window_event_listener_untyped(CHANGED, move |_| {
        let now = cached();
        apply_title(now.name.as_deref());
        brand.try_set(now);
    });
    on_cleanup(move || changed.remove());
    brand
}
