//! PostgreSQL-specific account behaviour beyond the shared suite: counters and invitations
//! under concurrent callers on separate connections, and a few end-to-end smoke checks of the
//! `AccountStore` implementation.

#![expect(
    clippy::expect_used,
    reason = "test code: a failed step is a failed test"
)]

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use concord_domain::{AccountId, Role};
use concord_store::token::hash_secret;
use concord_store::{
    AccountStore, AuditEvent, AuditKind, Invitation, NewAccount, Session, StoreError, new_id,
};
use concord_store_postgres::PgStore;
use concord_testkit::pg::{PgTestDb, fresh_pg_url};

/// A fresh migrated store and the guard that drops its database, or `None` to skip.
async fn store() -> Option<(PgStore, PgTestDb)> {
    let db = fresh_pg_url().await?;
    let store = PgStore::connect(db.url()).await.expect("connect");
    Some((store, db))
}

/// 4 March 2025 at `hour:minute` UTC.
fn at(hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 4, hour, minute, 0)
        .single()
        .expect("a valid time")
}

fn new_account(username: &str) -> NewAccount {
    NewAccount {
        id: AccountId(new_id()),
        username: username.to_owned(),
        display_name: username.to_uppercase(),
        email: None,
        password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_owned()),
        roles: BTreeSet::from([Role::Member]),
        wikimedia_id: None,
        created_at: at(8, 0),
    }
}

fn event(kind: AuditKind, account: Option<AccountId>) -> AuditEvent {
    AuditEvent {
        kind,
        at: at(8, 0),
        actor: Some("cli".to_owned()),
        account,
        address: None,
        detail: serde_json::json!({ "smoke": true }),
    }
}

#[tokio::test]
async fn usernames_are_unique_without_regard_to_case_and_a_refused_create_logs_nothing() {
    let Some((store, _db)) = store().await else {
        return;
    };
    let new = new_account("Åsa Berg");
    let id = new.id;
    let created = store
        .create_account(new, event(AuditKind::AccountCreated, Some(id)))
        .await
        .expect("create");
    assert_eq!(store.account(id).await.expect("by id"), created);
    let by_name = store
        .account_by_username("åSA BERG")
        .await
        .expect("by name");
    assert_eq!(by_name, created);

    let again = store
        .create_account(
            new_account("ÅSA BERG"),
            event(AuditKind::AccountCreated, None),
        )
        .await;
    match again {
        Err(StoreError::Duplicate { what }) => assert!(what.contains("username"), "{what}"),
        other => panic!("expected Duplicate, got {other:?}"),
    }
    let log = store.audit_log(None, 10).await.expect("audit log");
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].event, event(AuditKind::AccountCreated, Some(id)));
}

#[tokio::test]
async fn a_wikimedia_id_links_to_one_account_only() {
    let Some((store, _db)) = store().await else {
        return;
    };
    let mut first = new_account("first");
    first.wikimedia_id = Some("4242".to_owned());
    store
        .create_account(first, event(AuditKind::AccountCreated, None))
        .await
        .expect("first");
    let second = store
        .create_account(
            new_account("second"),
            event(AuditKind::AccountCreated, None),
        )
        .await
        .expect("second");
    let link = store
        .link_wikimedia(second.id, "4242", event(AuditKind::WikimediaLinked, None))
        .await;
    match link {
        Err(StoreError::Duplicate { what }) => assert!(what.contains("Wikimedia id"), "{what}"),
        other => panic!("expected Duplicate, got {other:?}"),
    }
    let found = store.account_by_wikimedia_id("4242").await.expect("linked");
    assert_eq!(found.username, "first");
    assert_eq!(store.audit_log(None, 10).await.expect("log").len(), 2);
}

