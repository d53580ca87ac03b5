//! The permission matrix (`/admin/roles`): permissions as rows (grouped by their context
//! dimensions), roles as columns, one checkbox per role × permission.
//!
//! The component takes its data as props and never talks to the network: the page fetches the
//! roles and permissions, and saves the change set ([`MatrixState::change_set`]) when `Save` is
//! pressed. The pending edits live in a [`MatrixState`] the page owns, so they survive a reload
//! of the roles (a failed save keeps them).
//!
//! Performance: the 60 × 250 cells are plain static markup (no per-cell closures, effects or
//! listeners: one delegated `change` and `keydown` listener on the table). Toggling a cell
//! updates that cell's DOM node and its column's count signal only, never the whole table.
use std::collections::HashMap;

use leptos::prelude::*;

use crate::components::icon::{Icon, IconName};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

use crate::domain::permissions::{
    group_permissions, matrix_checkbox_label, matrix_role_order, Permission, Role, RoleEdits,
    RoleScope, ANY_ID,
};

/// The pending edits and view filters of a matrix. `Copy`; create it where it should outlive
/// the table (the page), pass it to [`PermissionMatrix`].
#[derive(Clone, Copy)]
pub struct MatrixState {
    edits: StoredValue<RoleEdits>,
    /// How many cells are changed (drives `Save`, `Discard` and the leave-page warning).
    changed: RwSignal<usize>,
    /// Bumped by `discard`/`discard_role`: the table then re-syncs its changed cells.
    resets: RwSignal<u64>,
    /// The rendered columns' granted counts, with the saved count, by role.
    counts: StoredValue<HashMap<String, (RwSignal<usize>, usize)>>,
    /// Scope filter of the columns (`None`: every scope).
    pub scope: RwSignal<Option<RoleScope>>,
    /// Search text: narrows rows (permission name or label) and columns (role name).
    pub search: RwSignal<String>,
}

impl Default for MatrixState {
    fn default() -> Self {
        Self::new()
    }
}

impl MatrixState {
    /// No edits, no filters.
    pub fn new() -> Self {
        Self {
            edits: StoredValue::new(RoleEdits::new()),
            changed: RwSignal::new(0),
            resets: RwSignal::new(0),
            counts: StoredValue::new(HashMap::new()),
            scope: RwSignal::new(None),
            search: RwSignal::new(String::new()),
        }
    }

    /// Whether anything is unsaved (reactive).
    pub fn has_unsaved(&self) -> bool {
        self.changed.get() > 0
    }

    /// How many cells are changed (reactive).
    pub fn changed_count(&self) -> usize {
        self.changed.get()
    }

    /// Whether a cell differs from the saved role (not reactive).
    pub fn is_changed(&self, role: &str, permission: &str) -> bool {
        self.edits
            .try_with_value(|e| e.is_changed(role, permission))
            .unwrap_or(false)
    }

    /// One updated role per changed role of `roles` (see [`RoleEdits::change_set`]).
    pub fn change_set(&self, roles: &[Role]) -> Vec<Role> {
        self.edits
            .try_with_value(|e| e.change_set(roles))
            .unwrap_or_default()
    }

    /// Toggles a cell: `Some((changed, granted))` of the cell afterwards, `None` when the role
    /// is read-only. Updates the column's count; the caller updates the cell's node.
    pub fn toggle(&self, role: &Role, permission: &str) -> Option<(bool, bool)> {
        let (ok, changed, granted, count) = self.edits.try_update_value(|e| {
            let ok = e.toggle(role, permission);
            (
                ok,
                e.is_changed(&role.name, permission),
                e.is_granted(role, permission),
                e.changed_count(),
            )
        })?;
        if !ok {
            return None;
        }
        if let Some((count_sig, _)) = self
            .counts
            .try_with_value(|c| c.get(&role.name).copied())
            .flatten()
        {
            count_sig.try_update(|n| {
                if granted {
                    *n += 1
                } else {
                    *n = n.saturating_sub(1)
                }
            });
        }
        self.changed.try_set(count);
        Some((changed, granted))
    }

    /// Drops every pending change.
    pub fn discard(&self) {
        self.edits.try_update_value(RoleEdits::discard);
        self.reset_marks(None);
        self.changed.try_set(0);
    }

    /// Drops the pending changes of one role (after it was saved or deleted).
    pub fn discard_role(&self, role: &str) {
        let count = self.edits.try_update_value(|e| {
            e.discard_role(role);
            e.changed_count()
        });
        self.reset_marks(Some(role));
        self.changed.try_set(count.unwrap_or(0));
    }

