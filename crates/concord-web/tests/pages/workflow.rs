//! Pages: a partnership's next steps, with what each still needs in the reader's language; a
//! steward takes a step through a form with a reason (a revision naming who and why); a stale
//! form is a conflict and a blocked step changes nothing; an active partnership is renewed as
//! a new linked idea.

use axum::http::StatusCode;
use concord_domain::{Partnership, Role};
use serde_json::{Value, json};

use crate::records::{PASSWORD, page_path};
use crate::support::{Backend, TestApp, organisation, partnership};

on_both_backends!(
    the_next_steps_say_what_is_still_needed_in_the_readers_language,
    a_steward_proposes_with_a_reason_that_the_history_shows,
    a_stale_or_blocked_step_changes_nothing,
    an_active_partnership_is_renewed_as_a_new_idea,
    an_idea_shows_who_should_lead_and_why,
    an_admin_writes_a_routing_rule_on_its_form_and_the_ideas_page_follows_it,
    an_admin_writes_a_red_line_on_its_form,
    an_escalation_shows_on_the_page_and_an_approver_clears_it_on_its_form,
    an_excluded_organisation_shows_why_and_a_changed_rule_is_run_again,
    an_admin_names_approvers_on_the_policy_form,
    approvers_decide_on_the_page_and_everyone_sees_who_vetoed_and_why,
    two_people_answer_the_assessment_on_the_page_and_see_where_they_differ,
    the_header_counts_what_waits_and_the_inbox_lists_it,
    an_admin_writes_an_assessment_template_with_its_questions_as_rows,
);

/// A chapter and a company, and a global partnership of the two, with the red line
/// "business at global level escalates": the partnership's API path and revision, the company,
/// and the red line.
async fn a_company_at_global_level(app: &TestApp, admin: &str) -> (String, i64, Value, Value) {
    let mut chapter = organisation("Wikimedia Nederland");
    chapter["movement_entity"] = json!({"kind": "chapter", "countries": ["NL"]});
    let (_, _, chapter) = app.create("organisations", &chapter, admin).await;
    let mut company = organisation("Acme <Oil>");
    company["kind"] = json!("company");
    let (_, _, company) = app.create("organisations", &company, admin).await;
    let line = json!({"name": "Business at <global> level", "then": "escalate",
        "when": {"organisation_kind": "company", "level": "global"},
        "message": "A legal review & then go"});
    let (_, _, line) = app.create("red-lines", &line, admin).await;
    let mut body = partnership("Sponsored edit-a-thons");
    body["level"] = json!("global");
    body["parties"] = json!([
        {"organisation": chapter["id"], "role": "lead"},
        {"organisation": company["id"], "role": "partner"},
    ]);
    let (api, rev, _) = app.create("partnerships", &body, admin).await;
    (api, rev, company, line)
}

