//! The user form's role choices: one checkbox per role (`Role <name>`: every role), and once
//! checked, a select for every dimension the role's context lists (api.md, "Users": CHORUS
//! stores the context as sent, so every dimension is sent): `Workspace for <name>` (each
//! workspace by name, and `All workspaces`), `Session for <name>` (each session given, and
//! `All sessions`), `Users for <name>` (`All users`, or `Only this user`: the user's own id).
use crate::components::live::live;
use leptos::prelude::*;

use super::fields::{field_error, field_id, Errors};
use crate::components::on::OnAttribute;
use crate::domain::permissions::{
    role_context_for, ContextChoice, Role, RoleToGive, UserScope, ANY_ID,
};
use crate::domain::user::User;
use crate::state::{Kept, Slot};

/// One role's choice.
#[derive(Clone, Copy)]
struct RoleChoice {
    checked: Slot<bool>,
    workspace: Slot<String>,
    workbench: Slot<String>,
    user: Slot<UserScope>,
}

/// The choices of every role.
#[derive(Clone, Copy)]
pub(super) struct RoleChoices(Kept<Vec<(Role, RoleChoice)>>);

impl RoleChoices {
    pub(super) fn new(roles: Vec<Role>) -> Self {
        let choices = roles
            .into_iter()
            .map(|r| {
                let c = RoleChoice {
                    checked: Slot::new(false),
                    workspace: Slot::new(String::new()),
                    workbench: Slot::new(String::new()),
                    user: Slot::new(UserScope::default_for(&r)),
                };
                (r, c)
            })
            .collect();
        Self(Kept::new(choices))
    }

    /// The checked roles to give; a role missing its workspace gets an error instead.
    pub(super) fn assignments(self, errors: &mut Errors) -> Vec<RoleToGive> {
        let mut out = Vec::new();
        self.0.with_value(|cs| {
            for (role, c) in cs.iter().filter(|(_, c)| c.checked.get_untracked()) {
                let ws = c.workspace.get_untracked();
                let wb = c.workbench.get_untracked();
                let choice = ContextChoice {
                    workspace: Some(ws.as_str()),
                    workbench: Some(wb.as_str()),
                    user: c.user.get_untracked(),
                };
                match role_context_for(role, choice) {
                    Ok(give) => out.push(give),
                    Err(m) => {
                        errors.insert(format!("role:{}", role.name), m);
                    }
                }
            }
        });
        out
    }

    /// The fieldset: the roles a user has (when editing), the choices, the roles' error.
    pub(super) fn view(
        self,
        editing: Option<&User>,
        errors: Slot<Errors>,
        workspaces: Kept<Vec<(String, String)>>,
        sessions: Kept<Vec<(String, String)>>,
    ) -> impl IntoView {
        let rows = self.0.with_value(|cs| {
            cs.iter()
                .map(|(role, c)| role_choice(role, *c, errors, workspaces, sessions))
                .collect_view()
        });
        view! {
            <fieldset class="role-choices">
                <legend>{if editing.is_none() { "Roles" } else { "Add roles" }}</legend>
                {editing.map(|u| current_roles(u, workspaces))}
                {rows}
                {field_error("roles".into(), "user-form-roles-error".into(), errors)}
            </fieldset>
        }
    }
}

/// What an edited user has now, as its chips say it (`WorkspaceMaintainer · Demo`, never
/// workspace ids; removing is done in the table).
fn current_roles(u: &User, workspaces: Kept<Vec<(String, String)>>) -> impl IntoView {
    let names: std::collections::HashMap<String, String> =
        workspaces.get_value().into_iter().collect();
    let labels: Vec<String> = u
        .roles_with_context
        .iter()
        .map(|a| crate::domain::user::chip_label(a, Some(&names), &u.id))
        .collect();
    let words = if labels.is_empty() {
        "No roles yet. Check roles below to add them.".to_string()
    } else {
        format!(
            "Current roles: {}. Remove a role with its × in the table.",
            labels.join("; "),
        )
    };
    view! { <p class="muted" data-testid="current-roles">{words}</p> }
}

