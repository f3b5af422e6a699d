//! Hostile query strings, paths and credentials never produce a 5xx (nor a panic).

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, Uri, header};
use http_body_util::BodyExt;
use proptest::prelude::*;
use tower::ServiceExt;

use super::cases;
use super::hostile::{authorization, cookie, query_string, segment};
use crate::support::{Backend, TestApp, organisation};

const COLLECTIONS: [&str; 5] = [
    "organisations",
    "people",
    "partnerships",
    "needs",
    "glossary",
];

/// An app on `backend` with a member's and an admin's token and one organisation, whose path it
/// returns; `None` when the backend is not configured.
async fn arranged(backend: Backend) -> Option<(TestApp, [Option<String>; 3], String)> {
    let app = TestApp::on(backend).await?;
    let member = app.member().await;
    let admin = app.admin().await;
    let (target, _, _) = app
        .create("organisations", &organisation("Target"), &admin)
        .await;
    Some((app, [None, Some(member), Some(admin)], target))
}

fn assert_uri(uri: &str) {
    assert!(
        uri.parse::<Uri>().is_ok(),
        "the strategy made an invalid URI: {uri}"
    );
}

#[tokio::test]
async fn random_query_strings_on_lists_and_search_never_produce_a_5xx() {
    for backend in Backend::ALL {
        hostile_queries(backend).await;
    }
}

async fn hostile_queries(backend: Backend) {
    let Some((app, tokens, target)) = arranged(backend).await else {
        return;
    };
    let mut endpoints: Vec<String> = COLLECTIONS.iter().map(|c| format!("/api/v1/{c}")).collect();
    endpoints.push("/api/v1/search".to_owned());
    endpoints.push(format!("{target}/history"));
    endpoints.push(format!("{target}/diff"));
    for (query, who) in cases((query_string(), 0..tokens.len())) {
        for endpoint in &endpoints {
            let uri = format!("{endpoint}?{query}");
            assert_uri(&uri);
            let r = app
                .request(Method::GET, &uri)
                .token(tokens[who].as_deref())
                .send()
                .await;
            assert!(
                !r.status.is_server_error(),
                "{backend:?}: GET {uri}: {}",
                r.text
            );
        }
    }
}

#[tokio::test]
async fn random_paths_under_the_api_never_produce_a_5xx() {
    for backend in Backend::ALL {
        hostile_paths(backend).await;
    }
}

async fn hostile_paths(backend: Backend) {
    let Some((app, tokens, target)) = arranged(backend).await else {
        return;
    };
    let id = target.rsplit('/').next().unwrap_or_default().to_owned();
    let methods = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::OPTIONS,
    ];
    let collection = prop_oneof![
        4 => prop::sample::select(&COLLECTIONS[..]).prop_map(str::to_owned),
        1 => segment(),
    ];
    // Mostly the real record's id first, so that its history, revisions and diff are reached.
    let first = prop_oneof![2 => Just(id), 1 => segment()];
    let rest = prop::option::weighted(0.8, (first, prop::collection::vec(segment(), 0..3)))
        .prop_map(|rest| {
            rest.map(|(first, more)| [vec![first], more].concat())
                .unwrap_or_default()
        });
    let strategy = (
        collection,
        rest,
        0..methods.len(),
        0..tokens.len(),
        prop::option::of(query_string()),
    );
    for (kind, rest, m, who, query) in cases(strategy) {
        let mut uri = format!("/api/v1/{kind}");
        for s in &rest {
            uri = format!("{uri}/{s}");
        }
        if let Some(q) = query {
            uri = format!("{uri}?{q}");
        }
        assert_uri(&uri);
        let mut req = app
            .request(methods[m].clone(), &uri)
            .token(tokens[who].as_deref());
        if !methods[m].is_safe() {
            req = req.if_match(1).raw("application/json", "{}");
        }
        let r = req.send().await;
        assert!(
            !r.status.is_server_error(),
            "{backend:?}: {} {uri}: {}",
            methods[m],
            r.text
        );
    }
}

#[tokio::test]
async fn random_authorization_and_cookie_headers_never_produce_a_5xx() {
    for backend in Backend::ALL {
        hostile_credentials(backend).await;
    }
}

async fn hostile_credentials(backend: Backend) {
    let Some((app, _tokens, _target)) = arranged(backend).await else {
        return;
    };
    let body = organisation("Via a hostile header").to_string();
    let form = "username=someone&password=wrong-password&csrf=x";
    let targets: [(Method, &str, &str, &str); 9] = [
        (Method::GET, "/api/v1/organisations", "", ""),
        (Method::GET, "/api/v1/search?q=museum", "", ""),
        (
            Method::POST,
            "/api/v1/organisations",
            "application/json",
            &body,
        ),
        (Method::GET, "/", "", ""),
        (Method::GET, "/login", "", ""),
        (
            Method::POST,
            "/login",
            "application/x-www-form-urlencoded",
            form,
        ),
        (
            Method::POST,
            "/logout",
            "application/x-www-form-urlencoded",
            "csrf=x",
        ),
        (Method::GET, "/account", "", ""),
        (Method::GET, "/admin", "", ""),
    ];
    let strategy = (
        prop::collection::vec(authorization(), 0..3),
        prop::option::of(cookie()),
        any::<bool>(),
        0..targets.len(),
    );
    for (authorizations, cookie, foreign, t) in cases(strategy) {
        let (method, path, content_type, body) = &targets[t];
        let mut builder = Request::builder().method(method.clone()).uri(*path);
        for value in &authorizations {
            builder = builder.header(header::AUTHORIZATION, header_value(value));
        }
        if let Some(value) = &cookie {
            builder = builder.header(header::COOKIE, header_value(value));
        }
        if foreign {
            builder = builder.header(header::ORIGIN, "https://elsewhere.example");
        }
        if !content_type.is_empty() {
            builder = builder.header(header::CONTENT_TYPE, *content_type);
        }
        let request = builder.body(Body::from(body.to_string())).unwrap();
        let response = app.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let text = response.into_body().collect().await.unwrap().to_bytes();
        assert!(
            !status.is_server_error(),
            "{backend:?}: {method} {path} with Authorization {authorizations:?} and Cookie {cookie:?}: {}",
            String::from_utf8_lossy(&text)
        );
    }
}

fn header_value(bytes: &[u8]) -> HeaderValue {
    HeaderValue::from_bytes(bytes)
        .unwrap_or_else(|e| panic!("the strategy made an invalid header value {bytes:?}: {e}"))
}
