//! What the store does only in the `chorus` flavor: CHORUS's demo roles, the roles it gives on
//! creating a session (`pkg/workbench/service/workbench-service.go` CreateWorkbench:
//! `WorkbenchAdmin` of the new session for its owner) and takes on deleting one
//! (`RemoveRolesByContext`), and the statuses its sync loop writes (a `Failed` session becomes
//! `deleted`; an app instance `Failed`, `Stopped`, `Killed` or `Complete` becomes `deleted`:
//! `pkg/workbench/service/workbench-service.go`, `pkg/workbench/model/app-instance.go`
//! `K8sAppInstanceStatus.ToAppInstanceStatus`).

use std::collections::BTreeMap;
use std::time::SystemTime;

use super::model::Assignment;
use super::Store;
use crate::config::Flavor;

/// dora's recovery codes (both flavors): each works once instead of her one-time code.
pub const DORA_RECOVERY_CODES: [&str; 2] = ["a1b2c3d4e5", "f6g7h8i9j0"];

pub(crate) fn context(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

impl Store {
    /// Gives `uid` the role `name` in `ctx` (live: a token carries it from its next refresh).
    pub(crate) fn grant(&mut self, uid: u64, name: &str, ctx: BTreeMap<String, String>) {
        let id = self.next_assignment_id();
        if let Some(u) = self.users.get_mut(&uid) {
            u.roles.push(Assignment {
                id,
                name: name.to_string(),
                context: ctx,
            });
        }
    }

    /// CHORUS's demo roles (devserver/README.md, "Demo data"): every user `Authenticated` on
    /// itself; admin `SuperAdmin` (as CHORUS's steward bootstraps its first user:
    /// `pkg/steward/service/steward-service.go` bootstrapRolesFor) and `WorkspaceDataManager`
    /// of Demo (the approver of its approval requests); alice `WorkspaceMember` of
    /// 1 and 2; bob `WorkspaceGuest` of 1; dora `WorkspaceMember` of 1; generated users
    /// `WorkspaceGuest` of their workspace; wendy `WorkspaceAdmin` of 1; nora nothing more.
    pub(super) fn seed_chorus_roles(&mut self) {
        let ids: Vec<u64> = self.users.keys().copied().collect();
        for uid in ids {
            let Some(u) = self.users.get_mut(&uid) else {
                continue;
            };
            let old = std::mem::take(&mut u.roles);
            let me = uid.to_string();
            self.grant(uid, "Authenticated", context(&[("user", &me)]));
            let username = self.users.get(&uid).map(|u| u.username.clone());
            match username.as_deref() {
                Some("admin") => {
                    self.grant(
                        uid,
                        "SuperAdmin",
                        context(&[("user", "*"), ("workspace", "*"), ("workbench", "*")]),
                    );
                    // admin made Demo, and CHORUS makes the creator of a workspace its data
                    // manager: the approver of Demo's approval requests (SuperAdmin is none).
                    self.grant(uid, "WorkspaceDataManager", context(&[("workspace", "1")]));
                }
                Some("alice") => {
                    self.grant(uid, "WorkspaceMember", context(&[("workspace", "1")]));
                    self.grant(uid, "WorkspaceMember", context(&[("workspace", "2")]));
                }
                Some("dora") => self.grant(uid, "WorkspaceMember", context(&[("workspace", "1")])),
                Some("wendy") => self.grant(uid, "WorkspaceAdmin", context(&[("workspace", "1")])),
                Some("nora") => {}
                _ => {
                    for a in old {
                        self.grant(uid, "WorkspaceGuest", a.context);
                    }
                }
            }
        }
    }

    /// After a session was created: its owner administers it.
    pub(crate) fn on_workbench_created(&mut self, owner: u64, id: u64) {
        if self.flavor == Flavor::Chorus {
            let wb = id.to_string();
            self.grant(owner, "WorkbenchAdmin", context(&[("workbench", &wb)]));
            self.roles_changed(owner);
        }
    }

    /// After a session was removed: nobody holds a role on it any more.
    pub(crate) fn on_workbench_removed(&mut self, id: u64) {
        if self.flavor == Flavor::Chorus {
            let wb = id.to_string();
            for u in self.users.values_mut() {
                u.roles
                    .retain(|a| a.context.get("workbench").is_none_or(|v| *v != wb));
            }
        }
    }

    /// Removes a session and its app instances (DELETE, or the dev API's idle removal).
    pub(crate) fn remove_workbench(&mut self, id: u64) -> Option<super::Workbench> {
        let wb = self.workbenches.remove(&id)?;
        self.instances.retain(|_, i| i.workbench_id != id);
        self.on_workbench_removed(id);
        // Its watch streams re-read it, find nothing and end.
        self.workbench_changed(id);
        Some(wb)
    }

    /// The statuses CHORUS's sync loop writes; `deleted` is for good.
    pub(super) fn chorus_statuses(&mut self) {
        if self.flavor != Flavor::Chorus {
            return;
        }
        let wall = SystemTime::now();
        let mut changed = Vec::new();
        for wb in self.workbenches.values_mut() {
            // workbench-service.go (the cluster watcher): Running or Progressing → active,
            // Failed → deleted (for good).
            let status = match wb.k8s_status {
                "Failed" => "deleted",
                "Running" | "Progressing" if wb.status != "deleted" => "active",
                _ => continue,
            };
            if wb.status != status {
                wb.status = status.into();
                wb.updated_at = wall;
                changed.push(wb.id);
            }
        }
        for id in changed {
            self.workbench_changed(id);
        }
        for inst in self.instances.values_mut() {
            let gone = matches!(
                inst.k8s_status,
                "Failed" | "Stopped" | "Killed" | "Complete"
            );
            if gone && inst.status != "deleted" {
                inst.status = "deleted".into();
                inst.updated_at = wall;
            }
        }
    }
}

impl Store {
    /// `GetContextListForPermission` for the caller (its token's roles): `None` when one of
    /// them is `"*"` in `dim` (everything), else the ids named in `dim`.
    pub(crate) fn ids_with(&self, uid: u64, perm: &str, dim: &str) -> Option<Vec<u64>> {
        let live = self
            .users
            .get(&uid)
            .map(|u| u.roles.clone())
            .unwrap_or_default();
        let roles = crate::policy::token_roles().unwrap_or(live);
        let mut ids = Vec::new();
        for c in crate::policy::contexts(&self.roles, &roles, perm) {
            match c.get(dim).map(String::as_str) {
                Some("*") => return None,
                Some(v) => ids.extend(v.parse::<u64>().ok()),
                None => {}
            }
        }
        Some(ids)
    }
}
