//! The API contract of issue #11, item 6: what the OpenAPI document states is what the server
//! does (`If-Match: *`, bounds of parameters, vocabularies in force, links from each create).

use axum::http::{Method, StatusCode};
use concord_domain::RecordKind;
use serde_json::{Value, json};

use crate::support::{TestApp, organisation};

async fn document(app: &TestApp) -> Value {
    let r = app.get_json("/api/v1/openapi.json", None).await;
    assert_eq!(r.status, StatusCode::OK);
    r.json
}

#[tokio::test]
async fn if_match_star_writes_against_the_latest_revision() {
    let app = TestApp::new().await;
    let token = app.admin().await;
    let (path, first, _) = app
        .create("organisations", &organisation("Rijksmuseum"), &token)
        .await;
    let star = |method: Method, path: &str| {
        app.request(method, path)
            .token(Some(&token))
            .header("if-match", "*")
    };
    let patched = star(Method::PATCH, &path)
        .raw("application/merge-patch+json", r#"{"country": "BE"}"#)
        .send()
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    assert!(patched.etag() > first);
    let deleted = star(Method::DELETE, &path).send().await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    let after_delete = star(Method::PATCH, &path)
        .raw("application/merge-patch+json", "{}")
        .send()
        .await;
    after_delete.problem(410);
    let restored = star(Method::POST, &format!("{path}/restore")).send().await;
    assert_eq!(restored.status, StatusCode::OK, "{}", restored.text);
    assert_eq!(app.get_json(&path, None).await.json["country"], "BE");
}

#[tokio::test]
async fn the_document_states_if_match_and_its_428() {
    let app = TestApp::new().await;
    let doc = document(&app).await;
    let patch = &doc["paths"]["/api/v1/organisations/{id}"]["patch"];
    let if_match = patch["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "If-Match")
        .unwrap();
    assert_eq!(if_match["required"], true);
    let pattern = if_match["schema"]["pattern"].as_str().unwrap();
    assert!(pattern.contains(r"\*"), "{pattern}");
    assert!(patch["responses"].get("428").is_some());
    let body = &patch["requestBody"]["content"]["application/merge-patch+json"]["schema"];
    assert_eq!(body["$ref"], "#/components/schemas/OrganisationPatch");
}

#[tokio::test]
async fn limits_and_revisions_are_refused_outside_the_documented_bounds() {
    let app = TestApp::new().await;
    let doc = document(&app).await;
    let list = &doc["paths"]["/api/v1/people"]["get"]["parameters"];
    let limit = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "limit")
        .unwrap();
    assert_eq!(limit["schema"]["minimum"], 1);
    assert_eq!(limit["schema"]["maximum"], 200);
    for (query, status) in [("0", 400), ("1", 200), ("200", 200), ("201", 400)] {
        let r = app
            .get_json(&format!("/api/v1/people?limit={query}"), None)
            .await;
        assert_eq!(r.status.as_u16(), status, "limit={query}: {}", r.text);
    }
    let token = app.admin().await;
    let (path, _, _) = app
        .create("organisations", &organisation("Louvre"), &token)
        .await;
    let zero = app.get_json(&format!("{path}/revisions/0"), None).await;
    assert_eq!(zero.problem(400), ["rev"]);
    let sort = app.get_json("/api/v1/search?sort=name", None).await;
    assert_eq!(sort.status, StatusCode::OK, "{}", sort.text);
}

#[tokio::test]
async fn vocabulary_fields_list_the_terms_in_force() {
    let app = TestApp::new().await;
    let kinds = |doc: &Value| {
        doc["components"]["schemas"]["Organisation"]["properties"]["kind"]["enum"].clone()
    };
    let before = kinds(&document(&app).await);
    assert!(before.as_array().unwrap().contains(&json!("museum")));
    assert!(!before.as_array().unwrap().contains(&json!("zoo")));
    let token = app.admin().await;
    let added = app
        .post_json(
            "/api/v1/vocabularies/organisation_kind",
            &json!({"key": "zoo", "label": "Zoo"}),
            Some(&token),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    assert!(
        kinds(&document(&app).await)
            .as_array()
            .unwrap()
            .contains(&json!("zoo"))
    );
    let zoo = json!({"name": "Artis", "kind": "zoo"});
    app.create("organisations", &zoo, &token).await;
}

#[tokio::test]
async fn each_create_links_to_the_records_get_patch_and_history() {
    let app = TestApp::new().await;
    let doc = document(&app).await;
    // Every kind of the registry created with its record (an inquiry's front door answers
    // with its status link instead); the golden file pins their collection names.
    let created = RecordKind::ALL
        .iter()
        .filter(|k| **k != RecordKind::Inquiry);
    for c in created.map(|k| k.collection()) {
        let links = &doc["paths"][format!("/api/v1/{c}")]["post"]["responses"]["201"]["links"];
        for (name, op) in [("show", "show"), ("patch", "patch"), ("history", "history")] {
            assert_eq!(links[name]["operationId"], format!("{op}_{c}"), "{c}");
            assert_eq!(links[name]["parameters"]["id"], "$response.body#/id");
        }
        assert_eq!(
            links["patch"]["parameters"]["header.If-Match"],
            "$response.header.ETag"
        );
    }
}

#[tokio::test]
async fn an_array_where_an_object_belongs_is_refused() {
    let app = TestApp::new().await;
    let token = app.admin().await;
    let body = json!({"name": "Artis", "kind": "museum", "identifiers": [null, null]});
    let r = app
        .post_json("/api/v1/organisations", &body, Some(&token))
        .await;
    assert_eq!(r.problem(422), ["identifiers"]);
}

#[tokio::test]
async fn a_revert_takes_a_whole_revision_number_in_any_json_spelling() {
    let app = TestApp::new().await;
    let token = app.admin().await;
    let (path, first, _) = app
        .create("organisations", &organisation("Mauritshuis"), &token)
        .await;
    let revert = |revision: Value| {
        app.request(Method::POST, &format!("{path}/revert"))
            .token(Some(&token))
            .header("if-match", "*")
            .json(&json!({"revision": revision}))
            .send()
    };
    assert_eq!(
        revert(json!(first as f64 + 0.5)).await.problem(422),
        ["revision"]
    );
    let r = revert(json!(first as f64)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}
