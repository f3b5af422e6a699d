//! `GET /login/wikimedia` and its callback: "Log in with your Wikimedia account".
//!
//! The pending login (state and PKCE verifier) waits in a short-lived `HttpOnly`, `SameSite=Lax`
//! cookie scoped to `/login/wikimedia`, which only this site can read; it is cleared at the
//! callback. The account linked to the wiki's user id logs in; a logged-in account without a
//! link gets linked; anyone else is told that an admin can invite them.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use concord_domain::Account;
use concord_store::{AuditEvent, AuditKind, StoreError};

use crate::{HtmlError, Layout, PageContext, render, see_other};
use concord_http::auth::session;
use concord_http::auth::wikimedia::{
    CallbackQuery, PendingLogin, WikimediaError, WikimediaLogin, WikimediaProfile,
};
use concord_http::error::AppError;
use concord_http::security::cookie;
use concord_http::state::AppState;

/// The cookie holding the pending login, `state.verifier`.
const COOKIE: &str = "concord_wikimedia";
/// How long a begun login may take, in seconds.
const PENDING_SECS: u32 = 600;

/// The page for a Wikimedia user with no Concord account.
#[derive(Template)]
#[template(path = "session/no_account.html")]
struct NoAccountPage {
    layout: Layout,
    /// What the page says, naming the wiki user.
    text: String,
}

