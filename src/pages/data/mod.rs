//! `/workspaces/:workspaceId/data` (ui.md, "data link", "stores", "folder", "row actions",
//! "upload", "transfers"): a workspace's stores and folders, and what the user may do there:
//! new folder, rename, delete, download, select, and uploads (`upload.rs`) after the compliance
//! statements. `?store=&path=` opens a folder (a hostile path stops at its first bad segment).
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use wasm_bindgen::JsCast;

use crate::api::extension::Extension;
use crate::api::{files, workspaces, ApiClient, ApiError};
use crate::components::confirm_inline::{ConfirmInline, ConfirmLayout};
use crate::components::data_table::{Column, DataTable};
use crate::components::error_alert::ErrorAlert;
use crate::components::loaded::{from_resource, Loaded};
use crate::components::transfers::TransfersList;
use crate::components::when::When;
use crate::domain::files::{
    breadcrumb, clean_folder, compliance_message, join, kind_words, new_name_problem, size_words,
    Entry, Store, StoreStatus, COMPLIANCE_STATEMENTS,
};
use crate::domain::permissions::{Perm, Target};
use crate::domain::text::{shown, shown_string};
use crate::state::auth::Auth;
use crate::state::transfers::{TransferState, Transfers};

mod request_form;
mod upload;

/// The address of a folder of the data page.
pub(crate) fn data_href(ws: &str, store: &str, folder: &str) -> String {
    let base = format!("{}/data", crate::pages::workspace_href(ws));
    if store.is_empty() {
        return base;
    }
    let q = |s: &str| crate::api::client::encode_component(s);
    if folder.is_empty() {
        format!("{base}?store={}", q(store))
    } else {
        format!("{base}?store={}&path={}", q(store), q(folder))
    }
}

#[component]
pub(crate) fn DataPage() -> impl IntoView {
    let params = use_params_map();
    let ws = crate::state::memo(move |_| params.with(|p| p.get("workspaceId").unwrap_or_default()));
    view! {
        <main class="page data-page" id="main">
            {move || view! { <DataView ws=ws.get()/> }}
        </main>
    }
}

/// What the parts of the page share.
#[derive(Clone, Copy)]
struct Ctx {
    api: ApiClient,
    auth: Auth,
    ws: StoredValue<String>,
    store: Signal<String>,
    folder: Signal<String>,
    listing: crate::state::Resource<Result<Listing, ApiError>>,
    said: RwSignal<Option<String>>,
    failed: RwSignal<Option<(String, ApiError)>>,
    /// The files picked for a data request (kept across folders).
    selected: RwSignal<Vec<Entry>>,
}

/// A folder's entries; `unlisted`: CHORUS could not list the store's root (it has no folder
/// for the workspace until the first file is written there).
#[derive(Clone, Debug, PartialEq)]
struct Listing {
    /// Where it was listed: two folders with the same entries are still two listings (their
    /// rows' links differ).
    store: String,
    folder: String,
    entries: Vec<Entry>,
    unlisted: bool,
}

impl Ctx {
    fn ws(self) -> String {
        self.ws.try_get_value().unwrap_or_default()
    }

    fn may(self, perm: Perm) -> bool {
        self.auth.can_in(perm, &Target::workspace(&self.ws()))
    }

    fn fail(self, what: String, e: ApiError) {
        self.said.try_set(None);
        self.failed.try_set(Some((refusal(what, &e), e)));
    }

    fn ok(self, words: String) {
        self.failed.try_set(None);
        self.said.try_set(Some(shown_string(&words)));
        self.listing.refetch();
    }
}

