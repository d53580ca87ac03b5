//! `Search subfolders` (ui.md, "folder search"), beside `Filter this folder`: the folders below
//! the one shown are read one at a time (CHORUS has no search: api.md, "Folders"), at most
//! `domain::folder_search::MAX_ENTRIES` entries, and the names holding the filter's text listed
//! by path in `<table data-testid="search-results">`; `Stop search` ends it; what it read and
//! found is said in words, while it runs and after.
use crate::components::live::live;
use leptos::prelude::*;

use super::ctx::{data_href, Ctx};
use crate::api::files;
use crate::components::on::OnAttribute;
use crate::domain::files::{inner_segments, join, size_words, Entry};
use crate::domain::folder_search::{Ended, Walk};
use crate::domain::text::shown_string;
use crate::state::{Kept, Slot};

/// A search: its walk, whether it ended, and how.
#[derive(Clone)]
struct Run {
    walk: Walk,
    ended: Option<Ended>,
}

#[component]
pub(super) fn SubfolderSearch(
    ctx: Ctx,
    /// The filter's text.
    query: Slot<String>,
) -> impl IntoView {
    let run: Slot<Option<Run>> = Slot::new(None);
    // Each search has its number: a new one, another folder or a Stop ends the one before.
    let generation = Kept::new(0u64);
    let stop = move || {
        generation.update_value(|g| *g += 1);
        run.update(|r| {
            if let Some(r) = r.as_mut().filter(|r| r.ended.is_none()) {
                r.ended = Some(r.walk.ended(true));
            }
        });
    };
    // Another folder: the results of the last one go.
    crate::state::effect(move |prev: Option<()>| {
        ctx.store.track();
        ctx.folder.track();
        if prev.is_some() {
            generation.update_value(|g| *g += 1);
            run.set(None);
        }
    });
    let hint = Slot::new(None::<&'static str>);
    let start = move |_| {
        let q = query.get_untracked();
        if q.trim().is_empty() {
            hint.set(Some(
                "Type a part of a name in Filter this folder first, then Search subfolders.",
            ));
            return;
        }
        hint.set(None);
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        let store = ctx.store.get_untracked();
        let from = join(&store, &ctx.folder.get_untracked(), "", true);
        run.set(Some(Run {
            walk: Walk::new(&from, &q),
            ended: None,
        }));
        let ws = ctx.ws();
        leptos::task::spawn_local(async move {
            let current = move || generation.try_get_value() == Some(mine);
            loop {
                let next = run
                    .try_update(|r| r.as_mut().and_then(|r| r.walk.next_folder()))
                    .flatten();
                let Some(folder) = next else { break };
                let listed = files::list(ctx.api, &ws, &folder).await;
                if !current() {
                    return;
                }
                run.update(|r| {
                    if let Some(r) = r.as_mut() {
                        match listed {
                            Ok(entries) => r.walk.add(entries),
                            Err(e) => r.walk.failed(folder, e.message()),
                        }
                    }
                });
            }
            if current() {
                run.update(|r| {
                    if let Some(r) = r.as_mut() {
                        r.ended = Some(r.walk.ended(false));
                    }
                });
            }
        });
    };
    let running = move || run.with(|r| r.as_ref().is_some_and(|r| r.ended.is_none()));
    let words = live(move || {
        hint.get()
            .map(str::to_owned)
            .or_else(|| run.with(|r| r.as_ref().map(|r| r.walk.words(r.ended))))
    });
    let has_run = move || run.with(Option::is_some);
    let found = move || run.with(|r| r.as_ref().map(|r| r.walk.found.clone()).unwrap_or_default());
    let no_query = move || query.with(|q| q.trim().is_empty());
    view! {
        <div class="subfolder-search">
            {live(move || if running() {
                view! { <button type="button" class="btn" on:click=move |_| stop()>"Stop search"</button> }.into_any()
            } else {
                view! {
                    <button type="button" class="btn" on:click=start
                        aria-describedby=move || no_query().then_some("search-status")>"Search subfolders"</button>
                }.into_any()
            })}
            <p class="muted" id="search-status" role="status" data-testid="search-status">{words}</p>
        </div>
        <crate::components::when::When when=has_run>
            <table class="data-table search-results" data-testid="search-results">
                <caption class="visually-hidden">"Found in the folders below"</caption>
                <thead><tr><th scope="col">"Path"</th><th scope="col">"Size"</th></tr></thead>
                <tbody>
                    {live(move || found().into_iter().map(|e| result_row(ctx, e)).collect_view())}
                </tbody>
            </table>
        </crate::components::when::When>
    }
}

/// One match: its path inside the store, a link to the folder that holds it (a folder's: into
/// it).
fn result_row(ctx: Ctx, e: Entry) -> impl IntoView {
    let store = ctx.store.get_untracked();
    let segs: Vec<String> = inner_segments(&store, &e.path)
        .unwrap_or_default()
        .into_iter()
        .map(str::to_owned)
        .collect();
    let shown = shown_string(&segs.join("/"));
    let folder = if e.is_folder {
        segs.join("/")
    } else {
        segs[..segs.len().saturating_sub(1)].join("/")
    };
    let href = data_href(&ctx.ws(), &store, &folder);
    let size = if e.is_folder {
        "Folder".to_owned()
    } else {
        size_words(e.size)
    };
    view! {
        <tr data-path=e.path.clone()>
            <td><a href=href>{shown}{e.is_folder.then_some("/")}</a></td>
            <td>{size}</td>
        </tr>
    }
}
