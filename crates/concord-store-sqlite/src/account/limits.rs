//! Rate-limit counters: fixed windows starting at the first hit, counted by one upsert so that
//! every server sharing the file sees one count (`AccountStore::hit_rate_limit`,
//! `AccountStore::reset_rate_limit`). The window arithmetic is `concord_store::limit`'s.

use std::time::Duration;

use chrono::{DateTime, Utc};
use concord_store::limit::window_end;
use concord_store::{RateDecision, StoreResult};

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

/// See `AccountStore::hit_rate_limit`.
pub(crate) async fn hit_rate_limit(
    store: &SqliteStore,
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
        .fetch_one(&store.writer)
        .await
        .map_err(map_err)?;
    RateDecision::counted(count, limit, parse_time(&resets_at)?)
}

/// See `AccountStore::reset_rate_limit`.
pub(crate) async fn reset_rate_limit(store: &SqliteStore, key: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM rate_limits WHERE key = ?")
        .bind(key)
        .execute(&store.writer)
        .await
        .map_err(map_err)?;
    Ok(())
}
