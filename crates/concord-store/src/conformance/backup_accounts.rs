//! The account half of the backup cases: what [`super::backup`] adds to a store before backing
//! it up (accounts of every shape, an account's token, an invitation, audit entries), and the
//! checks that a loaded backup has them all, working.

use std::collections::BTreeSet;

use chrono::Duration;
use concord_domain::{OrganisationId, Role, Scope};

use super::account_fixture::{at, event, invitation, new_account};
use crate::token::{account_token_name, hash_secret};
use crate::{AuditKind, NewToken, Store};

/// The secret of alice's token.
const ALICE_TOKEN: &str = "alice-token-secret";
/// The secret of the invitation's link.
const INVITATION: &str = "invitation-secret";

/// Adds alice (admin, password, Wikimedia id), bob (member and steward of `entity`, disabled,
/// no password), alice's write token, an invitation she made and a log in; each of these
/// appends audit entries.
pub async fn fill_accounts(store: &dyn Store, entity: OrganisationId) {
    let mut alice = new_account("alice");
    alice.roles = BTreeSet::from([Role::Admin]);
    alice.wikimedia_id = Some("4242".into());
    let alice = store
        .create_account(alice, event(AuditKind::AccountCreated, None))
        .await
        .unwrap();
    let mut bob = new_account("Bob");
    bob.password_hash = None;
    bob.roles = BTreeSet::from([Role::Member, Role::Steward(entity)]);
    let bob = store
        .create_account(bob, event(AuditKind::AccountCreated, None))
        .await
        .unwrap();
    let disabled = event(AuditKind::AccountDisabled, Some(bob.id));
    store.set_disabled(bob.id, true, disabled).await.unwrap();
    let token = NewToken {
        name: account_token_name("alice", "laptop"),
        hash: hash_secret(ALICE_TOKEN),
        roles: Vec::new(),
        account: Some(alice.id),
        scope: Scope::Write,
        created_at: at(9, 0, 0),
        expires_at: Some(at(9, 0, 0) + Duration::days(30)),
    };
    let created = event(AuditKind::TokenCreated, Some(alice.id));
    store.create_token(token, created).await.unwrap();
    let mut invited = invitation(INVITATION);
    invited.roles = BTreeSet::from([Role::Member, Role::Steward(entity)]);
    invited.invited_by = Some(alice.id);
    let made = event(AuditKind::InvitationCreated, Some(alice.id));
    store.create_invitation(invited, made).await.unwrap();
    let log_in = event(AuditKind::LogIn, Some(alice.id)).detail("method", "password");
    store.record_audit(log_in).await.unwrap();
}

/// The loaded store has the original's accounts, password hashes, audit log, alice's token (with
/// its account and scope) and the invitation, and numbers new audit entries after the loaded ones.
pub async fn accounts_survive_the_load(original: &dyn Store, loaded: &dyn Store) {
    let accounts = original.list_accounts().await.unwrap();
    assert_eq!(accounts.len(), 2);
    assert_eq!(loaded.list_accounts().await.unwrap(), accounts);
    for account in &accounts {
        assert_eq!(
            loaded.password_hash(account.id).await.unwrap(),
            original.password_hash(account.id).await.unwrap()
        );
    }
    let bob = loaded.account_by_username("bob").await.unwrap();
    assert!(bob.disabled);
    let alice = loaded.account_by_wikimedia_id("4242").await.unwrap();
    let token = loaded
        .token_by_hash(&hash_secret(ALICE_TOKEN))
        .await
        .unwrap();
    assert_eq!((token.account, token.scope), (Some(alice.id), Scope::Write));
    let log = original.audit_log(None, 1_000).await.unwrap();
    assert_eq!(loaded.audit_log(None, 1_000).await.unwrap(), log);
    let taken = loaded
        .take_invitation(&hash_secret(INVITATION), at(11, 0, 0))
        .await
        .unwrap();
    assert_eq!(taken.invited_by, Some(alice.id));
    let newest = log.first().map_or(0, |e| e.id);
    loaded
        .record_audit(event(AuditKind::LogOut, Some(alice.id)))
        .await
        .unwrap();
    let after = loaded.audit_log(None, 1).await.unwrap();
    assert!(after[0].id > newest, "{} after {newest}", after[0].id);
    assert_eq!(after[0].event.kind, AuditKind::LogOut);
}
