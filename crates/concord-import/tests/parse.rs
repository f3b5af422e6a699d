//! The parsers on their own, without a store: what a CSV row or a Wikidata entity becomes, and
//! which inputs are refused before anything could be written.

use concord_import::csv::{ColumnMap, read_csv};
use concord_import::wikidata::read_entities;

#[test]
fn an_export_style_csv_needs_no_mapping_and_identifier_urls_are_trimmed() {
    let csv = "name,kind,wikidata,ror,isil,names.de,tags\n\
               Nordic Museum,Museum,https://www.wikidata.org/wiki/Q1140786,https://ror.org/0000ev088,SE-NM; SE-X,Nordisches Museum,a;b\n";
    let rows = read_csv(csv.as_bytes(), &ColumnMap::default()).unwrap();
    let o = &rows[0].record;
    assert_eq!(rows[0].line, 2);
    assert_eq!(o.kind, "museum");
    assert_eq!(o.identifiers.wikidata.as_deref(), Some("Q1140786"));
    assert_eq!(o.identifiers.ror.as_deref(), Some("0000ev088"));
    assert_eq!(o.identifiers.isil, ["SE-NM", "SE-X"]);
    assert_eq!(
        o.names.0.get("de").map(String::as_str),
        Some("Nordisches Museum")
    );
    assert_eq!(o.tags, ["a", "b"]);
}

#[test]
fn a_csv_without_a_name_column_is_refused_with_the_way_to_map_one() {
    let err = read_csv("label\nX\n".as_bytes(), &ColumnMap::default()).unwrap_err();
    assert!(format!("{err:#}").contains("--map name="), "{err:#}");
    let map = ColumnMap::parse(&["name=label"]).unwrap();
    assert_eq!(
        read_csv("label\nX\n".as_bytes(), &map).unwrap()[0]
            .record
            .name,
        "X"
    );
}

#[test]
fn a_ragged_csv_row_refuses_the_file_naming_its_line() {
    let err = read_csv("name,kind\nA,museum\nB\n".as_bytes(), &ColumnMap::default()).unwrap_err();
    assert!(format!("{err:#}").starts_with("line 3:"), "{err:#}");
}

#[test]
fn a_malformed_wikidata_line_refuses_the_file_naming_its_line() {
    let input = "[\n{\"type\":\"item\",\"id\":\"Q1\",\"labels\":{}},\n{not json\n]\n";
    let err = read_entities(input.as_bytes()).err().unwrap();
    assert!(format!("{err:#}").starts_with("line 3,"), "{err:#}");
}

#[test]
fn deprecated_wikidata_statements_are_ignored_and_preferred_ones_win() {
    let statement = |value: &str, rank: &str| {
        format!(r#"{{"mainsnak":{{"datavalue":{{"value":"{value}"}}}},"rank":"{rank}"}}"#)
    };
    let websites = [
        statement("https://deprecated.example/", "deprecated"),
        statement("https://normal.example/", "normal"),
        statement("https://preferred.example/", "preferred"),
    ]
    .join(",");
    let line = format!(
        r#"{{"type":"item","id":"Q5","labels":{{"fr":{{"value":"Musée"}}}},"claims":{{"P856":[{websites}]}}}}"#
    );
    let parsed = read_entities(line.as_bytes()).unwrap();
    let o = &parsed.records[0].record;
    assert_eq!(o.name, "Musée");
    assert_eq!(o.website.as_deref(), Some("https://preferred.example/"));
}

#[test]
fn wikidata_entities_without_a_label_or_that_are_not_items_are_skipped_with_a_reason() {
    let input = "{\"type\":\"property\",\"id\":\"P31\"}\n{\"type\":\"item\",\"id\":\"Q7\"}\n";
    let parsed = read_entities(input.as_bytes()).unwrap();
    assert!(parsed.records.is_empty());
    let reasons: Vec<String> = parsed.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(
        reasons,
        [
            "line 1: type: P31 is not an item",
            "line 2: labels: Q7 has no label"
        ]
    );
}
