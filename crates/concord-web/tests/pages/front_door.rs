//! Pages of the front door (issue #13, item 3): a visitor fills in `/inquire` and lands on
//! their private status page; a mistake is shown beside its field and stores nothing; the
//! honeypot refuses a program; the anonymous-write limit counts each inquiry; the steward of
//! the routed entity finds it in the inbox and accepts, forwards or declines it on its page;
//! everything the inquirer typed is escaped.

use axum::http::{StatusCode, header};
use concord_domain::{OrganisationId, Role};
use concord_http::auth::AuthConfig;
use serde_json::json;

use crate::records::PASSWORD;
use crate::support::{Backend, TestApp, organisation};

on_both_backends!(
    a_visitor_sends_an_inquiry_and_follows_it_on_the_status_page,
    a_mistake_is_shown_beside_its_field_and_a_program_is_refused,
    each_inquiry_counts_as_an_anonymous_write_of_the_address,
    the_steward_accepts_an_inquiry_on_its_page_and_lands_on_the_idea,
    the_steward_forwards_or_declines_an_inquiry_on_its_page,
);

/// Wikimedia Sverige (serving SE) and Wikimedia Norge (NO): their ids, and an admin's token.
async fn chapters(app: &TestApp) -> (String, String, String) {
    let admin = app.admin().await;
    let mut ids = Vec::new();
    for (name, country) in [("Wikimedia Sverige", "SE"), ("Wikimedia Norge", "NO")] {
        let mut body = organisation(name);
        body["country"] = json!(country);
        body["kind"] = json!("nonprofit");
        body["movement_entity"] = json!({"kind": "chapter", "countries": [country]});
        let (_, _, created) = app.create("organisations", &body, &admin).await;
        ids.push(created["id"].as_str().unwrap().to_owned());
    }
    (ids[0].clone(), ids[1].clone(), admin)
}

/// The form's fields for an inquiry from `organisation` in Sweden.
fn fields(organisation: &str) -> Vec<(&str, &str)> {
    vec![
        ("organisation", organisation),
        ("country", "SE"),
        ("website", "https://www.nordiskamuseet.se"),
        ("area", "content_glam"),
        ("wants", "Share our <photo> archive & more"),
        ("contact_name", "Anna <Berg>"),
        ("contact_email", "anna@example.org"),
        ("homepage", ""),
    ]
}

/// A steward of `entity` logged in: their session cookie.
async fn steward(app: &TestApp, name: &str, entity: &str) -> String {
    let id = OrganisationId(entity.parse().unwrap());
    app.create_account(name, PASSWORD, &[Role::Member, Role::Steward(id)])
        .await;
    app.login(name, PASSWORD).await
}

