//! Fixed-window rate-limit counters, shared by every server on the database.
//!
//! A hit is one `INSERT … ON CONFLICT DO UPDATE`, which PostgreSQL applies atomically per key,
//! so concurrent hits from any number of servers are each counted exactly once. A window
//! starts at the first hit after the previous one ended. This module decides nothing about
//! *what* to limit; callers pick the keys and limits.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use concord_store::{RateDecision, StoreError, StoreResult};

use crate::PgStore;
use crate::error::{bad_value, map_err};

/// A rate-limit window too long to add to a timestamp.
#[derive(Debug, thiserror::Error)]
#[error("rate-limit window out of range: {0:?}")]
struct WindowOutOfRange(Duration);

impl PgStore {
    pub(super) async fn count_hit(
        &self,
        key: &str,
        limit: u32,
        window: Duration,
        now: DateTime<Utc>,
    ) -> StoreResult<RateDecision> {
        let ends = TimeDelta::from_std(window)
            .ok()
            .and_then(|w| now.checked_add_signed(w))
            .ok_or_else(|| StoreError::Backend(Box::new(WindowOutOfRange(window))))?;
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
        .fetch_one(&self.pool)
        .await
        .map_err(map_err)?;
        let count =
            u32::try_from(count).map_err(|_| bad_value("rate-limit count", &count.to_string()))?;
        Ok(RateDecision {
            allowed: count <= limit,
            count,
            resets_at,
        })
    }

    pub(super) async fn forget_hits(&self, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM rate_limits WHERE key = $1")
            .bind(key)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(())
    }
}
