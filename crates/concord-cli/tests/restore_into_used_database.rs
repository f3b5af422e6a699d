//! `concord restore` refuses, before writing anything, a database that already holds anything a
//! backup holds (revisions, terms, accounts, invitations, tokens, audit entries), and names what
//! it found. Runs the built binary on temporary SQLite files and, when `CONCORD_TEST_PG_URL` is
//! set, on a PostgreSQL database.

mod user_support;

use concord_store::{Store, StoreExt};
use concord_testkit::pg::fresh_pg_url;
use concord_testkit::{admin, organisation};
use user_support::{Db, audit, run_on};

/// A backup file (of a database with the account "bob") in `db`'s directory; its path.
#[expect(clippy::unwrap_used, reason = "test helpers fail loudly")]
fn backup_with_bob(db: &Db) -> String {
    db.ok(&["user", "add", "bob", "--display-name", "Bob"], "");
    let file = db.dir.dir().join("backup.jsonl");
    let file = file.to_str().unwrap().to_owned();
    db.ok(&["backup", &file], "");
    file
}

/// The usernames in `store`, in order.
#[expect(clippy::unwrap_used, reason = "test helpers fail loudly")]
async fn usernames(store: &dyn Store) -> Vec<String> {
    let accounts = store.list_accounts().await.unwrap();
    accounts.into_iter().map(|a| a.username).collect()
}

#[tokio::test]
async fn a_database_with_accounts_but_no_revisions_is_refused_and_what_it_holds_is_named() {
    let source = Db::new();
    let file = backup_with_bob(&source);
    let target = Db::new();
    target.ok(&["user", "add", "alice", "--display-name", "Alice"], "");
    let token = [
        "token", "create", "ci", "--user", "alice", "--scope", "read",
    ];
    target.ok(&token, "");
    target.ok(&["user", "invite", "--base-url", "http://localhost"], "");
    let before = audit(&target.store().await).await;
    let refused = target.fails(&["restore", &file], "");
    assert!(refused.contains("is not empty"), "{refused}");
    assert!(
        refused.contains("it holds accounts, invitations, API tokens and audit log entries."),
        "{refused}"
    );
    assert!(!refused.contains("revisions"), "{refused}");
    assert!(!refused.contains("Duplicate"), "{refused}");
    let store = target.store().await;
    assert_eq!(usernames(&store).await, ["alice"]);
    assert_eq!(audit(&store).await, before);
}

#[tokio::test]
async fn a_database_with_only_revisions_is_still_refused() {
    let source = Db::new();
    let file = backup_with_bob(&source);
    let target = Db::new();
    let store = target.store().await;
    let museum = organisation("Nordiska museet").build();
    store
        .create_record(&admin(), &museum, "create")
        .await
        .unwrap();
    drop(store);
    let refused = target.fails(&["restore", &file], "");
    assert!(refused.contains("it holds revisions."), "{refused}");
    assert!(usernames(&target.store().await).await.is_empty());
}

#[tokio::test]
async fn the_same_backup_restores_into_an_empty_database() {
    let source = Db::new();
    let file = backup_with_bob(&source);
    let target = Db::new();
    target.ok(&["restore", &file], "");
    assert_eq!(usernames(&target.store().await).await, ["bob"]);
}

#[tokio::test]
async fn a_postgresql_database_with_an_account_is_refused_too() {
    let Some(pg) = fresh_pg_url().await else {
        return;
    };
    let source = Db::new();
    let file = backup_with_bob(&source);
    let add = ["user", "add", "alice", "--display-name", "Alice"];
    assert!(run_on(pg.url(), &add, "").ok);
    let run = run_on(pg.url(), &["restore", &file], "");
    assert!(!run.ok, "{run:?}");
    assert!(
        run.stderr
            .contains("it holds accounts and audit log entries."),
        "{}",
        run.stderr
    );
    let store = concord_store_postgres::PgStore::connect(pg.url())
        .await
        .unwrap();
    assert_eq!(usernames(&store).await, ["alice"]);
    assert_eq!(audit(&store).await.len(), 1);
}
