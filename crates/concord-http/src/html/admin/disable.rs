//! `POST /admin/accounts/disable` and `POST /admin/accounts/enable`. Disabling ends the
//! account's sessions (the store does it in the same transaction); its tokens stop working.
//! An admin cannot disable their own account.

use axum::extract::State;
use axum::response::Response;
use concord_domain::Action;
use concord_store::AuditKind;
use serde::Deserialize;

use super::accounts::{PATH, done, refused};
use super::{admin, event, named_account, page_error};
use crate::error::AppError;
use crate::html::{HtmlError, PageContext};
use crate::security::CsrfForm;
use crate::state::AppState;

/// The form: the account's id.
#[derive(Debug, Deserialize)]
pub struct AccountForm {
    account: String,
}

/// `POST /admin/accounts/disable`.
pub async fn disable(
    ctx: PageContext,
    State(state): State<AppState>,
    form: Result<CsrfForm<AccountForm>, AppError>,
) -> Result<Response, HtmlError> {
    set(ctx, state, form, true).await
}

/// `POST /admin/accounts/enable`.
pub async fn enable(
    ctx: PageContext,
    State(state): State<AppState>,
    form: Result<CsrfForm<AccountForm>, AppError>,
) -> Result<Response, HtmlError> {
    set(ctx, state, form, false).await
}

async fn set(
    ctx: PageContext,
    state: AppState,
    form: Result<CsrfForm<AccountForm>, AppError>,
    disabled: bool,
) -> Result<Response, HtmlError> {
    let me = admin(&ctx, Action::ManageAccounts, PATH)?;
    let CsrfForm(form) = form.map_err(page_error(&ctx))?;
    let account = match named_account(&state, &form.account).await? {
        Ok(account) => account,
        Err(problem) => return refused(&state, &ctx, problem).await,
    };
    if disabled && account.id == me.id {
        let problem = "You cannot disable your own account.".to_owned();
        return refused(&state, &ctx, problem).await;
    }
    let kind = if disabled {
        AuditKind::AccountDisabled
    } else {
        AuditKind::AccountEnabled
    };
    let event = event(&ctx, me, kind, account.id).detail("username", account.username.clone());
    state
        .store
        .set_disabled(account.id, disabled, event)
        .await
        .map_err(AppError::from)?;
    done()
}
