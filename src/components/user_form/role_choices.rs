//! The user form's role choices: one checkbox per role (`Role <name>`: every role, those whose
//! context is `user` too — CHORUS fills that dimension with the user's id), and once checked,
//! for a role whose context takes a workspace a `Workspace for <name>` select (each workspace by
//! name, and `All workspaces`), for one that takes a session a `Session for <name>` select
//! (each session given, and `All sessions`).
use leptos::prelude::*;

use super::fields::{field_error, field_id, Errors};
use crate::domain::permissions::{role_context_for, ContextChoice, Role, ANY_ID};
use crate::domain::user::{RoleAssignment, User};

/// One role's choice.
#[derive(Clone, Copy)]
struct RoleChoice {
    checked: RwSignal<bool>,
    workspace: RwSignal<String>,
    workbench: RwSignal<String>,
}

/// The choices of every role.
#[derive(Clone, Copy)]
pub(super) struct RoleChoices(StoredValue<Vec<(Role, RoleChoice)>>);

impl RoleChoices {
    pub(super) fn new(roles: Vec<Role>) -> Self {
        let choices = roles
            .into_iter()
            .map(|r| {
                let c = RoleChoice {
                    checked: RwSignal::new(false),
                    workspace: RwSignal::new(String::new()),
                    workbench: RwSignal::new(String::new()),
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
                let wb = c.workbench.get_untracked();
                let choice = ContextChoice {
                    workspace: Some(ws.as_str()),
                    workbench: Some(wb.as_str()),
                };
                match role_context_for(role, choice) {
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
        sessions: StoredValue<Vec<(String, String)>>,
    ) -> impl IntoView {
        let rows = self.0.with_value(|cs| {
            cs.iter()
                .map(|(role, c)| role_choice(role, *c, errors, workspaces, sessions))
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

/// A `<what> for <role>` select of one context dimension: `Choose a <what>`, each
/// `(id, name)` of `items`, and `all` (`"*"`).
#[allow(clippy::too_many_arguments)]
fn context_select(
    id: String,
    label: String,
    what: &'static str,
    all: &'static str,
    items: StoredValue<Vec<(String, String)>>,
    value: RwSignal<String>,
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

fn role_choice(
    role: &Role,
    c: RoleChoice,
    errors: RwSignal<Errors>,
    workspaces: StoredValue<Vec<(String, String)>>,
    sessions: StoredValue<Vec<(String, String)>>,
) -> impl IntoView {
    let name = role.name.clone();
    let key = format!("role:{name}");
    let check_id = format!("user-form-role-{name}");
    let ws_id = field_id(&key);
    let err_id = format!("{ws_id}-error");
    let (needs_ws, needs_wb) = (role.needs_workspace(), role.needs_workbench());
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
    let selects = move || {
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
            (ws, wb)
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
            {selects}
            {error}
        </div>
    }
}
