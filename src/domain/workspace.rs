//! Workspaces (projects): where sessions, builds and runs live.

use super::workspace_settings::WorkspaceSettings;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum WorkspaceStatus {
    #[default]
    Active,
    Inactive,
    Deleted,
    Unknown,
}

impl WorkspaceStatus {
    pub(crate) fn from_wire(s: &str) -> Self {
        match super::wire_word(s).as_str() {
            "active" => Self::Active,
            "inactive" => Self::Inactive,
            "deleted" => Self::Deleted,
            _ => Self::Unknown,
        }
    }

    /// The spelling a request body sends: CHORUS's enum name (it refuses `active`).
    pub(crate) fn wire_enum(self) -> &'static str {
        match self {
            Self::Active | Self::Unknown => "WORKSPACE_STATUS_ACTIVE",
            Self::Inactive => "WORKSPACE_STATUS_INACTIVE",
            Self::Deleted => "WORKSPACE_STATUS_DELETED",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Workspace {
    pub id: String,
    pub tenant_id: String,
    pub user_id: String,
    pub name: String,
    pub short_name: String,
    pub description: String,
    pub status: WorkspaceStatus,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    /// Network policy, clipboard, visibility…: an update sends them back as read.
    pub settings: WorkspaceSettings,
}

impl Workspace {
    /// The name shown to users: the name, else the short name, else `Workspace <id>`.
    pub(crate) fn display_name(&self) -> String {
        [&self.name, &self.short_name]
            .into_iter()
            .map(|s| s.trim())
            .find(|s| !s.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| format!("Workspace {}", self.id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_name_never_empty() {
        let mut w = Workspace {
            id: "7".into(),
            ..Workspace::default()
        };
        assert_eq!(w.display_name(), "Workspace 7");
        w.short_name = "demo".into();
        assert_eq!(w.display_name(), "demo");
        w.name = "Demo".into();
        assert_eq!(w.display_name(), "Demo");
    }

    #[test]
    fn status_tolerates_unknown() {
        assert_eq!(
            WorkspaceStatus::from_wire("archived"),
            WorkspaceStatus::Unknown
        );
        assert_eq!(
            WorkspaceStatus::from_wire("active"),
            WorkspaceStatus::Active
        );
    }
}
