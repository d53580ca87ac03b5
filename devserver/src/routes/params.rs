//! Query parameters as the route files read them, in one place: grpc-gateway's parsing (and
//! its bare 400 in the CHORUS flavor, ours naming the parameter), ids, counts, booleans, and
//! the page of CHORUS's `BuildPaginationClause`.

use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

use crate::error::{ApiError, ApiResult, Code, FieldError};
use crate::extract::Params;
use crate::reply::{self, Envelope, Keyed, Pagination, Sort};
use crate::state::Shared;

/// Default page size of workspaces, workbenches and app instances.
pub(crate) const DEFAULT_LIMIT: usize = 100;

/// CHORUS's page size when a page is asked without a limit (or with one above 100).
pub(crate) const PAGE_DEFAULT_LIMIT: usize = 20;
pub(crate) const PAGE_MAX_LIMIT: usize = 100;

/// A query parameter's error: grpc-gateway's bare 400 (CHORUS) or ours naming it.
pub(crate) fn param_error(app: &Shared, key: &str, gateway: String, ours: &str) -> ApiError {
    if app.chorus() {
        ApiError::gateway(Code::InvalidRequest, StatusCode::BAD_REQUEST, 3, gateway)
    } else {
        ApiError::validation(vec![FieldError::new(key, ours)])
    }
}

/// An id filter (`0` or absent: none).
pub(crate) fn id_param(app: &Shared, params: &Params, key: &str) -> ApiResult<u64> {
    match params.get(key).map(str::trim) {
        None | Some("") => Ok(0),
        Some(v) => v.parse().map_err(|_| {
            param_error(
                app,
                key,
                format!(
                    "parsing field \"{key}\": strconv.ParseUint: parsing \"{v}\": invalid syntax"
                ),
                "must be an id",
            )
        }),
    }
}

/// A count (`pagination.offset`, `pagination.limit`); `None` when absent.
pub(crate) fn count_param(app: &Shared, params: &Params, key: &str) -> ApiResult<Option<usize>> {
    match params.get(key).map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| {
            param_error(
                app,
                key,
                format!("parsing field \"{key}\": strconv.ParseUint: invalid syntax"),
                "must be a whole number, 0 or more",
            )
        }),
    }
}

/// A boolean query parameter as grpc-gateway reads it (`strconv.ParseBool`).
pub(crate) fn bool_param(app: &Shared, params: &Params, key: &str) -> ApiResult<bool> {
    match params.get(key).unwrap_or("") {
        "" | "0" | "f" | "F" | "false" | "FALSE" | "False" => Ok(false),
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok(true),
        other if app.chorus() => Err(ApiError::gateway(
            Code::InvalidRequest,
            StatusCode::BAD_REQUEST,
            3,
            format!(
                "parsing field \"{key}\": strconv.ParseBool: parsing \"{other}\": invalid syntax"
            ),
        )),
        _ => Err(ApiError::validation(vec![FieldError::new(
            key,
            "must be true or false",
        )])),
    }
}

/// A page as CHORUS's `BuildPaginationClause` makes it: no parameters, every row (the reply's
/// `limit` 0); a limit of 0 or above 100 is 20.
pub(crate) struct Page {
    pub offset: usize,
    pub limit: usize,
    pub paged: bool,
    pub descending: bool,
    pub sort_type: Option<String>,
}

impl Page {
    pub fn of(app: &Shared, params: &Params) -> ApiResult<Page> {
        let offset = count_param(app, params, "pagination.offset")?;
        let limit = count_param(app, params, "pagination.limit")?;
        let ask = params.sort_ask(app.config.flavor)?;
        let paged = offset.is_some() || limit.is_some();
        let limit = match limit {
            _ if !paged => 0,
            Some(l) if (1..=PAGE_MAX_LIMIT).contains(&l) => l,
            _ => PAGE_DEFAULT_LIMIT,
        };
        Ok(Page {
            offset: offset.unwrap_or(0),
            limit,
            paged,
            descending: ask.as_ref().is_some_and(|a| a.descending),
            sort_type: ask.map(|a| a.kind.to_ascii_lowercase()),
        })
    }

    /// `{"result":{key:[…]},"pagination":{…,"sort":{"order","type"}}}` of `rows` (already in
    /// order), `column` the sort column used.
    pub fn reply<T: Serialize>(&self, key: &str, rows: Vec<T>, column: &str) -> Response {
        let total = rows.len();
        let page: Vec<T> = rows
            .into_iter()
            .skip(self.offset)
            .take(if self.paged { self.limit } else { usize::MAX })
            .collect();
        reply::ok(&Envelope {
            result: Keyed(key, page),
            pagination: Some(Pagination {
                total,
                offset: self.offset,
                limit: self.limit,
                sort: Some(Sort {
                    order: if self.descending { "DESC" } else { "ASC" }.into(),
                    kind: column.into(),
                }),
            }),
        })
    }
}