/// `GET /login/wikimedia`: 303 to the wiki's authorize page (404 when not configured).
pub async fn begin(State(state): State<AppState>) -> Result<Response, HtmlError> {
    let login = client(&state)?;
    let (url, pending) = login.begin();
    let value = format!("{}.{}", pending.state, pending.pkce_verifier);
    let cookie = pending_cookie(&value, PENDING_SECS, state.auth.secure_cookies)?;
    let mut response = see_other(url.as_str(), Some(cookie))?;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `GET /login/wikimedia/callback?code=…&state=…`: finishes the login, and clears the pending
/// login's cookie whatever the outcome (its code is single use).
pub async fn callback(
    ctx: PageContext,
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, HtmlError> {
    let clear = pending_cookie("", 0, state.auth.secure_cookies)?;
    let layout = ctx.layout();
    let mut response = match finish(&ctx, &state, &headers, &uri).await {
        Ok(response) => response,
        Err(e) => e.with_layout(layout).into_response(),
    };
    response.headers_mut().append(header::SET_COOKIE, clear);
    Ok(response)
}

/// Reads the callback, finishes the login with the wiki and signs in.
async fn finish(
    ctx: &PageContext,
    state: &AppState,
    headers: &HeaderMap,
    uri: &Uri,
) -> Result<Response, HtmlError> {
    let login = client(state)?;
    let query: CallbackQuery = serde_urlencoded::from_str(uri.query().unwrap_or(""))
        .map_err(|_| refusal(StatusCode::BAD_REQUEST, "The wiki's answer is malformed."))?;
    let pending = cookie::read(headers, COOKIE)
        .and_then(|value| value.split_once('.'))
        .map(|(state, verifier)| PendingLogin {
            state: state.to_owned(),
            pkce_verifier: verifier.to_owned(),
        })
        .ok_or_else(|| refusal(StatusCode::BAD_REQUEST, EXPIRED))?;
    let profile = match login.finish_callback(pending, &query).await {
        Ok(profile) => profile,
        Err(e) => return Err(failed(state, ctx, e).await),
    };
    sign_in(state, ctx, headers, &profile).await
}

const EXPIRED: &str = "This Wikimedia login expired or did not start here; start it again.";

/// Logs in the linked account, links the logged-in one, or explains that there is none.
async fn sign_in(
    state: &AppState,
    ctx: &PageContext,
    headers: &HeaderMap,
    profile: &WikimediaProfile,
) -> Result<Response, HtmlError> {
    let store = &*state.store;
    match store.account_by_wikimedia_id(&profile.id).await {
        Ok(account) if !account.disabled => {
            let started = session::start(store, &state.auth, headers, account.id).await?;
            let event = AuditEvent::new(AuditKind::LogIn, Some(&account.username))
                .account(account.id)
                .address(ctx.address.clone())
                .detail("method", "wikimedia");
            store.record_audit(event).await.map_err(AppError::from)?;
            see_other("/account", Some(started.set_cookie))
        }
        Ok(_) => Err(refusal(StatusCode::FORBIDDEN, DISABLED).with_layout(ctx.layout())),
        Err(StoreError::NotFound) => match &ctx.account {
            Some(account) => link(state, ctx, account, profile).await,
            None => {
                let page = NoAccountPage {
                    layout: ctx.layout(),
                    text: ctx.t().msg_with(
                        "concord-noaccount-text",
                        &[concord_i18n::Arg::User(profile.username.clone())],
                    ),
                };
                Ok(render(ctx.csrf.clone(), &page)?)
            }
        },
        Err(e) => Err(AppError::from(e).into()),
    }
}

const DISABLED: &str = "The Concord account linked to this Wikimedia account is disabled.";

/// Links the logged-in account to the wiki user, unless it is linked to another already.
async fn link(
    state: &AppState,
    ctx: &PageContext,
    account: &Account,
    profile: &WikimediaProfile,
) -> Result<Response, HtmlError> {
    if account.wikimedia_id.is_some() {
        let why = "Your account is linked to another Wikimedia account already.";
        return Err(refusal(StatusCode::CONFLICT, why).with_layout(ctx.layout()));
    }
    let event = AuditEvent::new(AuditKind::WikimediaLinked, Some(&account.username))
        .account(account.id)
        .address(ctx.address.clone())
        .detail("wikimedia_username", profile.username.clone());
    state
        .store
        .link_wikimedia(account.id, &profile.id, event)
        .await
        .map_err(AppError::from)?;
    see_other("/account", None)
}

/// The page for a failed login; a blocked user's attempt is audited.
async fn failed(state: &AppState, ctx: &PageContext, error: WikimediaError) -> HtmlError {
    match error {
        WikimediaError::Blocked => {
            let event = AuditEvent::new(AuditKind::LogInFailed, None)
                .address(ctx.address.clone())
                .detail("method", "wikimedia")
                .detail("reason", "blocked");
            if let Err(e) = state.store.record_audit(event).await {
                return AppError::from(e).into();
            }
            refusal(
                StatusCode::FORBIDDEN,
                "Blocked Wikimedia accounts cannot log in here.",
            )
        }
        WikimediaError::Denied => {
            refusal(StatusCode::FORBIDDEN, "The wiki did not allow the login.")
        }
        WikimediaError::StateMismatch => refusal(StatusCode::BAD_REQUEST, EXPIRED),
        WikimediaError::Config(_) => AppError::internal(error).into(),
        other => {
            tracing::warn!(error = %other, "a Wikimedia login failed");
            refusal(
                StatusCode::BAD_GATEWAY,
                "The wiki could not complete the login; try again later.",
            )
        }
    }
}

/// The login client, or 404 when Wikimedia login is not configured.
fn client(state: &AppState) -> Result<&WikimediaLogin, HtmlError> {
    Ok(state.auth.wikimedia.as_deref().ok_or(AppError::NotFound)?)
}

fn refusal(status: StatusCode, message: &str) -> HtmlError {
    HtmlError::page(status, "Wikimedia login failed", message)
}

/// The `Set-Cookie` of the pending login, lasting `max_age` seconds (0 clears it).
fn pending_cookie(value: &str, max_age: u32, secure: bool) -> Result<HeaderValue, AppError> {
    let secure = if secure { "; Secure" } else { "" };
    let text = format!(
        "{COOKIE}={value}; Path=/login/wikimedia; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    );
    HeaderValue::from_str(&text).map_err(AppError::internal)
}
