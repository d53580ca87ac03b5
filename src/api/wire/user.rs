//! `User` on the wire (`/users/me`, `/users`) and its mapping to [`crate::domain::user`].
use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

use super::common::Fields;
use crate::domain::user::{RoleAssignment, User, UserStatus};

#[derive(Clone, Debug, Default)]
pub struct UserDto {
    pub id: String,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub status: String,
    pub source: String,
    pub roles: Vec<String>,
    pub roles_with_context: Vec<RoleAssignmentDto>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub totp_enabled: Option<bool>,
}

impl<'de> Deserialize<'de> for UserDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            id: f.string(&["id"]),
            username: f.string(&["username"]),
            first_name: f.string(&["firstName"]),
            last_name: f.string(&["lastName"]),
            email: f.string(&["email"]),
            status: f.string(&["status"]),
            source: f.string(&["source"]),
            roles: f.string_vec(&["roles"]),
            roles_with_context: f.vec(&["rolesWithContext"]),
            created_at: f.opt_string(&["createdAt"]),
            updated_at: f.opt_string(&["updatedAt"]),
            totp_enabled: f.value(&["totpEnabled"]).as_bool(),
        })
    }
}

#[derive(Clone, Debug, Default)]
pub struct RoleAssignmentDto {
    pub id: String,
    pub name: String,
    /// Dimension → id or `"*"`; empty values dropped.
    pub context: BTreeMap<String, String>,
}

impl<'de> Deserialize<'de> for RoleAssignmentDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            id: f.string(&["id"]),
            name: f.string(&["name"]),
            context: f.string_map(&["context"]),
        })
    }
}

/// `{"me": User}` inside the envelope of `GET /users/me`.
#[derive(Clone, Debug)]
pub struct MeResult {
    pub me: UserDto,
}

impl<'de> Deserialize<'de> for MeResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            me: Fields::of(d)?.required("me")?,
        })
    }
}

/// `{"user": User}`.
#[derive(Clone, Debug)]
pub struct UserResult {
    pub user: UserDto,
}

impl<'de> Deserialize<'de> for UserResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            user: Fields::of(d)?.required("user")?,
        })
    }
}

/// `{"users": [User]}`.
#[derive(Clone, Debug, Default)]
pub struct UsersResult {
    pub users: Vec<UserDto>,
}

impl<'de> Deserialize<'de> for UsersResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            users: Fields::of(d)?.or_default("users")?,
        })
    }
}

impl From<RoleAssignmentDto> for RoleAssignment {
    fn from(d: RoleAssignmentDto) -> Self {
        RoleAssignment {
            id: d.id,
            name: d.name,
            context: d.context,
        }
    }
}

impl From<UserDto> for User {
    fn from(d: UserDto) -> Self {
        let roles_with_context: Vec<RoleAssignment> = d
            .roles_with_context
            .into_iter()
            .map(RoleAssignment::from)
            .filter(|r| !r.name.is_empty())
            .collect();
        User {
            id: d.id,
            username: d.username,
            first_name: d.first_name,
            last_name: d.last_name,
            email: d.email,
            status: UserStatus::from_wire(&d.status),
            source: d.source,
            roles: d.roles,
            roles_with_context,
            created_at: d.created_at,
            updated_at: d.updated_at,
            totp_enabled: d.totp_enabled,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::wire::common::Envelope;

    #[test]
    fn decodes_me_with_roles() {
        let text = r#"{"result": {"me": {"id": "2", "username": "alice", "firstName": "Alice",
            "lastName": "Liddell", "email": "alice@example.org", "status": "active", "source": "internal",
            "roles": ["WorkspaceMember"], "extra": {"ignored": true},
            "rolesWithContext": [{"id": "7", "name": "WorkspaceMember", "context": {"workspace": "1"}},
                                 {"id": 8, "name": "WorkspaceMember", "context": {"workspace": 2}}]}}}"#;
        let env: Envelope<MeResult> = serde_json::from_str(text).unwrap();
        let user: User = env.result.me.into();
        assert_eq!(user.username, "alice");
        assert_eq!(user.status, UserStatus::Active);
        assert_eq!(user.roles_with_context.len(), 2);
        assert_eq!(user.roles_with_context[1].id, "8");
        assert_eq!(
            user.roles_with_context[1].context.get("workspace"),
            Some(&"2".to_string())
        );
    }

    #[test]
    fn tolerates_missing_and_null_fields() {
        let user: User = serde_json::from_str::<UserDto>(
            r#"{"id": "1", "username": "x", "status": "suspended", "roles": null, "rolesWithContext": null}"#,
        )
        .unwrap()
        .into();
        assert_eq!(user.status, UserStatus::Unknown);
        assert!(user.roles.is_empty());
        assert!(user.roles_with_context.is_empty());
    }

    #[test]
    fn keeps_hostile_text_verbatim() {
        let user: User =
            serde_json::from_str::<UserDto>(r#"{"firstName": "<script>alert(1)</script>"}"#)
                .unwrap()
                .into();
        assert_eq!(user.first_name, "<script>alert(1)</script>");
    }
}
