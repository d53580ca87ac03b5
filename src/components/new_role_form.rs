//! The `New role` form of `/admin/roles`: name, description, scope, the workspace a workspace
//! role is created in, and the permissions of an existing role (those that fit the scope).
//! Checked first in the browser with CHORUS's rules (`domain::permissions::validate_new_role`:
//! CHORUS answers a broken rule with a bare 500), each problem said next to its field; the
//! create runs as an [`Action`] whose `pending` disables `Create role`.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{roles as roles_api, ApiClient, ApiError, ErrorKind};
use crate::components::error_alert::ErrorAlert;
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::components::permission_matrix::scope_options;
use crate::domain::permissions::{
    copy_for_scope, validate_new_role, NewRoleContext, Permission, Role, RoleScope,
};
use crate::state::activity::Activity;
use crate::state::auth::Auth;
use crate::state::{Kept, Slot};

/// The scopes CHORUS accepts for a new role.
const NEW_ROLE_SCOPES: [RoleScope; 2] = [RoleScope::Workspace, RoleScope::Platform];

/// The `context` of a new role of `scope` (CHORUS computes it the same way).
fn context_for_scope(scope: RoleScope) -> Vec<String> {
    match scope {
        RoleScope::Workspace => vec!["workspace".to_string()],
        _ => Vec::new(),
    }
}

/// The server's word on the name, if it said something about it.
fn name_error_of(e: &ApiError, name: &str) -> Option<String> {
    if e.kind() == ErrorKind::Conflict || e.chorus_code() == Some("ALREADY_EXISTS") {
        return Some(format!("A role named {name} already exists"));
    }
    e.validation_errors()
        .into_iter()
        .find(|v| {
            v.field
                .trim_start_matches("role.")
                .eq_ignore_ascii_case("name")
        })
        .map(|v| format!("The name {}", v.reason))
}

/// What copying `source` into a role of `scope` takes, in words (`None` without a source).
fn copy_words(source: Option<&Role>, scope: RoleScope, all: &[Permission]) -> Option<String> {
    let source = source?;
    let (kept, left) = copy_for_scope(source, scope, all);
    let total = kept.len() + left.len();
    let scope_word = scope.label().to_lowercase();
    Some(if left.is_empty() {
        format!("Copies the {total} permissions of {}.", source.name)
    } else {
        format!(
            "Copies {} of the {total} permissions of {}: the other {} do not fit a {scope_word} role (they are checked per session or per user, or per workspace for a platform role) and are left out.",
            kept.len(),
            source.name,
            left.len(),
        )
    })
}

/// An error paragraph of field `id` (always present, so `aria-describedby` points somewhere).
fn error_line(id: &'static str, msg: Slot<Option<String>>) -> impl IntoView {
    view! { <p class="field-error" id=id>{live(move || msg.get())}</p> }
}

