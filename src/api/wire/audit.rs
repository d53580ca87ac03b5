//! The audit service on the wire (api.md, "Audit service"): entries, mapped to
//! [`crate::domain::audit::AuditEntry`].
use serde::{Deserialize, Deserializer};

use super::common::{lenient, non_empty, Fields};
use crate::domain::audit::AuditEntry;

/// One entry of `{"entries": […]}`.
#[derive(Clone, Debug)]
pub struct EntryDto(pub AuditEntry);

/// `details` as pairs of name and text: a string value as it is, another value as its JSON
/// text, `null` left out; anything but an object gives none.
fn details(v: serde_json::Value) -> Vec<(String, String)> {
    let serde_json::Value::Object(map) = v else {
        return Vec::new();
    };
    map.into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| {
            let text = match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            (k, text)
        })
        .collect()
}

impl<'de> Deserialize<'de> for EntryDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        // An unset id is `null`, `""` or, from a protobuf `uint64`, `"0"`.
        let id =
            |f: &mut Fields, key: &str| non_empty(f.string(&[key])).filter(|s| s.trim() != "0");
        let workspace_id = id(&mut f, "workspaceId");
        let workbench_id = id(&mut f, "workbenchId");
        let user_id = id(&mut f, "userId");
        Ok(Self(AuditEntry {
            id: f.string(&["id"]),
            actor_id: f.string(&["actorId"]),
            actor_username: f.string(&["actorUsername"]),
            correlation_id: f.string(&["correlationId"]),
            action: f.string(&["action"]),
            workspace_id,
            workbench_id,
            user_id,
            description: f.string(&["description"]),
            details: details(f.value(&["details"])),
            created_at: f.string(&["createdAt"]),
        }))
    }
}

impl From<EntryDto> for AuditEntry {
    fn from(dto: EntryDto) -> Self {
        dto.0
    }
}

/// `{"entries": […]}`.
#[derive(Clone, Debug, Default)]
pub struct EntriesResult {
    pub entries: Vec<EntryDto>,
}

impl<'de> Deserialize<'de> for EntriesResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            entries: lenient::objects(f.value(&["entries"])),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::Envelope;
    use super::*;

    #[test]
    fn what_api_md_shows_decodes() {
        let env: Envelope<EntriesResult> = serde_json::from_str(
            r#"{"result":{"entries":[{"id":"1","actorId":"5","actorUsername":"alice","correlationId":"9f2c","action":"CreateFile","workspaceId":"3","workbenchId":null,"userId":null,"description":"Created file /disk/a.csv","details":{"compliance":"No personal data"},"createdAt":"2026-08-01T10:00:00.123456Z"}]},"pagination":{"total":1,"offset":0,"limit":20,"sort":{"order":"DESC","type":"createdat"}}}"#,
        )
        .unwrap();
        let e = AuditEntry::from(env.result.entries[0].clone());
        assert_eq!(
            e,
            AuditEntry {
                id: "1".into(),
                actor_id: "5".into(),
                actor_username: "alice".into(),
                correlation_id: "9f2c".into(),
                action: "CreateFile".into(),
                workspace_id: Some("3".into()),
                workbench_id: None,
                user_id: None,
                description: "Created file /disk/a.csv".into(),
                details: vec![("compliance".into(), "No personal data".into())],
                created_at: "2026-08-01T10:00:00.123456Z".into(),
            }
        );
        assert_eq!(env.pagination.unwrap().total, 1);
    }

    #[test]
    fn unset_ids_and_odd_details_are_tolerated() {
        let e: EntryDto = serde_json::from_str(
            r#"{"id":7,"actorId":5,"action":"SomethingNew","workspaceId":"0","workbenchId":"","userId":12,"details":{"n":1,"o":{"a":[true]},"z":null,"s":"t"},"unknown":1}"#,
        )
        .unwrap();
        let e = e.0;
        assert_eq!((e.id.as_str(), e.actor_id.as_str()), ("7", "5"));
        assert_eq!((e.workspace_id, e.workbench_id), (None, None));
        assert_eq!(e.user_id.as_deref(), Some("12"));
        assert_eq!(
            e.details,
            [
                ("n".to_owned(), "1".to_owned()),
                ("o".to_owned(), r#"{"a":[true]}"#.to_owned()),
                ("s".to_owned(), "t".to_owned()),
            ]
        );
        for odd in [
            r#"{"details":"x"}"#,
            r#"{"details":[1]}"#,
            r#"{"details":null}"#,
            "{}",
        ] {
            let e: EntryDto = serde_json::from_str(odd).unwrap();
            assert!(e.0.details.is_empty());
            assert_eq!(e.0.action, "");
        }
    }

    #[test]
    fn malformed_lists_are_errors_or_empty_never_panics() {
        let r: EntriesResult = serde_json::from_str(r#"{"entries":null}"#).unwrap();
        assert!(r.entries.is_empty());
        let r: EntriesResult =
            serde_json::from_str(r#"{"entries":[1,null,"x",{"id":"2"}]}"#).unwrap();
        assert_eq!(r.entries.len(), 1);
        assert!(serde_json::from_str::<EntriesResult>("[]").is_err());
        assert!(serde_json::from_str::<Envelope<EntriesResult>>("{}").is_err());
        assert!(crate::api::error::decode::<Envelope<EntriesResult>>("<html>502</html>").is_err());
    }
}
