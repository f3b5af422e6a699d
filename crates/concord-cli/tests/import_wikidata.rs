//! Wikidata entity JSON import: dump lines and `wbgetentities` output.

mod import_support;

use concord_cli::import::NoProgress;
use concord_cli::import::wikidata::{import_wikidata, read_entities};
use concord_domain::{Organisation, RecordKind};
use concord_store::{Store, Stored};
use import_support::{admin, file, sqlite};

fn entity(id: &str, label: &str, claims: &str) -> String {
    format!(
        r#"{{"type":"item","id":"{id}","labels":{{"en":{{"language":"en","value":"{label}"}},"sv":{{"language":"sv","value":"{label} (sv)"}}}},"descriptions":{{"en":{{"language":"en","value":"a test body"}}}},"claims":{{{claims}}}}}"#
    )
}

fn claim(property: &str, value: &str) -> String {
    format!(
        r#""{property}":[{{"mainsnak":{{"snaktype":"value","property":"{property}","datavalue":{{"value":{value},"type":"x"}}}},"type":"statement","rank":"normal"}}]"#
    )
}

fn museum_line() -> String {
    let claims = [
        claim("P31", r#"{"entity-type":"item","id":"Q33506"}"#),
        claim("P17", r#"{"entity-type":"item","id":"Q34"}"#),
        claim("P856", r#""https://www.nordiskamuseet.se/""#),
        claim("P791", r#""SE-NM""#),
    ]
    .join(",");
    entity("Q1140786", "Nordic Museum", &claims)
}

#[test]
fn a_dump_line_becomes_an_organisation() {
    let dump = format!("[\n{},\n{}\n]\n", museum_line(), entity("Q2", "Earth", ""));
    let parsed = read_entities(dump.as_bytes()).unwrap();
    let o = &parsed.records[0].record;
    assert_eq!(parsed.records[0].line, 2);
    assert_eq!(o.name, "Nordic Museum");
    assert_eq!(
        o.names.0.get("sv").map(String::as_str),
        Some("Nordic Museum (sv)")
    );
    assert_eq!(o.kind, "museum");
    assert_eq!(o.country.as_deref(), Some("SE"));
    assert_eq!(o.website.as_deref(), Some("https://www.nordiskamuseet.se/"));
    assert_eq!(o.identifiers.wikidata.as_deref(), Some("Q1140786"));
    assert_eq!(o.identifiers.isil, ["SE-NM"]);
    assert_eq!(o.description.get("en"), Some("a test body"));
    assert_eq!(parsed.records[1].record.kind, "other");
}

#[tokio::test]
async fn wbgetentities_output_imports_and_skips_missing_entities() {
    let body = format!(
        r#"{{"entities": {{"Q1140786": {}, "Q999999999": {{"id": "Q999999999", "missing": ""}}}}, "success": 1}}"#,
        museum_line()
    );
    let (_db, store) = sqlite().await;
    let (_dir, path) = file("entities.json", body.as_bytes());
    let report = import_wikidata(&store, &admin(), None, &path, &NoProgress)
        .await
        .unwrap();
    assert_eq!(report.created, 1, "{report:?}");
    assert_eq!(report.skipped.len(), 1);
    assert!(report.skipped[0].message.contains("Q999999999"));
    let who = admin();
    let docs = store
        .list(&who, RecordKind::Organisation, None, 10)
        .await
        .unwrap();
    let o = Stored::<Organisation>::from_document(docs[0].clone(), &who)
        .unwrap()
        .record;
    assert_eq!(o.name, "Nordic Museum");

    let again = import_wikidata(&store, &admin(), None, &path, &NoProgress)
        .await
        .unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 1));
}

#[tokio::test]
async fn a_malformed_line_refuses_the_file_naming_the_line() {
    let dump = format!("{}\n{{\"type\":\"item\",\"id\":\n", museum_line());
    let (_db, store) = sqlite().await;
    let (_dir, path) = file("dump.json", dump.as_bytes());
    let err = import_wikidata(&store, &admin(), None, &path, &NoProgress)
        .await
        .unwrap_err();
    assert!(format!("{err:#}").contains("line 2"), "{err:#}");
    assert_eq!(store.head().await.unwrap().0, 0, "nothing was written");
}
