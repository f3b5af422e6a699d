//! What the token and invitation forms share: a lifetime typed in days, and a fresh secret
//! that the store keeps only as its hash and the response page shows once (never in a URL,
//! never again). Also how these pages name roles and scopes and show times, in the reader's
//! language.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use concord_domain::{Role, Scope};
use concord_i18n::{Arg, Localizer};
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
/// error is `max`, for the caller's message.
pub(crate) fn lifetime_days(text: &str, default: u32, max: u32) -> Result<u32, usize> {
    match text.trim() {
        "" => Ok(default),
        text => text
            .parse()
            .ok()
            .filter(|days| (1..=max).contains(days))
            .ok_or(usize::try_from(max).unwrap_or(usize::MAX)),
    }
}

/// A time as pages show it: the date in the reader's locale, then the time to the minute.
pub(crate) fn shown(t: &Localizer, at: DateTime<Utc>) -> String {
    format!("{} {}", t.date(at.date_naive()), at.format("%H:%M UTC"))
}

/// A day as pages show it, in the reader's locale.
pub(crate) fn date(t: &Localizer, at: DateTime<Utc>) -> String {
    t.date(at.date_naive())
}

/// A role in the reader's words ("steward of organisation …" names the organisation's id).
pub(crate) fn role_name(t: &Localizer, role: &Role) -> String {
    match role {
        Role::Steward(id) => t.msg_with("concord-role-steward", &[Arg::Text(id.to_string())]),
        other => t.msg(&format!("concord-role-{other}")),
    }
}

/// A token's scope in the reader's words.
pub(crate) fn scope_name(t: &Localizer, scope: Scope) -> String {
    t.msg(&format!("concord-scope-{}", scope.as_str()))
}
