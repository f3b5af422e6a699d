//! What the token and invitation forms share: a lifetime typed in days, and a fresh secret
//! that the store keeps only as its hash and the response page shows once (never in a URL,
//! never again).

use chrono::{DateTime, Duration, SubsecRound, Utc};
use concord_store::token::{generate_secret, hash_secret};

/// A new secret, its hash, and the time it was made and will expire.
pub(crate) struct FreshSecret {
    /// The secret, to show once.
    pub secret: String,
    /// Its hash, to store.
    pub hash: String,
    /// Now, to the microsecond (what both databases keep).
    pub created_at: DateTime<Utc>,
    /// `days` after [`Self::created_at`].
    pub expires_at: DateTime<Utc>,
}

impl FreshSecret {
    /// A secret made now that lasts `days`.
    pub fn lasting(days: u32) -> Self {
        let secret = generate_secret();
        let created_at = Utc::now().trunc_subsecs(6);
        Self {
            hash: hash_secret(&secret),
            secret,
            created_at,
            expires_at: created_at + Duration::days(i64::from(days)),
        }
    }
}

/// The lifetime a form asks for, in days: `default` when left empty, else 1 to `max`; the
/// error names `what` ("token", "invitation") and the range.
pub(crate) fn lifetime_days(text: &str, default: u32, max: u32, what: &str) -> Result<u32, String> {
    match text.trim() {
        "" => Ok(default),
        text => text
            .parse()
            .ok()
            .filter(|days| (1..=max).contains(days))
            .ok_or_else(|| format!("The {what} must last 1–{max} days.")),
    }
}

/// A time as pages show it, to the minute.
pub(crate) fn shown(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}
