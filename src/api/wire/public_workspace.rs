//! `PublicWorkspace` on the wire (api.md §2, `GET /workspaces/public`) and its mapping to
//! [`crate::domain::public_workspace`]. Tolerant: missing fields, `null` and `""` read as empty.
use serde::{Deserialize, Deserializer};

use super::common::Fields;
use crate::domain::public_workspace::PublicWorkspace;

/// One row as sent (`contact*` are `""` when there is no contact or the user is gone).
#[derive(Clone, Debug, Default)]
pub struct PublicWorkspaceDto(pub PublicWorkspace);

impl<'de> Deserialize<'de> for PublicWorkspaceDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self(PublicWorkspace {
            id: f.string(&["id"]),
            name: f.string(&["name"]),
            short_name: f.string(&["shortName", "short_name"]),
            description: f.string(&["description"]),
            contact_username: f.string(&["contactUsername", "contact_username"]),
            contact_first_name: f.string(&["contactFirstName", "contact_first_name"]),
            contact_last_name: f.string(&["contactLastName", "contact_last_name"]),
            contact_email: f.string(&["contactEmail", "contact_email"]),
        }))
    }
}

/// `result` of the list: `publicWorkspaces` (a `null` or missing list is empty; a row that is
/// not an object is left out).
#[derive(Clone, Debug, Default)]
pub struct PublicWorkspacesResult {
    pub public_workspaces: Vec<PublicWorkspaceDto>,
}

impl<'de> Deserialize<'de> for PublicWorkspacesResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        let rows = f.value(&["publicWorkspaces", "public_workspaces"]);
        let public_workspaces = rows
            .as_array()
            .map(|a| {
                a.iter()
                    .filter(|v| v.is_object())
                    .filter_map(|v| serde_json::from_value(v.clone()).ok())
                    .collect()
            })
            .unwrap_or_default();
        Ok(Self { public_workspaces })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::wire::common::Envelope;

    #[test]
    fn reads_chorus_reply() {
        // Recorded on a running CHORUS 0978bc77.
        let env: Envelope<PublicWorkspacesResult> = serde_json::from_str(
            r#"{"result":{"publicWorkspaces":[{"id":"2","tenantId":"1","name":"probe","shortName":"p","description":"d","status":"WORKSPACE_STATUS_ACTIVE","contactUsername":"chorus","contactFirstName":"Chorus","contactLastName":"Default","contactEmail":"","createdAt":"2026-11-25T17:08:12.968159Z","updatedAt":"2026-11-25T18:11:09.456384Z"}]},"pagination":{"total":1,"offset":0,"limit":100}}"#,
        )
        .unwrap();
        let w = &env.result.public_workspaces[0].0;
        assert_eq!(w.id, "2");
        assert_eq!(w.contact_name().as_deref(), Some("Chorus Default"));
        assert_eq!(w.mailto(), None);
    }

    #[test]
    fn odd_rows_do_not_fail_the_list() {
        for raw in [
            r#"{"result":{"publicWorkspaces":null}}"#,
            r#"{"result":{}}"#,
            r#"{"result":{"publicWorkspaces":[3,"x",null,{"id":7,"name":null}]}}"#,
        ] {
            let env: Envelope<PublicWorkspacesResult> = serde_json::from_str(raw).unwrap();
            assert!(env.result.public_workspaces.len() <= 1, "{raw}");
        }
    }
}
