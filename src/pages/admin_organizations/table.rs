//! The organizations table: a row per organization (`data-organization-id`) with its logo (read
//! through its own route), name, place (city and country by name), website, contact, and `Edit
//! <name>` and `Delete <name>` (asks to confirm in the row).
use crate::components::live::live;
use leptos::prelude::*;

use super::FormMode;
use crate::api::{organizations as api_orgs, users, ApiClient, ApiError};
use crate::components::confirm_inline::{ConfirmInline, ConfirmLayout};
use crate::components::data_table::{Column, DataTable};
use crate::components::error_alert::ErrorAlert;
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::components::organization_logo::OrganizationLogo;
use crate::domain::organizations::{website_href, Organization};
use crate::domain::permissions::{Perm, Target};
use crate::domain::text::shown_string;
use crate::state::auth::Auth;
use crate::state::{Kept, Slot};

const COLUMNS: &[Column] = &[
    Column::hidden("Logo"),
    Column::shown("Name"),
    Column::shown("Place"),
    Column::shown("Website"),
    Column::shown("Contact"),
    Column::hidden("Actions"),
];

pub(super) fn organizations_table(
    rows: Vec<Organization>,
    form: Slot<Option<FormMode>>,
    on_deleted: Callback<Organization>,
) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|o| view! { <OrganizationRow o=o form=form on_deleted=on_deleted/> })
        .collect_view();
    view! {
        <DataTable testid="organizations-table" caption="Participating organizations" columns=COLUMNS class="organizations-table">
            {rows}
        </DataTable>
    }
}

/// The contact by name, read once (`User <id>` while it loads or when it cannot be read).
#[component]
fn ContactName(id: String) -> impl IntoView {
    let api = ApiClient::use_client();
    let key = Kept::new(id.clone());
    let user = crate::state::resource(move || {
        let id = key.get_value();
        async move { users::get(api, &id).await }
    });
    live(move || match user.get() {
        Some(Ok(u)) => shown_string(&format!("{} ({})", u.display_name(), u.username)),
        _ => format!("User {id}"),
    })
}

#[component]
fn OrganizationRow(
    o: Organization,
    form: Slot<Option<FormMode>>,
    on_deleted: Callback<Organization>,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let name = o.display_name();
    let may_edit = auth.can_in(Perm::UpdateOrganization, &Target::global());
    let may_delete = auth.can_in(Perm::DeleteOrganization, &Target::global());
    let confirming = Slot::new(false);
    let error = Slot::new(None::<ApiError>);
    let id = Kept::new(o.id.clone());
    let row = Kept::new(o.clone());
    let delete = local_action(move |_: &()| async move {
        error.set(None);
        match api_orgs::delete(api, &id.get_value()).await {
            Ok(()) => on_deleted.run(row.get_value()),
            Err(e) => {
                error.try_set(Some(e));
            }
        }
    });
    let busy = delete.pending();
    let website = match website_href(&o.website_url) {
        Some(href) => {
            let href = href.to_owned();
            view! { <a href=href.clone() rel="noopener noreferrer" target="_blank">{shown_string(&href)}</a> }.into_any()
        }
        None => view! { <span class="muted">{shown_string(&o.website_url)}</span> }.into_any(),
    };
    let contact = o
        .contact_user_id
        .clone()
        .map(|c| view! { <ContactName id=c/> });
    let edit_label = format!("Edit {name}");
    let delete_label = format!("Delete {name}");
    let question = format!("Delete {name}?");
    let edit_row = o.clone();
    view! {
        <tr data-organization-id=o.id.clone()>
            <td class="logo-cell"><OrganizationLogo o=o.clone()/></td>
            <td class="name">{name.clone()}</td>
            <td>{o.place()}</td>
            <td class="website">{website}</td>
            <td>{contact}</td>
            <td class="actions">
                {live(move || if confirming.get() {
                    view! {
                        <ConfirmInline layout=ConfirmLayout::Row("Confirm deleting") question=question.clone()
                            confirm_label="Delete" busy=busy
                            on_confirm=Callback::new(move |_| { delete.dispatch_local(()); })
                            on_cancel=Callback::new(move |_| { confirming.set(false); error.set(None); })/>
                        {live(move || error.get().map(|e| view! { <ErrorAlert title="Could not delete the organization" error=e/> }))}
                    }.into_any()
                } else {
                    let edit_row = edit_row.clone();
                    view! {
                        {may_edit.then(|| view! {
                            <button type="button" class="btn btn-small" aria-label=edit_label.clone()
                                on:click=move |_| form.set(Some(FormMode::Edit(Box::new(edit_row.clone()))))>"Edit"</button>
                        })}
                        {may_delete.then(|| view! {
                            <button type="button" class="btn btn-small btn-danger" aria-label=delete_label.clone()
                                on:click=move |_| confirming.set(true)>"Delete"</button>
                        })}
                    }.into_any()
                })}
            </td>
        </tr>
    }
}
