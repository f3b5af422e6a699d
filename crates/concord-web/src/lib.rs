//! Concord's pages: askama templates (one struct per page, in `templates/`, over `base.html`)
//! with auto-escaping, styled with Codex CSS, working without JavaScript. [`app`] is the whole
//! application `concord serve` runs: these pages beside `concord-http`'s API, under one set of
//! layers.

pub mod account;
pub mod admin;
pub mod assets;
pub mod context;
pub mod edit;
pub mod error;
pub mod front_door;
pub mod home;
pub mod import;
pub mod inbox;
pub mod language;
pub mod open_data;
pub mod record;
pub mod render;
pub mod routing;
pub mod search;
mod secret;
pub mod session;
pub mod signup;
pub mod values;

pub use context::{Layout, PageContext};
pub use error::HtmlError;
pub use render::{render, render_with_status};

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use concord_http::AppState;
use concord_http::error::AppError;

/// The whole application: the pages and the API, with their state and layers.
pub fn app(state: AppState) -> Router {
    concord_http::router::router(state, pages())
}

/// Every page's route; a page's 500 gets its request id and is logged once.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/language", axum::routing::post(language::choose))
        .merge(assets::routes())
        .merge(session::routes())
        .merge(account::routes())
        .merge(admin::routes())
        .merge(signup::routes())
        .merge(edit::routes())
        .merge(record::routes())
        .merge(search::routes())
        .merge(import::routes())
        .merge(open_data::routes())
        .merge(routing::routes())
        .merge(inbox::routes())
        .merge(front_door::routes())
        .layer(axum::middleware::from_fn(error::request_ids))
}

/// A 303 to `location` (a local path), setting `cookie` if given: where every page form goes
/// after it succeeds.
pub(crate) fn see_other(
    location: &str,
    cookie: Option<HeaderValue>,
) -> Result<Response, HtmlError> {
    let location = HeaderValue::from_str(location).map_err(AppError::internal)?;
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response();
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}
