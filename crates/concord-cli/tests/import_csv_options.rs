//! CSV import of real spreadsheets: websites as registries write them, constants and coded
//! columns, dry runs, the rejected-rows file, and files read in batches.

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

mod import_support;

use std::sync::Arc;

use concord_cli::import::csv::{
    CSV_BATCH, ColumnMap, Constants, CsvImport, CsvOptions, ValueMap, import_csv_input,
};
use concord_cli::import::{ImportReport, Importer, NoProgress};
use concord_domain::RecordKind;
use concord_domain::record::Record;
use concord_search::{SearchIndex, SearchQuery, WrittenFeed};
use concord_store::Store;
use import_support::{admin, file, organisations, sqlite};

fn job(options: CsvOptions, dry_run: bool) -> CsvImport {
    CsvImport {
        options,
        dry_run,
        summary: "import from test.csv".into(),
    }
}

async fn run(store: &dyn Store, csv: &str, job: &CsvImport) -> ImportReport {
    let input: Arc<[u8]> = csv.as_bytes().into();
    import_csv_input(store, &admin(), None, &input, job, None, &NoProgress)
        .await
        .unwrap()
}

#[tokio::test]
async fn websites_in_capitals_or_without_a_scheme_are_stored_in_lower_case_and_noted() {
    let (_db, store) = sqlite().await;
    let csv = "name,country,website\n\
               Museum A,DE,HTTP://WWW.EXAMPLE.ORG/\n\
               Museum B,DE,www.museum-b.example\n\
               Museum C,DE,https://c.example/Sammlung\n";
    let report = run(&store, csv, &job(CsvOptions::default(), false)).await;
    assert_eq!((report.created, report.skipped.len()), (3, 0), "{report:?}");
    assert_eq!(report.noted, 2);
    let lines: Vec<(u64, &str)> = report
        .notes
        .iter()
        .map(|n| (n.line, n.field.as_str()))
        .collect();
    assert_eq!(lines, [(2, "website"), (3, "website")]);
    assert!(
        report.notes[1]
            .message
            .contains("https://www.museum-b.example")
    );
    let mut sites: Vec<String> = organisations(&store)
        .await
        .into_iter()
        .filter_map(|o| o.website)
        .collect();
    sites.sort();
    assert_eq!(
        sites,
        [
            "http://www.example.org/",
            "https://c.example/Sammlung",
            "https://www.museum-b.example"
        ]
    );
}

#[tokio::test]
async fn a_constant_fills_a_missing_column_and_codes_map_to_kinds() {
    let (_db, store) = sqlite().await;
    let csv = "Name,Typ\nKunsthalle,ART\nStadtarchiv,HST\nZoo,ZOO\nWith own,library\n";
    let options = CsvOptions {
        columns: ColumnMap::parse(&["name=Name", "kind=Typ"]).unwrap(),
        constants: Constants::parse(&["country=US"]).unwrap(),
        values: ValueMap::parse(&["kind:ART=museum", "kind:HST=archive"]).unwrap(),
    };
    let report = run(&store, csv, &job(options, false)).await;
    assert_eq!(report.created, 3, "{report:?}");
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(
        (report.skipped[0].line, report.skipped[0].field.as_str()),
        (4, "kind")
    );
    let orgs = organisations(&store).await;
    let kind = |name: &str| {
        let o = orgs.iter().find(|o| o.name == name).unwrap();
        (o.kind.clone(), o.country.clone().unwrap())
    };
    assert_eq!(kind("Kunsthalle"), ("museum".into(), "US".into()));
    assert_eq!(kind("Stadtarchiv"), ("archive".into(), "US".into()));
    assert_eq!(kind("With own"), ("library".into(), "US".into()));
}

#[tokio::test]
async fn a_dry_run_counts_like_a_real_run_and_writes_nothing() {
    let (_db, store) = sqlite().await;
    let first = "name,country,kind\nTropenmuseum,NL,museum\nStadtarchiv,DE,archive\n";
    run(&store, first, &job(CsvOptions::default(), false)).await;
    let store: Arc<dyn Store> = Arc::new(store);
    let index = Arc::new(SearchIndex::open_in_ram().unwrap());
    concord_search::catch_up(&index, &*store, &|_, _| {})
        .await
        .unwrap();
    let head = store.head().await.unwrap();
    let before = organisations(&*store).await;

    let second = "name,country,kind\nTropenmuseum,NL,museum\nStadtarchiv,DE,library\n\
                  Neues Museum,DE,museum\nNeues Museum,DE,museum\nBad,DE,zoo\n";
    let input: Arc<[u8]> = second.as_bytes().into();
    let mut feed = WrittenFeed::start(index.clone(), store.clone());
    let dry = job(CsvOptions::default(), true);
    let report = import_csv_input(
        &*store,
        &admin(),
        Some(&mut feed),
        &input,
        &dry,
        None,
        &NoProgress,
    )
    .await
    .unwrap();
    assert_eq!(
        (report.created, report.updated, report.unchanged),
        (1, 1, 2),
        "{report:?}"
    );
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(feed.finish().await.unwrap(), 0, "nothing went to the index");
    assert_eq!(store.head().await.unwrap(), head, "no revision");
    assert_eq!(organisations(&*store).await, before);
    let query = SearchQuery {
        q: Some("neues".into()),
        limit: 10,
        ..SearchQuery::default()
    };
    assert_eq!(index.search(&admin(), &query).unwrap().total, 0);

    let real = run(&*store, second, &job(CsvOptions::default(), false)).await;
    assert_eq!(
        (
            real.created,
            real.updated,
            real.unchanged,
            real.skipped.len()
        ),
        (report.created, report.updated, report.unchanged, 1),
        "the real run does what the dry run said"
    );
}

