//! Say only what happened (issue 56): a change of someone's roles — a member's role changed,
//! added or removed, a session shared or no longer shared — is computed from the person as read
//! just before acting (the page's copy may be stale: a role given or taken elsewhere since it
//! loaded), and what the page then says is what the backend holds when read back, never what was
//! asked for. Read back past CHORUS's one-second user cache (`state::resource::PAST_CHORUS_CACHE`):
//! the read before acting fills it with the state from before the change.
use crate::domain::members::{and_list, role_names_in, roles_in};
use crate::domain::user::{RoleAssignment, User};

/// What a `Change role` does, from the member as read just before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeStep {
    /// No longer a member here (removed elsewhere): nothing is sent, the page says so.
    Gone,
    /// They hold that role here and no other already (changed elsewhere): nothing is sent.
    Already,
    /// Give the role (when `give`: they do not hold it), then take these assignments (every
    /// other role here, by its assignment as read).
    Act {
        give: bool,
        take: Vec<RoleAssignment>,
    },
}

/// What making `fresh` (the member as read now; `None`: not among the members) `role` here
/// takes: computed from the fresh roles, never from the page's copy.
pub fn change_step(fresh: Option<&User>, workspace: &str, role: &str) -> ChangeStep {
    let here = fresh.map(|m| roles_in(m, workspace)).unwrap_or_default();
    if here.is_empty() {
        return ChangeStep::Gone;
    }
    let give = !here.iter().any(|a| a.name == role);
    let take: Vec<RoleAssignment> = here.into_iter().filter(|a| a.name != role).collect();
    if !give && take.is_empty() {
        ChangeStep::Already
    } else {
        ChangeStep::Act { give, take }
    }
}

/// The assignments `Remove` takes (every role here, as read now); empty: not a member any more.
pub fn removal_step(fresh: Option<&User>, workspace: &str) -> Vec<RoleAssignment> {
    fresh.map(|m| roles_in(m, workspace)).unwrap_or_default()
}

/// What `username` holds here, read back: `alice is WorkspaceMember here.`
pub fn holds_words(username: &str, now: &[String]) -> String {
    match now {
        [] => format!("{username} is not a member here."),
        [one] => format!("{username} is {one} here."),
        many => format!("{username} holds {} here.", and_list(many)),
    }
}

/// The page's copy differed from what was read before acting: said first, so that the result
/// is not read as the page's doing alone (`None`: it was current).
pub fn stale_words(username: &str, shown: &[String], fresh: &[String]) -> Option<String> {
    (shown != fresh).then(|| {
        let was = if fresh.is_empty() {
            "no role here".to_owned()
        } else {
            and_list(fresh)
        };
        format!("{username}'s roles had changed since this page loaded (they held {was}).")
    })
}

/// What a `Change role` to `role` says once `after` (the member's roles here, read back) is
/// known; `step` is what was decided before acting.
pub fn change_words(username: &str, role: &str, step: &ChangeStep, after: &[String]) -> String {
    match step {
        ChangeStep::Gone if after.is_empty() => {
            format!("{username} is no longer a member here (removed since this page loaded): nothing was changed.")
        }
        ChangeStep::Already if after == [role.to_owned()] => {
            format!("{username} is {role} here already (changed since this page loaded): nothing was sent.")
        }
        _ if after == [role.to_owned()] => format!("{username} is now {role} here."),
        _ if after.iter().any(|r| r == role) => {
            let others: Vec<String> = after.iter().filter(|r| *r != role).cloned().collect();
            format!(
                "{username} now has {role} here, and still {}.",
                and_list(&others)
            )
        }
        _ => format!(
            "{username} was not made {role}: {}",
            holds_words(username, after)
        ),
    }
}

/// What `Add` of `role` says once `after` is read back.
pub fn added_words(username: &str, role: &str, after: &[String]) -> String {
    let others: Vec<String> = after.iter().filter(|r| *r != role).cloned().collect();
    match (after.iter().any(|r| r == role), others.is_empty()) {
        (true, true) => format!("{username} was given {role} here."),
        (true, false) => format!(
            "{username} was given {role} here, and also holds {}.",
            and_list(&others)
        ),
        (false, _) => format!(
            "{username} did not get {role}: {}",
            holds_words(username, after)
        ),
    }
}

/// What `Remove` says once `after` is read back (`nothing_held`: they held no role here when
/// read before acting, so nothing was sent).
pub fn removal_words(username: &str, nothing_held: bool, after: &[String]) -> String {
    match (nothing_held, after.is_empty()) {
        (true, true) => format!(
            "{username} was no longer a member here (removed since this page loaded): nothing was sent."
        ),
        (false, true) => format!("{username} is no longer a member."),
        (_, false) => format!(
            "{username} is still a member: {}",
            holds_words(username, after)
        ),
    }
}

/// A member's role names here as read back (`None`: not among the members).
pub fn names_after(after: Option<&User>, workspace: &str) -> Vec<String> {
    after
        .map(|m| role_names_in(m, workspace))
        .unwrap_or_default()
}

/// The kinds of access `user` has on session `workbench`, by role name, each once, sorted.
pub fn session_roles(user: Option<&User>, workbench: &str) -> Vec<String> {
    let mut names: Vec<String> = user
        .map(|u| {
            u.roles_with_context
                .iter()
                .filter(|a| a.context.get("workbench").map(String::as_str) == Some(workbench))
                .map(|a| a.name.clone())
                .collect()
        })
        .unwrap_or_default();
    crate::domain::sort_small(&mut names, |a, b| a.cmp(b));
    names.dedup();
    names
}

/// What `Share` of `access` (in words: `View`) says: `before` and `after` are the person's kinds
/// of access (in words) read just before and read back.
pub fn share_words(username: &str, access: &str, before: &[String], after: &[String]) -> String {
    let had = before.iter().any(|a| a == access);
    match (had, after.iter().any(|a| a == access)) {
        (true, true) => format!(
            "{username} had {access} already (given since this list loaded): nothing was sent."
        ),
        (false, true) if after.len() == 1 => format!("Shared with {username} ({access})."),
        (false, true) => format!("Shared with {username}: they now have {}.", and_list(after)),
        (_, false) if after.is_empty() => {
            format!("Not shared: {username} has no access to this session.")
        }
        (_, false) => format!(
            "{username} did not get {access}: they have {}.",
            and_list(after)
        ),
    }
}

/// What `Stop sharing` says: `before` and `after` as for [`share_words`].
pub fn unshare_words(username: &str, before: &[String], after: &[String]) -> String {
    match (before.is_empty(), after.is_empty()) {
        (true, true) => format!(
            "{username} had no access any more (taken since this list loaded): nothing was sent."
        ),
        (false, true) => format!("No longer shared with {username}."),
        (_, false) => format!("{username} still has access: {}.", and_list(after)),
    }
}

#[cfg(test)]
#[path = "member_change_tests.rs"]
mod tests;
