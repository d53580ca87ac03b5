//! `New folder`, `Upload files` and `Upload folder` above the data page's table (ui.md, "row
//! actions", "upload", "folder upload").
use crate::components::live::live;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::ctx::{file_list, relative_path, Ctx, Pick};
use crate::api::files;
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::files::{join, new_name_problem};
use crate::domain::permissions::Perm;
use crate::state::Slot;

/// The `Upload files` button's id (the focus goes back to it when picked files are put away).
pub(super) const UPLOAD_FILES_ID: &str = "upload-files-button";

/// `New folder` and `Upload files`, for those who may.
#[component]
pub(super) fn Toolbar(ctx: Ctx, pending_batch: Slot<Option<Pick>>) -> impl IntoView {
    let may_upload = move || ctx.may(Perm::UploadFilesToWorkspace);
    let open = Slot::new(false);
    let name = Slot::new(String::new());
    let problem = Slot::new(None::<&'static str>);
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
    // A button that opens a picker (`input`); the compliance dialog's chunk (`dataforms`) is on
    // its way before the picker closes.
    let forms = ctx.forms;
    let upload_button = move |id: &'static str,
                              label: &'static str,
                              class: &'static str,
                              input: NodeRef<leptos::html::Input>| {
        view! {
            <button type="button" id=id class=class
                on:pointerover=move |_| forms.prefetch() on:focus=move |_| forms.prefetch()
                on:click=move |_| {
                    forms.prefetch();
                    if let Some(i) = input.get() { i.click(); }
                }>{label}</button>
        }
    };
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let pick = move |e: leptos::ev::Event| {
        let Some(files) = take_files(&e) else {
            return;
        };
        if !files.is_empty() {
            ctx.quiet();
            pending_batch.set(Some(Pick::files(files)));
        }
    };
    let folder_ref = NodeRef::<leptos::html::Input>::new();
    // A folder: each file with its path from the chosen folder (`webkitRelativePath`).
    let pick_folder = move |e: leptos::ev::Event| {
        let Some(files) = take_files(&e) else {
            return;
        };
        let entries: Vec<(String, Option<web_sys::File>)> = files
            .into_iter()
            .map(|f| {
                let rel = relative_path(&f);
                let rel = if rel.is_empty() { f.name() } else { rel };
                (rel, Some(f))
            })
            .collect();
        let pick = Pick::of(entries);
        if !pick.is_empty() {
            ctx.quiet();
            pending_batch.set(Some(pick));
        }
    };
    view! {
        <When when=may_upload>
            <div class="data-toolbar" role="group" aria-label="Folder actions">
                <button type="button" class="btn" aria-expanded=move || open.get().to_string()
                    on:click=move |_| { ctx.quiet(); open.update(|o| *o = !*o) }>"New folder"</button>
                {upload_button(UPLOAD_FILES_ID, "Upload files", "btn btn-primary", input_ref)}
                <label class="visually-hidden" for="files-to-upload">"Files to upload"</label>
                <input id="files-to-upload" class="visually-hidden" type="file" multiple node_ref=input_ref
                    tabindex="-1" on:change=pick/>
                {upload_button("upload-folder-button", "Upload folder", "btn", folder_ref)}
                <label class="visually-hidden" for="folder-to-upload">"Folder to upload"</label>
                <input id="folder-to-upload" class="visually-hidden" type="file" prop:webkitdirectory=true multiple
                    node_ref=folder_ref tabindex="-1" on:change=pick_folder/>
            </div>
            <When when=move || open.get()>
                <crate::components::focus_return::FocusReturn>
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
                    {live(move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> }))}
                </form>
                </crate::components::focus_return::FocusReturn>
            </When>
        </When>
    }
}

/// The files chosen in the file input that `e` came from, the input emptied (the same choice
/// again is a change again); `None` when `e` came from elsewhere.
fn take_files(e: &leptos::ev::Event) -> Option<Vec<web_sys::File>> {
    let input = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())?;
    let files = file_list(input.files());
    input.set_value("");
    Some(files)
}
