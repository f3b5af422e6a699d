//! Every kind of bad input gets a 4xx problem+json naming the field or parameter, and writes
//! nothing: the store's head and the record's history are unchanged.

use axum::http::Method;
use serde_json::json;

use crate::support::{TestApp, organisation};

/// A created organisation and a member's token, to aim bad writes at.
async fn arranged() -> (TestApp, String, String, i64) {
    let app = TestApp::new().await;
    let token = app.admin().await;
    let (path, rev, _) = app
        .create("organisations", &organisation("Target"), &token)
        .await;
    (app, token, path, rev)
}

/// Sends bad writes and checks each status, the fields named, and that nothing was written.
async fn refused(app: &TestApp, path: &str, cases: Vec<(crate::support::Req<'_>, u16, &str)>) {
    let head = app.head().await;
    let history = app.get_json(&format!("{path}/history"), None).await.json;
    for (req, status, field) in cases {
        let r = req.send().await;
        let fields = r.problem(status);
        let named = field.is_empty() || fields.iter().any(|f| f.contains(field));
        assert!(named, "expected {field} in {fields:?}: {}", r.text);
    }
    assert_eq!(app.head().await, head, "a refused request wrote something");
    assert_eq!(
        app.get_json(&format!("{path}/history"), None).await.json,
        history
    );
}

#[tokio::test]
async fn bad_bodies_are_refused_naming_the_field_and_write_nothing() {
    let (app, t, path, rev) = arranged().await;
    let t = Some(t.as_str());
    let put = || app.request(Method::PUT, &path).token(t).if_match(rev);
    let post = || app.request(Method::POST, "/api/v1/organisations").token(t);
    let cases = vec![
        (post().raw("application/json", "{\"name\": \"x\", "), 400, "body"),
        (post().raw("application/json", "{name: 1}"), 400, "body"),
        (post().raw("application/json", b"{\"name\": \"\xff\"}".to_vec()), 400, "body"),
        (post().raw("application/json", ""), 400, "body"),
        (post().json(&json!({"name": 5, "kind": "museum"})), 422, "name"),
        (post().json(&json!({"name": "A", "kind": "astrology"})), 422, "kind"),
        (post().json(&json!({"name": "A", "kind": "museum", "colour": "red"})), 422, "colour"),
        (post().json(&json!({"name": "A", "kind": "museum", "regions": ["atlantis"]})), 422, "regions[0]"),
        (post().json(&json!({"kind": "museum"})), 422, "name"),
        (post().json(&json!(["not", "an", "object"])), 422, "body"),
        (post().raw("text/plain", "{}"), 415, ""),
        (put().raw("application/json", "{\"name\":"), 400, "body"),
        (put().json(&json!({"name": "A", "kind": "museum", "identifiers": {"wikidata": 42}})), 422, "identifiers.wikidata"),
        (put().json(&json!({"id": "0190a0a0-0000-7000-8000-000000000009", "name": "A", "kind": "museum"})), 422, "id"),
        (put().raw("application/merge-patch+json", "{}"), 415, ""),
        (app.request(Method::PATCH, &path).token(t).if_match(rev).json(&json!({})), 415, ""),
        (app.request(Method::PATCH, &path).token(t).if_match(rev).raw("application/merge-patch+json", "{\"name\": 5}"), 422, "name"),
        (app.request(Method::PATCH, &path).token(t).if_match(rev).raw("application/merge-patch+json", "{\"nope\": 1}"), 422, "nope"),
    ];
    refused(&app, &path, cases).await;
}

#[tokio::test]
async fn bad_if_match_and_paths_are_refused_and_write_nothing() {
    let (app, t, path, rev) = arranged().await;
    let t = Some(t.as_str());
    let body = json!({"name": "B", "kind": "museum"});
    let put = || app.request(Method::PUT, &path).token(t);
    let cases = vec![
        (put().json(&body), 428, ""),
        (
            put().header("if-match", "banana").json(&body),
            400,
            "If-Match",
        ),
        (
            put().header("if-match", "\"0\"").json(&body),
            400,
            "If-Match",
        ),
        (
            put().header("if-match", "\"1\", \"2\"").json(&body),
            400,
            "If-Match",
        ),
        (put().if_match(rev + 1000).json(&body), 412, ""),
        (
            app.request(Method::PUT, "/api/v1/organisations/not-a-uuid")
                .token(t)
                .if_match(rev)
                .json(&body),
            400,
            "id",
        ),
        (
            app.request(Method::DELETE, "/api/v1/organisations/123")
                .token(t)
                .if_match(rev),
            400,
            "id",
        ),
        (
            app.request(Method::GET, &format!("{path}/revisions/abc")),
            400,
            "rev",
        ),
        (
            app.request(Method::GET, &format!("{path}/diff?from=1")),
            400,
            "to",
        ),
        (
            app.request(Method::GET, &format!("{path}/diff?from=1&to=2&x=3")),
            400,
            "x",
        ),
    ];
    refused(&app, &path, cases).await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_problem_json() {
    let app = TestApp::with_config(concord_http::HttpConfig {
        body_limit_bytes: 1024,
    })
    .await;
    let token = app.admin().await;
    let head = app.head().await;
    let big = json!({"name": "x".repeat(4096), "kind": "museum"});
    let r = app
        .post_json("/api/v1/organisations", &big, Some(&token))
        .await;
    r.problem(413);
    assert_eq!(app.head().await, head);
}

#[tokio::test]
async fn bad_query_parameters_are_400_naming_the_parameter() {
    let app = TestApp::new().await;
    for (query, parameter) in [
        ("/api/v1/organisations?colour=red", "colour"),
        ("/api/v1/organisations?limit=0", "limit"),
        ("/api/v1/organisations?limit=201", "limit"),
        ("/api/v1/organisations?limit=lots", "limit"),
        ("/api/v1/organisations?sort=random", "sort"),
        ("/api/v1/organisations?cursor=garbage", "cursor"),
        ("/api/v1/people?cursor=garbage", "cursor"),
        ("/api/v1/people?q=ada", "q"),
        ("/api/v1/search?type=person", "type"),
    ] {
        let r = app.get_json(query, None).await;
        assert_eq!(r.problem(400), [parameter], "{query}");
    }
}

#[tokio::test]
async fn unknown_routes_and_methods_are_problems_too() {
    let app = TestApp::new().await;
    app.get_json("/api/v1/nothing-here", None)
        .await
        .problem(404);
    app.request(Method::DELETE, "/api/v1/organisations")
        .send()
        .await
        .problem(405);
}
