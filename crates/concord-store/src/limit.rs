//! The arithmetic of the rate-limit counters (`AccountStore::hit_rate_limit`) that both
//! backends share: when a new window ends, and what a stored count means. Counting a hit
//! atomically is the backend's job.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use crate::account::RateDecision;
use crate::column::bad_value;
use crate::error::{StoreError, StoreResult};

/// A window so long that its end is not a representable time.
#[derive(Debug, thiserror::Error)]
#[error("rate-limit window out of range: {0:?}")]
pub struct WindowOutOfRange(pub Duration);

/// When a window of `window` starting at `now` ends; `Backend` when that is past the range of
/// times.
pub fn window_end(now: DateTime<Utc>, window: Duration) -> StoreResult<DateTime<Utc>> {
    TimeDelta::from_std(window)
        .ok()
        .and_then(|w| now.checked_add_signed(w))
        .ok_or_else(|| StoreError::Backend(Box::new(WindowOutOfRange(window))))
}

impl RateDecision {
    /// The decision for a hit that made the window's stored count `count` (this hit included),
    /// under `limit` hits per window ending at `resets_at`. A count that is negative or beyond
    /// `u32` is not one this version stores: `Backend`.
    pub fn counted(count: i64, limit: u32, resets_at: DateTime<Utc>) -> StoreResult<Self> {
        let count =
            u32::try_from(count).map_err(|_| bad_value("rate-limit count", &count.to_string()))?;
        Ok(RateDecision {
            allowed: count <= limit,
            count,
            resets_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_ends_its_length_after_the_first_hit_and_an_endless_one_is_refused() {
        let now = DateTime::UNIX_EPOCH;
        let end = window_end(now, Duration::from_secs(900)).unwrap();
        assert_eq!(end - now, TimeDelta::seconds(900));
        assert!(matches!(
            window_end(now, Duration::MAX),
            Err(StoreError::Backend(_))
        ));
    }

    #[test]
    fn hits_up_to_the_limit_are_allowed_and_the_next_is_not() {
        let at = DateTime::UNIX_EPOCH;
        assert!(RateDecision::counted(5, 5, at).unwrap().allowed);
        let over = RateDecision::counted(6, 5, at).unwrap();
        assert_eq!((over.allowed, over.count, over.resets_at), (false, 6, at));
        assert!(RateDecision::counted(-1, 5, at).is_err());
    }
}
