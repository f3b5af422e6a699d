//! Lists of searchable kinds and `/search` go through the index; a writer sees its own write.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{TestApp, organisation, partnership};

#[tokio::test]
async fn search_sees_its_own_write_at_once() {
    let app = TestApp::new().await;
    let token = app.admin().await;
    app.create("organisations", &organisation("Tropenmuseum"), &token)
        .await;
    let r = app.get_json("/api/v1/search?q=tropenmuseum", None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["total"], 1);
    assert_eq!(r.json["items"][0]["name"], "Tropenmuseum");
    assert_eq!(r.json["items"][0]["type"], "organisation");
    assert!(r.json["items"][0]["revision"].is_i64());
}

#[tokio::test]
async fn a_list_filters_by_kind_and_counts_facets() {
    let app = TestApp::new().await;
    let token = app.admin().await;
    app.create("organisations", &organisation("Museum A"), &token)
        .await;
    app.create(
        "organisations",
        &json!({"name": "Library B", "kind": "library"}),
        &token,
    )
    .await;
    let r = app
        .get_json("/api/v1/organisations?kind=library", None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["total"], 1);
    assert_eq!(r.json["items"][0]["name"], "Library B");
    assert!(r.json["facets"].is_object());
}

#[tokio::test]
async fn search_counts_only_what_the_viewer_may_see() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    app.create("partnerships", &partnership("Open GLAM"), &admin)
        .await;
    let mut hidden = partnership("Secret GLAM");
    hidden["visibility"] = json!("restricted");
    app.create("partnerships", &hidden, &admin).await;
    let visitor = app.get_json("/api/v1/partnerships?q=glam", None).await;
    assert_eq!(visitor.json["total"], 1, "{}", visitor.text);
    assert!(!visitor.text.contains("Secret"));
    let admin_view = app
        .get_json("/api/v1/partnerships?q=glam", Some(&admin))
        .await;
    assert_eq!(admin_view.json["total"], 2, "{}", admin_view.text);
}

#[tokio::test]
async fn a_deleted_record_leaves_search_at_once() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let (path, rev, _) = app
        .create("organisations", &organisation("Ephemeral"), &admin)
        .await;
    app.delete(&path, Some(&admin), rev).await;
    let r = app.get_json("/api/v1/search?q=ephemeral", None).await;
    assert_eq!(r.json["total"], 0, "{}", r.text);
}
