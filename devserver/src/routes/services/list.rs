//! `GET /workspace-service-instances`, `GET /workspace-service-instances/{id}`,
//! `GET /workspace-service-instances/{id}/secrets`.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use crate::error::{ApiError, ApiResult, Code, FieldError};
use crate::extract::{Caller, Id, Params};
use crate::perms::Target;
use crate::reply::{self, Sort, SortAsk};
use crate::state::Shared;
use crate::store::services::Service;

use super::super::params::DEFAULT_LIMIT;
use super::{one, out, resolve_allowed};

const FILTER: &str = "filter.workspaceIdsIn";

/// The workspaces of `filter.workspaceIdsIn` (grpc-gateway's 400 for one that is not a
/// number, in the CHORUS flavor).
fn filter(app: &Shared, params: &Params) -> ApiResult<Vec<u64>> {
    if !app.chorus() {
        return params.ids(FILTER);
    }
    params
        .all(FILTER)
        .iter()
        .map(|v| {
            v.parse::<u64>().map_err(|_| {
                ApiError::gateway(
                    Code::InvalidRequest,
                    StatusCode::BAD_REQUEST,
                    3,
                    format!(
                        "parsing list \"workspace_ids_in\": strconv.ParseUint: parsing \"{v}\": invalid syntax"
                    ),
                )
            })
        })
        .collect()
}

/// `ListWorkspaceServiceInstances`: `getWorkspace` on each filtered workspace (403 `not
/// authorized to access workspace <id>`), else the instances of every workspace the caller may
/// get. `listWorkspaceServiceInstances` is never checked (CHORUS does not).
pub(crate) async fn list(
    State(app): State<Shared>,
    Caller(uid): Caller,
    params: Params,
) -> ApiResult<Response> {
    let wanted = filter(&app, &params)?;
    let chorus = app.chorus();
    // Service instances go through CHORUS's validation middleware, which words a limit above
    // 100 its own way.
    let too_big = params
        .get("pagination.limit")
        .and_then(|l| l.trim().parse::<usize>().ok())
        .is_some_and(|l| l > 100);
    let paging = if chorus && too_big {
        None
    } else {
        Some(params.paging(app.config.flavor, DEFAULT_LIMIT)?)
    };
    let st = app.store();
    for ws in &wanted {
        if !st.allowed(uid, "getWorkspace", &Target::workspace(*ws)) {
            let message = format!("not authorized to access workspace {ws}");
            return Err(ApiError::forbidden(&message).chorus_bare(&message));
        }
    }
    let Some(paging) = paging else {
        let mut e = ApiError::validation(vec![FieldError::new("pagination.limit", "max")]);
        e = e.chorus_bare(
            "unable to call 'ListWorkspaceServiceInstances': Validation error: Key: \
             'Pagination.Limit' Error:Field validation for 'Limit' failed on the 'max' tag",
        );
        return Err(e);
    };
    let mut rows: Vec<&Service> = st
        .services
        .rows
        .values()
        .filter(|s| {
            if wanted.is_empty() {
                st.allowed(uid, "getWorkspace", &Target::workspace(s.workspace_id))
            } else {
                wanted.contains(&s.workspace_id)
            }
        })
        .collect();
    let sorted = arrange(&mut rows, paging.sort(), chorus);
    let items: Vec<_> = rows.iter().map(|s| out(&app, s)).collect();
    Ok(reply::page(
        "workspaceServiceInstances",
        items,
        &paging,
        sorted,
    ))
}

type Column = fn(&Service, &Service) -> Ordering;

/// `IsValidSortType` of the model: `id, name, state, status, createdat`.
const COLUMNS: &[(&str, Column)] = &[
    ("id", |a, b| a.id.cmp(&b.id)),
    ("name", |a, b| a.name.cmp(&b.name)),
    ("state", |a, b| a.spec.state.cmp(&b.spec.state)),
    ("status", |a, b| a.status.cmp(&b.status)),
    ("createdat", |a, b| a.created_at.cmp(&b.created_at)),
];

/// The order of the reply. Unsorted, CHORUS's rows came by workspace and name (PostgreSQL
/// reads them through the unique index on `(workspaceid, name)`: seen on a running CHORUS
/// 0978bc77, fixtures/chorus/workspace_services.json `listFiltered`), ours by id; a sort asked
/// for (a column above) orders them by it and is echoed.
fn arrange(rows: &mut [&Service], ask: Option<&SortAsk>, chorus: bool) -> Sort {
    if chorus {
        rows.sort_by(|a, b| (a.workspace_id, &a.name).cmp(&(b.workspace_id, &b.name)));
    } else {
        rows.sort_by_key(|s| s.id);
    }
    let Some(ask) = ask else {
        return Sort::default();
    };
    let Some((name, cmp)) = COLUMNS.iter().find(|(n, _)| *n == ask.kind) else {
        return Sort::default();
    };
    rows.sort_by(|a, b| {
        let o = cmp(a, b);
        if ask.descending {
            o.reverse()
        } else {
            o
        }
    });
    Sort {
        order: if ask.descending { "DESC" } else { "ASC" }.into(),
        kind: (*name).into(),
    }
}

/// `GetWorkspaceServiceInstance`: the lookup, then `getWorkspaceServiceInstance` on the
/// instance's workspace.
pub(crate) async fn get(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    let n = id.num("workspace service instance")?;
    let st = app.store();
    let s = resolve_allowed(&st, uid, n, "getWorkspaceServiceInstance")?;
    Ok(one(&app, &s))
}

/// `GetWorkspaceServiceInstanceSecrets`: the operator's secret, decoded, once it reported
/// one (`secretName`); `{}` before.
pub(crate) async fn secrets(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    let n = id.num("workspace service instance")?;
    let st = app.store();
    let s = resolve_allowed(&st, uid, n, "getWorkspaceServiceInstanceSecret")?;
    let secrets = if s.secret_name.is_empty() {
        BTreeMap::new()
    } else {
        s.secret.clone()
    };
    Ok(reply::result("secrets", secrets))
}
