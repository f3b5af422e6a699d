//! `GET /api/v1/audit`: the audit log as JSON, newest first, paged with `before` and `limit`,
//! for admins only (and only with an admin-scoped token).

use axum::http::StatusCode;
use chrono::Utc;
use concord_domain::{Role, Scope};
use concord_http::extract::hash_secret;
use concord_store::token::account_token_name;
use concord_store::{AuditEvent, AuditKind, NewAccount, NewToken};
use serde_json::Value;

use crate::support::TestApp;

/// Appends `n` events whose actors are `actor-000`, `actor-001`, …
async fn record(app: &TestApp, n: usize) {
    for i in 0..n {
        let event = AuditEvent::new(AuditKind::LogOut, Some(&format!("actor-{i:03}")))
            .address(Some("192.0.2.1".into()))
            .detail("n", i);
        app.store.record_audit(event).await.unwrap();
    }
}

fn actors(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["actor"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[tokio::test]
async fn the_audit_api_is_admin_only() {
    let app = TestApp::new().await;
    let member = app.member().await;
    let admin = app.admin().await;
    app.get_json("/api/v1/audit", None).await.problem(401);
    app.get_json("/api/v1/audit", Some(&member))
        .await
        .problem(403);
    let r = app.get_json("/api/v1/audit", Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let kinds: Vec<&str> = r.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["token_created", "token_created"]);
}

#[tokio::test]
async fn an_admins_token_needs_the_admin_scope_to_read_the_audit_log() {
    let app = TestApp::new().await;
    let new = NewAccount {
        id: concord_store::new_id().into(),
        username: "root".into(),
        display_name: "Root".into(),
        email: None,
        password_hash: None,
        roles: [Role::Admin].into(),
        wikimedia_id: None,
        created_at: Utc::now(),
    };
    let root = app
        .store
        .create_account(
            new,
            AuditEvent::new(AuditKind::AccountCreated, Some("test")),
        )
        .await
        .unwrap();
    for scope in [Scope::Write, Scope::Admin] {
        let token = NewToken {
            name: account_token_name("root", scope.as_str()),
            hash: hash_secret(&format!("secret-{}", scope.as_str())),
            roles: Vec::new(),
            account: Some(root.id),
            scope,
            created_at: Utc::now(),
            expires_at: None,
        };
        let event = AuditEvent::new(AuditKind::TokenCreated, Some("root"));
        app.store.create_token(token, event).await.unwrap();
    }
    app.get_json("/api/v1/audit", Some("secret-write"))
        .await
        .problem(403);
    let r = app.get_json("/api/v1/audit", Some("secret-admin")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

#[tokio::test]
async fn the_audit_api_pages_newest_first_with_before_and_limit() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    record(&app, 5).await;
    let first = app.get_json("/api/v1/audit?limit=2", Some(&admin)).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(actors(&first.json), ["actor-004", "actor-003"]);
    let entry = &first.json["items"][0];
    assert_eq!(entry["kind"], "log_out");
    assert_eq!(entry["address"], "192.0.2.1");
    assert_eq!(entry["detail"]["n"], 4);
    let before = first.json["next_before"].as_i64().unwrap();
    assert_eq!(before, entry["id"].as_i64().unwrap() - 1);

    let second = app
        .get_json(
            &format!("/api/v1/audit?limit=2&before={before}"),
            Some(&admin),
        )
        .await;
    assert_eq!(actors(&second.json), ["actor-002", "actor-001"]);
    let before = second.json["next_before"].as_i64().unwrap();
    let last = app
        .get_json(
            &format!("/api/v1/audit?limit=2&before={before}"),
            Some(&admin),
        )
        .await;
    assert_eq!(actors(&last.json), ["actor-000", "test"]);
    assert!(last.json["next_before"].is_null(), "{}", last.text);
}

#[tokio::test]
async fn bad_audit_parameters_are_a_400_naming_them() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=many", "limit"),
        ("before=-3", "before"),
        ("before=x", "before"),
        ("after=3", "after"),
        ("limit=2&limit=3", "limit"),
    ] {
        let r = app
            .get_json(&format!("/api/v1/audit?{query}"), Some(&admin))
            .await;
        assert_eq!(r.problem(400), [field], "{query}");
    }
}
