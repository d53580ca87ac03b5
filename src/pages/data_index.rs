//! `/data`, the data index (ui.md, "data index"; issue 60.3): every workspace whose files the
//! user may list (`listFilesInWorkspace` there, asked per workspace so that a `"*"` role counts;
//! chorus-web-ui's exact match misses those), its name linking to its Data page, each store with
//! its status in words (`GET /workspaces/{id}/stores`, one row at a time) and whether the user may
//! upload. No file counts: CHORUS counts none (`domain::data_index`).
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{files, workspaces as workspaces_api, ApiClient};
use crate::components::data_table::{Column, DataTable};
use crate::components::keyed::Keyed;
use crate::components::loaded::{from_resource, Loaded};
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::data_index::{any_ready, matches, shown_words, stores_words, upload_words};
use crate::domain::permissions::{Perm, Target};
use crate::domain::text::shown_string;
use crate::domain::workspace::{Workspace, WorkspaceStatus};
use crate::state::auth::Auth;
use crate::state::{Derived, Slot};

const COLUMNS: &[Column] = &[
    Column::shown("Workspace"),
    Column::shown("Stores"),
    Column::shown("Upload"),
];

/// `/data`: the search, the table, the count.
#[component]
pub(crate) fn DataIndexPage() -> impl IntoView {
    let api = ApiClient::use_client();
    let notes = crate::state::notifications::Notifications::use_notifications();
    // Listed again when the user's roles change (a workspace joined or left).
    let list = crate::state::resource(move || {
        notes.roles_changed();
        workspaces_api::list(api)
    });
    let retry = Callback::new(move |_| list.refetch());
    view! {
        <main class="page page-wide data-index" id="main">
            <h1>"Data"</h1>
            <p class="muted">"Every workspace whose files you may list, with its file stores. Open one to see its files."</p>
            <Loaded
                state=from_resource(list)
                loading="Loading your workspaces…"
                error_title="Could not load your workspaces"
                on_retry=retry
                let:list
            >
                <Index list=list/>
            </Loaded>
        </main>
    }
}

#[component]
fn Index(list: Derived<Vec<Workspace>>) -> impl IntoView {
    let auth = Auth::use_auth();
    let query = Slot::new(String::new());
    // The workspaces whose files the user may list (nothing until the grants are known).
    let listable = crate::state::memo(move |_| {
        list.with(|l| {
            l.iter()
                .filter(|w| w.status != WorkspaceStatus::Deleted)
                .filter(|w| auth.can_in(Perm::ListFilesInWorkspace, &Target::workspace(&w.id)))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let shown = crate::state::memo(move |_| {
        let q = query.get();
        listable.with(|l| {
            l.iter()
                .filter(|w| matches(&q, &w.display_name(), &w.id))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let counted = move || shown_words(shown.with(Vec::len), listable.with(Vec::len));
    view! {
        <div class="field data-index-search">
            <label for="data-index-search">"Search workspaces"</label>
            <input id="data-index-search" type="search" autocomplete="off"
                prop:value=move || query.get()
                on:input=move |e| query.set(event_target_value(&e))/>
        </div>
        {live(move || {
            if listable.with(Vec::is_empty) {
                return view! {
                    <p class="empty">"There is no workspace whose files you may list. Ask a workspace's administrator to add you to it."</p>
                }
                .into_any();
            }
            view! {
                <p class="muted table-count" data-testid="data-index-count" role="status">{counted}</p>
                <DataTable testid="data-index" caption="Workspaces and their file stores" columns=COLUMNS>
                    <Keyed each=move || shown.get() key=|w| w.id.clone() let:w>
                        <IndexRow w=w/>
                    </Keyed>
                </DataTable>
                <When when=move || shown.with(Vec::is_empty)>
                    <p class="empty">"No workspace matches your search."</p>
                </When>
            }
            .into_any()
        })}
    }
}

/// One workspace: its name as a link to its Data page, its stores, upload or not.
#[component]
fn IndexRow(w: Workspace) -> impl IntoView {
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let id = w.id.clone();
    let stores = {
        let id = id.clone();
        crate::state::resource(move || {
            let id = id.clone();
            async move { files::stores(api, &id).await }
        })
    };
    let stores_line = move || match stores.get() {
        None => "Loading stores…".to_owned(),
        Some(Ok(list)) if !any_ready(&list) && !list.is_empty() => {
            format!("{}: none can be opened now", stores_words(&list))
        }
        Some(Ok(list)) => stores_words(&list),
        Some(Err(e)) => format!("Could not read the stores: {}", e.words()),
    };
    let target = Target::workspace(&id);
    let upload = live(move || upload_words(auth.can_in(Perm::UploadFilesToWorkspace, &target)));
    let href = format!("{}/data", crate::routes::workspace_href(&id));
    view! {
        <tr data-workspace-id=id.clone()>
            <td><a href=href>{shown_string(&w.display_name())}</a></td>
            <td>{live(move || shown_string(&stores_line()))}</td>
            <td>{upload}</td>
        </tr>
    }
}
