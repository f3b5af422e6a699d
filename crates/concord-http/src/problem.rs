//! The JSON rendering of an [`AppError`]: `application/problem+json` (RFC 9457).
//!
//! A 5xx is not detailed here: its source travels in a response extension
//! ([`InternalErrorReport`]) to [`crate::layers::report_internal_errors`], which logs it once with
//! the request id and shows the user only "internal error" and that id.

use std::sync::Arc;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;

use crate::error::{ApiFieldError, AppError};

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The wire shape of a problem.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = Problem)]
pub struct ProblemBody {
    /// A URN naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    /// The HTTP reason phrase.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong, in words.
    pub detail: String,
    /// The fields or parameters at fault (possibly empty).
    pub errors: Vec<ApiFieldError>,
    /// For a 412: the record as it is now, redacted for the viewer.
    #[schema(value_type = Option<Object>)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<Value>,
    /// For a 5xx: the request id to quote when reporting it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl ProblemBody {
    /// A body with no field errors.
    pub fn new(status: StatusCode, kind: &str, detail: String) -> Self {
        Self {
            kind: kind.to_owned(),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
            errors: Vec::new(),
            current: None,
            request_id: None,
        }
    }

    /// Renders it with the problem media type.
    pub fn into_response_with(self, status: StatusCode) -> Response {
        let body = match serde_json::to_vec(&self) {
            Ok(body) => body,
            Err(e) => {
                tracing::error!(error = %e, "could not serialize a problem body");
                br#"{"type":"urn:concord:problem:internal","title":"Internal Server Error","status":500,"detail":"internal error","errors":[]}"#.to_vec()
            }
        };
        (
            status,
            [(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON))],
            body,
        )
            .into_response()
    }
}

/// A 5xx's source, left in the response extensions for the layer that logs it.
#[derive(Clone, Debug)]
pub struct InternalErrorReport(pub Arc<dyn std::error::Error + Send + Sync>);

/// An [`AppError`] rendered as `application/problem+json`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        let status = e.status();
        let mut body = ProblemBody::new(status, e.problem_type(), e.to_string());
        let mut etag = None;
        let mut report = None;
        let mut retry_after = None;
        match e {
            AppError::BadRequest { errors, .. }
            | AppError::Unprocessable { errors, .. }
            | AppError::Blocked { errors, .. } => {
                body.errors = errors;
            }
            AppError::Gone { revision } => etag = Some(revision),
            AppError::PreconditionFailed {
                revision, current, ..
            } => {
                etag = Some(revision);
                body.current = Some(*current);
            }
            AppError::Internal(source) => report = Some(InternalErrorReport(source)),
            AppError::TooManyRequests { retry_after_secs } => retry_after = Some(retry_after_secs),
            _ => {}
        }
        let mut response = body.into_response_with(status);
        if let Some(revision) = etag {
            crate::api::v1::headers::set_etag(&mut response, revision);
        }
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"concord\""),
            );
        }
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if let Some(report) = report {
            response.extensions_mut().insert(report);
        }
        response
    }
}

impl IntoResponse for AppError {
    /// The API's rendering; pages will wrap errors in an `HtmlError` instead.
    fn into_response(self) -> Response {
        ApiError(self).into_response()
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}
