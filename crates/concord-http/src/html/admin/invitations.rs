//! `POST /admin/invitations`: an invitation to sign up with the roles the admin picked. Its
//! link (`/signup/<secret>`) is shown once, on the response page, never in a URL of ours; the
//! store keeps only the secret's hash.

use std::collections::BTreeSet;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Duration, Utc};
use concord_domain::{Account, Action, OrganisationId, Role};
use concord_store::token::{generate_secret, hash_secret};
use concord_store::{AuditEvent, AuditKind, Invitation};
use serde::Deserialize;

use super::accounts::{Notes, PATH, page, refused};
use super::{admin, organisation_exists, page_error};
use crate::error::AppError;
use crate::html::{HtmlError, PageContext};
use crate::security::CsrfForm;
use crate::state::AppState;

/// Days an invitation lasts unless the form says otherwise.
pub const DEFAULT_DAYS: i64 = 7;
/// The longest an invitation may last, in days.
pub const MAX_DAYS: i64 = 30;

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
    form: Result<CsrfForm<InvitationForm>, AppError>,
) -> Result<Response, HtmlError> {
    let me = admin(&ctx, Action::ManageAccounts, PATH)?;
    let CsrfForm(form) = form.map_err(page_error(&ctx))?;
    let checked = match check(&form) {
        Ok((roles, days)) => steward_exists(&state, &ctx, &roles)
            .await?
            .map(|()| (roles, days)),
        Err(problem) => Err(problem),
    };
    let (roles, days) = match checked {
        Ok(checked) => checked,
        Err(problem) => return refused(&state, &ctx, problem).await,
    };
    let (link, expires) = store_invitation(&state, &ctx, me, roles, days).await?;
    let notes = Notes {
        invitation: Some((link, expires)),
        ..Notes::default()
    };
    page(&state, &ctx, notes, StatusCode::OK).await
}

/// Stores an invitation by `me` and returns its link and when it expires, as shown.
async fn store_invitation(
    state: &AppState,
    ctx: &PageContext,
    me: &Account,
    roles: BTreeSet<Role>,
    days: i64,
) -> Result<(String, String), AppError> {
    let secret = generate_secret();
    let now = chrono::SubsecRound::trunc_subsecs(Utc::now(), 6);
    let expires_at = now + Duration::days(days);
    let listed: Vec<String> = roles.iter().map(ToString::to_string).collect();
    let event = AuditEvent::new(AuditKind::InvitationCreated, Some(&me.username))
        .address(ctx.address.clone())
        .detail("roles", listed)
        .detail("expires_at", expires_at.to_rfc3339());
    let invitation = Invitation {
        hash: hash_secret(&secret),
        roles,
        invited_by: Some(me.id),
        created_at: now,
        expires_at,
    };
    state.store.create_invitation(invitation, event).await?;
    let expires = expires_at.format("%Y-%m-%d %H:%M UTC").to_string();
    Ok((format!("/signup/{secret}"), expires))
}

/// The roles and lifetime the form asks for, or what is wrong with it.
fn check(form: &InvitationForm) -> Result<(BTreeSet<Role>, i64), String> {
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
        let id = steward
            .parse::<OrganisationId>()
            .map_err(|_| format!("{steward} is not an organisation id."))?;
        roles.insert(Role::Steward(id));
    }
    if roles.is_empty() {
        return Err("Pick at least one role for the invitation.".to_owned());
    }
    let days = match form.days.trim() {
        "" => DEFAULT_DAYS,
        text => text
            .parse()
            .ok()
            .filter(|days| (1..=MAX_DAYS).contains(days))
            .ok_or_else(|| format!("The invitation must last 1–{MAX_DAYS} days."))?,
    };
    Ok((roles, days))
}

/// Checks that the organisation of a steward role exists and is visible.
async fn steward_exists(
    state: &AppState,
    ctx: &PageContext,
    roles: &BTreeSet<Role>,
) -> Result<Result<(), String>, AppError> {
    for role in roles {
        if let Role::Steward(id) = role
            && !organisation_exists(state, ctx, id.0).await?
        {
            return Ok(Err(format!("There is no organisation with the id {id}.")));
        }
    }
    Ok(Ok(()))
}