#[tokio::test]
async fn a_session_ends_when_idle_at_its_end_or_when_its_account_is_disabled() {
    let Some((store, _db)) = store().await else {
        return;
    };
    let account = store
        .create_account(new_account("sam"), event(AuditKind::AccountCreated, None))
        .await
        .expect("account");
    let session = Session {
        hash: hash_secret("cookie"),
        account: account.id,
        csrf: "csrf".to_owned(),
        created_at: at(9, 0),
        last_seen_at: at(9, 0),
        idle_expires_at: at(9, 30),
        expires_at: at(10, 0),
    };
    store.create_session(session.clone()).await.expect("create");
    assert_eq!(
        store.session(&session.hash, at(9, 29)).await.expect("live"),
        session
    );
    let idle = store.session(&session.hash, at(9, 30)).await;
    assert!(matches!(idle, Err(StoreError::NotFound)), "{idle:?}");

    // A use at 9:29 asks for idle expiry at 10:15; it stops at the absolute end, 10:00.
    store
        .touch_session(&session.hash, at(9, 29), at(10, 15))
        .await
        .expect("touch");
    let touched = store
        .session(&session.hash, at(9, 45))
        .await
        .expect("touched");
    assert_eq!(
        (touched.last_seen_at, touched.idle_expires_at),
        (at(9, 29), at(10, 0))
    );
    let over = store.session(&session.hash, at(10, 0)).await;
    assert!(matches!(over, Err(StoreError::NotFound)), "{over:?}");

    store
        .set_disabled(account.id, true, event(AuditKind::AccountDisabled, None))
        .await
        .expect("disable");
    assert_eq!(
        store
            .delete_sessions_of(account.id)
            .await
            .expect("none left"),
        0
    );
    let gone = store.session(&session.hash, at(9, 45)).await;
    assert!(matches!(gone, Err(StoreError::NotFound)), "{gone:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_hits_are_each_counted_once_and_five_are_allowed() {
    let Some((store, _db)) = store().await else {
        return;
    };
    let window = Duration::from_secs(600);
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .hit_rate_limit("login:address:192.0.2.7", 5, window, at(9, 0))
                    .await
            })
        })
        .collect();
    let mut counts = BTreeSet::new();
    let mut allowed = 0;
    for task in tasks {
        let decision = task.await.expect("task").expect("hit");
        assert_eq!(decision.resets_at, at(9, 10));
        assert_eq!(decision.allowed, decision.count <= 5, "{decision:?}");
        allowed += usize::from(decision.allowed);
        counts.insert(decision.count);
    }
    assert_eq!(allowed, 5);
    assert_eq!(counts, (1..=20).collect::<BTreeSet<u32>>());
}

#[tokio::test]
async fn a_new_window_starts_at_the_first_hit_after_the_old_one_ends() {
    let Some((store, _db)) = store().await else {
        return;
    };
    let window = Duration::from_secs(60);
    let key = "login:account:sam";
    let hit = |now| store.hit_rate_limit(key, 2, window, now);
    assert_eq!(hit(at(9, 0)).await.expect("1").count, 1);
    let second = hit(at(9, 0)).await.expect("2");
    assert!(second.allowed && second.count == 2, "{second:?}");
    let third = hit(at(9, 0)).await.expect("3");
    assert!(!third.allowed && third.resets_at == at(9, 1), "{third:?}");
    let later = hit(at(9, 1)).await.expect("new window");
    assert!(
        later.allowed && later.count == 1 && later.resets_at == at(9, 2),
        "{later:?}"
    );
    store.reset_rate_limit(key).await.expect("reset");
    assert_eq!(hit(at(9, 1)).await.expect("after reset").count, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_invitation_is_taken_once_by_concurrent_takers_and_never_after_it_expires() {
    let Some((store, _db)) = store().await else {
        return;
    };
    let invitation = |secret: &str| Invitation {
        hash: hash_secret(secret),
        roles: BTreeSet::from([Role::Approver]),
        invited_by: None,
        created_at: at(10, 0),
        expires_at: at(12, 0),
    };
    for secret in ["raced", "late"] {
        store
            .create_invitation(
                invitation(secret),
                event(AuditKind::InvitationCreated, None),
            )
            .await
            .expect("invite");
    }
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .take_invitation(&hash_secret("raced"), at(11, 0))
                    .await
            })
        })
        .collect();
    let mut taken = Vec::new();
    for task in tasks {
        match task.await.expect("task") {
            Ok(got) => taken.push(got),
            Err(StoreError::NotFound) => {}
            Err(e) => panic!("expected NotFound, got {e:?}"),
        }
    }
    assert_eq!(taken, vec![invitation("raced")]);
    let late = store.take_invitation(&hash_secret("late"), at(12, 0)).await;
    assert!(matches!(late, Err(StoreError::NotFound)), "{late:?}");
}

#[tokio::test]
async fn the_audit_log_pages_newest_first() {
    let Some((store, _db)) = store().await else {
        return;
    };
    let kinds = [AuditKind::LogIn, AuditKind::LogOut, AuditKind::LogInFailed];
    for kind in kinds {
        store.record_audit(event(kind, None)).await.expect("record");
    }
    let first = store.audit_log(None, 2).await.expect("first page");
    let page: Vec<_> = first.iter().map(|e| e.event.kind).collect();
    assert_eq!(page, [AuditKind::LogInFailed, AuditKind::LogOut]);
    let rest = store
        .audit_log(Some(first[1].id), 2)
        .await
        .expect("second page");
    let page: Vec<_> = rest.iter().map(|e| e.event.kind).collect();
    assert_eq!(page, [AuditKind::LogIn]);
}
