//! The user form's role choices: one checkbox per role the form can give (`Role <name>`), and
//! for a role whose context needs a workspace, once checked, a `Workspace for <name>` select
//! (each workspace by name, and `All workspaces`).
use leptos::prelude::*;

use super::fields::{field_error, field_id, Errors};
use crate::domain::permissions::{role_context_for, Role, ANY_ID};
use crate::domain::user::{RoleAssignment, User};

/// One role's choice.
#[derive(Clone, Copy)]
struct RoleChoice {
    checked: RwSignal<bool>,
    workspace: RwSignal<String>,
}

/// The choices of every role the form can give (session-bound roles are left out).
#[derive(Clone, Copy)]
pub(super) struct RoleChoices(StoredValue<Vec<(Role, RoleChoice)>>);

impl RoleChoices {
    pub(super) fn new(roles: Vec<Role>) -> Self {
        let choices = roles
            .into_iter()
            .filter(Role::assignable_in_user_form)
            .map(|r| {
                let c = RoleChoice {
                    checked: RwSignal::new(false),
                    workspace: RwSignal::new(String::new()),
                };
                (r, c)
            })
            .collect();
        Self(StoredValue::new(choices))
    }

    /// The checked roles as assignments; a role missing its workspace gets an error instead.
    pub(super) fn assignments(self, errors: &mut Errors) -> Vec<RoleAssignment> {
        let mut out = Vec::new();
        self.0.with_value(|cs| {
            for (role, c) in cs.iter().filter(|(_, c)| c.checked.get_untracked()) {
                let ws = c.workspace.get_untracked();
                match role_context_for(role, Some(ws.as_str())) {
                    Ok(context) => out.push(RoleAssignment {
                        id: String::new(),
                        name: role.name.clone(),
                        context,
                    }),
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
        errors: RwSignal<Errors>,
        workspaces: StoredValue<Vec<(String, String)>>,
    ) -> impl IntoView {
        let rows = self.0.with_value(|cs| {
            cs.iter()
                .map(|(role, c)| role_choice(role, *c, errors, workspaces))
                .collect_view()
        });
        view! {
            <fieldset class="role-choices">
                <legend>{if editing.is_none() { "Roles" } else { "Add roles" }}</legend>
                {editing.map(current_roles)}
                {rows}
                {field_error("roles".into(), "user-form-roles-error".into(), errors)}
            </fieldset>
        }
    }
}

/// What an edited user has now (removing is done in the table).
fn current_roles(u: &User) -> impl IntoView {
    let names: Vec<String> = u
        .roles_with_context
        .iter()
        .map(|a| {
            let ctx: Vec<String> = a.context.values().cloned().collect();
            if ctx.is_empty() {
                a.name.clone()
            } else {
                format!("{} ({})", a.name, ctx.join(", "))
            }
        })
        .collect();
    let words = if names.is_empty() {
        "No roles yet. Check roles below to add them.".to_string()
    } else {
        format!(
            "Current roles: {}. Remove a role with its × in the table.",
            names.join("; "),
        )
    };
    view! { <p class="muted">{words}</p> }
}

fn role_choice(
    role: &Role,
    c: RoleChoice,
    errors: RwSignal<Errors>,
    workspaces: StoredValue<Vec<(String, String)>>,
) -> impl IntoView {
    let name = role.name.clone();
    let key = format!("role:{name}");
    let check_id = format!("user-form-role-{name}");
    let ws_id = field_id(&key);
    let err_id = format!("{ws_id}-error");
    let needs_ws = role.needs_workspace();
    let desc = role.description.clone();
    let ws_label = format!("Workspace for {name}");
    let error = field_error(key.clone(), err_id.clone(), errors);
    let has_error = move || errors.with(|e| e.contains_key(&key));
    let select = move || {
        (needs_ws && c.checked.get()).then(|| {
            let has_error = has_error.clone();
            let err_id = err_id.clone();
            let options = workspaces
                .get_value()
                .into_iter()
                .map(|(id, wname)| {
                    let id2 = id.clone();
                    view! {
                        <option value=id selected=move || c.workspace.with(|w| *w == id2)>
                            {wname}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <span class="role-workspace">
                    <label for=ws_id.clone()>{ws_label.clone()}</label>
                    <select
                        id=ws_id.clone()
                        aria-invalid=move || has_error().to_string()
                        aria-describedby=err_id
                        on:change=move |ev| c.workspace.set(event_target_value(&ev))
                    >
                        <option value="" selected=move || c.workspace.get().is_empty()>
                            "Choose a workspace"
                        </option>
                        {options}
                        <option value=ANY_ID selected=move || c.workspace.with(|w| w == ANY_ID)>
                            "All workspaces"
                        </option>
                    </select>
                </span>
            }
        })
    };
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
            {select}
            {error}
        </div>
    }
}
