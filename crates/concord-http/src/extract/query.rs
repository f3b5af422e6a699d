//! The query string as ordered `(name, value)` pairs, so a parameter may repeat
//! (`?area=education&area=research`) and unknown names can be refused by the handler.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;

use crate::error::AppError;

/// Every query parameter in order, percent-decoded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryPairs(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for QueryPairs {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map(|Query(pairs)| QueryPairs(pairs))
            .map_err(|e| AppError::bad_field("query", "malformed", e.body_text()))
    }
}
