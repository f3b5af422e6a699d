//! Tokens: no header is a visitor who may read but not write; a bad token is always a 401.

use axum::http::{Method, StatusCode, header};
use chrono::{Duration, Utc};
use concord_domain::Role;
use concord_http::extract::hash_secret;
use concord_store::NewToken;
use serde_json::json;

use crate::support::{TestApp, organisation};

#[tokio::test]
async fn a_write_without_a_token_is_401_and_writes_nothing() {
    let app = TestApp::new().await;
    let head = app.head().await;
    let r = app
        .post_json("/api/v1/organisations", &organisation("Anon"), None)
        .await;
    r.problem(401);
    assert!(r.headers.contains_key(header::WWW_AUTHENTICATE));
    assert_eq!(app.head().await, head);
}

#[tokio::test]
async fn unknown_garbled_revoked_and_expired_tokens_are_401() {
    let app = TestApp::new().await;
    app.token("revoked", vec![Role::Member]).await;
    app.store
        .revoke_token(
            "revoked",
            concord_store::AuditEvent::new(concord_store::AuditKind::TokenRevoked, Some("test")),
        )
        .await
        .unwrap();
    app.store
        .create_token(
            NewToken {
                name: "expired".into(),
                hash: hash_secret("secret-of-expired"),
                roles: vec![Role::Member],
                account: None,
                scope: concord_domain::Scope::Admin,
                created_at: Utc::now() - Duration::days(2),
                expires_at: Some(Utc::now() - Duration::days(1)),
            },
            concord_store::AuditEvent::new(concord_store::AuditKind::TokenCreated, Some("test")),
        )
        .await
        .unwrap();
    for auth in [
        "Bearer nope",
        "Basic YTpi",
        "Bearer ",
        "Bearer secret-of-revoked",
        "Bearer secret-of-expired",
    ] {
        let r = app
            .request(Method::GET, "/api/v1/organisations")
            .header("authorization", auth)
            .send()
            .await;
        r.problem(401);
    }
}

#[tokio::test]
async fn the_author_of_a_revision_is_the_token_name() {
    let app = TestApp::new().await;
    let token = app.token("ci", vec![Role::Admin]).await;
    let (path, _, _) = app
        .create("organisations", &organisation("Authored"), &token)
        .await;
    let history = app.get_json(&format!("{path}/history"), None).await;
    assert_eq!(history.json["items"][0]["author"], "token:ci");
}

#[tokio::test]
async fn only_admins_add_vocabulary_terms() {
    let app = TestApp::new().await;
    let member = app.member().await;
    let admin = app.admin().await;
    let term = json!({"key": "zoo", "label": "Zoo"});
    app.post_json(
        "/api/v1/vocabularies/organisation_kind",
        &term,
        Some(&member),
    )
    .await
    .problem(403);
    app.post_json("/api/v1/vocabularies/organisation_kind", &term, None)
        .await
        .problem(401);
    app.post_json("/api/v1/vocabularies/nonsense", &term, Some(&admin))
        .await
        .problem(404);
    let bad = json!({"key": "Zoo Park", "label": ""});
    let fields = app
        .post_json("/api/v1/vocabularies/organisation_kind", &bad, Some(&admin))
        .await
        .problem(422);
    assert_eq!(fields, ["key", "label"]);
    let r = app
        .post_json(
            "/api/v1/vocabularies/organisation_kind",
            &term,
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let all = app.get_json("/api/v1/vocabularies", None).await;
    assert!(
        all.json["organisation_kind"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["key"] == "zoo")
    );
    let zoo = json!({"name": "Artis", "kind": "zoo"});
    app.create("organisations", &zoo, &admin).await;
}
