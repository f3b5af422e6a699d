//! The OpenAPI document is pinned by a golden file; `UPDATE_GOLDEN=1` rewrites it.

use axum::http::StatusCode;
use concord_domain::RecordKind;

use crate::support::TestApp;

const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/openapi.json");

#[tokio::test]
async fn the_openapi_document_matches_the_golden_file() {
    let app = TestApp::new().await;
    let r = app.get_json("/api/v1/openapi.json", None).await;
    assert_eq!(r.status, StatusCode::OK);
    let actual = serde_json::to_string_pretty(&r.json).unwrap() + "\n";
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(GOLDEN, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(GOLDEN)
        .expect("run with UPDATE_GOLDEN=1 to create the golden file");
    assert!(
        actual == expected,
        "the OpenAPI document changed; review it and rerun with UPDATE_GOLDEN=1"
    );
}

#[tokio::test]
async fn the_openapi_document_is_3_1_and_covers_every_kind() {
    let app = TestApp::new().await;
    let doc = app.get_json("/api/v1/openapi.json", None).await.json;
    assert_eq!(doc["openapi"], "3.1.0");
    // Every kind of the registry; the golden file pins their collection names.
    for c in RecordKind::ALL.iter().map(|k| k.collection()) {
        for suffix in [
            "",
            "/{id}",
            "/{id}/history",
            "/{id}/revisions/{rev}",
            "/{id}/diff",
            "/{id}/revert",
            "/{id}/restore",
        ] {
            let path = format!("/api/v1/{c}{suffix}");
            assert!(doc["paths"].get(&path).is_some(), "{path} is missing");
        }
    }
    for schema in ["Organisation", "Partnership", "Problem", "Page"] {
        assert!(
            doc["components"]["schemas"].get(schema).is_some(),
            "{schema} is missing"
        );
    }
}

#[tokio::test]
async fn the_home_page_links_to_the_openapi_document() {
    let app = TestApp::new().await;
    let r = app.get_json("/", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type().starts_with("text/html"));
    assert!(r.text.contains("/api/v1/openapi.json"));
}
