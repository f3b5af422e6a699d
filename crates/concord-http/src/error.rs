//! The one error of the HTTP layer, [`AppError`], with its status; `problem.rs` renders it.
//!
//! Every extractor and handler fails with an `AppError`; nothing here decides *whether* a request
//! is refused, only what the refusal is. Errors of the store and the index map in by `From`.

use std::sync::Arc;

use axum::http::StatusCode;
use concord_domain::validation::{FieldError, Problem};
use concord_domain::{Decision, RevisionId, ValidationErrors};
use concord_search::SearchError;
use concord_store::StoreError;
use serde::Serialize;
use serde_json::Value;

/// One refused field, header or query parameter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ApiFieldError {
    /// A JSON path into the body (`parties[0].role`), a query parameter or a header name.
    pub field: String,
    /// A stable, machine-readable slug (`required`, `unknown_value`, `invalid_type`, …).
    pub problem: String,
    /// The same in words, for people.
    pub message: String,
}

impl ApiFieldError {
    /// A refused field with a slug and a message.
    pub fn new(field: impl Into<String>, problem: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            problem: problem.to_owned(),
            message: message.into(),
        }
    }
}

impl From<&FieldError> for ApiFieldError {
    fn from(e: &FieldError) -> Self {
        let slug = match &e.problem {
            Problem::Required => "required",
            Problem::UnknownValue { .. } => "unknown_value",
            Problem::Malformed { .. } => "malformed",
            Problem::TooLong { .. } => "too_long",
            Problem::DateOrder { .. } => "date_order",
            Problem::NotAParty { .. } => "not_a_party",
            Problem::Duplicate { .. } => "duplicate",
            Problem::MissingReference { .. } => "missing_reference",
            Problem::NotADecider { .. } => "not_a_decider",
            Problem::Rule { .. } => "rule",
        };
        Self::new(e.field.clone(), slug, e.problem.to_string())
    }
}

/// Everything a request can fail with. [`AppError::status`] gives its HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request is malformed: bad JSON, a bad header, a bad query parameter (400).
    #[error("{detail}")]
    BadRequest {
        /// What is wrong, in words.
        detail: String,
        /// The fields or parameters at fault.
        errors: Vec<ApiFieldError>,
    },
    /// The body is well-formed but not acceptable: wrong types, unknown fields, unknown
    /// vocabulary values, a missing reference (422).
    #[error("{detail}")]
    Unprocessable {
        /// What is wrong, in words.
        detail: String,
        /// The fields at fault.
        errors: Vec<ApiFieldError>,
    },
    /// No valid credentials; the token is unknown, revoked or expired, or a write has none (401).
    #[error("{0}")]
    Unauthorized(String),
    /// The viewer may see the record but not do this to it (403). Never for a hidden record.
    #[error("{0}")]
    Forbidden(String),
    /// No such resource, or the viewer may not see it (404).
    #[error("not found")]
    NotFound,
    /// The method is not allowed on this resource (405).
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The record is deleted; `revision` is the `ETag` a restore needs (410).
    #[error("the record is deleted; restore it with If-Match: \"{revision}\"")]
    Gone {
        /// The record's latest revision (its deletion).
        revision: RevisionId,
    },
    /// The write clashes with the current state (already deleted, already exists, …) (409).
    #[error("{0}")]
    Conflict(String),
    /// A workflow step the partnership cannot take now: `errors` names each unmet guard
    /// (`field` is `transition`, `problem` the guard) and what to do (409).
    #[error("{detail}")]
    Blocked {
        /// Why, in words.
        detail: String,
        /// One per unmet guard.
        errors: Vec<ApiFieldError>,
    },
    /// The `If-Match` revision is not the latest; `current` is the record as it is now, already
    /// redacted for the viewer (412).
    #[error("the record changed since revision {given}; it is now at revision {revision}")]
    PreconditionFailed {
        /// The revision the client sent.
        given: RevisionId,
        /// The latest revision.
        revision: RevisionId,
        /// The current record, redacted for the viewer.
        current: Box<Value>,
    },
    /// The body is larger than the configured limit (413).
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The `Content-Type` is not the one this endpoint takes (415).
    #[error("expected Content-Type: {expected}")]
    UnsupportedMediaType {
        /// The media type expected.
        expected: &'static str,
    },
    /// A write without `If-Match` (428).
    #[error("this write needs an If-Match header with the revision it is based on")]
    PreconditionRequired,
    /// Too many attempts from this client or on this account; try again after
    /// `retry_after_secs` seconds (429, with `Retry-After`).
    #[error("too many attempts; try again in {retry_after_secs} seconds")]
    TooManyRequests {
        /// Seconds until the counter's window ends.
        retry_after_secs: u64,
    },
    /// Anything that is not the client's fault (500). The source is logged, never shown.
    #[error("internal error")]
    Internal(#[source] Arc<dyn std::error::Error + Send + Sync>),
}

