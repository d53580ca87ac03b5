//! Request extraction with our error body on every failure (axum's plain-text rejections never
//! reach a client): JSON bodies into derived types, path ids, query parameters, login tokens.

use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::error::Category;
use serde_json::Value;

use crate::config::Flavor;
use crate::error::{ApiError, ApiResult, Code, FieldError};
use crate::reply::{Paging, SortAsk};
use crate::state::Shared;

mod values;
pub(crate) use values::{Context, OptId, OptInt};

/// Largest accepted request body.
pub(crate) const BODY_LIMIT: usize = 1 << 20;

/// How a body type is read.
pub(crate) trait BodySpec: DeserializeOwned {
    /// An empty body is `{}` (in the CHORUS flavor every empty body is, as grpc-gateway
    /// reads it).
    const EMPTY_OK: bool = false;
}

impl BodySpec for serde_json::Map<String, Value> {}

/// A body without fields (`{}`; an empty body is `{}` too).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NoFields {}

impl BodySpec for NoFields {
    const EMPTY_OK: bool = true;
}

/// A JSON body decoded into `T`, strictly: a field `T` does not know is an error, as in
/// CHORUS (grpc-gateway over protobuf). A body that is not a JSON object is `400
/// INVALID_REQUEST`; a field of the wrong type is `400 VALIDATION_ERROR` naming the field. In
/// the CHORUS flavor these are grpc-gateway's own errors: 400 with code 3 and empty `details`.
pub(crate) struct JsonBody<T>(pub T);

impl<T: BodySpec> FromRequest<Shared> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, app: &Shared) -> Result<Self, ApiError> {
        let chorus = app.config.flavor == Flavor::Chorus;
        let bytes = Bytes::from_request(req, app).await.map_err(|e| {
            ApiError::invalid(format!(
                "request body unreadable or larger than {BODY_LIMIT} bytes"
            ))
            .with_status(e.status())
        })?;
        let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
            if !(T::EMPTY_OK || chorus) {
                return Err(ApiError::invalid("request body is empty; JSON expected"));
            }
            b"{}"
        } else {
            &bytes
        };
        // A struct would also decode from an array: only an object is a message.
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return Err(gateway_or(
                chorus,
                "proto: syntax error (line 1:1): unexpected token".to_string(),
                ApiError::invalid("request body must be a JSON object"),
            ));
        }
        match Json::<T>::from_bytes(bytes) {
            Ok(Json(v)) => Ok(JsonBody(v)),
            Err(rejection) => Err(body_error(&rejection, chorus)),
        }
    }
}

/// The decoding error under axum's rejection, if it is one of a typed decode.
fn path_error(rejection: &JsonRejection) -> Option<&serde_path_to_error::Error<serde_json::Error>> {
    let mut source = std::error::Error::source(rejection);
    while let Some(e) = source {
        if let Some(p) = e.downcast_ref::<serde_path_to_error::Error<serde_json::Error>>() {
            return Some(p);
        }
        source = e.source();
    }
    None
}

/// `unknown field `x`, expected …` → `x`.
fn unknown_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
}

/// The error of a body that could not be decoded.
fn body_error(rejection: &JsonRejection, chorus: bool) -> ApiError {
    let Some(e) = path_error(rejection) else {
        return gateway_or(
            chorus,
            "proto: syntax error: the request body is not JSON".to_string(),
            ApiError::invalid(format!("request body is not valid JSON: {rejection}")),
        );
    };
    let inner = e.inner();
    let (line, column) = (inner.line(), inner.column());
    let message = reason(inner);
    let path = e.path().to_string();
    if let Some(name) = unknown_field(&message) {
        let field = if path == "." { name } else { path.as_str() };
        return gateway_or(
            chorus,
            format!("proto: (line {line}:{column}): unknown field \"{name}\""),
            ApiError::invalid(format!(
                "unknown field \"{field}\" in the request body: send only the fields of the \
                 API (bodies are decoded strictly, as CHORUS does)"
            )),
        );
    }
    if matches!(inner.classify(), Category::Syntax | Category::Eof) {
        return gateway_or(
            chorus,
            format!("proto: syntax error (line {line}:{column}): {message}"),
            ApiError::invalid(format!("request body is not valid JSON: {message}")),
        );
    }
    if path == "." {
        return gateway_or(
            chorus,
            format!("proto: syntax error (line {line}:{column}): unexpected token"),
            ApiError::invalid("request body must be a JSON object"),
        );
    }
    gateway_or(
        chorus,
        format!("proto: (line {line}:{column}): invalid value for {path}: {message}"),
        ApiError::validation(vec![FieldError::new(path, message)]),
    )
}