    fn reset_marks(&self, role: Option<&str>) {
        self.resets.try_update(|n| *n += 1);
        self.counts.with_value(|counts| {
            for (r, (sig, saved)) in counts {
                if role.is_none_or(|x| x == r) {
                    sig.try_set(*saved);
                }
            }
        });
    }

    fn clear_registry(&self) {
        self.counts.try_update_value(HashMap::clear);
    }

    fn register_column(&self, role: &Role, permissions: &[Permission]) -> RwSignal<usize> {
        let (granted, _) = self
            .edits
            .try_with_value(|e| e.granted_total(role, permissions))
            .unwrap_or_default();
        let (saved, _) = RoleEdits::new().granted_total(role, permissions);
        let sig = RwSignal::new(granted);
        self.counts.try_update_value(|c| {
            c.insert(role.name.clone(), (sig, saved));
        });
        sig
    }
}

/// Whether the matrix lets a role be edited: dynamic, and not granting `"*"`.
pub fn role_is_editable(role: &Role) -> bool {
    role.dynamic && !role.permissions.iter().any(|p| p == ANY_ID)
}

/// The rows and columns left after the filters: (role indices, groups of permission indices).
#[derive(Clone, PartialEq, Eq, Default)]
struct Visible {
    roles: Vec<usize>,
    groups: Vec<(usize, Vec<usize>)>,
}

