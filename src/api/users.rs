//! Users and their roles (`/api/rest/v1/users`).
use super::client::{page_params, rest, with_query, ApiClient};
use super::wire::admin::{RoleAddBody, RoleAssignmentBody, UserCreateBody, UserUpdateBody};
use super::wire::common::Envelope;
use super::wire::user::{UserResult, UsersResult};
use super::ApiError;
use crate::domain::order::{sort_assignments, sort_users_and_roles, Order};
use crate::domain::user::{RoleAssignment, User};

/// One page of users.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct UsersPage {
    pub users: Vec<User>,
    /// `pagination.total`; without it (a backend that sent every row), what came.
    pub total: u64,
    pub offset: u64,
}

/// A page of users matching `search` (all when empty), by username.
pub(crate) async fn list(
    api: ApiClient,
    search: &str,
    offset: u64,
    limit: u32,
) -> Result<UsersPage, ApiError> {
    let [o, l, t, d] = page_params(offset, limit, Order::USERS);
    let mut params = vec![
        (o.0, o.1.as_str()),
        (l.0, l.1.as_str()),
        (t.0, t.1.as_str()),
        (d.0, d.1.as_str()),
    ];
    if !search.is_empty() {
        params.push(("filter.search", search));
    }
    let env = api
        .get::<Envelope<UsersResult>>(&with_query(&rest(&["users"]), &params))
        .await?;
    let mut users: Vec<User> = env.result.users.into_iter().map(User::from).collect();
    sort_users_and_roles(&mut users);
    let seen = offset + users.len() as u64;
    let total = env.pagination.map_or(seen, |p| p.total).max(seen);
    Ok(UsersPage {
        users,
        total,
        offset,
    })
}

/// One user (after its roles changed, say), its roles in order.
pub(crate) async fn get(api: ApiClient, id: &str) -> Result<User, ApiError> {
    let mut user = api
        .get::<Envelope<UserResult>>(&rest(&["users", id]))
        .await
        .map(|env| User::from(env.result.user))?;
    sort_assignments(&mut user.roles_with_context);
    Ok(user)
}

/// Creates a user (without roles: give them with [`add_role`]).
pub(crate) async fn create(api: ApiClient, user: &NewUser) -> Result<User, ApiError> {
    let body = UserCreateBody {
        username: user.username.clone(),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        email: user.email.clone(),
        password: user.password.clone(),
        status: "active".into(),
        source: "internal".into(),
    };
    api.post::<_, Envelope<UserResult>>(&rest(&["users"]), &body)
        .await
        .map(|env| User::from(env.result.user))
}

/// What creating a user sends: its profile and first password (it starts active, with a
/// password of its own: `source` `internal`).
pub(crate) struct NewUser {
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub password: String,
}

/// Replaces a user's profile and status (every field of `PUT /users`).
pub(crate) async fn update(api: ApiClient, user: &User) -> Result<User, ApiError> {
    api.put::<_, Envelope<UserResult>>(&rest(&["users"]), &UserUpdateBody::from(user))
        .await
        .map(|env| User::from(env.result.user))
}

/// Gives a user a role in a context. The reply may carry the user, or nothing.
pub(crate) async fn add_role(
    api: ApiClient,
    user_id: &str,
    role: &RoleAssignment,
) -> Result<(), ApiError> {
    let body = RoleAddBody {
        role: RoleAssignmentBody::from(role),
    };
    api.post::<_, serde_json::Value>(&rest(&["users", user_id, "role"]), &body)
        .await
        .map(drop)
}

/// Takes a role from a user: `assignment_id` is the `id` in the user's `rolesWithContext`.
pub(crate) async fn remove_role(
    api: ApiClient,
    user_id: &str,
    assignment_id: &str,
) -> Result<(), ApiError> {
    api.delete::<serde_json::Value>(&rest(&["users", user_id, "role", assignment_id]))
        .await
        .map(drop)
}

/// Deletes a user. CHORUS's delete is soft (api.md §5): the status becomes `deleted`, the
/// username gets `-<uuid>` (the name is free again), and the roles, workspaces and running
/// sessions stay; the user can no longer sign in.
pub(crate) async fn delete(api: ApiClient, user_id: &str) -> Result<(), ApiError> {
    api.delete::<serde_json::Value>(&rest(&["users", user_id]))
        .await
        .map(drop)
}
