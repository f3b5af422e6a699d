//! The stylesheets, compiled into the binary: Codex (GPL-2.0-or-later, see
//! `assets/codex/README.md`) and Concord's own layout. Their URLs carry a version, so they are
//! cached for a year.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

const CODEX: &str = include_str!("../assets/codex/codex.style.css");
const CONCORD: &str = include_str!("../assets/concord.css");

/// `GET /assets/codex-2.6.0.css`.
pub async fn codex() -> Response {
    css(CODEX)
}

/// `GET /assets/concord.css`.
pub async fn concord() -> Response {
    css(CONCORD)
}

fn css(body: &'static str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000"),
            ),
        ],
        body,
    )
        .into_response()
}
