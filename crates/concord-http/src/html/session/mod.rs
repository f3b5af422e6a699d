//! Log in and out: with a local password (`login`) or a Wikimedia account (`wikimedia`).
//! Changing one's password is on the account page (`html::account`).

mod login;
mod wikimedia;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use concord_store::{AuditEvent, AuditKind};
use serde::Deserialize;

use super::{HtmlError, PageContext, error};
use crate::auth::session;
use crate::error::AppError;
use crate::security::CsrfForm;
use crate::state::AppState;

/// This module's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(logout))
        .route("/login/wikimedia", get(wikimedia::begin))
        .route("/login/wikimedia/callback", get(wikimedia::callback))
        .route_layer(middleware::from_fn(error::request_ids))
}

/// A form with nothing but its CSRF token.
#[derive(Debug, Deserialize)]
pub struct EmptyForm {}

/// `POST /logout`: ends the session and goes to the start page.
async fn logout(
    ctx: PageContext,
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<CsrfForm<EmptyForm>, AppError>,
) -> Result<Response, HtmlError> {
    form.map_err(|e| HtmlError::from(e).with_layout(ctx.layout()))?;
    let cleared = session::end(&*state.store, &state.auth, &headers).await?;
    if let Some(account) = &ctx.account {
        let event = AuditEvent::new(AuditKind::LogOut, Some(&account.username))
            .account(account.id)
            .address(ctx.address.clone());
        state
            .store
            .record_audit(event)
            .await
            .map_err(AppError::from)?;
    }
    see_other("/", Some(cleared))
}

/// A 303 to `location` (a local path), setting `cookie` if given.
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
