//! Request and response plumbing: our own JSON body, query and path handling, so that axum's
//! plain-text rejections never reach a client.

use axum::body::Body;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use crate::error::{ApiError, ApiResult, FieldError};

/// Largest accepted request body.
pub const BODY_LIMIT: usize = 1 << 20;

/// Query pairs, repeated keys kept in order.
#[derive(Debug, Default, Clone)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    pub fn parse(query: Option<&str>) -> Params {
        Params(
            form_urlencoded::parse(query.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a repeatable key; `a=1&a=2`, `a=1,2` and `a[]=1` all work.
    pub fn all(&self, key: &str) -> Vec<String> {
        let bracket = format!("{key}[]");
        self.0
            .iter()
            .filter(|(k, _)| k == key || *k == bracket)
            .flat_map(|(_, v)| v.split(',').map(|s| s.trim().to_string()))
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// `pagination.offset` and `pagination.limit`; `default_limit` when absent or 0.
    pub fn pagination(&self, default_limit: usize) -> ApiResult<(usize, usize)> {
        let mut errs = Vec::new();
        let num = |key: &str, errs: &mut Vec<FieldError>| -> Option<usize> {
            let v = self.get(key)?;
            match v.trim().parse::<usize>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errs.push(FieldError::new(key, "must be a whole number, 0 or more"));
                    None
                }
            }
        };
        let offset = num("pagination.offset", &mut errs).unwrap_or(0);
        let limit = num("pagination.limit", &mut errs).unwrap_or(0);
        ApiError::check(errs)?;
        let limit = if limit == 0 {
            default_limit
        } else {
            limit.min(MAX_LIMIT)
        };
        Ok((offset, limit))
    }
}

pub const MAX_LIMIT: usize = 1000;

/// One page of `items` and the `pagination` object.
pub fn paginate<T>(items: Vec<T>, offset: usize, limit: usize) -> (Vec<T>, Value) {
    let total = items.len();
    let page: Vec<T> = items.into_iter().skip(offset).take(limit).collect();
    (
        page,
        serde_json::json!({"total": total, "offset": offset, "limit": limit}),
    )
}

/// Reads the body as a JSON value. Empty bodies are `{}` when `empty_ok`.
pub async fn read_json(body: Body, empty_ok: bool) -> ApiResult<Value> {
    let bytes = axum::body::to_bytes(body, BODY_LIMIT).await.map_err(|_| {
        ApiError::invalid(format!(
            "request body unreadable or larger than {BODY_LIMIT} bytes"
        ))
        .with_status(StatusCode::PAYLOAD_TOO_LARGE)
    })?;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return if empty_ok {
            Ok(Value::Object(Map::new()))
        } else {
            Err(ApiError::invalid("request body is empty; JSON expected"))
        };
    }
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::invalid(format!("request body is not valid JSON: {e}")))
}

/// Reads a body that must be a JSON object.
pub async fn read_object(body: Body, empty_ok: bool) -> ApiResult<Map<String, Value>> {
    match read_json(body, empty_ok).await? {
        Value::Object(m) => Ok(m),
        _ => Err(ApiError::invalid("request body must be a JSON object")),
    }
}

/// `obj[key]` as an object (the `{"user": {...}}` wrappers).
pub fn inner_object(obj: &Map<String, Value>, key: &str) -> ApiResult<Map<String, Value>> {
    match obj.get(key) {
        Some(Value::Object(m)) => Ok(m.clone()),
        None | Some(Value::Null) => Err(ApiError::validation(vec![FieldError::new(
            key,
            "is required (an object)",
        )])),
        Some(_) => Err(ApiError::validation(vec![FieldError::new(
            key,
            "must be an object",
        )])),
    }
}

/// Optional string field; numbers are taken as their decimal text.
pub fn opt_str(
    obj: &Map<String, Value>,
    key: &str,
    field: &str,
    errs: &mut Vec<FieldError>,
) -> Option<String> {
    match obj.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            errs.push(FieldError::new(field, "must be a string"));
            None
        }
    }
}

