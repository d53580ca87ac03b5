//! `/notifications` (api.md, "Notifications"), both flavors, as CHORUS answers them
//! (chorus-backend @0978bc77, `internal/api/v1/notification-controller.go`): the count is a bare
//! number in `result`, the list is `result` itself with `totalItems` beside it (no `pagination`
//! object), marking read answers `{}` without an envelope. Ids are UUIDs.
//!
//! The chorus flavor caches the count and each list request for 2 s, as CHORUS does (api.md,
//! "Notifications, as an inbox"; `POST /api/dev/notification-cache?ms=…` sets how long), and a
//! mark does not clear them: a look soon after a mark may still answer the old state. `markAll`
//! marks every unread notification, the system ones included (both flavors).

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::ApiResult;
use crate::extract::{BodySpec, Caller, JsonBody, Params};
use crate::reply;
use crate::state::{lock, Shared};
use crate::store::notes::Notification;
use crate::wire::{rfc3339, rfc3339_db};

/// `GET /notifications/count` → `{"result": <unread>}`.
pub(crate) async fn count(State(app): State<Shared>, Caller(uid): Caller) -> Response {
    let reply = cached(&app, uid, "count".to_owned(), || {
        let st = app.store();
        let n = st
            .notifications_of(uid)
            .filter(|n| n.read_at.is_none())
            .count();
        json!({ "result": n })
    });
    reply::ok(&reply)
}

/// The chorus flavor's cache: what was served to `uid` for `key` within the cache's life, else
/// `make()` (kept). The default flavor answers afresh.
fn cached(app: &Shared, uid: u64, key: String, make: impl FnOnce() -> Value) -> Value {
    if !app.chorus() {
        return make();
    }
    {
        let mut cache = lock(&app.note_cache);
        let ttl = cache.ttl;
        cache.replies.retain(|_, (at, _)| at.elapsed() < ttl);
        if let Some((_, v)) = cache.replies.get(&(uid, key.clone())) {
            return v.clone();
        }
    }
    let v = make();
    let mut cache = lock(&app.note_cache);
    if !cache.ttl.is_zero() {
        cache
            .replies
            .insert((uid, key), (std::time::Instant::now(), v.clone()));
    }
    v
}

/// `POST /api/dev/notification-cache?ms=…`: how long the chorus flavor's notification caches
/// keep a reply (2,000 as on CHORUS; 0: none; a reset sets it back). → `{"ttlMs": n}`.
pub(crate) async fn set_cache_ttl(
    State(app): State<Shared>,
    params: Params,
) -> ApiResult<Response> {
    let ms = super::user_cache::ttl_ms(&params)?;
    let mut cache = lock(&app.note_cache);
    cache.ttl = std::time::Duration::from_millis(ms);
    cache.replies.clear();
    Ok(reply::ok(&json!({ "ttlMs": ms })))
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
    let key = format!("list isRead={is_read:?} offset={offset} limit={limit}");
    let reply = cached(&app, uid, key, || {
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
        json!({ "result": rows, "totalItems": total })
    });
    Ok(reply::ok(&reply))
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
