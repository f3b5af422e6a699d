//! Log-in throttling and the anonymous-write limit, counted in the database so that every
//! server sharing it agrees (issue #3, item 5).
//!
//! Every log-in attempt is counted, before its password is checked, on two keys:
//! `login:account:<username key>` (whether or not such an account exists, so a refusal says
//! nothing about accounts) and `login:address:<client address>`. A successful log in clears
//! the account's counter; the address's is left to expire, since clearing it would let anyone
//! wipe it by logging in to an account of their own between guesses. Counting before checking
//! is what refuses even a right password once the limit is reached: the store has no way to
//! read a counter without counting. Separately, every anonymous write (log in, sign up) counts
//! on `anonymous:address:<client address>`. A request with no known address (tests, servers
//! started without connect info) is counted per account only.

use chrono::Utc;
use concord_store::account::username_key;
use concord_store::{RateDecision, Store};

use super::AuthConfig;
use crate::error::AppError;

/// The counter of failed log ins on the account named `username` (typed, existing or not).
pub fn account_key(username: &str) -> String {
    format!("login:account:{}", username_key(username))
}

/// The counter of log-in attempts from a client address.
pub fn address_key(address: &str) -> String {
    format!("login:address:{address}")
}

/// Counts a log-in attempt for `username` from `address`; 429 when the account's counter is
/// over [`AuthConfig::login_failures`] or the address's over
/// [`AuthConfig::login_attempts_per_address`], in [`AuthConfig::login_window`].
pub async fn count_login_attempt(
    store: &dyn Store,
    config: &AuthConfig,
    address: Option<&str>,
    username: &str,
) -> Result<(), AppError> {
    let mut keys = vec![(account_key(username), config.login_failures)];
    keys.extend(address.map(|a| (address_key(a), config.login_attempts_per_address)));
    let mut refused = None;
    for (key, limit) in keys {
        let decision = hit(store, &key, limit, config).await?;
        if !decision.allowed {
            refused = Some(refused.unwrap_or(0).max(retry_after(&decision)));
        }
    }
    match refused {
        Some(retry_after_secs) => Err(AppError::TooManyRequests { retry_after_secs }),
        None => Ok(()),
    }
}

/// Clears the failures counted on `username` after it logged in.
pub async fn login_succeeded(store: &dyn Store, username: &str) -> Result<(), AppError> {
    Ok(store.reset_rate_limit(&account_key(username)).await?)
}

/// Counts an anonymous write from `address`; 429 when over [`AuthConfig::anonymous_writes`]
/// in [`AuthConfig::login_window`]. Not counted when the address is unknown.
pub async fn count_anonymous_write(
    store: &dyn Store,
    config: &AuthConfig,
    address: Option<&str>,
) -> Result<(), AppError> {
    let Some(address) = address else {
        return Ok(());
    };
    let key = format!("anonymous:address:{address}");
    let decision = hit(store, &key, config.anonymous_writes, config).await?;
    if decision.allowed {
        Ok(())
    } else {
        Err(AppError::TooManyRequests {
            retry_after_secs: retry_after(&decision),
        })
    }
}

async fn hit(
    store: &dyn Store,
    key: &str,
    limit: u32,
    config: &AuthConfig,
) -> Result<RateDecision, AppError> {
    Ok(store
        .hit_rate_limit(key, limit, config.login_window, Utc::now())
        .await?)
}

/// Whole seconds until the counter's window ends, at least 1.
fn retry_after(decision: &RateDecision) -> u64 {
    let secs = (decision.resets_at - Utc::now()).num_seconds();
    u64::try_from(secs).unwrap_or(0).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_keys_ignore_case() {
        assert_eq!(account_key("Alice"), account_key("alice"));
        assert_eq!(address_key("192.0.2.1"), "login:address:192.0.2.1");
    }
}
