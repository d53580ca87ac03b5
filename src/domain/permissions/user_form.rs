//! The user form of `/admin/users`: its fields checked before they are sent, and the context of
//! each role it gives.

use std::collections::BTreeMap;

use super::model::Role;

/// A username is required and has 3–32 characters among `a-z 0-9 . _ -`.
pub(crate) fn validate_username(username: &str) -> Result<(), String> {
    if username.is_empty() {
        return Err("Enter a username".to_string());
    }
    let len = username.chars().count();
    if !(3..=32).contains(&len) {
        return Err("A username has 3 to 32 characters".to_string());
    }
    if !username
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
    {
        return Err(
            "A username has only lowercase letters, digits, dots, underscores and hyphens"
                .to_string(),
        );
    }
    Ok(())
}

/// An email address is required and shaped like `name@example.org`: one `@`, something before
/// it, a dotted domain after it, no spaces, at most 254 characters.
pub(crate) fn validate_email(email: &str) -> Result<(), String> {
    if email.trim().is_empty() {
        return Err("Enter an email address".to_string());
    }
    let bad = || Err("Enter an email address like name@example.org".to_string());
    if email.chars().count() > 254 || email.chars().any(char::is_whitespace) {
        return bad();
    }
    let mut parts = email.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return bad();
    };
    if local.is_empty()
        || domain.len() < 3
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || domain.contains("..")
    {
        return bad();
    }
    Ok(())
}

/// A password has at least 8 characters.
pub(crate) fn validate_password(password: &str) -> Result<(), String> {
    if password.is_empty() {
        return Err("Enter a password".to_string());
    }
    if password.chars().count() < 8 {
        return Err("A password has at least 8 characters".to_string());
    }
    Ok(())
}

/// A problem with one field of a form. `field` uses the API's field names (`username`,
/// `email`, `password`, `rolesWithContext`), like the backend's `validationErrors`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldError {
    /// The field.
    pub field: &'static str,
    /// The problem in words.
    pub message: String,
}

/// Validates the user form: username, email, and the password when one is asked for (`None`
/// when editing a user without changing the password). Empty when all is well.
pub(crate) fn validate_user_form(
    username: &str,
    email: &str,
    password: Option<&str>,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Err(message) = validate_username(username) {
        errors.push(FieldError {
            field: "username",
            message,
        });
    }
    if let Err(message) = validate_email(email) {
        errors.push(FieldError {
            field: "email",
            message,
        });
    }
    if let Some(pw) = password {
        if let Err(message) = validate_password(pw) {
            errors.push(FieldError {
                field: "password",
                message,
            });
        }
    }
    errors
}

/// The context of a role given in the user form: `{"workspace": <id or "*">}` for roles that
/// need a workspace (`workspace` is the select's value, `"*"` for `All workspaces`), `{}` for
/// roles without dimensions. Errors in words when the workspace is missing, or the role takes a
/// dimension the form cannot fill ([`Role::assignable_in_user_form`]).
pub(crate) fn role_context_for(
    role: &Role,
    workspace: Option<&str>,
) -> Result<BTreeMap<String, String>, String> {
    if !role.assignable_in_user_form() {
        return Err(format!(
            "The role {} applies to single sessions and cannot be given here",
            role.name
        ));
    }
    let mut ctx = BTreeMap::new();
    if role.needs_workspace() {
        match workspace.map(str::trim).filter(|w| !w.is_empty()) {
            Some(w) => {
                ctx.insert("workspace".to_string(), w.to_string());
            }
            None => return Err(format!("Choose a workspace for {}", role.name)),
        }
    }
    Ok(ctx)
}
