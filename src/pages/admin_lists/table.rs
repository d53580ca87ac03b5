//! The table of an admin list (ui.md, "admin lists"): `<table data-testid="admin-table">`, a row
//! per item (`data-id`), `Search`, `Needs attention`, headings that sort (a button in each
//! `<th>`, `aria-sort` on it), the count (`12 of 340 shown`), and per row `Delete <name>` for who
//! may delete that item, which asks in the row first and says what goes with it. After a delete
//! the row goes at once (the next read of the list agrees) and the count follows. Drawn in
//! part (`VirtualTable`): thousands of rows stay smooth.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{ApiClient, ApiError};
use crate::components::confirm_inline::{ConfirmInline, ConfirmLayout};
use crate::components::on::OnAttribute;
use crate::components::virtual_rows::{RowAt, VirtualRows, VirtualTable};
use crate::components::when::When;
use crate::domain::admin_lists::{count_words, shown, totals, Column, Direction};
use crate::domain::permissions::{Perm, Target};
use crate::domain::time::{format_utc, relative_time};
use crate::state::auth::Auth;
use crate::state::{Derived, Slot};

use super::items::Item;
use super::Kind;

/// A key for a row: FNV-1a of what it shows (a row is drawn again when it changes).
fn key_of(item: &Item) -> u64 {
    let r = &item.row;
    [
        &r.id,
        &r.name,
        &r.owner,
        &r.workspace,
        &r.session,
        &r.status,
    ]
    .into_iter()
    .flat_map(|s| s.bytes().chain([0]))
    .fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The search box gets the focus (the row whose `Delete` had it is gone).
fn focus_search() {
    use wasm_bindgen::JsCast;
    if let Some(el) = document()
        .get_element_by_id("admin-search")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// What every row reads besides its item.
#[derive(Clone, Copy)]
struct Shared {
    kind: Kind,
    /// The id whose delete waits for confirmation.
    confirming: Slot<Option<String>>,
    error: Slot<Option<ApiError>>,
    delete: Action<(String, String), ()>,
    clock: Slot<i64>,
}

#[component]
pub(super) fn AdminTable(kind: Kind, items: Derived<Vec<Item>>, clock: Slot<i64>) -> impl IntoView {
    let api = ApiClient::use_client();
    let query = Slot::new(String::new());
    let attention_only = Slot::new(false);
    let sort = Slot::new(kind.first_sort());
    // Deleted here; left out until the backend's list no longer has them.
    let gone = Slot::new(Vec::<String>::new());
    let said = Slot::new(String::new());
    let confirming = Slot::new(None::<String>);
    let error = Slot::new(None::<ApiError>);
    let delete = crate::components::local_action(move |(id, name): &(String, String)| {
        let (id, name) = (id.clone(), name.clone());
        async move {
            error.try_set(None);
            // A 404: gone already (another admin, a workspace deleted with its sessions).
            match kind.delete(api, &id).await {
                Err(e) if e.status() != Some(404) => {
                    error.try_set(Some(e));
                }
                _ => {
                    gone.try_update(|g| g.push(id));
                    confirming.try_set(None);
                    said.try_set(format!("{name} deleted."));
                    focus_search();
                }
            }
        }
    });
    // Forget what the backend no longer lists.
    crate::state::effect(move |_| {
        items.with(|l| {
            let listed = |id: &String| l.iter().any(|i| &i.row.id == id);
            if gone.with_untracked(|g| g.iter().any(|id| !listed(id))) {
                gone.update(|g| g.retain(|id| listed(id)));
            }
        });
    });
    let shown_at = crate::state::memo(move |_| {
        let (q, a, s) = (query.get(), attention_only.get(), sort.get());
        gone.with(|g| items.with(|l| shown(l, &q, a, s, g)))
    });
    let all = crate::state::memo(move |_| gone.with(|g| items.with(|l| totals(l, g))));
    let count = Signal::derive(move || shown_at.with(Vec::len));
    let vrows = VirtualRows::new(count);
    let key = Callback::new(move |p: usize| {
        shown_at.with(|at| {
            at.get(p)
                .and_then(|i| items.with(|l| l.get(*i).map(key_of)))
                .unwrap_or(u64::MAX)
        })
    });
    let shared = Shared {
        kind,
        confirming,
        error,
        delete,
        clock,
    };
    let row = Callback::new(move |at: RowAt| {
        let item = shown_at
            .with_untracked(|s| s.get(at.position).copied())
            .and_then(|i| items.with_untracked(|l| l.get(i).cloned()));
        match item {
            Some(item) => item_row(item, at, shared).into_any(),
            None => ().into_any(),
        }
    });
    let noun = kind.noun();
    let counted = live(move || count_words(count.get(), all.get().0, noun));
    let attention = live(move || match all.get().1 {
        0 => "none now".to_owned(),
        n => format!("{n} now"),
    });
    let none_at_all = move || all.get().0 == 0;
    let none_match = move || all.get().0 != 0 && count.get() == 0;
    let some_shown = move || count.get() != 0;
    view! {
        <div class="admin-list-tools">
            <div class="field search-field">
                <label for="admin-search">"Search"</label>
                <input id="admin-search" type="search" autocomplete="off"
                    placeholder="A name, owner, workspace or status"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))/>
            </div>
            <label class="check">
                <input type="checkbox" prop:checked=move || attention_only.get()
                    on:change=move |ev| attention_only.set(event_target_checked(&ev))/>
                "Needs attention"
            </label>
            <span class="muted">"("{attention}")"</span>
        </div>
        <p class="visually-hidden" role="status">{live(move || said.get())}</p>
        <When when=none_at_all>
            <p class="empty">{format!("There are no {noun}.")}</p>
        </When>
        <When when=none_match>
            <p class="empty" role="status">"Nothing matches."</p>
        </When>
        <When when=some_shown>
            <VirtualTable rows=vrows testid="admin-table" caption=noun columns=kind.columns().len() + 1 key=key row=row>
                {kind.columns().iter().map(|c| heading(*c, sort)).collect_view()}
                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
            </VirtualTable>
        </When>
        <p class="muted table-count" data-testid="admin-count" role="status">{counted}</p>
    }
}

