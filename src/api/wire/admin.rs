//! Roles, permissions and the admin request bodies on the wire
//! (`/api/rest/v1/authorization/*`, `/api/rest/v1/users`), and their mapping to
//! [`crate::domain::permissions`]. The `User` reply DTO lives in `super::user`.
//!
//! Replies: `{"result":{"roles":[…]}}`, `{"result":{"permissions":[…]}}`,
//! `{"result":{"role":…}}`; a reply without `result` fails to decode, everything inside is
//! tolerant (see `super::jobs::lenient`). A role is built-in unless `dynamic` is `true`.
//!
//! Request bodies: [`CreateRoleBody`] (`{"role": Role, "validationContext"}`), [`RoleBody`]
//! (`{"role": Role}`, update), [`UserCreateBody`],
//! [`UserUpdateBody`], [`RoleAddBody`].

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use super::common::Fields;
use crate::domain::permissions::{Permission, Role, RoleScope};
use crate::domain::user::{RoleAssignment, User};

/// `Role` on the wire (decoded from replies, encoded in [`RoleBody`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleDto {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// `system|platform|workspace|workbench` (or anything).
    pub scope: String,
    /// Context dimensions.
    pub context: Vec<String>,
    /// Permission names.
    pub permissions: Vec<String>,
    /// Dynamic (editable) role.
    pub dynamic: bool,
}

impl<'de> Deserialize<'de> for RoleDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            name: f.string(&["name"]),
            description: f.string(&["description"]),
            scope: f.string(&["scope"]),
            context: f.string_vec(&["context"]),
            permissions: f.string_vec(&["permissions"]),
            dynamic: f.bool(&["dynamic"]),
        })
    }
}

impl From<RoleDto> for Role {
    fn from(d: RoleDto) -> Self {
        Role {
            name: d.name,
            description: d.description,
            scope: RoleScope::from_wire(&d.scope),
            context: d.context,
            permissions: d.permissions,
            dynamic: d.dynamic,
        }
    }
}

impl From<&Role> for RoleDto {
    /// For request bodies. An unknown scope is sent as `""`.
    fn from(r: &Role) -> Self {
        RoleDto {
            name: r.name.clone(),
            description: r.description.clone(),
            scope: r.scope.as_str().to_string(),
            context: r.context.clone(),
            permissions: r.permissions.clone(),
            dynamic: r.dynamic,
        }
    }
}

/// `Permission` on the wire.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionDto {
    /// camelCase name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Context dimensions.
    pub context: Vec<String>,
}

impl<'de> Deserialize<'de> for PermissionDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            name: f.string(&["name"]),
            description: f.string(&["description"]),
            context: f.string_vec(&["context"]),
        })
    }
}

impl From<PermissionDto> for Permission {
    fn from(d: PermissionDto) -> Self {
        Permission {
            name: d.name,
            description: d.description,
            context: d.context,
        }
    }
}

/// `{"roles":[Role]}` inside the result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RolesResult {
    /// The roles.
    pub roles: Vec<RoleDto>,
}

impl<'de> Deserialize<'de> for RolesResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            roles: f.vec(&["roles"]),
        })
    }
}

/// `GET /authorization/roles` → `{"result":{"roles":[Role]}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct RolesResponse {
    /// The payload (required).
    pub result: RolesResult,
}

impl<'de> Deserialize<'de> for RolesResponse {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            result: Fields::of(d)?.required("result")?,
        })
    }
}

impl From<RolesResponse> for Vec<Role> {
    /// The domain roles (nameless entries dropped).
    fn from(reply: RolesResponse) -> Self {
        reply
            .result
            .roles
            .into_iter()
            .filter(|r| !r.name.is_empty())
            .map(Role::from)
            .collect()
    }
}

/// `{"permissions":[Permission]}` inside the result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PermissionsResult {
    /// The permissions.
    pub permissions: Vec<PermissionDto>,
}

