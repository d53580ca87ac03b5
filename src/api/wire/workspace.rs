//! `Workspace` on the wire and its mapping to [`crate::domain::workspace`].
use serde::{Deserialize, Deserializer, Serialize};

use super::common::{lenient, Fields};
use crate::domain::workspace::{Workspace, WorkspaceStatus};
use crate::domain::workspace_settings::{Clipboard, NetworkPolicy, Visibility, WorkspaceSettings};

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
    /// CHORUS's settings (api.md, "Workspace settings beyond name…"), as they came: `None` when
    /// the field is absent or `null` (a backend without it).
    pub is_main: Option<bool>,
    pub network_policy: Option<String>,
    pub allowed_fqdns: Option<Vec<String>>,
    pub clipboard: Option<String>,
    pub visibility: Option<String>,
    pub contact_user_id: Option<String>,
    pub network_policy_status: Option<String>,
    pub network_policy_message: Option<String>,
}

/// A field that may be absent: `None` for a missing or `null` one, else `read` of its value.
fn present<T>(v: serde_json::Value, read: impl FnOnce(&serde_json::Value) -> T) -> Option<T> {
    (!v.is_null()).then(|| read(&v))
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
            is_main: present(f.value(&["isMain", "is_main"]), lenient::flag),
            network_policy: f.opt_string(&["networkPolicy", "network_policy"]),
            allowed_fqdns: present(
                f.value(&["allowedFqdns", "allowed_fqdns"]),
                lenient::strings,
            ),
            clipboard: f.opt_string(&["clipboard"]),
            visibility: f.opt_string(&["visibility"]),
            contact_user_id: f.opt_string(&["contactUserId", "contact_user_id"]),
            network_policy_status: f.opt_string(&["networkPolicyStatus", "network_policy_status"]),
            network_policy_message: f
                .opt_string(&["networkPolicyMessage", "network_policy_message"]),
        })
    }
}

#[derive(Clone, Debug, Default)]
pub struct WorkspacesResult {
    pub workspaces: Vec<WorkspaceDto>,
}

impl<'de> Deserialize<'de> for WorkspacesResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            workspaces: Fields::of(d)?.or_default("workspaces")?,
        })
    }
}

#[derive(Clone, Debug)]
pub struct WorkspaceResult {
    pub workspace: WorkspaceDto,
}

impl<'de> Deserialize<'de> for WorkspaceResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            workspace: Fields::of(d)?.required("workspace")?,
        })
    }
}

/// Body of `POST /workspaces`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateWorkspace {
    pub name: String,
    pub short_name: String,
    pub description: String,
}

/// Body of `PUT /workspaces`: CHORUS replaces the fields whole and resets an omitted setting to
/// its default (an omitted `status` reactivates the workspace), so every field goes, each
/// setting exactly as read; one the backend did not send is not sent. The status in the enum
/// spelling CHORUS wants. The server's own fields (`namespace`, `gid`, `networkPolicyStatus`…)
/// are never sent.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateWorkspace<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub short_name: &'a str,
    pub description: &'a str,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_main: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_policy: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_fqdns: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clipboard: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visibility: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_user_id: Option<&'a str>,
}

impl<'a> UpdateWorkspace<'a> {
    /// The body that saves `w` (its name, description and status as edited).
    pub fn of(w: &'a Workspace) -> Self {
        let s = &w.settings;
        Self {
            id: &w.id,
            name: &w.name,
            short_name: &w.short_name,
            description: &w.description,
            status: w.status.wire_enum(),
            is_main: s.is_main,
            network_policy: s.network_policy.as_ref().map(NetworkPolicy::wire),
            allowed_fqdns: s.allowed_fqdns.as_deref(),
            clipboard: s.clipboard.as_ref().map(Clipboard::wire),
            visibility: s.visibility.as_ref().map(Visibility::wire),
            contact_user_id: s.contact_user_id.as_deref(),
        }
    }
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
            settings: WorkspaceSettings {
                is_main: d.is_main,
                network_policy: d.network_policy.as_deref().map(NetworkPolicy::from_wire),
                allowed_fqdns: d.allowed_fqdns,
                clipboard: d.clipboard.as_deref().map(Clipboard::from_wire),
                visibility: d.visibility.as_deref().map(Visibility::from_wire),
                contact_user_id: d.contact_user_id,
                policy_status: d.network_policy_status,
                policy_message: d.network_policy_message,
            },
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

