//! `GET /approval-requests` (the caller's, filtered, sorted, paged) and
//! `GET /approval-requests/mine/count`.

use axum::extract::State;
use axum::response::Response;
use serde_json::json;

use super::out::{out, RequestOut};
use crate::error::ApiResult;
use crate::extract::{Caller, Params};
use crate::perms::Target;
use crate::reply::{self, Envelope, Keyed, Pagination, Sort};
use crate::routes::params::{
    bool_param, count_param, id_param, param_error, PAGE_DEFAULT_LIMIT, PAGE_MAX_LIMIT,
};
use crate::state::Shared;
use crate::store::approvals::{Kind, Request, Status};

/// A repeated enum filter: full names (`APPROVAL_REQUEST_STATUS_PENDING`) or numbers, as
/// grpc-gateway reads them; ours also the short name in any case (`pending`).
fn enum_param(
    app: &Shared,
    params: &Params,
    key: &str,
    prefix: &str,
    names: &[&str],
) -> ApiResult<Vec<String>> {
    let mut out = Vec::new();
    for v in params.all(key) {
        let found = names.iter().enumerate().find(|(i, name)| {
            v == format!("{prefix}{name}")
                || v == i.to_string()
                || (!app.chorus() && v.eq_ignore_ascii_case(name))
        });
        match found {
            Some((_, name)) => out.push(format!("{prefix}{name}")),
            None => {
                return Err(param_error(
                    app,
                    key,
                    format!("parsing field \"{key}\": {v} is not a valid enum value"),
                    &format!("unknown value {v}: one of {}", names.join(", ")),
                ))
            }
        }
    }
    Ok(out)
}

const STATUS_NAMES: &[&str] = &[
    "UNSPECIFIED",
    "PENDING",
    "APPROVED",
    "REJECTED",
    "CANCELLED",
];
const TYPE_NAMES: &[&str] = &["UNSPECIFIED", "DATA_EXTRACTION", "DATA_TRANSFER"];

type Column = fn(&Request, &Request) -> std::cmp::Ordering;

/// Text as a database with a natural-language collation sorts it: letters before case.
fn text(a: &str, b: &str) -> std::cmp::Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| a.cmp(b))
}

/// `IsValidSortType` of the approval-request model (another type is ignored).
const COLUMNS: &[(&str, Column)] = &[
    ("id", |a, b| a.id.cmp(&b.id)),
    ("type", |a, b| a.kind.model().cmp(b.kind.model())),
    ("status", |a, b| a.status.model().cmp(b.status.model())),
    ("title", |a, b| text(&a.title, &b.title)),
    ("createdat", |a, b| a.created_at.cmp(&b.created_at)),
    ("updatedat", |a, b| a.updated_at.cmp(&b.updated_at)),
    ("approvedat", |a, b| a.approved_at.cmp(&b.approved_at)),
];

