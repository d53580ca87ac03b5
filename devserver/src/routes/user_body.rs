//! The request bodies of `/users` (CHORUS's `User` and `UserRole` messages), decoded strictly.
//! Shared by both flavors' handlers (`users`, `users_chorus`), so that neither imports the other.

use serde::de::IgnoredAny;
use serde::Deserialize;

use crate::extract::{BodySpec, Context, OptId};

/// The body of `POST` and `PUT /users`: the User object itself (CHORUS's `User` message). Roles
/// are never taken from it (CHORUS ignores them there): they go through `…/role`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct UserIn {
    #[serde(default)]
    pub(crate) id: OptId,
    pub(crate) username: Option<String>,
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) password: Option<String>,
    pub(crate) status: Option<String>,
    pub(crate) source: Option<String>,
    #[serde(rename = "roles")]
    _roles: Option<IgnoredAny>,
    /// Echoed assignments: ignored, but decoded strictly (an unknown field in one is a 400,
    /// as protojson answers at any depth).
    #[serde(rename = "rolesWithContext")]
    _roles_with_context: Option<Vec<AssignmentIn>>,
    #[serde(rename = "totpEnabled")]
    _totp_enabled: Option<IgnoredAny>,
    #[serde(rename = "passwordChanged")]
    _password_changed: Option<IgnoredAny>,
    #[serde(rename = "createdAt")]
    _created_at: Option<IgnoredAny>,
    #[serde(rename = "updatedAt")]
    _updated_at: Option<IgnoredAny>,
}

impl BodySpec for UserIn {}

/// A role assignment in a body: `{"name","context":{"workspace":"1"}}` (CHORUS's `Role`).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct AssignmentIn {
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) context: Context,
    #[serde(default, rename = "id")]
    _id: OptId,
}

/// `POST /users/{userId}/role`: `{"role":{"name","context"}}`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct RoleAssignmentIn {
    pub(crate) role: Option<AssignmentIn>,
    #[serde(default, rename = "userId")]
    _user_id: OptId,
}

impl BodySpec for RoleAssignmentIn {}
