//! Cases: creating, finding and changing accounts, each change with its audit event.

use std::collections::BTreeSet;

use concord_domain::{Account, Role};

use super::account_fixture::{account_id, audit_kinds, create_account, event, new_account};
use super::support::assert_not_found;
use crate::{AccountStore, AuditKind, StoreError};

/// Asserts that `result` is a `Duplicate` whose `what` mentions `word`.
fn assert_duplicate<T: std::fmt::Debug>(result: Result<T, StoreError>, word: &str) {
    match result {
        Err(StoreError::Duplicate { what }) => assert!(
            what.to_lowercase().contains(word),
            "Duplicate should name the {word}: {what:?}"
        ),
        other => panic!("expected Duplicate of the {word}, got {other:?}"),
    }
}

/// A created account is returned as stored and found by id, by its username in any case and
/// by its Wikimedia id, with its password hash; its creation is in the audit log.
pub async fn a_created_account_is_found_by_id_username_in_any_case_and_wikimedia_id(
    store: &dyn AccountStore,
) {
    let mut new = new_account("Alice");
    new.wikimedia_id = Some("48151623".to_owned());
    new.roles.insert(Role::Steward(crate::new_id().into()));
    let hash = new.password_hash.clone();
    let expected = Account {
        id: new.id,
        username: new.username.clone(),
        display_name: new.display_name.clone(),
        email: new.email.clone(),
        roles: new.roles.clone(),
        disabled: false,
        wikimedia_id: new.wikimedia_id.clone(),
        created_at: new.created_at,
    };
    let creation = event(AuditKind::AccountCreated, Some(new.id));
    let created = store.create_account(new, creation.clone()).await.unwrap();
    assert_eq!(created, expected);
    assert_eq!(store.account(expected.id).await.unwrap(), expected);
    for name in ["Alice", "alice", "ALICE", "aLiCe"] {
        assert_eq!(store.account_by_username(name).await.unwrap(), expected);
    }
    let linked = store.account_by_wikimedia_id("48151623").await.unwrap();
    assert_eq!(linked, expected);
    assert_eq!(store.password_hash(expected.id).await.unwrap(), hash);
    let log = store.audit_log(None, 10).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].event, creation);
}

/// Unknown ids, usernames and Wikimedia ids are not found.
pub async fn unknown_accounts_are_not_found(store: &dyn AccountStore) {
    create_account(store, "alice").await;
    assert_not_found(store.account(account_id()).await, "account");
    assert_not_found(store.account_by_username("alic").await, "by username");
    assert_not_found(store.account_by_wikimedia_id("1").await, "by Wikimedia id");
    assert_not_found(store.password_hash(account_id()).await, "password hash");
}

/// An account without a password has no password hash.
pub async fn an_account_without_a_password_has_no_password_hash(store: &dyn AccountStore) {
    let mut new = new_account("wikimedian");
    new.password_hash = None;
    new.wikimedia_id = Some("7".to_owned());
    let id = new.id;
    store
        .create_account(new, event(AuditKind::AccountCreated, Some(id)))
        .await
        .unwrap();
    assert_eq!(store.password_hash(id).await.unwrap(), None);
}

/// Accounts are listed by username without regard to case.
pub async fn accounts_are_listed_by_username(store: &dyn AccountStore) {
    for name in ["carol", "Bob", "alice", "Dave"] {
        create_account(store, name).await;
    }
    let list = store.list_accounts().await.unwrap();
    let names: Vec<&str> = list.iter().map(|a| a.username.as_str()).collect();
    assert_eq!(names, ["alice", "Bob", "carol", "Dave"]);
}

/// A username taken in another case is a duplicate, and the refused create writes nothing: no
/// account and no audit entry.
pub async fn a_username_taken_in_another_case_is_a_duplicate_and_writes_nothing(
    store: &dyn AccountStore,
) {
    let alice = create_account(store, "alice").await;
    let again = new_account("ALICE");
    let id = again.id;
    let result = store
        .create_account(again, event(AuditKind::AccountCreated, Some(id)))
        .await;
    assert_duplicate(result, "username");
    assert_not_found(store.account(id).await, "the refused account");
    assert_eq!(store.list_accounts().await.unwrap(), [alice]);
    assert_eq!(audit_kinds(store).await, [AuditKind::AccountCreated]);
}

/// A Wikimedia id taken by another account is a duplicate, when creating or linking, and the
/// refused write changes nothing and appends nothing.
pub async fn a_taken_wikimedia_id_is_a_duplicate_and_writes_nothing(store: &dyn AccountStore) {
    let mut first = new_account("alice");
    first.wikimedia_id = Some("1001".to_owned());
    let first_id = first.id;
    store
        .create_account(first, event(AuditKind::AccountCreated, Some(first_id)))
        .await
        .unwrap();
    let mut second = new_account("bob");
    second.wikimedia_id = Some("1001".to_owned());
    let second_id = second.id;
    let result = store
        .create_account(second, event(AuditKind::AccountCreated, Some(second_id)))
        .await;
    assert_duplicate(result, "wikimedia");
    assert_not_found(store.account(second_id).await, "the refused account");

    let bob = create_account(store, "bob").await;
    let link = event(AuditKind::WikimediaLinked, Some(bob.id));
    assert_duplicate(
        store.link_wikimedia(bob.id, "1001", link).await,
        "wikimedia",
    );
    assert_eq!(store.account(bob.id).await.unwrap(), bob);
    let linked = store.account_by_wikimedia_id("1001").await.unwrap();
    assert_eq!(linked.id, first_id);
    let kinds = audit_kinds(store).await;
    assert_eq!(
        kinds,
        [AuditKind::AccountCreated, AuditKind::AccountCreated]
    );
}

