//! The error body of api.md: `{"code","message","details":[{"chorusCode","title","message",
//! "validationErrors"}]}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::reply;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Code {
    InvalidRequest,
    ValidationError,
    NotFound,
    AlreadyExists,
    Unauthenticated,
    InvalidCredentials,
    PermissionDenied,
    Internal,
}

impl Code {
    fn chorus(self) -> &'static str {
        match self {
            Code::InvalidRequest => "INVALID_REQUEST",
            Code::ValidationError => "VALIDATION_ERROR",
            Code::NotFound => "NOT_FOUND",
            Code::AlreadyExists => "ALREADY_EXISTS",
            Code::Unauthenticated => "UNAUTHENTICATED",
            Code::InvalidCredentials => "INVALID_CREDENTIALS",
            Code::PermissionDenied => "PERMISSION_DENIED",
            Code::Internal => "INTERNAL_ERROR",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Code::InvalidRequest => "Invalid request",
            Code::ValidationError => "Validation error",
            Code::NotFound => "Not found",
            Code::AlreadyExists => "Already exists",
            Code::Unauthenticated => "Unauthenticated",
            Code::InvalidCredentials => "Invalid credentials",
            Code::PermissionDenied => "Permission denied",
            Code::Internal => "Internal error",
        }
    }

    /// The gRPC status number carried in `code`.
    fn grpc(self) -> i32 {
        match self {
            Code::InvalidRequest | Code::ValidationError => 3,
            Code::NotFound => 5,
            Code::AlreadyExists => 6,
            Code::PermissionDenied => 7,
            Code::Internal => 13,
            Code::Unauthenticated | Code::InvalidCredentials => 16,
        }
    }

    fn status(self) -> StatusCode {
        match self {
            Code::InvalidRequest | Code::ValidationError => StatusCode::BAD_REQUEST,
            Code::NotFound => StatusCode::NOT_FOUND,
            Code::AlreadyExists => StatusCode::CONFLICT,
            Code::Unauthenticated | Code::InvalidCredentials => StatusCode::UNAUTHORIZED,
            Code::PermissionDenied => StatusCode::FORBIDDEN,
            Code::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// One entry of `validationErrors`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct FieldError {
    pub field: String,
    pub reason: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub code: Code,
    pub status: StatusCode,
    pub message: String,
    pub validation: Vec<FieldError>,
}

pub(crate) type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        ApiError {
            code,
            status: code.status(),
            message: message.into(),
            validation: Vec::new(),
        }
    }

    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(Code::InvalidRequest, message)
    }

    pub fn not_found(kind: &str, id: &str) -> Self {
        Self::new(Code::NotFound, format!("{kind} {id} not found"))
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(Code::PermissionDenied, message)
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            Code::Unauthenticated,
            "not logged in (or the login expired)",
        )
    }

    pub fn already_exists(message: impl Into<String>) -> Self {
        Self::new(Code::AlreadyExists, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(Code::Internal, message)
    }

    /// 400 VALIDATION_ERROR; the message names every bad field.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let summary = errors
            .iter()
            .map(|e| format!("{} {}", e.field, e.reason))
            .collect::<Vec<_>>()
            .join("; ");
        ApiError {
            validation: errors,
            ..Self::new(
                Code::ValidationError,
                format!("validation failed: {summary}"),
            )
        }
    }

    /// `Err(validation)` when `errors` is not empty.
    pub fn check(errors: Vec<FieldError>) -> ApiResult<()> {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Self::validation(errors))
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail<'a> {
    chorus_code: &'static str,
    title: &'static str,
    message: &'a str,
    validation_errors: &'a [FieldError],
}

#[derive(Serialize)]
struct Body<'a> {
    code: i32,
    message: &'a str,
    details: Vec<Detail<'a>>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body {
            code: self.code.grpc(),
            message: &self.message,
            details: vec![Detail {
                chorus_code: self.code.chorus(),
                title: self.code.title(),
                message: &self.message,
                validation_errors: &self.validation,
            }],
        };
        reply::json(self.status, &body)
    }
}
