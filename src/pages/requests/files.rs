//! A request's files on its page: a row each, `Preview <path>` for a reviewer (a small text
//! file, shown in the row below), `Download <path>` once they may leave (the file comes whole
//! in one reply, decoded a slice at a time into a `Blob`; its transfer row says how it went).
//! A long list is drawn in part (issue 50).
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{ApiClient, ApiError};
use crate::components::error_alert::ErrorAlert;
use crate::components::on::OnAttribute;
use crate::components::virtual_rows::{RowAt, VirtualRows, VirtualTable};
use crate::domain::files::size_words;
use crate::domain::permissions::{Perm, Target};
use crate::domain::requests::{previewable, Request};
use crate::domain::text::grouped;
use crate::domain::text::shown_string;
use crate::state::auth::Auth;
use crate::state::transfers::{TransferState, Transfers};
use crate::state::{Derived, Kept, Slot};

use super::words::words_of;

/// The request's files: a row each (path, size), with `Preview` for a reviewer and
/// `Download` once the files may leave. A request of thousands of files is drawn in part
/// (`components::virtual_rows`, issue 50); the table stays mounted while the request is polled,
/// so the scroll position and the open previews stay.
#[component]
pub(super) fn RequestFiles(
    request: Derived<Request>,
    me: Signal<String>,
    auth: Auth,
) -> impl IntoView {
    let files = crate::state::memo(move |_| request.with(|r| r.files.clone()));
    // What every row offers: (request id, may download, may preview).
    let offers = crate::state::memo(move |_| {
        request.with(|r| {
            let me = me.get();
            let source = Target::workspace(&r.source_workspace_id);
            let may_read = auth.can_in(Perm::DownloadFilesFromWorkspace, &source);
            (
                r.id.clone(),
                r.downloadable_by(&me),
                r.previewable_by(&me, may_read),
            )
        })
    });
    // Other files or other offers: every row is drawn again.
    let generation = crate::state::memo(move |prev: Option<&u64>| {
        files.track();
        offers.track();
        prev.map_or(0, |g| g + 1)
    });
    let count = Signal::derive(move || files.with(Vec::len));
    let rows = VirtualRows::new(count);
    let key = Callback::new(move |p: usize| (generation.get() << 32) | p as u64);
    let row = Callback::new(move |at: RowAt| {
        let Some(f) = files.with_untracked(|fs| fs.get(at.position).cloned()) else {
            return ().into_any();
        };
        let (id, can_download, can_preview) = offers.get_untracked();
        let path = f.source_path;
        let size = f.size;
        let preview = (can_preview && previewable(&path, size)).then(|| Slot::new(None::<Preview>));
        view! {
            <tr data-path=path.clone() aria-rowindex=at.aria_rowindex() tabindex=at.tabindex()>
                <td class="file-name">{shown_string(&path)}</td>
                <td class="file-size">{size_words(size)}</td>
                <td class="row-actions">
                    {preview.map(|shown| view! { <PreviewButton id=id.clone() path=path.clone() shown=shown/> })}
                    {can_download.then(|| view! { <DownloadButton id=id.clone() path=path.clone() size=size/> })}
                </td>
            </tr>
            {preview.map(|shown| view! { <PreviewRow path=path.clone() shown=shown/> })}
        }
        .into_any()
    });
    let words = live(move || {
        request.with(|r| {
            let count = r.files.len();
            let total = size_words(r.total_size());
            let files = if count == 1 { "file" } else { "files" };
            format!("{} {files}, {total} in all.", grouped(count as u64))
        })
    });
    view! {
        <VirtualTable rows=rows testid="request-files" caption="The request's files" columns=3 key=key row=row>
            <th scope="col">"Path"</th>
            <th scope="col">"Size"</th>
            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
        </VirtualTable>
        <p class="muted">{words}</p>
    }
}

/// A file's preview on the request's page: loading, its text, or why not.
#[derive(Clone)]
enum Preview {
    Loading,
    Text(String),
    Refused(String, Option<ApiError>),
}

/// `Preview <path>` (a reviewer's, for a small text file): fetches the file once and shows it
/// in the row below; pressed again, hides it.
#[component]
fn PreviewButton(id: String, path: String, shown: Slot<Option<Preview>>) -> impl IntoView {
    let api = ApiClient::use_client();
    let (rid, p) = (Kept::new(id), Kept::new(path.clone()));
    let preview_id = preview_row_id(&path);
    let toggle = move |_| {
        if shown.with_untracked(Option::is_some) {
            shown.set(None);
            return;
        }
        shown.set(Some(Preview::Loading));
        let (id, path) = (rid.get_value(), p.get_value());
        leptos::task::spawn_local(async move {
            let got = match read_bytes(api, &id, &path).await {
                Ok(bytes) => match crate::domain::requests::preview_text(&bytes) {
                    Ok(text) => Preview::Text(text),
                    Err(why) => Preview::Refused(
                        format!("No preview of {}: {why}", shown_string(&path)),
                        None,
                    ),
                },
                Err(e) => Preview::Refused(
                    words_of(&format!("Could not preview {}", shown_string(&path)), &e),
                    Some(e),
                ),
            };
            // Hidden meanwhile (or the page gone): nothing to show.
            if shown.try_with_untracked(Option::is_some) == Some(true) {
                shown.try_set(Some(got));
            }
        });
    };
    view! {
        <button type="button" class="btn btn-small btn-quiet" aria-label=format!("Preview {}", shown_string(&path))
            aria-expanded=move || shown.with(Option::is_some).to_string() aria-controls=preview_id
            on:click=toggle>
            {live(move || if shown.with(Option::is_some) { "Hide preview" } else { "Preview" })}
        </button>
    }
}

