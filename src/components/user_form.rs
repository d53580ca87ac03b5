//! The user form of `/admin/users`: a new user (`POST /users` with the bare user), then its
//! roles one `POST /users/{id}/role` each, then the user reloaded; or an existing user's
//! profile and status (`PUT /users`, every field) plus roles to add, one call each. When a
//! role call fails after the user exists, the form says which roles were given and which were
//! not; its Retry sends only the missing ones (never a second create). After the signed-in
//! user's own roles change, the token is refreshed so the new permissions apply at once.
//!
//! Client validation ([`validate_user_form`], [`role_context_for`]) and the server's validation
//! errors show next to their fields (`aria-invalid`, `aria-describedby`).
use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::wire::admin::{UserCreateBody, UserUpdateBody};
use crate::api::{users, ApiClient, ApiError, ErrorKind};
use crate::components::error_alert::ErrorAlert;
use crate::domain::permissions::{role_context_for, validate_user_form, Role, ANY_ID};
use crate::domain::user::{RoleAssignment, RoleGrants, User, UserStatus};
use crate::state::activity::Activity;
use crate::state::auth::Auth;

/// Field errors by field key (`username`, `email`, `password`, `role:<name>`, …).
type Errors = BTreeMap<String, String>;

/// The label of a field (for server messages like "must be at least 8 characters").
fn field_label(field: &str) -> &'static str {
    match field {
        "username" => "Username",
        "firstName" => "First name",
        "lastName" => "Last name",
        "email" => "Email",
        "password" => "Password",
        "status" => "Status",
        _ => "This field",
    }
}

/// Maps the server's errors onto the form: a duplicate username, `validationErrors` by field.
/// Returns what could not be placed next to a field.
fn place_server_errors(e: &ApiError, username: &str, errors: &mut Errors) -> bool {
    if e.kind() == ErrorKind::Conflict || e.chorus_code() == Some("ALREADY_EXISTS") {
        errors.insert(
            "username".into(),
            format!("The username {username} is already taken"),
        );
        return true;
    }
    let mut placed = false;
    for v in e.validation_errors() {
        let field = v.field.trim_start_matches("user.");
        let key = if field.starts_with("rolesWithContext") {
            "roles".to_string()
        } else {
            field.to_string()
        };
        let msg = if key == "roles" {
            format!("Roles: {}", v.reason)
        } else {
            format!("{} {}", field_label(&key), v.reason)
        };
        if matches!(
            key.as_str(),
            "username" | "firstName" | "lastName" | "email" | "password" | "status" | "roles"
        ) {
            errors.entry(key).or_insert(msg);
            placed = true;
        }
    }
    placed
}

#[derive(Clone, Copy)]
struct RoleChoice {
    checked: RwSignal<bool>,
    workspace: RwSignal<String>,
}

