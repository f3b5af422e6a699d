//! Red lines as records: admins write them (with a history), a rule needs a condition and
//! known terms, and a named organisation must exist.

use serde_json::json;

use crate::support::{TestApp, organisation};

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
