//! `POST /account/tokens` (create) and `POST /account/tokens/revoke`: one's own API tokens.
//! A new token's secret is shown once, on the response page itself, never in a URL.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use concord_domain::{Account, Scope};
use concord_i18n::{Arg, Localizer};
use concord_store::token::account_token_name;
use concord_store::{AuditEvent, AuditKind, NewToken, StoreError};
use serde::Deserialize;

use super::{Notes, back_to_account, logged_in, own_tokens, page};
use crate::secret::{FreshSecret, lifetime_days, scope_name};
use crate::{HtmlError, PageContext};
use concord_http::error::AppError;
use concord_http::security::CsrfForm;
use concord_http::state::AppState;

/// Days a token lasts unless the form says otherwise.
pub const DEFAULT_DAYS: u32 = 90;
/// The longest a token may last, in days.
pub const MAX_DAYS: u32 = 365;
/// The longest label.
const MAX_LABEL_CHARS: usize = 64;

/// The create form's fields.
#[derive(Debug, Deserialize)]
pub struct CreateForm {
    label: String,
    scope: String,
    #[serde(default)]
    days: String,
}

/// The revoke form's field: the token's stored name.
#[derive(Debug, Deserialize)]
pub struct RevokeForm {
    name: String,
}

/// `POST /account/tokens`: the page with the new secret, or with the form's error.
pub async fn create(
    ctx: PageContext,
    State(state): State<AppState>,
    form: Result<CsrfForm<CreateForm>, AppError>,
) -> Result<Response, HtmlError> {
    let account = logged_in(&ctx)?;
    let form = ctx.form(form)?;
    let t = ctx.t();
    let checked = check(t, account, &form);
    let made = match checked {
        Ok((scope, days)) => store_token(&state, &ctx, account, &form.label, scope, days)
            .await?
            .map_err(|()| t.msg("concord-account-token-error-taken")),
        Err(problem) => Err(problem),
    };
    let (notes, status) = match made {
        Ok(secret) => (
            Notes {
                new_token: Some((form.label.trim().to_owned(), secret)),
                ..Notes::default()
            },
            StatusCode::OK,
        ),
        Err(problem) => (
            Notes {
                token_error: Some(problem),
                label: Some(form.label),
                days: Some(form.days),
                ..Notes::default()
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    };
    page(&state, &ctx, account, notes, status).await
}

/// The scope and lifetime the form asks for, or what is wrong with it.
fn check(t: &Localizer, account: &Account, form: &CreateForm) -> Result<(Scope, u32), String> {
    let label = form.label.trim();
    if label.is_empty() || label.chars().count() > MAX_LABEL_CHARS {
        return Err(t.msg_with(
            "concord-account-token-error-label",
            &[Arg::from(MAX_LABEL_CHARS)],
        ));
    }
    if label.chars().any(char::is_control) {
        return Err(t.msg("concord-account-token-error-control"));
    }
    let widest = Scope::widest_for(&account.roles);
    let scope = Scope::parse(&form.scope)
        .filter(|scope| *scope <= widest)
        .ok_or_else(|| {
            t.msg_with(
                "concord-account-token-error-scope",
                &[Arg::Text(scope_name(t, widest))],
            )
        })?;
    let days = lifetime_days(&form.days, DEFAULT_DAYS, MAX_DAYS)
        .map_err(|max| t.msg_with("concord-account-token-error-days", &[Arg::from(max)]))?;
    Ok((scope, days))
}

/// Stores the token; `Ok(Err(()))` when the label is taken.
async fn store_token(
    state: &AppState,
    ctx: &PageContext,
    account: &Account,
    label: &str,
    scope: Scope,
    days: u32,
) -> Result<Result<String, ()>, AppError> {
    let name = account_token_name(&account.username, label.trim());
    let fresh = FreshSecret::lasting(days);
    let token = NewToken {
        name: name.clone(),
        hash: fresh.hash,
        roles: Vec::new(),
        account: Some(account.id),
        scope,
        created_at: fresh.created_at,
        expires_at: Some(fresh.expires_at),
    };
    let event = AuditEvent::new(AuditKind::TokenCreated, Some(&account.username))
        .account(account.id)
        .address(ctx.address.clone())
        .detail("token", name)
        .detail("scope", scope.as_str());
    match state.store.create_token(token, event).await {
        Ok(_) => Ok(Ok(fresh.secret)),
        Err(StoreError::Duplicate { .. }) => Ok(Err(())),
        Err(e) => Err(e.into()),
    }
}

/// `POST /account/tokens/revoke`: revokes one of the viewer's own tokens (anyone else's: 404).
pub async fn revoke(
    ctx: PageContext,
    State(state): State<AppState>,
    form: Result<CsrfForm<RevokeForm>, AppError>,
) -> Result<Response, HtmlError> {
    let account = logged_in(&ctx)?;
    let form = ctx.form(form)?;
    let own = own_tokens(&state, account).await?;
    let token = own
        .iter()
        .find(|t| t.name == form.name && t.revoked_at.is_none())
        .ok_or_else(|| ctx.error_page(AppError::NotFound))?;
    let event = AuditEvent::new(AuditKind::TokenRevoked, Some(&account.username))
        .account(account.id)
        .address(ctx.address.clone())
        .detail("token", token.name.clone());
    state
        .store
        .revoke_token(&token.name, event)
        .await
        .map_err(AppError::from)?;
    back_to_account()
}