    /// `GET /workspaces/1` of a running CHORUS 0978bc77 after its settings were set
    /// (`FQDNAllowlist`, `["pypi.org"]`, `both`, public, contact 1); the shape of
    /// `fixtures/chorus/workspace_shapes.json`.
    const CHORUS_WORKSPACE: &str = r#"{"result":{"workspace":{"id":"1","tenantId":"1",
        "userId":"1","name":"Demo","shortName":"demo","description":"Demo workspace",
        "status":"WORKSPACE_STATUS_INACTIVE","isMain":true,"appInstanceIds":[],"appInstances":[],
        "namespace":"workspace1","networkPolicy":"FQDNAllowlist","allowedFqdns":["pypi.org"],
        "networkPolicyStatus":"Applied","networkPolicyMessage":"ok","clipboard":"both","gid":"1001",
        "visibility":"WORKSPACE_VISIBILITY_PUBLIC","contactUserId":"1",
        "createdAt":"2026-11-23T20:45:11.749004Z","updatedAt":"2026-11-23T20:45:11.749004Z"}}}"#;

    fn chorus_workspace() -> Workspace {
        let env: Envelope<WorkspaceResult> = serde_json::from_str(CHORUS_WORKSPACE).unwrap();
        env.result.workspace.into()
    }

    #[test]
    fn decodes_the_settings_of_a_chorus_workspace() {
        let w = chorus_workspace();
        assert_eq!(w.status, WorkspaceStatus::Inactive);
        assert_eq!(
            w.settings,
            WorkspaceSettings {
                is_main: Some(true),
                network_policy: Some(NetworkPolicy::FqdnAllowlist),
                allowed_fqdns: Some(vec!["pypi.org".into()]),
                clipboard: Some(Clipboard::Both),
                visibility: Some(Visibility::Public),
                contact_user_id: Some("1".into()),
                policy_status: Some("Applied".into()),
                policy_message: Some("ok".into()),
            }
        );
        assert_eq!(w.settings.contact(), Some("1"));
    }

    /// The console's `Edit workspace` renames: everything else goes back exactly as read (a
    /// running CHORUS reset each setting left out), the status in its enum spelling, and none
    /// of the server's own fields.
    #[test]
    fn an_update_sends_every_setting_as_read() {
        let mut w = chorus_workspace();
        w.name = "Demo renamed".into();
        let body = serde_json::to_value(UpdateWorkspace::of(&w)).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "id": "1", "name": "Demo renamed", "shortName": "demo",
                "description": "Demo workspace", "status": "WORKSPACE_STATUS_INACTIVE",
                "isMain": true, "networkPolicy": "FQDNAllowlist", "allowedFqdns": ["pypi.org"],
                "clipboard": "both", "visibility": "WORKSPACE_VISIBILITY_PUBLIC",
                "contactUserId": "1"
            })
        );
    }

    #[test]
    fn unknown_settings_go_back_unchanged_and_absent_ones_are_not_sent() {
        let text = r#"{"id": 4, "name": "X", "status": "active", "networkPolicy": "Egress",
            "clipboard": "sideways", "visibility": "WORKSPACE_VISIBILITY_TEAM",
            "allowedFqdns": [], "contactUserId": 0, "isMain": null}"#;
        let w: Workspace = serde_json::from_str::<WorkspaceDto>(text).unwrap().into();
        assert_eq!(
            w.settings.network_policy,
            Some(NetworkPolicy::Other("Egress".into()))
        );
        assert_eq!(w.settings.contact(), None);
        let body = serde_json::to_value(UpdateWorkspace::of(&w)).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "id": "4", "name": "X", "shortName": "", "description": "",
                "status": "WORKSPACE_STATUS_ACTIVE", "networkPolicy": "Egress",
                "allowedFqdns": [], "clipboard": "sideways",
                "visibility": "WORKSPACE_VISIBILITY_TEAM", "contactUserId": "0"
            })
        );
        // A backend without settings: none sent, nothing to reset.
        let bare: Workspace = serde_json::from_str::<WorkspaceDto>(r#"{"id": "5", "name": "Y"}"#)
            .unwrap()
            .into();
        assert_eq!(bare.settings, WorkspaceSettings::default());
        let body = serde_json::to_value(UpdateWorkspace::of(&bare)).unwrap();
        assert_eq!(body.as_object().map(|o| o.len()), Some(5));
    }

    #[test]
    fn settings_of_the_wrong_type_never_fail_the_workspace() {
        let text = r#"{"id": "6", "name": "Z", "networkPolicy": {"a": 1}, "clipboard": [1],
            "allowedFqdns": "pypi.org", "isMain": "true", "visibility": 1}"#;
        let w: Workspace = serde_json::from_str::<WorkspaceDto>(text).unwrap().into();
        assert_eq!(w.name, "Z");
        assert_eq!(w.settings.network_policy, None);
        assert_eq!(w.settings.clipboard, None);
        assert_eq!(w.settings.allowed_fqdns, Some(vec![]));
        assert_eq!(w.settings.is_main, Some(true));
        assert_eq!(w.settings.visibility, Some(Visibility::Other("1".into())));
    }

    #[test]
    fn missing_list_is_empty() {
        let env: Envelope<WorkspacesResult> = serde_json::from_str(r#"{"result": {}}"#).unwrap();
        assert!(env.result.workspaces.is_empty());
    }
}
