//! Logged-in sessions, kept in the database so every server sharing it sees them.
//!
//! A session is live at `now` while `now` is before both its idle and absolute expiry and its
//! account is not disabled; anything else reads as `NotFound`. A use moves the idle expiry of
//! a live session forward, never past its absolute expiry, and never revives an expired one.

use chrono::{DateTime, Utc};
use concord_domain::AccountId;
use concord_store::{Session, StoreResult};
use concord_store_sql::Native;
use concord_store_sql::account::{SESSION_COLUMNS, SessionRow};

use crate::PgStore;
use crate::error::map_err;

/// See `AccountStore::create_session`.
pub(crate) async fn create_session(store: &PgStore, session: Session) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sessions (hash, account_id, csrf, created_at, last_seen_at, \
             idle_expires_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&session.hash)
    .bind(session.account.0)
    .bind(&session.csrf)
    .bind(session.created_at)
    .bind(session.last_seen_at)
    .bind(session.idle_expires_at)
    .bind(session.expires_at)
    .execute(&store.pool)
    .await
    .map_err(map_err)?;
    Ok(())
}

/// See `AccountStore::session`.
pub(crate) async fn session(
    store: &PgStore,
    hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<Session> {
    let sql = format!(
        "SELECT {SESSION_COLUMNS} FROM sessions s JOIN accounts a ON a.id = s.account_id \
         WHERE s.hash = $1 AND s.idle_expires_at > $2 AND s.expires_at > $2 AND NOT a.disabled"
    );
    let row: SessionRow<Native> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(hash)
        .bind(now)
        .fetch_one(&store.pool)
        .await
        .map_err(map_err)?;
    row.into_session()
}

/// See `AccountStore::touch_session`.
pub(crate) async fn touch_session(
    store: &PgStore,
    hash: &str,
    now: DateTime<Utc>,
    idle_until: DateTime<Utc>,
) -> StoreResult<()> {
    // An expired session stays expired: only a live one is moved forward.
    sqlx::query(
        "UPDATE sessions SET last_seen_at = $2, idle_expires_at = LEAST($3, expires_at) \
             WHERE hash = $1 AND idle_expires_at > $2 AND expires_at > $2",
    )
    .bind(hash)
    .bind(now)
    .bind(idle_until)
    .execute(&store.pool)
    .await
    .map_err(map_err)?;
    Ok(())
}

/// See `AccountStore::delete_session`.
pub(crate) async fn delete_session(store: &PgStore, hash: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE hash = $1")
        .bind(hash)
        .execute(&store.pool)
        .await
        .map_err(map_err)?;
    Ok(())
}

/// See `AccountStore::delete_sessions_of`.
pub(crate) async fn delete_sessions_of(store: &PgStore, account: AccountId) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE account_id = $1")
        .bind(account.0)
        .execute(&store.pool)
        .await
        .map_err(map_err)?;
    Ok(done.rows_affected())
}

/// See `AccountStore::delete_expired_sessions`.
pub(crate) async fn delete_expired_sessions(
    store: &PgStore,
    now: DateTime<Utc>,
) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE idle_expires_at <= $1 OR expires_at <= $1")
        .bind(now)
        .execute(&store.pool)
        .await
        .map_err(map_err)?;
    Ok(done.rows_affected())
}
