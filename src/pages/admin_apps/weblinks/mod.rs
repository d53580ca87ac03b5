//! `/admin/apps?tab=weblinks` (ui.md, "web links"; the rules: [`crate::domain::weblinks`]): the
//! platform's web links for who may `setPlatformSettings`. `<table data-testid="weblinks-table">`,
//! `New link`, `Edit <name>` and `Delete <name>`, one form ([`form`]). The list is one global
//! dev-store value that anyone can read (said above the table and in the form) and that a write
//! replaces whole: each save reads it again just before writing and applies its one change to
//! what it read ([`save`]), so another admin's change meanwhile is kept, and a change of the same
//! link meanwhile is said rather than overwritten. A stored value that cannot be read is said,
//! and nothing is written over it.
mod form;

use crate::components::live::live;
use leptos::prelude::*;

use crate::api::devstore::{self, Scope};
use crate::api::{ApiClient, ApiError};
use crate::components::confirm_inline::{ConfirmInline, ConfirmLayout};
use crate::components::data_table::{Column, DataTable};
use crate::components::focus_return::FocusReturn;
use crate::components::loaded::{from_resource, Loaded};
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::text::shown_string;
use crate::domain::weblinks::{apply, parse, to_value, Change, WebLink, KEY};
use crate::state::Slot;
use crate::state::{Kept, Resource};

use form::LinkForm;

const COLUMNS: &[Column] = &[
    Column::shown("Name"),
    Column::shown("Address"),
    Column::shown("Description"),
    Column::hidden("Actions"),
];

/// Said above the table and in the form.
pub(super) const PUBLIC: &str = "This list is public: anyone can read it, signed in or not, through the platform's dev store. Put no secret in a name, an address or a description.";

/// What the parts share.
#[derive(Clone, Copy)]
pub(super) struct Links {
    api: ApiClient,
    list: Resource<Result<Result<Vec<WebLink>, String>, ApiError>>,
    /// The form: `None` closed, `Some(None)` a new link, `Some(Some(link))` an edit.
    editing: Slot<Option<Option<WebLink>>>,
    said: Slot<Option<String>>,
}

/// Why a save wrote nothing.
#[derive(Clone, Debug)]
pub(super) enum NotSaved {
    /// The backend did not take it.
    Api(ApiError),
    /// The rules refuse it, in words (changed meanwhile, a value that cannot be read), with the
    /// link as stored now (`None`: gone, or not about one link).
    Words(String, Option<WebLink>),
}

impl Links {
    /// Reads the list again, applies `change`, writes the whole list.
    pub(super) async fn save(self, change: Change) -> Result<(), NotSaved> {
        let raw = devstore::get(self.api, &Scope::Global, KEY)
            .await
            .map_err(NotSaved::Api)?;
        let fresh = parse(raw.as_deref()).map_err(|w| NotSaved::Words(w, None))?;
        let id = match &change {
            Change::Create(l) | Change::Delete(l) | Change::Edit { before: l, .. } => l.id.clone(),
        };
        let now = fresh.iter().find(|l| l.id == id).cloned();
        let result = apply(fresh, &change);
        let next = match result {
            Ok(next) => next,
            Err(words) => {
                // The list shows what is stored now.
                self.list.refetch();
                return Err(NotSaved::Words(words, now));
            }
        };
        devstore::put(self.api, &Scope::Global, KEY, &to_value(&next))
            .await
            .map_err(NotSaved::Api)?;
        self.list.refetch();
        Ok(())
    }
}