/// grpc-gateway's 400 (code 3, no details) in the CHORUS flavor, else `ours`.
fn gateway_or(chorus: bool, gateway_message: String, ours: ApiError) -> ApiError {
    if chorus {
        ApiError::gateway(
            Code::InvalidRequest,
            StatusCode::BAD_REQUEST,
            3,
            gateway_message,
        )
    } else {
        ours
    }
}

/// A field the CHORUS flavor does not know (a dev addition such as `scenario`): the error a
/// strict decode gives.
pub(crate) fn unknown_field_error(name: &str) -> ApiError {
    ApiError::gateway(
        Code::InvalidRequest,
        StatusCode::BAD_REQUEST,
        3,
        format!("proto: unknown field \"{name}\""),
    )
}

/// serde's message without its position (`… at line 1 column 7`).
fn reason(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

// ----- paths, queries, tokens ---------------------------------------------------------------

/// A path parameter, with our error body on failure.
#[derive(Clone)]
pub(crate) struct Id {
    pub raw: String,
    chorus: bool,
}

impl Id {
    pub fn new(raw: String, chorus: bool) -> Id {
        Id { raw, chorus }
    }

    /// The parameter as a numeric id: anything else is `404 NOT_FOUND` (our flavor), or
    /// grpc-gateway's 400 for a `uint64` it cannot parse (CHORUS).
    pub fn num(&self, kind: &str) -> ApiResult<u64> {
        self.raw.parse::<u64>().map_err(|_| {
            if self.chorus {
                ApiError::gateway(
                    Code::InvalidRequest,
                    StatusCode::BAD_REQUEST,
                    3,
                    format!(
                        "type mismatch, parameter: id, error: strconv.ParseUint: parsing \"{}\": invalid syntax",
                        self.raw
                    ),
                )
            } else {
                ApiError::not_found(kind, &self.raw)
            }
        })
    }
}

impl FromRequestParts<Shared> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Shared) -> Result<Self, Self::Rejection> {
        match Path::<String>::from_request_parts(parts, app).await {
            Ok(Path(raw)) => Ok(Id {
                raw,
                chorus: app.config.flavor == Flavor::Chorus,
            }),
            Err(e) => Err(ApiError::invalid(format!("bad path parameter: {e}"))),
        }
    }
}

/// Two path parameters.
pub(crate) struct Id2(pub Id, pub Id);

