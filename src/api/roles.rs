//! Roles and permissions (`/api/rest/v1/authorization/…`).
use super::client::{rest, ApiClient, Extension};
use super::wire::admin::{
    CreateRoleBody, PermissionsResponse, RoleBody, RoleResponse, RolesResponse,
};
use super::ApiError;
use crate::domain::permissions::{Permission, Role};

/// The role catalogue.
pub(crate) async fn list(api: ApiClient) -> Result<Vec<Role>, ApiError> {
    api.get::<RolesResponse>(&rest(&["authorization", "roles"]))
        .await
        .map(Vec::<Role>::from)
}

/// Every permission.
pub(crate) async fn permissions(api: ApiClient) -> Result<Vec<Permission>, ApiError> {
    api.get::<PermissionsResponse>(&rest(&["authorization", "permissions"]))
        .await
        .map(Vec::<Permission>::from)
}

/// Creates a dynamic role; a workspace role in `workspace` (its `validationContext`). Check it
/// first (`domain::permissions::validate_new_role`): CHORUS answers mistakes with a bare 500.
pub(crate) async fn create(
    api: ApiClient,
    role: &Role,
    workspace: Option<&str>,
) -> Result<Role, ApiError> {
    let body = CreateRoleBody::new(role, workspace);
    saved(
        role,
        api.post::<_, RoleResponse>(&rest(&["authorization", "roles"]), &body)
            .await,
    )
}

/// *Extension*: replaces a dynamic role.
pub(crate) async fn update(api: ApiClient, role: &Role) -> Result<Role, ApiError> {
    let path = rest(&["authorization", "roles", &role.name]);
    let reply = api
        .extension(
            Extension::RoleEdit,
            api.put::<_, RoleResponse>(&path, &RoleBody::from(role)),
        )
        .await;
    saved(role, reply)
}

/// *Extension*: deletes a dynamic role.
pub(crate) async fn delete(api: ApiClient, name: &str) -> Result<(), ApiError> {
    let path = rest(&["authorization", "roles", name]);
    api.extension(
        Extension::RoleDelete,
        api.delete::<serde_json::Value>(&path),
    )
    .await
    .map(drop)
}

/// The role the server saved, or what was sent when its reply carried none.
fn saved(sent: &Role, reply: Result<RoleResponse, ApiError>) -> Result<Role, ApiError> {
    reply.map(|r| Option::<Role>::from(r).unwrap_or_else(|| sent.clone()))
}
