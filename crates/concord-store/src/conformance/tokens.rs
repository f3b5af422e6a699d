//! Cases: API tokens.

use chrono::{SubsecRound, Utc};
use concord_domain::Role;

use crate::token::hash_secret;
use crate::{AuditEvent, AuditKind, NewToken, Store, StoreError};

fn created() -> AuditEvent {
    AuditEvent::new(AuditKind::TokenCreated, Some("cli"))
}

fn revoked() -> AuditEvent {
    AuditEvent::new(AuditKind::TokenRevoked, Some("cli"))
}

fn token(name: &str, secret: &str) -> NewToken {
    NewToken {
        name: name.to_owned(),
        hash: hash_secret(secret),
        roles: vec![Role::Member, Role::Steward(crate::new_id().into())],
        account: None,
        scope: concord_domain::Scope::Admin,
        created_at: Utc::now().trunc_subsecs(6),
        expires_at: None,
    }
}

/// A token is found by its hash, with its roles, until it is revoked.
pub async fn tokens_are_found_by_hash_until_revoked(store: &dyn Store) {
    let new = token("ci", "secret-1");
    let info = store.create_token(new.clone(), created()).await.unwrap();
    assert_eq!(info.name, "ci");
    assert_eq!(info.revoked_at, None);
    let found = store.token_by_hash(&new.hash).await.unwrap();
    assert_eq!(found, info);
    assert_eq!(found.roles, new.roles);
    assert!(matches!(
        store.token_by_hash(&hash_secret("other")).await,
        Err(StoreError::NotFound)
    ));
    store.revoke_token("ci", revoked()).await.unwrap();
    assert!(matches!(
        store.token_by_hash(&new.hash).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.revoke_token("ci", revoked()).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.revoke_token("nobody", revoked()).await,
        Err(StoreError::NotFound)
    ));
}

/// Two tokens cannot share a name, even after the first is revoked.
pub async fn token_names_are_unique(store: &dyn Store) {
    store
        .create_token(token("laptop", "a"), created())
        .await
        .unwrap();
    let again = store.create_token(token("laptop", "b"), created()).await;
    assert!(
        matches!(again, Err(StoreError::Duplicate { .. })),
        "{again:?}"
    );
    store.revoke_token("laptop", revoked()).await.unwrap();
    let after = store.create_token(token("laptop", "c"), created()).await;
    assert!(
        matches!(after, Err(StoreError::Duplicate { .. })),
        "{after:?}"
    );
}

/// The token list shows every token, newest first, revoked ones with their time.
pub async fn tokens_are_listed_newest_first_with_revoked_ones(store: &dyn Store) {
    let mut old = token("old", "1");
    old.created_at -= chrono::Duration::days(1);
    let mut expiring = token("new", "2");
    expiring.expires_at = Some(expiring.created_at + chrono::Duration::days(30));
    store.create_token(old, created()).await.unwrap();
    store
        .create_token(expiring.clone(), created())
        .await
        .unwrap();
    store.revoke_token("old", revoked()).await.unwrap();
    let list = store.list_tokens().await.unwrap();
    let names: Vec<&str> = list.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["new", "old"]);
    assert_eq!(list[0].expires_at, expiring.expires_at);
    assert!(list[1].revoked_at.is_some() && list[0].revoked_at.is_none());
}
