//! Pages: the start page. Live figures as links into the search, recent changes and what is
//! due soon, each obeying visibility; escaping.

use axum::http::StatusCode;
use chrono::{Days, Utc};
use concord_domain::{Partnership, Role};
use serde_json::json;

use crate::search::facet;
use crate::support::{Backend, TestApp, organisation, partnership};

on_both_backends!(
    the_home_page_says_what_concord_is_and_links_its_figures_into_the_search,
    a_restricted_partnership_is_left_out_of_a_visitors_figures_changes_and_deadlines,
    a_hostile_title_is_escaped_on_the_home_page,
);

const PASSWORD: &str = "correct horse battery";

async fn the_home_page_says_what_concord_is_and_links_its_figures_into_the_search(
    backend: Backend,
) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let (_, _, org) = app
        .create("organisations", &organisation("Echidna Museum"), &admin)
        .await;
    let mut body = partnership("Echidna photographs");
    body["status"] = json!("active");
    body["parties"] = json!([{"organisation": org["id"], "role": "partner"}]);
    let due = Utc::now().date_naive() + Days::new(10);
    body["obligations"] = json!([{"party": org["id"], "description": "Deliver the scans",
        "due": due.to_string()}]);
    body["milestones"] = json!([{"title": "Far away", "due": (due + Days::new(100)).to_string()}]);
    // Active, as an import writes it: the workflow's steps to get there need assessments.
    app.import::<Partnership>(body).await;

    let page = app.get_page("/", None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("shared registry"));
    assert!(page.text.contains(r#"action="/search""#));
    assert!(
        page.text.contains("One partnership in the registry"),
        "{}",
        page.text
    );
    let (href, count) = facet(&page.text, "type=partnership&status=active").expect("a figure");
    assert_eq!(count, 1);
    let search = app.get_page(&href, None).await;
    assert_eq!(crate::search::titles(&search.text), ["Echidna photographs"]);
    assert!(facet(&page.text, "type=partnership&area=content_glam").is_some());
    assert!(facet(&page.text, "type=partnership&level=national").is_some());
    // The museum is in the Netherlands: Europe is counted, not Western Europe.
    let (href, count) = facet(&page.text, "type=partnership&region=150").expect("by region");
    assert_eq!(count, 1);
    assert!(facet(&page.text, "type=partnership&region=155").is_none());
    assert!(page.text.contains("Where its partners are"));
    let search = app.get_page(&href, None).await;
    assert_eq!(crate::search::titles(&search.text), ["Echidna photographs"]);
    assert!(page.text.contains("Echidna Museum"), "a recent change");
    assert!(page.text.contains("Deliver the scans"), "due soon");
    assert!(!page.text.contains("Far away"), "due later");
}

async fn a_restricted_partnership_is_left_out_of_a_visitors_figures_changes_and_deadlines(
    backend: Backend,
) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let alice = app.create_account("alice", PASSWORD, &[Role::Member]).await;
    let cookie = app.login("alice", PASSWORD).await;
    let (_, _, org) = app
        .create("organisations", &organisation("Quoll Library"), &admin)
        .await;
    app.create("partnerships", &partnership("Quoll open"), &admin)
        .await;
    let mut hidden = partnership("Quoll secret");
    hidden["visibility"] = json!("restricted");
    hidden["readers"] = json!([alice.id.to_string()]);
    hidden["status"] = json!("active");
    hidden["parties"] = json!([{"organisation": org["id"], "role": "partner"}]);
    hidden["level"] = json!("global");
    let due = Utc::now().date_naive() + Days::new(3);
    hidden["obligations"] = json!([{"party": org["id"], "description": "Secret duty",
        "due": due.to_string()}]);
    app.import::<Partnership>(hidden).await;

    let visitor = app.get_page("/", None).await;
    assert!(visitor.text.contains("One partnership in the registry"));
    assert!(!visitor.text.contains("Quoll secret"));
    assert!(!visitor.text.contains("Secret duty"));
    assert!(facet(&visitor.text, "type=partnership&level=global").is_none());
    assert!(facet(&visitor.text, "type=partnership&status=active").is_none());
    assert_eq!(
        facet(&visitor.text, "type=partnership&area=content_glam")
            .unwrap()
            .1,
        1
    );

    let reader = app.get_page("/", Some(&cookie)).await;
    assert!(
        reader.text.contains("2 partnerships in the registry"),
        "{}",
        reader.text
    );
    assert!(reader.text.contains("Quoll secret"));
    assert!(reader.text.contains("Secret duty"));
    assert_eq!(
        facet(&reader.text, "type=partnership&level=global")
            .unwrap()
            .1,
        1
    );
}

async fn a_hostile_title_is_escaped_on_the_home_page(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let hostile = r#"<script>alert(1)</script> "><img src=x onerror=alert(1)>"#;
    app.create("partnerships", &partnership(hostile), &admin)
        .await;
    let page = app.get_page("/", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.text.contains("<script>alert"), "{}", page.text);
    assert!(!page.text.contains("<img src=x"), "{}", page.text);
    assert!(
        page.text
            .contains("&#60;script&#62;alert(1)&#60;/script&#62;")
    );
}
