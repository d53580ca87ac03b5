//! `AuditEntry` as the lists and the dev API send it.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::state::AppState;
use crate::store::audit::Entry;

/// `AuditEntry` as protojson writes it: ids as strings, the optional ids left out when unset
/// (CHORUS: protojson omits an unset `optional`) or `null` (ours).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct EntryOut {
    id: String,
    actor_id: String,
    actor_username: String,
    correlation_id: String,
    action: String,
    #[serde(skip_serializing_if = "Unset::skip")]
    workspace_id: Unset,
    #[serde(skip_serializing_if = "Unset::skip")]
    workbench_id: Unset,
    #[serde(skip_serializing_if = "Unset::skip")]
    user_id: Unset,
    description: String,
    details: BTreeMap<String, String>,
    created_at: String,
}

/// An optional id: a string, `null`, or left out.
enum Unset {
    Id(u64),
    Null,
    Absent,
}

impl Unset {
    fn of(chorus: bool, id: u64) -> Unset {
        match (id, chorus) {
            (0, true) => Unset::Absent,
            (0, false) => Unset::Null,
            (n, _) => Unset::Id(n),
        }
    }

    fn skip(&self) -> bool {
        matches!(self, Unset::Absent)
    }
}

impl Serialize for Unset {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Unset::Id(n) => s.serialize_str(&n.to_string()),
            _ => s.serialize_none(),
        }
    }
}

/// An entry in the flavor's spelling.
pub(super) fn out(app: &AppState, e: &Entry) -> EntryOut {
    let chorus = app.chorus();
    EntryOut {
        id: e.id.to_string(),
        actor_id: e.actor_id.to_string(),
        actor_username: e.actor_username.clone(),
        correlation_id: e.correlation_id.clone(),
        action: e.action.clone(),
        workspace_id: Unset::of(chorus, e.workspace_id),
        workbench_id: Unset::of(chorus, e.workbench_id),
        user_id: Unset::of(chorus, e.user_id),
        description: e.description.clone(),
        details: e.details.clone(),
        created_at: app.stamp(e.created_at),
    }
}
