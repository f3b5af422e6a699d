//! The whole path of issue #13 in a real browser, each step taken on the pages by the person
//! whose step it is: an organisation's inquiry arrives through the front door → is routed to
//! the chapter of its country → a steward accepts it → proposes the idea → the red-line
//! escalation is cleared → two people assess it → a veto with its reason → withdrawn → approved
//! → active. The rules (a red line, an approval policy) and the signed agreement's terms are
//! written through the API; their forms have tests of their own.

use concord_domain::{OrganisationId, Role};
use serde_json::{Value, json};

use crate::harness::{Browser, PASSWORD};

/// Submits the form `form` (a JavaScript expression) and waits for the page it leads to.
async fn submit(browser: &Browser, form: &str) {
    browser
        .eval(&format!(
            "window.concordBefore = true; ({form}).requestSubmit(); return true;"
        ))
        .await;
    for _ in 0..100 {
        let done = browser
            .eval(
                "return window.concordBefore === undefined && document.readyState === 'complete';",
            )
            .await;
        if done == Value::Bool(true) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("submitting {form} led nowhere");
}

/// Sets the field `id` to `value`.
async fn set(browser: &Browser, id: &str, value: &str) {
    let script = format!(
        "document.getElementById({}).value = {}; return true;",
        json!(id),
        json!(value)
    );
    browser.eval(&script).await;
}

/// The page's text.
async fn text(browser: &Browser) -> String {
    let found = browser.eval("return document.body.innerText;").await;
    found.as_str().unwrap().to_owned()
}

/// Takes the step `transition` with `reason` on the partnership page at `page`.
async fn step(browser: &Browser, page: &str, transition: &str, reason: &str) {
    browser.open(page).await;
    let field = format!("reason-{transition}");
    set(browser, &field, reason).await;
    submit(browser, &format!("document.getElementById('{field}').form")).await;
}

/// Decides `verdict` with `rationale` on the partnership page at `page`.
async fn decide(browser: &Browser, page: &str, verdict: &str, rationale: &str) {
    browser.open(page).await;
    browser
        .eval(&format!(
            "document.getElementById('verdict-{verdict}').checked = true; return true;"
        ))
        .await;
    set(browser, "decision-rationale", rationale).await;
    submit(
        browser,
        "document.getElementById('decision-rationale').form",
    )
    .await;
}

/// Answers every question of the assessment on the page at `page` with `value`, and the
/// question on the risk to reputation with `reputation`.
async fn assess(browser: &Browser, page: &str, value: u8, reputation: u8) {
    browser.open(page).await;
    browser
        .eval(&format!(
            "for (const s of document.querySelectorAll('select[name^=q-]')) {{
               const wanted = s.name === 'q-reputation' ? '{reputation}' : '{value}';
               s.value = [...s.options].some(o => o.value === wanted) ? wanted : '1';
             }}
             return true;"
        ))
        .await;
    submit(browser, "document.querySelector('select[name^=q-]').form").await;
}

