//! Log in and out (local password and Wikimedia), and changing one's password.

use axum::Router;

use crate::state::AppState;

/// This module's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
}
