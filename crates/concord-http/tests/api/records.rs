//! Create, show, update, patch, delete and restore, with ETags and If-Match.

use axum::http::{StatusCode, header};
use serde_json::json;

use crate::support::{TestApp, organisation};

#[tokio::test]
async fn a_created_record_has_a_location_an_etag_and_a_server_chosen_id() {
    let app = TestApp::new().await;
    let token = app.admin().await;
    let body = json!({"id": "00000000-0000-0000-0000-000000000001", "name": "Tropenmuseum", "kind": "museum"});
    let r = app
        .post_json("/api/v1/organisations", &body, Some(&token))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.json["id"].as_str().unwrap();
    assert_ne!(id, "00000000-0000-0000-0000-000000000001");
    assert_eq!(
        r.headers[header::LOCATION],
        format!("/api/v1/organisations/{id}").as_str()
    );
    let shown = app
        .get_json(&format!("/api/v1/organisations/{id}"), None)
        .await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.etag(), r.etag());
    assert_eq!(shown.json["name"], "Tropenmuseum");
}

#[tokio::test]
async fn an_update_with_the_current_etag_is_stored_as_a_new_revision() {
    let app = TestApp::new().await;
    let token = app.admin().await;
    let (path, rev, mut body) = app
        .create("organisations", &organisation("Rijksmuseum"), &token)
        .await;
    body["name"] = json!("Rijksmuseum Amsterdam");
    let r = app.put_json(&path, &body, Some(&token), rev).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.etag() > rev);
    assert_eq!(
        app.get_json(&path, None).await.json["name"],
        "Rijksmuseum Amsterdam"
    );
}

#[tokio::test]
async fn a_stale_if_match_is_412_with_the_current_record() {
    let app = TestApp::new().await;
    let token = app.admin().await;
    let (path, first, body) = app
        .create("organisations", &organisation("Louvre"), &token)
        .await;
    let second = app
        .patch_json(&path, &json!({"country": "FR"}), Some(&token), first)
        .await
        .etag();
    let head = app.head().await;
    let r = app.put_json(&path, &body, Some(&token), first).await;
    r.problem(412);
    assert_eq!(r.etag(), second);
    assert_eq!(r.json["current"]["country"], "FR");
    assert_eq!(app.head().await, head);
}

#[tokio::test]
async fn a_write_without_if_match_is_428() {
    let app = TestApp::new().await;
    let token = app.admin().await;
    let (path, _, body) = app
        .create("organisations", &organisation("Prado"), &token)
        .await;
    let head = app.head().await;
    let r = app
        .request(axum::http::Method::PUT, &path)
        .token(Some(&token))
        .json(&body)
        .send()
        .await;
    r.problem(428);
    assert_eq!(app.head().await, head);
}

#[tokio::test]
async fn a_merge_patch_changes_only_what_it_names() {
    let app = TestApp::new().await;
    let token = app.admin().await;
    let (path, rev, _) = app
        .create("organisations", &organisation("Uffizi"), &token)
        .await;
    let r = app
        .patch_json(
            &path,
            &json!({"website": "https://www.uffizi.it/", "country": null}),
            Some(&token),
            rev,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["name"], "Uffizi");
    assert_eq!(r.json["website"], "https://www.uffizi.it/");
    assert!(r.json.get("country").is_none());
}

#[tokio::test]
async fn a_patch_may_not_change_the_id() {
    let app = TestApp::new().await;
    let token = app.admin().await;
    let (path, rev, _) = app
        .create("organisations", &organisation("Tate"), &token)
        .await;
    let head = app.head().await;
    let other = "0190a0a0-0000-7000-8000-000000000009";
    let r = app
        .patch_json(&path, &json!({"id": other}), Some(&token), rev)
        .await;
    assert_eq!(r.problem(422), ["id"]);
    assert_eq!(app.head().await, head);
}

#[tokio::test]
async fn a_deleted_record_is_410_with_an_etag_and_can_be_restored() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let (path, rev, _) = app
        .create("organisations", &organisation("Hermitage"), &admin)
        .await;
    let deleted = app.delete(&path, Some(&admin), rev).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    let gone = app.get_json(&path, None).await;
    gone.problem(410);
    assert_eq!(gone.etag(), deleted.etag());
    let restored = app
        .request(axum::http::Method::POST, &format!("{path}/restore"))
        .token(Some(&admin))
        .if_match(gone.etag())
        .send()
        .await;
    assert_eq!(restored.status, StatusCode::OK, "{}", restored.text);
    assert_eq!(app.get_json(&path, None).await.json["name"], "Hermitage");
}

#[tokio::test]
async fn restoring_a_live_record_is_409() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let (path, rev, _) = app
        .create("organisations", &organisation("Met"), &admin)
        .await;
    let r = app
        .request(axum::http::Method::POST, &format!("{path}/restore"))
        .token(Some(&admin))
        .if_match(rev)
        .send()
        .await;
    r.problem(409);
}

#[tokio::test]
async fn people_are_listed_by_id_with_a_cursor() {
    let app = TestApp::new().await;
    let token = app.admin().await;
    for name in ["Ada", "Grace", "Hedy"] {
        app.create("people", &json!({"name": name}), &token).await;
    }
    let first = app.get_json("/api/v1/people?limit=2", Some(&token)).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(first.json["items"].as_array().unwrap().len(), 2);
    let cursor = first.json["next_cursor"].as_str().unwrap().to_owned();
    let second = app
        .get_json(
            &format!("/api/v1/people?limit=2&cursor={cursor}"),
            Some(&token),
        )
        .await;
    assert_eq!(second.json["items"].as_array().unwrap().len(), 1);
    assert!(second.json["next_cursor"].is_null());
}

#[tokio::test]
async fn glossary_terms_round_trip() {
    let app = TestApp::new().await;
    let token = app.admin().await;
    let body = json!({"term": {"en": "Alliance"}, "definition": {"en": "A long-term, strategic partnership."}});
    let r = app.post_json("/api/v1/glossary", &body, Some(&token)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
}

#[tokio::test]
async fn every_kind_can_be_created_shown_and_listed() {
    let app = TestApp::new().await;
    let token = app.admin().await;
    let bodies = [
        ("organisations", organisation("Naturalis")),
        ("people", json!({"name": "Ada"})),
        (
            "partnerships",
            crate::support::partnership("Naturalis x Wikimedia"),
        ),
        (
            "needs",
            json!({"title": {"en": "Photographs of monuments"}, "area": "content_glam"}),
        ),
        (
            "glossary",
            json!({"term": {"en": "Tier"}, "definition": {"en": "How deep a partnership goes."}}),
        ),
    ];
    for (collection, body) in bodies {
        let (path, rev, _) = app.create(collection, &body, &token).await;
        assert_eq!(app.get_json(&path, None).await.etag(), rev, "{collection}");
        let list = app.get_json(&format!("/api/v1/{collection}"), None).await;
        assert_eq!(
            list.json["items"].as_array().unwrap().len(),
            1,
            "{collection}: {}",
            list.text
        );
    }
}

#[tokio::test]
async fn a_weak_etag_is_accepted_as_if_match() {
    let app = TestApp::new().await;
    let token = app.admin().await;
    let (path, rev, _) = app
        .create("organisations", &organisation("Weak"), &token)
        .await;
    let r = app
        .request(axum::http::Method::PATCH, &path)
        .token(Some(&token))
        .header("if-match", &format!("W/\"{rev}\""))
        .raw("application/merge-patch+json", "{\"country\": \"BE\"}")
        .send()
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}
