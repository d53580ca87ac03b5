//! Builders of roles, permissions and assignments for the tests of this folder.
use super::model::{Permission, Role, RoleScope};
use crate::domain::user::RoleAssignment;

/// A context: dimension → id.
pub(super) fn ctx(pairs: &[(&str, &str)]) -> std::collections::BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A permission checked in `dims`.
pub(super) fn perm(name: &str, dims: &[&str]) -> Permission {
    Permission {
        name: name.into(),
        description: String::new(),
        context: dims.iter().map(|s| s.to_string()).collect(),
    }
}

/// A role of `scope` taking `dims`, granting `perms`.
pub(super) fn role(
    name: &str,
    scope: RoleScope,
    dims: &[&str],
    perms: &[&str],
    dynamic: bool,
) -> Role {
    Role {
        name: name.into(),
        description: String::new(),
        scope,
        context: dims.iter().map(|s| s.to_string()).collect(),
        permissions: perms.iter().map(|s| s.to_string()).collect(),
        dynamic,
    }
}

/// Role `name` given in `pairs`.
pub(super) fn assign(name: &str, pairs: &[(&str, &str)]) -> RoleAssignment {
    RoleAssignment {
        id: String::new(),
        name: name.into(),
        context: ctx(pairs),
    }
}
