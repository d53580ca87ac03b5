//! `/organizations` (ui.md, "organizations"; api.md §6): the platform's participating
//! organizations for every signed-in user, when the platform shows them (the dev store's global
//! `instance.displayOrganizations` is JSON `true`, set on `/admin/organizations`): a card each
//! (`data-organization-id`) with its logo, name, city and country by name, and its website as a
//! link (`http(s)` only). Otherwise a sentence says the platform does not show them.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{organizations as api_orgs, ApiClient, ApiError};
use crate::components::loaded::{from_resource, Loaded};
use crate::domain::organizations::{website_href, Organization};

/// What the page shows: the organizations, or why not.
#[derive(Clone, PartialEq)]
enum Shown {
    Hidden(Option<String>),
    Listed(Vec<Organization>),
}

#[component]
pub(crate) fn OrganizationsPage() -> impl IntoView {
    let api = ApiClient::use_client();
    let state = crate::state::resource(move || async move {
        let display = api_orgs::display(api).await?;
        match display {
            Ok(true) => Ok::<_, ApiError>(Shown::Listed(api_orgs::list(api).await?)),
            Ok(false) => Ok(Shown::Hidden(None)),
            Err(words) => Ok(Shown::Hidden(Some(words))),
        }
    });
    view! {
        <main class="page organizations-page" id="main">
            <h1>"Participating organizations"</h1>
            <Loaded
                state=from_resource(state)
                loading="Loading the participating organizations…"
                error_title="Could not load the participating organizations"
                on_retry=Callback::new(move |_| state.refetch())
                let:shown
            >
                {live(move || match shown.get() {
                    Shown::Hidden(odd) => view! {
                        <p class="empty">"This platform does not show its participating organizations."</p>
                        {odd.map(|w| view! { <p class="field-note">{w}</p> })}
                    }.into_any(),
                    Shown::Listed(rows) if rows.is_empty() => view! {
                        <p class="empty">"No participating organizations are listed yet."</p>
                    }.into_any(),
                    Shown::Listed(rows) => view! {
                        <ul class="card-list org-cards">
                            {rows.into_iter().map(card).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Loaded>
        </main>
    }
}

fn card(o: Organization) -> impl IntoView {
    let place = o.place();
    let site = website_href(&o.website_url).map(str::to_owned);
    let description = crate::domain::text::shown_string(o.description.trim());
    view! {
        <li class="card org-card" data-organization-id=o.id.clone()>
            <crate::components::organization_logo::OrganizationLogo o=o.clone() class="org-card-logo"/>
            <div class="org-card-text">
                <h2>{o.display_name()}</h2>
                {(!place.is_empty()).then(|| view! { <p class="org-place">{place}</p> })}
                {(!description.is_empty()).then(|| view! { <p>{description}</p> })}
                {site.map(|href| view! {
                    <p><a href=href.clone() rel="noopener noreferrer" target="_blank">{crate::domain::text::shown_string(&href)}</a></p>
                })}
            </div>
        </li>
    }
}
