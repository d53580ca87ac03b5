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

/// A workspace's fields a user may change, for the no-lost-update rule
/// ([`super::three_way`]): each as text in words (a network policy as the form names it).
impl super::three_way::Fielded for Workspace {
    fn fields(&self) -> Vec<super::three_way::Field> {
        use super::three_way::Field;
        use super::workspace_settings::{Clipboard, NetworkPolicy, Visibility};
        let s = &self.settings;
        let policy = s.network_policy.as_ref().map(|p| match p {
            NetworkPolicy::Airgapped => "Airgapped".to_owned(),
            NetworkPolicy::FqdnAllowlist => "Allowed hosts only".to_owned(),
            NetworkPolicy::Open => "Open".to_owned(),
            NetworkPolicy::Other(o) => o.clone(),
        });
        let clipboard = s.clipboard.as_ref().map(|c| match c {
            Clipboard::Disabled => "Off".to_owned(),
            Clipboard::ToServer => "Into the session".to_owned(),
            Clipboard::ToClient => "Out of the session".to_owned(),
            Clipboard::Both => "Both ways".to_owned(),
            Clipboard::Other(o) => o.clone(),
        });
        let visibility = s.visibility.as_ref().map(|v| match v {
            Visibility::Private => "Private".to_owned(),
            Visibility::Public => "Public".to_owned(),
            Visibility::Other(o) => o.clone(),
        });
        let contact = match s.contact() {
            Some(id) => format!("user {id}"),
            None => "no contact".to_owned(),
        };
        vec![
            Field::new("name", "Name", self.name.trim()),
            Field::new("shortName", "Short name", self.short_name.trim()),
            Field::new("description", "Description", self.description.trim()),
            Field::new("status", "Status", self.status.wire_enum()),
            Field::new("networkPolicy", "Network", policy.unwrap_or_default()),
            Field::new(
                "allowedFqdns",
                "Allowed hosts",
                s.allowed_fqdns.as_deref().unwrap_or_default().join(", "),
            ),
            Field::new("clipboard", "Clipboard", clipboard.unwrap_or_default()),
            Field::new("visibility", "Visibility", visibility.unwrap_or_default()),
            Field::new("contactUserId", "Contact", contact),
        ]
    }

    fn take_field(&mut self, key: &str, from: &Self) {
        let (s, f) = (&mut self.settings, &from.settings);
        match key {
            "name" => self.name = from.name.clone(),
            "shortName" => self.short_name = from.short_name.clone(),
            "description" => self.description = from.description.clone(),
            "status" => self.status = from.status,
            "networkPolicy" => s.network_policy = f.network_policy.clone(),
            "allowedFqdns" => s.allowed_fqdns = f.allowed_fqdns.clone(),
            "clipboard" => s.clipboard = f.clipboard.clone(),
            "visibility" => s.visibility = f.visibility.clone(),
            "contactUserId" => s.contact_user_id = f.contact_user_id.clone(),
            _ => {}
        }
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
    fn another_tabs_change_is_kept_under_mine() {
        use crate::domain::three_way::{merge, Merge};
        use crate::domain::workspace_settings::Clipboard;
        let base = Workspace {
            id: "1".into(),
            name: "Ws".into(),
            description: "old".into(),
            ..Workspace::default()
        };
        let mut mine = base.clone();
        mine.settings.clipboard = Some(Clipboard::Both);
        let mut theirs = base.clone();
        theirs.description = "theirs".into();
        let Merge::Send(w) = merge(&base, &mine, &theirs) else {
            panic!("no conflict")
        };
        assert_eq!(w.description, "theirs");
        assert_eq!(w.settings.clipboard, Some(Clipboard::Both));
        let mut mine2 = base.clone();
        mine2.description = "mine".into();
        let Merge::Conflicts(p) = merge(&base, &mine2, &theirs) else {
            panic!("a conflict")
        };
        assert_eq!(p.conflicts[0].label, "Description");
        assert_eq!(
            (p.conflicts[0].mine.as_str(), p.conflicts[0].theirs.as_str()),
            ("mine", "theirs")
        );
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
