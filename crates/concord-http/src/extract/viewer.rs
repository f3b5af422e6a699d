//! Who is asking: `Authorization: Bearer <secret>` → SHA-256 hex → the store's token.
//!
//! No header is an anonymous visitor; a header that is garbled, or names a token that is
//! unknown, revoked or expired, is a 401 (never silently anonymous, so a client learns its token
//! stopped working). [`ApiWriter`] additionally refuses anonymous writes.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use chrono::Utc;
use concord_domain::Viewer;
use concord_store::StoreError;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::state::AppState;

/// The viewer of a request: anonymous without `Authorization`.
#[derive(Clone, Debug)]
pub struct ApiViewer(pub Viewer);

/// The viewer of a write: a token is required (401 otherwise).
#[derive(Clone, Debug)]
pub struct ApiWriter(pub Viewer);

/// The stored hash of a token secret: SHA-256, lower-case hex.
pub fn hash_secret(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl FromRequestParts<AppState> for ApiViewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
            return Ok(ApiViewer(Viewer::anonymous()));
        };
        let secret = value
            .to_str()
            .map_err(|_| unauthorized())?
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(unauthorized)?;
        let token = match state.store.token_by_hash(&hash_secret(secret)).await {
            Ok(token) => token,
            Err(StoreError::NotFound) => return Err(unauthorized()),
            Err(e) => return Err(e.into()),
        };
        if token.revoked_at.is_some() || token.expires_at.is_some_and(|at| at <= Utc::now()) {
            return Err(unauthorized());
        }
        let name = format!("token:{}", token.name);
        Ok(ApiViewer(Viewer::with_roles(&name, token.roles)))
    }
}

impl FromRequestParts<AppState> for ApiWriter {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let ApiViewer(viewer) = ApiViewer::from_request_parts(parts, state).await?;
        if viewer.name.is_none() {
            return Err(AppError::Unauthorized(
                "writes need an API token: Authorization: Bearer <secret>".into(),
            ));
        }
        Ok(ApiWriter(viewer))
    }
}

fn unauthorized() -> AppError {
    AppError::Unauthorized(
        "the Authorization header is not a valid, unexpired, unrevoked Bearer token".into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_hash_to_sha256_hex() {
        assert_eq!(
            hash_secret("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
