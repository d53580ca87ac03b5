//! `/app-instances` (the catalogue, `/apps`, is `app_catalogue/`).

use std::time::SystemTime;

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::{BodySpec, Caller, Id, JsonBody, OptId, Params};
use crate::order;
use crate::perms::Target;
use crate::reply;
use crate::state::{lock, Shared};
use crate::store::{AppInstance, Store};

use super::lookup::instance_for;
use super::params::DEFAULT_LIMIT;

pub(crate) async fn list_instances(
    State(app): State<Shared>,
    Caller(uid): Caller,
    params: Params,
) -> ApiResult<Response> {
    let paging = params.paging(app.config.flavor, DEFAULT_LIMIT)?;
    let view = app.view();
    let wb_filter = params.ids("filter.workbenchIdsIn")?;
    let ws_filter = params.ids("filter.workspaceIdsIn")?;
    let st = app.store();
    if app.chorus() {
        let key = super::user_cache::list_key(&params);
        return chorus_list(&app, &st, uid, (wb_filter, ws_filter), paging, key);
    }
    for id in &wb_filter {
        if let Some(wb) = st.workbenches.get(id) {
            st.require(
                uid,
                "listAppInstances",
                &Target::workbench(wb.workspace_id, wb.id),
            )?;
        }
    }
    let mut rows: Vec<&AppInstance> = st
        .instances
        .values()
        .filter(|i| wb_filter.is_empty() || wb_filter.contains(&i.workbench_id))
        .filter(|i| ws_filter.is_empty() || ws_filter.contains(&i.workspace_id))
        .filter(|i| {
            st.allowed(
                uid,
                "listAppInstances",
                &Target::workbench(i.workspace_id, i.workbench_id),
            )
        })
        .collect();
    let sorted = order::arrange(&mut rows, paging.sort(), false);
    let items: Vec<_> = rows.into_iter().map(|i| view.instance(i)).collect();
    Ok(reply::page("appInstances", items, &paging, sorted))
}

/// internal/api/v1/middleware/app-instance-authorization.go ListAppInstances: `listAppInstances`,
/// then `getWorkbench` on each filtered session (403 `not authorized to access workbench N`),
/// else the sessions the token grants `getWorkbench` on; `deleted` instances are not listed.
/// The same request within the second answers what it answered (`ListAppInstances`' cache,
/// `pkg/workbench/service/middleware/caching.go`, 0978bc77), a create or a delete since or not.
fn chorus_list(
    app: &Shared,
    st: &Store,
    uid: u64,
    (wb_filter, ws_filter): (Vec<u64>, Vec<u64>),
    paging: crate::reply::Paging,
    request: String,
) -> ApiResult<Response> {
    st.require(uid, "listAppInstances", &Target::none())?;
    let scope = if wb_filter.is_empty() {
        let scope = st.ids_with(uid, "getWorkbench", "workbench");
        if scope.as_ref().is_some_and(Vec::is_empty) {
            // No context: at once, without `pagination` (fixtures/chorus/admin_lists.json).
            return Ok(reply::result("appInstances", Vec::<()>::new()));
        }
        scope
    } else {
        for id in &wb_filter {
            let t = Target {
                workbench: Some(*id),
                ..Target::none()
            };
            if !st.allowed(uid, "getWorkbench", &t) {
                return Err(ApiError::gateway(
                    crate::error::Code::PermissionDenied,
                    axum::http::StatusCode::FORBIDDEN,
                    7,
                    format!("not authorized to access workbench {id}"),
                ));
            }
        }
        Some(wb_filter)
    };
    let key = format!("{scope:?} {request}");
    let cached = lock(&app.instance_lists).get(&key);
    if let Some((items, sorted)) = cached {
        return Ok(reply::page("appInstances", items, &paging, sorted));
    }
    let view = app.view();
    let mut rows: Vec<&AppInstance> = st
        .instances
        .values()
        .filter(|i| i.status != "deleted")
        .filter(|i| scope.as_ref().is_none_or(|s| s.contains(&i.workbench_id)))
        .filter(|i| ws_filter.is_empty() || ws_filter.contains(&i.workspace_id))
        .collect();
    let sorted = order::arrange(&mut rows, paging.sort(), true);
    let items: Vec<serde_json::Value> = rows
        .into_iter()
        .map(|i| serde_json::to_value(view.instance(i)).unwrap_or(serde_json::Value::Null))
        .collect();
    lock(&app.instance_lists).keep(key, &items, &sorted);
    Ok(reply::page("appInstances", items, &paging, sorted))
}

