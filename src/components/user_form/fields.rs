//! The user form's fields and their errors: one message per field key (`username`, `email`,
//! `password`, `roles`, `role:<name>`…), shown next to the field (`aria-invalid`,
//! `aria-describedby`), client checks and the server's validation errors alike.
use std::collections::BTreeMap;

use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{ApiError, ErrorKind};
use crate::components::on::OnAttribute;
use crate::domain::permissions::{field_error_words, field_label};
use crate::domain::user::UserStatus;
use crate::state::Slot;

/// Field errors by field key.
pub(super) type Errors = BTreeMap<String, String>;

/// The element id of a field (role fields use their role name).
pub(super) fn field_id(key: &str) -> String {
    match key.strip_prefix("role:") {
        Some(name) => format!("user-form-ws-{name}"),
        None => format!("user-form-{key}"),
    }
}

/// Moves the focus to a field.
pub(super) fn focus_field(key: &str) {
    crate::components::focus_by_id(&field_id(key));
}

/// Shows `errs` next to their fields and focuses the first.
/// The first field with an error, in the form's order (then the roles').
pub(super) fn first_field(errs: &Errors) -> Option<String> {
    const ORDER: [&str; 6] = [
        "username",
        "firstName",
        "lastName",
        "email",
        "password",
        "status",
    ];
    ORDER
        .iter()
        .map(|k| k.to_string())
        .find(|k| errs.contains_key(k))
        .or_else(|| errs.keys().next().cloned())
}

pub(super) fn show_field_errors(errors: Slot<Errors>, errs: Errors) {
    let first = first_field(&errs);
    errors.try_set(errs);
    if let Some(key) = first {
        focus_field(&key);
    }
}

/// The server's errors that belong to a field: a duplicate username (409 `ALREADY_EXISTS`; on
/// CHORUS a bare 500 on create, so a failed create says the name may be taken), and
/// `validationErrors` by field (Go names like `FirstName`, validator tags like `required`, in
/// words). An error none of them covers is for the whole form.
pub(super) fn server_field_errors(e: &ApiError, username: &str, is_new: bool) -> Errors {
    let mut errors = Errors::new();
    if e.kind() == ErrorKind::Conflict || e.chorus_code() == Some("ALREADY_EXISTS") {
        errors.insert(
            "username".into(),
            format!("The username {username} is already taken"),
        );
        return errors;
    }
    for v in e.validation_errors() {
        if let Some((key, msg)) = field_error_words(&v.field, &v.reason) {
            errors.entry(key.to_string()).or_insert(msg);
        }
    }
    if errors.is_empty() && is_new && e.kind() == ErrorKind::Server {
        errors.insert(
            "username".into(),
            format!(
                "The user could not be created: the username {username} may be taken already (the server did not say why)"
            ),
        );
    }
    errors
}

/// The error message of field `key`, when it has one (`id` for `aria-describedby`).
pub(super) fn field_error(key: String, id: String, errors: Slot<Errors>) -> impl IntoView {
    live(move || {
        errors
            .with(|e| e.get(&key).cloned())
            .map(|m| view! { <p class="field-error" id=id.clone()>{m}</p> })
    })
}

/// A labelled text input of field `key`.
pub(super) fn text_field(
    key: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    value: Slot<String>,
    errors: Slot<Errors>,
    node_ref: Option<NodeRef<leptos::html::Input>>,
    hint: Option<&'static str>,
) -> impl IntoView {
    let id = field_id(key);
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    // The hint (a rule said before sending) and, when there is one, the error.
    let described = move |err: bool| {
        let ids: Vec<&str> = [
            hint.map(|_| hint_id.as_str()),
            err.then_some(err_id.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    let hint_view = hint.map(|h| {
        view! { <p class="field-hint muted" id=format!("{}-hint", field_id(key))>{h}</p> }
    });
    let has_error = move || errors.with(|e| e.contains_key(key));
    let node_ref = node_ref.unwrap_or_default();
    view! {
        <div class="field">
            <label for=id.clone()>{field_label(key)}</label>
            <input
                node_ref=node_ref
                id=id
                type=kind
                autocomplete=autocomplete
                aria-invalid=move || has_error().to_string()
                aria-describedby=move || described(has_error())
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {hint_view}
            {field_error(key.to_string(), format!("{}-error", field_id(key)), errors)}
        </div>
    }
}

/// The status select of an existing user (`Active` or `Disabled`).
pub(super) fn status_field(status: Slot<UserStatus>) -> impl IntoView {
    let option = move |s: UserStatus| {
        view! {
            <option value=s.as_wire() selected=move || status.get() == s>
                {s.label()}
            </option>
        }
    };
    view! {
        <div class="field">
            <label for="user-form-status">"Status"</label>
            <select
                id="user-form-status"
                on:change=move |ev| status.set(UserStatus::from_wire(&event_target_value(&ev)))
            >
                {option(UserStatus::Active)}
                {option(UserStatus::Disabled)}
            </select>
        </div>
    }
}
