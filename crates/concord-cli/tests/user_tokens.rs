//! `concord token` for accounts, `concord backup|restore` with accounts, the audit of restricted
//! exports, and the log-in settings of `concord serve`. Runs the built binary on temporary
//! SQLite files.

mod user_support;

use concord_domain::Scope;
use concord_store::token::hash_secret;
use concord_store::{AccountStore, AuditKind, Store};
use user_support::{Db, audit};

#[tokio::test]
async fn a_token_scope_above_the_accounts_roles_is_refused() {
    let db = Db::new();
    db.ok(&["user", "add", "bob", "--display-name", "Bob"], "");
    let args = |scope| {
        [
            "token", "create", "laptop", "--user", "bob", "--scope", scope,
        ]
    };
    let refused = db.fails(&args("admin"), "");
    assert!(
        refused.contains("wider than the account \"bob\" may hold"),
        "{refused}"
    );
    assert!(refused.contains("at most write"), "{refused}");
    let secret = db.ok(&args("write"), "").stdout.trim().to_owned();
    let store = db.store().await;
    let bob = store.account_by_username("bob").await.unwrap();
    let token = store.token_by_hash(&hash_secret(&secret)).await.unwrap();
    assert_eq!(token.name, "bob:laptop");
    assert_eq!((token.account, token.scope), (Some(bob.id), Scope::Write));
    assert!(token.roles.is_empty());
    let log = audit(&store).await;
    let created = log.last().unwrap();
    assert_eq!(created.event.kind, AuditKind::TokenCreated);
    assert_eq!(created.event.account, Some(bob.id));
    assert_eq!(log.len(), 2, "the refused token is not audited");
    let list = db.ok(&["token", "list"], "").stdout;
    assert!(
        list.starts_with("bob:laptop\taccount bob\tscope write\troles -\t"),
        "{list}"
    );
}

#[tokio::test]
async fn a_token_for_an_unknown_or_disabled_account_is_refused() {
    let db = Db::new();
    let unknown = db.fails(
        &[
            "token", "create", "t", "--user", "nobody", "--scope", "read",
        ],
        "",
    );
    assert!(
        unknown.contains("there is no account named \"nobody\""),
        "{unknown}"
    );
    db.ok(&["user", "add", "eve", "--display-name", "Eve"], "");
    db.ok(&["user", "disable", "eve"], "");
    let disabled = db.fails(
        &["token", "create", "t", "--user", "eve", "--scope", "read"],
        "",
    );
    assert!(disabled.contains("is disabled"), "{disabled}");
    let no_scope = db.fails(&["token", "create", "t", "--user", "eve"], "");
    assert!(no_scope.contains("--scope"), "{no_scope}");
}

#[tokio::test]
async fn a_token_without_an_account_still_carries_its_roles() {
    let db = Db::new();
    let secret = db.ok(&["token", "create", "--name", "ci", "--role", "admin"], "");
    let store = db.store().await;
    let token = store
        .token_by_hash(&hash_secret(secret.stdout.trim()))
        .await
        .unwrap();
    assert_eq!((token.name.as_str(), token.account), ("ci", None));
    assert_eq!(token.roles, [concord_domain::Role::Admin]);
}

#[tokio::test]
async fn backup_then_restore_keeps_accounts_and_their_tokens() {
    let db = Db::new();
    let add = [
        "user",
        "add",
        "alice",
        "--display-name",
        "Alice",
        "--role",
        "admin",
    ];
    db.ok(
        &[&add[..], &["--password-stdin"]].concat(),
        "correct horse battery\n",
    );
    let token = [
        "token", "create", "ci", "--user", "alice", "--scope", "admin",
    ];
    let secret = db.ok(&token, "").stdout.trim().to_owned();
    db.ok(
        &["user", "invite", "--base-url", "http://localhost:8080"],
        "",
    );
    let file = db.dir.dir().join("backup.jsonl");
    let file = file.to_str().unwrap();
    db.ok(&["backup", file], "");
    let restored = Db::new();
    restored.ok(&["restore", file], "");
    let (a, b) = (db.store().await, restored.store().await);
    assert_eq!(
        b.list_accounts().await.unwrap(),
        a.list_accounts().await.unwrap()
    );
    let alice = b.account_by_username("alice").await.unwrap();
    assert_eq!(
        b.password_hash(alice.id).await.unwrap(),
        a.password_hash(alice.id).await.unwrap()
    );
    let token = b.token_by_hash(&hash_secret(&secret)).await.unwrap();
    assert_eq!((token.account, token.scope), (Some(alice.id), Scope::Admin));
    assert_eq!(audit(&b).await, audit(&a).await);
    assert_eq!(
        b.list_tokens().await.unwrap(),
        a.list_tokens().await.unwrap()
    );
}

#[tokio::test]
async fn an_export_of_restricted_records_is_audited_and_a_public_one_is_not() {
    let db = Db::new();
    db.ok(&["export", "--kind", "organisation"], "");
    let store = db.store().await;
    assert!(audit(&store).await.is_empty());
    let out = db.dir.dir().join("all.csv");
    let out = out.to_str().unwrap();
    db.ok(&["export", "--all", "--format", "csv", "--output", out], "");
    let log = audit(&store).await;
    assert_eq!(log.len(), 1);
    let event = &log[0].event;
    assert_eq!(event.kind, AuditKind::RestrictedExport);
    assert_eq!(event.actor.as_deref(), Some("cli"));
    assert_eq!(event.detail["kind"], "organisation");
    assert_eq!(event.detail["format"], "csv");
    assert_eq!(event.detail["count"], 0);
}

#[tokio::test]
async fn the_wikimedia_login_needs_all_three_settings_and_a_public_url() {
    let db = Db::new();
    let some = db.fails(&["serve", "--wikimedia-client-id", "abc"], "");
    assert!(some.contains("needs all three"), "{some}");
    let all = [
        "serve",
        "--wikimedia-client-id",
        "abc",
        "--wikimedia-client-secret",
        "s3cret",
        "--wikimedia-wiki-url",
        "https://meta.wikimedia.org",
    ];
    let no_public = db.fails(&all, "");
    assert!(no_public.contains("needs --public-url"), "{no_public}");
    let clear = [&all[..], &["--public-url", "http://concord.example.org"]].concat();
    let insecure = db.fails(&clear, "");
    assert!(insecure.contains("Wikimedia login settings"), "{insecure}");
    assert!(!insecure.contains("s3cret"), "{insecure}");
}
