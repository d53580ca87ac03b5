//! `Notification` on the wire (api.md, "Notifications") and its mapping to
//! [`crate::domain::notification`]. CHORUS answers the list as `{"result":[…],"totalItems":N}`
//! (`result` is the list itself) and the count as `{"result": 3}` (a bare number).
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::common::{lenient, Fields};
use crate::domain::notification::Notification;

#[derive(Clone, Debug, Default)]
pub struct NotificationDto {
    pub id: String,
    pub message: String,
    pub created_at: Option<String>,
    pub read_at: Option<String>,
    /// `content.systemNotification.refreshJWTRequired`.
    pub refresh_jwt: bool,
    /// `content.approvalRequestNotification.approvalRequestId`.
    pub request_id: Option<String>,
}

impl<'de> Deserialize<'de> for NotificationDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        let content: Option<Value> = f.opt(&["content"]);
        let refresh_jwt = content
            .as_ref()
            .and_then(|c| c.get("systemNotification"))
            .and_then(|s| s.get("refreshJWTRequired"))
            .is_some_and(lenient::flag);
        let request_id = content
            .as_ref()
            .and_then(|c| c.get("approvalRequestNotification"))
            .and_then(|a| a.get("approvalRequestId"))
            .map(lenient::value_to_string)
            .filter(|s| !s.is_empty());
        Ok(Self {
            request_id,
            id: f.string(&["id"]),
            message: f.string(&["message"]),
            created_at: f.opt_string(&["createdAt"]),
            read_at: f.opt_string(&["readAt"]),
            refresh_jwt,
        })
    }
}

/// `{"result":[Notification],"totalItems":N}`.
#[derive(Clone, Debug, Default)]
pub struct NotificationList {
    pub items: Vec<NotificationDto>,
    /// `totalItems`: every notification the filter keeps (0 when absent or not a number).
    pub total: u64,
}

impl<'de> Deserialize<'de> for NotificationList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        let items = f.vec(&["result"]);
        let total = f
            .opt::<Value>(&["totalItems"])
            .map_or(0, |v| lenient::count(&v));
        Ok(Self { items, total })
    }
}

/// `{"result": 3}` (a backend may also send the number as a string).
#[derive(Clone, Copy, Debug, Default)]
pub struct NotificationCount(pub u64);

impl<'de> Deserialize<'de> for NotificationCount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        let v = f.opt::<Value>(&["result"]).unwrap_or(Value::Null);
        match &v {
            Value::Number(_) | Value::String(_) => Ok(Self(lenient::count(&v))),
            _ => Err(serde::de::Error::custom("the unread count is not a number")),
        }
    }
}

/// Body of `POST /notifications/read`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MarkRead {
    pub notification_ids: Vec<String>,
    pub mark_all: bool,
}

impl From<NotificationDto> for Notification {
    fn from(d: NotificationDto) -> Self {
        Notification {
            id: d.id,
            message: d.message,
            created_at: d.created_at,
            read: d.read_at.is_some(),
            refresh_jwt: d.refresh_jwt,
            request_id: d.request_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As CHORUS 0978bc77 answered (devserver/tests/fixtures/chorus-ws29.json).
    #[test]
    fn decodes_chorus_replies() {
        let list: NotificationList = serde_json::from_str(
            r#"{"result":[{"id":"54209222-aece-472c-8ccb-0e8d4dea9e31","tenantId":"1","userId":"1","message":"You have been assigned new roles","content":{"systemNotification":{"refreshJWTRequired":true}},"createdAt":"2026-11-23T20:44:55.651467Z","readAt":null}],"totalItems":1}"#,
        )
        .unwrap();
        assert_eq!(list.total, 1);
        let n = Notification::from(list.items[0].clone());
        assert_eq!(n.request_id, None);
        assert_eq!(n.id, "54209222-aece-472c-8ccb-0e8d4dea9e31");
        assert!(n.refresh_jwt);
        assert!(!n.read);
        let c: NotificationCount = serde_json::from_str(r#"{"result":1}"#).unwrap();
        assert_eq!(c.0, 1);
        assert!(serde_json::from_str::<NotificationCount>(r#"{"result":{}}"#).is_err());
        let other: NotificationDto = serde_json::from_str(
            r#"{"id":"7","message":"Data request approved","content":{"approvalRequestNotification":{"approvalRequestId":"7"}},"readAt":""}"#,
        )
        .unwrap();
        assert!(!other.refresh_jwt);
        assert!(other.read_at.is_none());
        assert_eq!(other.request_id.as_deref(), Some("7"));
    }
}
