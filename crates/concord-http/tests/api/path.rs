//! The workflow end to end through the API: an idea led by a chapter with a company as
//! partner is proposed (the red-line check escalates), an approver clears the escalation, two
//! people assess it independently and see where they differ, approval is requested from the
//! policy in force, a veto with its reason stands until withdrawn, and the partnership is
//! approved and then activated. Every step is a revision naming who and why.

use axum::http::Method;
use concord_domain::{OrganisationId, Role};
use serde_json::{Value, json};

use crate::support::{TestApp, organisation, partnership};

/// `POST` to `path` with `If-Match` and `body`.
async fn post(
    app: &TestApp,
    path: &str,
    token: &str,
    rev: i64,
    body: Value,
) -> concord_testapp::TestResponse {
    app.request(Method::POST, path)
        .token(Some(token))
        .if_match(rev)
        .json(&body)
        .send()
        .await
}

/// Answers every question of the default scorecard with `value` (yes for `exit` when ≥ 3),
/// but `reputation` with `reputation`.
fn answers(value: u8, reputation: u8) -> Value {
    let keys = [
        "why",
        "who",
        "values_alignment",
        "value_exchange",
        "resources",
        "reputation",
        "obligations",
    ];
    let mut list: Vec<Value> = keys
        .iter()
        .map(|k| {
            let v = if *k == "reputation" {
                reputation
            } else {
                value
            };
            json!({"question": k, "value": v})
        })
        .collect();
    list.push(json!({"question": "exit", "value": u8::from(value >= 3), "note": "a fair way out"}));
    json!({"answers": list})
}