impl<'de> Deserialize<'de> for PermissionsResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            permissions: f.vec(&["permissions"]),
        })
    }
}

/// `GET /authorization/permissions` → `{"result":{"permissions":[Permission]}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct PermissionsResponse {
    /// The payload (required).
    pub result: PermissionsResult,
}

impl<'de> Deserialize<'de> for PermissionsResponse {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            result: Fields::of(d)?.required("result")?,
        })
    }
}

impl From<PermissionsResponse> for Vec<Permission> {
    /// The domain permissions (nameless entries dropped).
    fn from(reply: PermissionsResponse) -> Self {
        reply
            .result
            .permissions
            .into_iter()
            .filter(|p| !p.name.is_empty())
            .map(Permission::from)
            .collect()
    }
}

/// `{"role": Role}` inside the result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoleResult {
    /// The role (`None` when missing or malformed).
    pub role: Option<RoleDto>,
}

impl<'de> Deserialize<'de> for RoleResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            role: f.opt(&["role"]),
        })
    }
}

/// `POST`/`PUT /authorization/roles[/{name}]` → `{"result":{"role":Role}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleResponse {
    /// The payload (required).
    pub result: RoleResult,
}

impl<'de> Deserialize<'de> for RoleResponse {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            result: Fields::of(d)?.required("result")?,
        })
    }
}

impl From<RoleResponse> for Option<Role> {
    /// The domain role, `None` when the reply had none (treat as a malformed reply).
    fn from(reply: RoleResponse) -> Self {
        reply.result.role.map(Role::from)
    }
}

/// Body of `POST /authorization/roles` and `PUT /authorization/roles/{name}`: `{"role": Role}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleBody {
    /// The role.
    pub role: RoleDto,
}

impl From<&Role> for RoleBody {
    fn from(r: &Role) -> Self {
        RoleBody { role: r.into() }
    }
}

/// Body of `POST /authorization/roles` (CHORUS's `CreateDynamicRoleRequest`):
/// `{"role": Role, "validationContext": {"workspace": "<id>"}}`, the context only for a
/// workspace role (the workspace it is created in). Nothing else: CHORUS refuses unknown fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateRoleBody {
    /// The role.
    pub role: RoleDto,
    /// Dimension → id; left out when empty.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub validation_context: BTreeMap<String, String>,
}

impl CreateRoleBody {
    /// The body for `role`, created in `workspace` (a workspace role) or on the platform.
    pub fn new(role: &Role, workspace: Option<&str>) -> Self {
        let validation_context = workspace
            .filter(|w| !w.is_empty())
            .map(|w| {
                // Not BTreeMap::from([…]): that sorts with the standard library's sort (issue 30).
                let mut context = BTreeMap::new();
                context.insert("workspace".to_string(), w.to_string());
                context
            })
            .unwrap_or_default();
        CreateRoleBody {
            role: role.into(),
            validation_context,
        }
    }
}

/// A role given to a user in a request: `{"name", "context": {"workspace": "42"}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RoleAssignmentBody {
    /// Role name.
    pub name: String,
    /// Dimension → id or `"*"` (empty for roles without dimensions).
    pub context: BTreeMap<String, String>,
}

impl From<&RoleAssignment> for RoleAssignmentBody {
    fn from(a: &RoleAssignment) -> Self {
        RoleAssignmentBody {
            name: a.name.clone(),
            context: a.context.clone(),
        }
    }
}

/// Body of `POST /users/{userId}/role`: `{"role":{"name","context"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleAddBody {
    /// The role to give.
    pub role: RoleAssignmentBody,
}

/// Body of `POST /users`: the User object itself (no wrapper, no roles: CHORUS ignores roles
/// there; they are given one `POST /users/{id}/role` each).
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserCreateBody {
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// Initial password (never logged: `Debug` hides it).
    pub password: String,
    /// `active` (required: an empty one is a 500 `CONVERSION_ERROR` on CHORUS).
    pub status: String,
    /// `internal`.
    pub source: String,
}

