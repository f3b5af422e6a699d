//! PostgreSQL-specific behaviour beyond the shared conformance suite: concurrency, the order of
//! the revision log, backups, and the migration names shared with SQLite.

#![expect(
    clippy::expect_used,
    reason = "test code: a failed step is a failed test"
)]

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use common::{create, need, organisation, store};
use concord_domain::{Problem, Record, RecordKind, RevisionId, Viewer};
use concord_store::{Store, StoreError};

#[test]
fn migration_file_names_match_the_sqlite_store() {
    let names = |dir: &str| -> BTreeSet<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        std::fs::read_dir(path)
            .expect("migrations folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect()
    };
    assert_eq!(
        names("migrations"),
        names("../concord-store-sqlite/migrations")
    );
}

#[tokio::test]
async fn concurrent_creates_of_one_id_give_one_record_and_duplicates() {
    let Some((store, _db)) = store().await else {
        return;
    };
    let store = Arc::new(store);
    let org = organisation("Nordiska museet");
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (store, edit) = (store.clone(), create(&org));
            tokio::spawn(async move { store.save(edit).await })
        })
        .collect();
    let mut ok = 0;
    for task in tasks {
        match task.await.expect("task") {
            Ok(_) => ok += 1,
            Err(StoreError::Duplicate { what }) => assert!(what.contains("organisation"), "{what}"),
            Err(e) => panic!("expected Duplicate, got {e:?}"),
        }
    }
    assert_eq!(ok, 1);
}

#[tokio::test]
async fn a_follower_of_the_log_never_misses_a_revision_under_concurrent_writers() {
    let Some((store, _db)) = store().await else {
        return;
    };
    let store = Arc::new(store);
    let writers: Vec<_> = (0..6)
        .map(|w| {
            let store = store.clone();
            tokio::spawn(async move {
                for i in 0..40 {
                    let org = organisation(&format!("Writer {w} organisation {i}"));
                    store.save(create(&org)).await.expect("save");
                }
            })
        })
        .collect();
    let mut seen = Vec::new();
    let mut cursor = RevisionId(0);
    let done = futures::future::join_all(writers);
    tokio::pin!(done);
    loop {
        tokio::select! {
            _ = &mut done => break,
            page = store.revisions_since(cursor, 1000) => {
                for rev in page.expect("page") {
                    cursor = rev.id;
                    seen.push(rev.id);
                }
            }
        }
    }
    let rest = store.revisions_since(cursor, 10_000).await.expect("rest");
    seen.extend(rest.iter().map(|r| r.id));
    let all = store
        .revisions_since(RevisionId(0), 10_000)
        .await
        .expect("all");
    assert_eq!(all.len(), 240);
    let seen: BTreeSet<RevisionId> = seen.into_iter().collect();
    let missed: Vec<RevisionId> = all
        .iter()
        .map(|r| r.id)
        .filter(|id| !seen.contains(id))
        .collect();
    assert!(missed.is_empty(), "the follower skipped {missed:?}");
}

#[tokio::test]
async fn a_batch_with_a_missing_reference_writes_nothing() {
    let Some((store, _db)) = store().await else {
        return;
    };
    let entity = organisation("Wikimedia Sverige");
    let orphan = need(uuid::Uuid::now_v7());
    let batch = vec![create(&entity), create(&need(entity.id.0)), create(&orphan)];
    match store.save_batch(batch).await {
        Err(StoreError::Invalid(errors)) => {
            assert_eq!(errors.0.len(), 1);
            assert_eq!(errors.0[0].field, "movement_entity");
            assert!(matches!(
                errors.0[0].problem,
                Problem::MissingReference { .. }
            ));
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(store.head().await.expect("head"), RevisionId(0));
    // In one batch, a record may refer to one created after it.
    let later = organisation("Later");
    let ids = store
        .save_batch(vec![create(&need(later.id.0)), create(&later)])
        .await
        .expect("batch");
    assert!(ids[0].id < ids[1].id);
}

#[tokio::test]
async fn a_restored_backup_backs_up_identically_and_the_log_continues() {
    let Some((source, _db1)) = store().await else {
        return;
    };
    let Some((target, _db2)) = store().await else {
        return;
    };
    let admin = Viewer::system("test");
    let org = organisation("Tropenmuseum");
    let rev = source.save(create(&org)).await.expect("create");
    let rev = source
        .delete(&admin, org.key(), rev, "gone")
        .await
        .expect("delete");
    source
        .restore(&admin, org.key(), rev, "back")
        .await
        .expect("restore");
    source
        .save_batch(
            (0..30)
                .map(|i| create(&organisation(&format!("O{i}"))))
                .collect(),
        )
        .await
        .expect("batch");
    let original = backup(&source).await;
    target.load_backup(original.clone()).await.expect("load");
    assert_eq!(backup(&target).await, original);
    let before = target.get(&admin, org.key()).await.expect("get");
    assert_eq!(before, source.get(&admin, org.key()).await.expect("get"));
    let next = target
        .save(create(&organisation("After restore")))
        .await
        .expect("save");
    assert!(next > source.head().await.expect("head"));
}

async fn backup(store: &dyn Store) -> Vec<concord_store::BackupItem> {
    let mut items = Vec::new();
    let mut cursor = None;
    loop {
        let (page, next) = store.backup_page(cursor, 7).await.expect("page");
        items.extend(page);
        match next {
            Some(c) => cursor = Some(c),
            None => return items,
        }
    }
}

/// Import speed: `cargo test --release -p concord-store-postgres -- --ignored --nocapture`.
#[tokio::test]
#[ignore = "a benchmark: run in release with --ignored --nocapture"]
async fn save_batch_imports_200_000_organisations_in_batches_of_5_000() {
    let Some((store, _db)) = store().await else {
        return;
    };
    let (total, batch) = (200_000, 5_000);
    let started = std::time::Instant::now();
    for b in 0..total / batch {
        let edits = (0..batch)
            .map(|i| create(&organisation(&format!("Organisation {b} {i}"))))
            .collect();
        store.save_batch(edits).await.expect("batch");
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "saved {total} organisations in {secs:.1} s: {:.0} records/s",
        f64::from(total) / secs
    );
    assert_eq!(
        store.count(RecordKind::Organisation).await.expect("count"),
        200_000
    );
}
