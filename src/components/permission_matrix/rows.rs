//! A permission's row: its label (with the description for screen readers and as a tooltip)
//! and one checkbox per drawn role. Static markup only: the table's delegated listeners handle
//! changes and keys, and repaint a single cell ([`paint_cell`]) when it is toggled.
use leptos::prelude::*;
use web_sys::{Element, HtmlInputElement};

use super::state::MatrixState;
use super::visible::role_is_editable;
use crate::domain::permissions::{matrix_checkbox_label, permission_fits, Permission, Role};

pub(super) fn permission_row(
    p: &Permission,
    row: usize,
    col_roles: &[Role],
    tab_stop: Option<(usize, usize)>,
    state: MatrixState,
    editable_here: bool,
) -> impl IntoView {
    let desc_id = format!("perm-desc-{row}");
    let has_desc = !p.description.trim().is_empty();
    let cells = col_roles
        .iter()
        .enumerate()
        .map(|(c, role)| {
            // A dynamic role takes only permissions that fit its scope (CHORUS refuses the
            // others): such a cell is disabled, the reason in its title.
            let unfit = role
                .dynamic
                .then(|| permission_fits(role, p).err())
                .flatten();
            let editable = editable_here && role_is_editable(role) && unfit.is_none();
            let changed = editable && state.is_changed(&role.name, &p.name);
            let checked = role.grants(&p.name) != changed;
            let cell_title = unfit.clone();
            let class = match (changed, unfit.is_some()) {
                (true, _) => "cell changed",
                (false, true) => "cell unfit",
                _ => "cell",
            };
            // One tab stop in the whole grid (roving tabindex): the first enabled cell.
            let tabindex = if tab_stop == Some((row, c)) {
                "0"
            } else {
                "-1"
            };
            view! {
                <td class=class title=cell_title>
                    <input
                        type="checkbox"
                        aria-label=matrix_checkbox_label(&role.name, &p.name)
                        title=unfit
                        disabled=!editable
                        tabindex=tabindex
                        checked=checked
                    />
                    {changed.then(changed_mark)}
                </td>
            }
        })
        .collect_view();
    // The row shows the name in words; the API name (and the description) in its title, which
    // keeps the 85 rows of a real catalogue one line each.
    let title = if has_desc {
        format!("{}: {}", p.name, p.description)
    } else {
        p.name.clone()
    };
    view! {
        <tr data-permission=p.name.clone() data-r=row>
            <th scope="row" class="perm-label" title=title>
                <span class="perm-text">{p.label()}</span>
                <span class="visually-hidden">" (" {p.name.clone()} ")"</span>
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
pub(super) fn cell_of(input: &HtmlInputElement) -> Option<(Element, Element, i64, i64)> {
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
pub(super) fn paint_cell(td: &Element, input: &HtmlInputElement, changed: bool, checked: bool) {
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
