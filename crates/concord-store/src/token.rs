//! API tokens as the store keeps them: only a hash of the secret is stored.

use chrono::{DateTime, Utc};
use concord_domain::{AccountId, Role, Scope};
use serde::{Deserialize, Serialize};

/// The stored name of a token that an account made and labelled `label`: `username:label`.
/// Names are unique across the server, and usernames cannot contain `:`, so two accounts may
/// each have a token labelled `laptop`.
pub fn account_token_name(username: &str, label: &str) -> String {
    format!("{username}:{label}")
}

/// A token to store. The secret itself is shown once by the caller and never stored.
#[derive(Clone, Debug)]
pub struct NewToken {
    /// A unique name (`ci`, `alice-laptop`).
    pub name: String,
    /// SHA-256 of the secret, hex.
    pub hash: String,
    /// The roles the token carries when it belongs to no account (tokens made with
    /// `concord token create` without `--user`); empty for an account's token, whose roles are
    /// the account's at the time of each request.
    pub roles: Vec<Role>,
    /// The account it belongs to, if any.
    pub account: Option<AccountId>,
    /// What it may do, never more than its account's roles allow (checked at each request).
    pub scope: Scope,
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
    /// Its roles (empty for an account's token).
    pub roles: Vec<Role>,
    /// The account it belongs to, if any.
    pub account: Option<AccountId>,
    /// What it may do.
    pub scope: Scope,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it expires.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// The stored form of a token secret: SHA-256, lower-case hex. A fast hash is right here: the
/// secret is 256 random bits, so there is nothing to brute-force.
pub fn hash_secret(secret: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new token secret: `concord_` and 43 characters of URL-safe base64 (32 random bytes).
pub fn generate_secret() -> String {
    use base64::Engine;
    let bytes: [u8; 32] = rand::random();
    format!(
        "concord_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_hash_to_hex() {
        let (a, b) = (generate_secret(), generate_secret());
        assert_ne!(a, b);
        assert_eq!(a.len(), "concord_".len() + 43);
        assert_eq!(
            hash_secret("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
