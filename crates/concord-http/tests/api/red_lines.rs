//! Red lines as records: admins write them (with a history), a rule needs a condition and
//! known terms, and a named organisation must exist.

use serde_json::json;

use crate::support::{TestApp, organisation, partnership};

#[tokio::test]
async fn admins_write_red_lines_and_each_needs_a_condition() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let member = app.member().await;
    let line = json!({"name": "Business at global level", "then": "escalate",
        "when": {"organisation_kind": "company", "level": "global"},
        "message": "A legal review first"});
    let before = app.head().await;
    app.post_json("/api/v1/red-lines", &line, Some(&member))
        .await
        .problem(403);
    let mut empty = line.clone();
    empty["when"] = json!({});
    let r = app
        .post_json("/api/v1/red-lines", &empty, Some(&admin))
        .await;
    assert_eq!(r.problem(422), ["when"]);
    let mut unknown = line.clone();
    unknown["when"]["organisation"] = json!(concord_store::new_id());
    let r = app
        .post_json("/api/v1/red-lines", &unknown, Some(&admin))
        .await;
    assert_eq!(r.problem(422), ["when.organisation"]);
    assert_eq!(app.head().await, before, "refused red lines wrote nothing");

    let (_, _, acme) = app
        .create("organisations", &organisation("Acme Oil"), &admin)
        .await;
    let mut named = line.clone();
    named["when"] = json!({"organisation": acme["id"]});
    named["then"] = json!("block");
    let (path, rev, body) = app.create("red-lines", &named, &admin).await;
    assert_eq!(body["then"], "block");
    let r = app
        .patch_json(
            &path,
            &json!({"message": "Excluded since 2024"}),
            Some(&admin),
            rev,
        )
        .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    let history = app.get_json(&format!("{path}/history"), None).await.json;
    assert_eq!(history["items"].as_array().unwrap().len(), 2);
}

/// A chapter, a company and a museum, created by the admin: their ids.
async fn chapter_company_museum(app: &TestApp, admin: &str) -> (String, String, String) {
    let mut chapter = organisation("Wikimedia Nederland");
    chapter["movement_entity"] = json!({"kind": "chapter", "countries": ["NL"]});
    let mut company = organisation("Acme Oil");
    company["kind"] = json!("company");
    let mut ids = Vec::new();
    for body in [chapter, company, organisation("Rijksmuseum")] {
        let (_, _, created) = app.create("organisations", &body, admin).await;
        ids.push(created["id"].as_str().unwrap().to_owned());
    }
    (ids[0].clone(), ids[1].clone(), ids[2].clone())
}

/// A global partnership led by `chapter` with `partners`, created by `token`: path, revision.
async fn global_partnership(
    app: &TestApp,
    token: &str,
    chapter: &str,
    partners: &[&str],
) -> (String, i64) {
    let mut parties = vec![json!({"organisation": chapter, "role": "lead"})];
    parties.extend(
        partners
            .iter()
            .map(|p| json!({"organisation": p, "role": "partner"})),
    );
    let mut body = partnership("Sponsored edit-a-thons");
    body["level"] = json!("global");
    body["parties"] = json!(parties);
    let (path, rev, _) = app.create("partnerships", &body, token).await;
    (path, rev)
}

/// `POST` to `path` with `If-Match` and an optional JSON body.
async fn post_at(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    rev: i64,
    body: Option<serde_json::Value>,
) -> concord_testapp::TestResponse {
    let req = app
        .request(axum::http::Method::POST, path)
        .token(token)
        .if_match(rev);
    match body {
        Some(body) => req.json(&body).send().await,
        None => req.send().await,
    }
}

/// `POST …/transitions`.
async fn step(
    app: &TestApp,
    path: &str,
    token: &str,
    rev: i64,
    transition: &str,
) -> concord_testapp::TestResponse {
    let body = json!({"transition": transition, "reason": "next"});
    post_at(
        app,
        &format!("{path}/transitions"),
        Some(token),
        rev,
        Some(body),
    )
    .await
}

