//! `POST /admin/accounts/grant` and `POST /admin/accounts/revoke`: an admin changes an
//! account's roles. Each change is audited and takes effect at the account's next request.

use axum::extract::State;
use axum::response::Response;
use concord_domain::{Account, Action, OrganisationId, Role};
use concord_store::AuditKind;
use serde::Deserialize;
use uuid::Uuid;

use super::accounts::{PATH, done, refused};
use super::{admin, event, named_account, organisation_exists, page_error};
use crate::error::AppError;
use crate::html::{HtmlError, PageContext};
use crate::security::CsrfForm;
use crate::state::AppState;

/// The grant form: the account's id, `member`, `approver`, `admin` or `steward`, and for a
/// steward the organisation's id.
#[derive(Debug, Deserialize)]
pub struct GrantForm {
    account: String,
    role: String,
    #[serde(default)]
    organisation: String,
}

/// The revoke form: the account's id and the role as listed (`steward:<id>`).
#[derive(Debug, Deserialize)]
pub struct RevokeForm {
    account: String,
    role: String,
}

/// `POST /admin/accounts/grant`: 303 back to the list, or the list with the form's error.
pub async fn grant(
    ctx: PageContext,
    State(state): State<AppState>,
    form: Result<CsrfForm<GrantForm>, AppError>,
) -> Result<Response, HtmlError> {
    let me = admin(&ctx, Action::ManageAccounts, PATH)?;
    let CsrfForm(form) = form.map_err(page_error(&ctx))?;
    let account = match named_account(&state, &form.account).await? {
        Ok(account) => account,
        Err(problem) => return refused(&state, &ctx, problem).await,
    };
    let role = match role_to_grant(&state, &ctx, &form).await? {
        Ok(role) => role,
        Err(problem) => return refused(&state, &ctx, problem).await,
    };
    let event = event(&ctx, me, AuditKind::RoleGranted, account.id)
        .detail("role", role.to_string())
        .detail("username", account.username.clone());
    state
        .store
        .grant_role(account.id, role, event)
        .await
        .map_err(AppError::from)?;
    done()
}

/// `POST /admin/accounts/revoke`: 303 back to the list, or the list with the form's error.
pub async fn revoke(
    ctx: PageContext,
    State(state): State<AppState>,
    form: Result<CsrfForm<RevokeForm>, AppError>,
) -> Result<Response, HtmlError> {
    let me = admin(&ctx, Action::ManageAccounts, PATH)?;
    let CsrfForm(form) = form.map_err(page_error(&ctx))?;
    let account = match named_account(&state, &form.account).await? {
        Ok(account) => account,
        Err(problem) => return refused(&state, &ctx, problem).await,
    };
    let Ok(role) = form.role.parse::<Role>() else {
        return refused(&state, &ctx, format!("{} is not a role.", form.role)).await;
    };
    if let Some(problem) = cannot_revoke(me, &account, &role) {
        return refused(&state, &ctx, problem).await;
    }
    let event = event(&ctx, me, AuditKind::RoleRevoked, account.id)
        .detail("role", role.to_string())
        .detail("username", account.username.clone());
    state
        .store
        .revoke_role(account.id, role, event)
        .await
        .map_err(AppError::from)?;
    done()
}

/// The role the grant form asks for; a steward's organisation must exist, not be deleted and
/// be visible to the admin.
async fn role_to_grant(
    state: &AppState,
    ctx: &PageContext,
    form: &GrantForm,
) -> Result<Result<Role, String>, AppError> {
    let role = match form.role.as_str() {
        "member" => Role::Member,
        "approver" => Role::Approver,
        "admin" => Role::Admin,
        "steward" => {
            let Ok(id) = form.organisation.trim().parse::<Uuid>() else {
                return Ok(Err("Give the id of the organisation to steward.".to_owned()));
            };
            if !organisation_exists(state, ctx, id).await? {
                return Ok(Err(format!("There is no organisation with the id {id}.")));
            }
            Role::Steward(OrganisationId(id))
        }
        other => return Ok(Err(format!("{other} is not a role."))),
    };
    Ok(Ok(role))
}

/// Why `role` cannot be revoked from `account` by `me`: it is not held, or it is `me`'s own
/// admin role (which would leave nobody able to undo it).
fn cannot_revoke(me: &Account, account: &Account, role: &Role) -> Option<String> {
    if !account.roles.contains(role) {
        Some(format!(
            "{} does not hold the role {role}.",
            account.username
        ))
    } else if account.id == me.id && *role == Role::Admin {
        Some("You cannot revoke your own admin role; ask another admin.".to_owned())
    } else {
        None
    }
}
