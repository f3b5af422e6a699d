//! Who is asking. In order:
//!
//! 1. `Authorization: Bearer <secret>`: the token with that SHA-256. A token of an account acts
//!    with the account's roles of the moment, narrowed to the token's scope (never wider than
//!    `Scope::widest_for` those roles); a token of no account (made by `concord token create`
//!    without `--user`) carries its own roles. A header that is garbled, or names a token that
//!    is unknown, revoked, expired, or whose account is disabled, is a 401: never silently
//!    anonymous, so a client learns its token stopped working.
//! 2. The session cookie (`auth::session`): the logged-in account, every action its roles
//!    allow. A stale cookie is a visitor.
//! 3. Otherwise an anonymous visitor.
//!
//! What the viewer may do is decided by `Viewer::may`, not here.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use chrono::Utc;
use concord_domain::{Scope, Viewer};
use concord_store::StoreError;

use crate::auth::session;
use crate::error::AppError;
use crate::state::AppState;

pub use concord_store::token::hash_secret;

/// The viewer of a request: anonymous without a token or a session.
#[derive(Clone, Debug)]
pub struct ApiViewer(pub Viewer);

impl FromRequestParts<AppState> for ApiViewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let secret = value
                .to_str()
                .map_err(|_| unauthorized())?
                .strip_prefix("Bearer ")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .ok_or_else(unauthorized)?;
            return token_viewer(state, secret).await.map(ApiViewer);
        }
        let current = session::current(&*state.store, &state.auth, &parts.headers).await?;
        Ok(ApiViewer(match current {
            Some((_, account)) => account.viewer(),
            None => Viewer::anonymous(),
        }))
    }
}

/// The viewer of a token secret, or 401.
async fn token_viewer(state: &AppState, secret: &str) -> Result<Viewer, AppError> {
    let token = match state.store.token_by_hash(&hash_secret(secret)).await {
        Ok(token) => token,
        Err(StoreError::NotFound) => return Err(unauthorized()),
        Err(e) => return Err(e.into()),
    };
    if token.revoked_at.is_some() || token.expires_at.is_some_and(|at| at <= Utc::now()) {
        return Err(unauthorized());
    }
    let Some(account) = token.account else {
        let mut viewer = Viewer::with_roles(&format!("token:{}", token.name), token.roles);
        viewer.scope = token.scope;
        return Ok(viewer);
    };
    let account = match state.store.account(account).await {
        Ok(account) if !account.disabled => account,
        Ok(_) | Err(StoreError::NotFound) => return Err(unauthorized()),
        Err(e) => return Err(e.into()),
    };
    let scope = token.scope.min(Scope::widest_for(&account.roles));
    Ok(account.viewer_with_scope(scope))
}

/// The client's address as an extractor ([`client_address`]); never rejects.
#[derive(Clone, Debug)]
pub struct ClientAddress(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(client_address(parts)))
    }
}

/// The client's address, for rate limits and the audit log: the peer of the connection when
/// the server was started with connect info (`concord serve` is), else `None`.
pub fn client_address(parts: &Parts) -> Option<String> {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
}

fn unauthorized() -> AppError {
    AppError::Unauthorized(
        "the Authorization header is not a valid, unexpired, unrevoked Bearer token".into(),
    )
}
