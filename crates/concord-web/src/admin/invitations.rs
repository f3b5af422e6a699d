//! `POST /admin/invitations`: an invitation to sign up with the roles the admin picked. Its
//! link (`/signup/<secret>`) is shown once, on the response page, never in a URL of ours; the
//! store keeps only the secret's hash.

use std::collections::BTreeSet;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use concord_domain::{Account, OrganisationId, Role};
use concord_i18n::{Arg, Localizer};
use concord_store::{AuditEvent, AuditKind, Invitation};
use serde::Deserialize;

use super::accounts::{Notes, page};
use super::{PostedForm, Refusal, answer, no_organisation, organisation_exists, require_admin};
use crate::secret::{FreshSecret, lifetime_days, shown};
use crate::{HtmlError, PageContext};
use concord_http::error::AppError;
use concord_http::state::AppState;

/// Days an invitation lasts unless the form says otherwise.
pub const DEFAULT_DAYS: u32 = 7;
/// The longest an invitation may last, in days.
pub const MAX_DAYS: u32 = 30;

/// The form: a checkbox per role, an optional organisation to steward, and the days it lasts.
#[derive(Debug, Deserialize)]
pub struct InvitationForm {
    #[serde(default)]
    member: Option<String>,
    #[serde(default)]
    approver: Option<String>,
    #[serde(default)]
    admin: Option<String>,
    #[serde(default)]
    steward: String,
    #[serde(default)]
    days: String,
}

/// `POST /admin/invitations`: the accounts page with the new link, or with the form's error.
pub async fn create(
    ctx: PageContext,
    State(state): State<AppState>,
    form: PostedForm<InvitationForm>,
) -> Result<Response, HtmlError> {
    let outcome = invite(&state, &ctx, form).await;
    answer(&state, &ctx, outcome).await
}

async fn invite(
    state: &AppState,
    ctx: &PageContext,
    form: PostedForm<InvitationForm>,
) -> Result<Response, Refusal> {
    let (me, form) = require_admin(ctx, form)?;
    let (roles, days) = check(ctx.t(), &form).map_err(Refusal::Form)?;
    steward_exists(state, ctx, &roles).await?;
    let (link, expires) = store_invitation(state, ctx, me, roles, days).await?;
    let notes = Notes {
        invitation: Some((link, expires)),
        ..Notes::default()
    };
    Ok(page(state, ctx, notes, StatusCode::OK).await?)
}

/// Stores an invitation by `me` and returns its link and when it expires, as shown.
async fn store_invitation(
    state: &AppState,
    ctx: &PageContext,
    me: &Account,
    roles: BTreeSet<Role>,
    days: u32,
) -> Result<(String, String), AppError> {
    let fresh = FreshSecret::lasting(days);
    let listed: Vec<String> = roles.iter().map(ToString::to_string).collect();
    let event = AuditEvent::new(AuditKind::InvitationCreated, Some(&me.username))
        .address(ctx.address.clone())
        .detail("roles", listed)
        .detail("expires_at", fresh.expires_at.to_rfc3339());
    let invitation = Invitation {
        hash: fresh.hash,
        roles,
        invited_by: Some(me.id),
        created_at: fresh.created_at,
        expires_at: fresh.expires_at,
    };
    state.store.create_invitation(invitation, event).await?;
    Ok((
        format!("/signup/{}", fresh.secret),
        shown(ctx.t(), fresh.expires_at),
    ))
}

/// The roles and lifetime the form asks for, or what is wrong with it.
fn check(t: &Localizer, form: &InvitationForm) -> Result<(BTreeSet<Role>, u32), String> {
    let mut roles = BTreeSet::new();
    let ticked = |field: &Option<String>| field.as_deref().is_some_and(|v| !v.is_empty());
    for (field, role) in [
        (&form.member, Role::Member),
        (&form.approver, Role::Approver),
        (&form.admin, Role::Admin),
    ] {
        if ticked(field) {
            roles.insert(role);
        }
    }
    let steward = form.steward.trim();
    if !steward.is_empty() {
        let id = steward.parse::<OrganisationId>().map_err(|_| {
            t.msg_with(
                "concord-admin-error-not-an-organisation-id",
                &[Arg::from(steward)],
            )
        })?;
        roles.insert(Role::Steward(id));
    }
    if roles.is_empty() {
        return Err(t.msg("concord-admin-error-no-role"));
    }
    let days = lifetime_days(&form.days, DEFAULT_DAYS, MAX_DAYS)
        .map_err(|max| t.msg_with("concord-admin-error-days", &[Arg::from(max)]))?;
    Ok((roles, days))
}

/// Checks that the organisation of a steward role exists and is visible.
async fn steward_exists(
    state: &AppState,
    ctx: &PageContext,
    roles: &BTreeSet<Role>,
) -> Result<(), Refusal> {
    for role in roles {
        if let Role::Steward(id) = role
            && !organisation_exists(state, ctx, id.0).await?
        {
            return Err(no_organisation(ctx.t(), &id.to_string()));
        }
    }
    Ok(())
}
