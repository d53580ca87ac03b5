//! `/admin/organizations` (ui.md, "organizations"; api.md §6), for whoever may create or change
//! organizations: the table (`table.rs`, `data-testid="organizations-table"`), `New
//! organization` and `Edit <name>` opening one form (`form.rs`), `Delete <name>` after a
//! confirmation, and the checkbox `Show participating organizations` (the dev store's global
//! `instance.displayOrganizations`, as chorus-web-ui keeps it). CHORUS keeps its list 5 seconds:
//! a saved or deleted row is shown from the reply, never re-read at once.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{organizations as api_orgs, ApiClient, ApiError};
use crate::components::admin_gate::AdminGate;
use crate::components::admin_nav::{AdminNav, AdminPage};
use crate::components::error_alert::ErrorAlert;
use crate::components::loaded::{from_resource, Loaded};
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::organizations::Organization;
use crate::domain::permissions::may_manage_organizations;
use crate::state::Slot;

mod form;
mod table;

/// What the form is open for.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum FormMode {
    New,
    Edit(Box<Organization>),
}

#[component]
pub(crate) fn AdminOrganizationsPage() -> impl IntoView {
    view! {
        <main class="page page-wide admin-page organizations-admin" id="main">
            <AdminNav current=AdminPage::Organizations/>
            <AdminGate allowed=may_manage_organizations needs="the permission createOrganization or updateOrganization">
                <OrganizationsAdmin/>
            </AdminGate>
        </main>
    }
}

#[component]
fn OrganizationsAdmin() -> impl IntoView {
    let api = ApiClient::use_client();
    let list = crate::state::resource(move || api_orgs::list(api));
    let form_mode = Slot::new(None::<FormMode>);
    let notice = Slot::new(None::<String>);
    // A row saved: shown from the reply (the list may come from CHORUS's 5-second cache).
    let on_saved = Callback::new(move |o: Organization| {
        let name = o.display_name();
        list.try_update(|l| {
            if let Some(Ok(rows)) = l {
                match rows.iter_mut().find(|r| r.id == o.id) {
                    Some(r) => *r = o,
                    None => rows.push(o),
                }
                api_orgs::sort(rows);
            }
        });
        form_mode.set(None);
        notice.set(Some(format!("Saved organization {name}.")));
    });
    let on_deleted = Callback::new(move |o: Organization| {
        list.try_update(|l| {
            if let Some(Ok(rows)) = l {
                rows.retain(|r| r.id != o.id);
            }
        });
        notice.set(Some(format!("Deleted organization {}.", o.display_name())));
    });
    let form_view = live(move || {
        form_mode.get().map(|mode| {
            let cancel = Callback::new(move |_| form_mode.set(None));
            let existing = match mode {
                FormMode::New => None,
                FormMode::Edit(o) => Some(*o),
            };
            view! {
                <crate::components::focus_return::FocusReturn>
                    <form::OrganizationForm existing=existing on_saved=on_saved on_cancel=cancel/>
                </crate::components::focus_return::FocusReturn>
            }
        })
    });
    view! {
        <div class="admin-head">
            <h1>"Organizations"</h1>
            <button type="button" class="btn btn-primary"
                aria-expanded=move || matches!(form_mode.get(), Some(FormMode::New)).to_string()
                on:click=move |_| { notice.set(None); form_mode.set(Some(FormMode::New)); }>
                "New organization"
            </button>
        </div>
        <DisplaySwitch/>
        {form_view}
        {live(move || notice.get().map(|m| view! { <p class="notice" role="status">{m}</p> }))}
        <Loaded
            state=from_resource(list)
            loading="Loading the organizations…"
            error_title="Could not load the organizations"
            on_retry=Callback::new(move |_| list.refetch())
            let:rows
        >
            {live(move || {
                let rows = rows.get();
                if rows.is_empty() {
                    view! { <p class="empty" role="status">"There are no organizations yet."</p> }.into_any()
                } else {
                    table::organizations_table(rows, form_mode, on_deleted).into_any()
                }
            })}
        </Loaded>
    }
}

/// `Show participating organizations`: the platform-wide switch of the `/organizations` page.
#[component]
fn DisplaySwitch() -> impl IntoView {
    let api = ApiClient::use_client();
    let stored = crate::state::resource(move || api_orgs::display(api));
    let shown = Slot::new(None::<bool>);
    let error = Slot::new(None::<ApiError>);
    let said = Slot::new(None::<&'static str>);
    crate::state::effect(move |_| {
        if let Some(Ok(v)) = stored.get() {
            shown.set(Some(v.unwrap_or(false)));
        }
    });
    let odd = move || match stored.get() {
        Some(Ok(Err(words))) => Some(words),
        _ => None,
    };
    let load_error = move || match stored.get() {
        Some(Err(e)) => Some(e),
        _ => None,
    };
    let save = local_action(move |show: &bool| {
        let show = *show;
        async move {
            error.set(None);
            match api_orgs::set_display(api, show).await {
                Ok(()) => {
                    said.try_set(Some(if show {
                        "Every signed-in user now sees the participating organizations."
                    } else {
                        "The participating organizations are hidden now."
                    }));
                }
                Err(e) => {
                    shown.try_set(Some(!show));
                    error.try_set(Some(e));
                }
            }
        }
    });
    let saving = save.pending();
    view! {
        <section class="display-switch" aria-labelledby="org-display-heading">
            <h2 id="org-display-heading" class="visually-hidden">"Whether they are shown"</h2>
            <div class="checkbox">
                <input type="checkbox" id="org-display"
                    disabled=move || shown.get().is_none() || saving.get()
                    prop:checked=move || shown.get().unwrap_or(false)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        shown.set(Some(on));
                        said.set(None);
                        save.dispatch_local(on);
                    }/>
                <label for="org-display">"Show participating organizations"</label>
            </div>
            <p class="hint">
                "When on, every signed-in user sees them on the " <a href="/organizations">"Organizations page"</a> "."
            </p>
            {live(move || odd().map(|w| view! { <p class="field-note">{w}</p> }))}
            {live(move || said.get().map(|w| view! { <p class="notice" role="status">{w}</p> }))}
            {live(move || load_error().map(|e| view! { <ErrorAlert title="Could not read whether they are shown" error=e/> }))}
            <When when=move || error.with(Option::is_some)>
                {live(move || error.get().map(|e| view! { <ErrorAlert title="Could not change whether they are shown" error=e/> }))}
            </When>
        </section>
    }
}