/// A refusal names what is missing (`required permission: uploadFilesToWorkspace`), in words.
fn refusal(what: String, e: &ApiError) -> String {
    if e.status() != Some(403) {
        return what;
    }
    let m = e.message();
    let perm = m
        .split("required permission:")
        .nth(1)
        .map(str::trim)
        .unwrap_or("");
    let words = match perm.split('@').next().unwrap_or("") {
        "uploadFilesToWorkspace" => "You may not upload files to this workspace",
        "modifyFilesInWorkspace" => "You may not change files in this workspace",
        "downloadFilesFromWorkspace" => "You may not download files from this workspace",
        "listFilesInWorkspace" => "You may not see the files of this workspace",
        _ => return what,
    };
    format!(
        "{what}: {words} (permission {}).",
        perm.split('@').next().unwrap_or("")
    )
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
    let ws_id = StoredValue::new(ws);
    let workspace = crate::state::resource(move || {
        let ws = ws_id.try_get_value().unwrap_or_default();
        async move { workspaces::get(api, &ws).await }
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
                entries,
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
        said: RwSignal::new(None),
        failed: RwSignal::new(None),
        selected: RwSignal::new(Vec::new()),
    };
    let name = move || match workspace.get() {
        Some(Ok(w)) => shown_string(&w.display_name()),
        _ => "this workspace".to_owned(),
    };
    let known = move || auth.grants().is_some();
    let may_list = move || ctx.may(Perm::ListFilesInWorkspace);
    let pending_batch: RwSignal<Option<Vec<web_sys::File>>> = RwSignal::new(None);
    view! {
        <p class="breadcrumb">
            <a href=move || crate::pages::workspace_href(&ws_id.try_get_value().unwrap_or_default())>{name}</a>
        </p>
        {move || (known() && !may_list()).then(|| view! {
            <h1>"No access"</h1>
            <p>{format!("You may not see the files of {} (permission listFilesInWorkspace).", name())}</p>
        })}
        <When when=move || !known() || may_list()>
            <h1>"Data"</h1>
            <p class="muted">{move || format!("The files of {}. What comes in is checked first; what goes out needs an approved request.", name())}</p>
            {move || ctx.said.get().map(|s| view! { <p class="alert alert-ok" role="status">{s}</p> })}
            {move || ctx.failed.get().map(|(words, e)| view! { <ErrorAlert title=words error=e/> })}
            <Loaded
                state=from_resource(stores)
                loading="Loading the stores…"
                error_title="Could not load the workspace's stores"
                on_retry=Callback::new(move |_| stores.refetch())
                let:list
            >
                {move || store_picker(ctx, list.get())}
            </Loaded>
            <When when=move || store_ready.get()>
                <FolderNav ctx=ctx/>
                <Toolbar ctx=ctx pending_batch=pending_batch/>
                <Loaded
                    state=from_resource(listing)
                    loading="Loading the folder…"
                    error_title="Could not list this folder"
                    on_retry=Callback::new(move |_| listing.refetch())
                    let:l
                >
                    {move || files_table(ctx, l.get(), pending_batch)}
                </Loaded>
            </When>
            {move || pending_batch.get().map(|batch| view! {
                <ComplianceDialog ctx=ctx batch=batch pending_batch=pending_batch transfers=transfers/>
            })}
            <When when=move || transfers.rows.with(|r| !r.is_empty()) && !transfers.panel_open.get()>
                <section class="data-transfers" aria-labelledby="transfers-heading">
                    <h2 id="transfers-heading">"Transfers"</h2>
                    <TransfersList transfers=transfers/>
                </section>
            </When>
        </When>
    }
}

/// The `Store` select (more than one store), or what the one store is; a store that is not
/// ready says so in words and cannot be opened.
fn store_picker(ctx: Ctx, list: Vec<Store>) -> AnyView {
    if list.is_empty() {
        return view! { <p class="empty">"This workspace has no file store: the deployment configures none."</p> }.into_any();
    }
    let ws = ctx.ws();
    // Made here, in the page's owner: an event handler has none to find the router in.
    let navigate = leptos_router::hooks::use_navigate();
    let current = ctx.store.get_untracked();
    let not_ready: Vec<String> = list
        .iter()
        .filter(|s| s.status != StoreStatus::Ready)
        .map(|s| format!("Store {} cannot be opened: {}.", s.name, s.status.words()))
        .collect();
    let none_ready = list.iter().all(|s| s.status != StoreStatus::Ready);
    let picker = if list.len() > 1 {
        let options = list
            .iter()
            .map(|s| {
                let label = if s.status == StoreStatus::Ready {
                    s.name.clone()
                } else {
                    format!("{} ({})", s.name, s.status.words())
                };
                view! {
                    <option value=s.name.clone() selected=s.name == current disabled=s.status != StoreStatus::Ready>
                        {label}
                    </option>
                }
            })
            .collect_view();
        view! {
            <div class="field field-inline">
                <label for="data-store">"Store"</label>
                <select id="data-store" on:change=move |e| {
                    let v = event_target_value(&e);
                    let href = data_href(&ws, &v, "");
                    navigate(&href, Default::default());
                }>{options}</select>
            </div>
        }
        .into_any()
    } else {
        view! { <p class="muted">{format!("Store: {}", list[0].name)}</p> }.into_any()
    };
    view! {
        <div class="data-stores">
            {picker}
            {not_ready.into_iter().map(|w| view! { <p class="muted store-note">{w}</p> }).collect_view()}
            {none_ready.then(|| view! { <p class="alert alert-warn" role="status">"No store of this workspace can be opened now."</p> })}
        </div>
    }
    .into_any()
}

/// `<nav aria-label="Folder">`: the way up, the first link named by the store.
#[component]
fn FolderNav(ctx: Ctx) -> impl IntoView {
    move || {
        let ws = ctx.ws();
        let store = ctx.store.get();
        let crumbs = breadcrumb(&store, &ctx.folder.get());
        let last = crumbs.len().saturating_sub(1);
        let items = crumbs
            .into_iter()
            .enumerate()
            .map(|(i, (label, folder))| {
                if i == last {
                    view! { <li><span aria-current="page">{label}</span></li> }.into_any()
                } else {
                    view! { <li><a href=data_href(&ws, &store, &folder)>{label}</a></li> }
                        .into_any()
                }
            })
            .collect_view();
        view! { <nav aria-label="Folder" class="folder-nav"><ol>{items}</ol></nav> }
    }
}

/// `New folder` and `Upload files`, for those who may.
#[component]
fn Toolbar(ctx: Ctx, pending_batch: RwSignal<Option<Vec<web_sys::File>>>) -> impl IntoView {
    let may_upload = move || ctx.may(Perm::UploadFilesToWorkspace);
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<&'static str>);
    let create = crate::components::local_action(move |n: &String| {
        let n = n.clone();
        async move {
            let path = join(
                &ctx.store.get_untracked(),
                &ctx.folder.get_untracked(),
                &n,
                true,
            );
            match files::create_folder(ctx.api, &ctx.ws(), &path, &n).await {
                Ok(()) => {
                    open.set(false);
                    name.set(String::new());
                    ctx.ok(format!("Folder {n} created."));
                }
                Err(e) if e.status() == Some(409) => {
                    ctx.fail(format!("There is already something named “{n}” here"), e)
                }
                Err(e) => ctx.fail(format!("Could not create folder {n}"), e),
            }
        }
    });
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let pick = move |e: leptos::ev::Event| {
        let Some(input) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let files = file_list(input.files());
        input.set_value("");
        if !files.is_empty() {
            pending_batch.set(Some(files));
        }
    };
    view! {
        <When when=may_upload>
            <div class="data-toolbar" role="group" aria-label="Folder actions">
                <button type="button" class="btn" aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)>"New folder"</button>
                <button type="button" class="btn btn-primary" on:click=move |_| {
                    if let Some(i) = input_ref.get() { i.click(); }
                }>"Upload files"</button>
                <label class="visually-hidden" for="files-to-upload">"Files to upload"</label>
                <input id="files-to-upload" class="visually-hidden" type="file" multiple node_ref=input_ref
                    tabindex="-1" on:change=pick/>
            </div>
            <When when=move || open.get()>
                <form class="inline-form" on:submit=move |e| {
                    e.prevent_default();
                    let n = name.get_untracked();
                    problem.set(new_name_problem(&n));
                    if problem.get_untracked().is_none() { create.dispatch(n); }
                }>
                    <label class="field field-inline">
                        <span>"Folder name"</span>
                        <input type="text" autofocus prop:value=move || name.get()
                            on:input=move |e| name.set(event_target_value(&e))
                            aria-invalid=move || problem.get().is_some().to_string()/>
                    </label>
                    <button type="submit" class="btn btn-primary" disabled=move || create.pending().get()>"Create folder"</button>
                    <button type="button" class="btn" on:click=move |_| open.set(false)>"Cancel"</button>
                    {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
                </form>
            </When>
        </When>
    }
}

fn file_list(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

const COLUMNS: &[Column] = &[
    Column::hidden("Select"),
    Column::shown("Name"),
    Column::shown("Size"),
    Column::shown("Type"),
    Column::shown("Changed"),
    Column::hidden("Actions"),
];

fn files_table(
    ctx: Ctx,
    listing: Listing,
    pending_batch: RwSignal<Option<Vec<web_sys::File>>>,
) -> AnyView {
    let may_upload = ctx.may(Perm::UploadFilesToWorkspace);
    let drop_files = move |e: web_sys::DragEvent| {
        e.prevent_default();
        if !may_upload {
            return;
        }
        let files = file_list(e.data_transfer().and_then(|d| d.files()));
        if !files.is_empty() {
            pending_batch.set(Some(files));
        }
    };
    let empty = listing.entries.is_empty();
    let unlisted = listing.unlisted;
    let (store, folder) = (listing.store, listing.folder);
    let siblings: Vec<String> = listing
        .entries
        .iter()
        .filter(|e| e.is_folder)
        .map(|e| e.name.clone())
        .collect();
    let targets = StoredValue::new(crate::domain::files::move_targets(&folder, &siblings));
    let rows = listing
        .entries
        .into_iter()
        .map(|entry| view! { <FileRow ctx=ctx store=store.clone() folder=folder.clone() entry=entry targets=targets/> })
        .collect_view();
    let selected = move || ctx.selected.with(Vec::len);
    view! {
        <div class="files-drop" on:dragover=move |e: web_sys::DragEvent| e.prevent_default() on:drop=drop_files>
            <DataTable testid="files-table" caption="Files in this folder" columns=COLUMNS>
                {rows}
            </DataTable>
            {empty.then(|| view! {
                <p class="empty">{if unlisted {
                    "Nothing here yet: this store holds no file of this workspace."
                } else {
                    "This folder is empty."
                }}
                {may_upload.then_some(" Upload files, or drop them here.")}</p>
            })}
        </div>
        {move || (selected() > 0).then(|| view! {
            <request_form::SelectionBar ctx=ctx/>
        })}
    }
    .into_any()
}

/// One row: the name (a folder's leads into it), size, type, when it changed, its actions.
#[component]
fn FileRow(
    ctx: Ctx,
    /// The store and folder the row was listed in.
    store: String,
    folder: String,
    entry: Entry,
    /// Where a file here can be moved (`domain::files::move_targets`).
    targets: StoredValue<Vec<(String, String)>>,
) -> impl IntoView {
    let ws = ctx.ws();
    let name = entry.name.clone();
    let label = shown_string(&name);
    let path = entry.path.clone();
    let is_folder = entry.is_folder;
    let name_cell = if is_folder {
        let inner = if folder.is_empty() {
            name.clone()
        } else {
            format!("{folder}/{name}")
        };
        view! { <a href=data_href(&ws, &store, &inner)>{label.clone()}</a> }.into_any()
    } else {
        view! { <span>{label.clone()}</span> }.into_any()
    };
    let changed_ms = crate::domain::time::parse_rfc3339_ms(&entry.updated_at);
    let changed_words =
        changed_ms.map(|ms| crate::domain::time::relative_time(ms, crate::state::now_ms_i64()));
    let changed = changed_ms.zip(changed_words.clone()).map(|(ms, words)| {
        view! {
            <time datetime=crate::domain::time::format_rfc3339_utc(ms) title=crate::domain::time::format_utc(ms)>{words}</time>
        }
    });
    // On a narrow screen the type and changed columns give way: said under the name instead.
    let meta = [Some(kind_words(&entry)), changed_words]
        .into_iter()
        .flatten()
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let size = if is_folder {
        String::new()
    } else {
        size_words(entry.size)
    };
    let p = path.clone();
    let checked = move || ctx.selected.with(|s| s.iter().any(|e| e.path == p));
    let picked = entry.clone();
    let toggle = move |_| {
        ctx.selected.update(|s| {
            if let Some(i) = s.iter().position(|x| x.path == picked.path) {
                s.remove(i);
            } else {
                s.push(picked.clone());
            }
        })
    };
    view! {
        <tr data-path=path.clone() data-kind=if is_folder { "folder" } else { "file" }>
            <td>
                <input type="checkbox" aria-label=format!("Select {label}") prop:checked=checked on:change=toggle/>
            </td>
            <td class="file-name">{name_cell}<span class="file-meta">{meta}</span></td>
            <td class="file-size">{size}</td>
            <td class="col-kind">{kind_words(&entry)}</td>
            <td class="col-changed">{changed}</td>
            <td class="row-actions"><RowActions ctx=ctx store=store folder=folder entry=entry targets=targets/></td>
        </tr>
    }
}

/// What one does to a row: download, rename, move, delete (each for those who may).
#[component]
fn RowActions(
    ctx: Ctx,
    /// The store and folder the row was listed in.
    store: String,
    folder: String,
    entry: Entry,
    targets: StoredValue<Vec<(String, String)>>,
) -> impl IntoView {
    let may_modify = ctx.may(Perm::ModifyFilesInWorkspace);
    let may_download = ctx.may(Perm::DownloadFilesFromWorkspace);
    let name = StoredValue::new(entry.name.clone());
    let label = StoredValue::new(shown_string(&entry.name));
    let path = StoredValue::new(entry.path.clone());
    let is_folder = entry.is_folder;
    let size = entry.size;
    let mode = RwSignal::new(Mode::Idle);
    let new_name = RwSignal::new(entry.name.clone());
    let problem = RwSignal::new(None::<&'static str>);
    let error = RwSignal::new(None::<ApiError>);
    let (store, here) = (StoredValue::new(store), StoredValue::new(folder));
    let target = RwSignal::new(String::new());
    // Rename and move are one call: the file's new folder and name.
    let relocate = crate::components::local_action(move |to: &(String, String)| {
        let (to_folder, to_name) = to.clone();
        async move {
            let old = name.try_get_value().unwrap_or_default();
            let moved = to_folder != here.try_get_value().unwrap_or_default();
            let to = join(
                &store.try_get_value().unwrap_or_default(),
                &to_folder,
                &to_name,
                false,
            );
            let from = path.try_get_value().unwrap_or_default();
            match files::rename(ctx.api, &ctx.ws(), &from, &to, &to_name).await {
                Ok(()) if !moved => ctx.ok(format!("{old} renamed to {to_name}.")),
                Ok(()) if to_folder.is_empty() => {
                    ctx.ok(format!("{old} moved to the store's top folder."))
                }
                Ok(()) => ctx.ok(format!("{old} moved to {to_folder}.")),
                Err(e) if e.status() == Some(409) => ctx.fail(
                    format!(
                        "There is already something named “{to_name}” {}",
                        if moved { "there" } else { "here" }
                    ),
                    e,
                ),
                Err(e) => ctx.fail(
                    format!("Could not {} {old}", if moved { "move" } else { "rename" }),
                    e,
                ),
            }
        }
    });
    let delete = crate::components::local_action(move |(): &()| async move {
        match files::delete(
            ctx.api,
            &ctx.ws(),
            &path.try_get_value().unwrap_or_default(),
        )
        .await
        {
            Ok(()) => {
                mode.set(Mode::Idle);
                ctx.ok(format!(
                    "{} deleted.",
                    name.try_get_value().unwrap_or_default()
                ));
            }
            Err(e) => error.set(Some(e)),
        }
    });
    let ask_delete = move |_| {
        error.set(None);
        if !is_folder {
            mode.set(Mode::Confirm(None));
            return;
        }
        mode.set(Mode::Counting);
        leptos::task::spawn_local(async move {
            let n = files::list(
                ctx.api,
                &ctx.ws(),
                &path.try_get_value().unwrap_or_default(),
            )
            .await
            .ok()
            .map(|l| l.len());
            mode.try_set(Mode::Confirm(Some(n)));
        });
    };
    let transfers = Transfers::use_transfers();
    let download = move |_| {
        let api = ctx.api;
        let (n, p) = (
            name.try_get_value().unwrap_or_default(),
            path.try_get_value().unwrap_or_default(),
        );
        leptos::task::spawn_local(
            async move { start_download(ctx, api, transfers, n, p, size).await },
        );
    };
    let offer_download =
        move || !is_folder && may_download && ctx.api.supports(Extension::FileDownload);
    view! {
        {move || match mode.get() {
            Mode::Idle => view! {
                <div class="row-buttons">
                    <When when=offer_download>
                        <button type="button" class="btn btn-small" aria-label=format!("Download {}", label.get_value()) on:click=download>"Download"</button>
                    </When>
                    {(may_modify && !is_folder).then(|| view! {
                        <button type="button" class="btn btn-small" aria-label=format!("Rename {}", label.get_value())
                            on:click=move |_| { new_name.set(name.try_get_value().unwrap_or_default()); problem.set(None); mode.set(Mode::Rename) }>"Rename"</button>
                    })}
                    {(may_modify && !is_folder && targets.with_value(|t| !t.is_empty())).then(|| view! {
                        <button type="button" class="btn btn-small" aria-label=format!("Move {}", label.get_value())
                            on:click=move |_| {
                                target.set(targets.with_value(|t| t.first().map(|(f, _)| f.clone()).unwrap_or_default()));
                                mode.set(Mode::Move)
                            }>"Move"</button>
                    })}
                    {may_modify.then(|| view! {
                        <button type="button" class="btn btn-small btn-danger" aria-label=format!("Delete {}", label.get_value()) on:click=ask_delete>"Delete"</button>
                    })}
                </div>
            }.into_any(),
            Mode::Rename => view! {
                <form class="inline-form" on:submit=move |e| {
                    e.prevent_default();
                    let n = new_name.get_untracked();
                    problem.set(new_name_problem(&n));
                    if problem.get_untracked().is_none() { relocate.dispatch((here.get_value(), n)); mode.set(Mode::Idle); }
                }>
                    <label class="field field-inline"><span>"New name"</span>
                        <input type="text" autofocus prop:value=move || new_name.get()
                            on:input=move |e| new_name.set(event_target_value(&e))
                            on:keydown=move |e| if e.key() == "Escape" { mode.set(Mode::Idle) }/>
                    </label>
                    <button type="submit" class="btn btn-small btn-primary">"Rename"</button>
                    <button type="button" class="btn btn-small" on:click=move |_| mode.set(Mode::Idle)>"Cancel"</button>
                    {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
                </form>
            }.into_any(),
            Mode::Move => view! {
                <form class="inline-form" on:submit=move |e| {
                    e.prevent_default();
                    let folder = target.get_untracked();
                    if targets.with_value(|t| t.iter().any(|(f, _)| *f == folder)) { relocate.dispatch((folder, name.get_value())); }
                    mode.set(Mode::Idle);
                }>
                    // Named by aria-label: a wrapping label would take the options into its name.
                    <span class="field field-inline"><span aria-hidden="true">"Move to"</span>
                        <select aria-label="Move to" autofocus prop:value=move || target.get()
                            on:change=move |e| target.set(event_target_value(&e))
                            on:keydown=move |e| if e.key() == "Escape" { mode.set(Mode::Idle) }>
                            {targets.get_value().into_iter().map(|(folder, words)| view! {
                                <option value=folder>{words}</option>
                            }).collect_view()}
                        </select>
                    </span>
                    <button type="submit" class="btn btn-small btn-primary">"Move"</button>
                    <button type="button" class="btn btn-small" on:click=move |_| mode.set(Mode::Idle)>"Cancel"</button>
                </form>
            }.into_any(),
            Mode::Counting => view! { <span class="muted" role="status">"Counting what it holds…"</span> }.into_any(),
            Mode::Confirm(count) => {
                let n = label.try_get_value().unwrap_or_default();
                let question = match (is_folder, count) {
                    (false, _) => format!("Delete {n}?"),
                    (true, Some(Some(0))) => format!("Delete the empty folder {n}?"),
                    (true, Some(Some(1))) => format!("Delete folder {n} and the 1 entry in it?"),
                    (true, Some(Some(k))) => format!("Delete folder {n} and the {k} entries in it?"),
                    (true, _) => format!("Delete folder {n} and everything in it? (Its entries could not be counted.)"),
                };
                view! {
                    <ConfirmInline
                        layout=ConfirmLayout::Row("Confirm delete")
                        question=question
                        confirm_label="Delete"
                        busy=delete.pending()
                        on_confirm=Callback::new(move |()| { delete.dispatch(()); })
                        on_cancel=Callback::new(move |()| mode.set(Mode::Idle))
                        error=error
                        error_title="Could not delete it"
                    />
                }.into_any()
            }
        }}
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Idle,
    Rename,
    Move,
    Counting,
    /// Asking; for a folder, how many entries it holds (`None` inside: could not count).
    Confirm(Option<Option<usize>>),
}

/// `Download <name>`: the browser downloads the bytes itself (written to disk as they arrive,
/// never held by the page), from the dev server's extension route; CHORUS sends no file
/// contents from a workspace (its `GetWorkspaceFile` answers metadata only), which the first
/// try finds out and says.
async fn start_download(
    ctx: Ctx,
    api: ApiClient,
    transfers: Option<Transfers>,
    name: String,
    path: String,
    size: u64,
) {
    let url = match files::raw_url(api, &ctx.ws(), &path) {
        Ok(u) => u,
        Err(e) => return ctx.fail(format!("Could not download {name}"), e),
    };
    let checked = api
        .extension(Extension::FileDownload, api.check_stream(&url))
        .await;
    match checked {
        Ok(()) => {
            if let Some(a) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.create_element("a").ok())
            {
                let _ = a.set_attribute("href", &url);
                let _ = a.set_attribute("download", &name);
                if let Some(a) = a.dyn_ref::<web_sys::HtmlElement>() {
                    a.click();
                }
            }
            if let Some(t) = transfers {
                let id = t.add(&name, "Download", size);
                t.update(id, |row| {
                    row.state = TransferState::Done;
                    row.done = size;
                    row.note = Some("Handed to your browser, which writes it to disk as it arrives (see its downloads).".to_owned());
                });
            }
        }
        Err(ApiError::Unsupported(_)) => ctx.fail(
            format!("{name} cannot be downloaded here"),
            ApiError::Unsupported(Extension::FileDownload),
        ),
        Err(e) => ctx.fail(format!("Could not download {name}"), e),
    }
}

/// `Before you upload` (ui.md, "upload"): every statement checked before the first byte; what
/// was confirmed is sent as the `complianceMessage`.
#[component]
fn ComplianceDialog(
    ctx: Ctx,
    batch: Vec<web_sys::File>,
    pending_batch: RwSignal<Option<Vec<web_sys::File>>>,
    transfers: Transfers,
) -> impl IntoView {
    let checked = RwSignal::new(vec![false; COMPLIANCE_STATEMENTS.len()]);
    let all = move || checked.with(|c| c.iter().all(|x| *x));
    let total: u64 = batch.iter().map(|f| f.size().max(0.0) as u64).sum();
    let names = batch
        .iter()
        .map(|f| view! { <li>{format!("{} ({})", shown(&f.name()), size_words(f.size().max(0.0) as u64))}</li> })
        .collect_view();
    let count = batch.len();
    let batch = StoredValue::new_local(batch);
    let close = move || pending_batch.set(None);
    let start = move |_| {
        if !all() {
            return;
        }
        let ws = ctx.ws();
        let store = ctx.store.get_untracked();
        let folder = ctx.folder.get_untracked();
        let message = compliance_message(&COMPLIANCE_STATEMENTS);
        let listing = ctx.listing;
        let on_done: std::rc::Rc<dyn Fn()> = std::rc::Rc::new(move || listing.refetch());
        let jobs = batch
            .get_value()
            .into_iter()
            .map(|f| {
                upload::Job::new(
                    ctx.api,
                    transfers,
                    &ws,
                    &store,
                    &folder,
                    f,
                    &message,
                    on_done.clone(),
                )
            })
            .collect();
        upload::enqueue(jobs);
        close();
    };
    let first = NodeRef::<leptos::html::Input>::new();
    crate::components::focus_on_mount(first);
    let boxes = COMPLIANCE_STATEMENTS
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let node = if i == 0 { first } else { NodeRef::new() };
            view! {
                <li><label class="check">
                    <input type="checkbox" node_ref=node prop:checked=move || checked.with(|c| c[i])
                        on:change=move |e| { let v = event_target_checked(&e); checked.update(|c| c[i] = v) }/>
                    <span>{*s}</span>
                </label></li>
            }
        })
        .collect_view();
    view! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="compliance-title"
                on:keydown=move |e| if e.key() == "Escape" { close() }>
                <h2 id="compliance-title">"Before you upload"</h2>
                <p>{format!("{count} file{} ({}) into this workspace. Confirm each statement:", if count == 1 { "" } else { "s" }, size_words(total))}</p>
                <ul class="compliance-files">{names}</ul>
                <ul class="compliance-statements">{boxes}</ul>
                <div class="dialog-buttons">
                    <button type="button" class="btn btn-primary" disabled=move || !all() on:click=start>"Upload"</button>
                    <button type="button" class="btn" on:click=move |_| close()>"Cancel"</button>
                </div>
            </div>
        </div>
    }
}
