//! A new dynamic role checked before it is sent (CHORUS answers each mistake with a bare 500).

use super::model::{Role, RoleScope};

/// A role name is PascalCase: an ASCII capital letter, then ASCII letters or digits, 3–64
/// characters. Returns the problem in words.
pub(crate) fn validate_role_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("Enter a role name".to_string());
    }
    let len = name.chars().count();
    if !(3..=64).contains(&len) {
        return Err("A role name has 3 to 64 characters".to_string());
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(
            "A role name has only letters and digits, like DataSteward (no spaces)".to_string(),
        );
    }
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return Err("A role name starts with a capital letter, like DataSteward".to_string());
    }
    Ok(())
}

/// [`validate_role_name`], and no existing role has the name (ignoring case).
pub(crate) fn validate_new_role_name(name: &str, existing: &[Role]) -> Result<(), String> {
    validate_role_name(name)?;
    if existing.iter().any(|r| r.name.eq_ignore_ascii_case(name)) {
        return Err(format!("A role named {name} already exists"));
    }
    Ok(())
}

/// Checks a new dynamic role before it is sent: CHORUS answers each of these mistakes with a
/// bare 500, so the console says what is wrong itself. Returns `(field, message)` pairs
/// (`name`, `scope`, `permissions`); empty when the role may be sent.
pub(crate) fn validate_new_role(role: &Role, existing: &[Role]) -> Vec<(&'static str, String)> {
    let mut errors = Vec::new();
    if let Err(m) = validate_new_role_name(&role.name, existing) {
        errors.push(("name", m));
    }
    if !matches!(role.scope, RoleScope::Platform | RoleScope::Workspace) {
        errors.push((
            "scope",
            "A new role applies to the whole platform or to workspaces".to_string(),
        ));
    }
    if role.permissions.iter().all(|p| p.trim().is_empty()) {
        errors.push((
            "permissions",
            "A role needs at least one permission: copy them from an existing role".to_string(),
        ));
    }
    errors
}
