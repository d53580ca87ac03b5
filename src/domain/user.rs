//! The signed-in user and the users of the admin pages.
use std::collections::BTreeMap;

/// Account state of a user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum UserStatus {
    #[default]
    Active,
    Disabled,
    Unknown,
}

impl UserStatus {
    /// Maps the wire string; `""` and unknown strings give [`UserStatus::Unknown`].
    pub fn from_wire(s: &str) -> Self {
        match s {
            "active" => Self::Active,
            "disabled" => Self::Disabled,
            _ => Self::Unknown,
        }
    }

    pub fn as_wire(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Disabled => "disabled",
            Self::Unknown => "",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::Disabled => "Disabled",
            Self::Unknown => "Unknown",
        }
    }
}

/// One role given to a user, with the context it applies to: dimension (`workspace`,
/// `workbench`, `user`) → id or `"*"` (all).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RoleAssignment {
    pub id: String,
    pub name: String,
    pub context: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct User {
    pub id: String,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub status: UserStatus,
    pub source: String,
    /// Role names (without context), as the backend lists them.
    pub roles: Vec<String>,
    pub roles_with_context: Vec<RoleAssignment>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

impl User {
    /// "Ada Lovelace", or the username when the user has no name.
    pub fn display_name(&self) -> String {
        let full = format!("{} {}", self.first_name.trim(), self.last_name.trim());
        let full = full.trim();
        if full.is_empty() {
            self.username.clone()
        } else {
            full.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_maps_unknown_strings() {
        assert_eq!(UserStatus::from_wire("active"), UserStatus::Active);
        assert_eq!(UserStatus::from_wire("disabled"), UserStatus::Disabled);
        assert_eq!(UserStatus::from_wire(""), UserStatus::Unknown);
        assert_eq!(UserStatus::from_wire("Banned"), UserStatus::Unknown);
    }

    #[test]
    fn display_name_falls_back_to_username() {
        let mut u = User {
            username: "ada".into(),
            ..User::default()
        };
        assert_eq!(u.display_name(), "ada");
        u.first_name = "Ada".into();
        u.last_name = " Lovelace ".into();
        assert_eq!(u.display_name(), "Ada Lovelace");
    }
}
