//! Cases: the audit log (order, paging, every field and kind round-trips).

use super::account_fixture::{account_id, at, event};
use crate::{AccountStore, AuditEvent, AuditKind};

/// Every kind of event, in declaration order.
const KINDS: [AuditKind; 14] = [
    AuditKind::LogIn,
    AuditKind::LogInFailed,
    AuditKind::LogOut,
    AuditKind::AccountCreated,
    AuditKind::AccountDisabled,
    AuditKind::AccountEnabled,
    AuditKind::PasswordChanged,
    AuditKind::WikimediaLinked,
    AuditKind::RoleGranted,
    AuditKind::RoleRevoked,
    AuditKind::InvitationCreated,
    AuditKind::TokenCreated,
    AuditKind::TokenRevoked,
    AuditKind::RestrictedExport,
];

/// The audit log is newest first, with increasing positions, and pages backwards with `before`.
pub async fn the_audit_log_is_newest_first_and_pages_with_before(store: &dyn AccountStore) {
    let kinds = &KINDS[..5];
    for (minute, kind) in (0u32..).zip(kinds) {
        let mut e = event(*kind, None);
        e.at = at(8, minute, 0);
        store.record_audit(e).await.unwrap();
    }
    let all = store.audit_log(None, 100).await.unwrap();
    let newest_first: Vec<AuditKind> = kinds.iter().rev().copied().collect();
    let got: Vec<AuditKind> = all.iter().map(|e| e.event.kind).collect();
    assert_eq!(got, newest_first);
    assert!(all.windows(2).all(|w| w[0].id > w[1].id), "{all:?}");

    let first = store.audit_log(None, 2).await.unwrap();
    assert_eq!(first, all[..2]);
    let second = store.audit_log(Some(first[1].id), 2).await.unwrap();
    assert_eq!(second, all[2..4]);
    let last = store.audit_log(Some(second[1].id), 2).await.unwrap();
    assert_eq!(last, all[4..]);
    let none = store.audit_log(Some(all[4].id), 2).await.unwrap();
    assert_eq!(none, []);
    let from_middle = store.audit_log(Some(all[1].id), 100).await.unwrap();
    assert_eq!(from_middle, all[2..]);
}

/// Every field of an event reads back as written: the detail JSON exactly, absent fields as
/// absent.
pub async fn every_field_of_an_audit_event_round_trips(store: &dyn AccountStore) {
    let full = AuditEvent {
        kind: AuditKind::RoleGranted,
        at: at(14, 15, 16),
        actor: Some("Ada Lovelace".to_owned()),
        account: Some(account_id()),
        address: Some("2001:db8::7".to_owned()),
        detail: serde_json::json!({
            "role": { "role": "steward", "entity": "0190a5c4-0000-7000-8000-000000000001" },
            "count": 3,
            "ratio": 0.5,
            "list": [1, "two", null, true],
            "text": "Zürich «quoted» ✓",
        }),
    };
    let bare = AuditEvent {
        kind: AuditKind::LogInFailed,
        at: at(14, 15, 17),
        actor: None,
        account: None,
        address: None,
        detail: serde_json::Value::Null,
    };
    store.record_audit(full.clone()).await.unwrap();
    store.record_audit(bare.clone()).await.unwrap();
    let log = store.audit_log(None, 10).await.unwrap();
    let events: Vec<AuditEvent> = log.into_iter().map(|e| e.event).collect();
    assert_eq!(events, [bare, full]);
}

/// Every kind of event is stored and read back as itself.
pub async fn every_audit_kind_round_trips(store: &dyn AccountStore) {
    for kind in KINDS {
        store.record_audit(event(kind, None)).await.unwrap();
    }
    let log = store.audit_log(None, 100).await.unwrap();
    let mut kinds: Vec<AuditKind> = log.into_iter().map(|e| e.event.kind).collect();
    kinds.reverse();
    assert_eq!(kinds, KINDS);
}
