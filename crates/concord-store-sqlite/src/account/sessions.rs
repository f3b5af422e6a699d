//! Sessions, kept by the hash of their cookie's secret. A session has expired at `now` when `now`
//! is at or past its idle or its absolute expiry; a session of a disabled account is not found.
//!
//! Timestamps are stored as fixed-width UTC text, so comparing them as text compares the times.

use chrono::{DateTime, Utc};
use concord_domain::AccountId;
use concord_store::{Session, StoreResult};
use concord_store_sql::Text;
use concord_store_sql::account::{SESSION_COLUMNS, SessionRow};

use crate::SqliteStore;
use crate::error::map_err;
use crate::row::{id_text, time_text};

/// See `AccountStore::create_session`.
pub(crate) async fn create_session(store: &SqliteStore, session: Session) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sessions (hash, account_id, csrf, created_at, last_seen_at, \
             idle_expires_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&session.hash)
    .bind(id_text(session.account.0))
    .bind(&session.csrf)
    .bind(time_text(session.created_at))
    .bind(time_text(session.last_seen_at))
    .bind(time_text(session.idle_expires_at))
    .bind(time_text(session.expires_at))
    .execute(&store.writer)
    .await
    .map_err(map_err)?;
    Ok(())
}

/// See `AccountStore::session`.
pub(crate) async fn session(
    store: &SqliteStore,
    hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<Session> {
    let sql = format!(
        "SELECT {SESSION_COLUMNS} FROM sessions s JOIN accounts a ON a.id = s.account_id \
         WHERE s.hash = ?1 AND s.idle_expires_at > ?2 AND s.expires_at > ?2 AND NOT a.disabled"
    );
    let row: SessionRow<Text> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(hash)
        .bind(time_text(now))
        .fetch_one(&store.readers)
        .await
        .map_err(map_err)?;
    row.into_session()
}

/// See `AccountStore::touch_session`. An expired or unknown session is left as it is (no
/// error: it may have been ended meanwhile), so a use never revives a session.
pub(crate) async fn touch_session(
    store: &SqliteStore,
    hash: &str,
    now: DateTime<Utc>,
    idle_until: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE sessions SET last_seen_at = ?2, idle_expires_at = MIN(?3, expires_at) \
             WHERE hash = ?1 AND idle_expires_at > ?2 AND expires_at > ?2",
    )
    .bind(hash)
    .bind(time_text(now))
    .bind(time_text(idle_until))
    .execute(&store.writer)
    .await
    .map_err(map_err)?;
    Ok(())
}

/// See `AccountStore::delete_session`.
pub(crate) async fn delete_session(store: &SqliteStore, hash: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE hash = ?")
        .bind(hash)
        .execute(&store.writer)
        .await
        .map_err(map_err)?;
    Ok(())
}

/// See `AccountStore::delete_sessions_of`.
pub(crate) async fn delete_sessions_of(
    store: &SqliteStore,
    account: AccountId,
) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE account_id = ?")
        .bind(id_text(account.0))
        .execute(&store.writer)
        .await
        .map_err(map_err)?;
    Ok(done.rows_affected())
}

/// See `AccountStore::delete_expired_sessions`.
pub(crate) async fn delete_expired_sessions(
    store: &SqliteStore,
    now: DateTime<Utc>,
) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE idle_expires_at <= ?1 OR expires_at <= ?1")
        .bind(time_text(now))
        .execute(&store.writer)
        .await
        .map_err(map_err)?;
    Ok(done.rows_affected())
}
