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
use axum::response::Response;
use axum::routing::{get, post};
use concord_domain::{Account, AccountId, Action, RecordKey, RecordKind};
use concord_i18n::{Arg, Localizer};
use concord_store::{AuditEvent, AuditKind, StoreError};
use uuid::Uuid;

use super::{HtmlError, PageContext};
use concord_http::error::AppError;
use concord_http::security::CsrfForm;
use concord_http::state::AppState;

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
    AppError::check(ctx.viewer.may(action, None), what).map_err(|e| ctx.error_page(e))?;
    Ok(account)
}

/// Why an account form stops before its change: a page of its own (log in, 403, 500), or a
/// problem with the form, shown on the accounts page (422).
enum Refusal {
    /// Answer with this page.
    Page(HtmlError),
    /// The accounts page again, saying this.
    Form(String),
}

impl From<HtmlError> for Refusal {
    fn from(e: HtmlError) -> Self {
        Self::Page(e)
    }
}

impl From<AppError> for Refusal {
    fn from(e: AppError) -> Self {
        Self::Page(e.into())
    }
}

impl From<StoreError> for Refusal {
    fn from(e: StoreError) -> Self {
        Self::Page(AppError::from(e).into())
    }
}

/// A posted account form: its fields once the CSRF check passed.
type PostedForm<F> = Result<CsrfForm<F>, AppError>;

/// The response to an account form: what `outcome` says, or the accounts page with its problem.
async fn answer(
    state: &AppState,
    ctx: &PageContext,
    outcome: Result<Response, Refusal>,
) -> Result<Response, HtmlError> {
    match outcome {
        Ok(response) => Ok(response),
        Err(Refusal::Page(page)) => Err(page),
        Err(Refusal::Form(problem)) => accounts::refused(state, ctx, problem).await,
    }
}

/// The admin sending an account form, and the form once its CSRF check passed.
fn require_admin<F>(ctx: &PageContext, form: PostedForm<F>) -> Result<(&Account, F), Refusal> {
    let me = admin(ctx, Action::ManageAccounts, accounts::PATH)?;
    Ok((me, ctx.form(form)?))
}

/// The account a form names by its id.
async fn target_account(state: &AppState, ctx: &PageContext, id: &str) -> Result<Account, Refusal> {
    let Ok(id) = id.trim().parse::<AccountId>() else {
        return Err(Refusal::Form(ctx.t().msg("concord-admin-error-no-account")));
    };
    match state.store.account(id).await {
        Ok(account) => Ok(account),
        Err(StoreError::NotFound) => Err(Refusal::Form(
            ctx.t().msg("concord-admin-error-unknown-account"),
        )),
        Err(e) => Err(e.into()),
    }
}

/// The refusal of a steward role for an organisation that does not exist (or is hidden).
fn no_organisation(t: &Localizer, id: &str) -> Refusal {
    Refusal::Form(t.msg_with("concord-admin-error-no-organisation", &[Arg::from(id)]))
}

/// An event of `kind` done by `admin` from the request's address, about `account` (named by
/// its id and username).
fn audit(ctx: &PageContext, admin: &Account, kind: AuditKind, account: &Account) -> AuditEvent {
    AuditEvent::new(kind, Some(&admin.username))
        .account(account.id)
        .address(ctx.address.clone())
        .detail("username", account.username.clone())
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
