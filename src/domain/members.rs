//! A workspace's members (api.md, "Workspaces"; ui.md, "members"): who is one, their roles in
//! the workspace, which route gives a role for this caller, which roles the caller may offer,
//! and the words for CHORUS's refusals.
//!
//! On CHORUS (seen on chorus-backend @0978bc77) the workspace route's grant check refuses a
//! workspace admin without a platform role for every built-in workspace role; the user route
//! needs `manageUserRoles`.
//!
//! **What stops CHORUS** (issue 45): `DELETE /workspaces/{id}/user/{userId}`, and
//! `DELETE /workspaces/{id}/user/{userId}/role/{role}` for the member's LAST workspace role as
//! CHORUS's one-second user cache has the member: both reach `RemoveUserFromWorkspace`, which
//! panics, and the whole process exits (seen twice on a running CHORUS). So a role is taken
//! through the user route (`DELETE /users/{id}/role/{assignment}`, which worked and left CHORUS
//! up) whenever the caller may ([`take_route`]); a member is removed only so ([`may_remove`]);
//! and the workspace route takes a role only while the member, read again past the cache,
//! keeps another one here ([`workspace_takes_are_safe`]).
use crate::domain::permissions::{Grants, Perm, Role, RoleScope, Target};
use crate::domain::user::{RoleAssignment, User};

/// How a role is given to (or taken from) a member, for this caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberRoute {
    /// `POST /workspaces/{id}/user/{userId}/role` (`manageUsersInWorkspace` there).
    Workspace,
    /// `POST /users/{userId}/role` with the workspace as context (`manageUserRoles`: a platform
    /// user manager, who lacks `manageUsersInWorkspace`).
    User,
}

/// The route that can succeed for this caller in `workspace`, `None` when neither check passes
/// (the members table is then read-only).
pub fn member_route(g: &Grants, workspace: &str) -> Option<MemberRoute> {
    if g.can_in(Perm::ManageUsersInWorkspace, &Target::workspace(workspace)) {
        Some(MemberRoute::Workspace)
    } else if g.can_in(Perm::ManageUserRoles, &Target::user("*")) {
        Some(MemberRoute::User)
    } else {
        None
    }
}

/// The workspace-scope roles this caller may offer in `workspace`, by name. Through the user
/// route (`manageUserRoles`) every workspace role; through the workspace route those whose
/// permissions the caller holds there (what CHORUS checks; a permission bound to another
/// dimension, such as the `user` of `Authenticated`'s, is left to the backend), and
/// `WorkspaceDataManager` only with `manageUsersDataRoleInWorkspace`.
pub fn givable_roles(
    g: &Grants,
    roles: &[Role],
    workspace: &str,
    route: MemberRoute,
) -> Vec<String> {
    let here = Target::workspace(workspace);
    let manager = g.can_in(Perm::ManageUserRoles, &Target::user("*"));
    let mut out: Vec<String> = roles
        .iter()
        .filter(|r| r.scope == RoleScope::Workspace)
        .filter(|r| {
            if r.name == "WorkspaceDataManager"
                && route == MemberRoute::Workspace
                && !g.can_in(Perm::ManageUsersDataRoleInWorkspace, &here)
            {
                return false;
            }
            route == MemberRoute::User
                || manager
                || r.permissions.iter().all(|p| {
                    let only_workspace = g
                        .dimensions_of(p)
                        .is_some_and(|dims| dims.iter().all(|d| d == "workspace"));
                    !only_workspace || g.holds(p, &here)
                })
        })
        .map(|r| r.name.clone())
        .collect();
    crate::domain::sort_small(&mut out, |a, b| a.cmp(b));
    out
}

/// A member's assignments that name `workspace` (not a session of it).
pub fn roles_in(user: &User, workspace: &str) -> Vec<RoleAssignment> {
    user.roles_with_context
        .iter()
        .filter(|a| {
            a.context.get("workspace").map(String::as_str) == Some(workspace)
                && !a.context.contains_key("workbench")
        })
        .cloned()
        .collect()
}

/// The role names a member holds in `workspace`, each once, sorted (CHORUS may store one twice).
pub fn role_names_in(user: &User, workspace: &str) -> Vec<String> {
    let mut names: Vec<String> = roles_in(user, workspace)
        .into_iter()
        .map(|a| a.name)
        .collect();
    crate::domain::sort_small(&mut names, |a, b| a.cmp(b));
    names.dedup();
    names
}

/// How many `DELETE /workbenches/{id}/user/{userId}` calls it takes to stop sharing session
/// `workbench` with `user`: one per assignment naming the session, at least one. CHORUS
/// (0978bc77, seen 2026-11-23) removes one assignment per call, and keeps a person shared with
/// twice (View, then Use) under two assignments: one call would leave them access.
pub fn unshare_calls(user: &User, workbench: &str) -> usize {
    user.roles_with_context
        .iter()
        .filter(|a| a.context.get("workbench").map(String::as_str) == Some(workbench))
        .count()
        .max(1)
}