/// The form. `on_created` gets the new role's name.
#[component]
pub(crate) fn NewRoleForm(
    existing: Vec<Role>,
    permissions: Vec<Permission>,
    /// `(id, name)` of every workspace: where a workspace role is created.
    workspaces: Vec<(String, String)>,
    on_created: Callback<String>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let activity = Activity::use_activity();
    let auth = Auth::use_auth();
    let name = Slot::new(String::new());
    let description = Slot::new(String::new());
    let scope = Slot::new(RoleScope::Workspace);
    let workspace = Slot::new(String::new());
    let copy_from = Slot::new(String::new());
    let errors: [Slot<Option<String>>; 4] = std::array::from_fn(|_| Slot::new(None));
    let [name_error, scope_error, ws_error, perms_error] = errors;
    let role_names: Vec<String> = existing.iter().map(|r| r.name.clone()).collect();
    let existing = Kept::new(existing);
    let permissions = Kept::new(permissions);
    let ws_list = Kept::new(workspaces);
    let name_ref = NodeRef::<leptos::html::Input>::new();
    crate::components::focus_on_mount(name_ref);

    // The role as the form says.
    let form_role = move || {
        let s = scope.get_untracked();
        let source = copy_from.get_untracked();
        let perms = existing.with_value(|ex| {
            ex.iter()
                .find(|r| r.name == source)
                .map(|r| permissions.with_value(|all| copy_for_scope(r, s, all).0))
                .unwrap_or_default()
        });
        Role {
            name: name.get_untracked().trim().to_string(),
            description: description.get_untracked().trim().to_string(),
            scope: s,
            context: context_for_scope(s),
            permissions: perms,
            dynamic: true,
        }
    };
    // The chosen workspace `(id, name)` of a workspace role.
    let chosen_workspace = move || {
        let id = workspace.get_untracked();
        (scope.get_untracked() == RoleScope::Workspace && !id.is_empty()).then(|| {
            let label = ws_list.with_value(|l| {
                l.iter()
                    .find(|(i, _)| *i == id)
                    .map_or_else(|| id.clone(), |(_, n)| n.clone())
            });
            (id, label)
        })
    };

    // Creates the role of the form; an error the name field cannot take shows above the
    // buttons.
    let form_error: Slot<Option<ApiError>> = Slot::new(None);
    let create = local_action(move |_: &()| {
        let role = form_role();
        let ws = chosen_workspace().map(|(id, _)| id);
        async move {
            let res = activity
                .track(
                    format!("Creating role {}…", role.name),
                    roles_api::create(api, &role, ws.as_deref()),
                )
                .await;
            match res {
                Ok(_) => {
                    // The header's role catalogue has it too.
                    auth.load_roles().await;
                    on_created.try_run(role.name);
                }
                Err(e) => match name_error_of(&e, &role.name) {
                    Some(m) => {
                        name_error.try_set(Some(m));
                    }
                    None => {
                        form_error.try_set(Some(e));
                    }
                },
            }
        }
    });
    let busy = create.pending();

    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        for e in errors {
            e.set(None);
        }
        form_error.set(None);
        // CHORUS answers a broken rule with a bare 500: say which one first.
        let role = form_role();
        let ws = chosen_workspace();
        let admin = auth
            .user
            .with_untracked(|u| u.as_ref().map(|u| u.roles_with_context.clone()))
            .unwrap_or_default();
        let problems = existing.with_value(|ex| {
            permissions.with_value(|perms| {
                validate_new_role(
                    &role,
                    &NewRoleContext {
                        existing: ex,
                        permissions: perms,
                        admin: &admin,
                        workspace: ws.as_ref().map(|(i, n)| (i.as_str(), n.as_str())),
                    },
                )
            })
        });
        let Some((first, _)) = problems.first().cloned() else {
            create.dispatch_local(());
            return;
        };
        for (field, msg) in problems {
            let slot = match field {
                "name" => name_error,
                "scope" => scope_error,
                "workspace" => ws_error,
                _ => perms_error,
            };
            slot.set(Some(msg));
        }
        crate::components::focus_by_id(match first {
            "name" => "new-role-name",
            "scope" => "new-role-scope",
            "workspace" => "new-role-workspace",
            _ => "new-role-copy",
        });
    };
    let invalid = move |e: Slot<Option<String>>| move || e.with(Option::is_some).to_string();

    let workspace_field = live(move || {
        (scope.get() == RoleScope::Workspace).then(|| {
            let options = ws_list.with_value(|l| {
                l.iter()
                    .map(|(id, n)| {
                        let sel = id.clone();
                        view! {
                            <option value=id.clone() selected=move || workspace.with(|w| *w == sel)>
                                {n.clone()}
                            </option>
                        }
                    })
                    .collect_view()
            });
            view! {
                <div class="field">
                    <label for="new-role-workspace">"Workspace"</label>
                    <select
                        id="new-role-workspace"
                        aria-invalid=invalid(ws_error)
                        aria-describedby="new-role-workspace-hint new-role-workspace-error"
                        on:change=move |ev| {
                            workspace.set(event_target_value(&ev));
                            ws_error.set(None);
                            perms_error.set(None);
                        }
                    >
                        <option value="" selected=move || workspace.with(String::is_empty)>
                            "Choose a workspace…"
                        </option>
                        {options}
                    </select>
                    <p class="muted field-hint" id="new-role-workspace-hint">
                        "The role is created in this workspace; you must be allowed to manage its users."
                    </p>
                    {error_line("new-role-workspace-error", ws_error)}
                </div>
            }
        })
    });
    let copy_hint = live(move || {
        let s = scope.get();
        copy_from.with(|src| {
            existing.with_value(|ex| {
                permissions.with_value(|all| copy_words(ex.iter().find(|r| &r.name == src), s, all))
            })
        })
    });

    view! {
        <crate::components::focus_return::FocusReturn>
        <form
            class="panel admin-form"
            aria-labelledby="new-role-title"
            novalidate=true
            on:submit=submit
        >
            <h2 id="new-role-title">"New role"</h2>
            <div class="field">
                <label for="new-role-name">"Name"</label>
                <input
                    id="new-role-name"
                    type="text"
                    autocomplete="off"
                    node_ref=name_ref
                    aria-invalid=invalid(name_error)
                    aria-describedby="new-role-name-hint new-role-name-error"
                    prop:value=move || name.get()
                    on:input=move |ev| {
                        name.set(event_target_value(&ev));
                        name_error.set(None);
                    }
                />
                <p class="muted field-hint" id="new-role-name-hint">
                    "Letters and digits, starting with a capital letter, like DataSteward; not the name of an existing role."
                </p>
                {error_line("new-role-name-error", name_error)}
            </div>
            <div class="field">
                <label for="new-role-description">"Description"</label>
                <textarea
                    id="new-role-description"
                    rows="2"
                    prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))
                ></textarea>
            </div>
            <div class="field">
                <label for="new-role-scope">"Scope"</label>
                <select
                    id="new-role-scope"
                    aria-invalid=invalid(scope_error)
                    aria-describedby="new-role-scope-error"
                    on:change=move |ev| {
                        scope.set(RoleScope::from_wire(&event_target_value(&ev)));
                        scope_error.set(None);
                        ws_error.set(None);
                        perms_error.set(None);
                    }
                >
                    {scope_options(&NEW_ROLE_SCOPES, move |s| scope.get() == s)}
                </select>
                {error_line("new-role-scope-error", scope_error)}
            </div>
            {workspace_field}
            <div class="field">
                <label for="new-role-copy">"Copy permissions from"</label>
                <select
                    id="new-role-copy"
                    aria-invalid=invalid(perms_error)
                    aria-describedby="new-role-copy-hint new-role-copy-error"
                    on:change=move |ev| {
                        copy_from.set(event_target_value(&ev));
                        perms_error.set(None);
                    }
                >
                    <option value="">"Choose a role…"</option>
                    {role_names
                        .into_iter()
                        .map(|n| view! { <option value=n.clone()>{n.clone()}</option> })
                        .collect_view()}
                </select>
                <p class="muted field-hint" id="new-role-copy-hint" aria-live="polite">
                    {copy_hint}
                </p>
                {error_line("new-role-copy-error", perms_error)}
            </div>
            {live(move || {
                form_error
                    .get()
                    .map(|e| view! { <ErrorAlert title="Could not create the role" error=e/> })
            })}
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    "Create role"
                </button>
                <button type="button" class="btn" on:click=move |_| on_cancel.run(())>
                    "Cancel"
                </button>
            </div>
        </form>
        </crate::components::focus_return::FocusReturn>
    }
}
