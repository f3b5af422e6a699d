//! Cases: sessions (idle and absolute expiry, use, ending, none for a disabled account) and
//! invitations (used once, expire).
//!
//! A session or invitation has expired at `now` when `now` is at or past its expiry time.

use std::collections::BTreeSet;

use concord_domain::Role;

use super::account_fixture::{at, audit_kinds, create_account, event, invitation, session};
use super::support::assert_not_found;
use crate::token::hash_secret;
use crate::{AccountStore, AuditKind};

/// A stored session is found as stored until its idle expiry, and not from then on.
pub async fn a_session_is_found_until_its_idle_expiry(store: &dyn AccountStore) {
    let alice = create_account(store, "alice").await;
    let s = session("secret", alice.id);
    store.create_session(s.clone()).await.unwrap();
    assert_eq!(store.session(&s.hash, at(9, 0, 0)).await.unwrap(), s);
    assert_eq!(store.session(&s.hash, at(9, 29, 59)).await.unwrap(), s);
    assert_not_found(store.session(&s.hash, at(9, 30, 0)).await, "at idle expiry");
    assert_not_found(
        store.session(&s.hash, at(10, 0, 0)).await,
        "after idle expiry",
    );
    assert_not_found(
        store.session(&hash_secret("other"), at(9, 0, 0)).await,
        "an unknown session",
    );
}

/// A session is not found from its absolute expiry on, however recently it was used.
pub async fn a_session_ends_at_its_absolute_expiry(store: &dyn AccountStore) {
    let alice = create_account(store, "alice").await;
    let mut s = session("secret", alice.id);
    s.idle_expires_at = at(18, 0, 0);
    store.create_session(s.clone()).await.unwrap();
    assert_eq!(store.session(&s.hash, at(16, 59, 59)).await.unwrap(), s);
    assert_not_found(
        store.session(&s.hash, at(17, 0, 0)).await,
        "at absolute expiry",
    );
    assert_not_found(
        store.session(&s.hash, at(17, 5, 0)).await,
        "after absolute expiry",
    );
}

/// Touching a session records the use and moves its idle expiry forward, but never past its
/// absolute expiry.
pub async fn touching_a_session_moves_idle_expiry_but_never_past_absolute_expiry(
    store: &dyn AccountStore,
) {
    let alice = create_account(store, "alice").await;
    let s = session("secret", alice.id);
    store.create_session(s.clone()).await.unwrap();
    store
        .touch_session(&s.hash, at(9, 20, 0), at(9, 50, 0))
        .await
        .unwrap();
    let touched = store.session(&s.hash, at(9, 40, 0)).await.unwrap();
    assert_eq!(touched.last_seen_at, at(9, 20, 0));
    assert_eq!(touched.idle_expires_at, at(9, 50, 0));
    assert_eq!(
        (touched.created_at, touched.expires_at),
        (s.created_at, s.expires_at)
    );
    assert_eq!(touched.csrf, s.csrf);

    store
        .touch_session(&s.hash, at(9, 45, 0), at(16, 45, 0))
        .await
        .unwrap();
    store
        .touch_session(&s.hash, at(16, 40, 0), at(17, 10, 0))
        .await
        .unwrap();
    let late = store.session(&s.hash, at(16, 59, 0)).await.unwrap();
    assert_eq!(late.last_seen_at, at(16, 40, 0));
    assert_eq!(late.idle_expires_at, at(17, 0, 0));
    assert_not_found(
        store.session(&s.hash, at(17, 0, 0)).await,
        "at absolute expiry",
    );
}

/// Touching a session that has expired does not bring it back.
pub async fn touching_an_expired_session_does_not_revive_it(store: &dyn AccountStore) {
    let alice = create_account(store, "alice").await;
    let s = session("secret", alice.id);
    store.create_session(s.clone()).await.unwrap();
    store
        .touch_session(&s.hash, at(9, 40, 0), at(10, 10, 0))
        .await
        .unwrap();
    assert_not_found(
        store.session(&s.hash, at(9, 45, 0)).await,
        "touched after idle expiry",
    );
}

/// Deleting a session ends it; deleting it again (or an unknown one) is no error.
pub async fn deleting_a_session_ends_it_and_may_be_repeated(store: &dyn AccountStore) {
    let alice = create_account(store, "alice").await;
    let (s, other) = (session("one", alice.id), session("two", alice.id));
    store.create_session(s.clone()).await.unwrap();
    store.create_session(other.clone()).await.unwrap();
    store.delete_session(&s.hash).await.unwrap();
    assert_not_found(
        store.session(&s.hash, at(9, 10, 0)).await,
        "deleted session",
    );
    store.delete_session(&s.hash).await.unwrap();
    store.delete_session(&hash_secret("never")).await.unwrap();
    assert_eq!(
        store.session(&other.hash, at(9, 10, 0)).await.unwrap(),
        other
    );
}

/// Deleting an account's sessions removes exactly those and says how many.
pub async fn deleting_the_sessions_of_an_account_removes_exactly_those(store: &dyn AccountStore) {
    let alice = create_account(store, "alice").await;
    let bob = create_account(store, "bob").await;
    for s in [
        session("a1", alice.id),
        session("a2", alice.id),
        session("b1", bob.id),
    ] {
        store.create_session(s).await.unwrap();
    }
    assert_eq!(store.delete_sessions_of(alice.id).await.unwrap(), 2);
    assert_eq!(store.delete_sessions_of(alice.id).await.unwrap(), 0);
    let now = at(9, 10, 0);
    assert_not_found(
        store.session(&session("a1", alice.id).hash, now).await,
        "a1",
    );
    assert_not_found(
        store.session(&session("a2", alice.id).hash, now).await,
        "a2",
    );
    assert!(
        store
            .session(&session("b1", bob.id).hash, now)
            .await
            .is_ok()
    );
}

