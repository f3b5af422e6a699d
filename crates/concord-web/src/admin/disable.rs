//! `POST /admin/accounts/disable` and `POST /admin/accounts/enable`. Disabling ends the
//! account's sessions (the store does it in the same transaction); its tokens stop working.
//! An admin cannot disable their own account.

use axum::extract::State;
use axum::response::Response;
use concord_store::AuditKind;
use serde::Deserialize;

use super::accounts::done;
use super::{PostedForm, Refusal, answer, audit, require_admin, target_account};
use crate::{HtmlError, PageContext};
use concord_http::state::AppState;

/// The form: the account's id.
#[derive(Debug, Deserialize)]
pub struct AccountForm {
    account: String,
}

/// `POST /admin/accounts/disable`.
pub async fn disable(
    ctx: PageContext,
    State(state): State<AppState>,
    form: PostedForm<AccountForm>,
) -> Result<Response, HtmlError> {
    let outcome = set(&state, &ctx, form, true).await;
    answer(&state, &ctx, outcome).await
}

/// `POST /admin/accounts/enable`.
pub async fn enable(
    ctx: PageContext,
    State(state): State<AppState>,
    form: PostedForm<AccountForm>,
) -> Result<Response, HtmlError> {
    let outcome = set(&state, &ctx, form, false).await;
    answer(&state, &ctx, outcome).await
}

async fn set(
    state: &AppState,
    ctx: &PageContext,
    form: PostedForm<AccountForm>,
    disabled: bool,
) -> Result<Response, Refusal> {
    let (me, form) = require_admin(ctx, form)?;
    let account = target_account(state, ctx, &form.account).await?;
    if disabled && account.id == me.id {
        let problem = ctx.t().msg("concord-admin-error-disable-self");
        return Err(Refusal::Form(problem));
    }
    let kind = if disabled {
        AuditKind::AccountDisabled
    } else {
        AuditKind::AccountEnabled
    };
    let event = audit(ctx, me, kind, &account);
    state
        .store
        .set_disabled(account.id, disabled, event)
        .await?;
    Ok(done()?)
}