#[tokio::test]
async fn an_idea_is_proposed_cleared_assessed_vetoed_and_approved() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let mut chapter = organisation("Wikimedia Nederland");
    chapter["movement_entity"] = json!({"kind": "chapter", "countries": ["NL"]});
    let (_, _, chapter) = app.create("organisations", &chapter, &admin).await;
    let mut company = organisation("Acme Oil");
    company["kind"] = json!("company");
    let (_, _, company) = app.create("organisations", &company, &admin).await;
    let chapter_id: OrganisationId = chapter["id"]
        .as_str()
        .unwrap()
        .parse()
        .map(OrganisationId)
        .unwrap();
    let (_, steward) = app
        .account_with_token("steward", vec![Role::Steward(chapter_id)])
        .await;
    let (_, partner_side) = app.account_with_token("liaison", vec![Role::Admin]).await;
    let (board_id, board) = app.account_with_token("board", vec![Role::Approver]).await;
    let (legal_id, legal) = app.account_with_token("legal", vec![Role::Approver]).await;
    let line = json!({"name": "Business at global level", "then": "escalate",
        "when": {"organisation_kind": "company", "level": "global"},
        "message": "A legal review first"});
    app.create("red-lines", &line, &admin).await;
    let policy = json!({"name": "Global partnerships", "when": {"level": "global"},
        "approvers": [board_id], "veto_holders": [legal_id]});
    app.create("approval-policies", &policy, &admin).await;

    let mut body = partnership("Sponsored edit-a-thons");
    body["level"] = json!("global");
    body["parties"] = json!([
        {"organisation": chapter["id"], "role": "lead"},
        {"organisation": company["id"], "role": "partner"},
    ]);
    let (path, rev, _) = app.create("partnerships", &body, &steward).await;
    let step = |transition: &str, reason: &str| json!({"transition": transition, "reason": reason});
    let transitions = format!("{path}/transitions");

    // Proposed: the red-line check escalates; an approver clears it with a reason.
    let r = post(
        &app,
        &transitions,
        &steward,
        rev,
        step("propose", "The chapter leads"),
    )
    .await;
    assert_eq!(r.json["red_lines"]["outcome"], "escalate", "{}", r.text);
    let r = post(
        &app,
        &transitions,
        &steward,
        r.etag(),
        step("assess", "Let us assess it"),
    )
    .await;
    assert_eq!(r.json["status"], "assessing", "{}", r.text);
    let clearance = format!("{path}/red-lines/clearance");
    let r = post(
        &app,
        &clearance,
        &legal,
        r.etag(),
        json!({"reason": "Legal reviewed the terms"}),
    )
    .await;
    assert_eq!(r.json["red_lines"]["outcome"], "cleared", "{}", r.text);

    // Assessed by two people, each on their own; they differ on the risk to reputation.
    let assessment = format!("{path}/assessment");
    let r = post(
        &app,
        &transitions,
        &steward,
        r.etag(),
        step("request_approval", "go"),
    )
    .await;
    assert_eq!(r.json["errors"][0]["problem"], "assessment", "{}", r.text);
    let rev = app.get_json(&path, None).await.etag();
    let r = post(&app, &assessment, &steward, rev, answers(4, 5)).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    let r = post(&app, &assessment, &partner_side, r.etag(), answers(4, 2)).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    let view = app.get_json(&assessment, None).await.json;
    assert_eq!(view["responses"].as_array().unwrap().len(), 2);
    assert_eq!(
        view["differences"],
        json!([{"question": "reputation", "low": 2, "high": 5}])
    );
    assert_eq!(view["recommendation"], "go_ahead", "{view}");

    // Approval from the policy in force; a veto with its reason, withdrawn; approved; active.
    let r = post(
        &app,
        &transitions,
        &steward,
        r.etag(),
        step("request_approval", "Assessed"),
    )
    .await;
    assert_eq!(r.json["status"], "awaiting_approval", "{}", r.text);
    assert_eq!(r.json["approval"]["approvers"], json!([board_id]));
    let decisions = format!("{path}/decisions");
    let r = post(
        &app,
        &decisions,
        &board,
        r.etag(),
        json!({"verdict": "approve"}),
    )
    .await;
    let r = post(
        &app,
        &decisions,
        &legal,
        r.etag(),
        json!({"verdict": "veto", "rationale": "Sponsorship terms unclear"}),
    )
    .await;
    let r2 = post(
        &app,
        &transitions,
        &steward,
        r.etag(),
        step("approve", "go"),
    )
    .await;
    assert_eq!(r2.json["errors"][0]["problem"], "no_veto", "{}", r2.text);
    let r = post(
        &app,
        &decisions,
        &legal,
        r.etag(),
        json!({"verdict": "withdraw", "rationale": "Terms clarified"}),
    )
    .await;
    let r = post(
        &app,
        &transitions,
        &steward,
        r.etag(),
        step("approve", "Approved by the board"),
    )
    .await;
    assert_eq!(r.json["status"], "approved", "{}", r.text);
    let terms = json!({"instrument": "mou", "obligations": [{"party": company["id"],
        "description": "Host the events", "due": "2027-06-30"}]});
    let r = app
        .patch_json(&path, &terms, Some(&steward), r.etag())
        .await;
    let r = post(
        &app,
        &transitions,
        &steward,
        r.etag(),
        step("activate", "Signed"),
    )
    .await;
    assert_eq!(r.json["status"], "active", "{}", r.text);

    // Every step is in the history, with who and why.
    let history = app
        .get_json(&format!("{path}/history?limit=50"), None)
        .await
        .json;
    let summaries: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["summary"].as_str().unwrap())
        .collect();
    for expected in [
        "The chapter leads",
        "Legal reviewed the terms",
        "answered the assessment",
        "veto: Sponsorship terms unclear",
        "withdraw: Terms clarified",
        "Approved by the board",
        "Signed",
    ] {
        assert!(summaries.contains(&expected), "{expected} in {summaries:?}");
    }
}