/// The `problem` slugs of a refusal.
fn problems(r: &concord_testapp::TestResponse) -> Vec<&str> {
    let errors = r.json["errors"].as_array().unwrap();
    errors
        .iter()
        .map(|e| e["problem"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn proposing_runs_the_check_and_an_approver_clears_the_escalation_with_a_reason() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let (chapter, acme, museum) = chapter_company_museum(&app, &admin).await;
    let line = json!({"name": "Business at global level", "then": "escalate",
        "when": {"organisation_kind": "company", "level": "global"},
        "message": "A legal review first"});
    let (_, _, line) = app.create("red-lines", &line, &admin).await;
    let (path, rev) = global_partnership(&app, &admin, &chapter, &[&acme]).await;

    // An idea has no stored check; today's rules would escalate.
    let report = app.get_json(&format!("{path}/red-lines"), None).await.json;
    assert_eq!(report["stored"], serde_json::Value::Null);
    assert_eq!(report["now"]["outcome"], "escalate");
    assert_eq!(report["now"]["fired"][0]["rule"], line["id"]);
    assert_eq!(report["now"]["fired"][0]["message"], "A legal review first");
    assert_eq!(report["now"]["fired"][0]["organisation"], acme.as_str());
    assert_eq!(report["current"], false);

    // Proposing stores it, in the step's own revision.
    let r = step(&app, &path, &admin, rev, "propose").await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    assert_eq!(r.json["red_lines"]["outcome"], "escalate");
    assert_eq!(r.json["red_lines"]["fired"][0]["rule"], line["id"]);
    let r = step(&app, &path, &admin, r.etag(), "assess").await;
    let assessing = r.etag();
    let r = step(&app, &path, &admin, assessing, "request_approval").await;
    assert_eq!(problems(&r), ["assessment", "red_lines"]);
    let report = app.get_json(&format!("{path}/red-lines"), None).await.json;
    assert_eq!(report["current"], true);

    // Clearing is an approver's or an admin's decision, with a reason.
    let clearance = format!("{path}/red-lines/clearance");
    let reason = json!({"reason": "  Legal reviewed the sponsorship terms  "});
    let member = app.member().await;
    let steward = app
        .token(
            "steward",
            vec![concord_domain::Role::Steward(chapter.parse().unwrap())],
        )
        .await;
    let approver = app
        .token("approver", vec![concord_domain::Role::Approver])
        .await;
    let before = app.head().await;
    post_at(&app, &clearance, None, assessing, Some(reason.clone()))
        .await
        .problem(401);
    for token in [&member, &steward] {
        post_at(
            &app,
            &clearance,
            Some(token),
            assessing,
            Some(reason.clone()),
        )
        .await
        .problem(403);
    }
    let blank = json!({"reason": " "});
    let r = post_at(&app, &clearance, Some(&approver), assessing, Some(blank)).await;
    assert_eq!(r.problem(422), ["reason"]);
    assert_eq!(app.head().await, before, "refused clearances wrote nothing");
    let r = post_at(
        &app,
        &clearance,
        Some(&approver),
        assessing,
        Some(reason.clone()),
    )
    .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    assert_eq!(r.json["red_lines"]["outcome"], "cleared");
    assert_eq!(r.json["red_lines"]["cleared"]["by"], "token:approver");
    assert_eq!(
        r.json["red_lines"]["cleared"]["reason"],
        "Legal reviewed the sponsorship terms"
    );
    let cleared = r.etag();
    let history = app.get_json(&format!("{path}/history"), None).await.json;
    assert_eq!(history["items"][0]["action"], "decision");
    assert_eq!(
        history["items"][0]["summary"],
        "Legal reviewed the sponsorship terms"
    );
    assert_eq!(history["items"][0]["author"], "token:approver");
    let r = post_at(
        &app,
        &clearance,
        Some(&approver),
        cleared,
        Some(reason.clone()),
    )
    .await;
    r.problem(409);
    let r = step(&app, &path, &admin, cleared, "request_approval").await;
    assert_eq!(problems(&r), ["assessment"], "the red lines are met now");

    // An edit that leaves the parties alone keeps the clearance; another company brings the
    // escalation back, uncleared; the company leaving makes it pass.
    let summary = json!({"summary": {"en": "Three edit-a-thons"}});
    let r = app.patch_json(&path, &summary, Some(&admin), cleared).await;
    assert_eq!(r.json["red_lines"]["outcome"], "cleared", "{}", r.text);
    let mut other = organisation("Globex");
    other["kind"] = json!("company");
    let (_, _, globex) = app.create("organisations", &other, &admin).await;
    let parties = json!({"parties": [
        {"organisation": chapter, "role": "lead"},
        {"organisation": acme, "role": "partner"},
        {"organisation": globex["id"], "role": "partner"},
    ]});
    let r = app
        .patch_json(&path, &parties, Some(&admin), r.etag())
        .await;
    assert_eq!(r.json["red_lines"]["outcome"], "escalate", "{}", r.text);
    assert_eq!(r.json["red_lines"]["fired"].as_array().unwrap().len(), 2);
    assert!(r.json["red_lines"].get("cleared").is_none());
    let parties = json!({"parties": [
        {"organisation": chapter, "role": "lead"},
        {"organisation": museum, "role": "partner"},
    ]});
    let r = app
        .patch_json(&path, &parties, Some(&admin), r.etag())
        .await;
    assert_eq!(r.json["red_lines"]["outcome"], "pass", "{}", r.text);

    // Only the workflow writes the check: not a create, a replacement or a patch.
    let mut body = r.json.clone();
    body["red_lines"]["outcome"] = json!("cleared");
    let latest = r.etag();
    let r = app.put_json(&path, &body, Some(&admin), latest).await;
    assert_eq!(r.problem(422), ["red_lines"]);
    let r = app
        .patch_json(&path, &json!({"red_lines": null}), Some(&admin), latest)
        .await;
    assert_eq!(r.problem(422), ["red_lines"]);
    let mut new = partnership("Another");
    new["red_lines"] = json!({"outcome": "pass", "fired": []});
    let r = app
        .post_json("/api/v1/partnerships", &new, Some(&admin))
        .await;
    assert_eq!(r.problem(422), ["red_lines"]);
}

#[tokio::test]
async fn a_block_is_not_cleared_and_a_rule_added_later_is_run_on_request() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let (chapter, acme, _) = chapter_company_museum(&app, &admin).await;
    let (path, rev) = global_partnership(&app, &admin, &chapter, &[&acme]).await;
    let r = step(&app, &path, &admin, rev, "propose").await;
    assert_eq!(r.json["red_lines"]["outcome"], "pass", "{}", r.text);
    let proposed = r.etag();
    let run = format!("{path}/red-lines");
    let r = post_at(&app, &run, Some(&admin), proposed, None).await;
    r.problem(409);

    // An admin excludes the company afterwards: the stored check is not today's any more.
    let block = json!({"name": "Acme Oil is excluded", "then": "block",
        "when": {"organisation": acme}, "message": "Excluded by the board in 2024"});
    app.create("red-lines", &block, &admin).await;
    let report = app.get_json(&run, None).await.json;
    assert_eq!(report["stored"]["outcome"], "pass");
    assert_eq!(report["now"]["outcome"], "block");
    assert_eq!(report["current"], false);
    let member = app.member().await;
    post_at(&app, &run, Some(&member), proposed, None)
        .await
        .problem(403);
    post_at(&app, &run, Some(&admin), proposed + 100, None)
        .await
        .problem(412);
    let r = post_at(&app, &run, Some(&admin), proposed, None).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    assert_eq!(r.json["red_lines"]["outcome"], "block");
    let history = app.get_json(&format!("{path}/history"), None).await.json;
    assert_eq!(
        history["items"][0]["summary"],
        "red-line check run again: block"
    );
    let blocked = r.etag();
    let clearance = format!("{path}/red-lines/clearance");
    let reason = json!({"reason": "We want it anyway"});
    let r = post_at(&app, &clearance, Some(&admin), blocked, Some(reason)).await;
    r.problem(409);
    assert!(
        r.json["detail"].as_str().unwrap().contains("block"),
        "{}",
        r.text
    );
    let r = step(&app, &path, &admin, blocked, "assess").await;
    let r = step(&app, &path, &admin, r.etag(), "request_approval").await;
    assert_eq!(problems(&r), ["assessment", "red_lines"]);
    app.get_json(
        &format!("/api/v1/partnerships/{}/red-lines", concord_store::new_id()),
        None,
    )
    .await
    .problem(404);
}
