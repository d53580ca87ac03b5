//! The platform's name and logos as the login page and the header show them (dev store
//! `instance.name`, `instance.logo`; api.md §4b). The last values read are kept in
//! `localStorage`, so that the login page shows them at once, before any request; each page that
//! shows them reads them again in the background and keeps what it read. Not a secret: the
//! global dev store is public on CHORUS.
use leptos::prelude::*;

use crate::api::devstore::{self, Scope};
use crate::api::ApiClient;
use crate::domain::branding::{logo_for, parse_logo, shown_name, LOGO, NAME};
use crate::state::storage::{self, Store};

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
pub(crate) fn refresh(api: ApiClient, into: RwSignal<Brand>) {
    leptos::task::spawn_local(async move {
        let name = devstore::get(api, &Scope::Global, NAME).await;
        let logo = devstore::get(api, &Scope::Global, LOGO).await;
        if let (Ok(name), Ok(logo)) = (name, logo) {
            remember(name.as_deref(), logo.as_deref());
            into.try_set(brand_of(name.as_deref(), logo.as_deref()));
        }
    });
}

/// The platform's theme colours (`instance.theme`) as the console's CSS variables: a `<style>`
/// of its own, replaced at each read; only valid colours reach it (`Theme::css`). An empty
/// `css` removes it.
pub(crate) fn apply_theme(css: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    const ID: &str = "platform-theme";
    let el = match doc.get_element_by_id(ID) {
        Some(el) => el,
        None if css.is_empty() => return,
        None => {
            let Ok(el) = doc.create_element("style") else {
                return;
            };
            el.set_id(ID);
            if let Some(body) = doc.body() {
                let _ = body.append_child(&el);
            }
            el
        }
    };
    el.set_text_content(Some(css));
}

/// The page's title ends with the platform's name (state/page_title.rs).
pub(crate) fn apply_title(name: Option<&str>) {
    crate::state::page_title::set_platform(name);
}

/// For the header: the kept brand at once, then every global entry read again (name, logo and
/// theme in one request), the theme applied, the title set; read again from what was kept when
/// the settings page says it changed.
pub(crate) fn use_live_brand(api: ApiClient) -> RwSignal<Brand> {
    let brand = RwSignal::new(cached());
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
        let theme = all
            .get(crate::domain::branding::THEME)
            .and_then(|t| crate::domain::branding::parse_theme(t).ok())
            .map(|t| t.css())
            .unwrap_or_default();
        apply_theme(&theme);
    });
    let changed = leptos::prelude::window_event_listener_untyped(CHANGED, move |_| {
        let now = cached();
        apply_title(now.name.as_deref());
        brand.try_set(now);
    });
    on_cleanup(move || changed.remove());
    brand
}
