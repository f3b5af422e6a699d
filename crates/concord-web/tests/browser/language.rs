//! In a real browser: Arabic lays out right to left, and the language can be changed with
//! the keyboard alone, without JavaScript's help (the menu is a plain form).

use fantoccini::Locator;
use fantoccini::key::Key;

use crate::harness::Browser;

#[tokio::test]
async fn arabic_lays_out_right_to_left() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.open("/?uselang=ar").await;
    let dir = browser
        .eval(
            "return [document.documentElement.dir, \
             getComputedStyle(document.querySelector('main')).direction, \
             document.styleSheets[0].href];",
        )
        .await;
    assert_eq!(dir[0], "rtl");
    assert_eq!(dir[1], "rtl");
    assert!(
        dir[2]
            .as_str()
            .unwrap()
            .ends_with("/assets/codex-2.6.2-rtl.css")
    );
    // The brand sits at the right-hand end of the header.
    let sides = browser
        .eval(
            "const b = document.querySelector('.concord-brand').getBoundingClientRect(); \
             return [b.left, window.innerWidth];",
        )
        .await;
    assert!(
        sides[0].as_f64().unwrap() > sides[1].as_f64().unwrap() / 2.0,
        "{sides}"
    );
    browser.close().await;
}

#[tokio::test]
async fn the_keyboard_alone_reaches_the_content_and_changes_the_language() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.open("/login").await;
    let body = browser.client.find(Locator::Css("body")).await.unwrap();
    body.send_keys(&Key::Tab.to_string()).await.unwrap();
    let first = browser
        .eval("return document.activeElement.textContent;")
        .await;
    assert_eq!(first, "Skip to content", "the skip link comes first");
    // Tab on to the language menu, choose by typing, then Tab to its button and press Enter.
    let mut reached = false;
    for _ in 0..10 {
        let id = browser.eval("return document.activeElement.id;").await;
        if id == "concord-language" {
            reached = true;
            break;
        }
        let active = browser.client.active_element().await.unwrap();
        active.send_keys(&Key::Tab.to_string()).await.unwrap();
    }
    assert!(reached, "the language menu is reachable with Tab");
    let menu = browser.client.active_element().await.unwrap();
    menu.send_keys("Deutsch").await.unwrap();
    menu.send_keys(&Key::Tab.to_string()).await.unwrap();
    let button = browser.client.active_element().await.unwrap();
    button.send_keys(&Key::Enter.to_string()).await.unwrap();
    browser
        .client
        .wait()
        .for_element(Locator::Css("html[lang='de']"))
        .await
        .unwrap();
    let heading = browser
        .eval("return document.querySelector('h1').textContent;")
        .await;
    assert_eq!(heading, "Anmelden");
    assert!(
        browser.client.current_url().await.unwrap().path() == "/login",
        "the menu comes back to the page it was on"
    );
    browser.close().await;
}
