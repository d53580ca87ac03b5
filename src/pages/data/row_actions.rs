//! What one does to a row of the data page (ui.md, "row actions"): download, rename, move and
//! delete, each for those who may; a folder says how many entries it holds before it goes.
use crate::components::live::live;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::ctx::Ctx;
use crate::api::extension::Extension;
use crate::api::{files, ApiClient, ApiError};
use crate::components::confirm_inline::{ConfirmInline, ConfirmLayout};
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::files::{join, new_name_problem, Entry};
use crate::domain::folder_filter;
use crate::domain::permissions::Perm;
use crate::domain::text::shown_string;
use crate::state::transfers::{TransferState, Transfers};
use crate::state::{Derived, Kept, Slot};

/// What one does to a row: download, rename, move, delete (each for those who may).
#[component]
pub(super) fn RowActions(
    ctx: Ctx,
    /// The store and folder the row was listed in.
    store: String,
    folder: String,
    entry: Entry,
    /// Where a file here can be moved (`domain::files::move_targets`).
    targets: Derived<Vec<(String, String)>>,
) -> impl IntoView {
    let may_modify = ctx.may(Perm::ModifyFilesInWorkspace);
    let may_download = ctx.may(Perm::DownloadFilesFromWorkspace);
    let name = Kept::new(entry.name.clone());
    let label = Kept::new(shown_string(&entry.name));
    let path = Kept::new(entry.path.clone());
    let is_folder = entry.is_folder;
    let size = entry.size;
    let mode = Slot::new(Mode::Idle);
    let new_name = Slot::new(entry.name.clone());
    let problem = Slot::new(None::<&'static str>);
    let error = Slot::new(None::<ApiError>);
    let (store, here) = (Kept::new(store), Kept::new(folder));
    let target = Slot::new(String::new());
    // The places offered by `Move`: up, into a folder here, and over to a folder beside this
    // one (its parent listed when `Move` opens).
    let choices = Slot::new(Vec::<(String, String)>::new());
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
            let done = files::rename(ctx.api, &ctx.ws(), &from, &to, &to_name).await;
            if done.is_ok() {
                ctx.selected
                    .try_update(|s| folder_filter::renamed(s, &from, &to, &to_name));
            }
            match done {
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
    // A folder is renamed entry by entry (`folder_rename.rs`): CHORUS moves files only.
    let rename_folder = crate::components::local_action(move |to: &String| {
        let to = to.clone();
        async move {
            let (st, folder) = (store.get_value(), here.get_value());
            let old = name.try_get_value().unwrap_or_default();
            if to != old {
                super::folder_rename::rename_folder(ctx, &st, &folder, &old, &to).await;
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
                let gone = path.try_get_value().unwrap_or_default();
                ctx.selected
                    .try_update(|s| folder_filter::deleted(s, &gone));
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
        ctx.quiet();
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
    let offer_download = move || {
        !is_folder
            && may_download
            && ctx.download_checked.get()
            && ctx.api.supports(Extension::FileDownload)
    };
    view! {
        {live(move || match mode.get() {
            Mode::Idle => view! {
                <div class="row-buttons">
                    <When when=offer_download>
                        <button type="button" class="btn btn-small" aria-label=format!("Download {}", label.get_value()) on:click=download>"Download"</button>
                    </When>
                    {may_modify.then(|| view! {
                        <button type="button" class="btn btn-small" aria-label=format!("Rename {}", label.get_value())
                            on:click=move |_| { ctx.quiet(); new_name.set(name.try_get_value().unwrap_or_default()); problem.set(None); mode.set(Mode::Rename) }>"Rename"</button>
                    })}
                    {(may_modify && !is_folder && targets.with_untracked(|t| !t.is_empty())).then(|| view! {
                        <button type="button" class="btn btn-small" aria-label=format!("Move {}", label.get_value())
                            on:click=move |_| {
                                ctx.quiet();
                                choices.set(targets.get_untracked());
                                target.set(targets.with_untracked(|t| t.first().map(|(f, _)| f.clone()).unwrap_or_default()));
                                mode.set(Mode::Move);
                                let (st, folder) = (store.get_value(), here.get_value());
                                leptos::task::spawn_local(async move {
                                    let beside = super::move_beside::beside(ctx, &st, &folder).await;
                                    choices.try_update(|c| c.extend(beside));
                                });
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
                    if problem.get_untracked().is_none() {
                        if is_folder { rename_folder.dispatch(n); } else { relocate.dispatch((here.get_value(), n)); }
                        mode.set(Mode::Idle);
                    }
                }>
                    <label class="field field-inline"><span>"New name"</span>
                        <input type="text" autofocus prop:value=move || new_name.get()
                            on:input=move |e| new_name.set(event_target_value(&e))
                            on:keydown=move |e| if e.key() == "Escape" { mode.set(Mode::Idle) }/>
                    </label>
                    <button type="submit" class="btn btn-small btn-primary">"Rename"</button>
                    <button type="button" class="btn btn-small" on:click=move |_| mode.set(Mode::Idle)>"Cancel"</button>
                    {live(move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> }))}
                </form>
            }.into_any(),
            Mode::Move => view! {
                <form class="inline-form" on:submit=move |e| {
                    e.prevent_default();
                    let folder = target.get_untracked();
                    if choices.with_untracked(|t| t.iter().any(|(f, _)| *f == folder)) { relocate.dispatch((folder, name.get_value())); }
                    mode.set(Mode::Idle);
                }>
                    // Named by aria-label: a wrapping label would take the options into its name.
                    <span class="field field-inline"><span aria-hidden="true">"Move to"</span>
                        <select aria-label="Move to" autofocus prop:value=move || target.get()
                            on:change=move |e| target.set(event_target_value(&e))
                            on:keydown=move |e| if e.key() == "Escape" { mode.set(Mode::Idle) }>
                            {live(move || choices.get().into_iter().map(|(folder, words)| {
                                let chosen = folder == target.get_untracked();
                                view! { <option value=folder selected=chosen>{words}</option> }
                            }).collect_view())}
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
        })}
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
