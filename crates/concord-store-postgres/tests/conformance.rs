//! The shared conformance suite on PostgreSQL: each case gets its own database, cloned from the
//! migrated template and dropped afterwards (skipped loudly without `CONCORD_TEST_PG_URL`,
//! failing under `CI=true`).

#![expect(
    clippy::expect_used,
    reason = "test code: a failed step is a failed test"
)]

use concord_store_postgres::PgStore;
use concord_testkit::pg::{PgTestDb, fresh_pg_url};

/// A store on its own database; the database is dropped after the store's pool.
struct Fresh {
    store: PgStore,
    _db: PgTestDb,
}

impl std::ops::Deref for Fresh {
    type Target = PgStore;

    fn deref(&self) -> &PgStore {
        &self.store
    }
}

async fn fresh() -> Option<Fresh> {
    let db = fresh_pg_url().await?;
    let store = PgStore::connect(db.url())
        .await
        .expect("connect to the test database");
    Some(Fresh { store, _db: db })
}

concord_store::conformance_suite!(fresh);
concord_store::account_conformance_suite!(fresh);
