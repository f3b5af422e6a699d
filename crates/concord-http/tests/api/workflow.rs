//! A partnership's workflow: status only through transitions, guards named on refusal, each
//! step a revision with who and why, reverts that keep the status, renewal.

use axum::http::{Method, StatusCode, header};
use concord_domain::{Partnership, PartnershipId, PartnershipStatus, Role, Viewer};
use concord_store::{StoreExt, new_id};
use serde_json::{Value, json};

use crate::support::{TestApp, organisation, partnership};

/// A chapter (a movement entity) and a museum, created by the admin: their ids.
async fn chapter_and_museum(app: &TestApp, admin: &str) -> (String, String) {
    let mut chapter = organisation("Wikimedia Nederland");
    chapter["movement_entity"] = json!({"kind": "chapter", "countries": ["NL"]});
    let (_, _, chapter) = app.create("organisations", &chapter, admin).await;
    let (_, _, museum) = app
        .create("organisations", &organisation("Rijksmuseum"), admin)
        .await;
    let id = |v: &Value| v["id"].as_str().unwrap().to_owned();
    (id(&chapter), id(&museum))
}

/// `POST …/transitions` with `transition` and `reason`.
async fn step(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    rev: i64,
    transition: &str,
    reason: &str,
) -> concord_testapp::TestResponse {
    app.request(Method::POST, &format!("{path}/transitions"))
        .token(token)
        .if_match(rev)
        .json(&json!({"transition": transition, "reason": reason}))
        .send()
        .await
}

