//! `/workspaces/:workspaceId/data` (ui.md, "data link", "stores", "folder", "row actions",
//! "upload", "transfers"): a workspace's stores and folders, and what the user may do there:
//! new folder, rename, delete, download, select, and uploads (`upload.rs`) after the compliance
//! statements. `?store=&path=` opens a folder (a hostile path stops at its first bad segment).
//!
//! The page in files that change apart: what they share (`ctx.rs`), the store picker, the
//! breadcrumb (`folder_nav.rs`), the toolbar, the table (`table.rs`: filter, select-all and the
//! rows, drawn in part for a big folder; one row in `file_row.rs`), a row's actions, the
//! selection (`selection_bar.rs`), and the forms in a chunk of their own (`dataforms`, issue 58):
//! the compliance dialog before an upload and a data request from the selection
//! (`request_form.rs`). The table, its rows and their actions are a chunk of their own too
//! (`datatable`, [`TablePart`]), fetched once the page has shown: with them, the page waited for
//! 514 KB on a cold load before its heading, over the 500 KB of a signed-in page.
use std::sync::Arc;

use crate::components::live::live;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{files, workspaces, ApiClient};
use crate::components::error_alert::{ErrorAlert, ErrorDetail};
use crate::components::lazy_forms::{DataForms, DataParts, FormsChunk};
use crate::components::loaded::{from_resource, Loaded};
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::files::{clean_folder, join, StoreStatus};
use crate::domain::latest::Loadable;
use crate::domain::permissions::Perm;
use crate::domain::text::shown_string;
use crate::state::auth::Auth;
use crate::state::transfers::Transfers;
use crate::state::{Kept, Slot};

use ctx::{Ctx, Listing, Panels};
use folder_nav::FolderNav;
use table::FilesTable;
use toolbar::Toolbar;

pub(in crate::pages) mod compliance;
mod ctx;
mod download_probe;
mod drop;
mod file_row;
mod filter;
mod folder_nav;
mod folder_rename;
mod move_beside;
pub(in crate::pages) mod request_form;
mod row_actions;
mod search;
mod selection_bar;
mod store_picker;
mod table;
mod toolbar;

#[component]
pub(crate) fn DataPage() -> impl IntoView {
    let params = use_params_map();
    let ws = crate::state::memo(move |_| params.with(|p| p.get("workspaceId").unwrap_or_default()));
    view! {
        <main class="page data-page" id="main">
            {live(move || view! { <DataView ws=ws.get()/> })}
        </main>
    }
}

