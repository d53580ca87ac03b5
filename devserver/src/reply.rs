//! JSON replies: the `{"result": {key: …}}` envelope, list pages, plain bodies.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// A compliance message received, for the request log: a file route puts it on its reply,
/// `mw::outer` takes it off.
#[derive(Clone, Debug)]
pub(crate) struct ComplianceNote(pub String);

/// A JSON reply (never cached).
pub(crate) fn json<T: Serialize + ?Sized>(status: StatusCode, body: &T) -> Response {
    let bytes = match serde_json::to_vec(body) {
        Ok(b) => b,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let mut resp = (status, bytes).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// `200` with a JSON body.
pub(crate) fn ok<T: Serialize + ?Sized>(body: &T) -> Response {
    json(StatusCode::OK, body)
}

pub(crate) fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// An object with one member whose name is chosen at run time: `{"workbench": …}`.
pub(crate) struct Keyed<'a, T>(pub &'a str, pub T);

impl<T: Serialize> Serialize for Keyed<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry(self.0, &self.1)?;
        m.end()
    }
}

/// `{"total","offset","limit"}` of a list reply (CHORUS adds `sort`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Pagination {
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<Sort>,
}

/// CHORUS's `sort` of a page: the column it sorted by and `ASC`/`DESC`, both empty when it
/// did not sort (`src/order.rs`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub(crate) struct Sort {
    pub order: String,
    #[serde(rename = "type")]
    pub kind: String,
}

/// The order a list request asks for: `pagination.sort.type` as sent and whether
/// `pagination.sort.order` is `desc`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SortAsk {
    pub kind: String,
    pub descending: bool,
}

/// Which rows of a list a reply carries.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Paging {
    /// Every row, and no `pagination` object.
    All,
    /// One page, and `pagination` (with `sort` when `echo_sort`).
    Page {
        offset: usize,
        limit: usize,
        sort: Option<SortAsk>,
        echo_sort: bool,
    },
}

impl Paging {
    /// The order asked for, if any.
    pub(crate) fn sort(&self) -> Option<&SortAsk> {
        match self {
            Paging::All => None,
            Paging::Page { sort, .. } => sort.as_ref(),
        }
    }
}

/// `{"result": {key: value}}`, plus `"pagination"` for a list page.
#[derive(Serialize)]
pub(crate) struct Envelope<'a, T> {
    pub result: Keyed<'a, T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
}

impl<'a, T: Serialize> Envelope<'a, T> {
    pub fn new(key: &'a str, value: T) -> Self {
        Envelope {
            result: Keyed(key, value),
            pagination: None,
        }
    }
}

/// `200 {"result": {}}`
pub(crate) fn empty_result() -> Response {
    #[derive(Serialize)]
    struct Empty {}
    #[derive(Serialize)]
    struct EmptyEnvelope {
        result: Empty,
    }
    ok(&EmptyEnvelope { result: Empty {} })
}

/// `200 {"result": {key: value}}`
pub(crate) fn result<T: Serialize>(key: &str, value: T) -> Response {
    ok(&Envelope::new(key, value))
}

/// `200 {"result": {key: [rows]}}`, plus `"pagination"` for a page of `items` (in the order
/// they come: `order::arrange`, which gives the `sorted` echoed).
pub(crate) fn page<T: Serialize>(
    key: &str,
    items: Vec<T>,
    paging: &Paging,
    sorted: Sort,
) -> Response {
    match paging {
        Paging::All => result(key, items),
        Paging::Page {
            offset,
            limit,
            echo_sort,
            ..
        } => {
            let total = items.len();
            let page: Vec<T> = items.into_iter().skip(*offset).take(*limit).collect();
            ok(&Envelope {
                result: Keyed(key, page),
                pagination: Some(Pagination {
                    total,
                    offset: *offset,
                    limit: *limit,
                    sort: echo_sort.then_some(sorted),
                }),
            })
        }
    }
}