fn compute_visible(
    roles: &[Role],
    groups: &[(String, Vec<Permission>)],
    scope: Option<RoleScope>,
    search: &str,
) -> Visible {
    let q = search.trim().to_lowercase();
    let scoped: Vec<usize> = roles
        .iter()
        .enumerate()
        .filter(|(_, r)| scope.is_none_or(|s| r.scope == s))
        .map(|(i, _)| i)
        .collect();
    let mut role_idx: Vec<usize> = scoped
        .iter()
        .copied()
        .filter(|&i| q.is_empty() || roles[i].name.to_lowercase().contains(&q))
        .collect();
    let perm_matches = |p: &Permission| {
        q.is_empty() || p.name.to_lowercase().contains(&q) || p.label().to_lowercase().contains(&q)
    };
    let any_perm = groups.iter().any(|(_, ps)| ps.iter().any(&perm_matches));
    // A query that names no role narrows the rows only, and one that names no permission the
    // columns only.
    if role_idx.is_empty() && any_perm {
        role_idx = scoped;
    }
    let rows_filtered = any_perm || role_idx.is_empty();
    let groups = groups
        .iter()
        .enumerate()
        .map(|(gi, (_, ps))| {
            let idx: Vec<usize> = ps
                .iter()
                .enumerate()
                .filter(|(_, p)| !rows_filtered || perm_matches(p))
                .map(|(i, _)| i)
                .collect();
            (gi, idx)
        })
        .filter(|(_, idx)| !idx.is_empty())
        .collect();
    Visible {
        roles: role_idx,
        groups,
    }
}

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
    #[prop(optional, into)]
    editable: Option<Signal<bool>>,
    /// The backend can delete dynamic roles (else no `Delete` buttons).
    #[prop(optional, into)]
    deletable: Option<Signal<bool>>,
) -> impl IntoView {
    let editable = editable.is_none_or(|s| s.get_untracked());
    let on_delete = on_delete.filter(|_| deletable.is_none_or(|s| s.get_untracked()));
    let roles: Vec<Role> = matrix_role_order(&roles).into_iter().cloned().collect();
    let all_perms = permissions.clone();
    let total = all_perms.len();
    let groups: Vec<(String, Vec<Permission>)> = group_permissions(&permissions)
        .into_iter()
        .map(|g| (g.title, g.permissions))
        .collect();
    let roles = StoredValue::new(roles);
    let groups = StoredValue::new(groups);
    let all_perms = StoredValue::new(all_perms);

    let visible = Memo::new(move |_| {
        let scope = state.scope.get();
        state
            .search
            .with(|q| roles.with_value(|r| groups.with_value(|g| compute_visible(r, g, scope, q))))
    });

    let table_body = move || {
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
        let first_editable = col_roles
            .iter()
            .position(|r| editable && role_is_editable(r));
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
                        permission_row(&p, r, &col_roles, first_editable, state, editable)
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
    };

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
    Effect::new(move |prev: Option<u64>| {
        let n = state.resets.get();
        if prev.is_some() {
            if let Some(table) = table_ref.get_untracked() {
                if let Ok(list) = table.query_selector_all("td.cell.changed > input") {
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
                }
            }
        }
        n
    });

    // Arrow keys move the focus between the enabled checkboxes (roving tabindex).
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let (dr, dc): (i64, i64) = match ev.key().as_str() {
            "ArrowUp" => (-1, 0),
            "ArrowDown" => (1, 0),
            "ArrowLeft" => (0, -1),
            "ArrowRight" => (0, 1),
            _ => return,
        };
        let Some(target) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(table) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<Element>().ok())
        else {
            return;
        };
        let Some((_, _, mut r, mut c)) = cell_of(&target) else {
            return;
        };
        ev.prevent_default();
        let (nrows, ncols) = visible.with_untracked(|v| {
            (
                v.groups.iter().map(|(_, p)| p.len()).sum::<usize>() as i64,
                v.roles.len() as i64,
            )
        });
        loop {
            r += dr;
            c += dc;
            if r < 0 || c < 0 || r >= nrows || c >= ncols {
                return;
            }
            // Column c is the (c + 2)-th child: the row header comes first.
            let sel = format!("tr[data-r=\"{r}\"] > td:nth-child({}) > input", c + 2);
            let Some(next) = table
                .query_selector(&sel)
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            if !next.disabled() {
                move_roving(&table, &next);
                let _ = next.focus();
                return;
            }
        }
    };
    let on_focusin = move |ev: web_sys::FocusEvent| {
        let Some(target) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        if target.type_() == "checkbox" {
            if let Some(table) = ev
                .current_target()
                .and_then(|t| t.dyn_into::<Element>().ok())
            {
                move_roving(&table, &target);
            }
        }
    };

    let unsaved = move || state.has_unsaved();
    let status = move || match state.changed_count() {
        0 => "No unsaved changes".to_string(),
        1 => "1 unsaved change".to_string(),
        n => format!("{n} unsaved changes"),
    };
    let save = move |_| {
        if let Some(cb) = on_save {
            cb.run(());
        }
    };
    let scope_options = [
        RoleScope::System,
        RoleScope::Platform,
        RoleScope::Workspace,
        RoleScope::Workbench,
    ];
    let on_scope = move |ev| {
        let v = event_target_value(&ev);
        state.scope.set(
            scope_options
                .iter()
                .copied()
                .find(|s| s.as_str() == v.as_str()),
        );
    };

    view! {
        <div class="permission-matrix-wrap">
            <div class="matrix-toolbar">
                <div class="field">
                    <label for="matrix-scope">"Scope"</label>
                    <select id="matrix-scope" on:change=on_scope>
                        <option value="" selected=move || state.scope.get().is_none()>
                            "All scopes"
                        </option>
                        {scope_options
                            .iter()
                            .map(|s| {
                                let s = *s;
                                view! {
                                    <option
                                        value=s.as_str()
                                        selected=move || state.scope.get() == Some(s)
                                    >
                                        {s.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="matrix-search">"Search"</label>
                    <input
                        id="matrix-search"
                        type="search"
                        placeholder="Permission or role"
                        prop:value=move || state.search.get()
                        on:input=move |ev| state.search.set(event_target_value(&ev))
                    />
                </div>
                <p class="matrix-status muted" role="status" aria-live="polite">
                    {status}
                </p>
                {editable.then(|| view! {
                    <div class="matrix-actions">
                        <button
                            type="button"
                            class="btn btn-primary"
                            disabled=move || !unsaved() || busy.get()
                            on:click=save
                        >
                            "Save"
                        </button>
                        <button
                            type="button"
                            class="btn"
                            disabled=move || !unsaved() || busy.get()
                            on:click=move |_| state.discard()
                        >
                            "Discard"
                        </button>
                    </div>
                })}
            </div>
            <div class="matrix-scroll">
                <table
                    data-testid="permission-matrix"
                    class="permission-matrix"
                    node_ref=table_ref
                    on:change=on_change
                    on:keydown=on_keydown
                    on:focusin=on_focusin
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

fn move_roving(table: &Element, to: &HtmlInputElement) {
    if let Ok(Some(prev)) = table.query_selector("td.cell > input[tabindex=\"0\"]") {
        let _ = prev.set_attribute("tabindex", "-1");
    }
    let _ = to.set_attribute("tabindex", "0");
}

fn role_header(
    role: &Role,
    count: RwSignal<usize>,
    total: usize,
    on_delete: Option<Callback<String>>,
) -> impl IntoView {
    let built_in = !role.dynamic;
    let name = role.name.clone();
    let desc = role.description.clone();
    let has_desc = !desc.trim().is_empty();
    let title = has_desc.then(|| desc.clone());
    let delete = (role.dynamic).then_some(on_delete).flatten().map(|cb| {
        let n = name.clone();
        let label = format!("Delete role {name}");
        view! {
            <button
                type="button"
                class="btn btn-quiet btn-small role-delete"
                aria-label=label
                title="Delete this role"
                on:click=move |_| cb.run(n.clone())
            >
                "Delete"
            </button>
        }
    });
    view! {
        <th
            scope="col"
            class="role-col"
            class:built-in=built_in
            data-role=name.clone()
            title=title
        >
            <span class="role-name">{name.clone()}</span>
            {built_in
                .then(|| {
                    view! {
                        <span class="role-lock" title="Built-in role: read-only">
                            <Icon name=IconName::Lock label="Built-in role: read-only"/>
                        </span>
                    }
                })}
            <span class="role-scope">{role.scope.label()}</span>
            <span class="role-count">
                {move || count.get()}
                " / "
                {total}
                <span class="visually-hidden">" permissions granted"</span>
            </span>
            {has_desc.then(|| view! { <span class="visually-hidden">{desc}</span> })}
            {delete}
        </th>
    }
}

fn permission_row(
    p: &Permission,
    row: usize,
    col_roles: &[Role],
    first_editable: Option<usize>,
    state: MatrixState,
    editable_here: bool,
) -> impl IntoView {
    let desc_id = format!("perm-desc-{row}");
    let has_desc = !p.description.trim().is_empty();
    // The description sits (visually hidden) in the row header, which screen readers announce
    // with each cell; sighted users get it as the header's tooltip.
    // Static markup only: the table's delegated listeners handle changes and keys.
    let cells = col_roles
        .iter()
        .enumerate()
        .map(|(c, role)| {
            let editable = editable_here && role_is_editable(role);
            let changed = editable && state.is_changed(&role.name, &p.name);
            let checked = role.grants(&p.name) != changed;
            let tabindex = if row == 0 && Some(c) == first_editable {
                "0"
            } else {
                "-1"
            };
            view! {
                <td class=if changed { "cell changed" } else { "cell" }>
                    <input
                        type="checkbox"
                        aria-label=matrix_checkbox_label(&role.name, &p.name)
                        disabled=!editable
                        tabindex=tabindex
                        checked=checked
                    />
                    {changed.then(changed_mark)}
                </td>
            }
        })
        .collect_view();
    view! {
        <tr data-permission=p.name.clone() data-r=row>
            <th
                scope="row"
                class="perm-label"
                title=has_desc.then(|| p.description.clone())
            >
                <span class="perm-text">{p.label()}</span>
                <span class="perm-name mono muted">{p.name.clone()}</span>
                {has_desc
                    .then(|| {
                        view! {
                            <span class="visually-hidden" id=desc_id.clone()>
                                {p.description.clone()}
                            </span>
                        }
                    })}
            </th>
            {cells}
        </tr>
    }
}

fn changed_mark() -> impl IntoView {
    view! { <span class="changed-mark visually-hidden">"changed"</span> }
}

/// The cell (`td`) of a checkbox, its row (`tr`), the row number and the column number.
fn cell_of(input: &HtmlInputElement) -> Option<(Element, Element, i64, i64)> {
    let td = input.parent_element()?;
    let tr = td.parent_element()?;
    let r = tr.get_attribute("data-r")?.parse::<i64>().ok()?;
    let idx = js_sys::Reflect::get(&td, &wasm_bindgen::JsValue::from_str("cellIndex"))
        .ok()?
        .as_f64()? as i64;
    // Column 0 is the permission's row header.
    Some((td, tr, r, idx - 1))
}

/// Shows a cell's state: checked, and the `changed` class and words.
fn paint_cell(td: &Element, input: &HtmlInputElement, changed: bool, checked: bool) {
    input.set_checked(checked);
    let has = td.class_list().contains("changed");
    if has == changed {
        return;
    }
    let _ = td.class_list().toggle_with_force("changed", changed);
    if changed {
        if let Ok(span) = document().create_element("span") {
            span.set_class_name("changed-mark visually-hidden");
            span.set_text_content(Some("changed"));
            let _ = td.append_child(&span);
        }
    } else if let Ok(Some(mark)) = td.query_selector(".changed-mark") {
        mark.remove();
    }
}
