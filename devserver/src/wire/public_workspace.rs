//! `PublicWorkspace` (api.md §2 "Public workspaces"; `workspace.proto` at 0978bc77): a public
//! workspace with its contact's names and e-mail, `""` each when it has none (or the user is
//! gone), as a running CHORUS sent it (`fixtures/chorus/public_workspaces.json`). The status is
//! spelled as the flavor spells a workspace's.

use serde::Serialize;

use super::View;
use crate::store::workspace_cache::PublicRow;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PublicWorkspaceOut {
    id: String,
    tenant_id: String,
    name: String,
    short_name: String,
    description: String,
    status: String,
    contact_username: String,
    contact_first_name: String,
    contact_last_name: String,
    contact_email: String,
    created_at: String,
    updated_at: String,
}

impl View {
    pub fn public_workspace(self, row: &PublicRow) -> PublicWorkspaceOut {
        let w = &row.workspace;
        let c = row.contact.clone().unwrap_or_default();
        PublicWorkspaceOut {
            id: w.id.to_string(),
            tenant_id: w.tenant_id.to_string(),
            name: w.name.clone(),
            short_name: w.short_name.clone(),
            description: w.description.clone(),
            status: self.workspace_status(&w.status),
            contact_username: c.username,
            contact_first_name: c.first_name,
            contact_last_name: c.last_name,
            contact_email: c.email,
            created_at: self.time(w.created_at),
            updated_at: self.time(w.updated_at),
        }
    }
}