/// Deleting expired sessions removes those past either expiry (or exactly at it) and no other,
/// and says how many.
pub async fn deleting_expired_sessions_removes_exactly_those(store: &dyn AccountStore) {
    let alice = create_account(store, "alice").await;
    let bob = create_account(store, "bob").await;
    let now = at(12, 0, 0);
    let mut live = session("live", alice.id);
    live.idle_expires_at = at(12, 0, 1);
    let idle = session("idle", alice.id);
    let mut at_idle = session("at-idle", alice.id);
    at_idle.idle_expires_at = now;
    let mut absolute = session("absolute", alice.id);
    (absolute.idle_expires_at, absolute.expires_at) = (at(13, 0, 0), at(11, 0, 0));
    let mut bobs = session("bob", bob.id);
    bobs.idle_expires_at = at(12, 30, 0);
    for s in [&live, &idle, &at_idle, &absolute, &bobs] {
        store.create_session(s.clone()).await.unwrap();
    }
    assert_eq!(store.delete_expired_sessions(now).await.unwrap(), 3);
    assert_eq!(store.delete_expired_sessions(now).await.unwrap(), 0);
    assert_eq!(store.session(&live.hash, now).await.unwrap(), live);
    assert_eq!(store.session(&bobs.hash, now).await.unwrap(), bobs);
    assert_eq!(store.delete_sessions_of(alice.id).await.unwrap(), 1);
    assert_eq!(store.delete_sessions_of(bob.id).await.unwrap(), 1);
}

/// Disabling an account ends its sessions (and only its): they stay ended when it is enabled
/// again.
pub async fn disabling_an_account_ends_its_sessions(store: &dyn AccountStore) {
    let alice = create_account(store, "alice").await;
    let bob = create_account(store, "bob").await;
    for s in [
        session("a1", alice.id),
        session("a2", alice.id),
        session("b1", bob.id),
    ] {
        store.create_session(s).await.unwrap();
    }
    let now = at(9, 10, 0);
    let disable = event(AuditKind::AccountDisabled, Some(alice.id));
    store.set_disabled(alice.id, true, disable).await.unwrap();
    let enable = event(AuditKind::AccountEnabled, Some(alice.id));
    store.set_disabled(alice.id, false, enable).await.unwrap();
    assert_not_found(
        store.session(&session("a1", alice.id).hash, now).await,
        "a1",
    );
    assert_not_found(
        store.session(&session("a2", alice.id).hash, now).await,
        "a2",
    );
    assert_eq!(store.delete_sessions_of(alice.id).await.unwrap(), 0);
    let bobs = store.session(&session("b1", bob.id).hash, now).await;
    assert_eq!(bobs.unwrap(), session("b1", bob.id));
}

/// A session of a disabled account is not found, even one stored after it was disabled.
pub async fn a_session_of_a_disabled_account_is_not_found(store: &dyn AccountStore) {
    let alice = create_account(store, "alice").await;
    let disable = event(AuditKind::AccountDisabled, Some(alice.id));
    store.set_disabled(alice.id, true, disable).await.unwrap();
    let s = session("late", alice.id);
    store.create_session(s.clone()).await.unwrap();
    let now = at(9, 10, 0);
    assert_not_found(
        store.session(&s.hash, now).await,
        "session of a disabled account",
    );
}

/// An invitation is taken once, with its roles and inviter, and is not found after that; making
/// one appends its event.
pub async fn an_invitation_is_taken_once_with_its_roles(store: &dyn AccountStore) {
    let admin = create_account(store, "admin").await;
    let mut invite = invitation("link-secret");
    invite.invited_by = Some(admin.id);
    invite.roles = BTreeSet::from([
        Role::Member,
        Role::Approver,
        Role::Steward(crate::new_id().into()),
    ]);
    let made = event(AuditKind::InvitationCreated, None);
    store.create_invitation(invite.clone(), made).await.unwrap();
    let operators = invitation("operator-secret");
    let made = event(AuditKind::InvitationCreated, None);
    store
        .create_invitation(operators.clone(), made)
        .await
        .unwrap();
    assert_eq!(
        audit_kinds(store).await,
        [
            AuditKind::InvitationCreated,
            AuditKind::InvitationCreated,
            AuditKind::AccountCreated
        ]
    );
    let now = at(11, 0, 0);
    assert_eq!(
        store.take_invitation(&invite.hash, now).await.unwrap(),
        invite
    );
    assert_not_found(
        store.take_invitation(&invite.hash, now).await,
        "taken twice",
    );
    let taken = store.take_invitation(&operators.hash, now).await.unwrap();
    assert_eq!(taken, operators);
    assert_not_found(
        store.take_invitation(&hash_secret("unknown"), now).await,
        "an unknown invitation",
    );
}

/// An invitation is not found from its expiry on.
pub async fn an_expired_invitation_is_not_found(store: &dyn AccountStore) {
    let invite = invitation("link-secret");
    let made = event(AuditKind::InvitationCreated, None);
    store.create_invitation(invite.clone(), made).await.unwrap();
    assert_not_found(
        store.take_invitation(&invite.hash, at(12, 0, 0)).await,
        "at expiry",
    );
    assert_not_found(
        store.take_invitation(&invite.hash, at(13, 0, 0)).await,
        "after expiry",
    );
}