impl FromRequestParts<Shared> for Id2 {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Shared) -> Result<Self, Self::Rejection> {
        let chorus = app.config.flavor == Flavor::Chorus;
        match Path::<(String, String)>::from_request_parts(parts, app).await {
            Ok(Path((a, b))) => Ok(Id2(Id { raw: a, chorus }, Id { raw: b, chorus })),
            Err(e) => Err(ApiError::invalid(format!("bad path parameters: {e}"))),
        }
    }
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

    /// Every parameter as sent, in order.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Whether a key starts with `prefix` (`filter.`).
    pub fn has_prefix(&self, prefix: &str) -> bool {
        self.0.iter().any(|(k, _)| k.starts_with(prefix))
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

    /// The order asked for: `pagination.sort.type` (as sent, trimmed; `None` when empty) and
    /// `pagination.sort.order` (`asc`, `desc`, any case, or empty for `asc`; another is CHORUS's
    /// `400 VALIDATION_ERROR` `{"field":"SortOrder","reason":"oneof"}`, seen on a running CHORUS
    /// 0978bc77; ours names the parameter).
    pub(crate) fn sort_ask(&self, flavor: Flavor) -> ApiResult<Option<SortAsk>> {
        let order = self.get("pagination.sort.order").unwrap_or("").trim();
        let descending = match order.to_ascii_lowercase().as_str() {
            "" | "asc" => false,
            "desc" => true,
            _ => {
                let field = if flavor == Flavor::Chorus {
                    "SortOrder"
                } else {
                    "pagination.sort.order"
                };
                let reason = if flavor == Flavor::Chorus {
                    "oneof"
                } else {
                    "must be asc or desc"
                };
                let mut e = ApiError::validation(vec![FieldError::new(field, reason)]);
                if flavor == Flavor::Chorus {
                    e.message = "Validation error".into();
                }
                return Err(e);
            }
        };
        let kind = self.get("pagination.sort.type").unwrap_or("").trim();
        Ok((!kind.is_empty()).then(|| SortAsk {
            kind: kind.to_string(),
            descending,
        }))
    }

    /// The page asked for by `pagination.offset`, `pagination.limit` and `pagination.sort.*`.
    ///
    /// Our flavor pages every list: `default_limit` when the limit is absent or 0, at most
    /// [`MAX_LIMIT`]. CHORUS pages only when the offset, the limit or the sort type is set (else
    /// every row and no `pagination` object), turns a limit of 0 into 20 and refuses one above
    /// 100, and echoes the sort (`src/order.rs`).
    pub fn paging(&self, flavor: Flavor, default_limit: usize) -> ApiResult<Paging> {
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
        if flavor == Flavor::Chorus {
            if let Some(e) = errs.first() {
                return Err(ApiError::gateway(
                    Code::InvalidRequest,
                    StatusCode::BAD_REQUEST,
                    3,
                    format!(
                        "parsing field \"{}\": strconv.ParseUint: invalid syntax",
                        e.field
                    ),
                ));
            }
            // pkg/common/model/enum.go Pagination: `Limit` `omitempty,min=0,max=100`, `SortOrder`
            // `oneof=asc desc ASC DESC`, checked by each service's validation middleware.
            let sort = self.sort_ask(flavor)?;
            if limit > CHORUS_MAX_LIMIT {
                let mut e = ApiError::validation(vec![FieldError::new("Limit", "max")]);
                e.message = "Validation error".into();
                return Err(e);
            }
            if offset == 0 && limit == 0 && sort.is_none() {
                return Ok(Paging::All);
            }
            let limit = if limit == 0 {
                CHORUS_DEFAULT_LIMIT
            } else {
                limit
            };
            return Ok(Paging::Page {
                offset,
                limit,
                sort,
                echo_sort: true,
            });
        }
        ApiError::check(errs)?;
        let sort = self.sort_ask(flavor)?;
        let limit = if limit == 0 {
            default_limit
        } else {
            limit.min(MAX_LIMIT)
        };
        Ok(Paging::Page {
            offset,
            limit,
            sort,
            echo_sort: false,
        })
    }
}

/// CHORUS's page size when none (or one above its maximum) is asked for.
const CHORUS_DEFAULT_LIMIT: usize = 20;
/// CHORUS's largest page.
const CHORUS_MAX_LIMIT: usize = 100;

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

impl FromRequestParts<Shared> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Shared) -> Result<Self, Self::Rejection> {
        let tokens = tokens_from(&parts.headers);
        app.store_raw().authenticate(&tokens).map(Caller)
    }
}

/// The caller when the request carries a valid login, `None` otherwise (a stale or malformed
/// token counts as none, as CHORUS's public routes treat it): `POST /users`, an administrator's
/// create or a self-registration.
pub(crate) struct MaybeCaller(pub Option<u64>);

impl FromRequestParts<Shared> for MaybeCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Shared) -> Result<Self, Self::Rejection> {
        let tokens = tokens_from(&parts.headers);
        Ok(MaybeCaller(app.store_raw().authenticate(&tokens).ok()))
    }
}