/// `POST /api/dev/app-instance-list-cache?ms=…`: how long the chorus flavor's
/// `ListAppInstances` cache keeps a page (1,000 as on CHORUS; 0: none; a reset sets it back).
/// → `{"ttlMs": n}`.
pub(crate) async fn set_list_ttl(State(app): State<Shared>, params: Params) -> ApiResult<Response> {
    super::user_cache::set_list_cache_ttl(&app.instance_lists, &params)
}

pub(crate) async fn get_instance(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    let st = app.store();
    let inst = instance_for(&st, uid, &id, "getAppInstance")?;
    Ok(reply::result("appInstance", app.view().instance(inst)))
}

/// `POST /app-instances`: api.md's fields.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct NewInstance {
    #[serde(default, rename = "tenantId")]
    _tenant_id: OptId,
    #[serde(default, rename = "userId")]
    _user_id: OptId,
    #[serde(default)]
    workspace_id: OptId,
    #[serde(default)]
    workbench_id: OptId,
    #[serde(default)]
    app_id: OptId,
    /// CHORUS's converter needs one of its statuses (`active`, `inactive`, `deleted`,
    /// `unknown`); the console sends `active`.
    status: Option<String>,
}

const INSTANCE_STATUSES: [&str; 4] = ["active", "inactive", "deleted", "unknown"];

impl BodySpec for NewInstance {}

pub(crate) async fn create_instance(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<NewInstance>,
) -> ApiResult<Response> {
    let mut st = app.store();
    if app.chorus() {
        // app-instance-authorization.go CreateAppInstance, then app-instance-controller.go:
        // the permission on the body's session, then the conversion of `status`.
        let wb = body.workbench_id.0.unwrap_or(0);
        let t = Target {
            workbench: Some(wb),
            ..Target::none()
        };
        st.require(uid, "createAppInstance", &t)?;
        if !INSTANCE_STATUSES.contains(&body.status.as_deref().unwrap_or("")) {
            return Err(ApiError::new(
                crate::error::Code::Conversion,
                "Failed to convert appInstance",
            ));
        }
    }
    let wb_id = body.workbench_id.required("workbenchId")?;
    let wb_ws = st
        .workbenches
        .get(&wb_id)
        .map(|wb| wb.workspace_id)
        .ok_or_else(|| ApiError::not_found("workbench", &wb_id.to_string()))?;
    st.require(uid, "createAppInstance", &Target::workbench(wb_ws, wb_id))?;
    let mut errs = Vec::new();
    match body.app_id.0 {
        None => errs.push(FieldError::new("appId", "is required")),
        Some(a) if !st.apps.iter().any(|x| x.id == a) => {
            errs.push(FieldError::new("appId", format!("unknown app '{a}'")))
        }
        Some(_) => {}
    }
    if let Some(s) = body
        .status
        .as_deref()
        .filter(|s| !s.is_empty() && !INSTANCE_STATUSES.contains(s))
    {
        errs.push(FieldError::new(
            "status",
            format!("unknown status '{s}' (active, inactive, deleted or unknown)"),
        ));
    }
    if let Some(ws) = body.workspace_id.0.filter(|ws| *ws != wb_ws) {
        errs.push(FieldError::new(
            "workspaceId",
            format!("workbench {wb_id} is in workspace {wb_ws}, not {ws}"),
        ));
    }
    ApiError::check(errs)?;
    let iid = st
        .create_instance(uid, wb_id, body.app_id.0.unwrap_or_default())
        .ok_or_else(|| ApiError::internal("could not create the app instance"))?;
    let inst = st
        .instances
        .get(&iid)
        .ok_or_else(|| ApiError::internal("the new app instance vanished"))?;
    Ok(reply::result("appInstance", app.view().instance(inst)))
}

pub(crate) async fn delete_instance(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    let mut st = app.store();
    let iid = instance_for(&st, uid, &id, "deleteAppInstance")?.id;
    let mut inst = st
        .instances
        .remove(&iid)
        .ok_or_else(|| ApiError::not_found("app instance", &id.raw))?;
    if app.chorus() {
        // CHORUS answers the row with `k8sState` `Stopped`, its status and times as they were
        // (fixtures/chorus/admin_lists.json).
        inst.k8s_state = "Stopped";
    } else {
        inst.status = "deleted".into();
        inst.k8s_state = "Killed";
        inst.updated_at = SystemTime::now();
    }
    Ok(reply::result("appInstance", app.view().instance(&inst)))
}
