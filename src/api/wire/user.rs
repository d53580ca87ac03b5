//! `User` on the wire (`/users/me`, `/users`) and its mapping to [`crate::domain::user`].
use std::collections::BTreeMap;

use serde::Deserialize;

use super::common::lenient;
use crate::domain::user::{RoleAssignment, User, UserStatus};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserDto {
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub username: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub first_name: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub last_name: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub email: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub status: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub source: String,
    #[serde(default, deserialize_with = "lenient::string_vec")]
    pub roles: Vec<String>,
    #[serde(default)]
    pub roles_with_context: Option<Vec<RoleAssignmentDto>>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub created_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub updated_at: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct RoleAssignmentDto {
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(default)]
    pub context: Option<BTreeMap<String, serde_json::Value>>,
}

/// `{"me": User}` inside the envelope of `GET /users/me`.
#[derive(Clone, Debug, Deserialize)]
pub struct MeResult {
    pub me: UserDto,
}

/// `{"user": User}`.
#[derive(Clone, Debug, Deserialize)]
pub struct UserResult {
    pub user: UserDto,
}

/// `{"users": [User]}`.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct UsersResult {
    #[serde(default)]
    pub users: Vec<UserDto>,
}

impl From<RoleAssignmentDto> for RoleAssignment {
    fn from(d: RoleAssignmentDto) -> Self {
        RoleAssignment {
            id: d.id,
            name: d.name,
            context: d
                .context
                .unwrap_or_default()
                .iter()
                .map(|(k, v)| (k.clone(), lenient::value_to_string(v)))
                .filter(|(_, v)| !v.is_empty())
                .collect(),
        }
    }
}

impl From<UserDto> for User {
    fn from(d: UserDto) -> Self {
        let roles_with_context: Vec<RoleAssignment> = d
            .roles_with_context
            .unwrap_or_default()
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
