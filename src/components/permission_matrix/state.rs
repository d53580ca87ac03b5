//! [`MatrixState`]: the pending edits of the matrix, the granted count of each drawn column, and
//! the view filters. Owned by the page, so that edits outlive a reload of the roles (a failed
//! save keeps them).
use std::collections::HashMap;

use leptos::prelude::*;

use crate::domain::permissions::{Permission, Role, RoleEdits, RoleScope};
use crate::state::{Kept, Slot};

/// The pending edits and view filters of a matrix. `Copy`; create it where it should outlive
/// the table (the page), pass it to [`super::PermissionMatrix`].
#[derive(Clone, Copy)]
pub struct MatrixState {
    edits: Kept<RoleEdits>,
    /// How many cells are changed (drives `Save`, `Discard` and the leave-page warning).
    changed: Slot<usize>,
    /// Bumped by `discard`/`discard_role`: the table then re-syncs its changed cells.
    pub(super) resets: Slot<u64>,
    /// The rendered columns' granted counts, with the saved count, by role.
    counts: Kept<HashMap<String, (Slot<usize>, usize)>>,
    /// Scope filter of the columns (`None`: every scope).
    pub scope: Slot<Option<RoleScope>>,
    /// Search text: narrows rows (permission name or label) and columns (role name).
    pub search: Slot<String>,
}

impl Default for MatrixState {
    fn default() -> Self {
        Self::new()
    }
}

impl MatrixState {
    /// No edits, no filters.
    pub fn new() -> Self {
        Self {
            edits: Kept::new(RoleEdits::new()),
            changed: Slot::new(0),
            resets: Slot::new(0),
            counts: Kept::new(HashMap::new()),
            scope: Slot::new(None),
            search: Slot::new(String::new()),
        }
    }

    /// Whether anything is unsaved (reactive).
    pub(crate) fn has_unsaved(&self) -> bool {
        self.changed.get() > 0
    }

    /// How many cells are changed (reactive).
    pub(super) fn changed_count(&self) -> usize {
        self.changed.get()
    }

    /// Whether a cell differs from the saved role (not reactive).
    pub(super) fn is_changed(&self, role: &str, permission: &str) -> bool {
        self.edits
            .try_with_value(|e| e.is_changed(role, permission))
            .unwrap_or(false)
    }

    /// One updated role per changed role of `roles` (see [`RoleEdits::change_set`]).
    pub fn change_set(&self, roles: &[Role]) -> Vec<Role> {
        self.edits
            .try_with_value(|e| e.change_set(roles))
            .unwrap_or_default()
    }

    /// Toggles a cell: `Some((changed, granted))` of the cell afterwards, `None` when the role
    /// is read-only. Updates the column's count; the caller updates the cell's node.
    pub(super) fn toggle(&self, role: &Role, permission: &str) -> Option<(bool, bool)> {
        let (ok, changed, granted, count) = self.edits.try_update_value(|e| {
            let ok = e.toggle(role, permission);
            (
                ok,
                e.is_changed(&role.name, permission),
                e.is_granted(role, permission),
                e.changed_count(),
            )
        })?;
        if !ok {
            return None;
        }
        if let Some((count_sig, _)) = self
            .counts
            .try_with_value(|c| c.get(&role.name).copied())
            .flatten()
        {
            count_sig.try_update(|n| {
                if granted {
                    *n += 1
                } else {
                    *n = n.saturating_sub(1)
                }
            });
        }
        self.changed.try_set(count);
        Some((changed, granted))
    }

    /// Drops every pending change.
    pub(crate) fn discard(&self) {
        self.edits.try_update_value(RoleEdits::discard);
        self.reset_marks(None);
        self.changed.try_set(0);
    }

    /// Drops the pending changes of one role (after it was saved or deleted).
    pub(crate) fn discard_role(&self, role: &str) {
        let count = self.edits.try_update_value(|e| {
            e.discard_role(role);
            e.changed_count()
        });
        self.reset_marks(Some(role));
        self.changed.try_set(count.unwrap_or(0));
    }

    fn reset_marks(&self, role: Option<&str>) {
        self.resets.try_update(|n| *n += 1);
        self.counts.with_value(|counts| {
            for (r, (sig, saved)) in counts {
                if role.is_none_or(|x| x == r) {
                    sig.try_set(*saved);
                }
            }
        });
    }

    /// Forgets the drawn columns (the table is drawn again).
    pub(super) fn clear_registry(&self) {
        self.counts.try_update_value(HashMap::clear);
    }

    /// Registers a drawn column: its granted count, as a signal the column header shows.
    pub(super) fn register_column(&self, role: &Role, permissions: &[Permission]) -> Slot<usize> {
        let (granted, _) = self
            .edits
            .try_with_value(|e| e.granted_total(role, permissions))
            .unwrap_or_default();
        let (saved, _) = RoleEdits::new().granted_total(role, permissions);
        let sig = Slot::new(granted);
        self.counts.try_update_value(|c| {
            c.insert(role.name.clone(), (sig, saved));
        });
        sig
    }
}
