//! Which rows and columns the filters leave (scope of the roles, search text).
use crate::domain::permissions::{Permission, Role, RoleScope, ANY_ID};

/// Whether the matrix lets a role be edited: dynamic, and not granting `"*"`.
pub(super) fn role_is_editable(role: &Role) -> bool {
    role.dynamic && !role.permissions.iter().any(|p| p == ANY_ID)
}

/// The rows and columns left after the filters: (role indices, groups of permission indices).
#[derive(Clone, PartialEq, Eq, Default)]
pub(super) struct Visible {
    pub(super) roles: Vec<usize>,
    pub(super) groups: Vec<(usize, Vec<usize>)>,
}

impl Visible {
    /// How many permission rows are drawn.
    pub(super) fn row_count(&self) -> usize {
        self.groups.iter().map(|(_, p)| p.len()).sum()
    }
}

/// A query that names no role narrows the rows only, and one that names no permission the
/// columns only.
pub(super) fn compute_visible(
    roles: &[Role],
    groups: &[(String, Vec<Permission>)],
    scope: Option<RoleScope>,
    search: &str,
) -> Visible {
    let q = search.trim().to_lowercase();
    let scoped: Vec<usize> = roles
        .iter()
        .enumerate()
        .filter(|(_, r)| scope.is_none_or(|s| r.scope == s))
        .map(|(i, _)| i)
        .collect();
    let mut role_idx: Vec<usize> = scoped
        .iter()
        .copied()
        .filter(|&i| q.is_empty() || roles[i].name.to_lowercase().contains(&q))
        .collect();
    let perm_matches = |p: &Permission| {
        q.is_empty() || p.name.to_lowercase().contains(&q) || p.label().to_lowercase().contains(&q)
    };
    let any_perm = groups.iter().any(|(_, ps)| ps.iter().any(&perm_matches));
    if role_idx.is_empty() && any_perm {
        role_idx = scoped;
    }
    let rows_filtered = any_perm || role_idx.is_empty();
    let groups = groups
        .iter()
        .enumerate()
        .map(|(gi, (_, ps))| {
            let idx: Vec<usize> = ps
                .iter()
                .enumerate()
                .filter(|(_, p)| !rows_filtered || perm_matches(p))
                .map(|(i, _)| i)
                .collect();
            (gi, idx)
        })
        .filter(|(_, idx)| !idx.is_empty())
        .collect();
    Visible {
        roles: role_idx,
        groups,
    }
}