/// The `problem` slugs of a refusal's `errors`.
fn problems(r: &concord_testapp::TestResponse) -> Vec<String> {
    r.json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["problem"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn create_and_edit_cannot_set_the_status() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let before = app.head().await;
    let mut active = partnership("Open collections");
    active["status"] = json!("active");
    let r = app
        .post_json("/api/v1/partnerships", &active, Some(&admin))
        .await;
    assert_eq!(r.problem(422), ["status"]);
    assert!(
        r.json["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("transitions")
    );
    assert_eq!(app.head().await, before, "a refused create wrote nothing");

    let (path, rev, body) = app
        .create("partnerships", &partnership("Open collections"), &admin)
        .await;
    assert_eq!(body["status"], "idea");
    let mut proposed = body.clone();
    proposed["status"] = json!("proposed");
    let r = app.put_json(&path, &proposed, Some(&admin), rev).await;
    assert_eq!(r.problem(422), ["status"]);
    let r = app
        .patch_json(&path, &json!({"status": "active"}), Some(&admin), rev)
        .await;
    assert_eq!(r.problem(422), ["status"]);
    // A replacement that leaves the status out keeps it; one that repeats it is fine.
    let mut without = body.clone();
    without.as_object_mut().unwrap().remove("status");
    without["summary"] = json!({"en": "Scans"});
    let r = app.put_json(&path, &without, Some(&admin), rev).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["status"], "idea");
    let r = app.put_json(&path, &body, Some(&admin), r.etag()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

#[tokio::test]
async fn each_step_is_a_revision_naming_who_and_why_and_a_blocked_one_names_every_guard() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let (chapter, museum) = chapter_and_museum(&app, &admin).await;
    let (path, created, _) = app
        .create("partnerships", &partnership("Open collections"), &admin)
        .await;
    let rev = created;

    let next = app
        .get_json(&format!("{path}/transitions"), None)
        .await
        .json;
    assert_eq!(next["status"], "idea");
    assert_eq!(next["steps"][0]["transition"], "propose");
    assert_eq!(next["steps"][0]["to"], "proposed");
    assert_eq!(next["steps"][0]["ready"], false);
    let unmet: Vec<&str> = next["steps"][0]["unmet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["guard"].as_str().unwrap())
        .collect();
    assert_eq!(unmet, ["lead_entity", "partner"]);

    let before = app.head().await;
    let r = step(&app, &path, Some(&admin), rev, "propose", "ready").await;
    assert_eq!(r.problem(409), ["transition", "transition"]);
    assert_eq!(problems(&r), ["lead_entity", "partner"]);
    assert_eq!(r.json["type"], "urn:concord:problem:transition-blocked");
    assert_eq!(app.head().await, before, "a blocked step wrote nothing");

    // The museum as lead is not enough: the lead must be a movement entity.
    let parties = json!({"parties": [
        {"organisation": museum, "role": "lead"},
        {"organisation": chapter, "role": "partner"},
    ]});
    let rev = app
        .patch_json(&path, &parties, Some(&admin), rev)
        .await
        .etag();
    let r = step(&app, &path, Some(&admin), rev, "propose", "ready").await;
    assert_eq!(problems(&r), ["lead_entity"]);
    let parties = json!({"parties": [
        {"organisation": chapter, "role": "lead"},
        {"organisation": museum, "role": "partner"},
    ]});
    let rev = app
        .patch_json(&path, &parties, Some(&admin), rev)
        .await
        .etag();
    let next = app
        .get_json(&format!("{path}/transitions"), None)
        .await
        .json;
    assert_eq!(next["steps"][0]["ready"], true);

    let r = step(
        &app,
        &path,
        Some(&admin),
        rev,
        "propose",
        "  The chapter leads, the museum has the scans  ",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["status"], "proposed");
    let proposed = r.etag();
    assert!(proposed > rev);
    let history = app.get_json(&format!("{path}/history"), None).await.json;
    let top = &history["items"][0];
    assert_eq!(top["action"], "transition");
    assert_eq!(
        top["summary"],
        "The chapter leads, the museum has the scans"
    );
    assert_eq!(top["author"], "token:admin");

    // Not from here: the step leads from another status.
    let r = step(&app, &path, Some(&admin), proposed, "approve", "why not").await;
    assert_eq!(problems(&r), ["not_from_status"]);
    // No guard on starting the assessment; requesting approval needs an assessment, which
    // does not exist yet (the red-line check ran on proposal and passed: there are no rules).
    let r = step(&app, &path, Some(&admin), proposed, "assess", "go").await;
    assert_eq!(r.json["status"], "assessing", "{}", r.text);
    let assessing = r.etag();
    let r = step(
        &app,
        &path,
        Some(&admin),
        assessing,
        "request_approval",
        "go",
    )
    .await;
    assert_eq!(problems(&r), ["assessment"]);

    // A revert sets back the fields and keeps the status.
    let r = app
        .request(Method::POST, &format!("{path}/revert"))
        .token(Some(&admin))
        .if_match(assessing)
        .json(&json!({"revision": created}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["status"], "assessing");
    assert!(r.json.get("parties").is_none(), "{}", r.json);
}

#[tokio::test]
async fn a_step_needs_a_reason_the_latest_revision_and_a_steward() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let (path, rev, _) = app
        .create("partnerships", &partnership("Open collections"), &admin)
        .await;
    let before = app.head().await;
    let r = step(&app, &path, Some(&admin), rev, "assess", "   ").await;
    assert_eq!(r.problem(422), ["reason"]);
    let long = "x".repeat(2_001);
    let r = step(&app, &path, Some(&admin), rev, "assess", &long).await;
    assert_eq!(r.problem(422), ["reason"]);
    let r = app
        .request(Method::POST, &format!("{path}/transitions"))
        .token(Some(&admin))
        .json(&json!({"transition": "propose", "reason": "x"}))
        .send()
        .await;
    r.problem(428);
    let r = app
        .request(Method::POST, &format!("{path}/transitions"))
        .token(Some(&admin))
        .if_match(rev)
        .json(&json!({"transition": "leap", "reason": "x"}))
        .send()
        .await;
    assert_eq!(r.problem(422), ["transition"]);
    let r = step(&app, &path, Some(&admin), rev + 100, "propose", "x").await;
    r.problem(412);
    let r = step(&app, &path, None, rev, "propose", "x").await;
    r.problem(401);
    let member = app.member().await;
    let r = step(&app, &path, Some(&member), rev, "propose", "x").await;
    r.problem(403);
    let r = app
        .get_json(
            &format!("/api/v1/partnerships/{}/transitions", new_id()),
            None,
        )
        .await;
    r.problem(404);
    assert_eq!(app.head().await, before, "no refused step wrote anything");
}

#[tokio::test]
async fn a_hidden_partnership_has_no_steps_for_those_who_cannot_see_it() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let mut hidden = partnership("Confidential talks");
    hidden["visibility"] = json!("restricted");
    let (path, rev, _) = app.create("partnerships", &hidden, &admin).await;
    let member = app.member().await;
    for token in [None, Some(member.as_str())] {
        app.get_json(&format!("{path}/transitions"), token)
            .await
            .problem(404);
    }
    step(&app, &path, Some(&member), rev, "propose", "x")
        .await
        .problem(404);
    app.request(Method::POST, &format!("{path}/renewal"))
        .token(Some(&member))
        .send()
        .await
        .problem(404);
}

#[tokio::test]
async fn a_renewal_is_a_new_idea_linked_to_the_old_partnership() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let (chapter, museum) = chapter_and_museum(&app, &admin).await;
    let (idea, _, _) = app
        .create("partnerships", &partnership("Not yet"), &admin)
        .await;
    let r = app
        .request(Method::POST, &format!("{idea}/renewal"))
        .token(Some(&admin))
        .send()
        .await;
    r.problem(409);

    // An active partnership, as an import writes one (the workflow's steps to get there need
    // assessments and approvals).
    let id = PartnershipId(new_id());
    let body = json!({
        "id": id, "title": {"en": "Open collections 2025"}, "kind": "partnership",
        "status": "active", "instrument": "mou",
        "parties": [
            {"organisation": chapter, "role": "lead"},
            {"organisation": museum, "role": "partner"},
        ],
        "obligations": [{"party": museum, "description": "Scans", "due": "2025-06-30"}],
        "start_date": "2025-01-01",
    });
    let old: Partnership = serde_json::from_value(body).unwrap();
    app.store
        .create_record(&Viewer::system("import"), &old, "imported")
        .await
        .unwrap();
    let member = app.token("curator", vec![Role::Member]).await;
    let r = app
        .request(Method::POST, &format!("/api/v1/partnerships/{id}/renewal"))
        .token(Some(&member))
        .send()
        .await;
    r.problem(403);
    let r = app
        .request(Method::POST, &format!("/api/v1/partnerships/{id}/renewal"))
        .token(Some(&admin))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let location = r.headers[header::LOCATION].to_str().unwrap().to_owned();
    let new = app.get_json(&location, None).await.json;
    assert_eq!(new["renews"], id.to_string());
    assert_eq!(new["status"], "idea");
    assert_eq!(new["parties"], serde_json::to_value(&old.parties).unwrap());
    assert!(new.get("obligations").is_none() && new.get("start_date").is_none());
    let stored = app
        .store
        .get_record::<Partnership>(&Viewer::system("test"), id)
        .await
        .unwrap();
    assert_eq!(
        stored.record.status,
        PartnershipStatus::Active,
        "the old one is unchanged"
    );
}
