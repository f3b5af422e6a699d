//! Signing up with an invitation link: `GET /signup/{secret}` shows the form, `POST` creates
//! the account with the invitation's roles, uses the invitation up, logs the new account in
//! and goes to `/account`. (The route calls the secret `{id}`, to be read by [`PathId`].)
//!
//! The form is checked (and the username looked up) before the invitation is taken, so a
//! mistake or a taken username leaves the link usable. A used, expired or unknown link is a
//! 404 page. Every `POST` counts as an anonymous write of the client's address.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use chrono::Utc;
use concord_domain::AccountId;
use concord_domain::account::{validate_password, validate_username};
use concord_store::token::hash_secret;
use concord_store::{AuditEvent, AuditKind, Invitation, NewAccount, StoreError};
use serde::Deserialize;

use super::{HtmlError, Layout, PageContext, render_with_status, see_other};
use concord_http::auth::password::hash_password;
use concord_http::auth::{session, throttle};
use concord_http::error::AppError;
use concord_http::extract::PathId;
use concord_http::security::CsrfForm;
use concord_http::state::AppState;

/// Longest display name.
const MAX_DISPLAY_NAME_CHARS: usize = 200;
/// Longest email address.
const MAX_EMAIL_CHARS: usize = 254;
/// What a taken username is told.
const TAKEN: &str = "That username is taken; pick another.";

/// This module's routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/signup/{id}", get(form).post(submit))
}

/// The sign-up page.
#[derive(Template)]
#[template(path = "signup/form.html")]
struct SignupPage {
    layout: Layout,
    csrf: String,
    action: String,
    username: String,
    display_name: String,
    email: String,
    errors: Vec<String>,
}

/// The form's fields.
#[derive(Debug, Default, Deserialize)]
pub struct SignupForm {
    username: String,
    display_name: String,
    #[serde(default)]
    email: String,
    password: String,
    repeat: String,
}

/// `GET /signup/{secret}`.
async fn form(ctx: PageContext, PathId(secret): PathId<String>) -> Result<Response, HtmlError> {
    page(
        &ctx,
        &secret,
        &SignupForm::default(),
        Vec::new(),
        StatusCode::OK,
    )
}

/// `POST /signup/{secret}`: 303 to `/account`, logged in; the form again with its errors
/// (422); a 404 page when the link is no longer valid.
async fn submit(
    ctx: PageContext,
    State(state): State<AppState>,
    PathId(secret): PathId<String>,
    headers: HeaderMap,
    form: Result<CsrfForm<SignupForm>, AppError>,
) -> Result<Response, HtmlError> {
    let form = ctx.form(form)?;
    let store = &*state.store;
    throttle::count_anonymous_write(store, &state.auth, ctx.address.as_deref())
        .await
        .map_err(|e| ctx.error_page(e))?;
    let mut errors = check(&form);
    if errors.is_empty() && username_taken(&state, &form.username).await? {
        errors.push(TAKEN.to_owned());
    }
    if !errors.is_empty() {
        return refused(&ctx, &secret, &form, errors);
    }
    let Some(account) = sign_up(&state, &ctx, &secret, &form).await? else {
        return refused(&ctx, &secret, &form, vec![TAKEN.to_owned()]);
    };
    let started = session::start(store, &state.auth, &headers, account).await?;
    see_other("/account", Some(started.set_cookie))
}

/// Uses the invitation up and creates the account; `None` when the username was taken in the
/// meantime (the invitation is then stored again, so its link keeps working).
async fn sign_up(
    state: &AppState,
    ctx: &PageContext,
    secret: &str,
    form: &SignupForm,
) -> Result<Option<AccountId>, HtmlError> {
    let hash = hash_password(&form.password)
        .await
        .map_err(|e| ctx.error_page(AppError::internal(e)))?;
    let taken = state
        .store
        .take_invitation(&hash_secret(secret), now())
        .await;
    let invitation = match taken {
        Ok(invitation) => invitation,
        Err(StoreError::NotFound) => return Err(no_longer_valid(ctx)),
        Err(e) => return Err(ctx.error_page(e)),
    };
    match create(state, ctx, form, hash, &invitation).await {
        Ok(account) => Ok(Some(account)),
        Err(StoreError::Duplicate { .. }) => {
            give_back(state, invitation)
                .await
                .map_err(|e| ctx.error_page(e))?;
            Ok(None)
        }
        Err(e) => Err(ctx.error_page(e)),
    }
}