#[tokio::test]
async fn an_inquiry_becomes_an_active_partnership_on_the_pages() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = &browser.app;
    let admin = app.token("path-admin", vec![Role::Admin]).await;
    let mut chapter = concord_testapp::organisation("Wikimedia Nederland");
    chapter["movement_entity"] = json!({"kind": "chapter", "countries": ["NL"]});
    let (_, _, chapter) = app.create("organisations", &chapter, &admin).await;
    let chapter_id = OrganisationId(chapter["id"].as_str().unwrap().parse().unwrap());
    let steward = [Role::Member, Role::Steward(chapter_id)];
    app.create_account("steward", PASSWORD, &steward).await;
    app.create_account("liaison", PASSWORD, &[Role::Admin])
        .await;
    let board = app
        .create_account("board", PASSWORD, &[Role::Approver])
        .await;
    let legal = app
        .create_account("legal", PASSWORD, &[Role::Approver])
        .await;
    let line = json!({"name": "Companies", "when": {"organisation_kind": "company"},
        "then": "escalate", "message": "A legal review first"});
    app.create("red-lines", &line, &admin).await;
    let policy = json!({"name": "GLAM partnerships", "when": {"area": "content_glam"},
        "approvers": [board.id], "veto_holders": [legal.id]});
    app.create("approval-policies", &policy, &admin).await;

    // A visitor sends the inquiry; it is routed to the chapter of the Netherlands.
    browser.open("/inquire").await;
    for (id, value) in [
        ("field-organisation", "Philips Museum"),
        ("field-country", "NL"),
        ("field-area", "content_glam"),
        (
            "field-wants",
            "Share our photo archive of early radios on Commons",
        ),
        ("field-contact_name", "Eva de Vries"),
        ("field-contact_email", "eva@example.org"),
    ] {
        set(&browser, id, value).await;
    }
    submit(&browser, "document.querySelector('form.concord-form')").await;
    let status = browser.eval("return location.pathname;").await;
    assert!(
        status.as_str().unwrap().starts_with("/inquiries/status/"),
        "{status}"
    );
    let seen = text(&browser).await;
    assert!(seen.contains("Wikimedia Nederland"), "{seen}");

    // The chapter's steward finds it in the inbox and accepts it as a company: an idea.
    browser.log_in_as("steward").await;
    browser.open("/inbox").await;
    let inquiry = browser
        .eval("return document.querySelector('a[href^=\"/inquiries/\"]').getAttribute('href');")
        .await;
    browser.open(inquiry.as_str().unwrap()).await;
    set(&browser, "inquiry-kind", "company").await;
    submit(&browser, "document.getElementById('inquiry-kind').form").await;
    let idea = browser.eval("return location.pathname;").await;
    let idea = idea.as_str().unwrap().to_owned();
    assert!(idea.starts_with("/partnerships/"), "{idea}");
    assert!(text(&browser).await.contains("Philips Museum"));

    // Proposed: the red line on companies escalates; the steward starts the assessment.
    step(&browser, &idea, "propose", "The chapter leads this").await;
    assert!(text(&browser).await.contains("A legal review first"));
    step(&browser, &idea, "assess", "Let us assess it").await;
    // Legal clears the escalation with a reason.
    browser.log_in_as("legal").await;
    browser.open(&idea).await;
    set(&browser, "clearance-reason", "Legal reviewed the terms").await;
    submit(&browser, "document.getElementById('clearance-reason').form").await;
    // Two people assess it, each on their own, and differ on the risk to reputation.
    browser.log_in_as("steward").await;
    assess(&browser, &idea, 4, 5).await;
    browser.log_in_as("liaison").await;
    assess(&browser, &idea, 4, 2).await;
    browser.open(&idea).await;
    assert!(
        browser
            .eval("return document.querySelectorAll('tr.concord-differs').length;")
            .await
            .as_u64()
            .unwrap()
            >= 1,
        "the page shows where they differ"
    );
    browser.log_in_as("steward").await;
    step(
        &browser,
        &idea,
        "request_approval",
        "Assessed by both sides",
    )
    .await;

    // The board approves; legal vetoes with its reason, which everyone sees, then withdraws.
    browser.log_in_as("board").await;
    decide(&browser, &idea, "approve", "").await;
    browser.log_in_as("legal").await;
    decide(&browser, &idea, "veto", "Sponsorship terms unclear").await;
    browser.log_in_as("steward").await;
    browser.open(&idea).await;
    assert!(text(&browser).await.contains("Sponsorship terms unclear"));
    browser.log_in_as("legal").await;
    decide(&browser, &idea, "withdraw", "Terms clarified").await;

    // Approved, the agreement signed and its terms entered, then active.
    browser.log_in_as("steward").await;
    step(&browser, &idea, "approve", "Approved by the board").await;
    let api = format!("/api/v1{idea}");
    let rev = app.get_json(&api, Some(&admin)).await.etag();
    let terms = json!({"instrument": "mou", "obligations": [{"party": chapter["id"],
        "description": "Upload the photos", "due": "2027-06-30"}]});
    let r = app.patch_json(&api, &terms, Some(&admin), rev).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    step(&browser, &idea, "activate", "Signed").await;

    let done = app.get_json(&api, Some(&admin)).await.json;
    assert_eq!(done["status"], "active", "{done}");
    assert_eq!(done["red_lines"]["outcome"], "cleared");
    let history = app
        .get_json(&format!("{api}/history?limit=50"), Some(&admin))
        .await
        .json;
    let summaries: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["summary"].as_str().unwrap())
        .collect();
    for expected in [
        "The chapter leads this",
        "Legal reviewed the terms",
        "veto: Sponsorship terms unclear",
        "withdraw: Terms clarified",
        "Approved by the board",
        "Signed",
    ] {
        assert!(summaries.contains(&expected), "{expected} in {summaries:?}");
    }
    browser.close().await;
}
