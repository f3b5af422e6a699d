//! Following a real store's revision log: catch-up, deletes, rebuild, and a second server's
//! background follower converging within two seconds.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::{all, org};
use concord_domain::revision::RevisionAction;
use concord_domain::{Organisation, Viewer};
use concord_search::{SearchIndex, catch_up, rebuild, spawn_follower, take_written};
use concord_store::{Document, Edit, LoggedRevision, Store};
use concord_store_sqlite::SqliteStore;

#[expect(clippy::unwrap_used, reason = "a test helper")]
async fn create(store: &dyn Store, o: &Organisation) -> concord_domain::RevisionId {
    store
        .save(Edit {
            who: Viewer::system("test"),
            document: Document::from_record(o).unwrap(),
            base: None,
            action: RevisionAction::Create,
            summary: "test".into(),
        })
        .await
        .unwrap()
}

#[expect(clippy::unwrap_used, reason = "a test helper")]
fn total(index: &SearchIndex) -> u64 {
    index.search(&Viewer::anonymous(), &all()).unwrap().total
}

#[tokio::test]
async fn an_index_follows_the_log_and_rebuilds_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("db").display());
    let store = SqliteStore::open(&url).await.unwrap();
    for i in 1..=3 {
        create(&store, &org(i, &format!("Museum {i}"), "SE")).await;
    }
    let index = SearchIndex::open_in_ram().unwrap();
    let calls = AtomicU64::new(0);
    let progress = |done: u64, of: u64| {
        assert!(done <= of);
        calls.fetch_add(1, Ordering::Relaxed);
    };
    assert_eq!(catch_up(&index, &store, &progress).await.unwrap(), 3);
    assert!(calls.load(Ordering::Relaxed) >= 1);
    assert_eq!(total(&index), 3);
    assert_eq!(index.last_applied(), store.head().await.unwrap());
    assert_eq!(catch_up(&index, &store, &|_, _| {}).await.unwrap(), 0);

    let base = create(&store, &org(4, "Museum 4", "SE")).await;
    catch_up(&index, &store, &|_, _| {}).await.unwrap();
    assert_eq!(total(&index), 4);
    let key = org(4, "", "SE");
    store
        .delete(
            &Viewer::system("test"),
            concord_domain::Record::key(&key),
            base,
            "gone",
        )
        .await
        .unwrap();
    catch_up(&index, &store, &|_, _| {}).await.unwrap();
    assert_eq!(total(&index), 3);

    assert_eq!(rebuild(&index, &store, &|_, _| {}).await.unwrap(), 5);
    assert_eq!(total(&index), 3);
}

#[expect(clippy::unwrap_used, reason = "a test helper")]
async fn create_batch(store: &dyn Store, numbers: std::ops::Range<u128>) -> Vec<LoggedRevision> {
    let edits = numbers
        .map(|i| Edit {
            who: Viewer::system("test"),
            document: Document::from_record(&org(i, &format!("Museum {i}"), "SE")).unwrap(),
            base: None,
            action: RevisionAction::Create,
            summary: "test".into(),
        })
        .collect();
    store.save_batch(edits).await.unwrap()
}

#[tokio::test]
async fn written_batches_are_taken_without_the_log_unless_another_write_came_between() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("db").display());
    let store = SqliteStore::open(&url).await.unwrap();
    let index = SearchIndex::open_in_ram().unwrap();

    let first = create_batch(&store, 1..4).await;
    assert_eq!(
        take_written(&index, &store, first.clone()).await.unwrap(),
        3
    );
    assert_eq!(total(&index), 0, "queued, not yet committed");
    // The catch-up finds nothing left to read in the log, and commits what was taken.
    assert_eq!(catch_up(&index, &store, &|_, _| {}).await.unwrap(), 0);
    assert_eq!(total(&index), 3);
    assert_eq!(index.last_applied(), store.head().await.unwrap());

    // Taking the same batch again changes nothing.
    assert_eq!(take_written(&index, &store, first).await.unwrap(), 0);
    assert_eq!(total(&index), 3);

    // A write that was not handed over comes between: the next batch does not follow on, so
    // the index reads both from the log.
    create(&store, &org(4, "Museum 4", "SE")).await;
    let next = create_batch(&store, 5..7).await;
    assert_eq!(take_written(&index, &store, next).await.unwrap(), 3);
    assert_eq!(total(&index), 6);
    assert_eq!(index.last_applied(), store.head().await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_server_converges_within_two_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("db").display());
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&url).await.unwrap());
    let other = Arc::new(SearchIndex::open_in_ram().unwrap());
    let follower = spawn_follower(
        Arc::clone(&other),
        Arc::clone(&store),
        Duration::from_secs(1),
    );
    create(&*store, &org(1, "Written elsewhere", "SE")).await;
    let written = Instant::now();
    while total(&other) == 0 {
        assert!(
            written.elapsed() < Duration::from_secs(2),
            "not converged in 2 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    follower.abort();
}
