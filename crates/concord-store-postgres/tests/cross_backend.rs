//! A backup taken on SQLite loads into PostgreSQL and gives back the identical backup, and the
//! other way round (DESIGN.md, "Nothing lost"): the shared backup cases, across backends.

#![expect(
    clippy::expect_used,
    reason = "test code: a failed step is a failed test"
)]

use concord_store::conformance::backup::{
    a_loaded_backup_is_a_working_store, backup_then_load_gives_an_identical_backup,
};
use concord_store_postgres::PgStore;
use concord_store_sqlite::SqliteStore;
use concord_testkit::TempSqlite;
use concord_testkit::pg::{PgTestDb, fresh_pg_url};

async fn postgres() -> Option<(PgStore, PgTestDb)> {
    let db = fresh_pg_url().await?;
    let store = PgStore::connect(db.url()).await.expect("connect");
    Some((store, db))
}

async fn sqlite() -> (SqliteStore, TempSqlite) {
    let file = TempSqlite::new().expect("temp dir");
    let store = SqliteStore::open(file.url()).await.expect("open");
    (store, file)
}

#[tokio::test]
async fn a_sqlite_backup_loads_into_postgres_identically() {
    let Some((pg, _db)) = postgres().await else {
        return;
    };
    let (lite, _file) = sqlite().await;
    backup_then_load_gives_an_identical_backup(&lite, &pg).await;
}

#[tokio::test]
async fn a_postgres_backup_loads_into_sqlite_identically() {
    let Some((pg, _db)) = postgres().await else {
        return;
    };
    let (lite, _file) = sqlite().await;
    backup_then_load_gives_an_identical_backup(&pg, &lite).await;
}

#[tokio::test]
async fn a_sqlite_backup_makes_a_working_postgres_store() {
    let Some((pg, _db)) = postgres().await else {
        return;
    };
    let (lite, _file) = sqlite().await;
    a_loaded_backup_is_a_working_store(&lite, &pg).await;
}

#[tokio::test]
async fn a_postgres_backup_makes_a_working_sqlite_store() {
    let Some((pg, _db)) = postgres().await else {
        return;
    };
    let (lite, _file) = sqlite().await;
    a_loaded_backup_is_a_working_store(&pg, &lite).await;
}
