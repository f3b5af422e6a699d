//! Whole tasks in a real browser (issue #12, item 6): a partnership found by searching, opened,
//! edited, its revision seen in the history and reverted; an edit conflict resolved field by
//! field; a visitor kept out of a restricted record; and a form filled in and saved with the
//! keyboard alone.

use concord_domain::Role;
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::json;

use crate::harness::Browser;

/// Logs the browser in as a new admin through the log-in form.
async fn log_in_as_admin(browser: &Browser) {
    browser.log_in("flow-admin", &[Role::Admin]).await;
}

/// Clicks the element `css` selects and waits until the page at the new address has loaded.
async fn click_and_wait(browser: &Browser, css: &str) -> String {
    let before = browser.eval("return location.href;").await;
    browser
        .client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .click()
        .await
        .unwrap();
    wait_for_page(browser, &before).await
}

/// Waits until the browser has left `before` and the new page is complete; its path.
async fn wait_for_page(browser: &Browser, before: &serde_json::Value) -> String {
    for _ in 0..100 {
        let now = browser.eval("return location.href;").await;
        let loaded = browser.eval("return document.readyState;").await;
        if now != *before && loaded == "complete" {
            let path = browser.eval("return location.pathname;").await;
            return path.as_str().unwrap().to_owned();
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the browser stayed on {before}");
}

#[tokio::test]
async fn a_partnership_is_found_edited_and_its_edit_reverted_from_the_history() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.log_in("flow-editor", &[Role::Admin]).await;
    let app = &browser.app;
    let token = app.token("flow-api", vec![Role::Admin]).await;
    let (_, _, museum) = app
        .create(
            "organisations",
            &concord_testapp::organisation("Teylers Museum"),
            &token,
        )
        .await;
    let mut body = concord_testapp::partnership("Herbarium scans");
    body["summary"] = json!({"en": "Scanning the herbarium sheets."});
    body["parties"] = json!([{"organisation": museum["id"], "role": "partner"}]);
    let (api, _, _) = app.create("partnerships", &body, &token).await;
    let page = api.trim_start_matches("/api/v1").to_owned();
    let c = &browser.client;

    // Search from the start page, and open the partnership from the results.
    browser.open("/").await;
    let before = browser.eval("return location.href;").await;
    let q = c.find(Locator::Id("concord-home-q")).await.unwrap();
    q.send_keys("herbarium").await.unwrap();
    q.send_keys(&Key::Enter.to_string()).await.unwrap();
    assert_eq!(wait_for_page(&browser, &before).await, "/search");
    let opened = click_and_wait(&browser, "a.concord-result-title").await;
    assert_eq!(opened, page);

    // Edit its summary, with an edit summary.
    let edit = click_and_wait(&browser, "nav.concord-record-actions a[href$='/edit']").await;
    assert_eq!(edit, format!("{page}/edit"));
    let summary = c.find(Locator::Id("field-summary")).await.unwrap();
    summary.clear().await.unwrap();
    summary
        .send_keys("Scanning and describing the herbarium sheets.")
        .await
        .unwrap();
    c.find(Locator::Id("edit-summary"))
        .await
        .unwrap()
        .send_keys("describing too")
        .await
        .unwrap();
    let saved = click_and_wait(
        &browser,
        "form.concord-form .concord-form__actions button[type=submit]",
    )
    .await;
    assert_eq!(saved, page);
    let text = browser.eval("return document.body.textContent;").await;
    assert!(text.as_str().unwrap().contains("describing the herbarium"));

    // The history shows the edit, by whom and why; revert to the first revision.
    let history = click_and_wait(&browser, "nav.concord-record-actions a[href$='/history']").await;
    assert_eq!(history, format!("{page}/history"));
    let rows = browser
        .eval(
            "return [...document.querySelectorAll('table.concord-table tbody tr')]
                .map(r => r.textContent.replace(/\\s+/g, ' ').trim());",
        )
        .await;
    let rows: Vec<String> = serde_json::from_value(rows).unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows[0].contains("flow-editor") && rows[0].contains("describing too"),
        "{rows:?}"
    );
    let reverted = click_and_wait(&browser, "table.concord-table tbody tr:last-child button").await;
    assert_eq!(reverted, page);
    let r = app.get_json(&api, Some(&token)).await;
    assert_eq!(r.json["summary"]["en"], "Scanning the herbarium sheets.");
    let h = app.get_json(&format!("{api}/history"), Some(&token)).await;
    assert_eq!(h.json["items"].as_array().unwrap().len(), 3);
    browser.close().await;
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
    // The conflict page answers the form's POST at the same address: wait for its heading.
    let mut heading = serde_json::Value::Null;
    for _ in 0..100 {
        heading = browser
            .eval("return document.readyState === 'complete' ? document.querySelector('h1').textContent : '';")
            .await;
        if heading
            .as_str()
            .unwrap_or("")
            .contains("Rijksmuseum Amsterdam")
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
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
    let path = click_and_wait(&browser, "form.concord-conflict button[type=submit]").await;
    assert_eq!(path, page);
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
            Some("edit-summary") => {
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
