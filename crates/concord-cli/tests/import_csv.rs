//! CSV import: column mapping, idempotent re-runs, and refusal of broken files.

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

mod import_support;

use concord_cli::import::NoProgress;
use concord_cli::import::csv::{ColumnMap, import_csv};
use concord_store::Store;
use import_support::{admin, file, organisations, sqlite};

const SHEET: &str = "\
Organisation,Type,Land,Web,QID,Sprache DE,Notes
Tropenmuseum,museum,NL,https://www.tropenmuseum.nl/,Q1131589,,x
Stadtbibliothek Köln,library,DE,,Q2324688,Stadtbibliothek,y
Nameless kind,,SE,,,,z
";

fn map() -> ColumnMap {
    ColumnMap::parse(&[
        "name=Organisation",
        "kind=Type",
        "country=Land",
        "website=Web",
        "wikidata=QID",
        "names.de=Sprache DE",
    ])
    .unwrap()
}

#[tokio::test]
async fn a_mapped_csv_creates_organisations_and_a_second_run_changes_nothing() {
    let (_db, store) = sqlite().await;
    let (_dir, path) = file("sheet.csv", SHEET.as_bytes());
    let report = import_csv(&store, &admin(), None, &path, &map(), &NoProgress)
        .await
        .unwrap();
    assert_eq!(
        (report.created, report.updated, report.unchanged),
        (3, 0, 0),
        "{report:?}"
    );
    let orgs = organisations(&store).await;
    let koeln = orgs
        .iter()
        .find(|o| o.name == "Stadtbibliothek Köln")
        .unwrap();
    assert_eq!(koeln.kind, "library");
    assert_eq!(
        koeln.names.0.get("de").map(String::as_str),
        Some("Stadtbibliothek")
    );
    let other = orgs.iter().find(|o| o.name == "Nameless kind").unwrap();
    assert_eq!(other.kind, "other");

    let head = store.head().await.unwrap();
    let again = import_csv(&store, &admin(), None, &path, &map(), &NoProgress)
        .await
        .unwrap();
    assert_eq!(
        (again.created, again.updated, again.unchanged),
        (0, 0, 3),
        "{again:?}"
    );
    assert_eq!(
        store.head().await.unwrap(),
        head,
        "a second run writes no revision"
    );
}

#[tokio::test]
async fn a_changed_row_updates_the_record_it_matches_by_qid() {
    let (_db, store) = sqlite().await;
    let (_dir, path) = file("sheet.csv", SHEET.as_bytes());
    import_csv(&store, &admin(), None, &path, &map(), &NoProgress)
        .await
        .unwrap();
    let renamed = SHEET.replace("Tropenmuseum,museum,NL", "Wereldmuseum Amsterdam,museum,NL");
    let (_dir2, path2) = file("sheet.csv", renamed.as_bytes());
    let report = import_csv(&store, &admin(), None, &path2, &map(), &NoProgress)
        .await
        .unwrap();
    assert_eq!(
        (report.created, report.updated, report.unchanged),
        (0, 1, 2)
    );
    let orgs = organisations(&store).await;
    assert_eq!(orgs.len(), 3);
    assert!(orgs.iter().any(|o| o.name == "Wereldmuseum Amsterdam"));
}

#[tokio::test]
async fn a_row_with_a_bad_value_is_skipped_naming_line_and_field_and_the_rest_lands() {
    let (_db, store) = sqlite().await;
    let csv = "name,kind,wikidata\nGood,museum,Q1\nBad kind,zoo,\nBad qid,library,42\n";
    let (_dir, path) = file("bad.csv", csv.as_bytes());
    let map = ColumnMap::parse::<&str>(&[]).unwrap();
    let report = import_csv(&store, &admin(), None, &path, &map, &NoProgress)
        .await
        .unwrap();
    assert_eq!(report.created, 1);
    let lines: Vec<(u64, &str)> = report
        .skipped
        .iter()
        .map(|p| (p.line, p.field.as_str()))
        .collect();
    assert_eq!(lines, [(3, "kind"), (4, "identifiers.wikidata")]);
}