#[component]
fn DataView(ws: String) -> impl IntoView {
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let query = use_query_map();
    let transfers = match Transfers::use_transfers() {
        Some(t) => t,
        None => {
            crate::state::transfers::provide_transfers();
            expect_context::<Transfers>()
        }
    };
    let ws_id = Kept::new(ws);
    let workspace = crate::state::resource(move || {
        let ws = ws_id.try_get_value().unwrap_or_default();
        async move { workspaces::get(api, &ws).await }
    });
    crate::state::page_title::name_workspace(move || {
        workspace
            .get()
            .and_then(Result::ok)
            .map(|w| (w.id.clone(), w.display_name()))
    });
    let stores = crate::state::resource(move || {
        let ws = ws_id.try_get_value().unwrap_or_default();
        async move { files::stores(api, &ws).await }
    });
    let asked_store =
        crate::state::memo(move |_| query.with(|q| q.get("store").unwrap_or_default()));
    // The store shown: the one asked for, else the first one that is ready.
    let store = Signal::derive(move || {
        let asked = asked_store.get();
        match stores.get() {
            Some(Ok(list)) => {
                if list.iter().any(|s| s.name == asked) {
                    asked
                } else {
                    list.iter()
                        .find(|s| s.status == StoreStatus::Ready)
                        .map(|s| s.name.clone())
                        .unwrap_or_default()
                }
            }
            _ => String::new(),
        }
    });
    let folder = crate::state::memo(move |_| {
        query.with(|q| clean_folder(&q.get("path").unwrap_or_default()))
    });
    let store_ready = Signal::derive(move || {
        let s = store.get();
        matches!(stores.get(), Some(Ok(list)) if list.iter().any(|x| x.name == s && x.status == StoreStatus::Ready))
    });
    let listing = crate::state::resource(move || {
        let ws = ws_id.try_get_value().unwrap_or_default();
        let store = store.get();
        let folder = folder.get();
        let ready = store_ready.get();
        async move {
            let listing = |entries, unlisted| Listing {
                store: store.clone(),
                folder: folder.clone(),
                entries: Arc::new(entries),
                unlisted,
            };
            if store.is_empty() || !ready {
                return Ok(listing(Vec::new(), false));
            }
            let path = join(&store, &folder, "", false);
            match files::list(api, &ws, &path).await {
                Ok(entries) => Ok(listing(entries, false)),
                // CHORUS 0978bc77: the root of a store the workspace never wrote to is a 500
                // "Unable to list files at path disk/".
                Err(e) if folder.is_empty() && e.status() == Some(500) => {
                    Ok(listing(Vec::new(), true))
                }
                Err(e) => Err(e),
            }
        }
    });
    let ctx = Ctx {
        api,
        auth,
        ws: ws_id,
        store,
        folder: folder.into(),
        listing,
        said: Slot::new(None),
        fade: crate::state::timer::Delay::new(),
        failed: Slot::new(None),
        selected: Slot::new(Vec::new()),
        download_checked: Slot::new(false),
        asking: Slot::new(None),
        forms: FormsChunk::new(use_context::<DataForms>().map(|f| f.0)),
    };
    download_probe::watch(ctx);
    // The compliance dialog's chunk, once the page has shown (an effect runs after it), for who
    // may upload: picked files then open it at once.
    crate::state::effect(move |_| {
        if ctx.may(Perm::UploadFilesToWorkspace) {
            ctx.forms.prefetch();
        }
    });
    // Named by what it is, even when it cannot be read: "Workspace 3", never "this workspace".
    // Another folder or store: what was said of the last one goes, and a focus lost with the
    // last folder's rows goes to the new folder's name (once it is drawn). Not when the page
    // picks its first store itself.
    let refocus = crate::state::timer::Delay::new();
    crate::state::effect(move |prev: Option<(String, String)>| {
        let now = (store.get(), folder.get());
        if let Some(before) = prev {
            if before != now {
                ctx.quiet();
                if !before.0.is_empty() {
                    refocus.start(std::time::Duration::ZERO, folder_nav::focus_current_if_lost);
                }
            }
        }
        now
    });
    let name = move || match workspace.get() {
        Some(Ok(w)) => shown_string(&w.display_name()),
        _ => format!(
            "Workspace {}",
            shown_string(&ws_id.try_get_value().unwrap_or_default())
        ),
    };
    let known = move || auth.grants().is_some();
    let may_list = move || ctx.may(Perm::ListFilesInWorkspace);
    let pending_batch: Slot<Option<ctx::Pick>> = Slot::new(None);
    provide_context(Panels {
        ctx,
        pending_batch,
        transfers,
    });
    // The table's chunk, once the page has shown (an effect runs after it): the folder's listing
    // is on its way meanwhile.
    let parts = FormsChunk::new(use_context::<DataParts>().map(|p| p.0));
    parts.open_once(|| true);
    view! {
        <p class="breadcrumb">
            <a href=move || crate::routes::workspace_href(&ws_id.try_get_value().unwrap_or_default())>{name}</a>
        </p>
        {live(move || (known() && !may_list()).then(|| view! {
            <h1>"No access"</h1>
            <p>{format!("You may not see the files of {}: your roles in it do not allow it. If you need them, ask an administrator of the workspace.", name())}</p>
            <ErrorDetail detail="Permission needed: listFilesInWorkspace"/>
        }))}
        <When when=move || !known() || may_list()>
            <h1>"Data"</h1>
            <p class="muted">{live(move || format!("The files of {}. What comes in is checked first; what goes out needs an approved request.", name()))}</p>
            {live(move || ctx.said.get().map(|s| view! { <p class="alert alert-ok" role="status">{s}</p> }))}
            {live(move || ctx.failed.get().map(|(words, e)| view! { <ErrorAlert title=words error=e/> }))}
            <Loaded
                state=from_resource(stores)
                loading="Loading the stores…"
                error_title="Could not load the workspace's stores"
                on_retry=Callback::new(move |_| stores.refetch())
                let:list
            >
                {live(move || store_picker::store_picker(ctx, list.get()))}
            </Loaded>
            <When when=move || store_ready.get()>
                <FolderNav ctx=ctx/>
                <Toolbar ctx=ctx pending_batch=pending_batch/>
                // Under the upload buttons: what picked files wait for is said where the pick was.
                {upload_dialog(ctx, pending_batch)}
                <When when=move || !api.supports(crate::api::extension::Extension::FileDownload)>
                    <p class="muted data-out-note" data-testid="download-note">
                        "To take files out of this workspace, select them and choose Request extraction: an approver decides, then you download them from the request's page. This platform sends no file out directly."
                    </p>
                </When>
                {parts.part(
                    DataParts::TABLE,
                    "Loading the folder…",
                    "The folder's table could not be loaded.",
                    "data-table-error",
                    None,
                )}
            </When>
            {crate::components::lazy_forms::PageTransfersView::view()}
        </When>
    }
}

