//! Fixtures for the account cases: fixed times, accounts, audit events, sessions and
//! invitations, and small steps the cases share.
//!
//! Times are fixed (no clock), so expiry and rate-limit windows are exact to the second. Nothing
//! here asserts: the cases do.

use std::collections::BTreeSet;

use chrono::{DateTime, TimeZone, Utc};
use concord_domain::{Account, AccountId, Role};

use crate::token::hash_secret;
use crate::{AccountStore, AuditEvent, AuditKind, Invitation, NewAccount, Session, new_id};

/// 4 March 2025 at `hour:minute:second` UTC.
pub fn at(hour: u32, minute: u32, second: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 4, hour, minute, second)
        .single()
        .unwrap()
}

/// A fresh account id.
pub fn account_id() -> AccountId {
    AccountId(new_id())
}

/// A member with a password and an email, without a Wikimedia id, created at 08:00.
pub fn new_account(username: &str) -> NewAccount {
    NewAccount {
        id: account_id(),
        username: username.to_owned(),
        display_name: format!("{username} (display)"),
        email: Some(format!("{username}@example.org")),
        password_hash: Some(format!("$argon2id$v=19$m=19456,t=2,p=1$salt${username}")),
        roles: BTreeSet::from([Role::Member]),
        wikimedia_id: None,
        created_at: at(8, 0, 0),
    }
}

/// An audit event of `kind` by `admin` about `account`, at 08:00, with a small detail.
pub fn event(kind: AuditKind, account: Option<AccountId>) -> AuditEvent {
    AuditEvent {
        kind,
        at: at(8, 0, 0),
        actor: Some("admin".to_owned()),
        account,
        address: Some("192.0.2.1".to_owned()),
        detail: serde_json::json!({ "case": "conformance" }),
    }
}

/// Creates `username` (see [`new_account`]) and fails the test on any error.
pub async fn create_account(store: &dyn AccountStore, username: &str) -> Account {
    let new = new_account(username);
    let id = new.id;
    store
        .create_account(new, event(AuditKind::AccountCreated, Some(id)))
        .await
        .unwrap_or_else(|e| panic!("creating account {username}: {e:?}"))
}

/// A session of `account` whose cookie secret is `secret`: logged in at 09:00, idle until 09:30,
/// over at 17:00.
pub fn session(secret: &str, account: AccountId) -> Session {
    Session {
        hash: hash_secret(secret),
        account,
        csrf: format!("csrf-{secret}"),
        created_at: at(9, 0, 0),
        last_seen_at: at(9, 0, 0),
        idle_expires_at: at(9, 30, 0),
        expires_at: at(17, 0, 0),
    }
}

/// An invitation whose link secret is `secret`, made at 10:00 by nobody (the operator), until
/// 12:00, for a member.
pub fn invitation(secret: &str) -> Invitation {
    Invitation {
        hash: hash_secret(secret),
        roles: BTreeSet::from([Role::Member]),
        invited_by: None,
        created_at: at(10, 0, 0),
        expires_at: at(12, 0, 0),
    }
}

/// The kinds in the whole audit log, newest first.
pub async fn audit_kinds(store: &dyn AccountStore) -> Vec<AuditKind> {
    let entries = store.audit_log(None, 1_000).await.unwrap();
    entries.into_iter().map(|e| e.event.kind).collect()
}
