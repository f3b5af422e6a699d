//! Export: CSV, JSON lines and JSON-LD, round trips, and visibility.

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

mod import_support;

use concord_cli::export::{Format, export};
use concord_cli::import::csv::{ColumnMap, import_csv};
use concord_cli::import::{Incoming, NoProgress, upsert_organisations};
use concord_domain::organisation::MovementEntity;
use concord_domain::{Organisation, RecordKind, Viewer, Visibility};
use concord_store::Store;
use concord_store_sqlite::SqliteStore;
use concord_testkit::TempSqlite;
use import_support::{admin, file, sqlite};

fn org(name: &str, qid: Option<&str>) -> Organisation {
    let csv = format!(
        "name,kind,country,wikidata\n{name},museum,SE,{}\n",
        qid.unwrap_or("")
    );
    let map = ColumnMap::parse::<&str>(&[]).unwrap();
    let rows = concord_cli::import::csv::read_csv(csv.as_bytes(), &map).unwrap();
    rows.into_iter().next().unwrap().record
}

async fn seeded() -> (TempSqlite, SqliteStore) {
    let (db, store) = sqlite().await;
    let mut museum = org("Nordiska museet", Some("Q1140786"));
    museum.identifiers.isil = vec!["SE-NM".into()];
    museum.identifiers.ror = Some("0000ev088".into());
    museum.website = Some("https://www.nordiskamuseet.se/".into());
    museum.names.0.insert("en".into(), "Nordic Museum".into());
    let mut internal = org("Wikimedia Sverige", None);
    internal.kind = "nonprofit".into();
    internal.visibility = Visibility::Movement;
    internal.movement_entity = Some(MovementEntity {
        kind: "chapter".into(),
        countries: vec!["SE".into()],
        regions: vec![],
        themes: vec![],
    });
    let records = [museum, internal]
        .into_iter()
        .enumerate()
        .map(|(i, record)| Incoming {
            line: i as u64 + 1,
            record,
        })
        .collect();
    upsert_organisations(&store, &admin(), None, records, "test", &NoProgress)
        .await
        .unwrap();
    (db, store)
}

async fn run(store: &dyn Store, who: &Viewer, kind: RecordKind, format: Format) -> String {
    let mut out = Vec::new();
    export(store, who, kind, format, &mut out, &NoProgress)
        .await
        .unwrap();
    String::from_utf8(out).unwrap()
}

#[tokio::test]
async fn a_visitor_gets_public_organisations_only_in_every_format() {
    let (_db, store) = seeded().await;
    for format in [Format::Csv, Format::Jsonl, Format::Jsonld] {
        let visitor = run(
            &store,
            &Viewer::anonymous(),
            RecordKind::Organisation,
            format,
        )
        .await;
        assert!(visitor.contains("Nordiska museet"), "{format:?}: {visitor}");
        assert!(
            !visitor.contains("Wikimedia Sverige"),
            "{format:?} leaks: {visitor}"
        );
        let operator = run(&store, &admin(), RecordKind::Organisation, format).await;
        assert!(
            operator.contains("Wikimedia Sverige"),
            "{format:?}: {operator}"
        );
    }
}

#[tokio::test]
async fn jsonl_round_trips_to_the_same_records() {
    let (_db, store) = seeded().await;
    let text = run(&store, &admin(), RecordKind::Organisation, Format::Jsonl).await;
    let records: Vec<Organisation> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    let museum = records
        .iter()
        .find(|o| o.name == "Nordiska museet")
        .unwrap();
    assert_eq!(museum.identifiers.isil, ["SE-NM"]);
    assert_eq!(
        museum.names.0.get("en").map(String::as_str),
        Some("Nordic Museum")
    );
}

#[tokio::test]
async fn csv_imports_again_into_the_same_organisations() {
    let (_db, store) = seeded().await;
    let text = run(&store, &admin(), RecordKind::Organisation, Format::Csv).await;
    assert!(
        text.starts_with("id,name,kind,country,website,wikidata,ror,isil"),
        "{text}"
    );
    let (_dir, path) = file("export.csv", text.as_bytes());
    let map = ColumnMap::parse::<&str>(&[]).unwrap();
    let (_db2, fresh) = sqlite().await;
    let report = import_csv(&fresh, &admin(), None, &path, &map, &NoProgress)
        .await
        .unwrap();
    assert_eq!(report.created, 2, "{report:?}");
    let again = run(&fresh, &admin(), RecordKind::Organisation, Format::Csv).await;
    let columns = |t: &str| -> Vec<String> {
        let mut rows: Vec<String> = t
            .lines()
            .skip(1)
            .map(|l| {
                l.split_once(',')
                    .unwrap()
                    .1
                    .split(",prospect")
                    .next()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        rows.sort();
        rows
    };
    assert_eq!(columns(&again), columns(&text));
    let reimport = import_csv(&store, &admin(), None, &path, &map, &NoProgress)
        .await
        .unwrap();
    assert_eq!(
        reimport.unchanged, 2,
        "exported rows match their own records: {reimport:?}"
    );
}

#[tokio::test]
async fn jsonld_is_schema_org_with_wikidata_same_as() {
    let (_db, store) = seeded().await;
    let text = run(
        &store,
        &Viewer::anonymous(),
        RecordKind::Organisation,
        Format::Jsonld,
    )
    .await;
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["@context"], "https://schema.org");
    let node = &doc["@graph"][0];
    assert_eq!(node["@type"], "Organization");
    assert_eq!(node["name"], "Nordiska museet");
    assert_eq!(node["url"], "https://www.nordiskamuseet.se/");
    assert_eq!(node["sameAs"][0], "https://www.wikidata.org/wiki/Q1140786");
    assert_eq!(node["address"]["addressCountry"], "SE");
    let ids: Vec<&str> = node["identifier"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["propertyID"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["ROR", "ISIL"]);
}

#[tokio::test]
async fn an_empty_store_exports_valid_documents_and_csv_refuses_other_kinds() {
    let (_db, store) = sqlite().await;
    let doc = run(&store, &admin(), RecordKind::Organisation, Format::Jsonld).await;
    let value: serde_json::Value = serde_json::from_str(&doc).unwrap();
    assert_eq!(value["@graph"].as_array().map(Vec::len), Some(0));
    let mut out = Vec::new();
    let err = export(
        &store,
        &admin(),
        RecordKind::Partnership,
        Format::Csv,
        &mut out,
        &NoProgress,
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("jsonl"), "{err}");
    assert!("xml".parse::<Format>().is_err());
}