#[tokio::test]
async fn rejected_rows_go_to_a_csv_with_the_reason_and_the_fixed_file_imports() {
    let (_db, store) = sqlite().await;
    let csv = "name,kind,Notes\nGood,museum,a\n\"Zoo, Berlin\",zoo,b\nLibrary,library,c\n";
    let (dir, rejects_path) = file("rejected.csv", b"");
    let input: Arc<[u8]> = csv.as_bytes().into();
    let out = Box::new(std::fs::File::create(&rejects_path).unwrap());
    let options = CsvOptions::default();
    let report = import_csv_input(
        &store,
        &admin(),
        None,
        &input,
        &job(options.clone(), false),
        Some(out),
        &NoProgress,
    )
    .await
    .unwrap();
    assert_eq!((report.created, report.skipped.len()), (2, 1), "{report:?}");
    let rejected = std::fs::read_to_string(&rejects_path).unwrap();
    let mut lines = rejected.lines();
    assert_eq!(lines.next(), Some("name,kind,Notes,reason"));
    let row = lines.next().unwrap();
    assert!(row.starts_with("\"Zoo, Berlin\",zoo,b,"), "{row}");
    assert!(row.contains("kind"), "the reason names the field: {row}");
    assert_eq!(lines.next(), None);

    let fixed = rejected.replace(",zoo,", ",museum,");
    let fixed_path = dir.path().join("fixed.csv");
    std::fs::write(&fixed_path, &fixed).unwrap();
    let input: Arc<[u8]> = fixed.as_bytes().into();
    let again = import_csv_input(
        &store,
        &admin(),
        None,
        &input,
        &job(options, false),
        None,
        &NoProgress,
    )
    .await
    .unwrap();
    assert_eq!((again.created, again.skipped.len()), (1, 0), "{again:?}");
    let orgs = organisations(&store).await;
    assert!(
        orgs.iter()
            .any(|o| o.name == "Zoo, Berlin" && o.kind == "museum")
    );
}

#[tokio::test]
async fn a_file_longer_than_a_batch_imports_every_row_once_and_again_changes_nothing() {
    let (_db, store) = sqlite().await;
    let rows = CSV_BATCH + 500;
    let mut csv = String::from("name,country,kind\n");
    for i in 0..rows {
        csv.push_str(&format!("Museum {i},SE,museum\n"));
    }
    csv.push_str("Museum 7,SE,museum\n");
    let report = run(&store, &csv, &job(CsvOptions::default(), false)).await;
    assert_eq!((report.created, report.unchanged), (rows, 1), "{report}");
    assert_eq!(
        store.count(RecordKind::Organisation).await.unwrap(),
        rows as u64
    );
    let head = store.head().await.unwrap();
    let again = run(&store, &csv, &job(CsvOptions::default(), false)).await;
    assert_eq!((again.created, again.updated), (0, 0), "{again}");
    assert_eq!(store.head().await.unwrap(), head);
}

#[tokio::test]
async fn a_run_that_forgets_written_records_still_merges_into_them_and_later_sources_only_fill() {
    let (_db, store) = sqlite().await;
    let map = ColumnMap::default();
    let first = concord_cli::import::csv::read_csv(
        "name,country,kind\nTropenmuseum,NL,museum\n".as_bytes(),
        &map,
    )
    .unwrap();
    let second = concord_cli::import::csv::read_csv(
        "name,country,kind,website\nTropenmuseum,NL,library,https://tropenmuseum.nl/\n".as_bytes(),
        &map,
    )
    .unwrap();
    let who = admin();
    let mut importer = Importer::new(&store, &who, None).await.unwrap();
    importer.set_known_limit(0);
    importer.upsert_batch(first, "first").await.unwrap();
    importer.upsert_batch(second, "second").await.unwrap();
    let report = importer.take_report();
    assert_eq!((report.created, report.updated), (1, 1), "{report}");
    let orgs = organisations(&store).await;
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0].kind, "museum", "the first source of a run wins");
    assert_eq!(orgs[0].website.as_deref(), Some("https://tropenmuseum.nl/"));
}

#[tokio::test]
async fn a_batch_merged_while_the_one_before_is_written_updates_its_records_from_their_new_revision()
 {
    let (_db, store) = sqlite().await;
    let map = ColumnMap::default();
    let batch = |csv: &str| concord_cli::import::csv::read_csv(csv.as_bytes(), &map).unwrap();
    let who = admin();
    let mut importer = Importer::new(&store, &who, None).await.unwrap();
    importer.set_known_limit(0);
    importer
        .queue_batch(
            batch("name,country,kind\nTropenmuseum,NL,museum\n"),
            "first",
        )
        .await
        .unwrap();
    importer
        .queue_batch(
            batch("name,country,website\nTropenmuseum,NL,https://tropenmuseum.nl/\n"),
            "second",
        )
        .await
        .unwrap();
    importer
        .queue_batch(
            batch("name,country,tags\nTropenmuseum,NL,ethnography\n"),
            "third",
        )
        .await
        .unwrap();
    importer.flush().await.unwrap();
    let report = importer.take_report();
    assert_eq!((report.created, report.updated), (1, 2), "{report}");
    let orgs = organisations(&store).await;
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0].website.as_deref(), Some("https://tropenmuseum.nl/"));
    assert_eq!(orgs[0].tags, vec!["ethnography".to_owned()]);
    let history = store.history(&who, orgs[0].key()).await.unwrap();
    assert_eq!(history.len(), 3, "one revision per batch that changed it");
}