#[component]
pub(crate) fn WebLinksAdmin() -> impl IntoView {
    let api = ApiClient::use_client();
    let list = crate::state::resource(move || async move {
        let raw = devstore::get(api, &Scope::Global, KEY).await?;
        Ok::<_, ApiError>(parse(raw.as_deref()))
    });
    let links = Links {
        api,
        list,
        editing: Slot::new(None),
        said: Slot::new(None),
    };
    let readable = move || matches!(list.get(), Some(Ok(Ok(_))));
    view! {
        <p class="muted">"Links to web pages outside the console, shown to every user on the Apps page. Each opens in a new tab, never inside the console; only https addresses are taken."</p>
        <p class="alert alert-warn weblinks-public">{PUBLIC}</p>
        {live(move || links.said.get().map(|s| view! { <p class="alert alert-success" role="status">{s}</p> }))}
        <When when=move || links.editing.get().is_none() && readable()>
            <div class="section-head">
                <button type="button" class="btn btn-primary" id="weblinks-new"
                    on:click=move |_| { links.said.set(None); links.editing.set(Some(None)); }>
                    "New link"
                </button>
            </div>
        </When>
        {live(move || links.editing.get().map(|original| view! {
            <FocusReturn><LinkForm links=links original=original/></FocusReturn>
        }))}
        <Loaded
            state=from_resource(list)
            loading="Loading the web links…"
            error_title="Could not load the web links"
            on_retry=Callback::new(move |_| list.refetch())
            let:read
        >
            {live(move || match read.get() {
                Err(words) => view! {
                    <p class="alert alert-error" role="alert">
                        {words}
                        " Nothing can be saved here until the value under the dev-store key external_webapps is mended."
                    </p>
                }.into_any(),
                Ok(rows) => {
                    let n = rows.len();
                    view! {
                        <p class="muted" data-testid="weblinks-count">
                            {match n { 0 => "No web links yet.".to_owned(), 1 => "1 link.".to_owned(), n => format!("{n} links.") }}
                        </p>
                        <DataTable testid="weblinks-table" class="weblinks-table" caption="The platform's web links" columns=COLUMNS>
                            {rows.into_iter().map(|l| view! { <Row links=links link=l/> }).collect_view()}
                        </DataTable>
                    }.into_any()
                }
            })}
        </Loaded>
    }
}

#[component]
fn Row(links: Links, link: WebLink) -> impl IntoView {
    let name = shown_string(&link.name);
    let address = shown_string(&link.url);
    let https = link.href().is_some();
    let confirming = Slot::new(false);
    let deleting = Slot::new(false);
    let error = Slot::new(None::<ApiError>);
    let words = Slot::new(None::<String>);
    let stored = Kept::new(link.clone());
    let delete = move || {
        deleting.set(true);
        error.set(None);
        words.set(None);
        leptos::task::spawn_local(async move {
            let before = stored.get_value();
            let name = shown_string(&before.name);
            let outcome = links.save(Change::Delete(before)).await;
            deleting.try_set(false);
            match outcome {
                Ok(()) => {
                    links.said.try_set(Some(format!("{name} was deleted.")));
                    // Its row is gone: focus on `New link`.
                    crate::components::focus_by_id("weblinks-new");
                }
                Err(NotSaved::Api(e)) => {
                    error.try_set(Some(e));
                }
                Err(NotSaved::Words(w, now)) => {
                    // Theirs is what a second Delete deletes.
                    if let Some(now) = now {
                        let _ = stored.try_set_value(now);
                    }
                    words.try_set(Some(w));
                }
            }
        });
    };
    let (edit_label, delete_label) = (format!("Edit {name}"), format!("Delete {name}"));
    let question = format!("Delete the web link {name}? Users will no longer see it.");
    view! {
        <tr data-weblink-id=link.id.clone()>
            <td class="weblink-name" data-label="Name">{name.clone()}</td>
            <td class="weblink-address" data-label="Address">
                <code>{address}</code>
                {(!https).then(|| view! { <span class="muted">" (not https: shown to users as text, not opened)"</span> })}
            </td>
            <td data-label="Description">{link.description.as_deref().map(shown_string).unwrap_or_else(|| "—".to_owned())}</td>
            <td class="row-actions">
                {live(move || words.get().map(|w| view! { <p class="field-error" role="alert">{w}</p> }))}
                {live(move || if confirming.get() {
                    view! {
                        <ConfirmInline
                            layout=ConfirmLayout::Row("Confirm the deletion")
                            question=question.clone()
                            confirm_label="Delete"
                            busy=deleting
                            on_confirm=Callback::new(move |_| delete())
                            on_cancel=Callback::new(move |_| confirming.set(false))
                            error=error
                            error_title="Could not delete the link"
                        />
                    }.into_any()
                } else {
                    view! {
                        <span class="row-buttons">
                            <button type="button" class="btn btn-small" aria-label=edit_label.clone()
                                on:click=move |_| { links.said.set(None); links.editing.set(Some(Some(stored.get_value()))); }>
                                "Edit"
                            </button>
                            <button type="button" class="btn btn-small btn-danger" aria-label=delete_label.clone()
                                on:click=move |_| confirming.set(true)>"Delete"</button>
                        </span>
                    }.into_any()
                })}
            </td>
        </tr>
    }
}