/// `GET /approval-requests`: only the caller's (as requester or approver), whatever the
/// permission; filters, sort and page as api.md says.
pub(crate) async fn list(
    State(app): State<Shared>,
    Caller(uid): Caller,
    params: Params,
) -> ApiResult<Response> {
    let workspace = id_param(&app, &params, "filter.workspaceId")?;
    let approver = id_param(&app, &params, "filter.approverId")?;
    let requester = id_param(&app, &params, "filter.requesterId")?;
    let pending = bool_param(&app, &params, "filter.pendingApproval")?;
    let statuses = enum_param(
        &app,
        &params,
        "filter.statusesIn",
        "APPROVAL_REQUEST_STATUS_",
        STATUS_NAMES,
    )?;
    let types = enum_param(
        &app,
        &params,
        "filter.typesIn",
        "APPROVAL_REQUEST_TYPE_",
        TYPE_NAMES,
    )?;
    let offset = count_param(&app, &params, "pagination.offset")?;
    let limit = count_param(&app, &params, "pagination.limit")?;
    let ask = params.sort_ask(app.config.flavor)?;
    let st = app.store();
    if app.chorus() {
        if requester == uid || approver == uid {
            st.require(uid, "listMyRequests", &Target::none())?;
        } else {
            st.require(uid, "listRequests", &Target::workspace(workspace))?;
        }
    }
    let mut rows: Vec<&Request> = st
        .approvals
        .requests
        .values()
        .filter(|r| r.involves(uid))
        .filter(|r| workspace == 0 || r.source == workspace || r.destination == Some(workspace))
        .filter(|r| approver == 0 || r.approvers.values().any(|ids| ids.contains(&approver)))
        .filter(|r| requester == 0 || r.requester == requester)
        .filter(|r| !pending || r.status == Status::Pending)
        .filter(|r| statuses.is_empty() || statuses.iter().any(|s| s == r.status.wire()))
        .filter(|r| types.is_empty() || types.iter().any(|t| t == r.kind.wire()))
        .collect();
    let (column, cmp) = ask
        .as_ref()
        .and_then(|a| COLUMNS.iter().find(|(name, _)| *name == a.kind))
        .copied()
        .unwrap_or(COLUMNS[4]);
    let descending = ask.as_ref().is_some_and(|a| a.descending);
    rows.sort_by(|a, b| {
        let o = cmp(a, b).then_with(|| a.id.cmp(&b.id));
        if descending {
            o.reverse()
        } else {
            o
        }
    });
    let total = rows.len();
    // A page only when asked for one (else every row, `limit` 0); its limit 20 when none or
    // one above 100 is asked.
    let paged = offset.is_some() || limit.is_some();
    let offset = offset.unwrap_or(0);
    let limit = match limit {
        _ if !paged => 0,
        Some(l) if (1..=PAGE_MAX_LIMIT).contains(&l) => l,
        _ => PAGE_DEFAULT_LIMIT,
    };
    let page: Vec<RequestOut> = rows
        .into_iter()
        .skip(offset)
        .take(if paged { limit } else { usize::MAX })
        .map(|r| out(&app, r))
        .collect();
    Ok(reply::ok(&Envelope {
        result: Keyed("approvalRequests", page),
        // A running CHORUS sends no `pagination` for a list that asked for no page.
        pagination: (paged || !app.chorus()).then(|| Pagination {
            total,
            offset,
            limit,
            sort: Some(Sort {
                order: if descending { "DESC" } else { "ASC" }.into(),
                kind: column.into(),
            }),
        }),
    }))
}

/// `GET /approval-requests/mine/count`: the caller's requests (as requester or approver),
/// counted; every number a uint64 string, the keys the model's values.
pub(crate) async fn count_mine(
    State(app): State<Shared>,
    Caller(uid): Caller,
) -> ApiResult<Response> {
    let st = app.store();
    if app.chorus() {
        st.require(uid, "listMyRequests", &Target::none())?;
    }
    let mine: Vec<&Request> = st
        .approvals
        .requests
        .values()
        .filter(|r| r.involves(uid))
        .collect();
    let n = |f: &dyn Fn(&Request) -> bool| mine.iter().filter(|r| f(r)).count().to_string();
    let status = |s: Status| n(&|r: &Request| r.status == s);
    let kind = |k: Kind| n(&|r: &Request| r.kind == k);
    Ok(reply::ok(&json!({"result": {
        "total": mine.len().to_string(),
        "totalApprover": n(&|r: &Request| r.is_approver(uid)),
        "totalRequester": n(&|r: &Request| r.requester == uid),
        "countByStatus": {
            "pending": status(Status::Pending),
            "approved": status(Status::Approved),
            "rejected": status(Status::Rejected),
            "cancelled": "0",
        },
        "countByType": {
            "data_extraction": kind(Kind::Extraction),
            "data_transfer": kind(Kind::Transfer),
        },
    }})))
}
