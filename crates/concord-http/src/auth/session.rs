//! Sessions: a logged-in browser holds the cookie `concord_session` with a random secret; the
//! database holds only the secret's SHA-256 ([`concord_store::Session`]), so every server on the
//! same database shares them and a stolen database opens no session.
//!
//! A session is new at every log in (rotation: a secret planted before log in is worthless
//! after it), ends when unused for `AuthConfig::session_idle` or `session_absolute` after log in,
//! and ends at log out, at a password change (all of the account's) and when the account is
//! disabled. Must not decide what the person may do.

use axum::http::{HeaderMap, HeaderValue};
use chrono::{DateTime, Utc};
use concord_domain::{Account, AccountId};
use concord_store::token::{generate_secret, hash_secret};
use concord_store::{Session, Store, StoreError};

use super::AuthConfig;
use crate::error::AppError;
use crate::security::cookie;

/// The session cookie.
pub const COOKIE: &str = "concord_session";

/// Record a use of a session at most this often, so that reading pages is not a write each.
const TOUCH_EVERY_SECS: i64 = 60;

/// A session that was just started: put [`Started::set_cookie`] on the response.
#[derive(Debug)]
pub struct Started {
    /// The stored session.
    pub session: Session,
    /// The `Set-Cookie` header value that hands the browser its secret.
    pub set_cookie: HeaderValue,
}

/// Starts a session for `account` (after its password or Wikimedia login was checked), ending
/// the one the browser held before, if any.
pub async fn start(
    store: &dyn Store,
    config: &AuthConfig,
    headers: &HeaderMap,
    account: AccountId,
) -> Result<Started, AppError> {
    if let Some(old) = cookie::read(headers, COOKIE) {
        store.delete_session(&hash_secret(old)).await?;
    }
    let secret = generate_secret();
    let now = now();
    let session = Session {
        hash: hash_secret(&secret),
        account,
        csrf: generate_secret(),
        created_at: now,
        last_seen_at: now,
        idle_expires_at: now + chrono_duration(config.session_idle),
        expires_at: now + chrono_duration(config.session_absolute),
    };
    store.create_session(session.clone()).await?;
    let set_cookie = HeaderValue::from_str(&cookie::set(COOKIE, &secret, config.secure_cookies))
        .map_err(AppError::internal)?;
    Ok(Started {
        session,
        set_cookie,
    })
}

/// Ends the browser's session, if it has one, and returns the `Set-Cookie` that clears it.
pub async fn end(
    store: &dyn Store,
    config: &AuthConfig,
    headers: &HeaderMap,
) -> Result<HeaderValue, AppError> {
    if let Some(secret) = cookie::read(headers, COOKIE) {
        store.delete_session(&hash_secret(secret)).await?;
    }
    HeaderValue::from_str(&cookie::clear(COOKIE, config.secure_cookies)).map_err(AppError::internal)
}

/// The live session of the browser that sent `headers` and its account, or `None` when it has
/// no cookie, or its session is unknown, expired, or its account disabled (a stale cookie is
/// simply logged out). A use is recorded, pushing the idle expiry forward.
pub async fn current(
    store: &dyn Store,
    config: &AuthConfig,
    headers: &HeaderMap,
) -> Result<Option<(Session, Account)>, AppError> {
    let Some(secret) = cookie::read(headers, COOKIE) else {
        return Ok(None);
    };
    let now = now();
    let session = match store.session(&hash_secret(secret), now).await {
        Ok(session) => session,
        Err(StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let account = match store.account(session.account).await {
        Ok(account) if !account.disabled => account,
        Ok(_) | Err(StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    if (now - session.last_seen_at).num_seconds() >= TOUCH_EVERY_SECS {
        let idle_until = now + chrono_duration(config.session_idle);
        store.touch_session(&session.hash, now, idle_until).await?;
    }
    Ok(Some((session, account)))
}

/// Now, to the microsecond (what both databases keep).
fn now() -> DateTime<Utc> {
    chrono::SubsecRound::trunc_subsecs(Utc::now(), 6)
}

/// A std duration as chrono's, saturating at chrono's range.
fn chrono_duration(d: std::time::Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}
