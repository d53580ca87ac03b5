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

/// One page of the list (`unread`: only the unread ones), newest first, and how many the
/// backend says the list holds (`totalItems`, system notifications included).
pub(crate) async fn page(
    api: ApiClient,
    unread: bool,
    offset: u64,
    limit: u64,
) -> Result<(Vec<Notification>, u64), ApiError> {
    let (offset, limit) = (offset.to_string(), limit.to_string());
    let mut query = vec![
        ("pagination.offset", offset.as_str()),
        ("pagination.limit", limit.as_str()),
    ];
    if unread {
        query.insert(0, ("isRead", "false"));
    }
    let path = with_query(&rest(&["notifications"]), &query);
    api.get::<NotificationList>(&path).await.map(|l| {
        (
            l.items.into_iter().map(Notification::from).collect(),
            l.total,
        )
    })
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