/// The user form. `user`: `None` for a new user, else the user to edit.
#[component]
pub fn UserForm(
    /// The user to edit; `None` creates one.
    #[prop(optional)]
    user: Option<User>,
    /// The role catalogue; roles the form cannot give (session-bound ones) are left out.
    roles: Vec<Role>,
    /// `(id, name)` of every workspace, for the `Workspace for <role>` selects.
    workspaces: Vec<(String, String)>,
    /// Called with the saved user.
    on_saved: Callback<User>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let activity = Activity::use_activity();
    let auth = Auth::use_auth();
    let editing = user.clone();
    let is_new = editing.is_none();
    let u = editing.clone().unwrap_or_default();
    let username = RwSignal::new(u.username.clone());
    let first_name = RwSignal::new(u.first_name.clone());
    let last_name = RwSignal::new(u.last_name.clone());
    let email = RwSignal::new(u.email.clone());
    let password = RwSignal::new(String::new());
    let status = RwSignal::new(match u.status {
        UserStatus::Disabled => UserStatus::Disabled,
        _ => UserStatus::Active,
    });
    let errors: RwSignal<Errors> = RwSignal::new(Errors::new());
    let form_error: RwSignal<Option<(String, ApiError)>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    // The user once it exists (created or saved), and the roles still to give: a Retry then
    // sends only those.
    let saved_user: RwSignal<Option<User>> = RwSignal::new(None);
    let pending_roles: RwSignal<Option<RoleGrants>> = RwSignal::new(None);
    let ws_names = StoredValue::new(workspaces.clone());

    let roles: Vec<Role> = roles
        .into_iter()
        .filter(Role::assignable_in_user_form)
        .collect();
    let choices: Vec<(Role, RoleChoice)> = roles
        .into_iter()
        .map(|r| {
            (
                r,
                RoleChoice {
                    checked: RwSignal::new(false),
                    workspace: RwSignal::new(String::new()),
                },
            )
        })
        .collect();
    let choices = StoredValue::new(choices);
    let workspaces = StoredValue::new(workspaces);
    let editing = StoredValue::new(editing);

    let username_ref = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(i) = username_ref.get() {
            let _ = i.focus();
        }
    });

    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let un = username.get_untracked().trim().to_string();
        let em = email.get_untracked().trim().to_string();
        let pw = password.get_untracked();
        let mut errs = Errors::new();
        for e in validate_user_form(&un, &em, is_new.then_some(pw.as_str())) {
            errs.insert(e.field.to_string(), e.message);
        }
        let mut assignments: Vec<RoleAssignment> = Vec::new();
        choices.with_value(|cs| {
            for (role, c) in cs {
                if !c.checked.get_untracked() {
                    continue;
                }
                let ws = c.workspace.get_untracked();
                match role_context_for(role, Some(ws.as_str())) {
                    Ok(context) => assignments.push(RoleAssignment {
                        id: String::new(),
                        name: role.name.clone(),
                        context,
                    }),
                    Err(m) => {
                        errs.insert(format!("role:{}", role.name), m);
                    }
                }
            }
        });
        let first_error = errs.keys().next().cloned();
        errors.set(errs);
        form_error.set(None);
        if let Some(key) = first_error {
            focus_field(&key);
            return;
        }
        busy.set(true);
        let first = first_name.get_untracked().trim().to_string();
        let last = last_name.get_untracked().trim().to_string();
        let st = status.get_untracked();
        let original = editing.get_value();
        // After a partial failure the user exists: Save (Retry) sends only the missing roles.
        let exists = saved_user.get_untracked();
        let roles_to_send = match pending_roles.get_untracked() {
            Some(p) if exists.is_some() => p.to_retry(),
            _ => assignments,
        };
        spawn_local(async move {
            // 1. The user itself (unless it exists from an earlier try).
            let user = match (exists, original) {
                (Some(u), _) => u,
                (None, None) => {
                    let body = UserCreateBody {
                        username: un.clone(),
                        first_name: first,
                        last_name: last,
                        email: em,
                        password: pw,
                        status: "active".into(),
                        source: "internal".into(),
                    };
                    let created = activity
                        .track(format!("Creating user {un}…"), users::create(api, &body))
                        .await;
                    match created {
                        Ok(u) => u,
                        Err(e) => {
                            busy.try_set(false);
                            show_error(&e, "Could not create the user", &un, errors, form_error);
                            return;
                        }
                    }
                }
                (None, Some(orig)) => {
                    let body = UserUpdateBody::from(&User {
                        username: un.clone(),
                        first_name: first,
                        last_name: last,
                        email: em,
                        status: st,
                        ..orig
                    });
                    let saved = activity
                        .track(format!("Saving user {un}…"), users::update(api, &body))
                        .await;
                    match saved {
                        Ok(u) => u,
                        Err(e) => {
                            busy.try_set(false);
                            show_error(&e, "Could not save the user", &un, errors, form_error);
                            return;
                        }
                    }
                }
            };
            saved_user.try_set(Some(user.clone()));
            // 2. Its roles, one call each.
            let mut grants = RoleGrants::default();
            for role in roles_to_send {
                let reply = activity
                    .track(
                        format!("Giving {un} the role {}…", role.name),
                        users::add_role(api, &user.id, &role),
                    )
                    .await;
                grants.record(role, reply.err().map(|e| e.message()));
            }
            let changed_roles = !grants.given.is_empty();
            // 3. The user as the server has it now (with its roles).
            let fresh = if changed_roles {
                users::get(api, &user.id).await.unwrap_or(user)
            } else {
                user
            };
            if changed_roles && auth.is_me(&fresh.id) {
                // Roles live in the token: refresh it so that they apply without a new login.
                if let Err(e) = auth.refresh().await {
                    leptos::logging::warn!("could not refresh the login after a role change: {e}");
                }
            }
            busy.try_set(false);
            if grants.is_complete() {
                pending_roles.try_set(None);
                on_saved.try_run(fresh);
            } else {
                saved_user.try_set(Some(fresh));
                pending_roles.try_set(Some(grants));
            }
        });
    };

    let title = if is_new {
        "New user".to_string()
    } else {
        format!("Edit user {}", u.username)
    };
    let role_rows = choices.with_value(|cs| {
        cs.iter()
            .map(|(role, c)| role_choice(role, *c, errors, workspaces))
            .collect_view()
    });
    let current_roles = (!is_new).then(|| {
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
        view! {
            <p class="muted">
                {if names.is_empty() {
                    "No roles yet. Check roles below to add them.".to_string()
                } else {
                    format!(
                        "Current roles: {}. Remove a role with its × in the table.",
                        names.join("; "),
                    )
                }}
            </p>
        }
    });

    view! {
        <form
            class="panel admin-form user-form"
            aria-labelledby="user-form-title"
            novalidate=true
            on:submit=submit
        >
            <h2 id="user-form-title">{title}</h2>
            <div class="form-grid">
                {text_field("username", "text", "off", username, errors, Some(username_ref))}
                {text_field("firstName", "text", "given-name", first_name, errors, None)}
                {text_field("lastName", "text", "family-name", last_name, errors, None)}
                {text_field("email", "email", "email", email, errors, None)}
                {is_new.then(|| text_field("password", "password", "new-password", password, errors, None))}
                {(!is_new)
                    .then(|| {
                        view! {
                            <div class="field">
                                <label for="user-form-status">"Status"</label>
                                <select
                                    id="user-form-status"
                                    on:change=move |ev| {
                                        status.set(UserStatus::from_wire(&event_target_value(&ev)));
                                    }
                                >
                                    <option
                                        value="active"
                                        selected=move || status.get() == UserStatus::Active
                                    >
                                        "Active"
                                    </option>
                                    <option
                                        value="disabled"
                                        selected=move || status.get() == UserStatus::Disabled
                                    >
                                        "Disabled"
                                    </option>
                                </select>
                            </div>
                        }
                    })}
            </div>
            <fieldset class="role-choices">
                <legend>{if is_new { "Roles" } else { "Add roles" }}</legend>
                {current_roles}
                {role_rows}
                {move || {
                    errors
                        .with(|e| e.get("roles").cloned())
                        .map(|m| {
                            view! {
                                <p class="field-error" id="user-form-roles-error">
                                    {m}
                                </p>
                            }
                        })
                }}
            </fieldset>
            {move || {
                form_error.get().map(|(t, e)| view! { <ErrorAlert title=t error=e/> })
            }}
            {move || {
                pending_roles.get().map(|grants| {
                    let name = saved_user
                        .with(|u| u.as_ref().map(|u| u.username.clone()))
                        .unwrap_or_default();
                    let names: std::collections::HashMap<String, String> =
                        ws_names.get_value().into_iter().collect();
                    let words = grants.sentence(
                        &name,
                        if is_new { "was created" } else { "was saved" },
                        &names,
                    );
                    view! {
                        <div class="alert alert-error" role="alert" data-testid="roles-missing">
                            <p class="alert-title">"Some roles were not given"</p>
                            <p class="alert-message">{words}</p>
                        </div>
                    }
                })
            }}
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    {move || if pending_roles.with(Option::is_some) { "Retry" } else { "Save" }}
                </button>
                <button type="button" class="btn" on:click=move |_| on_cancel.run(())>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}

