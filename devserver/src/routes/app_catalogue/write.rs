//! `GET /apps/{id}`, `POST /apps`, `PUT /apps`, `DELETE /apps/{id}`, `POST /apps/bulk`: the
//! catalogue's administration (`getApp`, `createApp`, `updateApp`, `deleteApp`: AppStoreAdmin
//! and SuperAdmin on CHORUS, the platform admin here).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use super::{check, internal, says};
use crate::error::{ApiResult, Code};
use crate::extract::{BodySpec, Caller, Id, JsonBody, Params};
use crate::perms::Target;
use crate::reply;
use crate::state::{lock, Shared};
use crate::store::app_row::AppFields;

impl BodySpec for AppFields {}

/// `GET /apps/{id}`: any row, a deleted one too (CHORUS's `GetApp` does not filter them). In the
/// chorus flavor from CHORUS's one-second `GetApp` cache (`pkg/app/service/middleware/
/// caching.go`, 0978bc77: `shortCacheExpiration`), whoever asked and whatever was written since:
/// seen on a running CHORUS, a read right after `PUT /apps` (200, the new description) had the
/// old one for 0.8 s (`fixtures/chorus/apps_catalogue.json`, `getAfterUpdate`).
pub(crate) async fn get(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    let st = app.store();
    st.require(uid, "getApp", &Target::none())?;
    let n = id.num("app")?;
    if app.chorus() {
        if let Some(out) = lock(&app.app_reads).one(&n.to_string()) {
            return Ok(reply::result("app", out));
        }
    }
    let a = st.app(n).ok_or_else(|| {
        says(
            Code::NotFound,
            StatusCode::NOT_FOUND,
            5,
            format!("unable to call 'GetApp': unable to get app: unable to get app {n}: sql: no rows in result set"),
        )
    })?;
    let out = app.view().app(a, Vec::new());
    if app.chorus() {
        let row = serde_json::to_value(&out).map_err(|e| internal(e.to_string()))?;
        lock(&app.app_reads).keep_one(n.to_string(), &row);
        return Ok(reply::result("app", row));
    }
    Ok(reply::result("app", out))
}

/// `POST /api/dev/app-cache?ms=…`: how long the chorus flavor's `GetApp` cache keeps an app
/// (1,000 as on CHORUS; 0: none; a reset sets it back). → `{"ttlMs": n}`.
pub(crate) async fn set_read_ttl(State(app): State<Shared>, params: Params) -> ApiResult<Response> {
    super::super::user_cache::set_list_cache_ttl(&app.app_reads, &params)
}

/// `POST /apps` with the app itself (no wrapper): the creator is the caller.
pub(crate) async fn create(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<AppFields>,
) -> ApiResult<Response> {
    let mut st = app.store();
    st.require(uid, "createApp", &Target::none())?;
    check(app.chorus(), &body, "CreateApp", "unable to create app: ")?;
    let out = app.view().app(st.create_app(uid, body), Vec::new());
    Ok(reply::result("app", out))
}

/// `PUT /apps` with the app itself and its `id`: every field replaced (an omitted one is `""`),
/// whatever the row's status; creator and creation time kept.
pub(crate) async fn update(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<AppFields>,
) -> ApiResult<Response> {
    let mut st = app.store();
    st.require(uid, "updateApp", &Target::none())?;
    check(app.chorus(), &body, "UpdateApp", "unable to update app; ")?;
    let name = body.name.clone();
    let id = body.id().unwrap_or(0);
    let view = app.view();
    match st.update_app(id, body) {
        Some(a) => Ok(reply::result("app", view.app(a, Vec::new()))),
        None => Err(says(
            Code::NotFound,
            StatusCode::NOT_FOUND,
            5,
            format!("unable to call 'UpdateApp': unable to update app; unable to update app {name}: sql: no rows in result set"),
        )),
    }
}

/// `DELETE /apps/{id}`: the soft delete, `{"result":{}}`; again on a deleted row too.
pub(crate) async fn delete(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    let mut st = app.store();
    st.require(uid, "deleteApp", &Target::none())?;
    let n = id.num("app")?;
    if !st.delete_app(n) {
        return Err(says(
            Code::NotFound,
            StatusCode::NOT_FOUND,
            5,
            format!("unable to call 'DeleteApp': unable to delete app: unable to get app {n}: database: no rows deleted"),
        ));
    }
    Ok(reply::ok(&json!({"result": {}})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BulkIn {
    #[serde(default)]
    apps: Vec<AppFields>,
}

impl BodySpec for BulkIn {}

/// `POST /apps/bulk {"apps":[…]}` → `{"apps":[…]}` (no `result` envelope): every app checked
/// first, then all written. An empty list makes a real CHORUS 0978bc77 index `apps[0]`, panic
/// and exit (its recovery handler logs with `Fatal`): here a loud log line and a 500.
pub(crate) async fn bulk(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<BulkIn>,
) -> ApiResult<Response> {
    let mut st = app.store();
    st.require(uid, "createApp", &Target::none())?;
    if body.apps.is_empty() {
        eprintln!(
            "devserver: !!! POST /api/rest/v1/apps/bulk with an empty list: a real CHORUS \
             0978bc77 panics on it and its whole process exits; answering 500 instead"
        );
        return Err(internal(
            "unable to call 'BulkCreateApps': an empty list (a real CHORUS stops on it: its process exits)".into(),
        ));
    }
    for f in &body.apps {
        check(
            app.chorus(),
            f,
            "BulkCreateApps",
            "unable to bulk create apps: ",
        )?;
    }
    let view = app.view();
    let mut out = Vec::new();
    for f in body.apps {
        out.push(view.app(st.create_app(uid, f), Vec::new()));
    }
    Ok(reply::ok(&json!({ "apps": out })))
}
