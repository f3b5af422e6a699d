//! Cases: API tokens.

use chrono::{SubsecRound, Utc};
use concord_domain::Role;

use super::account_fixture::{audit_kinds, create_account};
use crate::token::{account_token_name, hash_secret};
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

/// A token made for an account is found with that account and its scope, and no roles of its
/// own; the list shows the same.
pub async fn an_account_bound_token_keeps_its_account_and_scope(store: &dyn Store) {
    let alice = create_account(store, "alice").await;
    let mut new = token(&account_token_name("alice", "laptop"), "alice-secret");
    new.roles = Vec::new();
    new.account = Some(alice.id);
    new.scope = concord_domain::Scope::Read;
    let info = store.create_token(new.clone(), created()).await.unwrap();
    assert_eq!(info.account, Some(alice.id));
    assert_eq!(info.scope, concord_domain::Scope::Read);
    let found = store.token_by_hash(&new.hash).await.unwrap();
    assert_eq!(found, info);
    assert!(found.roles.is_empty());
    assert_eq!(store.list_tokens().await.unwrap(), vec![info]);
}

/// Creating a token appends `token_created` and revoking it `token_revoked`, each with the
/// event's actor and detail.
pub async fn creating_and_revoking_a_token_append_audit_entries(store: &dyn Store) {
    let before = audit_kinds(store).await.len();
    let event = created().detail("token", "ci");
    store
        .create_token(token("ci", "s"), event.clone())
        .await
        .unwrap();
    store.revoke_token("ci", revoked()).await.unwrap();
    let log = store.audit_log(None, 10).await.unwrap();
    assert_eq!(log.len(), before + 2);
    assert_eq!(log[0].event.kind, AuditKind::TokenRevoked);
    assert_eq!(log[1].event, event);
}

/// A refused create (a taken name) and a refused revoke (an unknown name) append nothing.
pub async fn a_refused_token_change_writes_no_audit_entry(store: &dyn Store) {
    store
        .create_token(token("ci", "a"), created())
        .await
        .unwrap();
    let before = audit_kinds(store).await;
    let again = store.create_token(token("ci", "b"), created()).await;
    assert!(
        matches!(again, Err(StoreError::Duplicate { .. })),
        "{again:?}"
    );
    let unknown = store.revoke_token("nobody", revoked()).await;
    assert!(matches!(unknown, Err(StoreError::NotFound)), "{unknown:?}");
    assert_eq!(audit_kinds(store).await, before);
}