/// Shows a failed create or save: next to the fields it names, else above the buttons.
fn show_error(
    e: &ApiError,
    title: &str,
    username: &str,
    errors: RwSignal<Errors>,
    form_error: RwSignal<Option<(String, ApiError)>>,
) {
    let mut errs = Errors::new();
    let placed = place_server_errors(e, username, &mut errs);
    let first = errs.keys().next().cloned();
    errors.try_set(errs);
    if !placed {
        form_error.try_set(Some((title.to_string(), e.clone())));
    }
    if let Some(key) = first {
        focus_field(&key);
    }
}

fn focus_field(key: &str) {
    if let Some(el) = document()
        .get_element_by_id(&field_id(key))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The element id of a field (role fields use their role name).
fn field_id(key: &str) -> String {
    match key.strip_prefix("role:") {
        Some(name) => format!("user-form-ws-{name}"),
        None => format!("user-form-{key}"),
    }
}

fn text_field(
    key: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<Errors>,
    node_ref: Option<NodeRef<leptos::html::Input>>,
) -> impl IntoView {
    let id = field_id(key);
    let err_id = format!("{id}-error");
    let err_id2 = err_id.clone();
    let has_error = move || errors.with(|e| e.contains_key(key));
    let node_ref = node_ref.unwrap_or_default();
    let input = view! {
        <input
            node_ref=node_ref
            id=id.clone()
            type=kind
            autocomplete=autocomplete
            aria-invalid=move || has_error().to_string()
            aria-describedby=move || has_error().then(|| err_id.clone())
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
        />
    };
    view! {
        <div class="field">
            <label for=id>{field_label(key)}</label>
            {input}
            {move || {
                errors
                    .with(|e| e.get(key).cloned())
                    .map(|m| {
                        view! {
                            <p class="field-error" id=err_id2.clone()>
                                {m}
                            </p>
                        }
                    })
            }}
        </div>
    }
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
    let key2 = key.clone();
    let err_id2 = err_id.clone();
    let has_error = move || errors.with(|e| e.contains_key(&key));
    let select = move || {
        (needs_ws && c.checked.get()).then(|| {
            let has_error = has_error.clone();
            let err_id = err_id.clone();
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
                        {workspaces
                            .get_value()
                            .into_iter()
                            .map(|(id, wname)| {
                                let id2 = id.clone();
                                view! {
                                    <option
                                        value=id
                                        selected=move || c.workspace.with(|w| *w == id2)
                                    >
                                        {wname}
                                    </option>
                                }
                            })
                            .collect_view()}
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
            {move || {
                errors
                    .with(|e| e.get(&key2).cloned())
                    .map(|m| {
                        view! {
                            <p class="field-error" id=err_id2.clone()>
                                {m}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
