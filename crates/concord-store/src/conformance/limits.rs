//! Cases: rate-limit counters (fixed windows from the first hit, reset, atomic under load).

use std::time::Duration;

use super::account_fixture::at;
use crate::{AccountStore, RateDecision};

/// One minute.
const MINUTE: Duration = Duration::from_secs(60);

/// Hits within the limit are allowed, counted up, all with the end of the window that the first
/// hit started.
pub async fn hits_within_the_limit_are_allowed_with_increasing_counts(store: &dyn AccountStore) {
    let key = "login:address:192.0.2.1";
    for (count, second) in [(1, 0), (2, 10), (3, 59)] {
        let decision = store
            .hit_rate_limit(key, 3, MINUTE, at(9, 0, second))
            .await
            .unwrap();
        let expected = RateDecision {
            allowed: true,
            count,
            resets_at: at(9, 1, 0),
        };
        assert_eq!(decision, expected, "hit {count}");
    }
}

/// A hit over the limit is refused (and counted) until the window ends; from the end of the
/// window a new one starts at that hit.
pub async fn hits_over_the_limit_are_refused_until_a_new_window_starts(store: &dyn AccountStore) {
    let key = "login:account:alice";
    for second in [0, 1, 2] {
        let ok = store.hit_rate_limit(key, 3, MINUTE, at(9, 0, second)).await;
        assert!(ok.unwrap().allowed);
    }
    for (count, second) in [(4, 30), (5, 59)] {
        let refused = store
            .hit_rate_limit(key, 3, MINUTE, at(9, 0, second))
            .await
            .unwrap();
        let expected = RateDecision {
            allowed: false,
            count,
            resets_at: at(9, 1, 0),
        };
        assert_eq!(refused, expected);
    }
    let next = store
        .hit_rate_limit(key, 3, MINUTE, at(9, 1, 0))
        .await
        .unwrap();
    let expected = RateDecision {
        allowed: true,
        count: 1,
        resets_at: at(9, 2, 0),
    };
    assert_eq!(next, expected);
    let later = store
        .hit_rate_limit(key, 3, MINUTE, at(10, 30, 0))
        .await
        .unwrap();
    assert_eq!((later.count, later.resets_at), (1, at(10, 31, 0)));
}

/// Each key has its own counter.
pub async fn rate_limit_keys_are_counted_separately(store: &dyn AccountStore) {
    let now = at(9, 0, 0);
    store.hit_rate_limit("a", 1, MINUTE, now).await.unwrap();
    let a = store.hit_rate_limit("a", 1, MINUTE, now).await.unwrap();
    let b = store.hit_rate_limit("b", 1, MINUTE, now).await.unwrap();
    assert_eq!((a.allowed, a.count), (false, 2));
    assert_eq!((b.allowed, b.count), (true, 1));
}

/// Resetting a key forgets its hits, so the next hit starts a new window; resetting an unknown
/// key is no error, and other keys keep their counts.
pub async fn resetting_a_rate_limit_starts_over(store: &dyn AccountStore) {
    let key = "login:account:bob";
    for second in 0..4 {
        store
            .hit_rate_limit(key, 2, MINUTE, at(9, 0, second))
            .await
            .unwrap();
    }
    store
        .hit_rate_limit("other", 2, MINUTE, at(9, 0, 0))
        .await
        .unwrap();
    store.reset_rate_limit(key).await.unwrap();
    store.reset_rate_limit("never-hit").await.unwrap();
    let after = store
        .hit_rate_limit(key, 2, MINUTE, at(9, 0, 30))
        .await
        .unwrap();
    let expected = RateDecision {
        allowed: true,
        count: 1,
        resets_at: at(9, 1, 30),
    };
    assert_eq!(after, expected);
    let other = store.hit_rate_limit("other", 2, MINUTE, at(9, 0, 31)).await;
    assert_eq!(other.unwrap().count, 2);
}

/// Twenty concurrent hits on one key with a limit of five allow exactly five, and count each
/// hit once.
pub async fn concurrent_hits_allow_exactly_the_limit(store: &dyn AccountStore) {
    let now = at(9, 0, 0);
    let hits = (0..20).map(|_| store.hit_rate_limit("login:address:burst", 5, MINUTE, now));
    let decisions: Vec<RateDecision> = futures::future::join_all(hits)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let allowed = decisions.iter().filter(|d| d.allowed).count();
    assert_eq!(allowed, 5, "{decisions:?}");
    let mut counts: Vec<u32> = decisions.iter().map(|d| d.count).collect();
    counts.sort_unstable();
    assert_eq!(counts, (1..=20).collect::<Vec<u32>>());
    assert!(decisions.iter().all(|d| d.allowed == (d.count <= 5)));
}
