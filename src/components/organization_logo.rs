//! An organization's logo, read through its own route (`GET /organizations/{id}/logo`, api.md
//! §6): an `<img>` whose request carries the login cookie, as CHORUS reads it. Nothing is shown
//! when the organization has none (404) or the image cannot be read. Used by
//! `/admin/organizations` and `/organizations`.
use leptos::prelude::*;

use crate::api::{organizations as api_orgs, ApiClient};
use crate::components::on::OnAttribute;
use crate::domain::organizations::Organization;
use crate::state::Slot;

/// An organization's logo from `GET /organizations/{id}/logo` (an `<img>` sends the login
/// cookie); nothing when it has none (404) or cannot be read.
#[component]
pub(crate) fn OrganizationLogo(
    o: Organization,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let failed = Slot::new(false);
    let alt = format!("Logo of {}", o.display_name());
    let class = if class.is_empty() { "org-logo" } else { class };
    api_orgs::logo_url(api, &o).map(|src| {
        view! {
            <img class=class src=src alt=alt loading="lazy" hidden=move || failed.get()
                on:error=move |_| failed.set(true)/>
        }
    })
}
