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
use concord_domain::Problem;
use concord_domain::account::{
    MAX_PASSWORD_BYTES, MAX_USERNAME_CHARS, MIN_PASSWORD_CHARS, validate_password,
    validate_username,
};
use concord_i18n::{Arg, Localizer};
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
const TAKEN: &str = "concord-signup-error-taken";

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
    /// The password field's help, with the minimum length.
    password_help: String,
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
    let t = ctx.t();
    let mut errors = check(t, &form);
    if errors.is_empty() && username_taken(&state, &form.username).await? {
        errors.push(t.msg(TAKEN));
    }
    if !errors.is_empty() {
        return refused(&ctx, &secret, &form, errors);
    }
    let Some(account) = sign_up(&state, &ctx, &secret, &form).await? else {
        return refused(&ctx, &secret, &form, vec![t.msg(TAKEN)]);
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

/// What is wrong with the form, in sentences in the reader's language (empty when nothing).
fn check(t: &Localizer, form: &SignupForm) -> Vec<String> {
    let mut errors = Vec::new();
    if let Err(e) = validate_username(&form.username) {
        errors.push(match e.problem {
            Problem::Required => t.msg("concord-signup-error-username-required"),
            _ => t.msg_with(
                "concord-signup-error-username",
                &[Arg::from(MAX_USERNAME_CHARS)],
            ),
        });
    }
    let display_name = form.display_name.trim();
    if display_name.is_empty() || display_name.chars().count() > MAX_DISPLAY_NAME_CHARS {
        errors.push(t.msg_with(
            "concord-signup-error-display-name",
            &[Arg::from(MAX_DISPLAY_NAME_CHARS)],
        ));
    }
    let email = form.email.trim();
    if !email.is_empty()
        && (!email.contains('@')
            || email.chars().count() > MAX_EMAIL_CHARS
            || email.chars().any(|c| c.is_whitespace() || c.is_control()))
    {
        errors.push(t.msg("concord-signup-error-email"));
    }
    if form.password != form.repeat {
        errors.push(t.msg("concord-signup-error-differ"));
    } else if validate_password(&form.password, &form.username).is_err() {
        errors.push(password_problem(t, &form.password));
    }
    errors
}

/// Why `validate_password` refused `password`, in the reader's language: too short, too long,
/// or (the only other refusal) the username again.
pub(crate) fn password_problem(t: &Localizer, password: &str) -> String {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        t.msg_with(
            "concord-password-error-short",
            &[Arg::from(MIN_PASSWORD_CHARS)],
        )
    } else if password.len() > MAX_PASSWORD_BYTES {
        t.msg_with(
            "concord-password-error-long",
            &[Arg::from(MAX_PASSWORD_BYTES)],
        )
    } else {
        t.msg("concord-password-error-username")
    }
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
        password_help: ctx.t().msg_with(
            "concord-signup-password-help",
            &[Arg::from(MIN_PASSWORD_CHARS)],
        ),
    };
    Ok(render_with_status(status, ctx.csrf.clone(), &page)?)
}

fn no_longer_valid(ctx: &PageContext) -> HtmlError {
    HtmlError::message_page(
        StatusCode::NOT_FOUND,
        "concord-signup-invalid-title",
        "concord-signup-invalid",
    )
    .with_layout(ctx.layout())
}

/// Now, to the microsecond (what both databases keep).
fn now() -> chrono::DateTime<Utc> {
    chrono::SubsecRound::trunc_subsecs(Utc::now(), 6)
}
