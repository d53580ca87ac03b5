//! The platform's logo and name (`state::branding`), as the login page and the header show them.
use crate::components::live::live;
use leptos::prelude::*;

use crate::state::branding::Brand;
use crate::state::Slot;

/// The logo, when there is one: one `<img>`, the dark theme's by a `<source>` when it differs.
#[component]
pub(crate) fn BrandLogo(brand: Slot<Brand>) -> impl IntoView {
    live(move || {
        let [light, dark] = brand.get().logo;
        let name = brand.with(|b| b.name.clone()).unwrap_or_default();
        light.map(|light| {
            let dark = dark.filter(|d| *d != light);
            view! {
                <picture class="brand-logo">
                    {dark.map(|d| view! { <source media="(prefers-color-scheme: dark)" srcset=d/> })}
                    <img src=light alt=format!("{name} logo").trim().to_owned() data-testid="brand-logo"/>
                </picture>
            }
        })
    })
}
