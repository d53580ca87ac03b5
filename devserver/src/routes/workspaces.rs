//! `/workspaces`.

use std::time::SystemTime;

use axum::extract::State;
use axum::response::Response;
use serde::de::IgnoredAny;
use serde::Deserialize;

use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::{BodySpec, Caller, Id, JsonBody, OptId, Params};
use crate::order;
use crate::perms::Target;
use crate::reply;
use crate::state::Shared;
use crate::store::{Workspace, TENANT};
use crate::validate::{optional_text, required_text, slug};

use super::params::DEFAULT_LIMIT;

pub(crate) async fn list(
    State(app): State<Shared>,
    Caller(uid): Caller,
    params: Params,
) -> ApiResult<Response> {
    let paging = params.paging(app.config.flavor, DEFAULT_LIMIT)?;
    let view = app.view();
    let mut st = app.store();
    // CHORUS (workspace-authorization.go ListWorkspaces) checks no listWorkspaces: it lists
    // the workspaces the token grants getWorkspace in, from its one-second cache, by page and
    // by that filter (store/workspace_cache.rs).
    if !app.chorus() {
        st.require(uid, "listWorkspaces", &Target::none())?;
    }
    let filter = app
        .chorus()
        .then(|| st.ids_with(uid, "getWorkspace", "workspace"));
    if filter
        .as_ref()
        .is_some_and(|f| f.as_ref().is_some_and(Vec::is_empty))
    {
        // No context at all: CHORUS answers at once, without `pagination` even if asked
        // (seen on a running CHORUS 0978bc77: fixtures/chorus/admin_lists.json).
        return Ok(reply::result("workspaces", Vec::<()>::new()));
    }
    let key = filter.map(|filter| format!("{paging:?} {filter:?}"));
    if let Some((rows, sorted)) = key.as_deref().and_then(|k| st.workspace_cache.list(k)) {
        let items: Vec<_> = rows.iter().map(|w| view.workspace(w)).collect();
        return Ok(reply::page("workspaces", items, &paging, sorted));
    }
    let mut rows: Vec<&Workspace> = st
        .workspaces
        .values()
        .filter(|w| w.status != "deleted")
        .filter(|w| st.allowed(uid, "getWorkspace", &Target::workspace(w.id)))
        .collect();
    let sorted = order::arrange(&mut rows, paging.sort(), app.chorus());
    let items: Vec<_> = rows.iter().map(|w| view.workspace(w)).collect();
    if let Some(key) = key {
        let kept = rows.into_iter().cloned().collect();
        st.workspace_cache.keep_list(key, (kept, sorted.clone()));
    }
    Ok(reply::page("workspaces", items, &paging, sorted))
}

pub(crate) async fn get(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    let wid = id.num("workspace")?;
    let mut st = app.store();
    if app.chorus() {
        // GetWorkspace: the permission before the lookup, then CHORUS's one-second cache.
        st.require(uid, "getWorkspace", &Target::workspace(wid))?;
        let w = match st.workspace_cache.workspace(wid) {
            Some(w) => w,
            None => {
                let w = st
                    .workspaces
                    .get(&wid)
                    .cloned()
                    .ok_or_else(|| ApiError::not_found("workspace", &id.raw))?;
                st.workspace_cache.keep_workspace(&w);
                w
            }
        };
        return Ok(reply::result("workspace", app.view().workspace(&w)));
    }
    let w = st
        .workspaces
        .get(&wid)
        .ok_or_else(|| ApiError::not_found("workspace", &id.raw))?;
    st.require(uid, "getWorkspace", &Target::workspace(wid))?;
    Ok(reply::result("workspace", app.view().workspace(w)))
}

/// `POST /workspaces`: api.md's fields, and the ones of CHORUS's `Workspace` a client may echo.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct NewWorkspace {
    name: Option<String>,
    short_name: Option<String>,
    description: Option<String>,
    #[serde(default, rename = "tenantId")]
    _tenant_id: OptId,
    #[serde(default, rename = "userId")]
    _user_id: OptId,
    #[serde(rename = "status")]
    _status: Option<IgnoredAny>,
}

impl BodySpec for NewWorkspace {}

pub(crate) async fn create(
    State(app): State<Shared>,
    Caller(uid): Caller,
    headers: axum::http::HeaderMap,
    JsonBody(body): JsonBody<NewWorkspace>,
) -> ApiResult<Response> {
    let mut st = app.store();
    st.require(uid, "createWorkspace", &Target::none())?;
    let mut errs = Vec::new();
    let name = required_text(body.name.as_deref(), "name", 100, &mut errs);
    let short = optional_text(body.short_name.as_deref(), "shortName", 32, &mut errs);
    let description = optional_text(body.description.as_deref(), "description", 2000, &mut errs)
        .unwrap_or_default();
    if let Some(s) = &short {
        let ok = (2..=32).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !ok {
            errs.push(FieldError::new(
                "shortName",
                "must be 2–32 characters of a-z, 0-9 and '-'",
            ));
        }
    }
    ApiError::check(errs)?;
    let name = name.unwrap_or_default();
    // CHORUS invents no short name (seen on a running CHORUS 0978bc77: `"shortName":""`).
    let short = short.filter(|s| !s.is_empty()).unwrap_or_else(|| {
        if app.chorus() {
            String::new()
        } else {
            slug(&name)
        }
    });
    if !short.is_empty() && st.workspaces.values().any(|w| w.short_name == short) {
        return Err(ApiError::already_exists(format!(
            "a workspace with short name '{short}' already exists"
        )));
    }
    let id = st.workspaces.keys().max().copied().unwrap_or(0) + 1;
    let now = SystemTime::now();
    let w = Workspace {
        id,
        tenant_id: TENANT,
        user_id: uid,
        name,
        short_name: short,
        description,
        status: "active".into(),
        created_at: now,
        updated_at: now,
        settings: Default::default(),
    };
    let out = app.view().workspace(&w);
    st.workspaces.insert(id, w);
    if app.chorus() {
        // pkg/workspace/service/workspace-service.go CreateWorkspace (with CreatorIsAdmin):
        // WorkspaceAdmin and WorkspaceDataManager of the new workspace (both seen on a running
        // CHORUS 0978bc77); then TriggerRefreshToken (workspace-authorization.go): the new roles
        // are in the new cookie.
        for role in ["WorkspaceAdmin", "WorkspaceDataManager"] {
            let ctx = [("workspace".to_string(), id.to_string())].into();
            st.grant(uid, role, ctx);
        }
        st.roles_changed(uid);
        drop(st);
        let mut resp = reply::result("workspace", out);
        let cookie = super::login_cookie::refreshed_cookie(&app, &headers)?;
        resp.headers_mut()
            .insert(axum::http::header::SET_COOKIE, cookie);
        return Ok(resp);
    }
    if !st.allowed(uid, "getWorkspace", &Target::workspace(id)) {
        let ctx = [("workspace".to_string(), id.to_string())].into();
        let _ = st.add_assignment(uid, "WorkspaceAdmin".into(), ctx);
        st.roles_changed(uid);
    }
    Ok(reply::result("workspace", out))
}
