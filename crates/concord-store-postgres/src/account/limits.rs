//! Fixed-window rate-limit counters, shared by every server on the database.
//!
//! A hit is one `INSERT … ON CONFLICT DO UPDATE`, which PostgreSQL applies atomically per key,
//! so concurrent hits from any number of servers are each counted exactly once. A window
//! starts at the first hit after the previous one ended (`AccountStore::hit_rate_limit`,
//! `AccountStore::reset_rate_limit`); the window arithmetic is `concord_store::limit`'s. This
//! module decides nothing about *what* to limit; callers pick the keys and limits.

use std::time::Duration;

use chrono::{DateTime, Utc};
use concord_store::limit::window_end;
use concord_store::{RateDecision, StoreResult};

use crate::PgStore;
use crate::error::map_err;

/// See `AccountStore::hit_rate_limit`.
pub(crate) async fn hit_rate_limit(
    store: &PgStore,
    key: &str,
    limit: u32,
    window: Duration,
    now: DateTime<Utc>,
) -> StoreResult<RateDecision> {
    let ends = window_end(now, window)?;
    let (count, resets_at): (i32, DateTime<Utc>) = sqlx::query_as(
        "INSERT INTO rate_limits (key, count, window_ends_at) VALUES ($1, 1, $3) \
             ON CONFLICT (key) DO UPDATE SET \
             count = CASE WHEN rate_limits.window_ends_at <= $2 THEN 1 \
                 ELSE rate_limits.count + 1 END, \
             window_ends_at = CASE WHEN rate_limits.window_ends_at <= $2 THEN $3 \
                 ELSE rate_limits.window_ends_at END \
             RETURNING count, window_ends_at",
    )
    .bind(key)
    .bind(now)
    .bind(ends)
    .fetch_one(&store.pool)
    .await
    .map_err(map_err)?;
    RateDecision::counted(i64::from(count), limit, resets_at)
}

/// See `AccountStore::reset_rate_limit`.
pub(crate) async fn reset_rate_limit(store: &PgStore, key: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM rate_limits WHERE key = $1")
        .bind(key)
        .execute(&store.pool)
        .await
        .map_err(map_err)?;
    Ok(())
}
