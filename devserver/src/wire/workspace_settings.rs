//! A workspace's settings on the wire (api.md, "Workspace settings beyond name…"): both flavors
//! send the settings a client may write, as CHORUS spells them; the chorus flavor adds the
//! fields CHORUS keeps for itself (`namespace`, `gid`, the cluster's report, the app instance
//! ids it never fills), as a running CHORUS 0978bc77 sent them
//! (`fixtures/chorus/workspace_shapes.json`).

use serde::Serialize;

use crate::store::Workspace;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WorkspaceSettingsOut {
    is_main: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    app_instance_ids: Option<[u8; 0]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    app_instances: Option<[u8; 0]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    namespace: Option<String>,
    network_policy: String,
    allowed_fqdns: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    network_policy_status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    network_policy_message: Option<&'static str>,
    clipboard: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    gid: Option<String>,
    visibility: &'static str,
    contact_user_id: String,
}

impl WorkspaceSettingsOut {
    pub(crate) fn new(w: &Workspace, chorus: bool) -> Self {
        let s = &w.settings;
        let theirs = |v| chorus.then_some(v);
        Self {
            is_main: s.is_main,
            app_instance_ids: chorus.then_some([]),
            app_instances: chorus.then_some([]),
            namespace: theirs(format!("workspace{}", w.id)),
            network_policy: s.network_policy.clone(),
            allowed_fqdns: s.allowed_fqdns.clone(),
            // No cluster here: no operator reports.
            network_policy_status: chorus.then_some(""),
            network_policy_message: chorus.then_some(""),
            clipboard: s.clipboard.clone(),
            // `id + gid_offset`; the offset of the CHORUS seen was 0.
            gid: theirs(w.id.to_string()),
            visibility: if s.public {
                "WORKSPACE_VISIBILITY_PUBLIC"
            } else {
                "WORKSPACE_VISIBILITY_PRIVATE"
            },
            contact_user_id: s.contact_user_id.to_string(),
        }
    }
}
