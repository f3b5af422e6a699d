//! `POST /admin/accounts/grant` and `POST /admin/accounts/revoke`: an admin changes an
//! account's roles. Each change is audited and takes effect at the account's next request.

use axum::extract::State;
use axum::response::Response;
use concord_domain::{Account, OrganisationId, Role};
use concord_store::AuditKind;
use serde::Deserialize;
use uuid::Uuid;

use super::accounts::done;
use super::{
    PostedForm, Refusal, answer, audit, organisation_exists, require_admin, target_account,
};
use crate::{HtmlError, PageContext};
use concord_http::state::AppState;

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
    form: PostedForm<GrantForm>,
) -> Result<Response, HtmlError> {
    let outcome = grant_role(&state, &ctx, form).await;
    answer(&state, &ctx, outcome).await
}

async fn grant_role(
    state: &AppState,
    ctx: &PageContext,
    form: PostedForm<GrantForm>,
) -> Result<Response, Refusal> {
    let (me, form) = require_admin(ctx, form)?;
    let account = target_account(state, &form.account).await?;
    let role = role_to_grant(state, ctx, &form).await?;
    let event = audit(ctx, me, AuditKind::RoleGranted, &account).detail("role", role.to_string());
    state.store.grant_role(account.id, role, event).await?;
    Ok(done()?)
}

/// `POST /admin/accounts/revoke`: 303 back to the list, or the list with the form's error.
pub async fn revoke(
    ctx: PageContext,
    State(state): State<AppState>,
    form: PostedForm<RevokeForm>,
) -> Result<Response, HtmlError> {
    let outcome = revoke_role(&state, &ctx, form).await;
    answer(&state, &ctx, outcome).await
}

async fn revoke_role(
    state: &AppState,
    ctx: &PageContext,
    form: PostedForm<RevokeForm>,
) -> Result<Response, Refusal> {
    let (me, form) = require_admin(ctx, form)?;
    let account = target_account(state, &form.account).await?;
    let Ok(role) = form.role.parse::<Role>() else {
        return Err(Refusal::Form(format!("{} is not a role.", form.role)));
    };
    if let Some(problem) = cannot_revoke(me, &account, &role) {
        return Err(Refusal::Form(problem));
    }
    let event = audit(ctx, me, AuditKind::RoleRevoked, &account).detail("role", role.to_string());
    state.store.revoke_role(account.id, role, event).await?;
    Ok(done()?)
}

/// The role the grant form asks for; a steward's organisation must exist, not be deleted and
/// be visible to the admin.
async fn role_to_grant(
    state: &AppState,
    ctx: &PageContext,
    form: &GrantForm,
) -> Result<Role, Refusal> {
    let role = match form.role.as_str() {
        "member" => Role::Member,
        "approver" => Role::Approver,
        "admin" => Role::Admin,
        "steward" => {
            let Ok(id) = form.organisation.trim().parse::<Uuid>() else {
                let problem = "Give the id of the organisation to steward.";
                return Err(Refusal::Form(problem.to_owned()));
            };
            if !organisation_exists(state, ctx, id).await? {
                let problem = format!("There is no organisation with the id {id}.");
                return Err(Refusal::Form(problem));
            }
            Role::Steward(OrganisationId(id))
        }
        other => return Err(Refusal::Form(format!("{other} is not a role."))),
    };
    Ok(role)
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