#[tokio::test]
async fn an_assessment_is_answered_by_people_who_may_act_while_it_is_assessed() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let (path, rev, _) = app
        .create("partnerships", &partnership("Open collections"), &admin)
        .await;
    let assessment = format!("{path}/assessment");
    let view = app.get_json(&assessment, None).await.json;
    assert_eq!(view["started"], false);
    let (_, person) = app.account_with_token("person", vec![Role::Admin]).await;
    let r = post(&app, &assessment, &person, rev, answers(3, 3)).await;
    r.problem(409);
    // The steps need a lead entity and a partner: imported as proposed, then assessed.
    let mut body = partnership("Scans");
    body["status"] = json!("proposed");
    let (path, rev, _) = app.import::<concord_domain::Partnership>(body).await;
    let r = post(
        &app,
        &format!("{path}/transitions"),
        &admin,
        rev,
        json!({"transition": "assess", "reason": "go"}),
    )
    .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    let rev = r.etag();
    let assessment = format!("{path}/assessment");
    let view = app.get_json(&assessment, None).await.json;
    assert_eq!(view["started"], true);
    assert_eq!(view["questions"].as_array().unwrap().len(), 8);
    assert_eq!(view["recommendation"], "incomplete");

    let before = app.head().await;
    let member = app.member().await;
    post(&app, &assessment, &member, rev, answers(3, 3))
        .await
        .problem(403);
    post(&app, &assessment, &admin, rev, answers(3, 3))
        .await
        .problem(403);
    let wrong = json!({"answers": [{"question": "why", "value": 9},
        {"question": "astrology", "value": 3}]});
    let r = post(&app, &assessment, &person, rev, wrong).await;
    assert_eq!(r.problem(422), ["answers[0].value", "answers[1].question"]);
    let r = post(
        &app,
        &assessment,
        &person,
        rev,
        json!({"answers": "all good"}),
    )
    .await;
    assert_eq!(r.problem(422), ["answers"]);
    assert_eq!(app.head().await, before, "refused answers wrote nothing");
    let r = post(&app, &assessment, &person, rev, answers(2, 2)).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    let r = post(&app, &assessment, &person, r.etag(), answers(5, 5)).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    let view = app.get_json(&assessment, None).await.json;
    assert_eq!(
        view["responses"].as_array().unwrap().len(),
        1,
        "answers replace the earlier ones"
    );
    assert_eq!(view["score"], 100);
    let r = app
        .patch_json(&path, &json!({"assessment": null}), Some(&admin), r.etag())
        .await;
    assert_eq!(r.problem(422), ["assessment"]);
}

#[tokio::test]
async fn the_newest_assessment_template_sets_the_questions_of_assessments_after_it() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let template = json!({"name": "Corporate partners", "questions": [
        {"key": "values", "text": "Shared values?", "scale": "one_to_five", "weight": 3, "required": true},
        {"key": "exit", "text": "A way out?", "scale": "yes_no", "weight": 1, "required": false},
    ]});
    let member = app.member().await;
    app.post_json("/api/v1/assessment-templates", &template, Some(&member))
        .await
        .problem(403);
    let mut twice = template.clone();
    twice["questions"][1]["key"] = json!("values");
    let r = app
        .post_json("/api/v1/assessment-templates", &twice, Some(&admin))
        .await;
    assert_eq!(r.problem(422), ["questions[1].key"]);
    app.create("assessment-templates", &template, &admin).await;
    let mut body = partnership("Scans");
    body["status"] = json!("proposed");
    let (path, rev, _) = app.import::<concord_domain::Partnership>(body).await;
    let r = post(
        &app,
        &format!("{path}/transitions"),
        &admin,
        rev,
        json!({"transition": "assess", "reason": "go"}),
    )
    .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    let view = app.get_json(&format!("{path}/assessment"), None).await.json;
    let keys: Vec<&str> = view["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["values", "exit"]);
    let (_, person) = app.account_with_token("person", vec![Role::Admin]).await;
    let answers = json!({"answers": [{"question": "values", "value": 4}]});
    let r = post(
        &app,
        &format!("{path}/assessment"),
        &person,
        r.etag(),
        answers,
    )
    .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    let view = app.get_json(&format!("{path}/assessment"), None).await.json;
    assert_eq!(
        view["responses"][0]["complete"], true,
        "the optional question may be left out"
    );
    assert_eq!(view["score"], 75);
}
