//! Administration pages, for admins only: the accounts with their roles (granted, revoked),
//! disabling and enabling accounts, invitations to sign up, and the audit log.
//!
//! Every handler first asks the domain (`Viewer::may` with `ManageAccounts` or `ReadAuditLog`):
//! a visitor is sent to the log-in page, any other non-admin gets a 403 page. Every change is
//! written with its audit event, naming the admin and their address.

mod accounts;
mod audit;
mod disable;
mod invitations;
mod roles;

use axum::Router;
use axum::middleware;
use axum::routing::{get, post};
use concord_domain::{Account, AccountId, Action, RecordKey, RecordKind};
use concord_store::{AuditEvent, AuditKind, StoreError};
use uuid::Uuid;

use super::{HtmlError, PageContext, error};
use crate::error::AppError;
use crate::state::AppState;

/// This module's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/accounts", get(accounts::show))
        .route("/admin/accounts/grant", post(roles::grant))
        .route("/admin/accounts/revoke", post(roles::revoke))
        .route("/admin/accounts/disable", post(disable::disable))
        .route("/admin/accounts/enable", post(disable::enable))
        .route("/admin/invitations", post(invitations::create))
        .route("/admin/audit", get(audit::show))
        .route_layer(middleware::from_fn(error::request_ids))
}

/// The logged-in admin allowed `action`; a visitor is sent to log in (and back to `back`),
/// anyone else refused with 403.
fn admin<'a>(ctx: &'a PageContext, action: Action, back: &str) -> Result<&'a Account, HtmlError> {
    let Some(account) = ctx.account.as_ref() else {
        return Err(HtmlError::redirect(&format!("/login?next={back}")));
    };
    let what = match action {
        Action::ReadAuditLog => "reading the audit log",
        _ => "managing accounts",
    };
    AppError::check(ctx.viewer.may(action, None), what)
        .map_err(|e| HtmlError::from(e).with_layout(ctx.layout()))?;
    Ok(account)
}

/// An [`AppError`] as a page with the viewer's header.
fn page_error(ctx: &PageContext) -> impl Fn(AppError) -> HtmlError + '_ {
    |e| HtmlError::from(e).with_layout(ctx.layout())
}

/// An event of `kind` done by `admin` from the request's address, about `account`.
fn event(ctx: &PageContext, admin: &Account, kind: AuditKind, account: AccountId) -> AuditEvent {
    AuditEvent::new(kind, Some(&admin.username))
        .account(account)
        .address(ctx.address.clone())
}

/// The account a form names by its id, or a message saying there is none.
async fn named_account(state: &AppState, id: &str) -> Result<Result<Account, String>, AppError> {
    let Ok(id) = id.trim().parse::<AccountId>() else {
        return Ok(Err("The form names no account.".to_owned()));
    };
    match state.store.account(id).await {
        Ok(account) => Ok(Ok(account)),
        Err(StoreError::NotFound) => Ok(Err("There is no such account.".to_owned())),
        Err(e) => Err(e.into()),
    }
}

/// Whether the organisation `id` exists, is not deleted and `ctx`'s viewer may see it.
async fn organisation_exists(
    state: &AppState,
    ctx: &PageContext,
    id: Uuid,
) -> Result<bool, AppError> {
    let key = RecordKey {
        kind: RecordKind::Organisation,
        id,
    };
    match state.store.get(&ctx.viewer, key).await {
        Ok(doc) => Ok(!doc.deleted),
        Err(StoreError::NotFound) => Ok(false),
        Err(e) => Err(e.into()),
    }
}