/// Granting and revoking roles change the account (a held role stays once) and each appends
/// its event.
pub async fn granting_and_revoking_roles_change_the_account_and_are_audited(
    store: &dyn AccountStore,
) {
    let alice = create_account(store, "alice").await;
    let grant = event(AuditKind::RoleGranted, Some(alice.id));
    let granted = store
        .grant_role(alice.id, Role::Admin, grant)
        .await
        .unwrap();
    assert_eq!(granted.roles, BTreeSet::from([Role::Member, Role::Admin]));
    assert_eq!(store.account(alice.id).await.unwrap(), granted);
    let revoke = event(AuditKind::RoleRevoked, Some(alice.id));
    let revoked = store
        .revoke_role(alice.id, Role::Member, revoke)
        .await
        .unwrap();
    assert_eq!(revoked.roles, BTreeSet::from([Role::Admin]));
    assert_eq!(store.account(alice.id).await.unwrap(), revoked);
    assert_eq!(
        audit_kinds(store).await,
        [
            AuditKind::RoleRevoked,
            AuditKind::RoleGranted,
            AuditKind::AccountCreated
        ]
    );
    let grant = event(AuditKind::RoleGranted, Some(alice.id));
    let again = store
        .grant_role(alice.id, Role::Admin, grant)
        .await
        .unwrap();
    assert_eq!(again.roles, BTreeSet::from([Role::Admin]));
    let revoke = event(AuditKind::RoleRevoked, Some(alice.id));
    let absent = store.revoke_role(alice.id, Role::Approver, revoke).await;
    assert_eq!(absent.unwrap().roles, BTreeSet::from([Role::Admin]));
}

/// Disabling and enabling an account change it and each appends its event.
pub async fn disabling_and_enabling_change_the_account_and_are_audited(store: &dyn AccountStore) {
    let alice = create_account(store, "alice").await;
    let disable = event(AuditKind::AccountDisabled, Some(alice.id));
    let disabled = store.set_disabled(alice.id, true, disable).await.unwrap();
    assert!(disabled.disabled);
    assert_eq!(store.account(alice.id).await.unwrap(), disabled);
    let enable = event(AuditKind::AccountEnabled, Some(alice.id));
    let enabled = store.set_disabled(alice.id, false, enable).await.unwrap();
    assert_eq!(enabled, alice);
    assert_eq!(store.account(alice.id).await.unwrap(), alice);
    assert_eq!(
        audit_kinds(store).await,
        [
            AuditKind::AccountEnabled,
            AuditKind::AccountDisabled,
            AuditKind::AccountCreated
        ]
    );
}

/// Setting a password hash replaces it (also on an account that had none) and appends its event.
pub async fn setting_a_password_hash_replaces_it_and_is_audited(store: &dyn AccountStore) {
    let alice = create_account(store, "alice").await;
    let change = event(AuditKind::PasswordChanged, Some(alice.id));
    store
        .set_password_hash(alice.id, "$argon2id$new", change)
        .await
        .unwrap();
    let hash = store.password_hash(alice.id).await.unwrap();
    assert_eq!(hash.as_deref(), Some("$argon2id$new"));
    assert_eq!(store.account(alice.id).await.unwrap(), alice);
    assert_eq!(
        audit_kinds(store).await,
        [AuditKind::PasswordChanged, AuditKind::AccountCreated]
    );
}

/// Linking a Wikimedia id changes the account, makes it findable by that id, and appends its
/// event.
pub async fn linking_a_wikimedia_id_changes_the_account_and_is_audited(store: &dyn AccountStore) {
    let alice = create_account(store, "alice").await;
    let link = event(AuditKind::WikimediaLinked, Some(alice.id));
    let linked = store.link_wikimedia(alice.id, "2002", link).await.unwrap();
    assert_eq!(linked.wikimedia_id.as_deref(), Some("2002"));
    assert_eq!(
        Account {
            wikimedia_id: None,
            ..linked.clone()
        },
        alice
    );
    assert_eq!(store.account_by_wikimedia_id("2002").await.unwrap(), linked);
    assert_eq!(
        audit_kinds(store).await,
        [AuditKind::WikimediaLinked, AuditKind::AccountCreated]
    );
}

/// Every change to an unknown account is not found and appends nothing.
pub async fn changes_to_an_unknown_account_are_not_found_and_append_nothing(
    store: &dyn AccountStore,
) {
    let nobody = account_id();
    let e = |kind| event(kind, Some(nobody));
    assert_not_found(
        store
            .grant_role(nobody, Role::Admin, e(AuditKind::RoleGranted))
            .await,
        "grant_role",
    );
    assert_not_found(
        store
            .revoke_role(nobody, Role::Member, e(AuditKind::RoleRevoked))
            .await,
        "revoke_role",
    );
    assert_not_found(
        store
            .set_disabled(nobody, true, e(AuditKind::AccountDisabled))
            .await,
        "set_disabled",
    );
    assert_not_found(
        store
            .set_password_hash(nobody, "$argon2id$x", e(AuditKind::PasswordChanged))
            .await,
        "set_password_hash",
    );
    assert_not_found(
        store
            .link_wikimedia(nobody, "3003", e(AuditKind::WikimediaLinked))
            .await,
        "link_wikimedia",
    );
    assert_eq!(store.audit_log(None, 10).await.unwrap(), []);
}
