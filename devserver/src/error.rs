//! The error body of api.md: `{"code","message","details":[{"chorusCode","title","message",
//! "validationErrors"}]}`, in each flavor's spelling, and the job service's `{"error"}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::reply;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Code {
    InvalidRequest,
    ValidationError,
    Conversion,
    NotFound,
    AlreadyExists,
    Unauthenticated,
    InvalidCredentials,
    TwoFactorRequired,
    PermissionDenied,
    Internal,
}

impl Code {
    fn chorus(self) -> &'static str {
        match self {
            Code::InvalidRequest => "INVALID_REQUEST",
            Code::ValidationError => "VALIDATION_ERROR",
            Code::Conversion => "CONVERSION_ERROR",
            Code::NotFound => "NOT_FOUND",
            Code::AlreadyExists => "ALREADY_EXISTS",
            Code::Unauthenticated => "UNAUTHENTICATED",
            Code::InvalidCredentials => "INVALID_CREDENTIALS",
            Code::TwoFactorRequired => "TWO_FACTOR_REQUIRED",
            Code::PermissionDenied => "PERMISSION_DENIED",
            Code::Internal => "INTERNAL_ERROR",
        }
    }

    /// The title in our spelling, and in CHORUS's.
    fn titles(self) -> (&'static str, &'static str) {
        match self {
            Code::InvalidRequest => ("Invalid request", "Invalid Request"),
            Code::ValidationError => ("Validation error", "Validation Error"),
            Code::Conversion => ("Conversion error", "Conversion Error"),
            Code::NotFound => ("Not found", "Not Found"),
            Code::AlreadyExists => ("Already exists", "Already Exists"),
            Code::Unauthenticated => ("Unauthenticated", "Unauthenticated"),
            Code::InvalidCredentials => ("Invalid credentials", "Invalid Credentials"),
            Code::TwoFactorRequired => (
                "One-time code required",
                "Two-Factor Authentication Required",
            ),
            Code::PermissionDenied => ("Permission denied", "Permission Denied"),
            Code::Internal => ("Internal error", "Internal Server Error"),
        }
    }

    /// The gRPC status number carried in `code`.
    fn grpc(self) -> i32 {
        match self {
            Code::InvalidRequest | Code::ValidationError => 3,
            Code::NotFound => 5,
            Code::AlreadyExists => 6,
            Code::PermissionDenied => 7,
            Code::TwoFactorRequired => 9,
            Code::Internal | Code::Conversion => 13,
            Code::Unauthenticated | Code::InvalidCredentials => 16,
        }
    }

    fn status(self) -> StatusCode {
        match self {
            Code::InvalidRequest | Code::ValidationError | Code::TwoFactorRequired => {
                StatusCode::BAD_REQUEST
            }
            Code::NotFound => StatusCode::NOT_FOUND,
            Code::AlreadyExists => StatusCode::CONFLICT,
            Code::Unauthenticated | Code::InvalidCredentials => StatusCode::UNAUTHORIZED,
            Code::PermissionDenied => StatusCode::FORBIDDEN,
            Code::Internal | Code::Conversion => StatusCode::INTERNAL_SERVER_ERROR,
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

/// How an error is spelled on the wire, besides our default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// api.md's body with one detail.
    Detailed,
    /// grpc-gateway's own errors (no route, a body it cannot decode): CHORUS sends them with
    /// this gRPC code and empty `details`.
    Gateway(i32),
    /// The job service's `{"error": "text"}`.
    JobService,
}

#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub code: Code,
    pub status: StatusCode,
    pub message: String,
    pub validation: Vec<FieldError>,
    form: Form,
    /// CHORUS says this instead of `message`.
    chorus_message: Option<String>,
    /// CHORUS answers this error as grpc-gateway's own: no details (a missing or expired login).
    chorus_bare: bool,
}

