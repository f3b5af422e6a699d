//! `concord user`: accounts made, changed and invited from the command line, each change
//! audited by `cli`, with clear errors. Runs the built binary on a temporary SQLite file.

mod user_support;

use std::collections::BTreeSet;

use concord_domain::Role;
use concord_store::token::hash_secret;
use concord_store::{AccountStore, AuditKind};
use user_support::{Db, audit};

const PASSWORD: &str = "correct horse battery\n";

#[tokio::test]
async fn an_added_user_can_be_granted_a_role_and_disabled_and_each_step_is_audited() {
    let db = Db::new();
    db.ok(
        &[
            "user",
            "add",
            "alice",
            "--display-name",
            "Alice A",
            "--password-stdin",
        ],
        PASSWORD,
    );
    db.ok(&["user", "role", "Alice", "grant", "approver"], "");
    db.ok(&["user", "disable", "alice"], "");
    let list = db.ok(&["user", "list"], "").stdout;
    assert!(
        list.starts_with("alice\tAlice A\tmember,approver\tpassword\t"),
        "{list}"
    );
    assert!(list.trim_end().ends_with("disabled"), "{list}");
    let store = db.store().await;
    let alice = store.account_by_username("alice").await.unwrap();
    assert_eq!(alice.roles, BTreeSet::from([Role::Member, Role::Approver]));
    assert!(alice.disabled);
    let hash = store.password_hash(alice.id).await.unwrap().unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    let log = audit(&store).await;
    let kinds: Vec<AuditKind> = log.iter().map(|e| e.event.kind).collect();
    let expected = [
        AuditKind::AccountCreated,
        AuditKind::RoleGranted,
        AuditKind::AccountDisabled,
    ];
    assert_eq!(kinds, expected);
    for entry in &log {
        assert_eq!(entry.event.actor.as_deref(), Some("cli"));
        assert_eq!(entry.event.account, Some(alice.id));
    }
    assert_eq!(log[1].event.detail["role"], "approver");
}

#[tokio::test]
async fn enabling_revoking_and_setting_a_password_are_audited() {
    let db = Db::new();
    db.ok(
        &[
            "user",
            "add",
            "bob",
            "--display-name",
            "Bob",
            "--role",
            "admin",
        ],
        "",
    );
    let store = db.store().await;
    let bob = store.account_by_username("bob").await.unwrap();
    assert_eq!(bob.roles, BTreeSet::from([Role::Admin]));
    assert_eq!(store.password_hash(bob.id).await.unwrap(), None);
    db.ok(&["user", "password", "bob", "--password-stdin"], PASSWORD);
    db.ok(&["user", "disable", "bob"], "");
    db.ok(&["user", "enable", "bob"], "");
    db.ok(&["user", "role", "bob", "revoke", "admin"], "");
    let bob = store.account_by_username("bob").await.unwrap();
    assert!(!bob.disabled && bob.roles.is_empty());
    assert!(store.password_hash(bob.id).await.unwrap().is_some());
    let kinds: Vec<AuditKind> = audit(&store).await.iter().map(|e| e.event.kind).collect();
    let expected = [
        AuditKind::AccountCreated,
        AuditKind::PasswordChanged,
        AuditKind::AccountDisabled,
        AuditKind::AccountEnabled,
        AuditKind::RoleRevoked,
    ];
    assert_eq!(kinds, expected);
}

#[tokio::test]
async fn a_taken_username_an_unknown_user_and_a_bad_role_are_clear_errors() {
    let db = Db::new();
    db.ok(&["user", "add", "alice", "--display-name", "Alice"], "");
    let taken = db.fails(&["user", "add", "ALICE", "--display-name", "Other"], "");
    assert!(taken.contains("the username \"ALICE\" is taken"), "{taken}");
    let unknown = db.fails(&["user", "role", "nobody", "grant", "admin"], "");
    assert!(
        unknown.contains("there is no account named \"nobody\""),
        "{unknown}"
    );
    let role = db.fails(&["user", "role", "alice", "grant", "root"], "");
    assert!(role.contains("--role \"root\""), "{role}");
    let name = db.fails(&["user", "add", "a/b", "--display-name", "Slash"], "");
    assert!(name.contains("the username is refused"), "{name}");
    let store = db.store().await;
    assert_eq!(store.list_accounts().await.unwrap().len(), 1);
    assert_eq!(audit(&store).await.len(), 1);
}

#[tokio::test]
async fn a_short_password_is_refused_and_no_account_is_created() {
    let db = Db::new();
    let args = [
        "user",
        "add",
        "carol",
        "--display-name",
        "C",
        "--password-stdin",
    ];
    let short = db.fails(&args, "short\n");
    assert!(short.contains("the password is refused"), "{short}");
    let same = db.fails(&args, "carol\n");
    assert!(same.contains("the password is refused"), "{same}");
    let store = db.store().await;
    assert!(store.list_accounts().await.unwrap().is_empty());
    assert!(audit(&store).await.is_empty());
}

#[tokio::test]
async fn an_invitation_link_is_printed_once() {
    let db = Db::new();
    let base = "https://concord.example.org/";
    let args = ["user", "invite", "--role", "approver", "--base-url", base];
    let run = db.ok(&args, "");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    let secret = lines[0]
        .strip_prefix("https://concord.example.org/signup/")
        .unwrap();
    assert!(secret.starts_with("concord_"), "{secret}");
    assert!(!run.stderr.contains(secret));
    let store = db.store().await;
    let log = audit(&store).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].event.kind, AuditKind::InvitationCreated);
    assert!(!log[0].event.detail.to_string().contains(secret));
    let now = chrono::Utc::now();
    let taken = store
        .take_invitation(&hash_secret(secret), now)
        .await
        .unwrap();
    assert_eq!(taken.roles, BTreeSet::from([Role::Approver]));
    let days = (taken.expires_at - taken.created_at).num_days();
    assert_eq!(days, 7);
    assert!(
        store
            .take_invitation(&hash_secret(secret), now)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn an_invitation_needs_a_web_address() {
    let db = Db::new();
    let err = db.fails(&["user", "invite", "--base-url", "concord.example.org"], "");
    assert!(err.contains("--base-url must start with https://"), "{err}");
}
