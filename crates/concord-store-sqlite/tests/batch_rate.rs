//! The import target (≥ 50,000 organisations/second including indexing) leaves the store well
//! over 100,000/second. Run: `cargo test --release -p concord-store-sqlite --test batch_rate
//! -- --ignored --nocapture`.

use std::time::Instant;

use concord_domain::revision::RevisionAction;
use concord_store::{Document, Edit, Store};
use concord_store_sqlite::SqliteStore;
use concord_testkit::{TempSqlite, admin, organisation};

const TOTAL: usize = 200_000;
const BATCH: usize = 5_000;

#[expect(
    clippy::expect_used,
    reason = "test data that cannot serialize fails the test"
)]
fn batch(start: usize) -> Vec<Edit> {
    (start..start + BATCH)
        .map(|i| {
            let org = organisation(&format!("Museum number {i}"))
                .country("SE")
                .qid(&format!("Q{}", 1_000_000 + i))
                .build();
            Edit {
                who: admin(),
                document: Document::from_record(&org).expect("serialize"),
                base: None,
                action: RevisionAction::Create,
                summary: "import".to_owned(),
            }
        })
        .collect()
}

#[tokio::test]
#[ignore = "a measurement: run in release mode"]
async fn saving_200_000_organisations_in_batches_of_5000() {
    let dir = TempSqlite::new().expect("temp dir");
    let store = SqliteStore::open(dir.url()).await.expect("open");
    let batches: Vec<Vec<Edit>> = (0..TOTAL).step_by(BATCH).map(batch).collect();
    let started = Instant::now();
    for edits in batches {
        store.save_batch(edits).await.expect("save batch");
    }
    let secs = started.elapsed().as_secs_f64();
    let count = store
        .count(concord_domain::RecordKind::Organisation)
        .await
        .expect("count");
    assert_eq!(count, TOTAL as u64);
    println!(
        "saved {TOTAL} organisations in {secs:.2} s: {:.0}/s",
        TOTAL as f64 / secs
    );
}