/// Sends the form as a visitor: the status page's path.
async fn send(app: &TestApp, organisation: &str) -> String {
    let r = app.post_form("/inquire", &fields(organisation), None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    r.headers[header::LOCATION].to_str().unwrap().to_owned()
}

/// The id of the one inquiry in `steward`'s inbox.
async fn inquiry_in_inbox(app: &TestApp, cookie: &str) -> String {
    let inbox = app.get_page("/inbox", Some(cookie)).await;
    let start = inbox
        .text
        .find("/inquiries/")
        .expect("an inquiry in the inbox");
    inbox.text[start..start + "/inquiries/".len() + 36].to_owned()
}

/// The inquiry's latest revision, as its forms carry it.
async fn revision(app: &TestApp, path: &str, admin: &str) -> String {
    let r = app.get_json(&format!("/api/v1{path}"), Some(admin)).await;
    r.etag().to_string()
}

async fn a_visitor_sends_an_inquiry_and_follows_it_on_the_status_page(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    chapters(&app).await;
    let home = app.get_page("/", None).await;
    assert!(home.text.contains(r#"href="/inquire""#), "{}", home.text);
    let form = app.get_page("/inquire", None).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(form.text.contains("Work with the movement"));
    assert!(form.text.contains(r#"name="homepage""#));
    assert!(form.text.contains(r#"type="email""#));
    let status = send(&app, "Nordiska <museet>").await;
    assert!(status.starts_with("/inquiries/status/concord_"), "{status}");
    let page = app.get_page(&status, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(
        page.text.contains("Nordiska &#60;museet&#62;"),
        "{}",
        page.text
    );
    assert!(page.text.contains("Your inquiry is with Wikimedia Sverige"));
    assert!(!page.text.contains("anna@example.org"), "no contact on it");
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
    let wrong = app.get_page("/inquiries/status/concord_guess", None).await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
}

async fn a_mistake_is_shown_beside_its_field_and_a_program_is_refused(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    chapters(&app).await;
    let before = app.head().await;
    let mut bad = fields("Nordiska museet");
    bad[6] = ("contact_email", "anna at <example>");
    bad[3] = ("area", "");
    let r = app.post_form("/inquire", &bad, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.text.contains(r#"id="error-summary""#));
    assert!(
        r.text.contains(r##"href="#field-contact_email""##),
        "{}",
        r.text
    );
    assert!(r.text.contains(r##"href="#field-area""##));
    assert!(
        r.text.contains("anna at &#60;example&#62;"),
        "kept, escaped"
    );
    assert!(
        r.text
            .contains("Share our &#60;photo&#62; archive &#38; more")
    );
    let mut bot = fields("Nordiska museet");
    bot[7] = ("homepage", "https://spam.example");
    let r = app.post_form("/inquire", &bot, None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(app.head().await, before, "nothing was stored");
}

async fn each_inquiry_counts_as_an_anonymous_write_of_the_address(backend: Backend) {
    let auth = AuthConfig {
        anonymous_writes: 2,
        ..AuthConfig::default()
    };
    let Some(app) = TestApp::with_auth(backend, auth).await else {
        return;
    };
    chapters(&app).await;
    let address = Some("192.0.2.7");
    for name in ["First museum", "Second museum"] {
        let r = app
            .post_form_from(address, "/inquire", &fields(name), None)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    }
    let r = app
        .post_form_from(address, "/inquire", &fields("Third museum"), None)
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text);
    let other = app
        .post_form_from(Some("192.0.2.8"), "/inquire", &fields("Third museum"), None)
        .await;
    assert_eq!(other.status, StatusCode::SEE_OTHER, "{}", other.text);
}

async fn the_steward_accepts_an_inquiry_on_its_page_and_lands_on_the_idea(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let (se, _, admin) = chapters(&app).await;
    let status = send(&app, "Nordiska <museet>").await;
    let cookie = steward(&app, "sven", &se).await;
    let home = app.get_page("/", Some(&cookie)).await;
    assert!(home.text.contains("Inbox (1)"), "{}", home.text);
    let path = inquiry_in_inbox(&app, &cookie).await;
    let page = app.get_page(&path, Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("Anna &#60;Berg&#62;"), "{}", page.text);
    assert!(page.text.contains("mailto:anna@example.org"));
    assert!(
        page.text
            .contains("Share our &#60;photo&#62; archive &#38; more")
    );
    assert!(page.text.contains("accepting adds it as a prospect"));
    assert!(!page.text.contains(&format!("{path}/edit")), "no edit form");
    // Others do not know it exists.
    let other = app.get_page(&path, None).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert!(!other.text.contains("Nordiska"));

    let base = revision(&app, &path, &admin).await;
    let accept = [
        ("base", base.as_str()),
        ("decision", "accept"),
        ("organisation_kind", "museum"),
    ];
    let r = app
        .post_form(&format!("{path}/decision"), &accept, Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let idea = r.headers[header::LOCATION].to_str().unwrap().to_owned();
    assert!(idea.starts_with("/partnerships/"), "{idea}");
    let idea = app.get_page(&idea, Some(&cookie)).await;
    assert!(
        idea.text.contains("Nordiska &#60;museet&#62;"),
        "{}",
        idea.text
    );
    let accepted = app.get_page(&path, Some(&cookie)).await;
    assert!(accepted.text.contains("Accepted"), "{}", accepted.text);
    assert!(!accepted.text.contains(r#"value="accept""#), "decided once");
    let status = app.get_page(&status, None).await;
    assert!(
        status
            .text
            .contains("Wikimedia Sverige accepted your inquiry")
    );
}

async fn the_steward_forwards_or_declines_an_inquiry_on_its_page(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let (se, no, admin) = chapters(&app).await;
    let status = send(&app, "Nordiska museet").await;
    let sven = steward(&app, "sven", &se).await;
    let nora = steward(&app, "nora", &no).await;
    let path = inquiry_in_inbox(&app, &sven).await;
    let page = app.get_page(&path, Some(&sven)).await;
    assert!(
        page.text
            .contains(&format!(r#"<option value="{no}">Wikimedia Norge"#))
    );
    let base = revision(&app, &path, &admin).await;
    let forward = [
        ("base", base.as_str()),
        ("decision", "forward"),
        ("to", no.as_str()),
        ("note", "The <archive> is in Oslo"),
    ];
    let r = app
        .post_form(&format!("{path}/decision"), &forward, Some(&sven))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(
        r.headers[header::LOCATION],
        "/inbox",
        "Sverige no longer has it"
    );
    assert_eq!(
        app.get_page(&path, Some(&sven)).await.status,
        StatusCode::NOT_FOUND
    );
    let page = app.get_page(&path, Some(&nora)).await;
    assert!(
        page.text.contains("The &#60;archive&#62; is in Oslo"),
        "{}",
        page.text
    );

    // A decline needs a reason; with one, the inquirer reads it.
    let base = revision(&app, &path, &admin).await;
    let empty = [
        ("base", base.as_str()),
        ("decision", "decline"),
        ("reason", " "),
    ];
    let r = app
        .post_form(&format!("{path}/decision"), &empty, Some(&nora))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let decline = [
        ("base", base.as_str()),
        ("decision", "decline"),
        ("reason", "We do not <digitise> archives"),
    ];
    let r = app
        .post_form(&format!("{path}/decision"), &decline, Some(&nora))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let status = app.get_page(&status, None).await;
    assert!(
        status
            .text
            .contains("Wikimedia Norge declined your inquiry")
    );
    assert!(
        status
            .text
            .contains("We do not &#60;digitise&#62; archives")
    );
    assert!(status.text.contains("Passed on to"));
    assert!(!status.text.contains("Oslo"), "the note is the movement's");
}
