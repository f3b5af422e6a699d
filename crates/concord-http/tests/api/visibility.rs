//! The one visibility rule, as the API shows it: hidden records are 404 (never 403), on every
//! route; redacted fields are absent from records, history snapshots and diffs.

use axum::http::{Method, StatusCode};
use concord_domain::Role;
use serde_json::json;

use crate::support::{TestApp, organisation};

#[tokio::test]
async fn a_hidden_record_is_404_for_a_visitor() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let body = json!({"name": "Secret Society", "kind": "other", "visibility": "restricted"});
    let (path, rev, _) = app.create("organisations", &body, &admin).await;
    for sub in [
        "",
        "/history",
        &format!("/revisions/{rev}"),
        &format!("/diff?from={rev}&to={rev}"),
    ] {
        app.get_json(&format!("{path}{sub}"), None)
            .await
            .problem(404);
    }
    assert_eq!(
        app.get_json(&path, Some(&admin)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_hidden_record_is_404_not_403_for_a_member_who_tries_to_delete_it() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let member = app.member().await;
    let body = json!({"name": "Closed Archive", "kind": "archive", "visibility": "restricted"});
    let (path, rev, _) = app.create("organisations", &body, &admin).await;
    app.delete(&path, Some(&member), rev).await.problem(404);
    app.put_json(&path, &body, Some(&member), rev)
        .await
        .problem(404);
}

#[tokio::test]
async fn a_visible_record_a_member_may_not_delete_is_403() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let member = app.member().await;
    let (path, rev, _) = app
        .create(
            "organisations",
            &json!({"name": "Open Library", "kind": "library"}),
            &admin,
        )
        .await;
    let head = app.head().await;
    app.delete(&path, Some(&member), rev).await.problem(403);
    assert_eq!(app.head().await, head);
}

#[tokio::test]
async fn a_steward_of_a_party_may_delete() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let chapter = json!({"name": "Wikimedia Nederland", "kind": "nonprofit", "movement_entity": {"kind": "chapter", "countries": ["NL"]}});
    let (chapter_path, _, chapter) = app.create("organisations", &chapter, &admin).await;
    let entity = chapter["id"].as_str().unwrap().parse().unwrap();
    let steward = app
        .token(
            "steward",
            vec![Role::Steward(concord_domain::OrganisationId(entity))],
        )
        .await;
    let rev = app.get_json(&chapter_path, None).await.etag();
    let r = app.delete(&chapter_path, Some(&steward), rev).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
}

#[tokio::test]
async fn contact_details_are_redacted_everywhere_for_a_visitor() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let person =
        json!({"name": "Ada", "contact": {"email": "ada@example.org", "visibility": "restricted"}});
    let (path, first, _) = app.create("people", &person, &admin).await;
    let second = app
        .patch_json(
            &path,
            &json!({"contact": {"email": "ada@example.net"}}),
            Some(&admin),
            first,
        )
        .await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.text);
    let shown = app.get_json(&path, None).await;
    assert!(shown.json.get("contact").is_none(), "{}", shown.text);
    let snapshot = app
        .get_json(&format!("{path}/revisions/{first}"), None)
        .await;
    assert!(
        snapshot.json["snapshot"].get("contact").is_none(),
        "{}",
        snapshot.text
    );
    let diff = app
        .get_json(
            &format!("{path}/diff?from={first}&to={}", second.etag()),
            None,
        )
        .await;
    assert_eq!(diff.json["changes"], json!([]), "{}", diff.text);
    let listed = app.get_json("/api/v1/people", None).await;
    assert!(!listed.text.contains("ada@example"), "{}", listed.text);
    assert!(
        app.get_json(&path, Some(&admin))
            .await
            .text
            .contains("ada@example.net")
    );
}

/// An admin's token, and the token of a steward of a new chapter whose id is returned.
async fn steward_of_a_chapter(app: &TestApp) -> (String, String, String) {
    let admin = app.admin().await;
    let chapter = json!({"name": "Wikimedia Sverige", "kind": "nonprofit", "movement_entity": {"kind": "chapter", "countries": ["SE"]}});
    let (_, _, chapter) = app.create("organisations", &chapter, &admin).await;
    let id = chapter["id"].as_str().unwrap().to_owned();
    let entity = concord_domain::OrganisationId(id.parse().unwrap());
    let steward = app.token("steward", vec![Role::Steward(entity)]).await;
    (admin, steward, id)
}

