//! The data page's table (ui.md, "folder"; issue 50): `Filter this folder`, a header checkbox
//! that selects every entry the filter shows, and the rows, drawn in part for a big folder
//! (`components::virtual_rows`). The folder's entries come sorted once per reply and are shared,
//! never copied; a filter keeps positions into them. The table stays mounted while the folder is
//! listed again (after a rename, a delete, an upload), so the scroll position and the filter stay.
use std::collections::HashSet;

use crate::components::live::live;
use leptos::prelude::*;

use super::ctx::{file_list, Ctx, Listing, Pick};
use super::drop;
use super::file_row::{FileRow, Place};
use super::filter::FilterBox;
use super::selection_bar::SelectionBar;
use crate::components::on::OnAttribute;
use crate::components::virtual_rows::{RowAt, VirtualRows, VirtualTable};
use crate::components::when::When;
use crate::domain::files::move_targets;
use crate::domain::folder_filter::{self, select_all_label, selected_of, Selected};
use crate::domain::permissions::Perm;
use crate::state::{Derived, Slot};

#[component]
pub(super) fn FilesTable(
    ctx: Ctx,
    listing: Derived<Listing>,
    pending_batch: Slot<Option<Pick>>,
) -> impl IntoView {
    let may_upload = move || ctx.may(Perm::UploadFilesToWorkspace);
    let query = Slot::new(String::new());
    // Every listing is a new generation of rows: a row is drawn again when its entry may have
    // changed.
    let generation = crate::state::memo(move |prev: Option<&u64>| {
        listing.track();
        prev.map_or(0, |g| g + 1)
    });
    let total = crate::state::memo(move |_| listing.with(|l| l.entries.len()));
    // Made when a filter is first typed, once per listing.
    let keys = crate::state::memo(move |_| {
        listing.with(|l| {
            l.entries
                .iter()
                .map(|e| folder_filter::key(&e.name))
                .collect::<Vec<_>>()
        })
    });
    let shown = crate::state::memo(move |_| {
        let everything = query.with(String::is_empty);
        if everything {
            (0..total.get() as u32).collect::<Vec<_>>()
        } else {
            keys.with(|k| query.with(|q| folder_filter::matching(k, q)))
        }
    });
    let count = Signal::derive(move || shown.with(Vec::len));
    let rows = VirtualRows::new(count);
    // Another folder, or another filter: from the top. (Not after a rename or a delete here.)
    // `TablePart` draws the table anew for another folder or store; this holds should a listing
    // of another place ever reach a table still drawn.
    let place_key =
        crate::state::memo(move |_| listing.with(|l| (l.store.clone(), l.folder.clone())));
    crate::state::effect(move |prev: Option<()>| {
        place_key.track();
        if prev.is_some() {
            query.set(String::new());
            rows.to_top();
        }
    });
    crate::state::effect(move |prev: Option<()>| {
        query.track();
        if prev.is_some() {
            rows.to_top();
        }
    });
    let selected = crate::state::memo(move |_| {
        ctx.selected
            .with(|s| s.iter().map(|e| e.path.clone()).collect::<HashSet<_>>())
    });
    let place = Place {
        targets: crate::state::memo(move |_| {
            listing.with(|l| {
                let siblings: Vec<String> = l
                    .entries
                    .iter()
                    .filter(|e| e.is_folder)
                    .map(|e| e.name.clone())
                    .collect();
                move_targets(&l.folder, &siblings)
            })
        }),
        selected,
    };
    let key = Callback::new(move |p: usize| {
        let idx = shown.with(|s| s.get(p).copied().unwrap_or(u32::MAX));
        (generation.get() << 32) | u64::from(idx)
    });
    let row = Callback::new(move |at: RowAt| {
        let entry = shown.with_untracked(|s| {
            let i = *s.get(at.position)?;
            listing.with_untracked(|l| l.entries.get(i as usize).cloned())
        });
        let Some(entry) = entry else {
            return ().into_any();
        };
        let (store, folder) = listing.with_untracked(|l| (l.store.clone(), l.folder.clone()));
        view! { <FileRow ctx=ctx at=at store=store folder=folder entry=entry place=place/> }
            .into_any()
    });
    // The header checkbox: every entry shown (all of them, or those the filter keeps).
    let all_state = crate::state::memo(move |_| {
        selected.with(|paths| {
            listing.with(|l| {
                shown.with(|s| {
                    selected_of(s.iter().filter_map(|&i| l.entries.get(i as usize)), |p| {
                        paths.contains(p)
                    })
                })
            })
        })
    });
    let toggle_all = move |_| {
        listing.with_untracked(|l| {
            shown.with_untracked(|s| {
                ctx.selected.update(|sel| {
                    folder_filter::toggle_all(
                        sel,
                        s.iter().filter_map(|&i| l.entries.get(i as usize)),
                    )
                })
            })
        })
    };
    let all_label = move || select_all_label(count.get(), query.with(|q| !q.is_empty()));
    let drop_files = move |e: web_sys::DragEvent| {
        e.prevent_default();
        if !may_upload() {
            return;
        }
        let Some(dt) = e.data_transfer() else { return };
        // Folders among what was dropped: read down (after the event, from its entries).
        let entries = drop::entries(&dt);
        if entries.iter().any(drop::is_folder) {
            leptos::task::spawn_local(async move {
                let pick = Pick::of(drop::walk(entries).await);
                if !pick.is_empty() {
                    ctx.quiet();
                    pending_batch.try_set(Some(pick));
                }
            });
            return;
        }
        let files = file_list(dt.files());
        if !files.is_empty() {
            pending_batch.set(Some(Pick::files(files)));
        }
    };
    // Files dragged over the table: the compliance dialog's chunk comes while they are dropped.
    let drag_enter = move |_: web_sys::DragEvent| {
        if may_upload() {
            ctx.forms.prefetch();
        }
    };
    let empty = move || total.get() == 0;
    let unlisted = move || listing.with(|l| l.unlisted);
    let any_selected = move || ctx.selected.with(|s| !s.is_empty());
    view! {
        <When when=move || !empty()>
            <div class="filter-and-search">
                <FilterBox query=query shown=count total=Signal::from(total) rows=rows/>
                <super::search::SubfolderSearch ctx=ctx query=query/>
            </div>
        </When>
        <div class="files-drop" on:dragenter=drag_enter on:dragover=move |e: web_sys::DragEvent| e.prevent_default() on:drop=drop_files>
            <VirtualTable rows=rows testid="files-table" caption="Files in this folder" columns=6 key=key row=row>
                <th scope="col">
                    <input type="checkbox" aria-label=all_label
                        prop:checked=move || all_state.get() == Selected::All
                        prop:indeterminate=move || all_state.get() == Selected::Some
                        disabled=move || count.get() == 0
                        on:change=toggle_all/>
                </th>
                <th scope="col">"Name"</th>
                <th scope="col">"Size"</th>
                <th scope="col">"Type"</th>
                <th scope="col">"Changed"</th>
                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
            </VirtualTable>
            <When when=empty>
                <p class="empty">{live(move || if unlisted() {
                    "Nothing here yet: this store holds no file of this workspace."
                } else {
                    "This folder is empty."
                })}
                {live(move || may_upload().then_some(" Upload files or a folder, or drop them here."))}</p>
            </When>
        </div>
        <When when=any_selected>
            <SelectionBar ctx=ctx/>
        </When>
    }
}
