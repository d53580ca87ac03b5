//! `/public-workspaces` (ui.md, "public workspaces"): the platform's public workspaces, a card
//! each (`data-workspace-id`) with its name, description and contact (a `mailto:` link when the
//! e-mail looks like an address, else the text as text), and `Open` for those the user is a
//! member of. There is no "join" call (api.md §2): the contact is whom to write to.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{public_workspaces, ApiClient};
use crate::components::loaded::{from_resource, Loaded};
use crate::components::my_workspaces::use_my_workspaces;
use crate::components::on::OnAttribute;
use crate::domain::public_workspace::{matches, PublicWorkspace};
use crate::domain::text::shown_string;
use crate::state::{Derived, Slot};

#[component]
pub fn PublicWorkspacesPage() -> impl IntoView {
    let api = ApiClient::use_client();
    let list = crate::state::resource(move || public_workspaces::list(api));
    let retry = Callback::new(move |_| list.refetch());
    let mine = use_my_workspaces();
    // The ids of the user's workspaces (`Open` shows on those; nothing while they load).
    let member_of = crate::state::memo(move |_| {
        mine.with(|m| {
            m.value()
                .map(|l| l.iter().map(|w| w.id.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let query = Slot::new(String::new());
    view! {
        <main class="page public-workspaces-page" id="main">
            <h1>"Public workspaces"</h1>
            <p class="muted lead">
                "Workspaces that their teams list for everyone on the platform. To join one, write to its contact."
            </p>
            <p class="muted"><a href="/organizations">"Participating organizations"</a></p>
            <Loaded
                state=from_resource(list)
                loading="Loading the public workspaces…"
                error_title="Could not load the public workspaces"
                on_retry=retry
                let:rows
            >
                {live(move || {
                    let total = rows.with(Vec::len);
                    if total == 0 {
                        return view! {
                            <p class="empty">"No workspace is public yet. A workspace's administrators can make it public in its settings."</p>
                        }
                        .into_any();
                    }
                    view! {
                        <div class="field search-field">
                            <label for="public-search">"Search public workspaces"</label>
                            <input id="public-search" type="search" autocomplete="off"
                                prop:value=move || query.get()
                                on:input=move |ev| query.set(event_target_value(&ev))/>
                        </div>
                        {live(move || cards(rows, query, member_of))}
                    }
                    .into_any()
                })}
            </Loaded>
        </main>
    }
}

/// The cards of the workspaces the search keeps, or a line when it keeps none.
fn cards(
    rows: Derived<Vec<PublicWorkspace>>,
    query: Slot<String>,
    member_of: Derived<Vec<String>>,
) -> AnyView {
    let q = query.get().trim().to_lowercase();
    let shown: Vec<PublicWorkspace> =
        rows.with(|l| l.iter().filter(|w| matches(w, &q)).cloned().collect());
    if shown.is_empty() {
        return view! { <p class="empty" role="status">"No public workspace matches this search."</p> }
            .into_any();
    }
    view! {
        <ul class="card-list public-workspaces" aria-label="Public workspaces">
            {shown
                .into_iter()
                .map(|w| {
                    let id = w.id.clone();
                    let member = move || member_of.with(|m| m.contains(&id));
                    card(w, member)
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// One workspace's card.
fn card(w: PublicWorkspace, member: impl Fn() -> bool + Send + Sync + 'static) -> impl IntoView {
    let name = shown_string(&w.display_name());
    let href = crate::routes::workspace_href(&w.id);
    let description = shown_string(w.description.trim());
    let contact = w.contact_name().map(|n| shown_string(&n));
    let mailto = w.mailto();
    let email = shown_string(w.contact_email.trim());
    let heading_id = format!("public-ws-{}", crate::api::client::encode_component(&w.id));
    let labelled_by = heading_id.clone();
    view! {
        <li class="card public-workspace-card" data-workspace-id=w.id.clone()>
            <section aria-labelledby=labelled_by>
                <h2 class="card-title" id=heading_id>{name}</h2>
                {(!description.is_empty()).then(|| view! { <p class="muted">{description}</p> })}
                <p class="contact">
                    {match (contact, mailto) {
                        (Some(c), Some(m)) => view! {
                            "Contact: " {c} " · " <a href=m>{email}</a>
                        }.into_any(),
                        (Some(c), None) if !email.is_empty() => view! {
                            "Contact: " {c} " · " <span class="contact-email">{email}</span>
                        }.into_any(),
                        (Some(c), None) => view! { "Contact: " {c} }.into_any(),
                        (None, Some(m)) => view! { "Contact: " <a href=m>{email}</a> }.into_any(),
                        (None, None) => view! { <span class="muted">"No contact named."</span> }.into_any(),
                    }}
                </p>
                {live(move || member().then(|| view! {
                    <a class="btn btn-small" href=href.clone()>"Open"</a>
                }))}
            </section>
        </li>
    }
}