/// The folder's table, from the `datatable` chunk: its rows once listed (the listing is the
/// page's, in [`Panels`]). While another store or folder is on its way, the last one's rows are
/// not shown under the new one's name (a press there would act on the last folder): the page
/// says it is loading.
#[component]
pub(in crate::pages) fn TablePart() -> impl IntoView {
    let Panels {
        ctx, pending_batch, ..
    } = expect_context::<Panels>();
    let listing = ctx.listing;
    let asked = crate::state::memo(move |_| (ctx.store.get(), ctx.folder.get()));
    let state = move || match listing.get() {
        Some(Ok(l)) if asked.with(|(s, f)| (s, f) != (&l.store, &l.folder)) => Loadable::Loading,
        r => Loadable::from_result(r),
    };
    view! {
        <Loaded
            state=state
            loading="Loading the folder…"
            error_title="Could not list this folder"
            on_retry=Callback::new(move |_| listing.refetch())
            let:l
        >
            <FilesTable ctx=ctx listing=l pending_batch=pending_batch/>
        </Loaded>
    }
}

/// The compliance dialog for what is picked or dropped, from the `dataforms` chunk: fetched at
/// the latest now (the page fetches it once shown, its upload buttons and a drag over the table
/// too). While it comes, the page says so; if it does not, the files stay picked and the user
/// may try again or cancel.
fn upload_dialog(ctx: Ctx, pending_batch: Slot<Option<ctx::Pick>>) -> impl IntoView {
    let chunk = ctx.forms;
    crate::state::effect(move |_| {
        if pending_batch.with(Option::is_some) {
            chunk.open(|| ());
        }
    });
    live(move || {
        let count = pending_batch.with(|b| b.as_ref().map(ctx::Pick::count))?;
        Some(if chunk.ready() {
            chunk.form(DataForms::COMPLIANCE).into_any()
        } else if chunk.failed() {
            let picked = match count {
                1 => "Your file is still picked".to_owned(),
                n => format!(
                    "Your {} files are still picked",
                    crate::domain::text::grouped(n as u64)
                ),
            };
            view! {
                <div class="alert alert-error" role="alert" data-testid="upload-dialog-error">
                    <p>{format!("The upload dialog could not be loaded, so nothing was sent. {picked}: check your connection, then try again.")}</p>
                    <div class="form-actions">
                        <button type="button" class="btn btn-primary" on:click=move |_| chunk.open(|| ())>"Try again"</button>
                        <button type="button" class="btn" on:click=move |_| {
                            pending_batch.set(None);
                            crate::components::focus_by_id(toolbar::UPLOAD_FILES_ID);
                        }>"Cancel"</button>
                    </div>
                </div>
            }
            .into_any()
        } else {
            view! { <crate::components::loading::Loading label="Opening the upload dialog…"/> }
                .into_any()
        })
    })
}