impl std::fmt::Debug for UserCreateBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserCreateBody")
            .field("username", &self.username)
            .field("first_name", &self.first_name)
            .field("last_name", &self.last_name)
            .field("email", &self.email)
            .field("password", &"<hidden>")
            .field("status", &self.status)
            .field("source", &self.source)
            .finish()
    }
}

/// Body of `PUT /users`: the User object itself with its `id`. It replaces these fields whole,
/// so every one is sent; `status` is never empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserUpdateBody {
    pub id: String,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub status: String,
    pub source: String,
}

impl From<&User> for UserUpdateBody {
    /// Every field of `user`; an unknown status is sent as `active`, an unknown source as
    /// `internal`.
    fn from(u: &User) -> Self {
        let status = match u.status.as_wire() {
            "" => "active",
            s => s,
        };
        let source = if u.source.trim().is_empty() {
            "internal".to_string()
        } else {
            u.source.clone()
        };
        UserUpdateBody {
            id: u.id.clone(),
            username: u.username.clone(),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            email: u.email.clone(),
            status: status.to_string(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::UserStatus;
    use serde_json::json;

    #[test]
    fn decodes_roles() {
        let body = r#"{"result":{"roles":[
          {"name":"PlatformAdmin","description":"Everything","scope":"platform","context":[],
           "permissions":["listUsers","manageDynamicRoles"],"dynamic":false},
          {"name":"WorkspaceMember","scope":"workspace","context":["workspace"],"permissions":["getWorkspace"]},
          {"name":"DataSteward","scope":"workspace","context":["workspace"],"permissions":null,"dynamic":true,
           "description":"<script>alert(1)</script>","createdAt":"x"},
          {"name":"Weird","scope":"galactic","context":"workspace","dynamic":"yes"},
          {"description":"nameless"},
          7
        ]}}"#;
        let roles = Vec::<Role>::from(serde_json::from_str::<RolesResponse>(body).unwrap());
        assert_eq!(roles.len(), 4);
        assert_eq!(roles[0].scope, RoleScope::Platform);
        assert!(roles[0].is_built_in());
        assert_eq!(roles[0].permissions, ["listUsers", "manageDynamicRoles"]);
        assert!(roles[1].is_built_in(), "missing dynamic means built-in");
        assert_eq!(roles[1].context, ["workspace"]);
        assert!(roles[2].dynamic);
        assert!(roles[2].permissions.is_empty());
        assert_eq!(roles[2].description, "<script>alert(1)</script>");
        assert_eq!(roles[3].scope, RoleScope::Unknown);
        assert!(roles[3].context.is_empty());
        assert!(!roles[3].dynamic);
    }

