//! One row of the data page's table (ui.md, "folder"): the name (a folder's leads into it), size,
//! type, when it changed, its checkbox and its actions. Drawn only while it is in view.
use std::collections::HashSet;

use leptos::prelude::*;

use super::ctx::{data_href, Ctx};
use super::row_actions::RowActions;
use crate::components::on::OnAttribute;
use crate::components::virtual_rows::RowAt;
use crate::domain::files::{kind_words, size_words, Entry};
use crate::domain::text::shown_string;
use crate::state::{Derived, Kept};

/// What every row of a listing shares.
#[derive(Clone, Copy)]
pub(super) struct Place {
    /// Where a file here can be moved (`domain::files::move_targets`).
    pub targets: Derived<Vec<(String, String)>>,
    /// The paths selected, for the rows' checkboxes.
    pub selected: Derived<HashSet<String>>,
}

#[component]
pub(super) fn FileRow(
    ctx: Ctx,
    at: RowAt,
    /// The store and folder the row was listed in.
    store: String,
    folder: String,
    entry: Entry,
    place: Place,
) -> impl IntoView {
    let ws = ctx.ws();
    let label = shown_string(&entry.name);
    let is_folder = entry.is_folder;
    let name_cell = if is_folder {
        let inner = if folder.is_empty() {
            entry.name.clone()
        } else {
            format!("{folder}/{}", entry.name)
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
    let kind = kind_words(&entry);
    // On a narrow screen the type and changed columns give way: said under the name instead.
    let meta = [Some(kind.clone()), changed_words]
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
    let full_path = entry.path.clone();
    let path = Kept::new(entry.path.clone());
    let checked = move || path.with_value(|p| place.selected.with(|s| s.contains(p)));
    let picked = Kept::new(entry.clone());
    let toggle = move |_| {
        picked.with_value(|e| {
            ctx.selected
                .update(|s| crate::domain::folder_filter::toggle_one(s, e))
        })
    };
    view! {
        <tr data-path=full_path data-kind=if is_folder { "folder" } else { "file" }
            aria-rowindex=at.aria_rowindex() tabindex=at.tabindex()>
            <td>
                <input type="checkbox" aria-label=format!("Select {label}") prop:checked=checked on:change=toggle/>
            </td>
            <td class="file-name">{name_cell}<span class="file-meta">{meta}</span></td>
            <td class="file-size">{size}</td>
            <td class="col-kind">{kind}</td>
            <td class="col-changed">{changed}</td>
            <td class="row-actions"><RowActions ctx=ctx store=store folder=folder entry=entry targets=place.targets/></td>
        </tr>
    }
}
