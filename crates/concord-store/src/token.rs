//! API tokens as the store keeps them: only a hash of the secret is stored.

use chrono::{DateTime, Utc};
use concord_domain::Role;
use serde::{Deserialize, Serialize};

/// A token to store. The secret itself is shown once by the caller and never stored.
#[derive(Clone, Debug)]
pub struct NewToken {
    /// A unique name (`ci`, `alice-laptop`).
    pub name: String,
    /// SHA-256 of the secret, hex.
    pub hash: String,
    /// The roles the token carries.
    pub roles: Vec<Role>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it stops working, if ever.
    pub expires_at: Option<DateTime<Utc>>,
}

/// A stored token, without its hash.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenInfo {
    /// Its name.
    pub name: String,
    /// Its roles.
    pub roles: Vec<Role>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it expires.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}