#[tokio::test]
async fn a_stale_write_to_a_record_shows_the_current_record_redacted() {
    let app = TestApp::new().await;
    let (admin, steward, chapter) = steward_of_a_chapter(&app).await;
    let person = json!({"name": "Grace", "visibility": "movement", "memberships": [{"organisation": chapter, "role": "staff"}], "contact": {"email": "grace@example.org", "visibility": "restricted"}});
    let (path, rev, _) = app.create("people", &person, &admin).await;
    let r = app
        .request(Method::PATCH, &path)
        .token(Some(&steward))
        .if_match(rev + 50)
        .raw("application/merge-patch+json", "{\"name\": \"G\"}")
        .send()
        .await;
    r.problem(412);
    assert_eq!(r.json["current"]["name"], "Grace");
    assert!(!r.text.contains("grace@example.org"), "{}", r.text);
}

#[tokio::test]
async fn a_put_by_a_steward_keeps_the_contact_details_hidden_from_them() {
    let app = TestApp::new().await;
    let (admin, steward, chapter) = steward_of_a_chapter(&app).await;
    let person = json!({"name": "Hedy", "memberships": [{"organisation": chapter, "role": "staff"}], "contact": {"email": "hedy@example.org", "visibility": "restricted"}});
    let (path, rev, _) = app.create("people", &person, &admin).await;
    let seen = app.get_json(&path, Some(&steward)).await;
    assert!(seen.json.get("contact").is_none());
    let mut edited = seen.json.clone();
    edited["name"] = json!("Hedy Lamarr");
    let r = app.put_json(&path, &edited, Some(&steward), rev).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let full = app.get_json(&path, Some(&admin)).await;
    assert_eq!(full.json["name"], "Hedy Lamarr");
    assert_eq!(full.json["contact"]["email"], "hedy@example.org");
}

#[tokio::test]
async fn a_member_may_propose_a_need_but_not_create_an_organisation() {
    let app = TestApp::new().await;
    let member = app.member().await;
    let need = json!({"title": {"en": "Scans"}, "area": "content_glam", "visibility": "movement"});
    app.create("needs", &need, &member).await;
    let head = app.head().await;
    app.post_json(
        "/api/v1/organisations",
        &organisation("Mine"),
        Some(&member),
    )
    .await
    .problem(403);
    app.post_json("/api/v1/needs", &need, None)
        .await
        .problem(401);
    let hidden =
        json!({"title": {"en": "Hidden"}, "area": "content_glam", "visibility": "restricted"});
    app.post_json("/api/v1/needs", &hidden, Some(&member))
        .await
        .problem(403);
    assert_eq!(app.head().await, head);
}

#[tokio::test]
async fn a_put_by_a_steward_keeps_financial_terms_hidden_from_them_inside_arrays() {
    let app = TestApp::new().await;
    let (admin, steward, chapter) = steward_of_a_chapter(&app).await;
    let (_, _, partner) = app
        .create("organisations", &organisation("Partner"), &admin)
        .await;
    let body = json!({"title": {"en": "Scans"}, "kind": "partnership", "areas": ["content_glam"], "level": "national",
        "parties": [{"organisation": chapter, "role": "lead"}, {"organisation": partner["id"], "role": "partner"}],
        "value_exchange": [{"party": chapter, "gives": "time", "gets": "scans",
            "financial_terms": "EUR 5000", "financial_visibility": "restricted"}]});
    let (path, rev, _) = app.create("partnerships", &body, &admin).await;
    let mut seen = app.get_json(&path, Some(&steward)).await.json;
    assert!(!seen.to_string().contains("EUR 5000"), "{seen}");
    seen["value_exchange"][0]["gives"] = json!("money");
    let r = app.put_json(&path, &seen, Some(&steward), rev).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(!r.text.contains("EUR 5000"), "{}", r.text);
    let full = app.get_json(&path, Some(&admin)).await.json;
    assert_eq!(full["value_exchange"][0]["gives"], "money");
    assert_eq!(full["value_exchange"][0]["financial_terms"], "EUR 5000");
}
