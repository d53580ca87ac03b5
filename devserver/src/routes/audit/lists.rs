//! The five lists of the audit log: the platform's, a workspace's, a session's, a user's
//! (as target) and an actor's; filtered, sorted by `createdat`, paged as CHORUS does.

use std::time::SystemTime;

use axum::extract::State;
use axum::response::Response;

use super::entry::{out, EntryOut};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Caller, Id, Params};
use crate::perms::Target;
use crate::routes::params::{id_param, Page};
use crate::state::Shared;
use crate::store::audit::{Entry, Filter};

/// A `filter.fromTime`/`toTime`: RFC 3339; another is `400 invalid filter: …`.
fn time_param(params: &Params, key: &str, name: &str) -> ApiResult<Option<SystemTime>> {
    match params.get(key).map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc3339)
            .map(|t| Some(SystemTime::from(t)))
            .map_err(|e| {
                // A running CHORUS (0978bc77): grpc-gateway refuses it before the service, bare.
                ApiError::invalid(format!(
                    "invalid filter: unable to convert {name} timestamp: {v}: {e}"
                ))
                .chorus_bare(&format!(
                    "parsing field \"{name}\": parsing time \"{v}\" as \"2006-01-02T15:04:05.999999999Z07:00\": cannot parse \"{v}\" as \"2006\""
                ))
            }),
    }
}

/// The `filter.*` parameters.
fn filter_of(app: &Shared, params: &Params) -> ApiResult<Filter> {
    Ok(Filter {
        actor_id: id_param(app, params, "filter.actorId")?,
        workspace_id: id_param(app, params, "filter.workspaceId")?,
        workbench_id: id_param(app, params, "filter.workbenchId")?,
        user_id: id_param(app, params, "filter.userId")?,
        action: params
            .get("filter.action")
            .map(str::trim)
            .unwrap_or("")
            .to_string(),
        from: time_param(params, "filter.fromTime", "fromTime")?,
        to: time_param(params, "filter.toTime", "toTime")?,
    })
}

/// The reply of a list: the entries `filter` selects, by `createdat` (the only sort type CHORUS
/// takes; another is ignored), ascending unless `desc` (then newest first), ties by id.
fn list_reply(app: &Shared, params: &Params, filter: &Filter) -> ApiResult<Response> {
    let page = Page::of(app, params)?;
    let st = app.store();
    let mut rows: Vec<&Entry> = st.audit.select(filter);
    rows.sort_by(|a, b| {
        let o = a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id));
        if page.descending {
            o.reverse()
        } else {
            o
        }
    });
    let column = match page.sort_type.as_deref() {
        Some("createdat") => "createdat",
        _ => "",
    };
    let rows: Vec<EntryOut> = rows.into_iter().map(|e| out(app, e)).collect();
    Ok(page.reply("entries", rows, column))
}

/// Parses the filter before the permission (CHORUS's middleware reads the request first only
/// for its path; grpc-gateway parses the query before anything).
pub(crate) async fn platform(
    State(app): State<Shared>,
    Caller(uid): Caller,
    params: Params,
) -> ApiResult<Response> {
    let filter = filter_of(&app, &params)?;
    app.store().require(uid, "auditPlatform", &Target::none())?;
    list_reply(&app, &params, &filter)
}

pub(crate) async fn workspace(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
    params: Params,
) -> ApiResult<Response> {
    let ws = id.num("workspace")?;
    let mut filter = filter_of(&app, &params)?;
    app.store()
        .require(uid, "auditWorkspace", &Target::workspace(ws))?;
    filter.workspace_id = ws;
    list_reply(&app, &params, &filter)
}

/// The target of `auditWorkbench` on session `wb`: CHORUS names the session only; ours its
/// workspace too (the session's, else the one its entries name, else none: `0`).
fn workbench_target(app: &Shared, wb: u64) -> Target {
    if app.chorus() {
        return Target {
            workbench: Some(wb),
            ..Target::default()
        };
    }
    let st = app.store_raw();
    let ws = st
        .workbenches
        .get(&wb)
        .map(|w| w.workspace_id)
        .or_else(|| {
            st.audit
                .entries
                .iter()
                .find(|e| e.workbench_id == wb && e.workspace_id != 0)
                .map(|e| e.workspace_id)
        })
        .unwrap_or(0);
    Target::workbench(ws, wb)
}

pub(crate) async fn workbench(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
    params: Params,
) -> ApiResult<Response> {
    let wb = id.num("workbench")?;
    let mut filter = filter_of(&app, &params)?;
    let target = workbench_target(&app, wb);
    app.store().require(uid, "auditWorkbench", &target)?;
    filter.workbench_id = wb;
    list_reply(&app, &params, &filter)
}

/// Ours: `auditUser` is every logged-in user's (the implicit `Authenticated`), so on another
/// user it takes `auditPlatform` (CHORUS binds it to the caller's own id).
fn require_audit_user(app: &Shared, uid: u64, user: u64) -> ApiResult<()> {
    let st = app.store();
    if app.chorus() || user == uid {
        st.require(uid, "auditUser", &Target::user(user))
    } else {
        st.require(uid, "auditPlatform", &Target::none())
    }
}

/// `GET /audit/users/{id}`: entries whose target user is `id`.
pub(crate) async fn user(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
    params: Params,
) -> ApiResult<Response> {
    let target = id.num("user")?;
    let mut filter = filter_of(&app, &params)?;
    if filter.workspace_id != 0 {
        app.store().require(
            uid,
            "auditWorkspace",
            &Target::workspace(filter.workspace_id),
        )?;
    } else if filter.workbench_id != 0 {
        let t = workbench_target(&app, filter.workbench_id);
        app.store().require(uid, "auditWorkbench", &t)?;
    } else {
        require_audit_user(&app, uid, target)?;
    }
    filter.user_id = target;
    list_reply(&app, &params, &filter)
}

/// `GET /audit/actors/{id}`: what `id` did.
pub(crate) async fn actor(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
    params: Params,
) -> ApiResult<Response> {
    let actor = id.num("user")?;
    let mut filter = filter_of(&app, &params)?;
    require_audit_user(&app, uid, actor)?;
    filter.actor_id = actor;
    list_reply(&app, &params, &filter)
}
