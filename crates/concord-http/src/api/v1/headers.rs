//! Response helpers: JSON bodies and the `ETag` of a record's revision.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use concord_domain::RevisionId;
use serde::Serialize;

use crate::error::AppError;

/// Sets `ETag: "<revision>"`.
pub fn set_etag(response: &mut Response, revision: RevisionId) {
    if let Ok(value) = HeaderValue::from_str(&format!("\"{revision}\"")) {
        response.headers_mut().insert(header::ETAG, value);
    }
}

/// A JSON response (`application/json`).
pub fn json_response<T: Serialize>(status: StatusCode, body: &T) -> Result<Response, AppError> {
    let bytes = serde_json::to_vec(body).map_err(AppError::internal)?;
    Ok((
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        bytes,
    )
        .into_response())
}

/// A JSON response carrying the record's revision as its `ETag`.
pub fn record_response<T: Serialize>(
    status: StatusCode,
    revision: RevisionId,
    body: &T,
) -> Result<Response, AppError> {
    let mut response = json_response(status, body)?;
    set_etag(&mut response, revision);
    Ok(response)
}
