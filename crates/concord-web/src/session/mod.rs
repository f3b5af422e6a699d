//! Log in and out: with a local password (`login`) or a Wikimedia account (`wikimedia`).
//! Changing one's password is on the account page (`html::account`).

mod login;
mod wikimedia;

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use concord_store::{AuditEvent, AuditKind};
use serde::Deserialize;

use super::{HtmlError, PageContext, see_other};
use concord_http::auth::session;
use concord_http::error::AppError;
use concord_http::security::CsrfForm;
use concord_http::state::AppState;

/// This module's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(logout))
        .route("/login/wikimedia", get(wikimedia::begin))
        .route("/login/wikimedia/callback", get(wikimedia::callback))
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
    ctx.form(form)?;
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