/// The row under a file that shows its preview, while one is asked for.
#[component]
fn PreviewRow(path: String, shown: Slot<Option<Preview>>) -> impl IntoView {
    let id = preview_row_id(&path);
    live(move || {
        shown.get().map(|p| {
            let body = match p {
                Preview::Loading => view! { <p class="muted" role="status">"Loading the preview…"</p> }.into_any(),
                Preview::Text(t) if t.is_empty() => view! { <p class="muted">"The file is empty."</p> }.into_any(),
                Preview::Text(t) => view! {
                    <pre class="file-preview" tabindex="0" aria-label=format!("Preview of {}", shown_string(&path))>{shown_string(&t)}</pre>
                }.into_any(),
                Preview::Refused(w, Some(e)) => view! { <ErrorAlert title=w error=e/> }.into_any(),
                Preview::Refused(w, None) => view! { <p class="muted" role="status">{w}</p> }.into_any(),
            };
            view! {
                <tr class="file-preview-row" id=id.clone()>
                    <td colspan="3">{body}</td>
                </tr>
            }
        })
    })
}

/// The id of a file's preview row (`aria-controls` of its button).
fn preview_row_id(path: &str) -> String {
    let mut h: u32 = 2_166_136_261;
    for b in path.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(16_777_619);
    }
    format!("preview-{h:08x}")
}

/// The bytes of a request's file (the preview's: small, see `domain::requests::previewable`).
#[cfg(target_arch = "wasm32")]
async fn read_bytes(api: ApiClient, id: &str, path: &str) -> Result<Vec<u8>, ApiError> {
    let blob = crate::api::requests::download(api, id, path).await?;
    let buf = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
        .await
        .map_err(|_| ApiError::Decode("the browser could not read the file".into()))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

#[cfg(not(target_arch = "wasm32"))]
async fn read_bytes(_: ApiClient, _: &str, _: &str) -> Result<Vec<u8>, ApiError> {
    Err(ApiError::Decode("previews need a browser".into()))
}

/// `Download <path>`: the file comes whole in one reply (api.md), decoded a slice at a time into
/// a `Blob` the browser saves; its transfer row says how it went.
#[component]
fn DownloadButton(id: String, path: String, size: u64) -> impl IntoView {
    let api = ApiClient::use_client();
    let transfers = Transfers::use_transfers();
    let failed = Slot::new(None::<(String, ApiError)>);
    let (rid, p) = (Kept::new(id), Kept::new(path.clone()));
    let download = crate::components::local_action(move |_: &()| {
        let (id, path) = (rid.get_value(), p.get_value());
        async move {
            let name = path.rsplit('/').next().unwrap_or("file").to_owned();
            let row = transfers.map(|t| {
                let n = t.add(&name, "Download", size);
                t.update(n, |row| row.state = TransferState::Uploading);
                (t, n)
            });
            let result = save(api, &id, &path, &name).await;
            match result {
                Ok(()) => {
                    failed.try_set(None);
                    if let Some((t, n)) = row {
                        t.update(n, |row| {
                            row.state = TransferState::Done;
                            row.done = size;
                            row.note =
                                Some("Saved by your browser (see its downloads).".to_owned());
                        });
                    }
                }
                Err(e) => {
                    if let Some((t, n)) = row {
                        t.update(n, |row| {
                            row.state = TransferState::Failed;
                            row.note = Some(e.message());
                        });
                    }
                    failed.try_set(Some((
                        words_of(&format!("Could not download {}", shown_string(&path)), &e),
                        e,
                    )));
                }
            }
        }
    });
    let busy = download.pending();
    view! {
        <button type="button" class="btn btn-small" aria-label=format!("Download {}", shown_string(&path))
            disabled=move || busy.get() on:click=move |_| { download.dispatch_local(()); }>
            {live(move || if busy.get() { "Downloading…" } else { "Download" })}
        </button>
        {live(move || failed.get().map(|(w, e)| view! { <ErrorAlert title=w error=e/> }))}
    }
}

/// Fetches the file and hands it to the browser as a download named `name`.
#[cfg(target_arch = "wasm32")]
async fn save(api: ApiClient, id: &str, path: &str, name: &str) -> Result<(), ApiError> {
    let blob = crate::api::requests::download(api, id, path).await?;
    crate::components::save_file::save_blob(&blob, name)
}

#[cfg(not(target_arch = "wasm32"))]
async fn save(_: ApiClient, _: &str, _: &str, _: &str) -> Result<(), ApiError> {
    Err(ApiError::Decode("downloads need a browser".into()))
}
