//! `GET /login` and `POST /login`: a local password log in, throttled per account and per
//! client address, answering an unknown user, a wrong password and a disabled account alike.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use concord_domain::Account;
use concord_store::{AuditEvent, AuditKind, StoreError};
use serde::Deserialize;

use crate::{HtmlError, Layout, PageContext, render, see_other};
use concord_http::auth::password::verify_password;
use concord_http::auth::{session, throttle};
use concord_http::error::AppError;
use concord_http::extract::QueryPairs;
use concord_http::security::CsrfForm;
use concord_http::state::AppState;

/// What every refused log in is told, whatever the reason: a message key.
const REFUSED: &str = "concord-login-refused";

/// The log-in page.
#[derive(Template)]
#[template(path = "session/login.html")]
struct LoginPage {
    layout: Layout,
    csrf: String,
    username: String,
    next: String,
    /// The key of the message saying why the form is back.
    error: Option<&'static str>,
    wikimedia: bool,
}

/// The log-in form's fields.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// `GET /login[?next=/path]`.
pub async fn form(
    ctx: PageContext,
    State(state): State<AppState>,
    QueryPairs(query): QueryPairs,
) -> Result<Response, HtmlError> {
    let next = query
        .iter()
        .find(|(name, _)| name == "next")
        .map(|(_, value)| value.clone())
        .unwrap_or_default();
    page(&ctx, &state, String::new(), next, None)
}

fn page(
    ctx: &PageContext,
    state: &AppState,
    username: String,
    next: String,
    error: Option<&'static str>,
) -> Result<Response, HtmlError> {
    let page = LoginPage {
        layout: ctx.layout(),
        csrf: ctx.csrf.value().to_owned(),
        username,
        next: safe_next(&next).unwrap_or_default().to_owned(),
        error,
        wikimedia: state.auth.wikimedia.is_some(),
    };
    Ok(render(ctx.csrf.clone(), &page)?)
}

/// `POST /login`: 303 to `next` (or `/account`) with a new session, else the form again.
pub async fn submit(
    ctx: PageContext,
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<CsrfForm<LoginForm>, AppError>,
) -> Result<Response, HtmlError> {
    let form = ctx.form(form)?;
    let store = &*state.store;
    let address = ctx.address.as_deref();
    let counted = match throttle::count_anonymous_write(store, &state.auth, address).await {
        Ok(()) => throttle::count_login_attempt(store, &state.auth, address, &form.username).await,
        Err(e) => Err(e),
    };
    if let Err(e) = counted {
        audit_failure(&state, &ctx, &form.username, "throttled").await?;
        return Err(ctx.error_page(e));
    }
    let Some(account) = check_password(&state, &form).await? else {
        audit_failure(&state, &ctx, &form.username, "refused").await?;
        let mut response = page(&ctx, &state, form.username, form.next, Some(REFUSED))?;
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    };
    throttle::login_succeeded(store, &form.username).await?;
    let started = session::start(store, &state.auth, &headers, account.id).await?;
    let event = AuditEvent::new(AuditKind::LogIn, Some(&account.username))
        .account(account.id)
        .address(ctx.address.clone())
        .detail("method", "password");
    store.record_audit(event).await.map_err(AppError::from)?;
    let next = safe_next(&form.next).unwrap_or("/account");
    see_other(next, Some(started.set_cookie))
}

/// The account whose password this is, when it exists, is enabled and the password matches.
/// The password is always checked (against a decoy when there is no account), so the time
/// taken does not tell whether the account exists.
async fn check_password(state: &AppState, form: &LoginForm) -> Result<Option<Account>, AppError> {
    let account = match state.store.account_by_username(&form.username).await {
        Ok(account) if !account.disabled => Some(account),
        Ok(_) | Err(StoreError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let hash = match &account {
        Some(account) => state.store.password_hash(account.id).await?,
        None => None,
    };
    let matched = verify_password(hash, &form.password)
        .await
        .map_err(AppError::internal)?;
    Ok(account.filter(|_| matched))
}

/// Appends a `log_in_failed` event: the username typed, never the password.
async fn audit_failure(
    state: &AppState,
    ctx: &PageContext,
    username: &str,
    reason: &str,
) -> Result<(), AppError> {
    let event = AuditEvent::new(AuditKind::LogInFailed, None)
        .address(ctx.address.clone())
        .detail("username", username)
        .detail("reason", reason);
    Ok(state.store.record_audit(event).await?)
}

/// `next` when it is a path on this site (`/…`, not `//…` nor `/\…`), else `None`.
pub fn safe_next(next: &str) -> Option<&str> {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\');
    local.then_some(next)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_log_in() {
        assert_eq!(safe_next("/records/1?x=y"), Some("/records/1?x=y"));
        for bad in [
            "",
            "https://evil.example",
            "//evil.example",
            "/\\evil",
            "/a\nb",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
    }
}
