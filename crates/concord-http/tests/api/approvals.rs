//! Approvals: admins write policies naming accounts that may decide; the accounts an approval
//! names decide (approve, veto with a rationale, abstain, withdraw their veto), each decision a
//! revision kept in the partnership; the guards of `approve` follow the standing decisions.

use axum::http::Method;
use concord_domain::{Partnership, Role};
use serde_json::{Value, json};

use crate::support::{TestApp, partnership};

/// `POST …/decisions`.
async fn decide(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    rev: i64,
    verdict: &str,
    rationale: &str,
) -> concord_testapp::TestResponse {
    app.request(Method::POST, &format!("{path}/decisions"))
        .token(token)
        .if_match(rev)
        .json(&json!({"verdict": verdict, "rationale": rationale}))
        .send()
        .await
}

#[tokio::test]
async fn admins_write_policies_naming_accounts_that_may_decide() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let (board, _) = app.account_with_token("board", vec![Role::Approver]).await;
    let (plain, _) = app.account_with_token("plain", vec![Role::Member]).await;
    let policy = json!({"name": "Global partnerships", "when": {"level": "global"},
        "approvers": [board], "veto_holders": [board]});
    let member = app.member().await;
    app.post_json("/api/v1/approval-policies", &policy, Some(&member))
        .await
        .problem(403);
    let before = app.head().await;
    let mut nobody = policy.clone();
    nobody["approvers"] = json!([]);
    nobody["veto_holders"] = json!([]);
    let r = app
        .post_json("/api/v1/approval-policies", &nobody, Some(&admin))
        .await;
    assert_eq!(r.problem(422), ["approvers"]);
    let mut strangers = policy.clone();
    strangers["approvers"] = json!([plain, concord_store::new_id()]);
    let r = app
        .post_json("/api/v1/approval-policies", &strangers, Some(&admin))
        .await;
    assert_eq!(r.problem(422), ["approvers[0]", "approvers[1]"]);
    assert_eq!(app.head().await, before, "refused policies wrote nothing");
    let (path, _, body) = app.create("approval-policies", &policy, &admin).await;
    assert_eq!(body["approvers"], json!([board]));
    let history = app.get_json(&format!("{path}/history"), None).await.json;
    assert_eq!(history["items"].as_array().unwrap().len(), 1);
}

/// A partnership awaiting approval, as an import writes it, whose approval names `approvers`
/// and `vetoes`: its path and revision.
async fn awaiting(app: &TestApp, approvers: &[&Value], vetoes: &[&Value]) -> (String, i64) {
    let mut body = partnership("Sponsored edit-a-thons");
    body["status"] = json!("awaiting_approval");
    body["approval"] = json!({"policies": [], "approvers": approvers, "veto_holders": vetoes});
    let (path, rev, _) = app.import::<Partnership>(body).await;
    (path, rev)
}

#[tokio::test]
async fn a_veto_with_its_reason_stands_until_withdrawn_and_every_decision_is_kept() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let (board_id, board) = app.account_with_token("board", vec![Role::Approver]).await;
    let (legal_id, legal) = app.account_with_token("legal", vec![Role::Approver]).await;
    let (_, outsider) = app
        .account_with_token("outsider", vec![Role::Approver])
        .await;
    let (_, member) = app.account_with_token("member", vec![Role::Member]).await;
    let (board_v, legal_v) = (json!(board_id), json!(legal_id));
    let (path, rev) = awaiting(&app, &[&board_v], &[&legal_v]).await;

    let step = |rev: i64, transition: &'static str| {
        let app = &app;
        let admin = admin.clone();
        let path = path.clone();
        async move {
            app.request(Method::POST, &format!("{path}/transitions"))
                .token(Some(&admin))
                .if_match(rev)
                .json(&json!({"transition": transition, "reason": "next"}))
                .send()
                .await
        }
    };
    let r = step(rev, "approve").await;
    let unmet: Vec<&str> = r.json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["problem"].as_str().unwrap())
        .collect();
    assert_eq!(unmet, ["approvals"], "{}", r.text);

    let before = app.head().await;
    decide(&app, &path, None, rev, "approve", "")
        .await
        .problem(401);
    decide(&app, &path, Some(&member), rev, "approve", "")
        .await
        .problem(403);
    decide(&app, &path, Some(&outsider), rev, "approve", "")
        .await
        .problem(403);
    decide(&app, &path, Some(&board), rev, "veto", "no")
        .await
        .problem(403);
    let r = decide(&app, &path, Some(&legal), rev, "veto", "  ").await;
    assert_eq!(r.problem(422), ["rationale"]);
    decide(&app, &path, Some(&legal), rev, "withdraw", "")
        .await
        .problem(409);
    let r = decide(&app, &path, Some(&legal), rev, "overrule", "").await;
    assert_eq!(r.problem(422), ["verdict"]);
    decide(&app, &path, Some(&board), rev + 50, "approve", "")
        .await
        .problem(412);
    assert_eq!(app.head().await, before, "refused decisions wrote nothing");

    let r = decide(
        &app,
        &path,
        Some(&board),
        rev,
        "approve",
        "Fits the strategy",
    )
    .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    let r = decide(
        &app,
        &path,
        Some(&legal),
        r.etag(),
        "veto",
        "The sponsor's terms are unclear",
    )
    .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    let vetoed = r.etag();
    let r = step(vetoed, "approve").await;
    assert_eq!(r.json["errors"][0]["problem"], "no_veto", "{}", r.text);
    // Everyone who may see the partnership sees who vetoed and why.
    let seen = app.get_json(&path, None).await.json;
    let decisions = seen["approval"]["decisions"].as_array().unwrap();
    assert_eq!(decisions.len(), 2);
    assert_eq!(decisions[1]["name"], "legal");
    assert_eq!(decisions[1]["verdict"], "veto");
    assert_eq!(decisions[1]["rationale"], "The sponsor's terms are unclear");
    let history = app.get_json(&format!("{path}/history"), None).await.json;
    assert_eq!(history["items"][0]["action"], "decision");
    assert_eq!(
        history["items"][0]["summary"],
        "veto: The sponsor's terms are unclear"
    );
    assert_eq!(history["items"][0]["author"], "legal");

    let r = decide(
        &app,
        &path,
        Some(&legal),
        vetoed,
        "withdraw",
        "Terms clarified",
    )
    .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    let decisions = r.json["approval"]["decisions"].as_array().unwrap();
    assert_eq!(decisions.len(), 3, "the veto is kept beside its withdrawal");
    let r = step(r.etag(), "approve").await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    assert_eq!(r.json["status"], "approved");
    // Decisions are over once it left `awaiting_approval`.
    decide(&app, &path, Some(&board), r.etag(), "abstain", "")
        .await
        .problem(409);
    // The approval is the workflow's: no edit writes it.
    let r = app
        .patch_json(&path, &json!({"approval": null}), Some(&admin), r.etag())
        .await;
    assert_eq!(r.problem(422), ["approval"]);
}

#[tokio::test]
async fn a_token_without_an_account_cannot_decide() {
    let app = TestApp::new().await;
    let (board_id, _) = app.account_with_token("board", vec![Role::Approver]).await;
    let board_v = json!(board_id);
    let (path, rev) = awaiting(&app, &[&board_v], &[]).await;
    let approver = app.token("approver", vec![Role::Approver]).await;
    let r = decide(&app, &path, Some(&approver), rev, "approve", "").await;
    r.problem(403);
    assert!(
        r.json["detail"].as_str().unwrap().contains("accounts"),
        "{}",
        r.text
    );
}