impl AppError {
    /// What a [`Decision`] of `Viewer::may` becomes: `Ok` to go ahead, else a 404 (the record
    /// does not exist for this viewer), a 401 (log in first) or a 403 naming `what` was refused.
    pub fn check(decision: Decision, what: &str) -> Result<(), AppError> {
        match decision {
            Decision::Allow => Ok(()),
            Decision::NotFound => Err(AppError::NotFound),
            Decision::LogInRequired => Err(AppError::Unauthorized(format!(
                "{what} needs you to log in, or an API token: Authorization: Bearer <secret>"
            ))),
            Decision::Forbidden => Err(AppError::Forbidden(format!(
                "your roles, or your token's scope, do not allow {what}"
            ))),
        }
    }

    /// A 400 about one field or parameter.
    pub fn bad_field(field: impl Into<String>, problem: &str, message: impl Into<String>) -> Self {
        let e = ApiFieldError::new(field, problem, message);
        Self::BadRequest {
            detail: format!("{}: {}", e.field, e.message),
            errors: vec![e],
        }
    }

    /// A 422 about one field of the body.
    pub fn unprocessable_field(
        field: impl Into<String>,
        problem: &str,
        message: impl Into<String>,
    ) -> Self {
        let e = ApiFieldError::new(field, problem, message);
        Self::Unprocessable {
            detail: format!("{}: {}", e.field, e.message),
            errors: vec![e],
        }
    }

    /// A 500 wrapping any error.
    pub fn internal(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Internal(Arc::new(e))
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Gone { .. } => StatusCode::GONE,
            AppError::Conflict(_) | AppError::Blocked { .. } => StatusCode::CONFLICT,
            AppError::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            AppError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The problem `type`: a stable URN naming the kind of problem.
    pub(crate) fn problem_type(&self) -> &'static str {
        match self {
            AppError::BadRequest { .. } => "urn:concord:problem:bad-request",
            AppError::Unprocessable { .. } => "urn:concord:problem:invalid-record",
            AppError::Unauthorized(_) => "urn:concord:problem:unauthorized",
            AppError::Forbidden(_) => "urn:concord:problem:forbidden",
            AppError::NotFound => "urn:concord:problem:not-found",
            AppError::MethodNotAllowed => "urn:concord:problem:method-not-allowed",
            AppError::Gone { .. } => "urn:concord:problem:deleted",
            AppError::Conflict(_) => "urn:concord:problem:conflict",
            AppError::Blocked { .. } => "urn:concord:problem:transition-blocked",
            AppError::PreconditionFailed { .. } => "urn:concord:problem:stale-revision",
            AppError::PayloadTooLarge { .. } => "urn:concord:problem:body-too-large",
            AppError::UnsupportedMediaType { .. } => "urn:concord:problem:unsupported-media-type",
            AppError::PreconditionRequired => "urn:concord:problem:if-match-required",
            AppError::TooManyRequests { .. } => "urn:concord:problem:too-many-requests",
            AppError::Internal(_) => "urn:concord:problem:internal",
        }
    }
}

impl From<ValidationErrors> for AppError {
    fn from(e: ValidationErrors) -> Self {
        AppError::Unprocessable {
            detail: format!("the record is not valid: {e}"),
            errors: e.0.iter().map(ApiFieldError::from).collect(),
        }
    }
}

impl From<StoreError> for AppError {
    /// `Conflict` becomes 412 only where a handler has the viewer to redact `current` with; the
    /// handlers map it themselves (see `api::v1::record`), so reaching here it is a bare 409.
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict { current } => AppError::Conflict(format!(
                "the record changed; it is now at revision {}",
                current.revision
            )),
            StoreError::Duplicate { what } => AppError::Conflict(format!("already exists: {what}")),
            StoreError::Invalid(errors) => errors.into(),
            StoreError::Backend(source) => AppError::Internal(Arc::from(source)),
        }
    }
}

impl From<SearchError> for AppError {
    fn from(e: SearchError) -> Self {
        match e {
            SearchError::BadQuery { parameter, message } => {
                AppError::bad_field(parameter, "invalid_parameter", message)
            }
            SearchError::Store(e) => e.into(),
            e @ SearchError::Index(_) => AppError::internal(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{ApiError, InternalErrorReport};
    use axum::response::IntoResponse;

    #[test]
    fn every_error_has_a_4xx_or_5xx_status() {
        let errors = [
            AppError::bad_field("limit", "out_of_range", "must be 1..=200"),
            AppError::NotFound,
            AppError::PreconditionRequired,
            AppError::PayloadTooLarge { limit: 1 },
            AppError::internal(std::io::Error::other("disk")),
        ];
        for e in errors {
            assert!(e.status().is_client_error() || e.status().is_server_error());
        }
    }

    #[test]
    fn an_internal_error_shows_no_detail_of_its_source() {
        let e = AppError::internal(std::io::Error::other("secret path /var/db"));
        assert_eq!(e.to_string(), "internal error");
        let response = ApiError(e).into_response();
        assert!(response.extensions().get::<InternalErrorReport>().is_some());
    }

    #[test]
    fn validation_errors_name_each_field() {
        let mut v = ValidationErrors::default();
        v.add("name", Problem::Required);
        v.add("parties[0].role", Problem::TooLong { max: 3 });
        let AppError::Unprocessable { errors, .. } = AppError::from(v) else {
            panic!("expected 422");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "parties[0].role"]);
        assert_eq!(errors[1].problem, "too_long");
    }
}