/// A `<what> for <role>` select of one context dimension: `Choose a <what>`, each
/// `(id, name)` of `items`, and `all` (`"*"`).
#[allow(clippy::too_many_arguments)]
fn context_select(
    id: String,
    label: String,
    what: &'static str,
    all: &'static str,
    items: Kept<Vec<(String, String)>>,
    value: Slot<String>,
    invalid: impl Fn() -> bool + Send + Sync + 'static,
    err_id: String,
) -> impl IntoView {
    let options = items
        .get_value()
        .into_iter()
        .map(|(id, name)| {
            let id2 = id.clone();
            view! {
                <option value=id selected=move || value.with(|w| *w == id2)>
                    {name}
                </option>
            }
        })
        .collect_view();
    view! {
        <span class="role-workspace">
            <label for=id.clone()>{label}</label>
            <select
                id=id
                aria-invalid=move || invalid().to_string()
                aria-describedby=err_id
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                <option value="" selected=move || value.get().is_empty()>
                    {format!("Choose a {what}")}
                </option>
                {options}
                <option value=ANY_ID selected=move || value.with(|w| w == ANY_ID)>
                    {all}
                </option>
            </select>
        </span>
    }
}

/// The `Users for <role>` select: `All users` (`"*"`) or `Only this user` (the user's own id).
fn users_select(id: String, label: String, value: Slot<UserScope>) -> impl IntoView {
    let options = [UserScope::All, UserScope::OnlyThisUser]
        .into_iter()
        .map(|scope| {
            view! {
                <option value=scope.value() selected=move || value.get() == scope>
                    {scope.label()}
                </option>
            }
        })
        .collect_view();
    view! {
        <span class="role-workspace">
            <label for=id.clone()>{label}</label>
            <select id=id on:change=move |ev| value.set(UserScope::from_value(&event_target_value(&ev)))>
                {options}
            </select>
        </span>
    }
}

fn role_choice(
    role: &Role,
    c: RoleChoice,
    errors: Slot<Errors>,
    workspaces: Kept<Vec<(String, String)>>,
    sessions: Kept<Vec<(String, String)>>,
) -> impl IntoView {
    let name = role.name.clone();
    let key = format!("role:{name}");
    let check_id = format!("user-form-role-{name}");
    let ws_id = field_id(&key);
    let err_id = format!("{ws_id}-error");
    let (needs_ws, needs_wb) = (role.needs_workspace(), role.needs_workbench());
    let needs_user = role.needs_user();
    let user_id = format!("user-form-user-{name}");
    let user_label = format!("Users for {name}");
    // The first select of the role has the id its errors focus.
    let wb_id = if needs_ws {
        format!("user-form-wb-{name}")
    } else {
        ws_id.clone()
    };
    let desc = role.description.clone();
    let error = field_error(key.clone(), err_id.clone(), errors);
    let has_error = move || errors.with(|e| e.contains_key(&key));
    let ws_label = format!("Workspace for {name}");
    let wb_label = format!("Session for {name}");
    let selects = live(move || {
        c.checked.get().then(|| {
            let ws = needs_ws.then(|| {
                context_select(
                    ws_id.clone(),
                    ws_label.clone(),
                    "workspace",
                    "All workspaces",
                    workspaces,
                    c.workspace,
                    has_error.clone(),
                    err_id.clone(),
                )
            });
            let wb = needs_wb.then(|| {
                context_select(
                    wb_id.clone(),
                    wb_label.clone(),
                    "session",
                    "All sessions",
                    sessions,
                    c.workbench,
                    has_error.clone(),
                    err_id.clone(),
                )
            });
            let users =
                needs_user.then(|| users_select(user_id.clone(), user_label.clone(), c.user));
            (ws, wb, users)
        })
    });
    view! {
        <div class="role-choice">
            <input
                type="checkbox"
                id=check_id.clone()
                prop:checked=move || c.checked.get()
                on:change=move |ev| c.checked.set(event_target_checked(&ev))
            />
            <label for=check_id title=(!desc.is_empty()).then(|| desc.clone())>
                "Role "
                {name.clone()}
            </label>
            {selects}
            {error}
        </div>
    }
}
