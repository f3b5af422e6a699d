//! Random bodies and query strings never produce a 5xx (nor a panic); hostile query strings,
//! paths and credentials in [`requests`], made by the strategies in [`hostile`].

mod hostile;
mod requests;

use axum::http::Method;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;

use crate::support::TestApp;

/// `PROPTEST_CASES` values of `strategy` (256 by default), drawn up front because the requests
/// they drive are async. Not shrunk: the assertion messages carry the whole input.
fn cases<S: Strategy>(strategy: S) -> Vec<S::Value> {
    let config = Config::default();
    let wanted = config.cases;
    let mut runner = TestRunner::new(config);
    (0..wanted)
        .map(|_| strategy.new_tree(&mut runner).map(|t| t.current()))
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[a-z_]{0,8}".prop_map(Value::from),
        prop_oneof![
            Just("museum"),
            Just("SE"),
            Just("public"),
            Just("restricted")
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        let keys = prop_oneof![
            Just("name".to_owned()),
            Just("kind".to_owned()),
            Just("title".to_owned()),
            Just("visibility".to_owned()),
            Just("parties".to_owned()),
            Just("id".to_owned()),
            "[a-z]{1,6}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(keys, inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn query_string() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        Just("q"),
        Just("limit"),
        Just("cursor"),
        Just("sort"),
        Just("kind"),
        Just("area"),
        Just("year"),
        Just("type"),
        Just("zzz"),
        Just("%ff"),
        Just(""),
    ];
    let value = "[ -~é]{0,12}".prop_map(|v| percent_encode(&v));
    prop::collection::vec((name, value), 0..5).prop_map(|pairs| {
        pairs
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    })
}

/// Percent-encodes every byte that is not an ASCII letter or digit.
fn percent_encode(v: &str) -> String {
    v.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn random_bodies_and_queries_never_produce_a_5xx() {
    let app = TestApp::new().await;
    let token = app.token("writer", vec![concord_domain::Role::Admin]).await;
    let admin = app.admin().await;
    let collections = [
        "organisations",
        "people",
        "partnerships",
        "needs",
        "glossary",
    ];
    let inputs = cases((json_value(), query_string(), 0..collections.len()));
    let (target, _, _) = app
        .create(
            "organisations",
            &crate::support::organisation("Target"),
            &token,
        )
        .await;
    for (body, query, k) in inputs {
        let base = format!("/api/v1/{}", collections[k]);
        let created = app.post_json(&base, &body, Some(&token)).await;
        assert!(
            !created.status.is_server_error(),
            "POST {base} {body}: {}",
            created.text
        );
        let listed = app.get_json(&format!("{base}?{query}"), None).await;
        assert!(
            !listed.status.is_server_error(),
            "GET {base}?{query}: {}",
            listed.text
        );
        let searched = app.get_json(&format!("/api/v1/search?{query}"), None).await;
        assert!(
            !searched.status.is_server_error(),
            "GET search?{query}: {}",
            searched.text
        );
        let raw = serde_json::to_vec(&body).unwrap();
        // An admin still sees the target when a patch made it restricted.
        let rev = app.get_json(&target, Some(&admin)).await.etag();
        let patched = app
            .request(Method::PATCH, &target)
            .token(Some(&admin))
            .if_match(rev)
            .raw("application/merge-patch+json", raw)
            .send()
            .await;
        assert!(
            !patched.status.is_server_error(),
            "PATCH {body}: {}",
            patched.text
        );
    }
}
