//! Rate-limit counters: fixed windows starting at the first hit, counted by one upsert so that
//! every server sharing the file sees one count.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use concord_store::{RateDecision, StoreError, StoreResult};

use crate::SqliteStore;
use crate::error::map_err;
use crate::row::{parse_time, time_text};

/// One statement: a new key, or a key whose window has ended (`window_ends_at <= now`), starts a
/// window of one hit ending at `?2`; otherwise the hit is counted in the current window.
/// In `DO UPDATE`, bare column names are the row as it was before this hit.
const HIT: &str = "INSERT INTO rate_limits (key, count, window_ends_at) VALUES (?1, 1, ?2) \
     ON CONFLICT (key) DO UPDATE SET \
     count = CASE WHEN window_ends_at <= ?3 THEN 1 ELSE count + 1 END, \
     window_ends_at = CASE WHEN window_ends_at <= ?3 THEN ?2 ELSE window_ends_at END \
     RETURNING count, window_ends_at";

/// A window so long that its end is not a representable time.
#[derive(Debug, thiserror::Error)]
#[error("rate-limit window out of range")]
struct WindowOutOfRange;

/// When a window of `window` starting at `now` ends.
fn window_end(now: DateTime<Utc>, window: Duration) -> StoreResult<DateTime<Utc>> {
    let window = TimeDelta::from_std(window).map_err(|e| StoreError::Backend(Box::new(e)))?;
    now.checked_add_signed(window)
        .ok_or_else(|| StoreError::Backend(Box::new(WindowOutOfRange)))
}

impl SqliteStore {
    /// See `AccountStore::hit_rate_limit`.
    pub(crate) async fn count_hit(
        &self,
        key: &str,
        limit: u32,
        window: Duration,
        now: DateTime<Utc>,
    ) -> StoreResult<RateDecision> {
        let ends_at = window_end(now, window)?;
        let (count, resets_at): (i64, String) = sqlx::query_as(HIT)
            .bind(key)
            .bind(time_text(ends_at))
            .bind(time_text(now))
            .fetch_one(&self.writer)
            .await
            .map_err(map_err)?;
        Ok(RateDecision {
            allowed: count <= i64::from(limit),
            count: u32::try_from(count).unwrap_or(u32::MAX),
            resets_at: parse_time(&resets_at)?,
        })
    }

    /// See `AccountStore::reset_rate_limit`.
    pub(crate) async fn forget_hits(&self, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM rate_limits WHERE key = ?")
            .bind(key)
            .execute(&self.writer)
            .await
            .map_err(map_err)?;
        Ok(())
    }
}
