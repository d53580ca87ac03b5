//! The permission matrix (`/admin/roles`): permissions as rows (grouped by their context
//! dimensions), roles as columns, one checkbox per role × permission.
//!
//! The component takes its data as props and never talks to the network: the page fetches the
//! roles and permissions, and saves the change set ([`MatrixState::change_set`]) when `Save` is
//! pressed. The pending edits live in a [`MatrixState`] the page owns, so they survive a reload
//! of the roles (a failed save keeps them).
//!
//! Parts: the edits ([`state`]), the filters ([`visible`]), the toolbar ([`toolbar`]), the role
//! column headers ([`role_header`]), the permission rows and cell painting ([`rows`]), keyboard
//! navigation ([`keys`]); the table and its delegated listeners are here.
//!
//! Performance: the 60 × 250 cells are plain static markup (no per-cell closures, effects or
//! listeners: one delegated `change` and `keydown` listener on the table). Toggling a cell
//! updates that cell's DOM node and its column's count signal only, never the whole table.
mod keys;
mod role_header;
mod rows;
mod state;
mod toolbar;
mod visible;

use crate::components::live::live;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use crate::components::on::OnAttribute;
use crate::domain::permissions::{
    group_permissions, matrix_role_order, permission_fits, Permission, Role,
};
use crate::state::Kept;

pub use state::MatrixState;

use role_header::role_header;
use rows::{cell_of, paint_cell, permission_row};
use toolbar::matrix_toolbar;
pub(crate) use toolbar::scope_options;
use visible::{compute_visible, role_is_editable};

