//! The one error type of the HTTP layer, rendered as RFC 9457 `application/problem+json`
//! with a stable machine-readable `code`.
//!
//! Which error belongs where: `domain` rules return plain values or small enums; `store`
//! returns [`StoreError`] (not found, version mismatch, conflict, database); handlers turn
//! both into [`ApiError`] with `?`. A `500` body never says more than "internal error": the
//! cause is logged once, here, with the request's trace span.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::store::StoreError;

/// One invalid field of a request.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct FieldError {
    /// The JSON field (dotted path for nested fields, e.g. `milestones[0].due`).
    pub field: String,
    /// Stable error code, e.g. `required`, `too_long`, `out_of_range`, `unknown`.
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the problem type (`/problems/{code}`).
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable machine-readable code, e.g. `validation_failed`, `version_mismatch`.
    pub code: String,
    /// Per-field errors of a validation failure.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The current version of the resource, on `412`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i32>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("bad request: {detail}")]
    BadRequest { code: &'static str, detail: String },
    #[error("unauthorized: {detail}")]
    Unauthorized { code: &'static str, detail: String },
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// A known path called with a method it does not offer; `allow` lists those it does.
    #[error("method not allowed")]
    MethodNotAllowed { allow: String },
    #[error("conflict: {field} {message}")]
    Conflict { field: String, message: String },
    #[error("precondition required")]
    PreconditionRequired,
    #[error("precondition failed")]
    PreconditionFailed { current_version: i32 },
    #[error("too many requests")]
    TooManyRequests { retry_after_seconds: u64 },
    #[error("service unavailable")]
    Unavailable,
    /// More requests are in progress than the server takes on; try again shortly.
    #[error("overloaded")]
    Overloaded { retry_after_seconds: u64 },
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    pub fn field(field: &str, code: &str, message: &str) -> Self {
        Self::Validation(vec![FieldError::new(field, code, message)])
    }

    pub fn internal(err: impl Into<anyhow::Error>) -> Self {
        Self::Internal(err.into())
    }

    fn code(&self) -> &str {
        match self {
            Self::Validation(_) => "validation_failed",
            Self::BadRequest { code, .. } | Self::Unauthorized { code, .. } => code,
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            Self::Conflict { .. } => "conflict",
            Self::PreconditionRequired => "if_match_required",
            Self::PreconditionFailed { .. } => "version_mismatch",
            Self::TooManyRequests { .. } => "too_many_requests",
            Self::Unavailable => "unavailable",
            Self::Overloaded { .. } => "overloaded",
            Self::Internal(_) => "internal_error",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Self::Validation(_) => "The request contains invalid fields",
            Self::BadRequest { .. } => "The request is malformed",
            Self::Unauthorized { .. } => "Authentication required",
            Self::Forbidden => "You are not allowed to do this",
            Self::NotFound => "Not found",
            Self::MethodNotAllowed { .. } => "Method not allowed",
            Self::Conflict { .. } => "Conflict with the current state",
            Self::PreconditionRequired => "If-Match header required",
            Self::PreconditionFailed { .. } => "The resource was changed by someone else",
            Self::TooManyRequests { .. } => "Too many requests",
            Self::Unavailable => "Service unavailable",
            Self::Overloaded { .. } => "The server is busy, please try again in a moment",
            Self::Internal(_) => "Internal error",
        }
    }

    fn detail(&self) -> Option<String> {
        match self {
            Self::BadRequest { detail, .. } | Self::Unauthorized { detail, .. } => {
                Some(detail.clone())
            }
            Self::Conflict { field, message } => Some(format!("{field} {message}")),
            Self::PreconditionRequired => Some(
                "Send the ETag you last read in an If-Match header, so that concurrent changes \
                 are not overwritten."
                    .into(),
            ),
            Self::PreconditionFailed { .. } => {
                Some("Reload the resource, re-apply your change and send the new ETag.".into())
            }
            Self::Validation(errors) => Some(
                errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            _ => None,
        }
    }

    pub fn problem(&self) -> Problem {
        Problem {
            problem_type: format!("/problems/{}", self.code()),
            title: self.title().into(),
            status: self.status_code().as_u16(),
            detail: self.detail(),
            code: self.code().into(),
            errors: match self {
                Self::Validation(errors) => errors.clone(),
                Self::Conflict { field, message } => {
                    vec![FieldError::new(field.clone(), "conflict", message.clone())]
                }
                _ => Vec::new(),
            },
            current_version: match self {
                Self::PreconditionFailed { current_version } => Some(*current_version),
                _ => None,
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable | Self::Overloaded { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(cause) = self {
            tracing::error!(error = ?cause, "request failed with an internal error");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        ));
        match self {
            Self::Unauthorized { .. } => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            Self::MethodNotAllowed { allow } => {
                response.insert_header((header::ALLOW, allow.as_str()));
            }
            Self::TooManyRequests {
                retry_after_seconds,
            }
            | Self::Overloaded {
                retry_after_seconds,
            } => {
                response.insert_header((header::RETRY_AFTER, retry_after_seconds.to_string()));
            }
            _ => {}
        }
        response.body(serde_json::to_string(&self.problem()).unwrap_or_default())
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => Self::NotFound,
            StoreError::VersionMismatch { current_version } => {
                Self::PreconditionFailed { current_version }
            }
            StoreError::Conflict { field, message } => Self::Conflict {
                field: field.into(),
                message,
            },
            StoreError::InvalidText => Self::BadRequest {
                code: "invalid_text",
                detail: "the request contains text that cannot be stored (a NUL character)".into(),
            },
            StoreError::Database(db) => Self::Internal(db.into()),
        }
    }
}

/// Turns actix's own extractor errors (bad JSON, unknown fields, bad query or path values)
/// into problem documents that name the problem.
pub fn json_error(err: actix_web::error::JsonPayloadError) -> actix_web::Error {
    use actix_web::error::JsonPayloadError;
    let api = match &err {
        JsonPayloadError::ContentType => ApiError::BadRequest {
            code: "unsupported_content_type",
            detail: "the body must be JSON with Content-Type: application/json".into(),
        },
        JsonPayloadError::Deserialize(e) => deserialize_error(&e.to_string()),
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::BadRequest {
                code: "payload_too_large",
                detail: "the body is too large".into(),
            }
        }
        _ => ApiError::BadRequest {
            code: "invalid_json",
            detail: "the body could not be read as JSON".into(),
        },
    };
    api.into()
}

/// A body that is JSON but not the expected shape: unknown or missing fields are named as
/// field errors (`422`), anything else is `400 invalid_json` with serde's explanation.
pub fn deserialize_error(message: &str) -> ApiError {
    match serde_field_of(message) {
        Some(field) => ApiError::field(&field, "invalid", message),
        None => ApiError::BadRequest {
            code: "invalid_json",
            detail: message.to_owned(),
        },
    }
}

/// Query-string errors.
pub fn query_error(
    err: actix_web::error::QueryPayloadError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    ApiError::BadRequest {
        code: "invalid_query",
        detail: err.to_string(),
    }
    .into()
}

/// Path-parameter errors. A literal path that merely looks like a parameter path
/// (`PATCH /models/import` reaching `PATCH /models/{id}`) is a method the literal path does
/// not offer: `405` with `Allow`, not a bad id.
pub fn path_error(
    err: actix_web::error::PathError,
    req: &actix_web::HttpRequest,
) -> actix_web::Error {
    let known = req
        .app_data::<actix_web::web::Data<super::known_routes::KnownRoutes>>()
        .and_then(|routes| routes.allowed_methods(req.path()));
    if let Some(allowed) = known
        && !allowed.contains(&req.method().as_str())
    {
        return ApiError::MethodNotAllowed {
            allow: allowed.join(", "),
        }
        .into();
    }
    ApiError::BadRequest {
        code: "invalid_path",
        detail: err.to_string(),
    }
    .into()
}

/// serde's messages name unknown and missing fields in backticks; extract that name.
fn serde_field_of(message: &str) -> Option<String> {
    for marker in ["unknown field `", "missing field `"] {
        if let Some(rest) = message.split(marker).nth(1) {
            return rest.split('`').next().map(str::to_owned);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_reveal_nothing() {
        let err = ApiError::internal(anyhow::anyhow!("password=secret in SELECT * FROM users"));
        let body = serde_json::to_string(&err.problem()).unwrap_or_default();
        assert!(!body.contains("secret"));
        assert!(!body.contains("SELECT"));
        assert_eq!(err.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn unknown_fields_are_named() {
        assert_eq!(
            serde_field_of("unknown field `colour`, expected one of `name`"),
            Some("colour".into())
        );
    }
}
