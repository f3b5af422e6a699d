//! The account page: one's own details and API tokens (created, shown once, revoked).

use axum::Router;

use crate::state::AppState;

/// This module's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
}