/// The members by username (the order the console shows whatever the backend sends).
pub fn sort_members(users: &mut [User]) {
    crate::domain::sort_small(users, |a, b| {
        a.username
            .to_lowercase()
            .cmp(&b.username.to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// Whether taking `role` from `member` takes the caller's own right to manage the members:
/// the caller is the member and no other of their roles here keeps `manageUsersInWorkspace`.
pub fn loses_own_access(
    me: &User,
    member: &User,
    workspace: &str,
    removing_all: bool,
    role: &str,
    roles: &[Role],
) -> bool {
    if me.id != member.id {
        return false;
    }
    if removing_all {
        return true;
    }
    let keeps = roles_in(member, workspace)
        .iter()
        .filter(|a| a.name != role)
        .any(|a| {
            roles
                .iter()
                .find(|r| r.name == a.name)
                .is_some_and(|r| r.grants("manageUsersInWorkspace"))
        });
    !keeps
}

/// The route a role is taken away through: the user route whenever the caller holds
/// `manageUserRoles` (it never stops CHORUS), else the workspace route (`None`: neither).
pub fn take_route(g: &Grants, workspace: &str) -> Option<MemberRoute> {
    if g.can_in(Perm::ManageUserRoles, &Target::user("*")) {
        Some(MemberRoute::User)
    } else {
        member_route(g, workspace)
    }
}

/// Whether this caller may remove a member from `workspace`: only through the user route.
/// Through the workspace route the last role reaches CHORUS's `RemoveUserFromWorkspace`, which
/// stops the backend; no other route removes a member safely.
pub fn may_remove(g: &Grants, workspace: &str) -> bool {
    take_route(g, workspace) == Some(MemberRoute::User)
}

/// Whether taking `takes` assignments from `member` (as read past CHORUS's user cache) through
/// the workspace route leaves them another role here at every step, so that CHORUS never takes
/// one of them for the last.
pub fn workspace_takes_are_safe(member: &User, workspace: &str, takes: usize) -> bool {
    roles_in(member, workspace).len() > takes
}

/// Said on the members page where `Remove` is not offered: who can remove a member, and where.
pub const WHO_CAN_REMOVE: &str = "To remove a member from this workspace, ask a platform user \
     manager or a super admin: they can, in Admin → Users. Removing a member's last role through \
     the workspace stops this backend (CHORUS), so it is not offered here.";

/// Said after what a role change left (read back) when it gave the new role but left the old
/// one, because taking it through the workspace route could have been the member's last role
/// here as CHORUS sees it.
pub const OLD_ROLE_KEPT: &str = "The other role was left on purpose: taking it away here could \
     have stopped this backend (CHORUS). A platform user manager or a super admin can take it \
     away in Admin → Users.";

/// Words for a refused or failed member change (the error's HTTP status and message): CHORUS's
/// `role assignment authorization error` says who can give the role instead; a 409 that the
/// member already has it.
pub fn refusal_words(status: Option<u16>, message: &str, route: MemberRoute) -> Option<String> {
    if status == Some(409) {
        return Some("This member already has that role.".to_owned());
    }
    if status == Some(403) && message.contains("role assignment authorization error") {
        return Some(match route {
            MemberRoute::Workspace => "This backend (CHORUS) refuses workspace roles given by a workspace admin who holds no platform role: it asks the giver to hold every permission of the role, including those each user holds only for themselves. A platform user manager or a super admin can give the role instead: ask one of them.".to_owned(),
            MemberRoute::User => "The backend refused to give this role. A platform user manager or a super admin can give it.".to_owned(),
        });
    }
    if status == Some(403) {
        return Some("You may not change the roles of this workspace's members. A workspace admin, a platform user manager or a super admin can.".to_owned());
    }
    None
}

/// `A and B`, `A, B and C`: role names in a sentence.
pub(crate) fn and_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What a row's role select shows while nothing is being changed (issue 47): with two roles or
/// more, one option naming them all (`WorkspaceDataManager and WorkspaceMember`), so that the
/// select never hides the second; with one, that role; with none, `None` (`Choose a role`).
pub fn current_roles_option(names: &[String]) -> Option<String> {
    (!names.is_empty()).then(|| and_list(names))
}

/// The question a role change asks before anything is sent (issue 47), and what it does:
/// `role` is given, every other role `current` names here is taken away.
pub fn change_question(username: &str, role: &str, current: &[String]) -> (String, String) {
    let question = format!("Make {username} {role} here?");
    let others: Vec<String> = current.iter().filter(|r| *r != role).cloned().collect();
    let detail = if others.is_empty() {
        format!("{username} gets the permissions {role} grants in this workspace.")
    } else {
        format!(
            "{username} gets the permissions {role} grants in this workspace and loses {} here.",
            and_list(&others)
        )
    };
    (question, detail)
}

#[cfg(test)]
#[path = "members_tests.rs"]
mod tests;