/// A heading that sorts: a button in the `<th>`, `aria-sort` on it.
fn heading(column: Column, sort: Slot<crate::domain::admin_lists::Sort>) -> impl IntoView {
    let mark = live(move || {
        let s = sort.get();
        match (s.column == column, s.direction) {
            (false, _) => "↕",
            (true, Direction::Ascending) => "▲",
            (true, Direction::Descending) => "▼",
        }
    });
    view! {
        <th scope="col" aria-sort=move || sort.get().aria(column)>
            <button type="button" class="sort-button"
                on:click=move |_| sort.update(|s| *s = s.toggled(column))>
                {column.title()}
                <span class="sort-mark" aria-hidden="true">{mark}</span>
            </button>
        </th>
    }
}

fn link_or_text(href: Option<String>, text: String) -> AnyView {
    match href {
        Some(href) => view! { <a href=href>{text}</a> }.into_any(),
        None => view! { <span>{text}</span> }.into_any(),
    }
}

/// One item's row.
fn item_row(item: Item, at: RowAt, shared: Shared) -> impl IntoView {
    let auth = Auth::use_auth();
    let target = match shared.kind {
        Kind::Workspaces => Target::workspace(&item.workspace_id),
        _ => Target::workbench(&item.workspace_id, &item.workbench_id),
    };
    let perm: Perm = shared.kind.delete_perm();
    let may_delete = move || auth.can_in(perm, &target);
    let cells = shared
        .kind
        .columns()
        .iter()
        .map(|c| cell(*c, &item, shared.clock))
        .collect_view();
    let id = item.row.id.clone();
    let name = item.row.name.clone();
    let asking = {
        let id = id.clone();
        move || {
            shared
                .confirming
                .with(|c| c.as_deref() == Some(id.as_str()))
        }
    };
    let asking2 = asking.clone();
    let question = format!("Delete {name}? {}", item.goes);
    let confirm = {
        let (id, name) = (id.clone(), name.clone());
        Callback::new(move |_| {
            shared.delete.dispatch_local((id.clone(), name.clone()));
        })
    };
    let open = {
        let id = id.clone();
        move |_| {
            shared.error.set(None);
            shared.confirming.set(Some(id.clone()));
        }
    };
    let busy = shared.delete.pending();
    let label = format!("Delete {name}");
    view! {
        <tr data-id=id aria-rowindex=at.aria_rowindex() tabindex=at.tabindex()>
            {cells}
            <td class="actions">
                <When when=move || may_delete() && !asking()>
                    <button type="button" class="btn btn-small btn-danger" aria-label=label.clone() on:click=open.clone()>
                        "Delete"
                    </button>
                </When>
                <When when=asking2.clone()>
                    <ConfirmInline
                        layout=ConfirmLayout::Row("Confirm delete")
                        question=question.clone()
                        confirm_label="Delete"
                        busy=busy
                        on_confirm=confirm
                        on_cancel=Callback::new(move |_| shared.confirming.set(None))
                        error=shared.error
                        error_title="Could not delete"
                    />
                </When>
            </td>
        </tr>
    }
}

fn cell(column: Column, item: &Item, clock: Slot<i64>) -> AnyView {
    let r = &item.row;
    match column {
        Column::Name => view! { <td class="name">{link_or_text(item.href.clone(), r.name.clone())}</td> }.into_any(),
        Column::Session => view! { <td class="session">{link_or_text(item.session_href.clone(), r.session.clone())}</td> }.into_any(),
        Column::Workspace => view! { <td class="workspace">{link_or_text(item.workspace_href.clone(), r.workspace.clone())}</td> }.into_any(),
        Column::Owner => view! { <td class="owner">{r.owner.clone()}</td> }.into_any(),
        Column::Status => {
            view! { <td class="status"><span class=item.badge data-attention=r.attention.then_some("true")>{r.status.clone()}</span></td> }.into_any()
        }
        Column::Created => match (r.created_ms, item.created_raw.clone()) {
            (Some(ms), Some(raw)) => view! {
                <td class="created">
                    <time datetime=raw title=format_utc(ms)>{live(move || relative_time(ms, clock.get()))}</time>
                </td>
            }
            .into_any(),
            _ => view! { <td class="created"><span class="muted">"—"</span></td> }.into_any(),
        },
    }
}
