//! `POST /admin/accounts/grant` and `POST /admin/accounts/revoke`: an admin changes an
//! account's roles. Each change is audited and takes effect at the account's next request.

use axum::extract::State;
use axum::response::Response;
use concord_domain::{Account, OrganisationId, Role};
use concord_i18n::{Arg, Localizer};
use concord_store::AuditKind;
use serde::Deserialize;
use uuid::Uuid;

use super::accounts::done;
use super::{
    PostedForm, Refusal, answer, audit, no_organisation, organisation_exists, require_admin,
    target_account,
};
use crate::secret::role_name;
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
    let account = target_account(state, ctx, &form.account).await?;
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
    let account = target_account(state, ctx, &form.account).await?;
    let t = ctx.t();
    let Ok(role) = form.role.parse::<Role>() else {
        return Err(not_a_role(t, &form.role));
    };
    if let Some(problem) = cannot_revoke(t, me, &account, &role) {
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
    let t = ctx.t();
    let role = match form.role.as_str() {
        "member" => Role::Member,
        "approver" => Role::Approver,
        "admin" => Role::Admin,
        "steward" => {
            let Ok(id) = form.organisation.trim().parse::<Uuid>() else {
                let problem = t.msg("concord-admin-error-steward-id");
                return Err(Refusal::Form(problem));
            };
            if !organisation_exists(state, ctx, id).await? {
                return Err(no_organisation(t, &id.to_string()));
            }
            Role::Steward(OrganisationId(id))
        }
        other => return Err(not_a_role(t, other)),
    };
    Ok(role)
}

/// The refusal of a role the form names that is none.
fn not_a_role(t: &Localizer, role: &str) -> Refusal {
    Refusal::Form(t.msg_with("concord-admin-error-not-a-role", &[Arg::from(role)]))
}

/// Why `role` cannot be revoked from `account` by `me`: it is not held, or it is `me`'s own
/// admin role (which would leave nobody able to undo it).
fn cannot_revoke(t: &Localizer, me: &Account, account: &Account, role: &Role) -> Option<String> {
    if !account.roles.contains(role) {
        Some(t.msg_with(
            "concord-admin-error-not-held",
            &[
                Arg::User(account.username.clone()),
                Arg::Text(role_name(t, role)),
            ],
        ))
    } else if account.id == me.id && *role == Role::Admin {
        Some(t.msg("concord-admin-error-revoke-self"))
    } else {
        None
    }
}
