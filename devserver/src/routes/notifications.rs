//! `/notifications` (api.md, "Notifications"), both flavors, as CHORUS answers them
//! (chorus-backend @0978bc77, `internal/api/v1/notification-controller.go`): the count is a bare
//! number in `result`, the list is `result` itself with `totalItems` beside it (no `pagination`
//! object), marking read answers `{}` without an envelope. Ids are UUIDs.
//!
//! Not imitated: CHORUS's count may lag a few seconds behind a `markAll` (seen once); here it
//! is exact.

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::ApiResult;
use crate::extract::{BodySpec, Caller, JsonBody, Params};
use crate::reply;
use crate::state::Shared;
use crate::store::notes::Notification;
use crate::wire::{rfc3339, rfc3339_db};

/// `GET /notifications/count` → `{"result": <unread>}`.
pub(crate) async fn count(State(app): State<Shared>, Caller(uid): Caller) -> Response {
    let st = app.store();
    let n = st
        .notifications_of(uid)
        .filter(|n| n.read_at.is_none())
        .count();
    reply::ok(&json!({ "result": n }))
}

fn out(app: &Shared, n: &Notification) -> Value {
    let time = |t| {
        if app.chorus() {
            rfc3339_db(t)
        } else {
            rfc3339(t)
        }
    };
    let content = match n.approval {
        Some((id, auto)) => json!({"approvalRequestNotification": {
            "approvalRequestId": id.to_string(),
            "autoapproved": auto,
        }}),
        None => json!({"systemNotification": {"refreshJWTRequired": n.refresh_jwt}}),
    };
    json!({
        "id": n.id,
        "tenantId": "1",
        "userId": n.user_id.to_string(),
        "message": n.message,
        "content": content,
        "createdAt": time(n.created_at),
        "readAt": n.read_at.map(time),
    })
}

/// `GET /notifications?isRead=false&pagination.offset&pagination.limit` → newest first,
/// `{"result":[…],"totalItems":N}` (`totalItems`: every one the filter keeps).
pub(crate) async fn list(
    State(app): State<Shared>,
    Caller(uid): Caller,
    params: Params,
) -> ApiResult<Response> {
    let is_read = params.get("isRead").map(|v| v == "true");
    let offset = params
        .get("pagination.offset")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let limit = params
        .get("pagination.limit")
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|l| *l > 0)
        .unwrap_or(usize::MAX);
    let st = app.store();
    let mut all: Vec<&Notification> = st
        .notifications_of(uid)
        .filter(|n| is_read.is_none_or(|r| r == n.read_at.is_some()))
        .collect();
    all.reverse();
    let total = all.len();
    let rows: Vec<Value> = all
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|n| out(&app, n))
        .collect();
    Ok(reply::ok(&json!({ "result": rows, "totalItems": total })))
}

/// `POST /notifications/read {"notificationIds":[…],"markAll":false}`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ReadIn {
    #[serde(default)]
    notification_ids: Vec<String>,
    #[serde(default)]
    mark_all: bool,
}

impl BodySpec for ReadIn {}

pub(crate) async fn read(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<ReadIn>,
) -> Response {
    app.store()
        .mark_read(uid, &body.notification_ids, body.mark_all);
    reply::ok(&json!({}))
}

/// `POST /api/dev/notifications {"username","message"}`: leaves a message that is meant for the
/// user's eyes (CHORUS's data-request notifications; nothing else in this server makes one).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DevNoteIn {
    username: String,
    message: String,
}

#[derive(Serialize)]
struct DevNoteOut {
    ok: bool,
}

pub(crate) async fn dev_add(
    State(app): State<Shared>,
    axum::Json(body): axum::Json<DevNoteIn>,
) -> ApiResult<Response> {
    let mut st = app.store();
    let uid = st
        .users
        .values()
        .find(|u| u.username == body.username)
        .map(|u| u.id)
        .ok_or_else(|| crate::error::ApiError::not_found("user", &body.username))?;
    st.notify_message(uid, &body.message);
    Ok(reply::ok(&DevNoteOut { ok: true }))
}
