//! The permission matrix of `/admin/roles`: its rows (permissions grouped by context), its
//! columns (roles in order), its checkbox labels, and the pending edits ([`RoleEdits`]) until
//! `Save`.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{humanize_camel, Permission, Role, ANY_ID};

/// The `aria-label` of a matrix checkbox: `<role>: <permission>` (the raw names).
pub(crate) fn matrix_checkbox_label(role: &str, permission: &str) -> String {
    format!("{role}: {permission}")
}
/// Rows of the permission matrix that share their context dimensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PermissionGroup {
    /// The dimensions joined by `,` (`""` for platform-wide, `workspace`, …): a stable key.
    pub key: String,
    /// A heading: `Platform-wide`, `Per workspace`, `Per session`, `Per workspace and session`.
    pub title: String,
    /// The permissions, in the order given.
    pub permissions: Vec<Permission>,
}

fn dimension_rank(d: &str) -> u8 {
    match d {
        "workspace" => 0,
        "workbench" => 1,
        "user" => 2,
        _ => 3,
    }
}

fn dimension_word(d: &str) -> String {
    match d {
        "workbench" => "session".to_string(),
        other => humanize_camel(other).to_lowercase(),
    }
}

/// Groups permissions by their context dimensions for the matrix rows: platform-wide first,
/// then by dimension (workspace, session, user, others by name), fewer dimensions first.
/// Permissions keep their given order inside a group.
pub(crate) fn group_permissions(permissions: &[Permission]) -> Vec<PermissionGroup> {
    let mut groups: BTreeMap<(usize, Vec<(u8, String)>), PermissionGroup> = BTreeMap::new();
    for p in permissions {
        let mut dims: Vec<String> = p
            .context
            .iter()
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty())
            .collect();
        crate::domain::sort_small(&mut dims, |a, b| {
            (dimension_rank(a), a).cmp(&(dimension_rank(b), b))
        });
        dims.dedup();
        let sort_key = (
            dims.len(),
            dims.iter()
                .map(|d| (dimension_rank(d), d.clone()))
                .collect(),
        );
        groups
            .entry(sort_key)
            .or_insert_with(|| PermissionGroup {
                key: dims.join(","),
                title: if dims.is_empty() {
                    "Platform-wide".to_string()
                } else {
                    let words: Vec<String> = dims.iter().map(|d| dimension_word(d)).collect();
                    let joined = match words.split_last() {
                        Some((last, rest)) if !rest.is_empty() => {
                            format!("{} and {last}", rest.join(", "))
                        }
                        _ => words.join(""),
                    };
                    format!("Per {joined}")
                },
                permissions: Vec::new(),
            })
            .permissions
            .push(p.clone());
    }
    groups.into_values().collect()
}

/// The matrix's role columns: by scope (system, platform, workspace, session, unknown), then
/// built-in before dynamic, then by name.
pub(crate) fn matrix_role_order(roles: &[Role]) -> Vec<&Role> {
    let mut v: Vec<&Role> = roles.iter().collect();
    crate::domain::sort_small(&mut v, |a, b| {
        (a.scope, a.dynamic, &a.name).cmp(&(b.scope, b.dynamic, &b.name))
    });
    v
}

/// The pending (unsaved) changes of the permission matrix: which role × permission cells were
/// toggled. Toggling a cell twice cancels it out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct RoleEdits {
    toggled: BTreeMap<String, BTreeSet<String>>,
}

impl RoleEdits {
    /// No changes.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Toggles a cell. Ignored (returns `false`) for built-in roles and for roles granting
    /// `"*"` (read-only in the matrix).
    pub(crate) fn toggle(&mut self, role: &Role, permission: &str) -> bool {
        if role.is_built_in()
            || role.permissions.iter().any(|p| p == ANY_ID)
            || permission.is_empty()
        {
            return false;
        }
        let set = self.toggled.entry(role.name.clone()).or_default();
        if !set.remove(permission) {
            set.insert(permission.to_string());
        }
        if set.is_empty() {
            self.toggled.remove(&role.name);
        }
        true
    }

    /// Whether the cell differs from the saved role.
    pub(crate) fn is_changed(&self, role: &str, permission: &str) -> bool {
        self.toggled
            .get(role)
            .is_some_and(|s| s.contains(permission))
    }

    /// Whether the cell is checked, edits included.
    pub(crate) fn is_granted(&self, role: &Role, permission: &str) -> bool {
        role.grants(permission) != self.is_changed(&role.name, permission)
    }

    /// `(granted, total)` of a role over `permissions`, edits included (e.g. `12 / 40`).
    pub(crate) fn granted_total(&self, role: &Role, permissions: &[Permission]) -> (usize, usize) {
        let granted = permissions
            .iter()
            .filter(|p| self.is_granted(role, &p.name))
            .count();
        (granted, permissions.len())
    }

    /// One updated [`Role`] per changed role of `roles` (for `PUT /authorization/roles/{name}`).
    /// Permissions keep their saved order, with the added ones appended in name order.
    /// Roles no longer in `roles` are left out.
    pub(crate) fn change_set(&self, roles: &[Role]) -> Vec<Role> {
        let mut out = Vec::new();
        for role in roles {
            let Some(toggled) = self.toggled.get(&role.name) else {
                continue;
            };
            if role.is_built_in() {
                continue;
            }
            let mut perms: Vec<String> = Vec::new();
            for p in &role.permissions {
                if !toggled.contains(p) && !perms.contains(p) {
                    perms.push(p.clone());
                }
            }
            for p in toggled {
                if !role.permissions.contains(p) {
                    perms.push(p.clone());
                }
            }
            if perms != role.permissions {
                out.push(Role {
                    permissions: perms,
                    ..role.clone()
                });
            }
        }
        out
    }

    /// Drops every pending change.
    pub(crate) fn discard(&mut self) {
        self.toggled.clear();
    }

    /// Drops the pending changes of one role (e.g. after it was saved).
    pub(crate) fn discard_role(&mut self, role: &str) {
        self.toggled.remove(role);
    }

    /// How many cells are changed.
    pub(crate) fn changed_count(&self) -> usize {
        self.toggled.values().map(BTreeSet::len).sum()
    }
}

/// A role's grants, for the no-lost-update rule ([`crate::domain::three_way`]): one field per
/// permission it grants (absent: not granted). A save of the matrix puts the cells toggled here
/// on top of the role read again just before; a cell is a yes or a no, so two admins never
/// change one to different values (no conflict), and another's toggles of other cells stay.
impl crate::domain::three_way::Fielded for Role {
    fn fields(&self) -> Vec<crate::domain::three_way::Field> {
        self.permissions
            .iter()
            .map(|p| crate::domain::three_way::Field::new(p, p, "granted"))
            .collect()
    }

    fn take_field(&mut self, key: &str, from: &Self) {
        let granted = from.permissions.iter().any(|p| p == key);
        let here = self.permissions.iter().position(|p| p == key);
        match (granted, here) {
            (true, None) => self.permissions.push(key.to_owned()),
            (false, Some(i)) => {
                self.permissions.remove(i);
            }
            _ => {}
        }
    }
}
