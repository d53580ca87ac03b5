//! What the members page shares with its parts ([`Ctx`]): the workspace, the members, what the
//! last change said, and the calls of a change, each through the route CHORUS accepts from this
//! caller and never by one that stops it.
use leptos::prelude::*;

use crate::api::{teams, users, ApiClient, ApiError};
use crate::domain::members::{
    givable_roles, may_remove, member_route, refusal_words, take_route, workspace_takes_are_safe,
    MemberRoute,
};
use crate::domain::paging::Listed;
use crate::domain::permissions::{Perm, Target};
use crate::domain::user::{RoleAssignment, User};
use crate::state::auth::Auth;
use crate::state::resource::PAST_CHORUS_CACHE;
use crate::state::{Kept, Slot};

/// What the members view shares with its parts.
#[derive(Clone, Copy)]
pub(super) struct Ctx {
    pub(super) api: ApiClient,
    pub(super) auth: Auth,
    pub(super) ws: Kept<String>,
    pub(super) members: crate::state::Resource<Result<Listed<User>, ApiError>>,
    /// What the last change did, in words (`role="status"`).
    pub(super) said: Slot<Option<String>>,
    /// Why the last change failed.
    pub(super) failed: Slot<Option<(String, ApiError)>>,
}

impl Ctx {
    /// The workspace's id; `""` once the page is gone (a sign-out can re-run what reads it,
    /// the members' resource among them, after the page's owner was disposed).
    pub(super) fn ws(self) -> String {
        self.ws.try_get_value().unwrap_or_default()
    }

    pub(super) fn route(self) -> Option<MemberRoute> {
        let ws = self.ws();
        self.auth.grants().and_then(|g| member_route(&g, &ws))
    }

    pub(super) fn givable(self) -> Vec<String> {
        let ws = self.ws();
        match (self.auth.grants(), self.route()) {
            (Some(g), Some(route)) => self
                .auth
                .roles
                .with(|roles| givable_roles(&g, roles, &ws, route)),
            _ => Vec::new(),
        }
    }

    /// Gives `role` to `user` through the caller's route.
    pub(super) async fn give(self, user: &str, role: &str) -> Result<(), ApiError> {
        let ws = self.ws();
        match self.route() {
            Some(MemberRoute::User) => {
                let assignment = RoleAssignment {
                    id: String::new(),
                    name: role.to_owned(),
                    context: [("workspace".to_owned(), ws)].into(),
                };
                users::add_role(self.api, user, &assignment).await
            }
            _ => teams::add_workspace_role(self.api, &ws, user, role).await,
        }
    }

    /// Whether this caller may remove members here (only through the user route).
    pub(super) fn may_remove(self) -> bool {
        let ws = self.ws();
        self.auth.grants().is_some_and(|g| may_remove(&g, &ws))
    }

    /// Takes these assignments away, one call each, never by a call that stops CHORUS:
    /// `Ok(false)` when they were left, because the workspace route could have taken the
    /// member's last role here.
    pub(super) async fn take(
        self,
        user: &str,
        assignments: Vec<RoleAssignment>,
    ) -> Result<bool, ApiError> {
        let ws = self.ws();
        let route = self.auth.grants().and_then(|g| take_route(&g, &ws));
        match route {
            Some(MemberRoute::User) => {
                for a in assignments {
                    users::remove_role(self.api, user, &a.id).await?;
                }
                Ok(true)
            }
            Some(MemberRoute::Workspace) => {
                // CHORUS counts the member's roles from its user cache (a second old): read
                // them again past it; each take must leave another role here.
                crate::state::new_session::past_user_cache().await;
                let fresh = teams::members_listed_fresh(self.api, &ws).await?.rows;
                let safe = fresh
                    .iter()
                    .find(|u| u.id == user)
                    .is_some_and(|m| workspace_takes_are_safe(m, &ws, assignments.len()));
                if !safe {
                    return Ok(false);
                }
                for a in assignments {
                    teams::remove_workspace_role(self.api, &ws, user, &a.name).await?;
                }
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// The member as the backend holds them now (`None`: not among the members), read from
    /// the list the page reads (the user list for who may not read the workspace's) asked past
    /// CHORUS's one-second list cache (`domain::paging::fresh_page_size`), before a change is
    /// computed from it: the page's copy can be stale.
    pub(super) async fn read_member(self, user: &str) -> Result<Option<User>, ApiError> {
        let ws = self.ws();
        let may_list = self.auth.can_in(Perm::ListUsers, &Target::global());
        let listed = match teams::members_listed_fresh(self.api, &ws).await {
            Err(e) if e.status() == Some(403) && may_list => {
                teams::members_from_all_users_fresh(self.api, &ws).await
            }
            other => other,
        }?;
        Ok(listed.rows.into_iter().find(|u| u.id == user))
    }

    /// [`Self::read_member`] after a change, past CHORUS's one-second user cache
    /// ([`PAST_CHORUS_CACHE`]): the read before the change filled it with the old roles.
    pub(super) async fn read_back(self, user: &str) -> Result<Option<User>, ApiError> {
        crate::state::timer::sleep(PAST_CHORUS_CACHE).await;
        self.read_member(user).await
    }

    /// After a change: the list again (and once more after CHORUS's user cache: seen on a
    /// running CHORUS, a member just added was missing from the list asked at once), and the
    /// login when it was the caller's own roles.
    pub(super) async fn changed(self, user: &str, words: String) {
        if self.auth.is_me(user) {
            let _ = self.auth.refresh().await;
        }
        self.members.refetch_past_user_cache();
        self.said.try_set(Some(words));
    }

    /// Nothing was sent: says why in words.
    pub(super) fn fail_words(self, words: &str) {
        self.failed.try_set(None);
        self.said.try_set(Some(words.to_owned()));
    }

    pub(super) fn fail(self, what: &str, e: ApiError) {
        let words = refusal_words(
            e.status(),
            &e.message(),
            self.route().unwrap_or(MemberRoute::Workspace),
        );
        self.said.try_set(None);
        self.failed
            .try_set(Some((words.unwrap_or_else(|| what.to_owned()), e)));
    }
}
