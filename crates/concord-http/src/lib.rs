//! Concord's HTTP layer: the versioned JSON API under `/api/v1` (described by an OpenAPI
//! document at `/api/v1/openapi.json`), and what the pages of `concord-web` share with it:
//! the state, the error type, the extractors, sessions and sign-in, and the security layers.
//!
//! Handlers are thin: they extract (with our extractors, which reject with [`AppError`]), call
//! the domain and the store, and render. Visibility is decided below this layer, by the store
//! and the index; this crate only redacts fields with the domain's `Record::redact`.

pub mod api;
pub mod auth;
pub mod error;
pub mod extract;
pub mod layers;
pub mod mail;
pub mod problem;
pub mod router;
pub mod security;
pub mod state;

use axum::Router;

pub use error::AppError;
pub use problem::ApiError;
pub use state::{AppState, HttpConfig};

/// The API alone, with its state and layers; `concord_web::app` adds the pages.
pub fn app(state: AppState) -> Router {
    router::router(state, Router::new())
}