async fn an_escalation_shows_on_the_page_and_an_approver_clears_it_on_its_form(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let (api, rev, _, line) = a_company_at_global_level(&app, &admin).await;
    let path = page_path(&api);
    let idea = app.get_page(&path, None).await;
    assert!(
        idea.text.contains("runs when this idea is proposed"),
        "{}",
        idea.text
    );
    assert!(
        idea.text
            .contains("Escalated: a red line asks for a review")
    );
    assert!(idea.text.contains("Business at &#60;global&#62; level"));
    assert!(idea.text.contains("A legal review &#38; then go"));
    assert!(
        idea.text
            .contains(&format!("/red-lines/{}", line["id"].as_str().unwrap()))
    );
    assert!(
        idea.text.contains("Acme &#60;Oil&#62;"),
        "the partner it fired on"
    );

    let step = json!({"transition": "propose", "reason": "go"});
    let r = app
        .request(axum::http::Method::POST, &format!("{api}/transitions"))
        .token(Some(&admin))
        .if_match(rev)
        .json(&step)
        .send()
        .await;
    let proposed = r.etag();
    app.create_account("approver", PASSWORD, &[Role::Approver])
        .await;
    app.create_account("member", PASSWORD, &[Role::Member])
        .await;
    let member = app.login("member", PASSWORD).await;
    let form_action = format!(r#"action="{path}/red-lines/clearance""#);
    let page = app.get_page(&path, Some(&member)).await;
    assert!(!page.text.contains("runs when this idea is proposed"));
    assert!(!page.text.contains(&form_action), "a member cannot clear");
    let cookie = app.login("approver", PASSWORD).await;
    let page = app.get_page(&path, Some(&cookie)).await;
    assert!(page.text.contains(&form_action), "{}", page.text);

    let clearance = format!("{path}/red-lines/clearance");
    let stale = (proposed - 1).to_string();
    let form = [("base", stale.as_str()), ("reason", "Legal <ok>")];
    let r = app.post_form(&clearance, &form, Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    let base = proposed.to_string();
    let form = [("base", base.as_str()), ("reason", "Legal <ok>")];
    let r = app.post_form(&clearance, &form, Some(&member)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let r = app.post_form(&clearance, &form, Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(r.location(), path);
    let now = app.get_json(&api, None).await.json;
    assert_eq!(now["red_lines"]["outcome"], "cleared");
    let page = app.get_page(&path, None).await;
    assert!(
        page.text.contains("Escalated, then cleared"),
        "{}",
        page.text
    );
    assert!(
        page.text
            .contains("Cleared by approver: Legal &#60;ok&#62;")
    );
    let history = app.get_page(&format!("{path}/history"), None).await;
    assert!(history.text.contains("made a decision"), "{}", history.text);
    let swedish = app.get_page(&format!("{path}?uselang=sv"), None).await;
    assert!(
        !swedish.text.contains("Escalated, then cleared"),
        "translated"
    );
}

async fn an_excluded_organisation_shows_why_and_a_changed_rule_is_run_again(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let (api, rev, company, line) = a_company_at_global_level(&app, &admin).await;
    let path = page_path(&api);
    // The company's page names the red line on its kind; a block naming it comes first.
    let block = json!({"name": "Acme is excluded", "then": "block",
        "when": {"organisation": company["id"]}, "message": "Excluded by the board in 2024"});
    let company_page = page_path(&format!(
        "/api/v1/organisations/{}",
        company["id"].as_str().unwrap()
    ));
    // Today the kind rule is gone: the check passes on proposal.
    let line_path = format!("/api/v1/red-lines/{}", line["id"].as_str().unwrap());
    let line_rev = app.get_json(&line_path, None).await.etag();
    let r = app.delete(&line_path, Some(&admin), line_rev).await;
    assert_eq!(r.status.as_u16(), 204, "{}", r.text);
    let step = json!({"transition": "propose", "reason": "go"});
    let r = app
        .request(axum::http::Method::POST, &format!("{api}/transitions"))
        .token(Some(&admin))
        .if_match(rev)
        .json(&step)
        .send()
        .await;
    assert_eq!(r.json["red_lines"]["outcome"], "pass", "{}", r.text);
    let proposed = r.etag();
    app.create("red-lines", &block, &admin).await;
    let org = app.get_page(&company_page, None).await;
    assert!(org.text.contains("Acme is excluded"), "{}", org.text);
    assert!(org.text.contains("Excluded by the board in 2024"));

    // The partnership's check passed before the block: its page says the rules changed, and a
    // steward runs it again.
    app.create_account("steward", PASSWORD, &[Role::Admin])
        .await;
    let cookie = app.login("steward", PASSWORD).await;
    let page = app.get_page(&path, Some(&cookie)).await;
    assert!(
        page.text.contains("Passed: no red line applies."),
        "{}",
        page.text
    );
    assert!(
        page.text
            .contains("The red lines have changed since this check ran")
    );
    let base = proposed.to_string();
    let r = app
        .post_form(
            &format!("{path}/red-lines"),
            &[("base", base.as_str())],
            Some(&cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let page = app.get_page(&path, None).await;
    assert!(
        page.text.contains("Blocked: a red line forbids"),
        "{}",
        page.text
    );
    assert!(
        !page
            .text
            .contains("The red lines have changed since this check ran")
    );
}

/// A chapter and a museum, and a partnership naming the chapter as lead and the museum as
/// partner: its API path and revision.
async fn led_by_a_chapter(app: &TestApp, admin: &str) -> (String, i64, Value) {
    let mut chapter = organisation("Wikimedia Nederland");
    chapter["movement_entity"] = json!({"kind": "chapter", "countries": ["NL"]});
    let (_, _, chapter) = app.create("organisations", &chapter, admin).await;
    let (_, _, museum) = app
        .create("organisations", &organisation("Rijksmuseum"), admin)
        .await;
    let mut body = partnership("Open collections");
    body["parties"] = json!([
        {"organisation": chapter["id"], "role": "lead"},
        {"organisation": museum["id"], "role": "partner"},
    ]);
    let (api, rev, _) = app.create("partnerships", &body, admin).await;
    (api, rev, body)
}

async fn the_next_steps_say_what_is_still_needed_in_the_readers_language(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let (api, _, _) = app
        .create("partnerships", &partnership("Open collections"), &admin)
        .await;
    let path = page_path(&api);
    let page = app.get_page(&path, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("Next steps"), "{}", page.text);
    assert!(page.text.contains("Propose"));
    assert!(
        page.text
            .contains("Name a movement entity as a party with the role Lead.")
    );
    assert!(page.text.contains("Add a party from outside the movement."));
    assert!(
        !page
            .text
            .contains(&format!(r#"action="{path}/transitions""#)),
        "a visitor gets no form"
    );
    let german = app.get_page(&format!("{path}?uselang=de"), None).await;
    assert!(german.text.contains(r#"lang="de""#));
    assert!(
        !german
            .text
            .contains("Add a party from outside the movement."),
        "the guards are translated"
    );
}

async fn a_steward_proposes_with_a_reason_that_the_history_shows(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let (api, rev, _) = led_by_a_chapter(&app, &admin).await;
    let path = page_path(&api);
    app.create_account("steward", PASSWORD, &[Role::Admin])
        .await;
    let cookie = app.login("steward", PASSWORD).await;
    let page = app.get_page(&path, Some(&cookie)).await;
    assert!(
        page.text
            .contains(&format!(r#"action="{path}/transitions""#)),
        "{}",
        page.text
    );
    assert!(page.text.contains(r#"name="transition" value="propose""#));
    let base = rev.to_string();
    let form = [
        ("base", base.as_str()),
        ("transition", "propose"),
        ("reason", "The chapter <leads> the scans"),
    ];
    let r = app
        .post_form(&format!("{path}/transitions"), &form, Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(r.location(), path);
    let now = app.get_json(&api, None).await.json;
    assert_eq!(now["status"], "proposed");
    let page = app.get_page(&path, None).await;
    assert!(page.text.contains("Start the assessment"), "the next step");
    let history = app.get_page(&format!("{path}/history"), None).await;
    assert!(
        history.text.contains("took a workflow step"),
        "{}",
        history.text
    );
    assert!(
        history
            .text
            .contains("The chapter &#60;leads&#62; the scans")
    );
    assert!(history.text.contains("steward"));
}

async fn a_stale_or_blocked_step_changes_nothing(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let (api, rev, _) = led_by_a_chapter(&app, &admin).await;
    let path = page_path(&api);
    app.create_account("steward", PASSWORD, &[Role::Admin])
        .await;
    let cookie = app.login("steward", PASSWORD).await;
    let head = app.head().await;
    let stale = (rev - 1).to_string();
    let form = [
        ("base", stale.as_str()),
        ("transition", "propose"),
        ("reason", "x"),
    ];
    let r = app
        .post_form(&format!("{path}/transitions"), &form, Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    let base = rev.to_string();
    let form = [
        ("base", base.as_str()),
        ("transition", "activate"),
        ("reason", "x"),
    ];
    let r = app
        .post_form(&format!("{path}/transitions"), &form, Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert!(
        r.text
            .contains("the partnership&#39;s page lists what it still needs")
            || r.text
                .contains("the partnership's page lists what it still needs"),
        "{}",
        r.text
    );
    let form = [
        ("base", base.as_str()),
        ("transition", "propose"),
        ("reason", " "),
    ];
    let r = app
        .post_form(&format!("{path}/transitions"), &form, Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let form = [
        ("base", base.as_str()),
        ("transition", "propose"),
        ("reason", "x"),
    ];
    let r = app
        .post_form(&format!("{path}/transitions"), &form, None)
        .await;
    assert_ne!(r.status, StatusCode::SEE_OTHER, "a visitor takes no step");
    assert_eq!(app.head().await, head, "nothing was written");
}

async fn an_active_partnership_is_renewed_as_a_new_idea(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let (_, _, mut body) = led_by_a_chapter(&app, &admin).await;
    body["title"] = json!({"en": "Open collections 2025"});
    body["status"] = json!("active");
    let (api, _, old) = app.import::<Partnership>(body).await;
    let path = page_path(&api);
    let visitor = app.get_page(&path, None).await;
    assert!(
        !visitor.text.contains("/renewal"),
        "a visitor gets no renewal"
    );
    app.create_account("steward", PASSWORD, &[Role::Admin])
        .await;
    let cookie = app.login("steward", PASSWORD).await;
    let page = app.get_page(&path, Some(&cookie)).await;
    assert!(page.text.contains(&format!(r#"action="{path}/renewal""#)));
    let r = app
        .post_form(&format!("{path}/renewal"), &[], Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let new_path = r.location().to_owned();
    assert_ne!(new_path, path);
    let new = app.get_page(&new_path, None).await;
    assert!(new.text.contains("Open collections 2025"));
    assert!(
        new.text.contains(&format!(r#"href="{path}""#)),
        "links the renewed one"
    );
    let id = new_path.rsplit('/').next().unwrap();
    let json = app
        .get_json(&format!("/api/v1/partnerships/{id}"), None)
        .await
        .json;
    assert_eq!(json["status"], "idea");
    assert_eq!(json["renews"], old["id"]);
}

async fn an_idea_shows_who_should_lead_and_why(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let mut chapter = organisation("Wikimedia Nederland");
    chapter["movement_entity"] = json!({"kind": "chapter", "countries": ["NL"]});
    let (chapter_api, _, _) = app.create("organisations", &chapter, &admin).await;
    let mut secret = organisation("Hidden Hub");
    secret["visibility"] = json!("restricted");
    secret["movement_entity"] = json!({"kind": "user_group", "countries": ["NL"]});
    app.create("organisations", &secret, &admin).await;
    let (_, _, museum) = app
        .create("organisations", &organisation("Rijksmuseum"), &admin)
        .await;
    let mut body = partnership("Open collections");
    body["parties"] = json!([{"organisation": museum["id"], "role": "partner"}]);
    let (api, _, _) = app.create("partnerships", &body, &admin).await;
    let page = app.get_page(&page_path(&api), None).await;
    assert!(page.text.contains("Who should lead"), "{}", page.text);
    let chapter_page = page_path(&chapter_api);
    assert!(
        page.text.contains(&format!(
            r#"<a href="{chapter_page}">Wikimedia Nederland</a>: National, Content / GLAM, country Netherlands"#
        )),
        "{}",
        page.text
    );
    assert!(
        !page.text.contains("Hidden Hub"),
        "a hidden entity is never suggested"
    );
    let dutch = app
        .get_page(&format!("{}?uselang=de", page_path(&api)), None)
        .await;
    assert!(
        dutch.text.contains("Niederlande"),
        "the country in the reader's language"
    );
}

async fn an_admin_writes_a_routing_rule_on_its_form_and_the_ideas_page_follows_it(
    backend: Backend,
) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let mut foundation = organisation("Wikimedia Foundation");
    foundation["country"] = json!("US");
    foundation["movement_entity"] = json!({"kind": "foundation", "countries": ["US"]});
    app.create("organisations", &foundation, &admin).await;
    let mut chapter = organisation("Wikimedia Nederland");
    chapter["movement_entity"] = json!({"kind": "chapter", "countries": ["NL"]});
    app.create("organisations", &chapter, &admin).await;
    let (_, _, museum) = app
        .create("organisations", &organisation("Rijksmuseum"), &admin)
        .await;
    let mut body = partnership("Open software");
    body["areas"] = json!(["technology"]);
    body["parties"] = json!([{"organisation": museum["id"], "role": "partner"}]);
    let (api, _, _) = app.create("partnerships", &body, &admin).await;
    let idea = page_path(&api);
    let before = app.get_page(&idea, None).await;
    assert!(
        !before.text.contains(">Wikimedia Nederland</a>:"),
        "technology is the Foundation's"
    );

    app.create_account("member", PASSWORD, &[Role::Member])
        .await;
    let member = app.login("member", PASSWORD).await;
    let form = app.get_page("/routing-rules/new", Some(&member)).await;
    assert_eq!(
        form.status,
        StatusCode::FORBIDDEN,
        "only admins write routing rules"
    );

    app.create_account("boss", PASSWORD, &[Role::Admin]).await;
    let boss = app.login("boss", PASSWORD).await;
    let form = app.get_page("/routing-rules/new", Some(&boss)).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(form.text.contains("Who leads"));
    let fields = [
        ("name", "Technology with the chapters"),
        ("area", "technology"),
        ("level", "national"),
        ("leads", "chapter, foundation"),
        ("visibility", "public"),
    ];
    let r = app
        .post_form("/routing-rules/new", &fields, Some(&boss))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let rule_path = r.location().to_owned();
    let rule = app.get_page(&rule_path, None).await;
    assert!(rule.text.contains("Technology with the chapters"));
    assert!(rule.text.contains("Chapter, Foundation"), "{}", rule.text);
    let after = app.get_page(&idea, None).await;
    assert!(
        after.text.contains(">Wikimedia Nederland</a>:"),
        "{}",
        after.text
    );

    // The routing page shows the matrix in force, the cell linked to its rule.
    let routing = app.get_page("/routing", None).await;
    assert_eq!(routing.status, StatusCode::OK, "{}", routing.text);
    let link = format!(
        r#"<a href="{rule_path}" title="Technology with the chapters">set by a routing rule</a>"#
    );
    assert!(routing.text.contains(&link), "{}", routing.text);
    assert!(
        routing.text.contains("<td>Chapter, Foundation<br>"),
        "{}",
        routing.text
    );
    let order = ["Global", "Regional", "National", "Local"].map(|l| {
        routing
            .text
            .find(&format!(r#"<th scope="col">{l}</th>"#))
            .unwrap()
    });
    assert!(order.is_sorted(), "levels widest first: {order:?}");
    assert!(
        !routing.text.contains("/routing-rules/new"),
        "a visitor is offered no new rule"
    );
    let as_admin = app.get_page("/routing", Some(&boss)).await;
    assert!(as_admin.text.contains(r#"href="/routing-rules/new""#));
}

async fn an_admin_writes_a_red_line_on_its_form(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    app.create_account("member", PASSWORD, &[Role::Member])
        .await;
    let member = app.login("member", PASSWORD).await;
    let form = app.get_page("/red-lines/new", Some(&member)).await;
    assert_eq!(
        form.status,
        StatusCode::FORBIDDEN,
        "only admins write red lines"
    );
    app.create_account("boss", PASSWORD, &[Role::Admin]).await;
    let boss = app.login("boss", PASSWORD).await;
    let empty = [
        ("name", "Nothing at all"),
        ("then", "block"),
        ("message", "x"),
        ("visibility", "public"),
    ];
    let r = app.post_form("/red-lines/new", &empty, Some(&boss)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let fields = [
        ("name", "Business at global level"),
        ("organisation_kind", "company"),
        ("level", "global"),
        ("then", "escalate"),
        ("message", "A legal <review> first"),
        ("visibility", "public"),
    ];
    let r = app.post_form("/red-lines/new", &fields, Some(&boss)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let page = app.get_page(r.location(), None).await;
    assert!(
        page.text.contains("A legal &#60;review&#62; first"),
        "{}",
        page.text
    );
    assert!(page.text.contains("Escalate for review"));
    assert!(page.text.contains("Company") && page.text.contains("Global"));
    let routing = app.get_page("/routing", None).await;
    let listed = ">Business at global level</a>: A legal &#60;review&#62; first";
    assert!(routing.text.contains(listed), "{}", routing.text);
}

async fn an_admin_names_approvers_on_the_policy_form(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let board = app
        .create_account("board", PASSWORD, &[Role::Approver])
        .await;
    app.create_account("plain", PASSWORD, &[Role::Member]).await;
    app.create_account("root", PASSWORD, &[Role::Admin]).await;
    let cookie = app.login("root", PASSWORD).await;
    let form = app.get_page("/approval-policies/new", Some(&cookie)).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(
        form.text.contains("board (display) (board)"),
        "{}",
        form.text
    );
    assert!(
        !form.text.contains("plain (display)"),
        "members cannot decide"
    );
    let board_id = board.id.to_string();
    let empty = [("name", "Nobody named"), ("level", "global")];
    let r = app
        .post_form("/approval-policies/new", &empty, Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let posted = [
        ("name", "Global <partnerships>"),
        ("level", "global"),
        ("approvers", board_id.as_str()),
        ("veto_holders", board_id.as_str()),
        ("visibility", "public"),
    ];
    let r = app
        .post_form("/approval-policies/new", &posted, Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let page = app.get_page(r.location(), None).await;
    assert!(
        page.text.contains("Global &#60;partnerships&#62;"),
        "{}",
        page.text
    );
    assert!(page.text.contains("board (display)"));
    assert!(page.text.contains("Must approve"));
}

async fn approvers_decide_on_the_page_and_everyone_sees_who_vetoed_and_why(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let board = app
        .create_account("board", PASSWORD, &[Role::Approver])
        .await;
    let legal = app
        .create_account("legal", PASSWORD, &[Role::Approver])
        .await;
    let mut body = partnership("Sponsored edit-a-thons");
    body["status"] = json!("awaiting_approval");
    body["approval"] = json!({"approvers": [board.id], "veto_holders": [legal.id]});
    let (api, rev, _) = app.import::<Partnership>(body).await;
    let path = page_path(&api);

    let page = app.get_page(&path, None).await;
    assert!(page.text.contains("board (display)"), "{}", page.text);
    assert!(page.text.contains("Not decided yet"));
    assert!(
        !page.text.contains(r#"name="verdict""#),
        "a visitor gets no form"
    );
    let cookie = app.login("board", PASSWORD).await;
    let mine = app.get_page(&path, Some(&cookie)).await;
    assert!(mine.text.contains(r#"value="approve""#), "{}", mine.text);
    assert!(
        !mine.text.contains(r#"value="veto""#),
        "the board holds no veto"
    );
    let base = rev.to_string();
    let form = [
        ("base", base.as_str()),
        ("verdict", "approve"),
        ("rationale", ""),
    ];
    let r = app
        .post_form(&format!("{path}/decisions"), &form, Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);

    let legal_cookie = app.login("legal", PASSWORD).await;
    let theirs = app.get_page(&path, Some(&legal_cookie)).await;
    assert!(theirs.text.contains(r#"value="veto""#), "{}", theirs.text);
    let stale = [
        ("base", base.as_str()),
        ("verdict", "veto"),
        ("rationale", "x"),
    ];
    let r = app
        .post_form(&format!("{path}/decisions"), &stale, Some(&legal_cookie))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    let now = app.get_json(&api, None).await.etag().to_string();
    let veto = [
        ("base", now.as_str()),
        ("verdict", "veto"),
        ("rationale", "Terms <unclear>"),
    ];
    let r = app
        .post_form(&format!("{path}/decisions"), &veto, Some(&legal_cookie))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let page = app.get_page(&path, None).await;
    assert!(page.text.contains("Vetoed"), "{}", page.text);
    assert!(
        page.text.contains("Terms &#60;unclear&#62;"),
        "the reason, escaped"
    );
    assert!(page.text.contains("legal (display)"));
    assert!(
        page.text
            .contains("A veto stands: its holder must withdraw it.")
    );
    let theirs = app.get_page(&path, Some(&legal_cookie)).await;
    assert!(
        theirs.text.contains(r#"value="withdraw""#),
        "{}",
        theirs.text
    );
    let history = app.get_page(&format!("{path}/history"), None).await;
    assert!(history.text.contains("made a decision"), "{}", history.text);
}

async fn two_people_answer_the_assessment_on_the_page_and_see_where_they_differ(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let mut body = partnership("Open collections");
    body["status"] = json!("proposed");
    let (api, rev, _) = app.import::<Partnership>(body).await;
    let path = page_path(&api);
    let step = json!({"transition": "assess", "reason": "go"});
    let r = app
        .request(axum::http::Method::POST, &format!("{api}/transitions"))
        .token(Some(&admin))
        .if_match(rev)
        .json(&step)
        .send()
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    app.create_account("anna", PASSWORD, &[Role::Admin]).await;
    app.create_account("bob", PASSWORD, &[Role::Admin]).await;
    app.create_account("carol", PASSWORD, &[Role::Member]).await;
    let carol = app.login("carol", PASSWORD).await;
    let page = app.get_page(&path, Some(&carol)).await;
    assert!(page.text.contains("Not complete yet"), "{}", page.text);
    assert!(
        !page.text.contains(r#"name="q-why""#),
        "a member gets no form"
    );
    let keys = [
        "why",
        "who",
        "values_alignment",
        "value_exchange",
        "resources",
        "reputation",
        "obligations",
    ];
    for (who, reputation, note) in [("anna", "5", "No risk <at all>"), ("bob", "2", "")] {
        let cookie = app.login(who, PASSWORD).await;
        let mine = app.get_page(&path, Some(&cookie)).await;
        assert!(mine.text.contains(r#"name="q-why""#), "{}", mine.text);
        let base = app.get_json(&api, None).await.etag().to_string();
        let mut form: Vec<(String, String)> = vec![("base".into(), base)];
        for k in keys {
            let v = if k == "reputation" { reputation } else { "4" };
            form.push((format!("q-{k}"), v.into()));
        }
        form.push(("q-exit".into(), "1".into()));
        form.push(("note-reputation".into(), note.into()));
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = app
            .post_form(&format!("{path}/assessment"), &pairs, Some(&cookie))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    }
    let page = app.get_page(&path, None).await;
    assert!(page.text.contains("anna (display)"), "{}", page.text);
    assert!(page.text.contains("bob (display)"));
    assert!(page.text.contains("answers differ"), "{}", page.text);
    assert!(page.text.contains("No risk &#60;at all&#62;"));
    assert!(page.text.contains("Score "), "{}", page.text);
    let german = app.get_page(&format!("{path}?uselang=de"), None).await;
    assert!(
        !german
            .text
            .contains("Is the purpose of the partnership clear, and shared by every party?"),
        "the scorecard's questions are translated"
    );
}

async fn the_header_counts_what_waits_and_the_inbox_lists_it(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let board = app
        .create_account("board", PASSWORD, &[Role::Approver])
        .await;
    let mut body = partnership("Sponsored <edit-a-thons>");
    body["status"] = json!("awaiting_approval");
    body["approval"] = json!({"approvers": [board.id]});
    let (api, _, _) = app.import::<Partnership>(body).await;
    let cookie = app.login("board", PASSWORD).await;
    let home = app.get_page("/", Some(&cookie)).await;
    assert!(
        home.text.contains(r#"<a href="/inbox">Inbox (1)</a>"#),
        "{}",
        home.text
    );
    let inbox = app.get_page("/inbox", Some(&cookie)).await;
    assert_eq!(inbox.status, StatusCode::OK, "{}", inbox.text);
    assert!(
        inbox.text.contains("Sponsored &#60;edit-a-thons&#62;"),
        "{}",
        inbox.text
    );
    assert!(inbox.text.contains(&page_path(&api)));
    assert!(inbox.text.contains("your approval"));
    let visitor = app.get_page("/inbox", None).await;
    assert_eq!(visitor.status, StatusCode::UNAUTHORIZED);
    assert!(!app.get_page("/", None).await.text.contains("/inbox"));
    app.create_account("member", PASSWORD, &[Role::Member])
        .await;
    let member = app.login("member", PASSWORD).await;
    let empty = app.get_page("/inbox", Some(&member)).await;
    assert!(
        empty.text.contains("Nothing waits for you."),
        "{}",
        empty.text
    );
    let home = app.get_page("/", Some(&member)).await;
    assert!(home.text.contains("Inbox (0)"));
}

async fn an_admin_writes_an_assessment_template_with_its_questions_as_rows(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    app.create_account("root", PASSWORD, &[Role::Admin]).await;
    let cookie = app.login("root", PASSWORD).await;
    let form = app
        .get_page("/assessment-templates/new", Some(&cookie))
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(form.text.contains("questions-0-key"), "{}", form.text);
    let bad = [
        ("name", "Corporate"),
        ("questions-0-key", "Values!"),
        ("questions-0-text", "Shared values?"),
        ("questions-0-scale", "one_to_five"),
        ("questions-0-weight", "3"),
        ("questions-0-required", "yes"),
        ("visibility", "public"),
    ];
    let r = app
        .post_form("/assessment-templates/new", &bad, Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let good = [
        ("name", "Corporate <partners>"),
        ("questions-0-key", "values"),
        ("questions-0-text", "Shared <values>?"),
        ("questions-0-scale", "one_to_five"),
        ("questions-0-weight", "3"),
        ("questions-0-required", "yes"),
        ("questions-1-key", "exit"),
        ("questions-1-text", "A way out?"),
        ("questions-1-scale", "yes_no"),
        ("questions-1-weight", "1"),
        ("questions-1-required", "no"),
        ("visibility", "public"),
    ];
    let r = app
        .post_form("/assessment-templates/new", &good, Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let page = app.get_page(r.location(), None).await;
    assert!(
        page.text.contains("Corporate &#60;partners&#62;"),
        "{}",
        page.text
    );
    assert!(page.text.contains("Shared &#60;values&#62;?"));
    assert!(page.text.contains("Yes or no"));
    let routing = app.get_page("/routing", None).await;
    assert!(
        routing.text.contains("Corporate &#60;partners&#62;"),
        "{}",
        routing.text
    );
}