pub(crate) type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// A known path with another method: 405 (CHORUS: grpc-gateway's code 12, no details).
    pub fn method_not_allowed(chorus: bool, method: &axum::http::Method, path: &str) -> Self {
        if chorus {
            ApiError::gateway(
                Code::InvalidRequest,
                StatusCode::METHOD_NOT_ALLOWED,
                12,
                "Method Not Allowed",
            )
        } else {
            ApiError::invalid(format!("{method} is not allowed on {path}"))
                .with_status(StatusCode::METHOD_NOT_ALLOWED)
        }
    }

    pub fn new(code: Code, message: impl Into<String>) -> Self {
        ApiError {
            code,
            status: code.status(),
            message: message.into(),
            validation: Vec::new(),
            form: Form::Detailed,
            chorus_message: None,
            chorus_bare: false,
        }
    }

    /// An error of grpc-gateway itself: CHORUS answers it as `{"code":grpc,"message",
    /// "details":[]}`; we spell it with `code`'s detail.
    pub fn gateway(code: Code, status: StatusCode, grpc: i32, message: impl Into<String>) -> Self {
        ApiError {
            status,
            form: Form::Gateway(grpc),
            ..Self::new(code, message)
        }
    }

    /// The job service's spelling: `{"error": message}`.
    pub fn job_service(mut self) -> Self {
        self.form = Form::JobService;
        self
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

    /// No login: CHORUS's `401 {"code":16,"message":"Request unauthenticated with bearer",
    /// "details":[]}` (seen on a running CHORUS 0978bc77: no details), ours with a detail.
    pub fn unauthenticated() -> Self {
        Self::new(
            Code::Unauthenticated,
            "not logged in (or the login expired)",
        )
        .chorus_bare("Request unauthenticated with bearer")
    }

    /// An expired login, `secs` seconds ago: CHORUS's bare 401 "invalid authentication token:
    /// invalid claims: token is expired by 2s" (seen).
    pub fn expired(secs: u64) -> Self {
        Self::unauthenticated().chorus_bare(&format!(
            "invalid authentication token: invalid claims: token is expired by {secs}s"
        ))
    }

    /// A token that is not a JWT: CHORUS's bare 401 "invalid authentication token: jwt-token is
    /// malformed" (seen).
    pub fn malformed_token() -> Self {
        Self::unauthenticated().chorus_bare("invalid authentication token: jwt-token is malformed")
    }

    /// CHORUS answers this as grpc-gateway's own error: this message, no details.
    pub fn chorus_bare(mut self, message: &str) -> Self {
        self.chorus_message = Some(message.to_string());
        self.chorus_bare = true;
        self
    }

    /// CHORUS says `message` instead (with the usual detail).
    pub fn chorus_says(mut self, message: &str) -> Self {
        self.chorus_message = Some(message.to_string());
        self
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

    /// 400 VALIDATION_ERROR: `field` is required.
    pub fn required(field: &str) -> Self {
        Self::validation(vec![FieldError::new(field, "is required")])
    }

    /// `Err(validation)` when `errors` is not empty.
    pub fn check(errors: Vec<FieldError>) -> ApiResult<()> {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Self::validation(errors))
        }
    }

    /// The body as CHORUS spells it; `instance` is the request's path.
    pub fn chorus_response(&self, instance: &str) -> Response {
        if let Some(message) = &self.chorus_message {
            let theirs = ApiError {
                message: message.clone(),
                form: if self.chorus_bare {
                    Form::Gateway(self.code.grpc())
                } else {
                    self.form
                },
                chorus_message: None,
                chorus_bare: false,
                ..self.clone()
            };
            return theirs.chorus_response(instance);
        }
        let details = match self.form {
            Form::Gateway(_) | Form::JobService => Vec::new(),
            Form::Detailed => vec![Detail {
                chorus_code: self.code.chorus(),
                instance: Some(instance),
                title: self.code.titles().1,
                message: &self.message,
                validation_errors: (!self.validation.is_empty()).then_some(&self.validation),
            }],
        };
        let grpc = match self.form {
            Form::Gateway(g) => g,
            _ => self.code.grpc(),
        };
        self.respond(grpc, details)
    }

    fn respond(&self, code: i32, details: Vec<Detail<'_>>) -> Response {
        let mut resp = match self.form {
            Form::JobService => reply::json(
                self.status,
                &JobServiceBody {
                    error: &self.message,
                },
            ),
            _ => reply::json(
                self.status,
                &Body {
                    code,
                    message: &self.message,
                    details,
                },
            ),
        };
        resp.extensions_mut().insert(self.clone());
        resp
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail<'a> {
    chorus_code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance: Option<&'a str>,
    title: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    validation_errors: Option<&'a Vec<FieldError>>,
}

#[derive(Serialize)]
struct Body<'a> {
    code: i32,
    message: &'a str,
    details: Vec<Detail<'a>>,
}

#[derive(Serialize)]
struct JobServiceBody<'a> {
    error: &'a str,
}

/// Our spelling; the response carries the error itself too, so that the CHORUS flavor can
/// spell it its way (`mw::outer`).
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let details = vec![Detail {
            chorus_code: self.code.chorus(),
            instance: None,
            title: self.code.titles().0,
            message: &self.message,
            validation_errors: Some(&self.validation),
        }];
        self.respond(self.code.grpc(), details)
    }
}
