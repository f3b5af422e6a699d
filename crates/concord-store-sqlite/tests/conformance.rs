//! The shared conformance suite on a fresh SQLite file per test.

use concord_store_sqlite::SqliteStore;
use concord_testkit::TempSqlite;

/// A store and the temporary directory its file lives in (removed on drop).
struct Fresh {
    _dir: TempSqlite,
    store: SqliteStore,
}

impl std::ops::Deref for Fresh {
    type Target = SqliteStore;
    fn deref(&self) -> &SqliteStore {
        &self.store
    }
}

#[expect(
    clippy::expect_used,
    reason = "test setup: a store that cannot open fails the test"
)]
async fn fresh() -> Option<Fresh> {
    let dir = TempSqlite::new().expect("temporary directory");
    let store = SqliteStore::open(dir.url())
        .await
        .expect("open a fresh SQLite store");
    Some(Fresh { _dir: dir, store })
}

concord_store::conformance_suite!(fresh);
concord_store::account_conformance_suite!(fresh);