#[tokio::test]
async fn a_ragged_row_refuses_the_whole_file_naming_the_line() {
    let (_db, store) = sqlite().await;
    let csv = "name,kind\nA,museum\nB,museum,extra\nC,library\n";
    let (_dir, path) = file("ragged.csv", csv.as_bytes());
    let map = ColumnMap::parse::<&str>(&[]).unwrap();
    let err = import_csv(&store, &admin(), None, &path, &map, &NoProgress)
        .await
        .unwrap_err();
    let text = format!("{err:#}");
    assert!(text.contains("line 3"), "{text}");
    assert_eq!(store.head().await.unwrap().0, 0, "nothing was written");
}

#[tokio::test]
async fn invalid_utf8_refuses_the_whole_file_naming_line_and_column() {
    let (_db, store) = sqlite().await;
    let mut csv = b"name,kind\nA,museum\n".to_vec();
    csv.extend_from_slice(b"B\xff\xfe,library\n");
    let (_dir, path) = file("latin1.csv", &csv);
    let map = ColumnMap::parse::<&str>(&[]).unwrap();
    let err = import_csv(&store, &admin(), None, &path, &map, &NoProgress)
        .await
        .unwrap_err();
    let text = format!("{err:#}");
    assert!(
        text.contains("line 3") && text.contains("\"name\""),
        "{text}"
    );
    assert_eq!(store.head().await.unwrap().0, 0, "nothing was written");
}

#[test]
fn mappings_are_checked() {
    assert!(ColumnMap::parse(&["colour=Farbe"]).is_err());
    assert!(ColumnMap::parse(&["name"]).is_err());
    assert!(ColumnMap::parse(&["names.pt-br=Nome"]).is_ok());
}

#[tokio::test]
async fn a_mapping_to_a_missing_column_is_refused_before_any_write() {
    let (_db, store) = sqlite().await;
    let (_dir, path) = file("sheet.csv", SHEET.as_bytes());
    let map = ColumnMap::parse(&["name=Nom"]).unwrap();
    let err = import_csv(&store, &admin(), None, &path, &map, &NoProgress)
        .await
        .unwrap_err();
    assert!(format!("{err:#}").contains("\"Nom\""), "{err:#}");
    assert_eq!(store.head().await.unwrap().0, 0);
}

/// With a feed, the search index takes each batch the import writes: afterwards nothing is left
/// for a catch-up to read from the log, and the imported records are found.
#[tokio::test]
async fn an_import_hands_its_batches_to_the_search_index() {
    use std::sync::Arc;

    use concord_search::{SearchIndex, SearchQuery, WrittenFeed, catch_up};

    let (_db, store) = sqlite().await;
    let store: Arc<dyn Store> = Arc::new(store);
    let index = Arc::new(SearchIndex::open_in_ram().unwrap());
    let mut feed = WrittenFeed::start(index.clone(), store.clone());
    let (_dir, path) = file("sheet.csv", SHEET.as_bytes());
    let report = import_csv(
        &*store,
        &admin(),
        Some(&mut feed),
        &path,
        &map(),
        &NoProgress,
    )
    .await
    .unwrap();
    assert_eq!(report.created, 3, "{report:?}");
    assert_eq!(feed.finish().await.unwrap(), 3);
    assert_eq!(catch_up(&index, &*store, &|_, _| {}).await.unwrap(), 0);
    assert_eq!(index.last_applied(), store.head().await.unwrap());
    let query = SearchQuery {
        q: Some("tropenmuseum".into()),
        limit: 10,
        ..SearchQuery::default()
    };
    let found = index.search(&admin(), &query).unwrap();
    assert_eq!(found.total, 1);
}
