//! Pages: the open-data page lists every download with its format, contents, licence and
//! record count, and each download is the export as the requesting viewer sees the registry:
//! it parses (CSV with its header, each JSON line, the JSON-LD document), holds a public record
//! and not a restricted one for a visitor, and the restricted one for its named reader.

use axum::http::{StatusCode, header};
use concord_domain::Role;
use serde_json::{Value, json};

use crate::support::{Backend, TestApp, TestResponse, organisation};

on_both_backends!(
    the_page_lists_every_download_with_format_licence_and_count,
    each_download_parses_and_shows_only_what_its_viewer_may_see,
    a_name_that_is_no_download_is_a_404_page,
    the_page_speaks_the_readers_language,
    a_download_of_several_pages_arrives_whole,
);

const PASSWORD: &str = "correct horse battery";
/// A public organisation whose name needs escaping in every format.
const OPEN: &str = r#"Quokka "Open", <b>Museum</b> & co"#;
const HIDDEN: &str = "Quokka hidden archive";

/// An app with a public and a restricted organisation readable by alice: `(app, alice's cookie)`.
async fn app_with_records(backend: Backend) -> Option<(TestApp, String)> {
    let app = TestApp::on(backend).await?;
    let admin = app.admin().await;
    let alice = app.create_account("alice", PASSWORD, &[Role::Member]).await;
    let cookie = app.login("alice", PASSWORD).await;
    app.create("organisations", &organisation(OPEN), &admin)
        .await;
    let mut hidden = organisation(HIDDEN);
    hidden["visibility"] = json!("restricted");
    hidden["readers"] = json!([alice.id.to_string()]);
    app.create("organisations", &hidden, &admin).await;
    Some((app, cookie))
}

async fn download(app: &TestApp, file: &str, cookie: Option<&str>) -> TestResponse {
    let r = app.get_page(&format!("/open-data/{file}"), cookie).await;
    assert_eq!(r.status, StatusCode::OK, "{file}: {}", r.text);
    r
}

/// Reads the names a download holds.
type Names = fn(&str) -> Vec<String>;

fn header_of(r: &TestResponse, name: header::HeaderName) -> &str {
    r.headers[name].to_str().unwrap()
}

/// The names in each format's organisations.
fn csv_names(text: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    assert_eq!(&headers[1], "name");
    reader
        .records()
        .map(|row| row.unwrap()[1].to_owned())
        .collect()
}

fn jsonl_names(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| {
            let record: Value = serde_json::from_str(line).unwrap();
            record["name"].as_str().unwrap().to_owned()
        })
        .collect()
}

fn jsonld_names(text: &str) -> Vec<String> {
    let doc: Value = serde_json::from_str(text).unwrap();
    assert_eq!(doc["@context"], "https://schema.org");
    doc["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .map(|node| {
            assert_eq!(node["@type"], "Organization");
            node["name"].as_str().unwrap().to_owned()
        })
        .collect()
}

async fn the_page_lists_every_download_with_format_licence_and_count(backend: Backend) {
    let Some((app, cookie)) = app_with_records(backend).await else {
        return;
    };
    let page = app.get_page("/open-data", None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    for file in [
        "organisations.csv",
        "organisations.jsonld",
        "organisations.jsonl",
        "people.jsonl",
        "partnerships.jsonl",
        "needs.jsonl",
        "glossary.jsonl",
    ] {
        assert!(
            page.text.contains(&format!(r#"href="/open-data/{file}""#)),
            "{file}: {}",
            page.text
        );
    }
    assert!(
        page.text
            .contains("creativecommons.org/publicdomain/zero/1.0/")
    );
    assert!(page.text.contains("CC0 1.0"));
    assert!(page.text.contains("JSON-LD, schema.org Organization"));
    assert!(
        page.text.contains("one record"),
        "a visitor counts one organisation"
    );
    let reader = app.get_page("/open-data", Some(&cookie)).await;
    assert!(reader.text.contains("2 records"), "{}", reader.text);
    let home = app.get_page("/", None).await;
    assert!(
        home.text.contains(r#"href="/open-data""#),
        "the footer links it"
    );
}

async fn each_download_parses_and_shows_only_what_its_viewer_may_see(backend: Backend) {
    let Some((app, cookie)) = app_with_records(backend).await else {
        return;
    };
    let formats: [(&str, &str, Names); 3] = [
        ("organisations.csv", "text/csv", csv_names),
        ("organisations.jsonl", "application/jsonl", jsonl_names),
        ("organisations.jsonld", "application/ld+json", jsonld_names),
    ];
    for (file, media, names) in formats {
        let visitor = download(&app, file, None).await;
        assert!(header_of(&visitor, header::CONTENT_TYPE).starts_with(media));
        assert_eq!(
            header_of(&visitor, header::CONTENT_DISPOSITION),
            format!("attachment; filename=\"{file}\"")
        );
        assert_eq!(names(&visitor.text), [OPEN], "{file} for a visitor");
        assert!(!visitor.text.contains(HIDDEN));
        let reader = download(&app, file, Some(&cookie)).await;
        let mut seen = names(&reader.text);
        seen.sort();
        assert_eq!(seen, [OPEN, HIDDEN], "{file} for its reader");
    }
    for file in [
        "partnerships.jsonl",
        "people.jsonl",
        "needs.jsonl",
        "glossary.jsonl",
    ] {
        let r = download(&app, file, None).await;
        assert!(r.text.is_empty(), "{file}: {}", r.text);
    }
}

async fn a_name_that_is_no_download_is_a_404_page(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    for file in ["organisations.xml", "secrets.csv", "people.csv"] {
        let r = app.get_page(&format!("/open-data/{file}"), None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{file}");
        assert!(header_of(&r, header::CONTENT_TYPE).starts_with("text/html"));
    }
}

async fn the_page_speaks_the_readers_language(backend: Backend) {
    let Some((app, _)) = app_with_records(backend).await else {
        return;
    };
    let keys = app.get_page("/open-data?uselang=qqx", None).await;
    for key in [
        "(concord-opendata-title)",
        "(concord-opendata-intro)",
        "(concord-opendata-licence)",
        "(concord-opendata-format-csv)",
        "(concord-opendata-records: 1)",
    ] {
        assert!(keys.text.contains(key), "{key}: {}", keys.text);
    }
    assert!(!keys.text.contains("Download the registry"));
    let german = app.get_page("/open-data?uselang=de", None).await;
    assert!(german.text.contains("Offene Daten"));
    assert!(german.text.contains("ein Datensatz"), "{}", german.text);
}

/// More records than one page of the export (1,000): the export waits for the client after
/// each page, and every record still arrives, once.
async fn a_download_of_several_pages_arrives_whole(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = concord_domain::Viewer::with_roles("admin", [Role::Admin]);
    let edits: Vec<concord_store::Edit> = (0..2_345)
        .map(|i| {
            let org = concord_domain::Organisation::new(
                concord_domain::OrganisationId(uuid::Uuid::now_v7()),
                format!("Numbat museum {i:04}"),
                "museum",
            );
            concord_store::Edit {
                who: admin.clone(),
                document: concord_store::Document::from_record(&org).unwrap(),
                base: None,
                action: concord_domain::revision::RevisionAction::Create,
                summary: "import".to_owned(),
            }
        })
        .collect();
    app.store.save_batch(edits).await.unwrap();
    let r = download(&app, "organisations.csv", None).await;
    let mut names: Vec<&str> = r
        .text
        .lines()
        .skip(1)
        .filter(|l| l.contains("Numbat museum"))
        .collect();
    assert_eq!(names.len(), 2_345);
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 2_345, "a record arrived twice");
}
