//! Local passwords: argon2id hashes in PHC string form (issue #3, item 1).
//!
//! Hashing takes tens of milliseconds of CPU on purpose, so both functions run on tokio's
//! blocking pool rather than on the threads that serve requests. Nothing here knows accounts
//! or sessions; callers decide what a verified password allows.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Hashing failed: the blocking pool was gone, or the hasher refused its input.
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct PasswordError(String);

/// The hasher: argon2id, version 0x13, with the parameters OWASP recommends for it
/// (19 MiB of memory, 2 passes, 1 lane).
fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// The argon2id PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) of `password`, with a fresh
/// random salt. Callers check the password's rules first (`concord_domain::validate_password`).
pub async fn hash_password(password: &str) -> Result<String, PasswordError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| PasswordError(e.to_string()))
    })
    .await
    .map_err(|e| PasswordError(e.to_string()))?
}

/// Whether `password` matches `hash`. With no hash (an unknown account, or one without a local
/// password) a throwaway hash is checked instead, so the answer takes as long either way and
/// its timing does not tell whether an account exists. A malformed stored hash never matches.
///
/// Errors: the blocking pool could not run the check (the server is shutting down); that is
/// not a wrong password, and the caller answers with an error rather than "no match".
pub async fn verify_password(hash: Option<String>, password: &str) -> Result<bool, PasswordError> {
    let password = password.to_owned();
    let known = hash.is_some();
    let hash = hash.unwrap_or_else(|| DECOY_HASH.to_owned());
    let matched = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                hasher()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(|e| PasswordError(e.to_string()))?;
    Ok(known && matched)
}

/// The argon2id hash of a random string nobody knows, with the same parameters as real hashes;
/// checked when there is no real hash, so that unknown accounts cost as much as known ones.
const DECOY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$Xy8Dk3DScpbeN0sv5jGvGgodkJ3MTw9t1KgeE+DC91I";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let hash = hash_password("correct horse battery").await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(
            verify_password(Some(hash.clone()), "correct horse battery")
                .await
                .unwrap()
        );
        assert!(
            !verify_password(Some(hash.clone()), "correct horse batterz")
                .await
                .unwrap()
        );
        assert!(!verify_password(Some(hash), "").await.unwrap());
    }

    #[tokio::test]
    async fn two_hashes_of_one_password_differ_by_their_salt() {
        let a = hash_password("same password here").await.unwrap();
        let b = hash_password("same password here").await.unwrap();
        assert_ne!(a, b);
    }

    #[tokio::test]
    async fn no_hash_and_a_broken_hash_never_match() {
        assert!(!verify_password(None, "anything at all").await.unwrap());
        assert!(
            !verify_password(Some("not a phc string".into()), "x")
                .await
                .unwrap()
        );
    }

    #[test]
    fn the_decoy_is_a_well_formed_hash_with_the_real_parameters() {
        let parsed = PasswordHash::new(DECOY_HASH).unwrap();
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
        let (params, real) = (Params::try_from(&parsed).unwrap(), Params::default());
        assert_eq!(
            (params.m_cost(), params.t_cost(), params.p_cost()),
            (real.m_cost(), real.t_cost(), real.p_cost())
        );
    }
}
