//! History, revisions, diffs and reverts.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::{TestApp, organisation};

#[tokio::test]
async fn history_lists_every_revision_newest_first() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let (path, first, _) = app
        .create("organisations", &organisation("Musée"), &admin)
        .await;
    let second = app
        .patch_json(&path, &json!({"country": "FR"}), Some(&admin), first)
        .await
        .etag();
    let r = app.get_json(&format!("{path}/history"), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let ids: Vec<i64> = r.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [second, first]);
    assert_eq!(r.json["items"][1]["action"], "create");
}

#[tokio::test]
async fn a_diff_names_each_changed_path() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let (path, first, _) = app
        .create("organisations", &organisation("Museo"), &admin)
        .await;
    let second = app
        .patch_json(
            &path,
            &json!({"country": "IT", "name": "Museo Egizio"}),
            Some(&admin),
            first,
        )
        .await
        .etag();
    let r = app
        .get_json(&format!("{path}/diff?from={first}&to={second}"), None)
        .await;
    let paths: Vec<&str> = r.json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["country", "name"]);
}

#[tokio::test]
async fn a_revert_stores_the_old_snapshot_as_a_new_revision() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let (path, first, _) = app
        .create("organisations", &organisation("Original"), &admin)
        .await;
    let second = app
        .patch_json(&path, &json!({"name": "Vandalised"}), Some(&admin), first)
        .await
        .etag();
    let r = app
        .request(Method::POST, &format!("{path}/revert"))
        .token(Some(&admin))
        .if_match(second)
        .json(&json!({"revision": first, "summary": "undo vandalism"}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.etag() > second);
    assert_eq!(app.get_json(&path, None).await.json["name"], "Original");
    let history = app.get_json(&format!("{path}/history"), None).await;
    assert_eq!(history.json["items"][0]["action"], "revert");
    assert_eq!(history.json["items"][0]["summary"], "undo vandalism");
}

#[tokio::test]
async fn a_revert_to_a_revision_of_another_record_is_refused() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let (path, rev, _) = app
        .create("organisations", &organisation("One"), &admin)
        .await;
    let (_, other, _) = app
        .create("organisations", &organisation("Two"), &admin)
        .await;
    let head = app.head().await;
    let r = app
        .request(Method::POST, &format!("{path}/revert"))
        .token(Some(&admin))
        .if_match(rev)
        .json(&json!({"revision": other}))
        .send()
        .await;
    assert_eq!(r.problem(422), ["revision"]);
    assert_eq!(app.head().await, head);
}
