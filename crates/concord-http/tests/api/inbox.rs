//! The inbox: what waits for an account (its approvals and veto decisions, red-line
//! escalations for approvers and admins), only among the partnerships it may see.

use axum::http::Method;
use concord_domain::{Partnership, Role};
use serde_json::{Value, json};

use crate::support::{TestApp, partnership};

/// The inbox of `token`: `(partnership id, waiting)` pairs.
async fn waiting(app: &TestApp, token: &str) -> Vec<(String, Value)> {
    let r = app.get_json("/api/v1/inbox", Some(token)).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    let items = r.json["items"].as_array().unwrap();
    assert_eq!(r.json["count"], items.len());
    items
        .iter()
        .map(|i| {
            (
                i["partnership"].as_str().unwrap().to_owned(),
                i["waiting"].clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn approvals_vetoes_and_escalations_wait_for_those_who_may_act() {
    let app = TestApp::new().await;
    let (board_id, board) = app.account_with_token("board", vec![Role::Approver]).await;
    let (legal_id, legal) = app.account_with_token("legal", vec![Role::Approver]).await;
    let (_, member) = app.account_with_token("member", vec![Role::Member]).await;
    app.get_json("/api/v1/inbox", None).await.problem(401);
    let mut body = partnership("Sponsored edit-a-thons");
    body["status"] = json!("awaiting_approval");
    body["approval"] = json!({"approvers": [board_id], "veto_holders": [legal_id]});
    let (path, rev, awaiting) = app.import::<Partnership>(body.clone()).await;
    let id = awaiting["id"].as_str().unwrap().to_owned();
    let mut hidden = body.clone();
    hidden["title"] = json!({"en": "Confidential talks"});
    hidden["visibility"] = json!("restricted");
    app.import::<Partnership>(hidden).await;
    let mut escalated = partnership("A sponsor at global level");
    escalated["status"] = json!("assessing");
    escalated["red_lines"] = json!({"outcome": "escalate", "fired": []});
    let (_, _, escalated) = app.import::<Partnership>(escalated).await;
    let escalated = escalated["id"].as_str().unwrap().to_owned();

    assert_eq!(
        waiting(&app, &board).await,
        [
            (id.clone(), json!(["approval"])),
            (escalated.clone(), json!(["escalation"]))
        ]
        .into_iter()
        .rev()
        .collect::<Vec<_>>(),
        "newest first; the restricted one is not the board's to see"
    );
    assert!(
        waiting(&app, &legal)
            .await
            .contains(&(id.clone(), json!(["veto"]))),
    );
    assert!(waiting(&app, &member).await.is_empty());

    let r = app
        .request(Method::POST, &format!("{path}/decisions"))
        .token(Some(&board))
        .if_match(rev)
        .json(&json!({"verdict": "approve"}))
        .send()
        .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    assert_eq!(
        waiting(&app, &board).await,
        [(escalated, json!(["escalation"]))]
    );
}
