//! The users table (ui.md, "users table"): a row per user (`data-user-id`) with name, email,
//! status, the role chips (each with its remove button) and `Edit`.
use std::collections::HashMap;

use crate::components::live::live;
use leptos::prelude::*;

use super::asks::{FormMode, PendingRemoval};
use super::delete_user::Deletion;
use crate::components::data_table::{Column, DataTable};
use crate::components::icon::{Icon, IconName};
use crate::components::on::OnAttribute;
use crate::domain::text::shown_string;
use crate::domain::user::{chip_label, chip_remove_label, User, UserStatus};
use crate::state::{Derived, Slot};

const USER_COLUMNS: &[Column] = &[
    Column::shown("Username"),
    Column::shown("Name"),
    Column::shown("Email"),
    Column::shown("Status"),
    Column::shown("Roles"),
    Column::hidden("Actions"),
];

/// The table of one page of users.
pub(super) fn users_table(
    users: &[User],
    ws_names: Derived<Option<HashMap<String, String>>>,
    form: Slot<Option<FormMode>>,
    ask_remove: Callback<PendingRemoval>,
    deletion: Deletion,
) -> impl IntoView {
    let rows = users
        .iter()
        .map(|u| user_row(u.clone(), ws_names, form, ask_remove, deletion))
        .collect_view();
    view! {
        <DataTable
            testid="users-table"
            caption="Users and their roles"
            columns=USER_COLUMNS
            class="users-table"
        >
            {rows}
        </DataTable>
    }
}

fn user_row(
    u: User,
    ws_names: Derived<Option<HashMap<String, String>>>,
    form: Slot<Option<FormMode>>,
    ask_remove: Callback<PendingRemoval>,
    deletion: Deletion,
) -> impl IntoView {
    let (badge, status) = match u.status {
        UserStatus::Active => ("badge badge-ok", "Active"),
        UserStatus::Disabled => ("badge badge-neutral", "Disabled"),
        UserStatus::Deleted => ("badge badge-neutral", "Deleted"),
        UserStatus::Unknown => ("badge badge-warn", "Unknown"),
    };
    // Bidirectional controls as markers (issue 55), as every name.
    let full = shown_string(format!("{} {}", u.first_name.trim(), u.last_name.trim()).trim());
    let edit_label = format!("Edit {}", shown_string(&u.username));
    let id = u.id.clone();
    let username = shown_string(&u.username);
    let email = shown_string(&u.email);
    let chips = role_chips(&u, ws_names, ask_remove);
    let delete = deletion.button(&u);
    let confirm = deletion.confirm_row(&u, USER_COLUMNS.len());
    view! {
        <tr data-user-id=id>
            <td class="mono">{username}</td>
            <td>{full}</td>
            <td>{email}</td>
            <td>
                <span class=badge>{status}</span>
            </td>
            <td class="roles-cell">{chips}</td>
            <td class="actions">
                <button
                    type="button"
                    class="btn btn-small"
                    aria-label=edit_label
                    on:click=move |_| form.set(Some(FormMode::Edit(Box::new(u.clone()))))
                >
                    "Edit"
                </button>
                {delete}
            </td>
        </tr>
        {confirm}
    }
}

/// A user's roles as chips: each assignment with its context in words and a remove button;
/// bare role names (without an assignment) plain.
fn role_chips(
    u: &User,
    ws_names: Derived<Option<HashMap<String, String>>>,
    ask_remove: Callback<PendingRemoval>,
) -> impl IntoView {
    let username = u.username.clone();
    let user_id = u.id.clone();
    let assignments = u.roles_with_context.clone();
    let bare: Vec<String> = u
        .roles
        .iter()
        .filter(|n| !assignments.iter().any(|a| &a.name == *n))
        .cloned()
        .collect();
    live(move || {
        let names = ws_names.get();
        let mut views: Vec<AnyView> = assignments
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let label = chip_label(a, names.as_ref(), &user_id);
                let chip_id = format!("chip-{user_id}-{i}");
                let pending = PendingRemoval {
                    user_id: user_id.clone(),
                    username: username.clone(),
                    role_id: if a.id.is_empty() {
                        a.name.clone()
                    } else {
                        a.id.clone()
                    },
                    role: a.name.clone(),
                    label: label.clone(),
                };
                let remove_name = chip_remove_label(&label, &username);
                view! {
                    <li class="chip">
                        <span id=chip_id.clone()>{label}</span>
                        <button
                            type="button"
                            class="chip-remove"
                            aria-label=remove_name
                            aria-describedby=chip_id
                            title="Remove this role"
                            on:click=move |_| ask_remove.run(pending.clone())
                        >
                            <Icon name=IconName::Close/>
                        </button>
                    </li>
                }
                .into_any()
            })
            .collect();
        views.extend(bare.iter().map(|n| {
            view! {
                <li class="chip chip-plain">
                    <span>{n.clone()}</span>
                </li>
            }
            .into_any()
        }));
        if views.is_empty() {
            view! { <span class="muted">"No roles"</span> }.into_any()
        } else {
            view! { <ul class="chips">{views}</ul> }.into_any()
        }
    })
}
