//! Helpers for the import and export tests: a real SQLite store in a temporary directory, the
//! operator viewer, the shared datasets and small input files.

#![allow(dead_code, reason = "each test file uses a different part")]
#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail loudly; not every test file uses the ones that unwrap"
)]

use std::path::{Path, PathBuf};

use concord_domain::{Organisation, RecordKind, Viewer};
use concord_store::{Store, Stored};
use concord_store_sqlite::SqliteStore;
use concord_testkit::TempSqlite;

/// A fresh migrated SQLite store; the guard keeps its temporary directory alive.
pub async fn sqlite() -> (TempSqlite, SqliteStore) {
    let dir = TempSqlite::new().unwrap();
    let store = SqliteStore::open(dir.url()).await.unwrap();
    (dir, store)
}

/// The operator, who sees everything.
pub fn admin() -> Viewer {
    Viewer::system("import-test")
}

/// The shared datasets folder (`CONCORD_DATA_DIR` overrides it).
pub fn data_dir() -> PathBuf {
    match std::env::var_os("CONCORD_DATA_DIR") {
        Some(dir) => dir.into(),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    }
}

/// Writes `content` to a file named `name` in a new temp dir.
pub fn file(name: &str, content: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    (dir, path)
}

/// Every organisation in `store` (up to 1,000), as the operator sees them.
pub async fn organisations(store: &dyn Store) -> Vec<Organisation> {
    let who = admin();
    let docs = store
        .list(&who, RecordKind::Organisation, None, 1000)
        .await
        .unwrap();
    docs.into_iter()
        .map(|d| {
            Stored::<Organisation>::from_document(d, &who)
                .unwrap()
                .record
        })
        .collect()
}
