//! `/apps` and `/app-instances`.

use std::time::SystemTime;

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::{BodySpec, Caller, Id, JsonBody, OptId, Params};
use crate::perms::Target;
use crate::reply;
use crate::state::Shared;
use crate::store::{AppInstance, Store};

use super::DEFAULT_LIMIT;

pub(crate) async fn list_apps(
    State(app): State<Shared>,
    Caller(uid): Caller,
) -> ApiResult<Response> {
    let st = app.store();
    st.require(uid, "listApps", &Target::none())?;
    let view = app.view();
    let apps: Vec<_> = st.apps.iter().map(|a| view.app(a)).collect();
    Ok(reply::result("apps", apps))
}

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
    for id in &wb_filter {
        if let Some(wb) = st.workbenches.get(id) {
            st.require(
                uid,
                "listAppInstances",
                &Target::workbench(wb.workspace_id, wb.id),
            )?;
        }
    }
    let items: Vec<_> = st
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
        .map(|i| view.instance(i))
        .collect();
    Ok(reply::page("appInstances", items, paging))
}

/// Looks an app instance up and checks `perm` on its session.
pub(crate) fn instance_for<'s>(
    st: &'s Store,
    uid: u64,
    id: &Id,
    perm: &str,
) -> ApiResult<&'s AppInstance> {
    let iid = id.num("app instance")?;
    let inst = st
        .instances
        .get(&iid)
        .ok_or_else(|| ApiError::not_found("app instance", &id.raw))?;
    st.require(
        uid,
        perm,
        &Target::workbench(inst.workspace_id, inst.workbench_id),
    )?;
    Ok(inst)
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
}

impl BodySpec for NewInstance {}

pub(crate) async fn create_instance(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<NewInstance>,
) -> ApiResult<Response> {
    let mut st = app.store();
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
    inst.status = "deleted".into();
    inst.k8s_state = "Killed";
    inst.updated_at = SystemTime::now();
    Ok(reply::result("appInstance", app.view().instance(&inst)))
}
