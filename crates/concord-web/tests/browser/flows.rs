//! Whole tasks in a real browser (issue #12, item 6): an edit conflict resolved field by field,
//! a visitor kept out of a restricted record, and a form filled in and saved with the keyboard
//! alone.

use concord_domain::Role;
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::json;

use crate::harness::Browser;

/// Logs the browser in as a new admin through the log-in form.
async fn log_in_as_admin(browser: &Browser) {
    browser.log_in("flow-admin", &[Role::Admin]).await;
}

#[tokio::test]
async fn an_edit_conflict_is_resolved_field_by_field_in_the_browser() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    log_in_as_admin(&browser).await;
    let app = &browser.app;
    let token = app.token("flow-api", vec![Role::Admin]).await;
    let body = json!({"name": "Rijksmuseum", "kind": "museum", "country": "NL",
        "description": {"en": "The national museum"}});
    let (api, opened, _) = app.create("organisations", &body, &token).await;
    let page = api.trim_start_matches("/api/v1").to_owned();

    browser.open(&format!("{page}/edit")).await;
    let c = &browser.client;
    let description = c.find(Locator::Id("field-description")).await.unwrap();
    description.clear().await.unwrap();
    description
        .send_keys("The national museum of the Netherlands")
        .await
        .unwrap();
    // Someone else renames it meanwhile.
    let r = app
        .patch_json(
            &api,
            &json!({"name": "Rijksmuseum Amsterdam"}),
            Some(&token),
            opened,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    c.find(Locator::Css(
        "form.concord-form .concord-form__actions button[type=submit]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    let heading = browser
        .eval("return document.querySelector('h1').textContent;")
        .await;
    assert!(
        heading.as_str().unwrap().contains("Rijksmuseum Amsterdam"),
        "not the conflict page: {heading}"
    );
    // Their name is offered first and the editor's description; save both as offered.
    let picked = browser
        .eval(
            "return [document.getElementById('pick-name-saved').checked, \
             document.getElementById('pick-description-yours').checked];",
        )
        .await;
    assert_eq!(picked, json!([true, true]));
    c.find(Locator::Css("form.concord-conflict button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let path = browser.eval("return location.pathname;").await;
    assert_eq!(path, page.as_str());
    let r = app.get_json(&api, Some(&token)).await;
    assert_eq!(r.json["name"], "Rijksmuseum Amsterdam");
    assert_eq!(
        r.json["description"]["en"],
        "The national museum of the Netherlands"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_visitor_cannot_reach_a_restricted_record() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = &browser.app;
    let token = app.admin().await;
    let mut body = concord_testapp::organisation("Secret partner");
    body["visibility"] = json!("restricted");
    let (api, _, _) = app.create("organisations", &body, &token).await;
    let page = api.trim_start_matches("/api/v1").to_owned();
    for path in [
        page.clone(),
        format!("{page}/history"),
        format!("{page}/edit"),
    ] {
        browser.open(&path).await;
        let text = browser.eval("return document.body.textContent;").await;
        assert!(
            !text.as_str().unwrap().contains("Secret partner"),
            "{path} shows the restricted record"
        );
    }
    browser.open("/search?q=secret").await;
    let text = browser.eval("return document.body.textContent;").await;
    assert!(!text.as_str().unwrap().contains("Secret partner"));
    browser.close().await;
}

#[tokio::test]
async fn a_form_is_filled_in_and_saved_with_the_keyboard_alone() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    log_in_as_admin(&browser).await;
    browser.open("/organisations/new").await;
    let c = &browser.client;
    let body = c.find(Locator::Css("body")).await.unwrap();
    // Tab from the top of the page until the name field has the focus, type, and so on.
    let mut typed = 0;
    for _ in 0..40 {
        body.send_keys(&Key::Tab.to_string()).await.unwrap();
        let id = browser.eval("return document.activeElement.id;").await;
        let active = c.active_element().await.unwrap();
        match id.as_str() {
            Some("field-name") => {
                active.send_keys("Keyboard Museum").await.unwrap();
                typed += 1;
            }
            Some("field-kind") => {
                // A select takes the first letters of its option.
                active.send_keys("Museum").await.unwrap();
                typed += 1;
            }
            Some("field-summary") => {
                active.send_keys("typed with the keyboard").await.unwrap();
                active.send_keys(&Key::Enter.to_string()).await.unwrap();
                typed += 1;
                break;
            }
            _ => {}
        }
    }
    assert_eq!(typed, 3, "the keyboard did not reach every field");
    // Enter submits the form; wait for the record's page (or the form back with refusals).
    let mut path = serde_json::Value::Null;
    for _ in 0..50 {
        path = browser.eval("return location.pathname;").await;
        let loaded = browser.eval("return document.readyState;").await;
        if path != "/organisations/new" && loaded == "complete" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let problems = browser
        .eval("const s = document.getElementById('error-summary'); return s ? s.textContent : '';")
        .await;
    assert!(
        path.as_str().unwrap().starts_with("/organisations/") && path != "/organisations/new",
        "the form was not saved: {path} {problems}"
    );
    let id = path.as_str().unwrap().trim_start_matches("/organisations/");
    let token = browser.app.admin().await;
    let r = browser
        .app
        .get_json(&format!("/api/v1/organisations/{id}"), Some(&token))
        .await;
    assert_eq!(r.json["name"], "Keyboard Museum");
    assert_eq!(r.json["kind"], "museum");
    browser.close().await;
}
