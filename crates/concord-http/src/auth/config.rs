//! How logging in behaves: session lifetimes, cookie security, log-in throttling and the
//! optional Wikimedia login. Passed down in [`crate::AppState`]; no global state.

use std::sync::Arc;
use std::time::Duration;

use super::wikimedia::WikimediaLogin;

/// Settings of accounts and sessions.
#[derive(Clone, Debug)]
pub struct AuthConfig {
    /// A session unused for this long ends (idle expiry).
    pub session_idle: Duration,
    /// A session ends this long after log in, used or not (absolute expiry).
    pub session_absolute: Duration,
    /// Mark cookies `Secure`: true when the site is served over HTTPS (`--public-url https://…`).
    pub secure_cookies: bool,
    /// Log-in attempts allowed per account in [`Self::login_window`] before further attempts
    /// are refused without checking the password (a success clears the count).
    pub login_failures: u32,
    /// Log-in attempts allowed per client address in [`Self::login_window`], whatever the
    /// account: higher than [`Self::login_failures`], since an office or an event shares one
    /// address, yet low enough to stop one address guessing across many accounts.
    pub login_attempts_per_address: u32,
    /// The window of the log-in counters, and of the anonymous-write counter.
    pub login_window: Duration,
    /// Anonymous writes (log in, sign up, later the inquiry form) allowed per client address
    /// in [`Self::login_window`].
    pub anonymous_writes: u32,
    /// "Log in with your Wikimedia account", when configured: built once from its
    /// [`WikimediaConfig`](super::wikimedia::WikimediaConfig) where the state is made (which
    /// checks the settings), then shared by every request with its HTTP connection pool.
    pub wikimedia: Option<Arc<WikimediaLogin>>,
}

impl Default for AuthConfig {
    /// Eight hours idle, seven days at most; per 15 minutes, 5 attempts per account, 20 per
    /// address and 30 anonymous writes per address.
    fn default() -> Self {
        Self {
            session_idle: Duration::from_secs(8 * 3600),
            session_absolute: Duration::from_secs(7 * 24 * 3600),
            secure_cookies: false,
            login_failures: 5,
            login_attempts_per_address: 20,
            login_window: Duration::from_secs(15 * 60),
            anonymous_writes: 30,
            wikimedia: None,
        }
    }
}
