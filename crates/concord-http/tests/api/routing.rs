//! `GET /api/v1/routing`: the matrix and geography pick the entities that should lead, each
//! explaining itself; no match falls back to the Foundation; hidden entities are never named.

use serde_json::{Value, json};

use crate::support::{TestApp, organisation};

async fn entity(app: &TestApp, admin: &str, name: &str, country: &str, kind: &str) -> Value {
    let mut body = organisation(name);
    body["country"] = json!(country);
    body["movement_entity"] = json!({"kind": kind, "countries": [country]});
    app.create("organisations", &body, admin).await.2
}

fn names(r: &Value) -> Vec<&str> {
    r["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn routing_picks_the_countrys_entities_then_the_foundation_and_explains_why() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    entity(&app, &admin, "Wikimedia Foundation", "US", "foundation").await;
    let sverige = entity(&app, &admin, "Wikimedia Sverige", "SE", "chapter").await;
    app.create("organisations", &organisation("Nationalmuseum"), &admin)
        .await;
    let mut hidden = organisation("Wikimedians in Hiding");
    hidden["country"] = json!("SE");
    hidden["visibility"] = json!("restricted");
    hidden["movement_entity"] = json!({"kind": "user_group", "countries": ["SE"]});
    app.create("organisations", &hidden, &admin).await;

    let r = app
        .get_json(
            "/api/v1/routing?area=content_glam&level=national&country=SE",
            None,
        )
        .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    assert_eq!(r.json["level"], "national");
    assert_eq!(
        names(&r.json),
        ["Wikimedia Sverige", "Wikimedia Foundation"]
    );
    let first = &r.json["candidates"][0];
    assert_eq!(first["organisation"], sverige["id"]);
    assert_eq!(
        first["explanation"],
        "routed to Wikimedia Sverige: national, Content / GLAM, country SE"
    );
    assert_eq!(
        first["reasons"][2],
        json!({"reason": "country", "value": "SE"})
    );
    assert!(!r.text.contains("Hiding"), "a hidden entity is never named");
    let r = app
        .get_json(
            "/api/v1/routing?area=content_glam&level=national&country=SE",
            Some(&admin),
        )
        .await;
    assert_eq!(
        names(&r.json),
        [
            "Wikimedia Sverige",
            "Wikimedians in Hiding",
            "Wikimedia Foundation"
        ]
    );

    let tech = app
        .get_json("/api/v1/routing?area=technology&country=SE", None)
        .await;
    assert_eq!(names(&tech.json), ["Wikimedia Foundation"]);
    let none = app
        .get_json("/api/v1/routing?area=education&country=BR", None)
        .await;
    assert_eq!(names(&none.json), ["Wikimedia Foundation"]);
    assert_eq!(
        none.json["candidates"][0]["reasons"],
        json!([{"reason": "fallback"}])
    );
    let global = app.get_json("/api/v1/routing?area=business", None).await;
    assert_eq!(global.json["level"], "global");
}

#[tokio::test]
async fn bad_routing_parameters_are_400s_naming_them() {
    let app = TestApp::new().await;
    for (query, field) in [
        ("", "area"),
        ("?area=astrology", "area"),
        ("?area=business&level=planetary", "level"),
        ("?area=business&country=se", "country"),
        ("?area=business&country=ZZ", "country"),
        ("?area=business&area=business", "area"),
        ("?area=business&colour=red", "colour"),
    ] {
        let r = app.get_json(&format!("/api/v1/routing{query}"), None).await;
        assert_eq!(r.problem(400), [field], "{query}");
    }
}

#[tokio::test]
async fn an_admins_routing_rule_replaces_its_cell_and_no_one_else_may_write_one() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    entity(&app, &admin, "Wikimedia Foundation", "US", "foundation").await;
    let sverige = entity(&app, &admin, "Wikimedia Sverige", "SE", "chapter").await;
    let url = "/api/v1/routing?area=technology&level=national&country=SE";
    assert_eq!(
        names(&app.get_json(url, None).await.json),
        ["Wikimedia Foundation"]
    );

    let rule = json!({"name": "Technology with the chapters", "area": "technology",
        "level": "national", "leads": ["chapter", "foundation"]});
    let steward = app
        .token(
            "steward",
            vec![
                concord_domain::Role::Member,
                concord_domain::Role::Steward(sverige["id"].as_str().unwrap().parse().unwrap()),
            ],
        )
        .await;
    let before = app.head().await;
    app.post_json("/api/v1/routing-rules", &rule, Some(&steward))
        .await
        .problem(403);
    assert_eq!(app.head().await, before, "a refused rule wrote nothing");
    let mut bad = rule.clone();
    bad["leads"] = json!(["chapter", "guild"]);
    let r = app
        .post_json("/api/v1/routing-rules", &bad, Some(&admin))
        .await;
    assert_eq!(r.problem(422), ["leads[1]"]);

    let (path, rev, _) = app.create("routing-rules", &rule, &admin).await;
    assert_eq!(
        names(&app.get_json(url, None).await.json),
        ["Wikimedia Sverige", "Wikimedia Foundation"]
    );
    let history = app.get_json(&format!("{path}/history"), None).await;
    assert_eq!(history.json["items"][0]["action"], "create");
    // Deleting the rule brings the default back.
    app.delete(&path, Some(&admin), rev).await;
    assert_eq!(
        names(&app.get_json(url, None).await.json),
        ["Wikimedia Foundation"]
    );
}
