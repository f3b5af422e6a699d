//! A form in a real browser: with JavaScript, a partnership's party is picked from the
//! suggestions offered while its name is typed, using the keyboard only, and saved.

use fantoccini::Locator;
use fantoccini::key::Key;

use crate::harness::Browser;

#[tokio::test]
async fn a_party_is_picked_from_the_suggestions_with_the_keyboard() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = &browser.app;
    let admin = app.admin().await;
    let (_, _, rijks) = app
        .create(
            "organisations",
            &concord_testapp::organisation("Rijksmuseum"),
            &admin,
        )
        .await;
    let rijks = rijks["id"].as_str().unwrap().to_owned();
    browser
        .log_in("editor", &[concord_domain::Role::Admin])
        .await;
    browser.open("/partnerships/new").await;
    let find = browser
        .client
        .find(Locator::Id("field-parties-find"))
        .await
        .unwrap();
    assert_eq!(
        find.attr("role").await.unwrap().as_deref(),
        Some("combobox")
    );
    find.send_keys("Rijks").await.unwrap();
    let mut offered = false;
    for _ in 0..50 {
        let expanded = find.attr("aria-expanded").await.unwrap();
        if expanded.as_deref() == Some("true") {
            offered = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(offered, "no suggestions were offered");
    let option = browser
        .client
        .find(Locator::Css("#field-parties-find-list [role=option]"))
        .await
        .unwrap();
    assert_eq!(option.text().await.unwrap(), "Rijksmuseum");
    find.send_keys(&format!("{}", Key::Down)).await.unwrap();
    let active = find.attr("aria-activedescendant").await.unwrap();
    assert_eq!(active.as_deref(), Some("field-parties-find-list-0"));
    find.send_keys(&format!("{}", Key::Enter)).await.unwrap();
    let chosen = browser
        .eval("return document.querySelector('#field-parties-0-organisation').value;")
        .await;
    assert_eq!(chosen, serde_json::Value::String(rijks.clone()));
    // Focus moved on to the party's role; the rest of the form is filled and saved.
    let focused = browser.eval("return document.activeElement.id;").await;
    assert_eq!(focused, serde_json::json!("field-parties-0-role"));
    browser
        .eval(
            "document.querySelector('#field-parties-0-role').value = 'lead';
             document.querySelector('#field-title').value = 'Open collections';
             document.querySelector('#field-kind').value = 'partnership';
             return true;",
        )
        .await;
    browser
        .client
        .find(Locator::Css(
            "form.concord-form button.cdx-button--weight-primary",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let mut page = String::new();
    for _ in 0..50 {
        page = browser
            .client
            .current_url()
            .await
            .unwrap()
            .path()
            .to_owned();
        if !page.ends_with("/new") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(page.starts_with("/partnerships/"), "{page}");
    let record = app.get_json(&format!("/api/v1{page}"), Some(&admin)).await;
    assert_eq!(
        record.json["parties"],
        serde_json::json!([{"organisation": rijks, "role": "lead"}])
    );
    browser.close().await;
}