    #[test]
    fn decodes_permissions() {
        let body = r#"{"result":{"permissions":[
          {"name":"createWorkbench","description":"Start a session","context":["workspace"]},
          {"name":"listUsers","context":null},
          {"name":""}
        ]}}"#;
        let perms =
            Vec::<Permission>::from(serde_json::from_str::<PermissionsResponse>(body).unwrap());
        assert_eq!(perms.len(), 2);
        assert_eq!(perms[0].context, ["workspace"]);
        assert_eq!(perms[0].label(), "Create workbench");
        assert!(perms[1].context.is_empty());
        assert!(serde_json::from_str::<PermissionsResponse>("{}").is_err());
        assert!(serde_json::from_str::<RolesResponse>("<html>").is_err());
    }

    #[test]
    fn decodes_single_role() {
        let r: RoleResponse = serde_json::from_str(
            r#"{"result":{"role":{"name":"Curator","scope":"workspace","dynamic":true}}}"#,
        )
        .unwrap();
        let role = Option::<Role>::from(r).unwrap();
        assert_eq!(role.name, "Curator");
        assert!(role.dynamic);
        let r: RoleResponse = serde_json::from_str(r#"{"result":{"role":null}}"#).unwrap();
        assert_eq!(Option::<Role>::from(r), None);
    }

    #[test]
    fn role_body_round_trip() {
        let role = Role {
            name: "Curator".into(),
            description: "Curates <data>".into(),
            scope: RoleScope::Workspace,
            context: vec!["workspace".into()],
            permissions: vec!["getWorkspace".into(), "listBuilds".into()],
            dynamic: true,
        };
        let v = serde_json::to_value(RoleBody::from(&role)).unwrap();
        assert_eq!(
            v,
            json!({"role":{"name":"Curator","description":"Curates <data>","scope":"workspace",
                   "context":["workspace"],"permissions":["getWorkspace","listBuilds"],"dynamic":true}})
        );
        let back: RoleDto = serde_json::from_value(v["role"].clone()).unwrap();
        assert_eq!(Role::from(back), role);
    }

    #[test]
    fn create_role_body_is_chorus_create_dynamic_role_request() {
        let role = Role {
            name: "Curator".into(),
            description: "Curates".into(),
            scope: RoleScope::Workspace,
            context: vec!["workspace".into()],
            permissions: vec!["getWorkspace".into()],
            dynamic: true,
        };
        // Exactly AuthorizationRole's fields (api/proto/v1/authorization.proto) and the map.
        assert_eq!(
            serde_json::to_value(CreateRoleBody::new(&role, Some("1"))).unwrap(),
            json!({"role":{"name":"Curator","description":"Curates","scope":"workspace",
                   "context":["workspace"],"permissions":["getWorkspace"],"dynamic":true},
                   "validationContext":{"workspace":"1"}})
        );
        let platform = Role {
            scope: RoleScope::Platform,
            context: vec![],
            ..role
        };
        let v = serde_json::to_value(CreateRoleBody::new(&platform, None)).unwrap();
        assert_eq!(v["role"]["scope"], "platform", "lower case");
        assert!(v.get("validationContext").is_none());
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["role"]);
    }

    #[test]
    fn user_create_body_is_the_bare_user() {
        let body = UserCreateBody {
            username: "carol".into(),
            first_name: "Carol".into(),
            last_name: "Shaw".into(),
            email: "carol@example.org".into(),
            password: "s3cret-pw".into(),
            status: "active".into(),
            source: "internal".into(),
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"username":"carol","firstName":"Carol","lastName":"Shaw",
                   "email":"carol@example.org","password":"s3cret-pw","status":"active",
                   "source":"internal"})
        );
        let dbg = format!("{body:?}");
        assert!(!dbg.contains("s3cret-pw"));
        assert!(dbg.contains("<hidden>"));
    }

    #[test]
    fn user_update_and_role_add_bodies() {
        let u = User {
            id: "3".into(),
            username: "bob".into(),
            first_name: "Bob".into(),
            last_name: "<b>".into(),
            email: "bob@example.org".into(),
            status: UserStatus::Disabled,
            source: "internal".into(),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(UserUpdateBody::from(&u)).unwrap(),
            json!({"id":"3","username":"bob","firstName":"Bob","lastName":"<b>",
                   "email":"bob@example.org","status":"disabled","source":"internal"})
        );
        let unknown = User {
            status: UserStatus::Unknown,
            source: String::new(),
            ..u
        };
        let v = serde_json::to_value(UserUpdateBody::from(&unknown)).unwrap();
        assert_eq!(v["status"], "active", "status is required: never empty");
        assert_eq!(v["source"], "internal");
        let a = RoleAssignment {
            id: "17".into(),
            name: "WorkspaceViewer".into(),
            context: BTreeMap::from([("workspace".into(), "*".into())]),
        };
        let add = RoleAddBody {
            role: RoleAssignmentBody::from(&a),
        };
        assert_eq!(
            serde_json::to_value(&add).unwrap(),
            json!({"role":{"name":"WorkspaceViewer","context":{"workspace":"*"}}})
        );
    }
}
