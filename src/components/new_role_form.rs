//! The `New role` form of `/admin/roles`: name, description, scope, and optionally the
//! permissions of an existing role. Checked first in the browser (CHORUS answers a mistake here
//! with a bare 500); the create runs as an [`Action`] whose `pending` disables `Create role`.
use leptos::prelude::*;

use crate::api::{roles as roles_api, ApiClient, ApiError, ErrorKind};
use crate::components::error_alert::ErrorAlert;
use crate::components::local_action;
use crate::components::permission_matrix::scope_options;
use crate::domain::permissions::{self, validate_new_role, Role, RoleScope};
use crate::state::activity::Activity;
use crate::state::auth::Auth;

/// The scopes a backend accepts for a new role.
const NEW_ROLE_SCOPES: [RoleScope; 2] = [RoleScope::Workspace, RoleScope::Platform];

/// The `context` of a new role of `scope`.
fn context_for_scope(scope: RoleScope) -> Vec<String> {
    match scope {
        RoleScope::Workspace => vec!["workspace".to_string()],
        RoleScope::Workbench => vec!["workbench".to_string()],
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
        .find(|v| v.field.trim_start_matches("role.") == "name")
        .map(|v| format!("The name {}", v.reason))
}

/// The permissions a new role copies from `source` (every permission for a role granting `*`).
fn copied_permissions(existing: &[Role], source: &str, all: &[String]) -> Vec<String> {
    existing
        .iter()
        .find(|r| r.name == source)
        .map(|r| {
            if r.permissions.iter().any(|p| p == permissions::ANY_ID) {
                all.to_vec()
            } else {
                r.permissions.clone()
            }
        })
        .unwrap_or_default()
}

/// The form. `on_created` gets the new role's name.
#[component]
pub(crate) fn NewRoleForm(
    existing: Vec<Role>,
    all_permissions: Vec<String>,
    on_created: Callback<String>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let activity = Activity::use_activity();
    let auth = Auth::use_auth();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let scope = RwSignal::new(RoleScope::Workspace);
    let copy_from = RwSignal::new(String::new());
    let name_error: RwSignal<Option<String>> = RwSignal::new(None);
    let perms_error: RwSignal<Option<String>> = RwSignal::new(None);
    let role_names: Vec<String> = existing.iter().map(|r| r.name.clone()).collect();
    let existing = StoredValue::new(existing);
    let all_permissions = StoredValue::new(all_permissions);
    let name_ref = NodeRef::<leptos::html::Input>::new();
    crate::components::focus_on_mount(name_ref);

    // The role as the form says.
    let form_role = move || {
        let s = scope.get_untracked();
        Role {
            name: name.get_untracked().trim().to_string(),
            description: description.get_untracked().trim().to_string(),
            scope: s,
            context: context_for_scope(s),
            permissions: existing.with_value(|ex| {
                all_permissions
                    .with_value(|all| copied_permissions(ex, &copy_from.get_untracked(), all))
            }),
            dynamic: true,
        }
    };

    // Creates the role of the form; an error the name field cannot take shows above the
    // buttons.
    let form_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let create = local_action(move |_: &()| {
        let role = form_role();
        async move {
            let res = activity
                .track(
                    format!("Creating role {}…", role.name),
                    roles_api::create(api, &role),
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
        name_error.set(None);
        perms_error.set(None);
        form_error.set(None);
        // CHORUS answers a mistake here with a bare 500: say what is wrong first.
        let problems = existing.with_value(|ex| validate_new_role(&form_role(), ex));
        if problems.is_empty() {
            create.dispatch_local(());
            return;
        }
        for (field, msg) in problems {
            match field {
                "name" => name_error.set(Some(msg)),
                _ => perms_error.set(Some(msg)),
            }
        }
        if name_error.with_untracked(Option::is_some) {
            if let Some(i) = name_ref.get_untracked() {
                let _ = i.focus();
            }
        } else {
            crate::components::focus_by_id("new-role-copy");
        }
    };

    view! {
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
                    aria-invalid=move || name_error.with(Option::is_some).to_string()
                    aria-describedby="new-role-name-hint new-role-name-error"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <p class="muted field-hint" id="new-role-name-hint">
                    "Letters and digits, starting with a capital letter, like DataSteward."
                </p>
                <p class="field-error" id="new-role-name-error">
                    {move || name_error.get()}
                </p>
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
                    on:change=move |ev| {
                        scope.set(RoleScope::from_wire(&event_target_value(&ev)));
                    }
                >
                    {scope_options(&NEW_ROLE_SCOPES, move |s| scope.get() == s)}
                </select>
            </div>
            <div class="field">
                <label for="new-role-copy">"Copy permissions from"</label>
                <select
                    id="new-role-copy"
                    aria-invalid=move || perms_error.with(Option::is_some).to_string()
                    aria-describedby="new-role-copy-error"
                    on:change=move |ev| copy_from.set(event_target_value(&ev))
                >
                    <option value="">"Choose a role…"</option>
                    {role_names
                        .into_iter()
                        .map(|n| view! { <option value=n.clone()>{n.clone()}</option> })
                        .collect_view()}
                </select>
                <p class="field-error" id="new-role-copy-error">{move || perms_error.get()}</p>
            </div>
            {move || {
                form_error
                    .get()
                    .map(|e| view! { <ErrorAlert title="Could not create the role" error=e/> })
            }}
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    "Create role"
                </button>
                <button type="button" class="btn" on:click=move |_| on_cancel.run(())>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}