/// The matrix with its toolbar (scope filter, search, `Save`, `Discard`).
#[component]
pub fn PermissionMatrix(
    /// Every role (columns). Built-in roles are shown read-only.
    roles: Vec<Role>,
    /// Every permission (rows).
    permissions: Vec<Permission>,
    /// Pending edits and filters (owned by the caller).
    state: MatrixState,
    /// `Save`: the caller saves [`MatrixState::change_set`].
    #[prop(optional)]
    on_save: Option<Callback<()>>,
    /// A role's `Delete` button (dynamic roles only; hidden without a callback).
    #[prop(optional)]
    on_delete: Option<Callback<String>>,
    /// A save is under way: `Save` and `Discard` are disabled.
    #[prop(optional, into)]
    busy: Signal<bool>,
    /// The backend can change dynamic roles (else every cell is read-only, without `Save`).
    #[prop(default = true)]
    editable: bool,
    /// The backend can delete dynamic roles (else no `Delete` buttons).
    #[prop(default = true)]
    deletable: bool,
) -> impl IntoView {
    let on_delete = on_delete.filter(|_| deletable);
    let roles: Vec<Role> = matrix_role_order(&roles).into_iter().cloned().collect();
    let total = permissions.len();
    let groups: Vec<(String, Vec<Permission>)> = group_permissions(&permissions)
        .into_iter()
        .map(|g| (g.title, g.permissions))
        .collect();
    let roles = Kept::new(roles);
    let groups = Kept::new(groups);
    let all_perms = Kept::new(permissions);

    let visible = crate::state::memo(move |_| {
        let scope = state.scope.get();
        state
            .search
            .with(|q| roles.with_value(|r| groups.with_value(|g| compute_visible(r, g, scope, q))))
    });

    let table_body = live(move || {
        let vis = visible.get();
        state.clear_registry();
        let ncols = vis.roles.len();
        if ncols == 0 || vis.groups.is_empty() {
            let msg = if total == 0 {
                "There are no permissions."
            } else if roles.with_value(Vec::is_empty) {
                "There are no roles."
            } else {
                "No permission or role matches the filter."
            };
            return view! {
                <tbody>
                    <tr>
                        <td class="matrix-empty">{msg}</td>
                    </tr>
                </tbody>
            }
            .into_any();
        }
        let col_roles: Vec<Role> =
            roles.with_value(|r| vis.roles.iter().map(|&i| r[i].clone()).collect());
        // The grid's one tab stop: its first enabled cell, row by row.
        let tab_stop = groups.with_value(|g| {
            let mut row = 0usize;
            for (gi, idx) in &vis.groups {
                for &i in idx {
                    let p = &g[*gi].1[i];
                    let col = col_roles.iter().position(|r| {
                        editable && role_is_editable(r) && permission_fits(r, p).is_ok()
                    });
                    if let Some(c) = col {
                        return Some((row, c));
                    }
                    row += 1;
                }
            }
            None
        });
        let header = col_roles
            .iter()
            .map(|role| {
                let count = all_perms.with_value(|p| state.register_column(role, p));
                role_header(role, count, total, on_delete)
            })
            .collect_view();
        let mut row_no = 0usize;
        let bodies = vis
            .groups
            .iter()
            .map(|(gi, idx)| {
                let (title, perms) = groups.with_value(|g| {
                    let (t, ps) = &g[*gi];
                    (
                        t.clone(),
                        idx.iter().map(|&i| ps[i].clone()).collect::<Vec<_>>(),
                    )
                });
                let rows = perms
                    .into_iter()
                    .map(|p| {
                        let r = row_no;
                        row_no += 1;
                        permission_row(&p, r, &col_roles, tab_stop, state, editable)
                    })
                    .collect_view();
                view! {
                    <tbody>
                        <tr class="group-row">
                            <th scope="rowgroup" colspan=ncols + 1>
                                <span class="group-title">{title}</span>
                            </th>
                        </tr>
                        {rows}
                    </tbody>
                }
            })
            .collect_view();
        view! {
            <thead>
                <tr>
                    <th scope="col" class="corner">
                        "Permission"
                    </th>
                    {header}
                </tr>
            </thead>
            {bodies}
        }
        .into_any()
    });

    // The role (by visible column) and permission of a checkbox.
    let cell_target = move |input: &HtmlInputElement| {
        let (td, tr, _, c) = cell_of(input)?;
        let perm = tr.get_attribute("data-permission")?;
        let ri = visible.with_untracked(|v| v.roles.get(usize::try_from(c).ok()?).copied())?;
        Some((td, ri, perm))
    };

    // One delegated listener for every checkbox: toggle the edit, repaint that cell only.
    let on_change = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let Some((td, ri, perm)) = cell_target(&input) else {
            return;
        };
        let outcome = roles.with_value(|rs| {
            rs.get(ri)
                .map(|r| (r.grants(&perm), state.toggle(r, &perm)))
        });
        match outcome {
            Some((_, Some((changed, granted)))) => paint_cell(&td, &input, changed, granted),
            // Read-only after all: put the box back.
            Some((base, None)) => input.set_checked(base),
            None => {}
        }
    };

    // After Discard (or a role's edits were dropped): repaint the cells still marked changed.
    let table_ref = NodeRef::<leptos::html::Table>::new();
    crate::state::effect(move |prev: Option<u64>| {
        let n = state.resets.get();
        if prev.is_none() {
            return n;
        }
        let Some(Ok(list)) = table_ref
            .get_untracked()
            .map(|t| t.query_selector_all("td.cell.changed > input"))
        else {
            return n;
        };
        for i in 0..list.length() {
            let Some(input) = list
                .item(i)
                .and_then(|n| n.dyn_into::<HtmlInputElement>().ok())
            else {
                continue;
            };
            let Some((td, ri, perm)) = cell_target(&input) else {
                continue;
            };
            roles.with_value(|rs| {
                if let Some(r) = rs.get(ri) {
                    let changed = state.is_changed(&r.name, &perm);
                    paint_cell(&td, &input, changed, r.grants(&perm) != changed);
                }
            });
        }
        n
    });

    let size = move || visible.with_untracked(|v| (v.row_count(), v.roles.len()));

    // The scroll area is focusable, so that a keyboard scrolls it even when no cell can be
    // edited (a real CHORUS: only built-in roles).
    view! {
        <div class="permission-matrix-wrap">
            {matrix_toolbar(state, editable, busy, on_save)}
            <div
                class="matrix-scroll"
                tabindex="0"
                role="region"
                aria-label="Permission matrix (scrolls)"
            >
                <table
                    data-testid="permission-matrix"
                    class="permission-matrix"
                    node_ref=table_ref
                    on:change=on_change
                    on:keydown=move |ev| keys::on_arrow_key(&ev, size)
                    on:focusin=move |ev| keys::on_focus_in(&ev)
                >
                    <caption class="visually-hidden">
                        "Permissions by role. Rows are permissions, columns are roles. Use the arrow keys to move between checkboxes and Space to toggle one."
                    </caption>
                    {table_body}
                </table>
            </div>
        </div>
    }
}
