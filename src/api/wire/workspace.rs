//! `Workspace` on the wire and its mapping to [`crate::domain::workspace`].
use serde::{Deserialize, Deserializer, Serialize};

use super::common::Fields;
use crate::domain::workspace::{Workspace, WorkspaceStatus};

#[derive(Clone, Debug, Default)]
pub struct WorkspaceDto {
    pub id: String,
    pub tenant_id: String,
    pub user_id: String,
    pub name: String,
    pub short_name: String,
    pub description: String,
    pub status: String,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

impl<'de> Deserialize<'de> for WorkspaceDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            id: f.string(&["id"]),
            tenant_id: f.string(&["tenantId"]),
            user_id: f.string(&["userId"]),
            name: f.string(&["name"]),
            short_name: f.string(&["shortName"]),
            description: f.string(&["description"]),
            status: f.string(&["status"]),
            created_at: f.opt_string(&["createdAt"]),
            updated_at: f.opt_string(&["updatedAt"]),
        })
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct WorkspacesResult {
    #[serde(default)]
    pub workspaces: Vec<WorkspaceDto>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct WorkspaceResult {
    pub workspace: WorkspaceDto,
}

/// Body of `POST /workspaces`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateWorkspace {
    pub name: String,
    pub short_name: String,
    pub description: String,
}

impl From<WorkspaceDto> for Workspace {
    fn from(d: WorkspaceDto) -> Self {
        Workspace {
            id: d.id,
            tenant_id: d.tenant_id,
            user_id: d.user_id,
            name: d.name,
            short_name: d.short_name,
            description: d.description,
            status: WorkspaceStatus::from_wire(&d.status),
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
    fn decodes_list_with_pagination() {
        let text = r#"{"result": {"workspaces": [
            {"id": "1", "tenantId": "1", "userId": "1", "name": "Demo", "shortName": "demo",
             "description": "", "status": "active", "createdAt": "2025-11-15T12:00:00Z"},
            {"id": 2, "name": "Genomics", "status": "weird"}]},
            "pagination": {"total": 2, "offset": 0, "limit": 20}}"#;
        let env: Envelope<WorkspacesResult> = serde_json::from_str(text).unwrap();
        let ws: Vec<Workspace> = env.result.workspaces.into_iter().map(Into::into).collect();
        assert_eq!(ws[0].name, "Demo");
        assert_eq!(ws[1].id, "2");
        assert_eq!(ws[1].status, WorkspaceStatus::Unknown);
        assert_eq!(env.pagination.map(|p| p.total), Some(2));
    }

    #[test]
    fn missing_list_is_empty() {
        let env: Envelope<WorkspacesResult> = serde_json::from_str(r#"{"result": {}}"#).unwrap();
        assert!(env.result.workspaces.is_empty());
    }
}
