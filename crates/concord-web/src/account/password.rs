//! `POST /account/password`: changing one's password ends every session of the account and
//! starts a fresh one for the browser that changed it. Checking the current password counts as
//! a log-in attempt (`auth::throttle`), so a stolen session cannot guess it quickly either.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use concord_domain::account::validate_password;
use concord_store::{AuditEvent, AuditKind};
use serde::Deserialize;

use super::{Notes, logged_in, page};
use crate::signup::password_problem;
use crate::{HtmlError, PageContext, see_other};
use concord_http::auth::password::{hash_password, verify_password};
use concord_http::auth::{session, throttle};
use concord_http::error::AppError;
use concord_http::security::CsrfForm;
use concord_http::state::AppState;

/// The password form's fields.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
    repeat: String,
}

/// `POST /account/password`: 303 to `/account` with a new session, else the page again.
pub async fn change(
    ctx: PageContext,
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<CsrfForm<PasswordForm>, AppError>,
) -> Result<Response, HtmlError> {
    let account = logged_in(&ctx)?;
    let form = ctx.form(form)?;
    let store = &*state.store;
    let address = ctx.address.as_deref();
    throttle::count_login_attempt(store, &state.auth, address, &account.username)
        .await
        .map_err(|e| ctx.error_page(e))?;
    let hash = store
        .password_hash(account.id)
        .await
        .map_err(AppError::from)?;
    let matches = verify_password(hash, &form.current)
        .await
        .map_err(|e| ctx.error_page(AppError::internal(e)))?;
    let t = ctx.t();
    let problem = if !matches {
        Some(t.msg("concord-account-password-error-wrong"))
    } else if form.new != form.repeat {
        Some(t.msg("concord-account-password-error-differ"))
    } else {
        validate_password(&form.new, &account.username)
            .err()
            .map(|_| password_problem(t, &form.new))
    };
    if let Some(problem) = problem {
        let notes = Notes {
            password_error: Some(problem),
            ..Notes::default()
        };
        return page(
            &state,
            &ctx,
            account,
            notes,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    throttle::login_succeeded(store, &account.username).await?;
    let hash = hash_password(&form.new).await.map_err(AppError::internal)?;
    let event = AuditEvent::new(AuditKind::PasswordChanged, Some(&account.username))
        .account(account.id)
        .address(ctx.address.clone());
    store
        .set_password_hash(account.id, &hash, event)
        .await
        .map_err(AppError::from)?;
    store
        .delete_sessions_of(account.id)
        .await
        .map_err(AppError::from)?;
    let started = session::start(store, &state.auth, &headers, account.id).await?;
    see_other("/account", Some(started.set_cookie))
}
