//! An app's icon, as the catalogue's cards and the catalogue admin's rows and form draw it
//! (issue 55): its image when the deployment shows it (`domain::app_icon::drawable`: a data URI,
//! or a web address on a host of `iconHosts`), else the app's letter; an image that fails to load
//! (blocked by the deployed policy, not an image, gone) is replaced by the letter too.
use crate::components::live::live;
use leptos::prelude::*;

use crate::components::on::OnAttribute;
use crate::domain::app_catalogue::{letter_of, plain_colour, safe_icon_src};
use crate::domain::app_icon::{drawable, icon_hosts};
use crate::state::Slot;

/// The hosts `config.json` lets app icons come from (`iconHosts`; none by default).
pub(crate) fn allowed_hosts() -> Vec<String> {
    icon_hosts(crate::state::use_config().icon_hosts.as_deref())
}

/// The icon of an app named `name` whose `iconURL` is `icon_url`. `unshown`, when given, is
/// set when an icon is stored but cannot be shown (not drawable here, or failed to load), for a
/// view that says so. `data-icon` says what is drawn: `image` or `letter`.
#[component]
pub(crate) fn AppIcon(
    icon_url: String,
    name: String,
    #[prop(optional)] background: String,
    #[prop(optional)] unshown: Option<Slot<bool>>,
) -> impl IntoView {
    let hosts = allowed_hosts();
    let stored = !icon_url.trim().is_empty();
    let src = safe_icon_src(&icon_url)
        .filter(|s| drawable(s, &hosts))
        .map(str::to_owned);
    let failed = Slot::new(false);
    let unshown = unshown.unwrap_or_else(|| Slot::new(false));
    unshown.set(stored && src.is_none());
    let letter = letter_of(&name);
    let background = plain_colour(&background);
    live(move || match src.clone().filter(|_| !failed.get()) {
        Some(src) => view! {
            <span class="app-icon" data-icon="image" style:background-color=background.clone()>
                <img src=src alt="" width="40" height="40" loading="lazy" decoding="async"
                    on:error=move |_| {
                        failed.set(true);
                        unshown.set(true);
                    }/>
            </span>
        }
        .into_any(),
        None => view! {
            <span class="app-icon app-icon-letter" data-icon="letter" aria-hidden="true"
                style:background-color=background.clone()>{letter.clone()}</span>
        }
        .into_any(),
    })
}
