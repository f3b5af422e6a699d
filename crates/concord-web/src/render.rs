//! Turning an askama template into a response: `text/html`, with the page's CSRF cookie.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use concord_http::error::AppError;
use concord_http::security::CsrfToken;

/// Renders `page` as a 200 `text/html` response that also sets `csrf`'s cookie.
pub fn render(csrf: CsrfToken, page: &impl Template) -> Result<Response, AppError> {
    let html = page.render().map_err(AppError::internal)?;
    Ok((
        csrf,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        html,
    )
        .into_response())
}

/// [`render`] with another status: a form shown again with its errors (422), say.
pub fn render_with_status(
    status: StatusCode,
    csrf: CsrfToken,
    page: &impl Template,
) -> Result<Response, AppError> {
    let mut response = render(csrf, page)?;
    *response.status_mut() = status;
    Ok(response)
}
