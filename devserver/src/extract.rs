//! Request extraction with our error body on every failure (axum's plain-text rejections never
//! reach a client): JSON bodies into derived types, path ids, query parameters, login tokens.

use std::fmt;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::Json;
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::Deserialize;
use serde_json::Value;

use crate::error::{ApiError, ApiResult, FieldError};

/// Largest accepted request body.
pub(crate) const BODY_LIMIT: usize = 1 << 20;

/// How a body type is read.
pub(crate) trait BodySpec: DeserializeOwned {
    /// The fields may also come wrapped in an object under this key (`{"user": {...}}`).
    const WRAPPER: Option<&'static str> = None;
    /// An empty body is `{}`.
    const EMPTY_OK: bool = false;
}

impl BodySpec for Value {}

/// A JSON body decoded into `T`. A body that is not JSON, or not an object, is `400
/// INVALID_REQUEST`; a field of the wrong type is `400 VALIDATION_ERROR` naming the field.
pub(crate) struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: BodySpec> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            ApiError::invalid(format!(
                "request body unreadable or larger than {BODY_LIMIT} bytes"
            ))
            .with_status(e.status())
        })?;
        let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
            if !T::EMPTY_OK {
                return Err(ApiError::invalid("request body is empty; JSON expected"));
            }
            b"{}"
        } else {
            &bytes
        };
        let Json(value) = Json::<Value>::from_bytes(bytes)
            .map_err(|e| ApiError::invalid(format!("request body is not valid JSON: {e}")))?;
        let Value::Object(mut obj) = value else {
            return Err(ApiError::invalid("request body must be a JSON object"));
        };
        let mut prefix = "";
        if let Some(key) = T::WRAPPER {
            match obj.remove(key) {
                None => {}
                Some(Value::Object(inner)) => {
                    obj = inner;
                    prefix = key;
                }
                Some(Value::Null) => {
                    return Err(ApiError::validation(vec![FieldError::new(
                        key,
                        "is required (an object)",
                    )]))
                }
                Some(_) => {
                    return Err(ApiError::validation(vec![FieldError::new(
                        key,
                        "must be an object",
                    )]))
                }
            }
        }
        serde_path_to_error::deserialize(Value::Object(obj))
            .map(JsonBody)
            .map_err(|e| field_error(prefix, &e))
    }
}

/// A decoding error of one field: `400 VALIDATION_ERROR` naming it.
fn field_error(prefix: &str, e: &serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let path = e.path().to_string();
    let field = match (prefix, path.as_str()) {
        ("", ".") => "body".to_string(),
        (p, ".") => p.to_string(),
        ("", path) => path.to_string(),
        (p, path) => format!("{p}.{path}"),
    };
    ApiError::validation(vec![FieldError::new(field, reason(e.inner()))])
}

/// serde's message without its position (`… at line 1 column 7`).
fn reason(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

// ----- field types --------------------------------------------------------------------------

/// An optional id: a decimal string (`"42"`) or a JSON integer; `null` and `""` are absent.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct OptId(pub Option<u64>);

impl<'de> Deserialize<'de> for OptId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = OptId;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an id (a decimal string)")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<OptId, E> {
                Ok(OptId(Some(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<OptId, E> {
                u64::try_from(v)
                    .map(|v| OptId(Some(v)))
                    .map_err(|_| E::custom("must be an id (a decimal string)"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OptId, E> {
                let v = v.trim();
                if v.is_empty() {
                    return Ok(OptId(None));
                }
                v.parse()
                    .map(|n| OptId(Some(n)))
                    .map_err(|_| E::custom("must be an id (a decimal string)"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<OptId, E> {
                Ok(OptId(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// An optional integer: a JSON integer or a decimal string; `null` is absent.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct OptInt(pub Option<i64>);

impl<'de> Deserialize<'de> for OptInt {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = OptInt;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an integer")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<OptInt, E> {
                Ok(OptInt(Some(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<OptInt, E> {
                i64::try_from(v)
                    .map(|v| OptInt(Some(v)))
                    .map_err(|_| E::custom("must be an integer"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OptInt, E> {
                v.trim()
                    .parse()
                    .map(|n| OptInt(Some(n)))
                    .map_err(|_| E::custom("must be an integer"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<OptInt, E> {
                Ok(OptInt(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// A role assignment's context: dimension → id (a string or a number) or `"*"`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Context(pub std::collections::BTreeMap<String, String>);

impl<'de> Deserialize<'de> for Context {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum IdOrStar {
            Text(String),
            Number(u64),
        }
        let map: Option<std::collections::BTreeMap<String, IdOrStar>> = Option::deserialize(d)?;
        Ok(Context(
            map.unwrap_or_default()
                .into_iter()
                .map(|(k, v)| {
                    let v = match v {
                        IdOrStar::Text(s) => s,
                        IdOrStar::Number(n) => n.to_string(),
                    };
                    (k, v)
                })
                .collect(),
        ))
    }
}

// ----- paths, queries, tokens ---------------------------------------------------------------

/// A path parameter, with our error body on failure.
pub(crate) struct Id(pub String);

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
pub(crate) struct Id2(pub String, pub String);

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
pub(crate) fn parse_id(kind: &str, raw: &str) -> ApiResult<u64> {
    raw.parse::<u64>()
        .map_err(|_| ApiError::not_found(kind, raw))
}

/// Query pairs, repeated keys kept in order.
#[derive(Debug, Default, Clone)]
pub(crate) struct Params(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Params::parse(parts.uri.query()))
    }
}

/// Page size limit of every list.
pub(crate) const MAX_LIMIT: usize = 1000;

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

    /// Every value of a repeatable key as ids (`400 VALIDATION_ERROR` for one that is not).
    pub fn ids(&self, key: &str) -> ApiResult<Vec<u64>> {
        let mut errs = Vec::new();
        let mut ids = Vec::new();
        for v in self.all(key) {
            match v.parse::<u64>() {
                Ok(n) => ids.push(n),
                Err(_) => errs.push(FieldError::new(key, format!("'{v}' is not an id"))),
            }
        }
        ApiError::check(errs)?;
        Ok(ids)
    }

    /// `pagination.offset` and `pagination.limit`; `default_limit` when absent or 0.
    pub fn pagination(&self, default_limit: usize) -> ApiResult<(usize, usize)> {
        let mut errs = Vec::new();
        let mut num = |key: &str| -> usize {
            match self.get(key).map(|v| v.trim().parse::<usize>()) {
                None => 0,
                Some(Ok(n)) => n,
                Some(Err(_)) => {
                    errs.push(FieldError::new(key, "must be a whole number, 0 or more"));
                    0
                }
            }
        };
        let offset = num("pagination.offset");
        let limit = num("pagination.limit");
        ApiError::check(errs)?;
        let limit = if limit == 0 {
            default_limit
        } else {
            limit.min(MAX_LIMIT)
        };
        Ok((offset, limit))
    }
}

/// Candidate login tokens: `Authorization: Bearer …` first, then the `jwttoken` cookie.
pub(crate) fn tokens_from(headers: &HeaderMap) -> Vec<String> {
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

/// The logged-in caller's user id; `401 UNAUTHENTICATED` otherwise. Runs before the body is
/// read, so a request without a login gets 401 whatever its body.
pub(crate) struct Caller(pub u64);

impl FromRequestParts<crate::state::Shared> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &crate::state::Shared,
    ) -> Result<Self, Self::Rejection> {
        let tokens = tokens_from(&parts.headers);
        app.store_raw().authenticate(&tokens).map(Caller)
    }
}
