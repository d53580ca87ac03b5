//! What `Save` sends, in order (api.md, "Users"):
//! 1. the user itself: a new user bare (`POST /users`), an existing one with every field
//!    (`PUT /users`), nothing when it exists from an earlier try;
//! 2. its roles, one `POST /users/{id}/role` each, with every dimension the role lists (`user`
//!    `"*"` or this user's id, known once it exists), every failure recorded, none stopping the
//!    others;
//! 3. the user as the server has it now (`GET /users/{id}`), when a role was given — again after
//!    a second when CHORUS's one-second cache still shows it without the new roles — and a
//!    fresh token when the user is the signed-in one (roles live in the token). A role is said
//!    given only when that read shows it ([`RoleGrants::confirm`]).
use crate::api::{users, ApiClient, ApiError};
use crate::domain::permissions::{shows_roles, RoleToGive};
use crate::domain::user::{RoleGrants, User, UserStatus};

/// A little over CHORUS's user cache (`pkg/user/service/middleware/caching.go`: one second).
const USER_CACHE_MS: u32 = 1_100;
use crate::state::activity::Activity;
use crate::state::auth::Auth;

/// The profile as typed (trimmed).
pub(super) struct Profile {
    pub(super) username: String,
    pub(super) first_name: String,
    pub(super) last_name: String,
    pub(super) email: String,
    /// A new user's password (empty when editing).
    pub(super) password: String,
    pub(super) status: UserStatus,
}

/// One press of `Save` (or `Retry`).
pub(super) struct Submission {
    pub(super) profile: Profile,
    /// The user being edited; `None` creates one.
    pub(super) original: Option<User>,
    /// The user, when an earlier try created or saved it: then only `roles` are sent.
    pub(super) existing: Option<User>,
    /// The roles to give (`Only this user` bound to the user's id once it exists).
    pub(super) roles: Vec<RoleToGive>,
}

/// A user that exists, and what became of its roles.
pub(super) type Sent = (User, RoleGrants);

/// Sends a submission. `Err` when the user itself could not be created or saved; role
/// failures are in the [`RoleGrants`].
pub(super) async fn send(
    api: ApiClient,
    activity: Activity,
    auth: Auth,
    s: Submission,
) -> Result<Sent, ApiError> {
    let Submission {
        profile: p,
        original,
        existing,
        roles,
    } = s;
    let un = p.username.clone();
    let user = match (existing, original) {
        (Some(u), _) => u,
        (None, None) => {
            let new = users::NewUser {
                username: p.username,
                first_name: p.first_name,
                last_name: p.last_name,
                email: p.email,
                password: p.password,
            };
            activity
                .track(format!("Creating user {un}…"), users::create(api, &new))
                .await?
        }
        (None, Some(orig)) => {
            let changed = User {
                username: p.username,
                first_name: p.first_name,
                last_name: p.last_name,
                email: p.email,
                status: p.status,
                ..orig
            };
            activity
                .track(format!("Saving user {un}…"), users::update(api, &changed))
                .await?
        }
    };
    let mut grants = RoleGrants::default();
    for role in roles {
        let role = role.for_user(&user.id);
        let reply = activity
            .track(
                format!("Giving {un} the role {}…", role.name),
                users::add_role(api, &user.id, &role),
            )
            .await;
        grants.record(role, reply.err().map(|e| e.message()));
    }
    if grants.given.is_empty() {
        return Ok((user, grants));
    }
    // CHORUS answers role calls and `GET /users/{id}` from a one-second cache: read the user
    // after the last call, and once more after the cache's second when it lacks a role given.
    let mut fresh = users::get(api, &user.id).await.unwrap_or(user);
    if !shows_roles(&fresh, &grants.given) {
        crate::state::timer::sleep(std::time::Duration::from_millis(u64::from(USER_CACHE_MS)))
            .await;
        if let Ok(u) = users::get(api, &fresh.id).await {
            fresh = u;
        }
    }
    // Said given only when read back (issue 56).
    grants.confirm(|r| shows_roles(&fresh, std::slice::from_ref(r)));
    if auth.is_me(&fresh.id) {
        // Roles live in the token: refresh it so that they apply without a new login.
        if let Err(e) = auth.refresh().await {
            leptos::logging::warn!("could not refresh the login after a role change: {e}");
        }
    }
    Ok((fresh, grants))
}
