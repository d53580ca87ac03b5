//! Notifications (`/api/rest/v1/notifications`, api.md "Notifications").
use super::client::{rest, with_query, ApiClient};
use super::wire::notification::{MarkRead, NotificationCount, NotificationList};
use super::ApiError;
use crate::domain::notification::Notification;

/// How many unread notifications the list asks for at once.
const PAGE: &str = "50";

/// The unread count (system notifications included).
pub(crate) async fn count(api: ApiClient) -> Result<u64, ApiError> {
    api.get::<NotificationCount>(&rest(&["notifications", "count"]))
        .await
        .map(|c| c.0)
}

/// The unread notifications, newest first.
pub(crate) async fn unread(api: ApiClient) -> Result<Vec<Notification>, ApiError> {
    let path = with_query(
        &rest(&["notifications"]),
        &[
            ("isRead", "false"),
            ("pagination.offset", "0"),
            ("pagination.limit", PAGE),
        ],
    );
    api.get::<NotificationList>(&path)
        .await
        .map(|l| l.items.into_iter().map(Notification::from).collect())
}

/// Marks these notifications read (or, with `all`, every one).
pub(crate) async fn mark_read(api: ApiClient, ids: Vec<String>, all: bool) -> Result<(), ApiError> {
    let body = MarkRead {
        notification_ids: ids,
        mark_all: all,
    };
    api.post::<_, serde_json::Value>(&rest(&["notifications", "read"]), &body)
        .await
        .map(|_| ())
}
