//! The whole benchmark, small: a temporary SQLite file, the real server and the real client.

use super::*;

/// The harness's tests fill SQLite stores only.
struct Sqlite;

#[async_trait::async_trait]
impl Databases for Sqlite {
    async fn open(&self, url: &str) -> anyhow::Result<Arc<dyn Store>> {
        Ok(Arc::new(
            concord_store_sqlite::SqliteStore::open(url).await?,
        ))
    }

    fn redact(&self, url: &str) -> String {
        url.to_owned()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_small_benchmark_runs_end_to_end_on_sqlite() {
    let config = BenchConfig {
        database: None,
        organisations: 5_000,
        partnerships: 500,
        clients: 2,
        seconds: 1,
        server: ServerMode::InProcess,
    };
    let report = execute(&config, &Sqlite).await.unwrap();
    println!("{report}");
    assert_eq!(report.backend, "sqlite");
    assert_eq!((report.organisations, report.partnerships), (5_000, 500));
    assert_eq!(report.rows.len(), 10, "{report}");
    for row in &report.rows {
        assert!(row.measured.requests > 0, "{report}");
    }
    let (planted, total) = report.rows[3].hits.unwrap();
    assert!(planted > 0, "{report}");
    assert!(
        total >= planted,
        "the index found fewer organisations than were planted:\n{report}"
    );
    let text = report.to_string();
    assert!(
        text.contains("| import of the organisations, index included"),
        "{text}"
    );
    assert!(
        text.contains("| then the partnerships, index included"),
        "{text}"
    );
    assert!(text.contains("/api/v1/partnerships/"), "{text}");
    // The pages: the search page and a partnership's page.
    assert!(text.contains("| `/search?q="), "{text}");
    assert!(text.contains("| `/partnerships/{random id}`"), "{text}");
    // Routing over the affiliates the bench imports after its own records.
    assert!(text.contains("| `/api/v1/routing?area="), "{text}");
    // An approver's inbox, logged in.
    assert!(
        text.contains("| `/inbox (logged in, 400 waiting)`"),
        "{text}"
    );
    // The red-line check over the bench's red lines.
    assert!(
        text.contains("| `/api/v1/partnerships/{random id}/red-lines`"),
        "{text}"
    );
    assert_eq!(report.server, Process::This);
    assert!(
        text.contains("| resident memory of the bench process under load"),
        "{text}"
    );
}

#[tokio::test]
async fn a_database_that_is_not_empty_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("full.db").display());
    let store = Sqlite.open(&url).await.unwrap();
    let corpus =
        Corpus::from_parts(["Oslo Museum of Art"].into_iter(), ["NO"].into_iter()).unwrap();
    let index = Arc::new(SearchIndex::open_in_ram().unwrap());
    fill::fill(store.clone(), index, &corpus, 3, 1)
        .await
        .unwrap();
    let err = ensure_empty(&*store, &url).await.unwrap_err().to_string();
    assert!(err.contains("is not empty"), "{err}");
}
