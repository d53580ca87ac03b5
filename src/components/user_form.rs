//! The user form of `/admin/users`: a new user with its roles (one `POST /users`), or an
//! existing user's profile and status (`PUT /users`) plus roles to add
//! (`POST /users/{id}/role` each).
//!
//! Client validation ([`validate_user_form`], [`role_context_for`]) and the server's validation
//! errors show next to their fields (`aria-invalid`, `aria-describedby`).
use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::client::encode_component;
use crate::api::wire::admin::{
    NewUserDto, RoleAddBody, RoleAssignmentBody, UserCreateBody, UserUpdateBody, UserUpdateDto,
};
use crate::api::wire::common::Envelope;
use crate::api::wire::user::UserResult;
use crate::api::{ApiClient, ApiError, ErrorKind};
use crate::components::error_alert::ErrorAlert;
use crate::domain::permissions::{role_context_for, validate_user_form, Role, ANY_ID};
use crate::domain::user::{User, UserStatus};
use crate::state::activity::Activity;

/// Field errors by field key (`username`, `email`, `password`, `role:<name>`, …).
type Errors = BTreeMap<String, String>;

const USERS_PATH: &str = "/api/rest/v1/users";

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

    let focus_first_error = move || {
        let first = errors.with_untracked(|e| e.keys().next().cloned());
        if let Some(key) = first {
            let id = field_id(&key);
            if let Some(el) = document()
                .get_element_by_id(&id)
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        }
    };

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
        let mut assignments: Vec<RoleAssignmentBody> = Vec::new();
        choices.with_value(|cs| {
            for (role, c) in cs {
                if !c.checked.get_untracked() {
                    continue;
                }
                let ws = c.workspace.get_untracked();
                match role_context_for(role, Some(ws.as_str())) {
                    Ok(context) => assignments.push(RoleAssignmentBody {
                        name: role.name.clone(),
                        context,
                    }),
                    Err(m) => {
                        errs.insert(format!("role:{}", role.name), m);
                    }
                }
            }
        });
        let has_errors = !errs.is_empty();
        errors.set(errs);
        form_error.set(None);
        if has_errors {
            focus_first_error();
            return;
        }
        busy.set(true);
        let first = first_name.get_untracked().trim().to_string();
        let last = last_name.get_untracked().trim().to_string();
        let st = status.get_untracked();
        let original = editing.get_value();
        spawn_local(async move {
            let outcome = match original {
                None => {
                    let body = UserCreateBody {
                        user: NewUserDto {
                            username: un.clone(),
                            first_name: first,
                            last_name: last,
                            email: em,
                            status: "active".into(),
                            password: pw,
                            roles_with_context: assignments,
                        },
                    };
                    activity
                        .track(
                            format!("Creating user {un}…"),
                            api.post::<_, Envelope<UserResult>>(USERS_PATH, &body),
                        )
                        .await
                        .map(|env| User::from(env.result.user))
                        .map_err(|e| ("Could not create the user".to_string(), e))
                }
                Some(orig) => {
                    let body = UserUpdateBody {
                        user: UserUpdateDto {
                            id: orig.id.clone(),
                            username: un.clone(),
                            first_name: first,
                            last_name: last,
                            email: em,
                            status: st.as_wire().to_string(),
                        },
                    };
                    let saved = activity
                        .track(
                            format!("Saving user {un}…"),
                            api.put::<_, Envelope<UserResult>>(USERS_PATH, &body),
                        )
                        .await
                        .map(|env| User::from(env.result.user))
                        .map_err(|e| ("Could not save the user".to_string(), e));
                    match saved {
                        Err(e) => Err(e),
                        Ok(mut user) => {
                            let mut failure = None;
                            for a in assignments {
                                let path =
                                    format!("{USERS_PATH}/{}/role", encode_component(&orig.id));
                                let name = a.name.clone();
                                let res = activity
                                    .track(
                                        format!("Adding role {name} to {un}…"),
                                        api.post::<_, Envelope<UserResult>>(
                                            &path,
                                            &RoleAddBody { role: a },
                                        ),
                                    )
                                    .await;
                                match res {
                                    Ok(env) => user = User::from(env.result.user),
                                    Err(e) => {
                                        failure = Some((
                                            format!(
                                                "The profile was saved, but the role {name} could not be added"
                                            ),
                                            e,
                                        ));
                                        break;
                                    }
                                }
                            }
                            match failure {
                                Some(f) => Err(f),
                                None => Ok(user),
                            }
                        }
                    }
                }
            };
            busy.try_set(false);
            match outcome {
                Ok(user) => on_saved.run(user),
                Err((title, e)) => {
                    let mut errs = Errors::new();
                    let placed = place_server_errors(&e, &un, &mut errs);
                    let has = !errs.is_empty();
                    errors.try_set(errs);
                    if !placed {
                        form_error.try_set(Some((title, e)));
                    }
                    if has {
                        focus_first_error();
                    }
                }
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
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    "Save"
                </button>
                <button type="button" class="btn" on:click=move |_| on_cancel.run(())>
                    "Cancel"
                </button>
            </div>
        </form>
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
