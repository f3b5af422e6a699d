//! In a real browser: a CSV file imported through the import page, from the file input to the
//! report, without any script of ours (issue #12, item 6).

use std::time::Duration;

use fantoccini::Locator;

use crate::harness::Browser;

#[tokio::test]
async fn a_csv_is_imported_through_the_page() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser
        .log_in("importer", &[concord_domain::Role::Admin])
        .await;
    let file = std::env::temp_dir().join(format!("concord-import-{}.csv", uuid::Uuid::new_v4()));
    std::fs::write(
        &file,
        "name,kind\nBrowser Museum,ART\nBrowser Archive,archive\n",
    )
    .unwrap();

    browser.open("/import").await;
    let c = &browser.client;
    c.find(Locator::Id("import-file"))
        .await
        .unwrap()
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    c.find(Locator::Css("main form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let country = c
        .wait()
        .for_element(Locator::Id("set-country"))
        .await
        .unwrap();
    country.send_keys("SE").await.unwrap();
    c.find(Locator::Id("values"))
        .await
        .unwrap()
        .send_keys("kind:ART=museum")
        .await
        .unwrap();
    c.find(Locator::Css("main form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let run = c
        .wait()
        .for_element(Locator::Css("form[action$='/run'] button"))
        .await
        .unwrap();
    let preview = c.source().await.unwrap();
    assert!(preview.contains("Browser Museum"), "{preview}");
    run.click().await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(".cdx-message--success"))
        .await
        .unwrap();
    std::fs::remove_file(&file).unwrap();

    let admin = browser.app.admin().await;
    let listed = browser
        .app
        .get_json("/api/v1/organisations", Some(&admin))
        .await;
    let text = listed.json.to_string();
    assert!(
        text.contains("Browser Museum") && text.contains("Browser Archive"),
        "{text}"
    );
    assert!(text.contains(r#""country":"SE""#), "{text}");
    browser.close().await;
}