/// Optional id: a decimal string (or a JSON integer).
pub fn opt_id(
    obj: &Map<String, Value>,
    key: &str,
    field: &str,
    errs: &mut Vec<FieldError>,
) -> Option<u64> {
    match obj.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) => match s.trim().parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errs.push(FieldError::new(field, "must be an id (a decimal string)"));
                None
            }
        },
        Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64(),
        Some(_) => {
            errs.push(FieldError::new(field, "must be an id (a decimal string)"));
            None
        }
    }
}

pub fn opt_i64(
    obj: &Map<String, Value>,
    key: &str,
    field: &str,
    errs: &mut Vec<FieldError>,
) -> Option<i64> {
    match obj.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64(),
        Some(Value::String(s)) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
        Some(_) => {
            errs.push(FieldError::new(field, "must be an integer"));
            None
        }
    }
}

pub fn opt_f64(obj: &Map<String, Value>, key: &str, errs: &mut Vec<FieldError>) -> Option<f64> {
    match obj.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => n.as_f64(),
        Some(_) => {
            errs.push(FieldError::new(key, "must be a number"));
            None
        }
    }
}

pub fn opt_bool(obj: &Map<String, Value>, key: &str, errs: &mut Vec<FieldError>) -> Option<bool> {
    match obj.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => {
            errs.push(FieldError::new(key, "must be true or false"));
            None
        }
    }
}

/// A JSON reply.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut resp = (status, body.to_string()).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// `200 {"result": {key: value}}`
pub fn result(key: &str, value: Value) -> Response {
    json_response(StatusCode::OK, &envelope(key, value))
}

pub fn envelope(key: &str, value: Value) -> Value {
    let mut inner = Map::new();
    inner.insert(key.to_string(), value);
    let mut outer = Map::new();
    outer.insert("result".to_string(), Value::Object(inner));
    Value::Object(outer)
}

/// `200 {"result": {key: [...]}, "pagination": {...}}`
pub fn list_result(key: &str, items: Vec<Value>, pagination: Value) -> Response {
    let mut body = envelope(key, Value::Array(items));
    if let Value::Object(m) = &mut body {
        m.insert("pagination".into(), pagination);
    }
    json_response(StatusCode::OK, &body)
}

pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// A path parameter, with our error body on failure.
pub struct Id(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<String>::from_request_parts(parts, state).await {
            Ok(Path(s)) => Ok(Id(s)),
            Err(e) => Err(ApiError::invalid(format!("bad path parameter: {e}"))),
        }
    }
}

/// Two path parameters.
pub struct Id2(pub String, pub String);

impl<S: Send + Sync> FromRequestParts<S> for Id2 {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<(String, String)>::from_request_parts(parts, state).await {
            Ok(Path((a, b))) => Ok(Id2(a, b)),
            Err(e) => Err(ApiError::invalid(format!("bad path parameters: {e}"))),
        }
    }
}

/// Parses an id from a path; anything that is not a known id is `404 NOT_FOUND`.
pub fn parse_id(kind: &str, raw: &str) -> ApiResult<u64> {
    raw.parse::<u64>()
        .map_err(|_| ApiError::not_found(kind, raw))
}

/// Candidate login tokens: `Authorization: Bearer …` first, then the `jwttoken` cookie.
pub fn tokens_from(headers: &HeaderMap) -> Vec<String> {
    let mut out = Vec::new();
    for v in headers.get_all(header::AUTHORIZATION) {
        if let Ok(s) = v.to_str() {
            let s = s.trim();
            if let (Some(scheme), Some(rest)) = (s.get(..7), s.get(7..)) {
                if scheme.eq_ignore_ascii_case("bearer ") && !rest.trim().is_empty() {
                    out.push(rest.trim().to_string());
                }
            }
        }
    }
    for v in headers.get_all(header::COOKIE) {
        if let Ok(s) = v.to_str() {
            for part in s.split(';') {
                if let Some((k, val)) = part.trim().split_once('=') {
                    if k.trim() == "jwttoken" && !val.trim().is_empty() {
                        out.push(val.trim().trim_matches('"').to_string());
                    }
                }
            }
        }
    }
    out
}

/// Escapes text for HTML.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