/// What is wrong with the form, in sentences (empty when nothing).
fn check(form: &SignupForm) -> Vec<String> {
    let mut errors = Vec::new();
    if let Err(e) = validate_username(&form.username) {
        errors.push(format!("The username is not acceptable: {}.", e.problem));
    }
    let display_name = form.display_name.trim();
    if display_name.is_empty() || display_name.chars().count() > MAX_DISPLAY_NAME_CHARS {
        errors.push(format!(
            "Give a display name of 1–{MAX_DISPLAY_NAME_CHARS} characters."
        ));
    }
    let email = form.email.trim();
    if !email.is_empty()
        && (!email.contains('@')
            || email.chars().count() > MAX_EMAIL_CHARS
            || email.chars().any(|c| c.is_whitespace() || c.is_control()))
    {
        errors.push("The email address does not look like one.".to_owned());
    }
    if form.password != form.repeat {
        errors.push("The password and its repetition differ.".to_owned());
    } else if let Err(e) = validate_password(&form.password, &form.username) {
        errors.push(format!("The password is not acceptable: {}.", e.problem));
    }
    errors
}

async fn username_taken(state: &AppState, username: &str) -> Result<bool, AppError> {
    match state.store.account_by_username(username).await {
        Ok(_) => Ok(true),
        Err(StoreError::NotFound) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Creates the account with the invitation's roles, audited as `account_created`.
async fn create(
    state: &AppState,
    ctx: &PageContext,
    form: &SignupForm,
    password_hash: String,
    invitation: &Invitation,
) -> Result<AccountId, StoreError> {
    let id = AccountId(concord_store::new_id());
    let email = Some(form.email.trim().to_owned()).filter(|e| !e.is_empty());
    let roles: Vec<String> = invitation.roles.iter().map(ToString::to_string).collect();
    let mut event = AuditEvent::new(AuditKind::AccountCreated, Some(&form.username))
        .account(id)
        .address(ctx.address.clone())
        .detail("method", "invitation")
        .detail("roles", roles);
    if let Some(by) = invitation.invited_by {
        event = event.detail("invited_by", by.to_string());
    }
    let new = NewAccount {
        id,
        username: form.username.clone(),
        display_name: form.display_name.trim().to_owned(),
        email,
        password_hash: Some(password_hash),
        roles: invitation.roles.clone(),
        wikimedia_id: None,
        created_at: now(),
    };
    state.store.create_account(new, event).await.map(|a| a.id)
}

/// Stores a taken invitation again, when the account could not be created after all (the
/// username was taken in between), so its link keeps working.
async fn give_back(state: &AppState, invitation: Invitation) -> Result<(), AppError> {
    let event = AuditEvent::new(AuditKind::InvitationCreated, None)
        .detail("reason", "restored after a sign-up with a taken username");
    Ok(state.store.create_invitation(invitation, event).await?)
}

/// The form again with `errors` (422).
fn refused(
    ctx: &PageContext,
    secret: &str,
    form: &SignupForm,
    errors: Vec<String>,
) -> Result<Response, HtmlError> {
    page(ctx, secret, form, errors, StatusCode::UNPROCESSABLE_ENTITY)
}

fn page(
    ctx: &PageContext,
    secret: &str,
    form: &SignupForm,
    errors: Vec<String>,
    status: StatusCode,
) -> Result<Response, HtmlError> {
    let page = SignupPage {
        layout: ctx.layout(),
        csrf: ctx.csrf.value().to_owned(),
        action: format!("/signup/{secret}"),
        username: form.username.clone(),
        display_name: form.display_name.clone(),
        email: form.email.clone(),
        errors,
    };
    Ok(render_with_status(status, ctx.csrf.clone(), &page)?)
}

fn no_longer_valid(ctx: &PageContext) -> HtmlError {
    HtmlError::page(
        StatusCode::NOT_FOUND,
        "This link is no longer valid",
        "This sign-up link has been used, has expired or never existed. Ask an administrator \
         for a new invitation.",
    )
    .with_layout(ctx.layout())
}

/// Now, to the microsecond (what both databases keep).
fn now() -> chrono::DateTime<Utc> {
    chrono::SubsecRound::trunc_subsecs(Utc::now(), 6)
}
